/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip server: the listening socket, accepting connections, the OP phase
 * (OP_REQ_DEVLIST, OP_REQ_IMPORT), idle expiry, the poll() loop, the
 * configuration and the public functions of udc_usbip.h. URB traffic is
 * handed to the controller driver (udc_usbip.c).
 */
#define _GNU_SOURCE /* accept4, SOCK_NONBLOCK, SOCK_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "udc/usbip_priv.h"

#define LOG_LINE_MAX   256
#define LISTEN_BACKLOG 16
/* Accepts per poll iteration: a connect flood cannot starve the importer. */
#define ACCEPT_BURST 8
/* The devnum OP_REP_IMPORT gives the device (1 would be a root hub). */
#define USBIP_DEVNUM 2

struct usbip_server *usbip_server_of(const struct udc_dev *dev)
{
	if (!dev || dev->api != &udc_usbip_api) {
		return NULL;
	}
	return dev->priv;
}

int64_t usbip_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint32_t usbip_devid(const struct usbip_server *s)
{
	return (s->busnum << 16) | USBIP_DEVNUM;
}

static void log_stderr(const char *line)
{
	fprintf(stderr, "%s\n", line);
}

void usbip_log(struct usbip_server *s, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Peers choose some of the text (a busid): keep it one line of
	 * printable ASCII (no control bytes, no stray UTF-8 halves). */
	for (char *p = line; *p; p++) {
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) {
			*p = '?';
		}
	}
	s->log(line);
}

__attribute__((format(printf, 2, 3))) static void
set_error(struct usbip_server *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
}

/* ---- OP phase: devlist and import ---------------------------------------- */

static void op_devlist(struct usbip_server *s, struct conn *c)
{
	/*
	 * Like Linux usbipd, an exported device is listed only while it can
	 * be imported: not while disabled, not while a host has it.
	 */
	bool listed =
		s->enabled && !s->importer && usbip_refresh_device_info(s) == 0;
	int len = usbip_pack_devlist_reply(c->tx, c->tx_cap,
					   listed ? &s->info : NULL);

	c->tx_len = (size_t)len; /* op_tx holds the largest reply */
	conn_finish(s, c);
}

/* The accepted import: this connection switches to the large buffers. */
static void op_become_importer(struct usbip_server *s, struct conn *c)
{
	size_t extra = c->rx_len - USBIP_IMPORT_REQ_LEN;
	int len;

	memcpy(s->importer_rx, c->rx + USBIP_IMPORT_REQ_LEN, extra);
	c->rx = s->importer_rx;
	c->rx_cap = sizeof(s->importer_rx);
	c->rx_len = extra;
	c->tx = s->importer_tx;
	c->tx_cap = sizeof(s->importer_tx);
	len = usbip_pack_import_reply(c->tx, c->tx_cap, USBIP_ST_OK, &s->info);
	c->tx_len = (size_t)len;
	c->tx_off = 0;
	c->state = CONN_IMPORTED;
	c->deadline_ms = 0;
	s->importer = c;
	s->configured = false; /* a new host enumerates from scratch */
	usbip_log(s, "usbip: %s imported %s", c->peer, s->busid);
}

static void op_import(struct usbip_server *s, struct conn *c)
{
	char busid[USBIP_BUSID_LEN];
	uint32_t status = USBIP_ST_OK;
	const char *why = "";
	struct udc_event evt = {.type = UDC_EVT_VBUS_READY};

	if (usbip_parse_import_busid(c->rx + USBIP_OP_HDR_LEN, busid)) {
		strcpy(busid, "(unterminated)");
	}
	if (strcmp(busid, s->busid) != 0 || !s->enabled) {
		/* Linux usbipd answers an unknown busid with ST_NODEV. */
		status = USBIP_ST_NODEV;
		why = s->enabled ? "no such busid" : "device disabled";
	} else if (s->importer) {
		/* ... and an exported one with ST_NA ("Request Failed"). */
		status = USBIP_ST_NA;
		why = "already imported";
	} else if (usbip_refresh_device_info(s) != 0) {
		status = USBIP_ST_DEV_ERR;
		why = "no descriptors from the stack";
	}
	if (status != USBIP_ST_OK) {
		usbip_log(s, "usbip: %s: import of busid \"%s\" refused: %s",
			  c->peer, busid, why);
		c->tx_len = (size_t)usbip_pack_import_reply(c->tx, c->tx_cap,
							    status, NULL);
		conn_finish(s, c);
		return;
	}
	op_become_importer(s, c);
	udc_submit_event(s->dev, &evt);
}

/* Handle a whole OP request if it has arrived; false if c was dropped. */
static bool op_process(struct usbip_server *s, struct conn *c)
{
	struct usbip_op_header hdr;

	if (c->rx_len < USBIP_OP_HDR_LEN) {
		return true;
	}
	usbip_parse_op_header(c->rx, &hdr);
	if (hdr.version != USBIP_VERSION) {
		usbip_log(s,
			  "usbip: %s: bad version 0x%04x in OP request, "
			  "dropping the connection",
			  c->peer, hdr.version);
		conn_close(s, c, false);
		return false;
	}
	switch (hdr.code) {
	case USBIP_OP_REQ_DEVLIST:
		op_devlist(s, c);
		return true;
	case USBIP_OP_REQ_IMPORT:
		/* usbip attach sends header and busid in two writes. */
		if (c->rx_len >= USBIP_IMPORT_REQ_LEN) {
			op_import(s, c);
		}
		return true;
	default:
		usbip_log(s,
			  "usbip: %s: unknown OP request 0x%04x, dropping "
			  "the connection",
			  c->peer, hdr.code);
		conn_close(s, c, false);
		return false;
	}
}

/* ---- per-connection work ------------------------------------------------- */

static size_t tx_pending(const struct conn *c)
{
	return c->tx_len - c->tx_off;
}

/*
 * Read once, then handle requests and send replies for as long as either
 * makes progress. It returns only when no whole command is left in rx,
 * or when the replies wait for the peer to read (then POLLOUT brings us
 * back): a complete command never waits for new bytes to arrive.
 */
static void conn_run(struct usbip_server *s, struct conn *c, short revents)
{
	if ((revents & (POLLIN | POLLHUP | POLLERR)) &&
	    (c->state == CONN_OP || c->state == CONN_IMPORTED)) {
		if (!conn_read(s, c)) {
			return;
		}
	}
	for (;;) {
		long used = 0;
		size_t pending;

		if (c->state == CONN_OP && !op_process(s, c)) {
			return;
		}
		if (c->state == CONN_IMPORTED) {
			used = usbip_importer_process(s, c);
			if (used < 0) {
				return;
			}
		}
		pending = tx_pending(c);
		if (!conn_flush(s, c)) {
			return;
		}
		if (used == 0 && tx_pending(c) == pending) {
			return;
		}
	}
}

static void format_peer(const struct sockaddr_storage *ss, socklen_t len,
			char *out, size_t out_len)
{
	/* A numeric host and port; longer ones (scoped IPv6) are not named. */
	char host[64], serv[8];

	if (getnameinfo((const struct sockaddr *)ss, len, host, sizeof(host),
			serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(out, out_len, "(unknown peer)");
		return;
	}
	/* NOLINTNEXTLINE(clang-analyzer-core.*): accept4() filled ss */
	if (ss->ss_family == AF_INET6) {
		snprintf(out, out_len, "[%s]:%s", host, serv);
	} else {
		snprintf(out, out_len, "%s:%s", host, serv);
	}
}

static struct conn *free_slot(struct usbip_server *s)
{
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		if (s->conns[i].state == CONN_FREE) {
			return &s->conns[i];
		}
	}
	return NULL;
}

static void accept_new(struct usbip_server *s)
{
	for (int i = 0; i < ACCEPT_BURST; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		struct conn *c;
		int one = 1;
		int fd = accept4(s->listen_fd, (struct sockaddr *)&ss, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED) {
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				usbip_log(s, "usbip: accept failed: %s",
					  strerror(errno));
			}
			return;
		}
		c = free_slot(s);
		if (!c) {
			/* Counted, logged once when a slot frees up. */
			s->refused++;
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		conn_reset(c);
		c->fd = fd;
		c->state = CONN_OP;
		c->deadline_ms = usbip_now_ms() + s->idle_timeout_ms;
		format_peer(&ss, len, c->peer, sizeof(c->peer));
	}
}

static void expire_idle(struct usbip_server *s)
{
	int64_t now = usbip_now_ms();

	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		struct conn *c = &s->conns[i];

		if (c->state == CONN_FREE || c->deadline_ms == 0 ||
		    now < c->deadline_ms) {
			continue;
		}
		if (c->state == CONN_OP) {
			usbip_log(s,
				  "usbip: %s: no request within %d ms, "
				  "dropping the connection",
				  c->peer, s->idle_timeout_ms);
		}
		conn_close(s, c, true);
	}
}

/* Wait no longer than the earliest idle deadline. */
static int poll_timeout(struct usbip_server *s, int timeout_ms)
{
	int64_t now = usbip_now_ms();
	int64_t wait = timeout_ms;

	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		const struct conn *c = &s->conns[i];
		int64_t left;

		if (c->state == CONN_FREE || c->deadline_ms == 0) {
			continue;
		}
		left = c->deadline_ms > now ? c->deadline_ms - now : 0;
		if (wait < 0 || left < wait) {
			wait = left;
		}
	}
	return (int)wait;
}

/* The poll set: the listening socket first, then each open connection. */
static int poll_set(struct usbip_server *s, struct pollfd *pfd,
		    struct conn **owner)
{
	int n = 0;

	pfd[n++] = (struct pollfd){.fd = s->listen_fd, .events = POLLIN};
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		struct conn *c = &s->conns[i];

		if (c->state == CONN_FREE) {
			continue;
		}
		owner[n] = c;
		pfd[n++] =
			(struct pollfd){.fd = c->fd, .events = conn_events(c)};
	}
	return n;
}

int udc_usbip_poll(struct udc_dev *dev, int timeout_ms)
{
	struct usbip_server *s = usbip_server_of(dev);
	struct pollfd pfd[UDC_USBIP_MAX_CONNS + 1];
	struct conn *owner[UDC_USBIP_MAX_CONNS + 1];
	int n, ready, active = 0;

	if (!s) {
		return -EINVAL;
	}
	if (s->in_poll) {
		return -EBUSY;
	}
	s->in_poll = true;
	/* Connections told to close (udc_disable() between two calls) go
	 * now if nothing is left to send. */
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		if (s->conns[i].state == CONN_CLOSING) {
			conn_flush(s, &s->conns[i]);
		}
	}
	n = poll_set(s, pfd, owner);
	ready = poll(pfd, (nfds_t)n, poll_timeout(s, timeout_ms));
	if (ready < 0) {
		int err = errno;

		s->in_poll = false;
		return err == EINTR ? 0 : -err;
	}
	for (int i = 1; i < n; i++) {
		/* A connection closed earlier in this loop is skipped. */
		if (pfd[i].revents && owner[i]->fd == pfd[i].fd) {
			conn_run(s, owner[i], pfd[i].revents);
			active++;
		}
	}
	if (pfd[0].revents & POLLIN) {
		accept_new(s);
		active++;
	}
	expire_idle(s);
	s->in_poll = false;
	return active;
}

/* ---- listening socket ---------------------------------------------------- */

static int listen_bind(struct usbip_server *s, uint16_t port)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
	};
	struct addrinfo *ai;
	char serv[8];
	int one = 1;
	int fd, err;

	snprintf(serv, sizeof(serv), "%u", port);
	if (getaddrinfo(s->address, serv, &hints, &ai) != 0) {
		set_error(s,
			  "usbip: cannot listen on %s:%u: not a numeric "
			  "address",
			  s->address, port);
		return -EINVAL;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	}
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, LISTEN_BACKLOG) != 0) {
		err = errno;
		set_error(s, "usbip: cannot listen on %s:%u: %s", s->address,
			  port, strerror(err));
		if (fd >= 0) {
			close(fd);
		}
		freeaddrinfo(ai);
		return -err;
	}
	freeaddrinfo(ai);
	s->listen_fd = fd;
	return 0;
}

static int listen_adopt(struct usbip_server *s, int fd)
{
	int accepting = 0;
	socklen_t len = sizeof(accepting);
	int flags;

	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 ||
	    !accepting) {
		set_error(s, "usbip: listen_fd %d is not a listening socket",
			  fd);
		return -ENOTSOCK;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
		int err = errno;

		set_error(s, "usbip: listen_fd %d: %s", fd, strerror(err));
		return -err;
	}
	s->listen_fd = fd;
	return 0;
}

static int listen_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		return -errno;
	}
	/* NOLINTNEXTLINE(clang-analyzer-core.*): getsockname() filled ss */
	if (ss.ss_family == AF_INET) {
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	}
	if (ss.ss_family == AF_INET6) {
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	return -EAFNOSUPPORT;
}

/* ---- configuration and the public functions ------------------------------ */

void udc_usbip_config_init(struct udc_usbip_config *cfg)
{
	*cfg = (struct udc_usbip_config){
		.address = UDC_USBIP_DEFAULT_ADDRESS,
		.port = UDC_USBIP_DEFAULT_PORT,
		.listen_fd = -1,
		.busid = UDC_USBIP_DEFAULT_BUSID,
		.path = NULL,
		.idle_timeout_ms = UDC_USBIP_DEFAULT_IDLE_MS,
		.log = NULL,
	};
}

static int config_check(struct usbip_server *s,
			const struct udc_usbip_config *cfg)
{
	const char *address =
		cfg->address ? cfg->address : UDC_USBIP_DEFAULT_ADDRESS;
	const char *busid = cfg->busid ? cfg->busid : UDC_USBIP_DEFAULT_BUSID;

	if (strlen(address) >= sizeof(s->address)) {
		set_error(s, "usbip: address too long");
		return -EINVAL;
	}
	if (busid[0] == '\0' || strlen(busid) >= sizeof(s->busid)) {
		set_error(s, "usbip: busid must have 1..%d characters",
			  USBIP_BUSID_LEN - 1);
		return -EINVAL;
	}
	if (cfg->path && strlen(cfg->path) >= sizeof(s->path)) {
		set_error(s, "usbip: path longer than %d characters",
			  USBIP_PATH_LEN - 1);
		return -EINVAL;
	}
	if (cfg->idle_timeout_ms <= 0) {
		set_error(s, "usbip: idle_timeout_ms must be positive");
		return -EINVAL;
	}
	strcpy(s->address, address);
	strcpy(s->busid, busid);
	return 0;
}

static void config_apply(struct usbip_server *s,
			 const struct udc_usbip_config *cfg)
{
	/* "1-1" is port 1 of bus 1: the bus number leads the busid. */
	s->busnum = (uint32_t)strtoul(s->busid, NULL, 10);
	if (s->busnum == 0 || s->busnum > 0xffff) {
		s->busnum = 1;
	}
	if (cfg->path) {
		strcpy(s->path, cfg->path);
	} else {
		snprintf(s->path, sizeof(s->path),
			 "/sys/devices/pci0000:00/0000:00:01.2/usb%u/%s",
			 s->busnum, s->busid);
	}
	s->idle_timeout_ms = cfg->idle_timeout_ms;
	s->log = cfg->log ? cfg->log : log_stderr;
}

/* What OP_REP_DEVLIST / OP_REP_IMPORT say besides the descriptors. */
static void info_apply(struct usbip_server *s)
{
	snprintf(s->info.path, sizeof(s->info.path), "%s", s->path);
	snprintf(s->info.busid, sizeof(s->info.busid), "%s", s->busid);
	s->info.busnum = s->busnum;
	s->info.devnum = USBIP_DEVNUM;
}

int udc_usbip_create(struct udc_dev *dev, const struct udc_usbip_config *cfg)
{
	struct usbip_server *s;
	int ret;

	if (!dev || !cfg) {
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		return -ENOMEM;
	}
	s->dev = dev;
	s->listen_fd = -1;
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		conn_reset(&s->conns[i]);
	}
	dev->api = &udc_usbip_api;
	dev->priv = s;
	dev->mps0 = 64; /* vhci moves whole URBs: any legal size works */
	ret = config_check(s, cfg);
	if (ret) {
		return ret;
	}
	config_apply(s, cfg);
	info_apply(s);
	ret = cfg->listen_fd >= 0 ? listen_adopt(s, cfg->listen_fd)
				  : listen_bind(s, cfg->port);
	if (ret) {
		return ret;
	}
	ret = listen_port(s->listen_fd);
	if (ret < 0) {
		set_error(s, "usbip: cannot read the bound port: %s",
			  strerror(-ret));
		return ret;
	}
	s->port = ret;
	return 0;
}

void udc_usbip_destroy(struct udc_dev *dev)
{
	struct usbip_server *s = usbip_server_of(dev);

	if (!s) {
		return;
	}
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		if (s->conns[i].state != CONN_FREE) {
			conn_close(s, &s->conns[i], false);
		}
	}
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
	}
	free(s);
	dev->priv = NULL;
}

const char *udc_usbip_error(const struct udc_dev *dev)
{
	const struct usbip_server *s = usbip_server_of(dev);

	return s ? s->error : "usbip: no driver instance";
}

int udc_usbip_port(const struct udc_dev *dev)
{
	const struct usbip_server *s = usbip_server_of(dev);

	return s && s->listen_fd >= 0 ? s->port : -EINVAL;
}

int udc_usbip_listen_fd(const struct udc_dev *dev)
{
	const struct usbip_server *s = usbip_server_of(dev);

	return s ? s->listen_fd : -EINVAL;
}

bool udc_usbip_attached(const struct udc_dev *dev)
{
	const struct usbip_server *s = usbip_server_of(dev);

	return s && s->importer && s->importer->state == CONN_IMPORTED;
}
