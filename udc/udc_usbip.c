/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip UDC driver: a USB/IP server on non-blocking sockets, one poll()
 * loop, fixed buffers allocated once. See udc_usbip.h for the mapping of
 * USB/IP onto the controller API and usbip_proto.h for the wire format.
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

#include "udc/udc_usbip.h"
#include "udc/usbip_proto.h"

#define USB_REQ_GET_DESCRIPTOR 0x06
#define USB_DESC_DEVICE        0x01
#define USB_DESC_CONFIGURATION 0x02
#define USB_DEVICE_DESC_LEN    18
#define USB_CONFIG_DESC_LEN    9
#define USB_DESC_SET_MAX       65535

#define LOG_LINE_MAX   256
#define PEER_NAME_MAX  80
#define ADDRESS_MAX    64
#define ERROR_MAX      192
#define LISTEN_BACKLOG 16
/* Accepts per poll iteration: a connect flood cannot starve the importer. */
#define ACCEPT_BURST 8
/* RET_SUBMITs remembered until sent, so an UNLINK can still retract them. */
#define MAX_UNSENT_RETS 32
/* The importer may have two full replies queued before reading stops. */
#define IMPORTER_TX_LEN (2 * USBIP_RET_MAX_LEN)

enum conn_state {
	CONN_FREE,
	CONN_OP,       /* waiting for OP_REQ_DEVLIST / OP_REQ_IMPORT */
	CONN_IMPORTED, /* URB traffic with the importer */
	CONN_CLOSING,  /* send what is queued, then close */
};

struct conn {
	int fd;
	enum conn_state state;
	/* Where this connection's bytes live: the op_* arrays or, for the
	 * importer, the server's large buffers. */
	uint8_t *rx;
	size_t rx_cap;
	size_t rx_len;
	uint8_t *tx;
	size_t tx_cap;
	size_t tx_len;       /* bytes queued ... */
	size_t tx_off;       /* ... of which already sent */
	int64_t deadline_ms; /* drop at this time; 0 = never */
	char peer[PEER_NAME_MAX];
	uint8_t op_rx[USBIP_IMPORT_REQ_LEN];
	uint8_t op_tx[USBIP_DEVLIST_MAX_LEN];
};

/* A RET_SUBMIT queued in the importer's tx buffer. */
struct unsent_ret {
	uint32_t seqnum;
	size_t off;
	size_t len;
};

/* The control transfer the stack is answering right now. */
struct ctrl_xfer {
	bool active;
	bool answered;
	bool stalled;
	bool dir_in;
	uint8_t *buf; /* where IN data goes ... */
	size_t cap;   /* ... cut to this (wLength, transfer length) */
	size_t len;
};

struct usbip_server {
	struct udc_dev *dev;
	char address[ADDRESS_MAX];
	char busid[USBIP_BUSID_LEN];
	char path[USBIP_PATH_LEN];
	uint32_t busnum;
	int idle_timeout_ms;
	void (*log)(const char *line);
	int listen_fd;
	int port;
	bool enabled;
	bool in_poll;
	unsigned int refused; /* connections refused since a slot was free */
	struct conn conns[UDC_USBIP_MAX_CONNS];
	struct conn *importer;
	struct unsent_ret unsent[MAX_UNSENT_RETS];
	unsigned int n_unsent;
	struct ctrl_xfer ctrl;
	struct usbip_device_info info;
	char error[ERROR_MAX];
	uint8_t importer_rx[USBIP_CMD_MAX_LEN];
	uint8_t importer_tx[IMPORTER_TX_LEN];
	uint8_t desc_buf[USB_DESC_SET_MAX];
};

static struct usbip_server *server_of(const struct udc_dev *dev)
{
	if (!dev || dev->api != &udc_usbip_api) {
		return NULL;
	}
	return dev->priv;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void log_stderr(const char *line)
{
	fprintf(stderr, "%s\n", line);
}

__attribute__((format(printf, 2, 3))) static void
srv_log(struct usbip_server *s, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Peers choose some of the text (a busid): keep it one line. */
	for (char *p = line; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
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

/* ---- connections --------------------------------------------------------- */

static void conn_reset(struct conn *c)
{
	c->fd = -1;
	c->state = CONN_FREE;
	c->rx = c->op_rx;
	c->rx_cap = sizeof(c->op_rx);
	c->rx_len = 0;
	c->tx = c->op_tx;
	c->tx_cap = sizeof(c->op_tx);
	c->tx_len = 0;
	c->tx_off = 0;
	c->deadline_ms = 0;
	c->peer[0] = '\0';
}

/* Close a connection; the importer's end is the host's unplug. */
static void conn_close(struct usbip_server *s, struct conn *c, bool notify)
{
	bool was_importer = (c == s->importer);

	close(c->fd);
	conn_reset(c);
	if (s->refused) {
		srv_log(s,
			"usbip: %u connection(s) refused while all %d slots "
			"were busy",
			s->refused, UDC_USBIP_MAX_CONNS);
		s->refused = 0;
	}
	if (!was_importer) {
		return;
	}
	s->importer = NULL;
	s->n_unsent = 0;
	if (notify) {
		struct udc_event evt = {.type = UDC_EVT_VBUS_REMOVED};

		udc_submit_event(s->dev, &evt);
	}
}

/* Stop reading; close once the queued replies are out (or time is up). */
static void conn_finish(struct usbip_server *s, struct conn *c)
{
	c->state = CONN_CLOSING;
	c->deadline_ms = now_ms() + s->idle_timeout_ms;
}

/* Move the unsent tail of tx to the front; unsent RETs move with it. */
static void tx_compact(struct usbip_server *s, struct conn *c)
{
	unsigned int kept = 0;

	if (c->tx_off == 0) {
		return;
	}
	memmove(c->tx, c->tx + c->tx_off, c->tx_len - c->tx_off);
	if (c == s->importer) {
		for (unsigned int i = 0; i < s->n_unsent; i++) {
			if (s->unsent[i].off < c->tx_off) {
				continue; /* partly sent: no longer retractable
					   */
			}
			s->unsent[kept] = s->unsent[i];
			s->unsent[kept].off -= c->tx_off;
			kept++;
		}
		s->n_unsent = kept;
	}
	c->tx_len -= c->tx_off;
	c->tx_off = 0;
}

static bool tx_has_room(struct usbip_server *s, struct conn *c, size_t need)
{
	if (c->tx_cap - c->tx_len < need) {
		tx_compact(s, c);
	}
	return c->tx_cap - c->tx_len >= need;
}

/*
 * Send what is queued. Returns false if the connection was closed (error,
 * or a CLOSING connection that is done).
 */
static bool conn_flush(struct usbip_server *s, struct conn *c)
{
	while (c->tx_off < c->tx_len) {
		ssize_t n = send(c->fd, c->tx + c->tx_off,
				 c->tx_len - c->tx_off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			return true;
		}
		if (n <= 0) {
			if (c == s->importer && c->state == CONN_IMPORTED) {
				srv_log(s, "usbip: %s: send failed: %s",
					c->peer, strerror(errno));
			}
			conn_close(s, c, true);
			return false;
		}
		c->tx_off += (size_t)n;
	}
	c->tx_off = 0;
	c->tx_len = 0;
	if (c == s->importer) {
		s->n_unsent = 0;
	}
	if (c->state == CONN_CLOSING) {
		/* Unread input would turn our FIN into a RST: drain it. */
		uint8_t sink[256];

		while (recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT) > 0) {
		}
		conn_close(s, c, true);
		return false;
	}
	return true;
}

/* ---- control transfers through the stack --------------------------------- */

static void ctrl_begin(struct usbip_server *s, bool dir_in, uint8_t *buf,
		       size_t cap)
{
	s->ctrl = (struct ctrl_xfer){
		.active = true,
		.dir_in = dir_in,
		.buf = buf,
		.cap = cap,
	};
}

/* One UDC_EVT_SETUP; returns 0 and the reply length, or -EPIPE (stall). */
static int ctrl_run(struct usbip_server *s,
		    const struct usb_setup_packet *setup, const uint8_t *out,
		    size_t out_len, uint8_t *in_buf, size_t in_cap,
		    size_t *in_len)
{
	struct udc_event evt = {
		.type = UDC_EVT_SETUP,
		.setup = setup,
		.data = out,
		.data_len = out_len,
	};
	bool dir_in = (setup->bmRequestType & USB_REQTYPE_DIR_IN) != 0;

	ctrl_begin(s, dir_in, in_buf, in_cap);
	udc_submit_event(s->dev, &evt);
	s->ctrl.active = false;
	if (!s->ctrl.answered || s->ctrl.stalled) {
		return -EPIPE;
	}
	*in_len = s->ctrl.len;
	return 0;
}

static int stack_get_descriptor(struct usbip_server *s, uint8_t type,
				uint16_t wLength, size_t *len)
{
	struct usb_setup_packet setup = {
		.bmRequestType = USB_REQTYPE_DIR_IN,
		.bRequest = USB_REQ_GET_DESCRIPTOR,
		.wValue = (uint16_t)(type << 8),
		.wIndex = 0,
		.wLength = wLength,
	};

	return ctrl_run(s, &setup, NULL, 0, s->desc_buf, wLength, len);
}

/* Ask the stack for its descriptors and fill s->info from them. */
static int refresh_device_info(struct usbip_server *s)
{
	uint8_t dev_desc[USB_DEVICE_DESC_LEN];
	size_t dev_len, cfg_len;
	uint16_t total;
	int ret;

	ret = stack_get_descriptor(s, USB_DESC_DEVICE, USB_DEVICE_DESC_LEN,
				   &dev_len);
	if (ret) {
		srv_log(s, "usbip: the stack stalled GET_DESCRIPTOR(device)");
		return ret;
	}
	memcpy(dev_desc, s->desc_buf, dev_len);
	ret = stack_get_descriptor(s, USB_DESC_CONFIGURATION,
				   USB_CONFIG_DESC_LEN, &cfg_len);
	if (ret || cfg_len < USB_CONFIG_DESC_LEN) {
		srv_log(s, "usbip: the stack gave no configuration descriptor");
		return -EPIPE;
	}
	total = (uint16_t)(s->desc_buf[2] | (s->desc_buf[3] << 8));
	ret = stack_get_descriptor(s, USB_DESC_CONFIGURATION, total, &cfg_len);
	if (ret) {
		srv_log(s,
			"usbip: the stack stalled GET_DESCRIPTOR(config, %u)",
			total);
		return ret;
	}
	ret = usbip_info_from_descriptors(&s->info, dev_desc, dev_len,
					  s->desc_buf, cfg_len);
	if (ret) {
		srv_log(s, "usbip: the stack's descriptors are malformed");
		return ret;
	}
	snprintf(s->info.path, sizeof(s->info.path), "%s", s->path);
	snprintf(s->info.busid, sizeof(s->info.busid), "%s", s->busid);
	s->info.busnum = s->busnum;
	s->info.devnum = 2;
	s->info.speed = s->dev->speed == UDC_SPEED_HIGH ? USBIP_SPEED_HIGH
							: USBIP_SPEED_FULL;
	return 0;
}

/* ---- OP phase: devlist and import ---------------------------------------- */

static void op_devlist(struct usbip_server *s, struct conn *c)
{
	/*
	 * Like Linux usbipd, an exported device is listed only while it can
	 * be imported: not while disabled, not while a host has it.
	 */
	bool listed = s->enabled && !s->importer && refresh_device_info(s) == 0;
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
	s->n_unsent = 0;
	srv_log(s, "usbip: %s imported %s", c->peer, s->busid);
}

static void op_import(struct usbip_server *s, struct conn *c)
{
	char busid[USBIP_BUSID_LEN];
	uint32_t status = USBIP_ST_OK;
	const char *why = "";

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
	} else if (refresh_device_info(s) != 0) {
		status = USBIP_ST_DEV_ERR;
		why = "no descriptors from the stack";
	}
	if (status != USBIP_ST_OK) {
		srv_log(s, "usbip: %s: import of busid \"%s\" refused: %s",
			c->peer, busid, why);
		c->tx_len = (size_t)usbip_pack_import_reply(c->tx, c->tx_cap,
							    status, NULL);
		conn_finish(s, c);
		return;
	}
	op_become_importer(s, c);
	{
		struct udc_event evt = {.type = UDC_EVT_VBUS_READY};

		udc_submit_event(s->dev, &evt);
	}
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
		srv_log(s,
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
		srv_log(s,
			"usbip: %s: unknown OP request 0x%04x, dropping "
			"the connection",
			c->peer, hdr.code);
		conn_close(s, c, false);
		return false;
	}
}

/* ---- URB traffic --------------------------------------------------------- */

static void unsent_add(struct usbip_server *s, uint32_t seqnum, size_t off,
		       size_t len)
{
	if (s->n_unsent == MAX_UNSENT_RETS) {
		/* Forget the oldest: an UNLINK of it then answers 0, which
		 * is still correct because its RET_SUBMIT goes out first. */
		memmove(&s->unsent[0], &s->unsent[1],
			(MAX_UNSENT_RETS - 1) * sizeof(s->unsent[0]));
		s->n_unsent--;
	}
	s->unsent[s->n_unsent++] = (struct unsent_ret){seqnum, off, len};
}

/* Take a not-yet-started RET_SUBMIT back out of the tx queue. */
static bool unsent_retract(struct usbip_server *s, struct conn *c,
			   uint32_t seqnum)
{
	for (unsigned int i = 0; i < s->n_unsent; i++) {
		struct unsent_ret r = s->unsent[i];

		if (r.seqnum != seqnum || r.off < c->tx_off) {
			continue;
		}
		memmove(c->tx + r.off, c->tx + r.off + r.len,
			c->tx_len - r.off - r.len);
		c->tx_len -= r.len;
		for (unsigned int j = i + 1; j < s->n_unsent; j++) {
			s->unsent[j - 1] = s->unsent[j];
			s->unsent[j - 1].off -= r.len;
		}
		s->n_unsent--;
		return true;
	}
	return false;
}

/*
 * Endpoint 0: one UDC_EVT_SETUP. Returns the RET_SUBMIT status; IN data
 * goes to in_buf, *actual is the URB's actual_length.
 */
static int32_t ep0_submit(struct usbip_server *s, const struct usbip_cmd *cmd,
			  const uint8_t *out, uint8_t *in_buf, size_t *actual)
{
	struct usb_setup_packet setup;
	size_t tbl = cmd->transfer_buffer_length;
	bool dir_in;
	size_t in_len = 0;

	usb_setup_parse(cmd->setup, &setup);
	dir_in = (setup.bmRequestType & USB_REQTYPE_DIR_IN) != 0;
	/* The URB must agree with its own setup packet, or it is stalled
	 * before the stack could misread it. */
	if (tbl > 0 && dir_in != (cmd->direction == USBIP_DIR_IN)) {
		return -EPIPE;
	}
	if (!dir_in && setup.wLength != tbl) {
		return -EPIPE;
	}
	if (dir_in) {
		/* Longer IN replies than asked for are fatal to vhci. */
		size_t cap = setup.wLength < tbl ? setup.wLength : tbl;

		if (ctrl_run(s, &setup, NULL, 0, in_buf, cap, &in_len)) {
			return -EPIPE;
		}
		*actual = in_len;
		return 0;
	}
	if (ctrl_run(s, &setup, tbl ? out : NULL, tbl, NULL, 0, &in_len)) {
		return -EPIPE;
	}
	*actual = tbl; /* the stack took the whole data stage */
	return 0;
}

static void urb_submit(struct usbip_server *s, struct conn *c,
		       const struct usbip_cmd *cmd, const uint8_t *payload)
{
	size_t off = c->tx_len;
	uint8_t *hdr = c->tx + off;
	size_t actual = 0;
	int32_t status = -EPIPE;
	size_t len;

	/* No data endpoints here: anything but control is a stall. */
	if (cmd->ep == 0 && !usbip_cmd_is_iso(cmd)) {
		status = ep0_submit(s, cmd, payload, hdr + USBIP_CMD_HDR_LEN,
				    &actual);
	}
	usbip_pack_ret_submit(hdr, cmd->seqnum, status, (uint32_t)actual);
	len = USBIP_CMD_HDR_LEN;
	if (cmd->direction == USBIP_DIR_IN) {
		len += actual;
	}
	c->tx_len += len;
	unsent_add(s, cmd->seqnum, off, len);
}

/*
 * UNLINK, as Linux stub_rx.c does it: a URB still in flight is cancelled
 * and answered with RET_UNLINK -ECONNRESET and no RET_SUBMIT; for one that
 * already completed (or was never seen) RET_UNLINK carries status 0 and
 * the RET_SUBMIT stands. Our URBs complete at once, so "in flight" means
 * its RET_SUBMIT is still wholly in our tx queue: it is taken back out.
 * vhci treats a RET_SUBMIT after -ECONNRESET as fatal, so never both.
 */
static void urb_unlink(struct usbip_server *s, struct conn *c,
		       const struct usbip_cmd *cmd)
{
	int32_t status = 0;

	if (unsent_retract(s, c, cmd->unlink_seqnum)) {
		status = -ECONNRESET;
	}
	usbip_pack_ret_unlink(c->tx + c->tx_len, cmd->seqnum, status);
	c->tx_len += USBIP_CMD_HDR_LEN;
}

/* Handle whole commands; returns the bytes consumed or -1 if dropped. */
static long importer_process(struct usbip_server *s, struct conn *c)
{
	size_t off = 0;

	while (c->state == CONN_IMPORTED) {
		struct usbip_cmd cmd;
		size_t avail = c->rx_len - off;
		size_t total;

		if (avail < USBIP_CMD_HDR_LEN) {
			break;
		}
		if (usbip_parse_cmd(c->rx + off, &cmd)) {
			srv_log(s,
				"usbip: %s: bad command 0x%08x (ep %u, dir %u, "
				"length %u), dropping the connection",
				c->peer, cmd.command, cmd.ep, cmd.direction,
				cmd.transfer_buffer_length);
			conn_close(s, c, true);
			return -1;
		}
		total = USBIP_CMD_HDR_LEN + usbip_cmd_payload_len(&cmd);
		if (avail < total || !tx_has_room(s, c, USBIP_RET_MAX_LEN)) {
			break;
		}
		if (cmd.command == USBIP_CMD_SUBMIT) {
			urb_submit(s, c, &cmd, c->rx + off + USBIP_CMD_HDR_LEN);
		} else {
			urb_unlink(s, c, &cmd);
		}
		off += total;
	}
	memmove(c->rx, c->rx + off, c->rx_len - off);
	c->rx_len -= off;
	return (long)off;
}

/* ---- per-connection I/O -------------------------------------------------- */

/* Read what is there; false if the connection was closed. */
static bool conn_read(struct usbip_server *s, struct conn *c)
{
	while (c->rx_len < c->rx_cap) {
		ssize_t n = recv(c->fd, c->rx + c->rx_len,
				 c->rx_cap - c->rx_len, 0);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			return true;
		}
		if (n <= 0) {
			if (c == s->importer) {
				srv_log(s, "usbip: %s: importer went away",
					c->peer);
			}
			conn_close(s, c, true);
			return false;
		}
		c->rx_len += (size_t)n;
	}
	return true;
}

/* Process input and send replies until neither makes progress. */
static void conn_run(struct usbip_server *s, struct conn *c, short revents)
{
	if ((revents & (POLLIN | POLLHUP | POLLERR)) &&
	    (c->state == CONN_OP || c->state == CONN_IMPORTED)) {
		if (!conn_read(s, c)) {
			return;
		}
	}
	for (int round = 0; round < 4; round++) {
		long used = 0;

		if (c->state == CONN_OP && !op_process(s, c)) {
			return;
		}
		if (c->state == CONN_IMPORTED) {
			used = importer_process(s, c);
			if (used < 0) {
				return;
			}
		}
		if (!conn_flush(s, c)) {
			return;
		}
		if (used == 0) {
			return;
		}
	}
}

static short conn_events(const struct conn *c)
{
	short ev = 0;

	if ((c->state == CONN_OP || c->state == CONN_IMPORTED) &&
	    c->rx_len < c->rx_cap) {
		ev |= POLLIN;
	}
	if (c->tx_off < c->tx_len) {
		ev |= POLLOUT;
	}
	return ev;
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
				srv_log(s, "usbip: accept failed: %s",
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
		c->deadline_ms = now_ms() + s->idle_timeout_ms;
		format_peer(&ss, len, c->peer, sizeof(c->peer));
	}
}

static void expire_idle(struct usbip_server *s)
{
	int64_t now = now_ms();

	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		struct conn *c = &s->conns[i];

		if (c->state == CONN_FREE || c->deadline_ms == 0 ||
		    now < c->deadline_ms) {
			continue;
		}
		if (c->state == CONN_OP) {
			srv_log(s,
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
	int64_t now = now_ms();
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

int udc_usbip_poll(struct udc_dev *dev, int timeout_ms)
{
	struct usbip_server *s = server_of(dev);
	struct pollfd pfd[UDC_USBIP_MAX_CONNS + 1];
	struct conn *owner[UDC_USBIP_MAX_CONNS + 1];
	int n = 0, ready, active = 0;

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

/* ---- public API and udc_api ---------------------------------------------- */

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
	if (s->busnum == 0) {
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
	ret = config_check(s, cfg);
	if (ret) {
		return ret;
	}
	config_apply(s, cfg);
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
	struct usbip_server *s = server_of(dev);

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
	const struct usbip_server *s = server_of(dev);

	return s ? s->error : "usbip: no driver instance";
}

int udc_usbip_port(const struct udc_dev *dev)
{
	const struct usbip_server *s = server_of(dev);

	return s && s->listen_fd >= 0 ? s->port : -EINVAL;
}

int udc_usbip_listen_fd(const struct udc_dev *dev)
{
	const struct usbip_server *s = server_of(dev);

	return s ? s->listen_fd : -EINVAL;
}

bool udc_usbip_attached(const struct udc_dev *dev)
{
	const struct usbip_server *s = server_of(dev);

	return s && s->importer && s->importer->state == CONN_IMPORTED;
}

static int usbip_init(struct udc_dev *dev)
{
	return server_of(dev) ? 0 : -EINVAL;
}

static int usbip_enable(struct udc_dev *dev)
{
	struct usbip_server *s = server_of(dev);

	if (!s) {
		return -EINVAL;
	}
	s->enabled = true;
	return 0;
}

static int usbip_disable(struct udc_dev *dev)
{
	struct usbip_server *s = server_of(dev);

	if (!s) {
		return -EINVAL;
	}
	s->enabled = false;
	/* Closed from the poll loop once the queued replies are out, so a
	 * request answered right before the unplug still completes. */
	if (s->importer && s->importer->state == CONN_IMPORTED) {
		srv_log(s, "usbip: %s: unplugged (controller disabled)",
			s->importer->peer);
		conn_finish(s, s->importer);
	}
	return 0;
}

static bool is_ep0(uint8_t ep)
{
	return (ep & 0x7f) == 0;
}

static int usbip_ep_enqueue(struct udc_dev *dev, uint8_t ep,
			    const uint8_t *data, size_t len)
{
	struct usbip_server *s = server_of(dev);
	struct ctrl_xfer *x;

	if (!s) {
		return -EINVAL;
	}
	if (ep != 0x80) {
		return -ENOTSUP; /* no data endpoints */
	}
	x = &s->ctrl;
	if (!x->active) {
		return -EINVAL; /* not inside a UDC_EVT_SETUP */
	}
	if (x->answered) {
		return -EALREADY;
	}
	if ((!x->dir_in && len > 0) || (len > 0 && !data)) {
		return -EINVAL; /* OUT requests get a zero-length status */
	}
	if (len > x->cap) {
		len = x->cap;
	}
	if (len > 0) {
		memcpy(x->buf, data, len);
	}
	x->len = len;
	x->answered = true;
	return 0;
}

static int usbip_ep_dequeue(struct udc_dev *dev, uint8_t ep)
{
	if (!server_of(dev)) {
		return -EINVAL;
	}
	/* Control replies never stay queued past their callback. */
	return is_ep0(ep) ? 0 : -ENOTSUP;
}

static int usbip_ep_set_halt(struct udc_dev *dev, uint8_t ep)
{
	struct usbip_server *s = server_of(dev);

	if (!s) {
		return -EINVAL;
	}
	if (!is_ep0(ep)) {
		return -ENOTSUP;
	}
	if (!s->ctrl.active) {
		return -EINVAL;
	}
	if (s->ctrl.answered) {
		return -EALREADY;
	}
	s->ctrl.answered = true;
	s->ctrl.stalled = true;
	return 0;
}

static int usbip_ep_clear_halt(struct udc_dev *dev, uint8_t ep)
{
	if (!server_of(dev)) {
		return -EINVAL;
	}
	/* A protocol stall ends with the next SETUP: nothing to clear. */
	return is_ep0(ep) ? 0 : -ENOTSUP;
}

const struct udc_api udc_usbip_api = {
	.init = usbip_init,
	.enable = usbip_enable,
	.disable = usbip_disable,
	.ep_enqueue = usbip_ep_enqueue,
	.ep_dequeue = usbip_ep_dequeue,
	.ep_set_halt = usbip_ep_set_halt,
	.ep_clear_halt = usbip_ep_clear_halt,
};
