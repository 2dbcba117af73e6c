/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fixture for the usbip driver tests: a tiny device stack answering through
 * the UDC API, and a USB/IP client over loopback TCP with its own byte
 * packing (not the driver's). The server runs in the caller's thread: every
 * wait calls udc_usbip_poll() between attempts and is bounded by a number
 * of rounds, never by a wall-clock limit.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/test.h"
#include "tests/test_usbip_fixture.h"

/* ---- log capture --------------------------------------------------------- */

static char log_lines[LOG_KEEP][256];
static int log_count;

void test_log(const char *line)
{
	snprintf(log_lines[log_count % LOG_KEEP], sizeof(log_lines[0]), "%s",
		 line);
	log_count++;
	CHECK(strchr(line, '\n') == NULL); /* one line per call */
}

bool log_has(const char *needle)
{
	int n = log_count < LOG_KEEP ? log_count : LOG_KEEP;

	for (int i = 0; i < n; i++) {
		if (strstr(log_lines[i], needle)) {
			return true;
		}
	}
	return false;
}

/* ---- the test device: a tiny stack answering through the UDC API ------- */

struct tdev T;
uint8_t pattern[XFER_MAX];

static void tdev_trace(struct tdev *t, char c)
{
	if (t->trace_len < sizeof(t->trace) - 1) {
		t->trace[t->trace_len++] = c;
		t->trace[t->trace_len] = '\0';
	}
}

/* IN data of len bytes, cut to wLength as the contract asks. */
static void tdev_send(struct tdev *t, const uint8_t *data, size_t len)
{
	if (len > t->setup.wLength) {
		len = t->setup.wLength;
	}
	CHECK_EQ(udc_ctrl_send(&t->udc, data, len), 0);
}

static void tdev_get_descriptor(struct tdev *t,
				const struct usb_setup_packet *s)
{
	/* clang-format off */
	uint8_t dev[18] = {
		18, 1, 0x00, 0x02, 0xef, 0x02, 0x01, 64, 0x09, 0x12,
		0x00, 0x00, 0x01, 0x01, 1, 2, 0, 1,
	};
	static const uint8_t cfg[36] = {
		9, 2, 36, 0, 2, 1, 0, 0x80, 50,
		9, 4, 0, 0, 0, 0xfe, 0x01, 0x02, 0,
		9, 4, 0, 1, 0, 0xfe, 0x01, 0x02, 0,
		9, 4, 1, 0, 0, 0xff, 0x00, 0x00, 0,
	};
	/* clang-format on */
	static const uint8_t langs[4] = {4, 3, 0x09, 0x04};

	dev[7] = udc_mps0(&t->udc);
	dev[10] = (uint8_t)t->pid;
	dev[11] = (uint8_t)(t->pid >> 8);
	switch (s->wValue) {
	case 0x0100:
		tdev_send(t, dev, sizeof(dev));
		break;
	case 0x0200:
		tdev_send(t, cfg, sizeof(cfg));
		break;
	case 0x0300:
		tdev_send(t, langs, sizeof(langs));
		break;
	default:
		udc_ctrl_stall(&t->udc);
	}
}

/* An OUT request: arm the data stage, or go to status if there is none. */
static void tdev_out(struct tdev *t, const struct usb_setup_packet *s)
{
	if (s->wLength == 0) {
		t->out_len = 0;
		udc_ctrl_status(&t->udc);
		return;
	}
	CHECK_EQ(udc_ctrl_recv(&t->udc, t->out_data, s->wLength), 0);
}

static void tdev_request(struct tdev *t, const struct usb_setup_packet *s)
{
	uint16_t req = (uint16_t)((s->bmRequestType << 8) | s->bRequest);

	switch (req) {
	case 0x8006:
		tdev_get_descriptor(t, s);
		break;
	case 0x0009: /* SET_CONFIGURATION: takes effect at status */
		if (s->wValue > 1) {
			udc_ctrl_stall(&t->udc);
			break;
		}
		udc_ctrl_status(&t->udc);
		break;
	case 0xc001: /* vendor IN: wValue bytes of pattern */
		tdev_send(t, pattern, s->wValue);
		break;
	case 0x4002: /* vendor OUT: keep the data */
	case 0x4014: /* vendor OUT: stalled after its data stage */
		tdev_out(t, s);
		break;
	case 0xc003: /* vendor IN: echo what vendor OUT stored */
		tdev_send(t, t->out_data, t->out_len);
		break;
	case 0xc005: /* one byte more than wLength: refused, so stalled */
		t->too_long_ret =
			udc_ctrl_send(&t->udc, pattern, s->wLength + 1u);
		break;
	case 0x4010: /* DFU-detach style: the unplug follows the status */
		udc_ctrl_status(&t->udc);
		break;
	case 0x4012: /* never answers: the driver stalls */
		break;
	case 0x4015: /* status without taking the data: refused */
		t->early_status_ret = udc_ctrl_status(&t->udc);
		break;
	case 0x4011: /* answers twice: the second must be refused */
		udc_ctrl_status(&t->udc);
		t->second_answer_ret = udc_ctrl_stall(&t->udc);
		break;
	case 0x4013: /* the event loop must not re-enter */
		t->nested_poll_ret = udc_usbip_poll(&t->udc, 0);
		udc_ctrl_status(&t->udc);
		break;
	default:
		udc_ctrl_stall(&t->udc);
	}
}

static void tdev_setup(struct tdev *t, const struct udc_event *evt)
{
	t->setups++;
	t->setup = *evt->setup;
	t->in_request = true;
	if (t->no_descriptors) {
		udc_ctrl_stall(&t->udc);
		return;
	}
	tdev_request(t, evt->setup);
}

static void tdev_ctrl_out(struct tdev *t, const struct udc_event *evt)
{
	/* Only after udc_ctrl_recv(), into its buffer, all of wLength. */
	CHECK(t->in_request);
	CHECK(evt->data == t->out_data);
	CHECK_EQ(evt->data_len, t->setup.wLength);
	t->out_len = evt->data_len;
	if (t->setup.bRequest == 0x14) {
		udc_ctrl_stall(&t->udc);
		return;
	}
	udc_ctrl_status(&t->udc);
}

/* The request completed: commit what the spec ties to its end. */
static void tdev_ctrl_status(struct tdev *t)
{
	uint16_t req =
		(uint16_t)((t->setup.bmRequestType << 8) | t->setup.bRequest);

	CHECK(t->in_request);
	t->in_request = false;
	t->completed++;
	if (req == 0x0009) {
		t->config = (uint8_t)t->setup.wValue;
	} else if (req == 0x4010) {
		t->detach_ret[0] = udc_disable(&t->udc);
		t->pid++;
		t->detach_ret[1] = udc_enable(&t->udc);
	}
}

static void tdev_event(struct udc_dev *dev, const struct udc_event *evt,
		       void *user)
{
	struct tdev *t = user;

	switch (evt->type) {
	case UDC_EVT_VBUS_READY:
		tdev_trace(t, 'V');
		t->vbus_ready++;
		break;
	case UDC_EVT_VBUS_REMOVED:
		tdev_trace(t, 'U');
		t->vbus_removed++;
		t->in_request = false;
		break;
	case UDC_EVT_RESET:
		tdev_trace(t, 'R');
		t->resets++;
		t->config = 0;
		t->in_request = false;
		break;
	case UDC_EVT_SETUP:
		tdev_trace(t, 'S');
		tdev_setup(t, evt);
		break;
	case UDC_EVT_CTRL_OUT:
		tdev_trace(t, 'O');
		tdev_ctrl_out(t, evt);
		break;
	case UDC_EVT_CTRL_STATUS:
		tdev_trace(t, 'C');
		tdev_ctrl_status(t);
		break;
	default:
		break;
	}
}

/* Start T on an ephemeral port; returns the port. */
int tdev_start_cfg(struct udc_usbip_config *cfg)
{
	int ret;

	memset(&T, 0, sizeof(T));
	T.pid = 0x0001;
	cfg->port = 0;
	cfg->log = test_log;
	ret = udc_usbip_create(&T.udc, cfg);
	CHECK_EQ(ret, 0);
	if (ret) {
		fprintf(stderr, "%s\n", udc_usbip_error(&T.udc));
	}
	CHECK_EQ(udc_init(&T.udc, tdev_event, &T), 0);
	CHECK_EQ(udc_enable(&T.udc), 0);
	return udc_usbip_port(&T.udc);
}

int tdev_start(int idle_ms)
{
	struct udc_usbip_config cfg;

	udc_usbip_config_init(&cfg);
	cfg.idle_timeout_ms = idle_ms;
	return tdev_start_cfg(&cfg);
}

void tdev_stop(void)
{
	udc_usbip_destroy(&T.udc);
	CHECK(T.udc.priv == NULL);
}

void trace_clear(void)
{
	T.trace_len = 0;
	T.trace[0] = '\0';
}

/* ---- client plumbing ----------------------------------------------------- */

void pump(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		CHECK(udc_usbip_poll(&T.udc, 0) >= 0);
	}
}

void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

int client_connect(int port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	/* Loopback connect completes in the kernel, before any accept(). */
	CHECK_EQ(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	return fd;
}

bool send_all(int fd, const void *buf, size_t n)
{
	size_t sent = 0;

	for (int i = 0; i < PUMP_ROUNDS && sent < n; i++) {
		ssize_t r = send(fd, (const uint8_t *)buf + sent, n - sent,
				 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (r > 0) {
			sent += (size_t)r;
		} else if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			return false;
		} else {
			udc_usbip_poll(&T.udc, 5);
		}
	}
	return sent == n;
}

/* Receive exactly n bytes, running the server in between. */
bool recv_all(int fd, void *buf, size_t n)
{
	size_t got = 0;

	for (int i = 0; i < PUMP_ROUNDS && got < n; i++) {
		ssize_t r =
			recv(fd, (uint8_t *)buf + got, n - got, MSG_DONTWAIT);

		if (r > 0) {
			got += (size_t)r;
		} else if (r == 0 ||
			   (errno != EAGAIN && errno != EWOULDBLOCK)) {
			return false;
		} else {
			udc_usbip_poll(&T.udc, 5);
		}
	}
	return got == n;
}

/* Run the server until it closes fd; unexpected bytes are a failure. */
bool wait_closed(int fd)
{
	uint8_t b[64];

	for (int i = 0; i < PUMP_ROUNDS; i++) {
		ssize_t r = recv(fd, b, sizeof(b), MSG_DONTWAIT);

		if (r == 0 || (r < 0 && errno == ECONNRESET)) {
			return true;
		}
		if (r > 0) {
			return false;
		}
		udc_usbip_poll(&T.udc, 5);
	}
	return false;
}

/* Open, and nothing to read. */
bool still_open(int fd)
{
	uint8_t b;
	ssize_t r = recv(fd, &b, 1, MSG_DONTWAIT);

	return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void close_with_reset(int fd)
{
	struct linger l = {.l_onoff = 1, .l_linger = 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

/* ---- OP requests --------------------------------------------------------- */

/* OP_REQ_DEVLIST: returns the device count (rec gets the device), or -1. */
int devlist(int port, uint8_t *rec)
{
	static const uint8_t req[8] = {0x01, 0x11, 0x80, 0x05, 0, 0, 0, 0};
	uint8_t hdr[12];
	int fd = client_connect(port);
	uint32_t n;

	if (!send_all(fd, req, sizeof(req)) || !recv_all(fd, hdr, 12)) {
		close(fd);
		return -1;
	}
	CHECK_EQ(get16(hdr), 0x0111);
	CHECK_EQ(get16(hdr + 2), 0x0005);
	CHECK_EQ(get32(hdr + 4), 0);
	n = get32(hdr + 8);
	CHECK(n <= 1);
	if (n == 1) {
		CHECK(recv_all(fd, rec, REC_LEN));
		CHECK(recv_all(fd, rec + REC_LEN, rec[0x137] * 4u));
	}
	CHECK(wait_closed(fd));
	close(fd);
	return (int)n;
}

/*
 * OP_REQ_IMPORT, optionally in two writes like `usbip attach`. Returns the
 * connected fd, or -status once the server has closed a refused one.
 */
int import(int port, const char *busid, bool split, uint8_t *rec)
{
	uint8_t req[40] = {0x01, 0x11, 0x80, 0x03, 0, 0, 0, 0};
	uint8_t hdr[8];
	uint32_t status;
	int fd = client_connect(port);

	memcpy(req + 8, busid, strnlen(busid, 32));
	if (split) {
		CHECK(send_all(fd, req, 8));
		pump(3);
		CHECK(still_open(fd)); /* half a request: no answer yet */
		CHECK(send_all(fd, req + 8, 32));
	} else {
		CHECK(send_all(fd, req, sizeof(req)));
	}
	if (!recv_all(fd, hdr, sizeof(hdr))) {
		close(fd);
		return -1000;
	}
	CHECK_EQ(get16(hdr), 0x0111);
	CHECK_EQ(get16(hdr + 2), 0x0003);
	status = get32(hdr + 4);
	if (status != 0) {
		CHECK(wait_closed(fd));
		close(fd);
		return -(int)status;
	}
	CHECK(recv_all(fd, rec, REC_LEN));
	return fd;
}

/* ---- URBs ---------------------------------------------------------------- */

uint32_t seqnum = 1;
uint32_t cmd_devid = 0x00010002;
uint8_t msg[48 + XFER_MAX + 1024];
uint8_t in_buf[XFER_MAX];

void make_submit(uint8_t *p, uint32_t seq, uint32_t dir, uint32_t ep,
		 uint32_t tbl, uint8_t bm, uint8_t req, uint16_t value,
		 uint16_t wlen)
{
	memset(p, 0, 48);
	put32(p, 1);
	put32(p + 4, seq);
	put32(p + 8, cmd_devid); /* busnum 1, devnum 2 */
	put32(p + 12, dir);
	put32(p + 16, ep);
	put32(p + 24, tbl);
	/* number_of_packets 0: what vhci sends for a non-ISO URB */
	p[40] = bm;
	p[41] = req;
	p[42] = (uint8_t)value;
	p[43] = (uint8_t)(value >> 8);
	p[46] = (uint8_t)wlen;
	p[47] = (uint8_t)(wlen >> 8);
}

void make_unlink(uint8_t *p, uint32_t seq, uint32_t victim)
{
	memset(p, 0, 48);
	put32(p, 2);
	put32(p + 4, seq);
	put32(p + 8, cmd_devid);
	put32(p + 20, victim);
}

/* Read one RET_*; an IN RET_SUBMIT's data goes to in_buf. */
bool read_ret(int fd, struct ret *r, bool in_data)
{
	uint8_t h[48];

	if (!recv_all(fd, h, sizeof(h))) {
		return false;
	}
	r->command = get32(h);
	r->seqnum = get32(h + 4);
	r->status = (int32_t)get32(h + 20);
	r->actual = get32(h + 24);
	CHECK_EQ(get32(h + 8), 0);  /* devid */
	CHECK_EQ(get32(h + 12), 0); /* direction */
	CHECK_EQ(get32(h + 16), 0); /* ep */
	if (r->command == 3) {
		CHECK_EQ(get32(h + 32), 0); /* number_of_packets */
	}
	if (r->command == 3 && in_data && r->actual > 0) {
		return r->actual <= sizeof(in_buf) &&
		       recv_all(fd, in_buf, r->actual);
	}
	return true;
}

/* One control transfer on ep 0. Returns the status; IN data in in_buf. */
int32_t control(int fd, uint8_t bm, uint8_t req, uint16_t value, uint16_t wlen,
		uint32_t tbl, const uint8_t *out, uint32_t *actual)
{
	bool dir_in = (bm & 0x80) != 0;
	uint32_t seq = seqnum++;
	size_t len = 48;
	struct ret r = {0};

	make_submit(msg, seq, dir_in, 0, tbl, bm, req, value, wlen);
	if (!dir_in && tbl > 0) {
		memcpy(msg + 48, out, tbl);
		len += tbl;
	}
	CHECK(send_all(fd, msg, len));
	CHECK(read_ret(fd, &r, dir_in));
	CHECK_EQ(r.command, 3);
	CHECK_EQ(r.seqnum, seq);
	*actual = r.actual;
	return r.status;
}
