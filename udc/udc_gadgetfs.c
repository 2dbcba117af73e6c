/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gadgetfs controller driver: ep0 of /dev/gadget/<udc> on the staged
 * contract of udc.h. See udc_gadgetfs.h for the mapping and the quirks.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/gadgetfs.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "udc/udc_gadgetfs.h"

#define REQ_GET_DESCRIPTOR    0x06
#define REQ_SET_CONFIGURATION 0x09
#define DESC_DEVICE           0x01
#define DESC_CONFIGURATION    0x02
#define DESC_OTHER_SPEED      0x07
#define DEVICE_DESC_LEN       18
#define CONFIG_DESC_LEN       9
#define CONFIG_MAX_LEN        1024
#define MAX_EVENTS            5 /* gadgetfs queues at most N_EVENT = 5 */
/* gadgetfs's ep0 buffer (RBUF_SIZE): since the fix of CVE-2021-39685 it
 * cuts longer IN requests' wLength to it and stalls longer OUT requests
 * before user space sees them. */
#define GADGETFS_CTRL_MAX 256
/* How long a status queued right before an unplug gets to reach the host:
 * dummy_hcd moves it within a 1 ms frame, real controllers as fast. */
#define STATUS_DRAIN_MS 20

enum ep0_stage {
	EP0_IDLE,
	EP0_SETUP,    /* UDC_EVT_SETUP being delivered */
	EP0_DATA_OUT, /* UDC_EVT_CTRL_OUT being delivered */
	EP0_CAPTURE,  /* a synthetic request of our own (descriptors) */
};

enum ep0_answer {
	EP0_NONE,
	EP0_SEND,
	EP0_RECV,
	EP0_STATUS,
	EP0_STALL,
};

struct gadgetfs {
	struct udc_dev *dev;
	char path[512];
	int fd; /* ep0; -1 while disabled */
	bool in_callback;
	bool connected;  /* a CONNECT since enable: VBUS_READY was raised */
	bool configured; /* a SET_CONFIGURATION(n > 0) completed */
	bool suspended;
	struct usb_setup_packet setup;
	enum ep0_stage stage;
	enum ep0_answer answer;
	uint8_t *out_buf;
	size_t out_len;
	uint8_t *capture;   /* EP0_CAPTURE: where IN data goes */
	size_t capture_len; /* ... its size, then what was sent */
	struct timespec queued_at; /* last status or IN data queued */
	struct usb_gadgetfs_event pending[MAX_EVENTS];
	int npending; /* events read while priming, not yet handled */
	void (*log)(const char *line);
	char error[256];
	/* tag, full-speed config, high-speed config, device descriptor */
	uint8_t desc[4 + 2 * CONFIG_MAX_LEN + DEVICE_DESC_LEN];
	uint8_t hs_config[CONFIG_MAX_LEN];
	/* The OUT data stage, read as soon as its SETUP event (see
	 * fetch_out_data()); handed to the stack on udc_ctrl_recv(). */
	uint8_t out_data[GADGETFS_CTRL_MAX];
	size_t out_data_len;
	bool drop_setup; /* the next SETUP event was answered blind */
};

static struct gadgetfs *gadgetfs_of(const struct udc_dev *dev)
{
	return dev && dev->api == &udc_gadgetfs_api ? dev->priv : NULL;
}

static void gfs_log(struct gadgetfs *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void gfs_log(struct gadgetfs *g, const char *fmt, ...)
{
	char line[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (g->log) {
		g->log(line);
	} else {
		fprintf(stderr, "%s\n", line);
	}
}

static int gfs_fail(struct gadgetfs *g, int err, const char *what)
{
	snprintf(g->error, sizeof(g->error), "gadgetfs: %s: %s", what,
		 strerror(err));
	return -err;
}

static void raise_event(struct gadgetfs *g, enum udc_event_type type)
{
	struct udc_event evt = {
		.type = type,
		.setup = &g->setup,
		.data = g->out_buf,
		.data_len = g->out_len,
	};
	bool nested = g->in_callback;

	g->in_callback = true;
	udc_submit_event(g->dev, &evt);
	g->in_callback = nested;
}

/* ---- ep0 I/O: the answers, as gadgetfs wants them ------------------------ */

static void mark_queued(struct gadgetfs *g)
{
	clock_gettime(CLOCK_MONOTONIC, &g->queued_at);
}

static int ep0_write_in(struct gadgetfs *g, const uint8_t *data, size_t len)
{
	ssize_t n = write(g->fd, data, len);

	if (n < 0) {
		gfs_log(g, "gadgetfs: IN data stage of %zu bytes: %s", len,
			strerror(errno));
		return -errno;
	}
	mark_queued(g);
	return 0;
}

/* A zero-length read in the SETUP state queues the status stage. */
static int ep0_queue_status(struct gadgetfs *g)
{
	if (read(g->fd, NULL, 0) < 0) {
		gfs_log(g, "gadgetfs: status stage: %s", strerror(errno));
		return -errno;
	}
	mark_queued(g);
	return 0;
}

/* I/O in the wrong direction halts ep0; gadgetfs answers EL2HLT. */
static void ep0_halt(struct gadgetfs *g)
{
	ssize_t n;

	if (usb_setup_is_in(&g->setup)) {
		n = read(g->fd, NULL, 0);
	} else {
		n = write(g->fd, NULL, 0);
	}
	if (n >= 0 || errno != EL2HLT) {
		gfs_log(g, "gadgetfs: stall of request %02x.%02x: %s",
			g->setup.bmRequestType, g->setup.bRequest,
			n >= 0 ? "not taken" : strerror(errno));
	}
}

/* Blocking: gadgetfs gives no readiness for the OUT data, which the
 * controller already receives. A reset or an unplug ends the wait. */
static ssize_t ep0_read_out(struct gadgetfs *g, uint8_t *buf, size_t len)
{
	ssize_t n;

	do {
		n = read(g->fd, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		gfs_log(g, "gadgetfs: OUT data stage of %zu bytes: %s", len,
			strerror(errno));
	}
	return n;
}

/* The data of an OUT request the stack did not take: gadgetfs cannot
 * stall it; the host saw it accepted. */
static void ep0_drop_out(struct gadgetfs *g)
{
	gfs_log(g,
		"gadgetfs: cannot stall OUT request %02x.%02x with %u bytes "
		"of data: accepted and dropped",
		g->setup.bmRequestType, g->setup.bRequest, g->setup.wLength);
}

/*
 * The kernel queues the OUT data stage before user space sees the SETUP,
 * and the controller completes the transfer, status included, once the
 * data is in: the host may send its next request at once, and a SETUP
 * that arrives before the data was read takes the data with it (read()
 * fails with EIDRM). So the data is read as soon as the event is, before
 * the stack runs. If it was lost anyway, the overtaking request is
 * answered blind to leave the kernel's setup state (a stall for IN, an
 * acknowledgement for OUT) and its event is dropped: the host sees an
 * error, never a block silently lost.
 */
static int fetch_out_data(struct gadgetfs *g, const struct usb_ctrlrequest *c)
{
	uint16_t len = le16toh(c->wLength);
	ssize_t n;

	g->out_data_len = 0;
	if ((c->bRequestType & USB_DIR_IN) || len == 0) {
		return 0;
	}
	n = ep0_read_out(g, g->out_data,
			 len < sizeof(g->out_data) ? len : sizeof(g->out_data));
	if (n >= 0) {
		g->out_data_len = (size_t)n;
		return 0;
	}
	gfs_log(g,
		"gadgetfs: the host's next request overtook the data of "
		"request %02x.%02x: both fail",
		c->bRequestType, c->bRequest);
	if (read(g->fd, NULL, 0) < 0 && errno != EL2HLT) {
		gfs_log(g, "gadgetfs: leaving the setup state: %s",
			strerror(errno));
	}
	g->drop_setup = true;
	return -EIDRM;
}

/* ---- the answers (udc_api) ----------------------------------------------- */

/* Whether the stack may answer now; -EALREADY for a second answer. */
static int may_answer(struct gadgetfs *g, bool data_out)
{
	bool ok = data_out ? g->stage == EP0_DATA_OUT
			   : g->stage == EP0_SETUP || g->stage == EP0_CAPTURE;

	if (!ok) {
		return -EINVAL;
	}
	return g->answer == EP0_NONE ? 0 : -EALREADY;
}

static int capture_in(struct gadgetfs *g, const uint8_t *data, size_t len)
{
	if (len > g->capture_len) {
		len = g->capture_len;
	}
	if (len > 0) {
		memcpy(g->capture, data, len);
	}
	g->capture_len = len;
	return 0;
}

static int gfs_ctrl_send(struct udc_dev *dev, const uint8_t *data, size_t len)
{
	struct gadgetfs *g = gadgetfs_of(dev);
	int ret = g ? may_answer(g, false) : -EINVAL;

	if (ret) {
		return ret;
	}
	if (!usb_setup_is_in(&g->setup) || len > g->setup.wLength ||
	    (len > 0 && !data)) {
		return -EINVAL;
	}
	g->answer = EP0_SEND;
	if (g->stage == EP0_CAPTURE) {
		return capture_in(g, data, len);
	}
	ret = ep0_write_in(g, data, len);
	if (ret) {
		g->answer = EP0_STALL; /* nothing reached the host */
	}
	return ret;
}

static int gfs_ctrl_recv(struct udc_dev *dev, uint8_t *buf, size_t len)
{
	struct gadgetfs *g = gadgetfs_of(dev);
	int ret = g ? may_answer(g, false) : -EINVAL;

	if (ret) {
		return ret;
	}
	if (usb_setup_is_in(&g->setup) || g->setup.wLength == 0 ||
	    len != g->setup.wLength || !buf || g->stage == EP0_CAPTURE) {
		return -EINVAL;
	}
	g->out_buf = buf;
	g->answer = EP0_RECV;
	return 0;
}

static int gfs_ctrl_status(struct udc_dev *dev)
{
	struct gadgetfs *g = gadgetfs_of(dev);
	bool out = g && g->stage == EP0_DATA_OUT;
	int ret = g ? may_answer(g, out) : -EINVAL;

	if (ret) {
		return ret;
	}
	if (!out && g->setup.wLength > 0) {
		return -EINVAL; /* a data stage is due first */
	}
	g->answer = EP0_STATUS;
	/* After OUT data the controller ends the transfer by itself. */
	if (out || g->stage == EP0_CAPTURE) {
		return 0;
	}
	ret = ep0_queue_status(g);
	if (ret) {
		g->answer = EP0_STALL;
	}
	return ret;
}

static bool stall_possible(struct gadgetfs *g)
{
	if (g->stage != EP0_SETUP) {
		return false; /* after OUT data, or our own request */
	}
	if (!usb_setup_is_in(&g->setup) && g->setup.wLength > 0) {
		return false; /* the kernel took the data already */
	}
	/* gadgetfs checked SET_CONFIGURATION and will not stall it. */
	return !(g->setup.bmRequestType == 0x00 &&
		 g->setup.bRequest == REQ_SET_CONFIGURATION);
}

static int gfs_ctrl_stall(struct udc_dev *dev)
{
	struct gadgetfs *g = gadgetfs_of(dev);
	bool out;

	if (!g || g->stage == EP0_IDLE) {
		return -EINVAL;
	}
	out = g->stage == EP0_DATA_OUT;
	if (may_answer(g, out)) {
		return may_answer(g, out);
	}
	g->answer = EP0_STALL;
	if (stall_possible(g)) {
		ep0_halt(g);
	} else if (g->stage == EP0_DATA_OUT) {
		gfs_log(g,
			"gadgetfs: cannot stall the data of request %02x.%02x: "
			"the host saw it accepted",
			g->setup.bmRequestType, g->setup.bRequest);
	}
	return 0;
}

/* ---- one control transfer ------------------------------------------------ */

static bool is_set_configuration(const struct usb_setup_packet *s)
{
	return s->bmRequestType == 0x00 && s->bRequest == REQ_SET_CONFIGURATION;
}

/* A request the kernel cannot stall still needs its status stage. */
static void finish_unstallable(struct gadgetfs *g)
{
	if (!usb_setup_is_in(&g->setup) && g->setup.wLength > 0) {
		ep0_drop_out(g);
	} else if (!usb_setup_is_in(&g->setup) &&
		   is_set_configuration(&g->setup)) {
		gfs_log(g, "gadgetfs: SET_CONFIGURATION(%u) refused by the "
			   "stack, acknowledged by the kernel",
			g->setup.wValue);
		ep0_queue_status(g);
	} else {
		ep0_halt(g);
	}
}

/* The request is over on our side; the status stage is in the kernel. */
static void ep0_complete(struct gadgetfs *g)
{
	if (is_set_configuration(&g->setup)) {
		g->configured = (g->setup.wValue & 0xff) != 0;
	}
	g->stage = EP0_IDLE;
	raise_event(g, UDC_EVT_CTRL_STATUS);
}

static void ep0_data_out(struct gadgetfs *g)
{
	g->out_len = g->out_data_len;
	memcpy(g->out_buf, g->out_data, g->out_len);

	g->stage = EP0_DATA_OUT;
	g->answer = EP0_NONE;
	raise_event(g, UDC_EVT_CTRL_OUT);
	if (g->fd >= 0 && g->answer == EP0_STATUS) {
		ep0_complete(g);
	}
}

static void handle_setup(struct gadgetfs *g, const struct usb_ctrlrequest *c)
{
	g->setup = (struct usb_setup_packet){
		.bmRequestType = c->bRequestType,
		.bRequest = c->bRequest,
		.wValue = le16toh(c->wValue),
		.wIndex = le16toh(c->wIndex),
		.wLength = le16toh(c->wLength),
	};
	g->stage = EP0_SETUP;
	g->answer = EP0_NONE;
	g->out_buf = NULL;
	g->out_len = 0;
	raise_event(g, UDC_EVT_SETUP);
	if (g->fd < 0) {
		return; /* the stack unplugged us from its callback */
	}
	switch (g->answer) {
	case EP0_SEND:
	case EP0_STATUS:
		ep0_complete(g);
		break;
	case EP0_RECV:
		ep0_data_out(g);
		break;
	case EP0_NONE:
		finish_unstallable(g); /* no answer: a stall where possible */
		break;
	case EP0_STALL:
		if (!stall_possible(g)) {
			finish_unstallable(g);
		}
		break;
	}
	g->stage = EP0_IDLE;
}

/* ---- bus events ---------------------------------------------------------- */

static void handle_connect(struct gadgetfs *g, enum usb_device_speed speed)
{
	g->dev->speed = speed == USB_SPEED_HIGH ? UDC_SPEED_HIGH
						: UDC_SPEED_FULL;
	if (!g->connected) {
		g->connected = true;
		raise_event(g, UDC_EVT_VBUS_READY);
	}
}

static void handle_disconnect(struct gadgetfs *g)
{
	g->stage = EP0_IDLE;
	if (g->configured) {
		g->configured = false;
		raise_event(g, UDC_EVT_RESET);
	}
}

static void handle_event(struct gadgetfs *g, const struct usb_gadgetfs_event *e)
{
	if (g->suspended && e->type != GADGETFS_SUSPEND &&
	    e->type != GADGETFS_NOP) {
		g->suspended = false;
		raise_event(g, UDC_EVT_RESUME);
	}
	switch (e->type) {
	case GADGETFS_CONNECT:
		handle_connect(g, e->u.speed);
		break;
	case GADGETFS_DISCONNECT:
		handle_disconnect(g);
		break;
	case GADGETFS_SETUP:
		if (g->drop_setup) {
			/* answered blind by fetch_out_data(); leave the
			 * kernel's setup state again */
			g->drop_setup = false;
			if (read(g->fd, NULL, 0) < 0 && errno != EL2HLT) {
				gfs_log(g, "gadgetfs: dropping a request: %s",
					strerror(errno));
			}
		} else if (fetch_out_data(g, &e->u.setup) == 0) {
			handle_setup(g, &e->u.setup);
		}
		break;
	case GADGETFS_SUSPEND:
		g->suspended = true;
		raise_event(g, UDC_EVT_SUSPEND);
		break;
	default:
		break;
	}
}

/* Read queued events; gadgetfs stops a batch after a SETUP. */
static int read_events(struct gadgetfs *g, struct usb_gadgetfs_event *ev)
{
	ssize_t n;

	do {
		n = read(g->fd, ev, MAX_EVENTS * sizeof(*ev));
		/* EIDRM: a transfer was abandoned (reported once). */
	} while (n < 0 && (errno == EINTR || errno == EIDRM));
	if (n < 0) {
		return errno == EAGAIN ? 0 : -errno;
	}
	return (int)((size_t)n / sizeof(*ev));
}

static int handle_events(struct gadgetfs *g, struct usb_gadgetfs_event *ev,
			 int count)
{
	for (int i = 0; i < count && g->fd >= 0; i++) {
		handle_event(g, &ev[i]);
	}
	return count;
}

/* ---- descriptors from the stack ------------------------------------------ */

/* A GET_DESCRIPTOR of our own through the staged path, into buf. */
static int stack_descriptor(struct gadgetfs *g, uint8_t type, uint8_t *buf,
			    uint16_t len, size_t *got)
{
	g->setup = (struct usb_setup_packet){
		.bmRequestType = USB_REQTYPE_DIR_IN,
		.bRequest = REQ_GET_DESCRIPTOR,
		.wValue = (uint16_t)(type << 8),
		.wLength = len,
	};
	g->stage = EP0_CAPTURE;
	g->answer = EP0_NONE;
	g->capture = buf;
	g->capture_len = len;
	raise_event(g, UDC_EVT_SETUP);
	if (g->answer != EP0_SEND) {
		g->stage = EP0_IDLE;
		return -EPIPE; /* the next SETUP ends it for the stack */
	}
	*got = g->capture_len;
	ep0_complete(g);
	return 0;
}

/* The whole configuration (type CONFIGURATION or OTHER_SPEED) at buf. */
static int stack_config(struct gadgetfs *g, uint8_t type, uint8_t *buf,
			size_t *len)
{
	uint16_t total;
	int ret = stack_descriptor(g, type, buf, CONFIG_DESC_LEN, len);

	if (ret || *len < CONFIG_DESC_LEN) {
		return -EPIPE;
	}
	total = (uint16_t)(buf[2] | buf[3] << 8);
	if (total < CONFIG_DESC_LEN || total > CONFIG_MAX_LEN) {
		return -EINVAL;
	}
	ret = stack_descriptor(g, type, buf, total, len);
	if (ret || *len != total) {
		return -EPIPE;
	}
	buf[1] = DESC_CONFIGURATION; /* gadgetfs wants both as configs */
	return 0;
}

/*
 * gadgetfs's format: a 32-bit tag 0, the full-speed configuration, the
 * high-speed one (optional), the device descriptor. Returns its length.
 * At high speed the stack's other-speed configuration is the full-speed
 * one.
 */
static int build_descriptors(struct gadgetfs *g)
{
	uint8_t *p = g->desc + 4;
	size_t len, hs_len;

	memset(g->desc, 0, 4);
	if (g->dev->speed != UDC_SPEED_HIGH) {
		if (stack_config(g, DESC_CONFIGURATION, p, &len)) {
			return -EPIPE;
		}
		p += len;
	} else {
		if (stack_config(g, DESC_CONFIGURATION, g->hs_config,
				 &hs_len)) {
			return -EPIPE;
		}
		/* Without an other-speed configuration the device looks
		 * the same at both speeds. */
		if (stack_config(g, DESC_OTHER_SPEED, p, &len)) {
			memcpy(p, g->hs_config, hs_len);
			len = hs_len;
		}
		p += len;
		memcpy(p, g->hs_config, hs_len);
		p += hs_len;
	}
	if (stack_descriptor(g, DESC_DEVICE, p, DEVICE_DESC_LEN, &len) ||
	    len != DEVICE_DESC_LEN) {
		return -EPIPE;
	}
	return (int)(p + len - g->desc);
}

/* ---- the controller API -------------------------------------------------- */

/*
 * gadgetfs delegates requests (strings, SET_CONFIGURATION ...) to user
 * space only once ep0 has been read; the host enumerates within about
 * 100 ms of the pull-up. A non-blocking read right after binding marks
 * ep0 as read; events it returns are handled by the next poll.
 */
static void prime_ep0(struct gadgetfs *g)
{
	int flags = fcntl(g->fd, F_GETFL);
	int n;

	fcntl(g->fd, F_SETFL, flags | O_NONBLOCK);
	n = read_events(g, g->pending);
	g->npending = n > 0 ? n : 0;
	fcntl(g->fd, F_SETFL, flags);
}

static int open_ep0(struct gadgetfs *g, size_t len)
{
	ssize_t n;

	g->fd = open(g->path, O_RDWR | O_CLOEXEC);
	if (g->fd < 0) {
		return gfs_fail(g, errno, g->path);
	}
	n = write(g->fd, g->desc, len);
	if (n != (ssize_t)len) {
		int err = n < 0 ? errno : EIO;

		close(g->fd);
		g->fd = -1;
		return gfs_fail(g, err, "writing the descriptors to ep0");
	}
	prime_ep0(g);
	return 0;
}

static int gfs_init(struct udc_dev *dev)
{
	return gadgetfs_of(dev) ? 0 : -EINVAL;
}

static int gfs_enable(struct udc_dev *dev)
{
	struct gadgetfs *g = gadgetfs_of(dev);
	int len;

	if (!g) {
		return -EINVAL;
	}
	if (g->fd >= 0) {
		return -EALREADY;
	}
	len = build_descriptors(g);
	if (len < 0) {
		snprintf(g->error, sizeof(g->error),
			 "gadgetfs: the stack gave no descriptors");
		gfs_log(g, "%s", g->error);
		return len;
	}
	g->connected = false;
	g->configured = false;
	g->suspended = false;
	g->npending = 0;
	if (open_ep0(g, (size_t)len)) {
		gfs_log(g, "%s", g->error);
		return -EIO;
	}
	return 0;
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	       (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* gadgetfs does not say when a queued status stage completed. */
static void drain_status(struct gadgetfs *g)
{
	long left = STATUS_DRAIN_MS - ms_since(&g->queued_at);
	struct timespec ts = {0, left * 1000000};

	if (left > 0 && left <= STATUS_DRAIN_MS) {
		nanosleep(&ts, NULL);
	}
}

static int gfs_disable(struct udc_dev *dev)
{
	struct gadgetfs *g = gadgetfs_of(dev);

	if (!g) {
		return -EINVAL;
	}
	if (g->fd < 0) {
		return 0;
	}
	drain_status(g);
	/* Closing ep0 unbinds the gadget: the pull-up goes off. */
	close(g->fd);
	g->fd = -1;
	g->stage = EP0_IDLE;
	g->npending = 0;
	return 0;
}

static bool is_ep0(uint8_t ep)
{
	return (ep & 0x7f) == 0;
}

/* No data endpoints; endpoint 0 moves data with udc_ctrl_send/recv. */
static int gfs_ep_enqueue(struct udc_dev *dev, uint8_t ep, const uint8_t *data,
			  size_t len)
{
	return gadgetfs_of(dev) ? -ENOTSUP : -EINVAL;
}

static int gfs_ep_dequeue(struct udc_dev *dev, uint8_t ep)
{
	if (!gadgetfs_of(dev)) {
		return -EINVAL;
	}
	return is_ep0(ep) ? 0 : -ENOTSUP;
}

/* Halting endpoint 0 is the protocol stall of the running request. */
static int gfs_ep_set_halt(struct udc_dev *dev, uint8_t ep)
{
	if (!gadgetfs_of(dev)) {
		return -EINVAL;
	}
	return is_ep0(ep) ? gfs_ctrl_stall(dev) : -ENOTSUP;
}

static int gfs_ep_clear_halt(struct udc_dev *dev, uint8_t ep)
{
	if (!gadgetfs_of(dev)) {
		return -EINVAL;
	}
	/* A protocol stall ends with the next SETUP: nothing to clear. */
	return is_ep0(ep) ? 0 : -ENOTSUP;
}

/* set_address stays NULL: the controller handles SET_ADDRESS. */
const struct udc_api udc_gadgetfs_api = {
	.init = gfs_init,
	.enable = gfs_enable,
	.disable = gfs_disable,
	.ctrl_send = gfs_ctrl_send,
	.ctrl_recv = gfs_ctrl_recv,
	.ctrl_status = gfs_ctrl_status,
	.ctrl_stall = gfs_ctrl_stall,
	.ep_enqueue = gfs_ep_enqueue,
	.ep_dequeue = gfs_ep_dequeue,
	.ep_set_halt = gfs_ep_set_halt,
	.ep_clear_halt = gfs_ep_clear_halt,
};

/* ---- creation and the event loop ----------------------------------------- */

/*
 * gadgetfs queues a SETUP event without holding the transfer: an OUT
 * data stage completes (status included) at once, and a SETUP that
 * arrives before user space read the previous one replaces it in the
 * queue: that request is lost, though the host saw it succeed. Only a
 * reader that runs as soon as an event is queued is safe, so the driver
 * asks for real-time scheduling (it never spins: it blocks in poll()).
 */
static void raise_priority(struct gadgetfs *g)
{
	struct sched_param sp = {.sched_priority = 10};

	if (sched_setscheduler(0, SCHED_FIFO, &sp) < 0) {
		gfs_log(g,
			"gadgetfs: no real-time priority (%s): a request the "
			"host sends before this process ran can be lost",
			strerror(errno));
	}
}

void udc_gadgetfs_config_init(struct udc_gadgetfs_config *cfg)
{
	*cfg = (struct udc_gadgetfs_config){.dir = UDC_GADGETFS_DEFAULT_DIR};
}

/* The controller's file: the one entry of dir that is no endpoint. */
static int find_udc(struct gadgetfs *g, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d) {
		return gfs_fail(g, errno, dir);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strncmp(e->d_name, "ep", 2) == 0) {
			continue;
		}
		if (found++ == 0) {
			snprintf(g->path, sizeof(g->path), "%s/%s", dir,
				 e->d_name);
		}
	}
	closedir(d);
	if (found != 1) {
		snprintf(g->error, sizeof(g->error),
			 "gadgetfs: %s has %s controller (mount gadgetfs there"
			 " after loading a UDC driver, or name one)",
			 dir, found ? "more than one" : "no");
		return -ENODEV;
	}
	return 0;
}

int udc_gadgetfs_create(struct udc_dev *dev,
			const struct udc_gadgetfs_config *cfg)
{
	struct gadgetfs *g;
	const char *dir = cfg && cfg->dir ? cfg->dir : UDC_GADGETFS_DEFAULT_DIR;

	if (!dev) {
		return -EINVAL;
	}
	g = calloc(1, sizeof(*g));
	if (!g) {
		return -ENOMEM;
	}
	g->dev = dev;
	g->fd = -1;
	g->log = cfg ? cfg->log : NULL;
	dev->api = &udc_gadgetfs_api;
	dev->priv = g;
	dev->speed = UDC_SPEED_HIGH;
	dev->mps0 = 64;
	dev->ctrl_max = GADGETFS_CTRL_MAX;
	raise_priority(g);
	if (cfg && cfg->udc) {
		snprintf(g->path, sizeof(g->path), "%s/%s", dir, cfg->udc);
		if (access(g->path, R_OK | W_OK) < 0) {
			return gfs_fail(g, errno, g->path);
		}
		return 0;
	}
	return find_udc(g, dir);
}

void udc_gadgetfs_destroy(struct udc_dev *dev)
{
	struct gadgetfs *g = gadgetfs_of(dev);

	if (!g) {
		return;
	}
	if (g->fd >= 0) {
		close(g->fd);
	}
	free(g);
	dev->priv = NULL;
}

const char *udc_gadgetfs_error(const struct udc_dev *dev)
{
	const struct gadgetfs *g = gadgetfs_of(dev);

	return g ? g->error : "gadgetfs: not a gadgetfs controller";
}

static int wait_ep0(struct gadgetfs *g, int timeout_ms)
{
	struct pollfd pfd = {.fd = g->fd, .events = POLLIN};
	int n = poll(&pfd, 1, timeout_ms);

	if (n < 0) {
		return errno == EINTR ? 0 : -errno;
	}
	/* POLLHUP alone: a transfer was abandoned, nothing to read. */
	return n > 0 && (pfd.revents & POLLIN);
}

int udc_gadgetfs_poll(struct udc_dev *dev, int timeout_ms)
{
	struct gadgetfs *g = gadgetfs_of(dev);
	struct usb_gadgetfs_event ev[MAX_EVENTS];
	int n;

	if (!g) {
		return -EINVAL;
	}
	if (g->in_callback) {
		return -EBUSY;
	}
	if (g->npending > 0) {
		n = g->npending;
		g->npending = 0;
		memcpy(ev, g->pending, (size_t)n * sizeof(ev[0]));
		return handle_events(g, ev, n);
	}
	if (g->fd < 0) {
		poll(NULL, 0, timeout_ms); /* unplugged: only time passes */
		return 0;
	}
	n = wait_ep0(g, timeout_ms);
	if (n <= 0) {
		return n;
	}
	n = read_events(g, ev);
	return n < 0 ? n : handle_events(g, ev, n);
}
