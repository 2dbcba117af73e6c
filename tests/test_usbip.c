/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip driver over real loopback TCP: a small USB/IP client written here
 * (its own byte packing, not the driver's) talks to the server, which is
 * driven by udc_usbip_poll() from this same thread. Client sockets are
 * non-blocking; every wait runs the server between attempts and is bounded
 * by a number of rounds, never by wall-clock limits.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/test.h"
#include "udc/udc_usbip.h"

TEST_MAIN_DEFS;

#define PUMP_ROUNDS 2000
#define REC_LEN 0x138
#define REC_BUF (REC_LEN + 32 * 4) /* device record and interfaces */
#define XFER_MAX 65536

/* ---- log capture --------------------------------------------------------- */

#define LOG_KEEP 64
static char log_lines[LOG_KEEP][256];
static int log_count;

static void test_log(const char *line)
{
	snprintf(log_lines[log_count % LOG_KEEP], sizeof(log_lines[0]), "%s",
		 line);
	log_count++;
	CHECK(strchr(line, '\n') == NULL); /* one line per call */
}

static bool log_has(const char *needle)
{
	int n = log_count < LOG_KEEP ? log_count : LOG_KEEP;

	for (int i = 0; i < n; i++) {
		if (strstr(log_lines[i], needle)) {
			return true;
		}
	}
	return false;
}

/* ---- the test device: a tiny stack answering through the UDC API --------- */

struct tdev {
	struct udc_dev udc;
	uint16_t pid;
	bool no_descriptors;
	uint8_t config;
	uint8_t out_data[XFER_MAX];
	size_t out_len;
	int setups;
	int vbus_ready;
	int vbus_removed;
	int detach_ret[2];
	int second_answer_ret;
	int nested_poll_ret;
};

static struct tdev T;
static uint8_t pattern[XFER_MAX];

static void tdev_get_descriptor(struct tdev *t,
				const struct usb_setup_packet *s)
{
	uint8_t dev[18] = { 18,   1,    0x00, 0x02, 0xef, 0x02, 0x01, 64, 0x09,
			    0x12, 0x00, 0x00, 0x01, 0x01, 1,    2,    0,  1 };
	static const uint8_t cfg[36] = {
		9, 2, 36, 0, 2, 1, 0, 0x80, 50,
		9, 4, 0, 0, 0, 0xfe, 0x01, 0x02, 0,
		9, 4, 0, 1, 0, 0xfe, 0x01, 0x02, 0,
		9, 4, 1, 0, 0, 0xff, 0x00, 0x00, 0,
	};
	static const uint8_t langs[4] = { 4, 3, 0x09, 0x04 };

	dev[10] = (uint8_t)t->pid;
	dev[11] = (uint8_t)(t->pid >> 8);
	switch (s->wValue) {
	case 0x0100:
		udc_ctrl_reply(&t->udc, dev, sizeof(dev));
		break;
	case 0x0200:
		udc_ctrl_reply(&t->udc, cfg, sizeof(cfg));
		break;
	case 0x0300:
		udc_ctrl_reply(&t->udc, langs, sizeof(langs));
		break;
	default:
		udc_ctrl_stall(&t->udc);
	}
}

static void tdev_setup(struct tdev *t, const struct udc_event *evt)
{
	const struct usb_setup_packet *s = evt->setup;
	uint16_t req = (uint16_t)((s->bmRequestType << 8) | s->bRequest);

	t->setups++;
	if (t->no_descriptors) {
		udc_ctrl_stall(&t->udc);
		return;
	}
	switch (req) {
	case 0x8006:
		tdev_get_descriptor(t, s);
		break;
	case 0x0009: /* SET_CONFIGURATION */
		if (s->wValue > 1) {
			udc_ctrl_stall(&t->udc);
			break;
		}
		t->config = (uint8_t)s->wValue;
		udc_ctrl_reply(&t->udc, NULL, 0);
		break;
	case 0xc001: /* vendor IN: wValue bytes of pattern */
		udc_ctrl_reply(&t->udc, pattern, s->wValue);
		break;
	case 0x4002: /* vendor OUT: keep the data */
		memcpy(t->out_data, evt->data, evt->data_len);
		t->out_len = evt->data_len;
		udc_ctrl_reply(&t->udc, NULL, 0);
		break;
	case 0xc003: /* vendor IN: echo what vendor OUT stored */
		udc_ctrl_reply(&t->udc, t->out_data, t->out_len);
		break;
	case 0x4010: /* DFU-detach style: answer, unplug, swap, replug */
		udc_ctrl_reply(&t->udc, NULL, 0);
		t->detach_ret[0] = udc_disable(&t->udc);
		t->pid++;
		t->detach_ret[1] = udc_enable(&t->udc);
		break;
	case 0x4011: /* answers twice: the second must be refused */
		udc_ctrl_reply(&t->udc, NULL, 0);
		t->second_answer_ret = udc_ctrl_stall(&t->udc);
		break;
	case 0x4012: /* never answers: the driver stalls */
		break;
	case 0x4013: /* the event loop must not re-enter */
		t->nested_poll_ret = udc_usbip_poll(&t->udc, 0);
		udc_ctrl_reply(&t->udc, NULL, 0);
		break;
	default:
		udc_ctrl_stall(&t->udc);
	}
}

static void tdev_event(struct udc_dev *dev, const struct udc_event *evt,
		       void *user)
{
	struct tdev *t = user;

	switch (evt->type) {
	case UDC_EVT_VBUS_READY:
		t->vbus_ready++;
		break;
	case UDC_EVT_VBUS_REMOVED:
		t->vbus_removed++;
		break;
	case UDC_EVT_SETUP:
		tdev_setup(t, evt);
		break;
	default:
		break;
	}
}

/* Start T on an ephemeral port; returns the port. */
static int tdev_start_cfg(struct udc_usbip_config *cfg)
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

static int tdev_start(int idle_ms)
{
	struct udc_usbip_config cfg;

	udc_usbip_config_init(&cfg);
	cfg.idle_timeout_ms = idle_ms;
	return tdev_start_cfg(&cfg);
}

static void tdev_stop(void)
{
	udc_usbip_destroy(&T.udc);
	CHECK(T.udc.priv == NULL);
}

/* ---- client plumbing ----------------------------------------------------- */

static void pump(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		CHECK(udc_usbip_poll(&T.udc, 0) >= 0);
	}
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static int client_connect(int port)
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

static bool send_all(int fd, const void *buf, size_t n)
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
static bool recv_all(int fd, void *buf, size_t n)
{
	size_t got = 0;

	for (int i = 0; i < PUMP_ROUNDS && got < n; i++) {
		ssize_t r = recv(fd, (uint8_t *)buf + got, n - got,
				 MSG_DONTWAIT);

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
static bool wait_closed(int fd)
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
static bool still_open(int fd)
{
	uint8_t b;
	ssize_t r = recv(fd, &b, 1, MSG_DONTWAIT);

	return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static void close_with_reset(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

/* ---- OP requests --------------------------------------------------------- */

/* OP_REQ_DEVLIST: returns the device count (rec gets the device), or -1. */
static int devlist(int port, uint8_t *rec)
{
	static const uint8_t req[8] = { 0x01, 0x11, 0x80, 0x05, 0, 0, 0, 0 };
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
static int import(int port, const char *busid, bool split, uint8_t *rec)
{
	uint8_t req[40] = { 0x01, 0x11, 0x80, 0x03, 0, 0, 0, 0 };
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

static uint32_t seqnum = 1;
static uint8_t msg[48 + XFER_MAX + 1024];
static uint8_t in_buf[XFER_MAX];

struct ret {
	uint32_t command;
	uint32_t seqnum;
	int32_t status;
	uint32_t actual;
};

static void make_submit(uint8_t *p, uint32_t seq, uint32_t dir, uint32_t ep,
			uint32_t tbl, uint8_t bm, uint8_t req, uint16_t value,
			uint16_t wlen)
{
	memset(p, 0, 48);
	put32(p, 1);
	put32(p + 4, seq);
	put32(p + 8, 0x00010002); /* busnum 1, devnum 2 */
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

static void make_unlink(uint8_t *p, uint32_t seq, uint32_t victim)
{
	memset(p, 0, 48);
	put32(p, 2);
	put32(p + 4, seq);
	put32(p + 8, 0x00010002);
	put32(p + 20, victim);
}

/* Read one RET_*; an IN RET_SUBMIT's data goes to in_buf. */
static bool read_ret(int fd, struct ret *r, bool in_data)
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
static int32_t control(int fd, uint8_t bm, uint8_t req, uint16_t value,
		       uint16_t wlen, uint32_t tbl, const uint8_t *out,
		       uint32_t *actual)
{
	bool dir_in = (bm & 0x80) != 0;
	uint32_t seq = seqnum++;
	size_t len = 48;
	struct ret r = { 0 };

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

/* ---- tests --------------------------------------------------------------- */

static void test_devlist_content(void)
{
	uint8_t rec[REC_BUF];
	struct udc_usbip_config cfg;
	int port = tdev_start(5000);

	CHECK_EQ(devlist(port, rec), 1);
	CHECK(strcmp((char *)rec,
		     "/sys/devices/pci0000:00/0000:00:01.2/usb1/1-1") == 0);
	CHECK(strcmp((char *)rec + 0x100, "1-1") == 0);
	CHECK_EQ(get32(rec + 0x120), 1);     /* busnum */
	CHECK_EQ(get32(rec + 0x124), 2);     /* devnum */
	CHECK_EQ(get32(rec + 0x128), 2);     /* full speed */
	CHECK_EQ(get16(rec + 0x12c), 0x1209); /* idVendor */
	CHECK_EQ(get16(rec + 0x12e), 0x0001); /* idProduct */
	CHECK_EQ(get16(rec + 0x130), 0x0101); /* bcdDevice */
	CHECK_EQ(rec[0x132], 0xef);
	CHECK_EQ(rec[0x133], 0x02);
	CHECK_EQ(rec[0x134], 0x01);
	CHECK_EQ(rec[0x135], 1); /* bConfigurationValue */
	CHECK_EQ(rec[0x136], 1); /* bNumConfigurations */
	CHECK_EQ(rec[0x137], 2); /* bNumInterfaces (alt 1 not counted) */
	CHECK(memcmp(rec + 0x138, "\xfe\x01\x02\x00\xff\x00\x00\x00", 8) == 0);
	CHECK_EQ(T.vbus_ready, 0); /* listing is not attaching */

	T.udc.speed = UDC_SPEED_HIGH;
	CHECK_EQ(devlist(port, rec), 1);
	CHECK_EQ(get32(rec + 0x128), 3);
	tdev_stop();

	/* Another busid: the bus number and the default path follow it. */
	udc_usbip_config_init(&cfg);
	cfg.busid = "3-2";
	port = tdev_start_cfg(&cfg);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK(strcmp((char *)rec,
		     "/sys/devices/pci0000:00/0000:00:01.2/usb3/3-2") == 0);
	CHECK(strcmp((char *)rec + 0x100, "3-2") == 0);
	CHECK_EQ(get32(rec + 0x120), 3);
	tdev_stop();

	udc_usbip_config_init(&cfg);
	cfg.path = "/sys/devices/platform/board/usb9/1-1";
	port = tdev_start_cfg(&cfg);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK(strcmp((char *)rec, "/sys/devices/platform/board/usb9/1-1") ==
	      0);
	tdev_stop();
}

static void test_import(void)
{
	uint8_t rec[REC_BUF];
	char long_busid[33];
	int port = tdev_start(5000);
	int fd;

	CHECK_EQ(import(port, "2-1", false, rec), -4); /* ST_NODEV */
	CHECK(log_has("import of busid \"2-1\" refused: no such busid"));
	memset(long_busid, 'x', 32);
	long_busid[32] = '\0';
	CHECK_EQ(import(port, long_busid, false, rec), -4);
	CHECK_EQ(import(port, "1-1x", true, rec), -4);
	CHECK_EQ(T.vbus_ready, 0);
	CHECK(!udc_usbip_attached(&T.udc));

	fd = import(port, "1-1", true, rec);
	CHECK(fd >= 0);
	CHECK(strcmp((char *)rec + 0x100, "1-1") == 0);
	CHECK_EQ(get32(rec + 0x128), 2);
	CHECK_EQ(get16(rec + 0x12e), 0x0001);
	CHECK_EQ(rec[0x137], 2);
	CHECK_EQ(T.vbus_ready, 1);
	CHECK(udc_usbip_attached(&T.udc));
	CHECK(log_has("imported 1-1"));

	/* The importer goes away: VBUS removed, importable again. */
	close(fd);
	for (int i = 0; i < 100 && T.vbus_removed == 0; i++) {
		udc_usbip_poll(&T.udc, 5);
	}
	CHECK_EQ(T.vbus_removed, 1);
	CHECK(!udc_usbip_attached(&T.udc));
	CHECK(log_has("importer went away"));
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	CHECK_EQ(T.vbus_ready, 2);
	close(fd);
	tdev_stop();
}

static void test_control_in(int fd)
{
	uint32_t actual = 0;

	/* What Linux asks first: 64 bytes of device descriptor. */
	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 64, 64, NULL, &actual), 0);
	CHECK_EQ(actual, 18);
	CHECK_EQ(in_buf[0], 18);
	CHECK_EQ(in_buf[10], 0x01);
	CHECK_EQ(control(fd, 0x80, 6, 0x0200, 9, 9, NULL, &actual), 0);
	CHECK_EQ(actual, 9);
	CHECK_EQ(in_buf[2], 36);
	CHECK_EQ(control(fd, 0x80, 6, 0x0200, 255, 255, NULL, &actual), 0);
	CHECK_EQ(actual, 36);

	/* Cut to wLength, and to transfer_buffer_length. */
	CHECK_EQ(control(fd, 0xc0, 1, 100, 10, 10, NULL, &actual), 0);
	CHECK_EQ(actual, 10);
	CHECK(memcmp(in_buf, pattern, 10) == 0);
	CHECK_EQ(control(fd, 0xc0, 1, 100, 100, 20, NULL, &actual), 0);
	CHECK_EQ(actual, 20);
	CHECK(memcmp(in_buf, pattern, 20) == 0);
	/* A shorter reply stays short. */
	CHECK_EQ(control(fd, 0xc0, 1, 5, 100, 100, NULL, &actual), 0);
	CHECK_EQ(actual, 5);
	CHECK_EQ(control(fd, 0xc0, 1, 10, 0, 0, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	/* The largest control transfer. */
	CHECK_EQ(control(fd, 0xc0, 1, 65535, 65535, 65535, NULL, &actual), 0);
	CHECK_EQ(actual, 65535);
	CHECK(memcmp(in_buf, pattern, 65535) == 0);
}

static void test_control_out(int fd)
{
	static uint8_t data[XFER_MAX];
	uint32_t actual = 0;
	int setups;

	for (size_t i = 0; i < sizeof(data); i++) {
		data[i] = (uint8_t)(i * 13 + 5);
	}
	CHECK_EQ(control(fd, 0x00, 9, 1, 0, 0, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	CHECK_EQ(T.config, 1);
	CHECK_EQ(control(fd, 0x40, 2, 0, 1000, 1000, data, &actual), 0);
	CHECK_EQ(actual, 1000);
	CHECK_EQ(T.out_len, 1000);
	CHECK(memcmp(T.out_data, data, 1000) == 0);
	CHECK_EQ(control(fd, 0xc0, 3, 0, 4096, 4096, NULL, &actual), 0);
	CHECK_EQ(actual, 1000);
	CHECK(memcmp(in_buf, data, 1000) == 0);

	CHECK_EQ(control(fd, 0x40, 2, 0, 65535, 65535, data + 1, &actual), 0);
	CHECK_EQ(actual, 65535);
	CHECK_EQ(T.out_len, 65535);
	CHECK(memcmp(T.out_data, data + 1, 65535) == 0);

	/* wLength and the data stage disagree: stalled, the stack never
	 * sees it. */
	setups = T.setups;
	CHECK_EQ(control(fd, 0x40, 2, 0, 10, 20, data, &actual), -32);
	CHECK_EQ(actual, 0);
	CHECK_EQ(T.setups, setups);
}

static void test_stalls(int fd)
{
	uint32_t actual = 7;
	int setups;

	CHECK_EQ(control(fd, 0xc0, 0x55, 0, 8, 8, NULL, &actual), -32);
	CHECK_EQ(actual, 0);
	CHECK_EQ(control(fd, 0x80, 6, 0x0600, 10, 10, NULL, &actual), -32);
	/* No answer from the stack: stalled. */
	CHECK_EQ(control(fd, 0x40, 0x12, 0, 0, 0, NULL, &actual), -32);
	/* Answered twice: the first answer counts, the second is refused. */
	CHECK_EQ(control(fd, 0x40, 0x11, 0, 0, 0, NULL, &actual), 0);
	CHECK_EQ(T.second_answer_ret, -EALREADY);
	CHECK_EQ(control(fd, 0x40, 0x13, 0, 0, 0, NULL, &actual), 0);
	CHECK_EQ(T.nested_poll_ret, -EBUSY);

	/* An IN setup in an OUT URB with data: stalled before the stack. */
	setups = T.setups;
	make_submit(msg, seqnum, 0, 0, 4, 0x80, 6, 0x0100, 4);
	memset(msg + 48, 0, 4);
	CHECK(send_all(fd, msg, 52));
	{
		struct ret r;

		CHECK(read_ret(fd, &r, false));
		CHECK_EQ(r.seqnum, seqnum);
		CHECK_EQ(r.status, -32);
	}
	seqnum++;
	CHECK_EQ(T.setups, setups);
}

static void test_other_endpoints(int fd)
{
	struct ret r;
	uint32_t actual;

	make_submit(msg, seqnum, 1, 1, 64, 0, 0, 0, 0);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, true));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -32);
	CHECK_EQ(r.actual, 0);

	/* OUT data to ep 2 is consumed, so the next command parses. */
	make_submit(msg, seqnum, 0, 2, 64, 0, 0, 0, 0);
	memset(msg + 48, 0x5a, 64);
	CHECK(send_all(fd, msg, 48 + 64));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -32);

	/* ISO IN on ep 3 with two packet descriptors. */
	make_submit(msg, seqnum, 1, 3, 128, 0, 0, 0, 0);
	put32(msg + 32, 2);
	memset(msg + 48, 0, 32);
	CHECK(send_all(fd, msg, 48 + 32));
	CHECK(read_ret(fd, &r, true));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -32);

	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	CHECK_EQ(actual, 18);
}

static void test_ep_api_outside_setup(void)
{
	uint8_t b = 0;

	CHECK_EQ(udc_ep_enqueue(&T.udc, 0x80, &b, 1), -EINVAL);
	CHECK_EQ(udc_ep_set_halt(&T.udc, 0x80), -EINVAL);
	CHECK_EQ(udc_ep_enqueue(&T.udc, 0x81, &b, 1), -ENOTSUP);
	CHECK_EQ(udc_ep_set_halt(&T.udc, 0x01), -ENOTSUP);
	CHECK_EQ(udc_ep_clear_halt(&T.udc, 0x80), 0);
	CHECK_EQ(udc_ep_clear_halt(&T.udc, 0x02), -ENOTSUP);
	CHECK_EQ(udc_ep_dequeue(&T.udc, 0x00), 0);
	CHECK_EQ(udc_ep_dequeue(&T.udc, 0x81), -ENOTSUP);
}

static void test_transfers(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);

	CHECK(fd >= 0);
	test_control_in(fd);
	test_control_out(fd);
	test_stalls(fd);
	test_other_endpoints(fd);
	test_ep_api_outside_setup();
	CHECK(still_open(fd));
	CHECK_EQ(T.vbus_removed, 0);
	close(fd);
	tdev_stop();
}

static void test_unlink(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);
	uint32_t actual, a, b;
	struct ret r;

	/* Already answered: RET_UNLINK status 0. */
	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	make_unlink(msg, seqnum, seqnum - 1);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.command, 4);
	CHECK_EQ(r.seqnum, seqnum);
	CHECK_EQ(r.status, 0);
	seqnum++;

	/* Never seen: status 0 as well (Linux stub does the same). */
	make_unlink(msg, seqnum, 0xdead);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, 0);

	/* Still pending (submit and unlink in one write, the reply not yet
	 * sent): -ECONNRESET and no RET_SUBMIT, ever. */
	a = seqnum++;
	make_submit(msg, a, 1, 0, 18, 0x80, 6, 0x0100, 18);
	make_unlink(msg + 48, seqnum, a);
	CHECK(send_all(fd, msg, 96));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.command, 4);
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -104);
	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);

	/* Two pending, the first unlinked: the second's reply survives
	 * the removal intact, then RET_UNLINK; a late unlink of the second
	 * gets 0. */
	a = seqnum++;
	b = seqnum++;
	make_submit(msg, a, 1, 0, 100, 0xc0, 1, 100, 100);
	make_submit(msg + 48, b, 1, 0, 50, 0xc0, 1, 50, 50);
	make_unlink(msg + 96, seqnum, a);
	CHECK(send_all(fd, msg, 144));
	CHECK(read_ret(fd, &r, true));
	CHECK_EQ(r.command, 3);
	CHECK_EQ(r.seqnum, b);
	CHECK_EQ(r.actual, 50);
	CHECK(memcmp(in_buf, pattern, 50) == 0);
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.command, 4);
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -104);
	make_unlink(msg, seqnum, b);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, 0);

	CHECK(still_open(fd));
	close(fd);
	tdev_stop();
}

static void test_second_importer(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int a = import(port, "1-1", false, rec);
	uint32_t actual;

	CHECK(a >= 0);
	CHECK_EQ(import(port, "1-1", true, rec), -1); /* ST_NA */
	CHECK(log_has("refused: already imported"));
	CHECK_EQ(T.vbus_ready, 1);
	/* devlist still answers; like usbipd it hides an imported device */
	CHECK_EQ(devlist(port, rec), 0);
	CHECK_EQ(control(a, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	CHECK_EQ(actual, 18);
	CHECK_EQ(T.vbus_removed, 0);
	close(a);
	tdev_stop();
}

static void test_disable_enable(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int a = import(port, "1-1", false, rec);

	CHECK(a >= 0);
	CHECK_EQ(udc_disable(&T.udc), 0);
	CHECK(wait_closed(a));
	close(a);
	CHECK_EQ(T.vbus_removed, 1);
	CHECK(!udc_usbip_attached(&T.udc));
	CHECK_EQ(devlist(port, rec), 0);
	CHECK_EQ(import(port, "1-1", false, rec), -4);

	T.pid = 0x0042; /* new descriptors while unplugged */
	CHECK_EQ(udc_enable(&T.udc), 0);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK_EQ(get16(rec + 0x12e), 0x0042);
	a = import(port, "1-1", false, rec);
	CHECK(a >= 0);
	CHECK_EQ(get16(rec + 0x12e), 0x0042);
	CHECK_EQ(T.vbus_ready, 2);
	close(a);
	tdev_stop();
}

static void test_detach_in_callback(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int a = import(port, "1-1", false, rec);
	uint32_t actual = 1;

	CHECK(a >= 0);
	/* The request that unplugs still completes, then the link drops. */
	CHECK_EQ(control(a, 0x40, 0x10, 0, 0, 0, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	CHECK(wait_closed(a));
	close(a);
	CHECK_EQ(T.detach_ret[0], 0);
	CHECK_EQ(T.detach_ret[1], 0);
	CHECK_EQ(T.vbus_removed, 1);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK_EQ(get16(rec + 0x12e), 0x0002);
	a = import(port, "1-1", false, rec);
	CHECK(a >= 0);
	CHECK_EQ(T.vbus_ready, 2);
	close(a);
	tdev_stop();
}

static void test_bad_op_packets(int port, int importer)
{
	static const uint8_t bad_version[8] = { 0x01, 0x06, 0x80, 0x05 };
	static const uint8_t bad_code[8] = { 0x01, 0x11, 0x80, 0x01 };
	uint8_t garbage[300];
	uint32_t x = 99, actual;
	int fd;

	fd = client_connect(port);
	CHECK(send_all(fd, bad_version, 8));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK(log_has("bad version 0x0106 in OP request"));

	fd = client_connect(port);
	CHECK(send_all(fd, bad_code, 8));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK(log_has("unknown OP request 0x8001"));

	for (size_t i = 0; i < sizeof(garbage); i++) {
		x = x * 1103515245u + 12345u;
		garbage[i] = (uint8_t)(x >> 16);
	}
	garbage[0] = 0xde;
	fd = client_connect(port);
	CHECK(send_all(fd, garbage, sizeof(garbage)));
	CHECK(wait_closed(fd));
	close(fd);

	/* Truncated: half a header, or an import without its busid. */
	fd = client_connect(port);
	CHECK(send_all(fd, bad_code, 4));
	close(fd);
	fd = client_connect(port);
	CHECK(send_all(fd, "\x01\x11\x80\x03\0\0\0\0", 8));
	close(fd);
	/* A devlist asker that resets before reading the reply. */
	fd = client_connect(port);
	CHECK(send_all(fd, "\x01\x11\x80\x05\0\0\0\0", 8));
	close_with_reset(fd);
	pump(5);

	/* Only those connections went: the importer still works. */
	CHECK_EQ(control(importer, 0x80, 6, 0x0100, 18, 18, NULL, &actual),
		 0);
	CHECK_EQ(T.vbus_removed, 0);
}

/* Send bytes as the importer; the server must drop it (VBUS removed). */
static void importer_sends_junk(int port, const uint8_t *junk, size_t len,
				bool then_close)
{
	uint8_t rec[REC_BUF];
	int removed = T.vbus_removed;
	int fd = import(port, "1-1", false, rec);

	CHECK(fd >= 0);
	CHECK(send_all(fd, junk, len));
	if (then_close) {
		close(fd);
		for (int i = 0; i < 100 && T.vbus_removed == removed; i++) {
			udc_usbip_poll(&T.udc, 5);
		}
	} else {
		CHECK(wait_closed(fd));
		close(fd);
	}
	CHECK_EQ(T.vbus_removed, removed + 1);
	CHECK(!udc_usbip_attached(&T.udc));
}

static void test_bad_urb_packets(int port)
{
	uint8_t junk[48];
	int fd, removed;
	uint8_t rec[REC_BUF];

	make_submit(junk, 1, 0, 0, 0, 0, 0, 0, 0);
	put32(junk, 7);
	importer_sends_junk(port, junk, 48, false);
	CHECK(log_has("bad command 0x00000007"));

	make_submit(junk, 1, 0, 0, 0x7fffffff, 0x40, 2, 0, 0);
	importer_sends_junk(port, junk, 48, false);
	CHECK(log_has("length 2147483647"));

	make_submit(junk, 1, 1, 16, 8, 0x80, 6, 0x100, 8);
	importer_sends_junk(port, junk, 48, false);

	make_submit(junk, 1, 1, 0, 8, 0x80, 6, 0x100, 8);
	importer_sends_junk(port, junk, 20, true); /* half a header */

	/* An importer that floods IN requests without reading, then resets
	 * while the server is blocked on a full socket. */
	removed = T.vbus_removed;
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	for (int i = 0; i < 200; i++) {
		make_submit(msg + 48 * i, (uint32_t)i + 1, 1, 0, 65535, 0xc0,
			    1, 65535, 65535);
	}
	CHECK(send_all(fd, msg, 48 * 200));
	pump(20);
	close_with_reset(fd);
	for (int i = 0; i < 100 && T.vbus_removed == removed; i++) {
		udc_usbip_poll(&T.udc, 5);
	}
	CHECK_EQ(T.vbus_removed, removed + 1);
}

static void test_bad_packets(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int importer = import(port, "1-1", false, rec);

	CHECK(importer >= 0);
	test_bad_op_packets(port, importer);
	close(importer);
	for (int i = 0; i < 100 && T.vbus_removed == 0; i++) {
		udc_usbip_poll(&T.udc, 5);
	}
	test_bad_urb_packets(port);
	/* The board keeps serving. */
	CHECK_EQ(devlist(port, rec), 1);
	importer = import(port, "1-1", false, rec);
	CHECK(importer >= 0);
	close(importer);
	tdev_stop();
}

static void test_silent_client(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(200);
	int fd = client_connect(port);
	int half;

	pump(3);
	CHECK(still_open(fd));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK(log_has("no request within 200 ms"));

	/* Half a request does not keep the slot either. */
	half = client_connect(port);
	CHECK(send_all(half, "\x01\x11", 2));
	CHECK(wait_closed(half));
	close(half);

	CHECK_EQ(devlist(port, rec), 1);
	tdev_stop();
}

static void test_connection_limit(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(1000);
	int fds[UDC_USBIP_MAX_CONNS];
	int extra;

	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		fds[i] = client_connect(port);
	}
	pump(3);
	extra = client_connect(port);
	CHECK(wait_closed(extra)); /* refused at once */
	close(extra);
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		CHECK(still_open(fds[i]));
	}
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		CHECK(wait_closed(fds[i])); /* idle timeout */
		close(fds[i]);
	}
	CHECK(log_has("refused while all 8 slots were busy"));
	CHECK_EQ(devlist(port, rec), 1);
	tdev_stop();
}

static void test_port_taken(void)
{
	struct udc_usbip_config cfg;
	struct udc_dev other = { 0 };
	char expect[128];
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);

	CHECK(port > 0);
	udc_usbip_config_init(&cfg);
	cfg.port = (uint16_t)port;
	cfg.log = test_log;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EADDRINUSE);
	snprintf(expect, sizeof(expect),
		 "usbip: cannot listen on 127.0.0.1:%d: Address already in use",
		 port);
	CHECK(strcmp(udc_usbip_error(&other), expect) == 0);
	udc_usbip_destroy(&other);
	CHECK_EQ(devlist(port, rec), 1); /* the first server is unharmed */
	tdev_stop();
}

static void test_listen_fd(void)
{
	struct udc_usbip_config cfg;
	struct udc_dev other = { 0 };
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(a);
	uint8_t rec[REC_BUF];
	char expect[128];
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	int plain = socket(AF_INET, SOCK_STREAM, 0);
	int port;

	CHECK_EQ(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(lfd, 4), 0);
	CHECK_EQ(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	udc_usbip_config_init(&cfg);
	cfg.listen_fd = lfd;
	port = tdev_start_cfg(&cfg);
	CHECK_EQ(port, ntohs(a.sin_port));
	CHECK_EQ(udc_usbip_listen_fd(&T.udc), lfd);
	CHECK(fcntl(lfd, F_GETFD) & FD_CLOEXEC);
	CHECK(fcntl(lfd, F_GETFL) & O_NONBLOCK);
	CHECK_EQ(devlist(port, rec), 1);
	tdev_stop();
	CHECK(fcntl(lfd, F_GETFD) < 0); /* the driver owned and closed it */

	udc_usbip_config_init(&cfg);
	cfg.listen_fd = plain;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -ENOTSOCK);
	snprintf(expect, sizeof(expect),
		 "usbip: listen_fd %d is not a listening socket", plain);
	CHECK(strcmp(udc_usbip_error(&other), expect) == 0);
	udc_usbip_destroy(&other);
	CHECK(fcntl(plain, F_GETFD) >= 0); /* refused: still the caller's */
	close(plain);
}

static void test_config_errors(void)
{
	struct udc_usbip_config cfg;
	struct udc_dev other = { 0 };

	udc_usbip_config_init(&cfg);
	cfg.busid = "0123456789012345678901234567890123";
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EINVAL);
	CHECK(strstr(udc_usbip_error(&other), "busid") != NULL);
	udc_usbip_destroy(&other);

	udc_usbip_config_init(&cfg);
	cfg.address = "localhost";
	cfg.port = 0;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EINVAL);
	CHECK(strcmp(udc_usbip_error(&other),
		     "usbip: cannot listen on localhost:0: not a numeric "
		     "address") == 0);
	udc_usbip_destroy(&other);

	udc_usbip_config_init(&cfg);
	cfg.idle_timeout_ms = 0;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EINVAL);
	udc_usbip_destroy(&other);

	/* Not a usbip device: every entry point refuses it. */
	CHECK_EQ(udc_usbip_poll(&other, 0), -EINVAL);
	CHECK_EQ(udc_usbip_port(&other), -EINVAL);
	CHECK(!udc_usbip_attached(&other));
	CHECK_EQ(udc_usbip_create(NULL, &cfg), -EINVAL);
}

static void test_no_descriptors(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);

	T.no_descriptors = true;
	CHECK_EQ(devlist(port, rec), 0);
	CHECK_EQ(import(port, "1-1", false, rec), -3); /* ST_DEV_ERR */
	CHECK(log_has("stalled GET_DESCRIPTOR(device)"));
	CHECK_EQ(T.vbus_ready, 0);
	tdev_stop();
}

int main(void)
{
	for (size_t i = 0; i < sizeof(pattern); i++) {
		pattern[i] = (uint8_t)(i * 7 + 1);
	}
	test_devlist_content();
	test_import();
	test_transfers();
	test_unlink();
	test_second_importer();
	test_disable_enable();
	test_detach_in_callback();
	test_bad_packets();
	test_silent_client();
	test_connection_limit();
	test_port_taken();
	test_listen_fd();
	test_config_errors();
	test_no_descriptors();
	return test_report("test_usbip");
}
