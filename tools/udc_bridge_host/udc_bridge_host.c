/* SPDX-License-Identifier: Apache-2.0 */
/*
 * udc_bridge_host: the host half of udc/udc_bridge.h. It connects to the
 * byte channel of a board that runs the bridge driver (the Unix socket of
 * QEMU's UART1 for mps2-an386), runs the project's USB/IP server and
 * forwards each controller event of the USB/IP driver to the firmware,
 * waiting inside the event callback for the firmware's answer (the USB/IP
 * driver takes answers only there). The firmware's CONNECT / DISCONNECT
 * become udc_enable() / udc_disable(): a DFU detach is a replug, and
 * usbip-autoattach.sh attaches the new device.
 *
 * Usage: udc_bridge_host --socket PATH [--address A] [--port N]
 *                        [--timeout-ms MS]
 *   --timeout-ms  how long the firmware may take to answer a frame (default
 *                 10000, plus 1 ms per payload byte); a firmware that does
 *                 not answer in time is unplugged until it says CONNECT
 * Exits 0 when the board closes the channel (QEMU ended).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "udc/udc_bridge.h"
#include "udc/udc_usbip.h"

/* A frame the firmware did not answer is sent again this many times. */
#define RETRIES 3

struct answer {
	uint8_t type;  /* SEND, RECV, CTRL_ACK, STALL; 0 = none */
	uint8_t *data; /* SEND: into bridge.in */
	size_t len;
};

struct bridge {
	int fd;
	struct udc_dev usb;
	struct udc_bridge_rx rx;
	uint8_t frame[UDC_BRIDGE_MAX_PAYLOAD];
	uint8_t in[UDC_BRIDGE_MAX_PAYLOAD];
	uint8_t out[UDC_BRIDGE_MAX_PAYLOAD];
	bool enabled; /* the firmware's pull-up, as exported */
	bool alive;   /* the firmware answered the last frame */
	bool eof;
	int timeout_ms;
	unsigned long long bytes_to_fw, bytes_from_fw;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void logf_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bridge: ", stdout);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void usbip_log(const char *line)
{
	logf_("%s", line);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void chan_write(void *user, const uint8_t *p, size_t n)
{
	struct bridge *b = user;
	ssize_t w;

	while (n && !b->eof) {
		w = write(b->fd, p, n);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w <= 0) {
			b->eof = true;
			return;
		}
		p += w;
		n -= (size_t)w;
		b->bytes_to_fw += (size_t)w;
	}
}

/* The firmware's pull-up: export or unplug the device. */
static void set_connected(struct bridge *b, bool on)
{
	if (on == b->enabled) {
		return;
	}
	b->enabled = on;
	logf_("firmware %s", on ? "connected" : "disconnected");
	if (on) {
		udc_enable(&b->usb);
	} else {
		udc_disable(&b->usb);
	}
}

/*
 * Reads one frame of the firmware within timeout_ms; its type, 0 on a
 * timeout, -1 at the channel's end. Bad frames are logged and skipped.
 */
static int read_frame(struct bridge *b, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct pollfd pfd = {.fd = b->fd, .events = POLLIN};
	uint8_t c;
	ssize_t r;
	int left;

	for (;;) {
		left = (int)(deadline - now_ms());
		if (poll(&pfd, 1, left > 0 ? left : 0) <= 0) {
			return 0;
		}
		r = read(b->fd, &c, 1);
		if (r <= 0) {
			if (r < 0 && errno == EINTR) {
				continue;
			}
			b->eof = true;
			return -1;
		}
		b->bytes_from_fw++;
		switch (udc_bridge_rx_byte(&b->rx, c)) {
		case UDC_BRIDGE_RX_HEADER:
			b->rx.dst = b->frame;
			b->rx.dst_cap = sizeof(b->frame);
			break;
		case UDC_BRIDGE_RX_FRAME:
			return b->rx.type;
		case UDC_BRIDGE_RX_BAD:
			logf_("bad frame from the firmware (%d)", b->rx.bad);
			break;
		case UDC_BRIDGE_RX_MORE:
			break;
		}
	}
}

/* CONNECT / DISCONNECT are the firmware's own, whenever they come. */
static bool unsolicited(struct bridge *b, int type)
{
	if (type == UDC_BRIDGE_CONNECT || type == UDC_BRIDGE_DISCONNECT) {
		set_connected(b, type == UDC_BRIDGE_CONNECT);
		return true;
	}
	return false;
}

static void keep_answer(struct bridge *b, int type, struct answer *ans)
{
	switch (type) {
	case UDC_BRIDGE_SEND:
		memcpy(b->in, b->frame, b->rx.len);
		ans->data = b->in;
		ans->len = b->rx.len;
		ans->type = (uint8_t)type;
		break;
	case UDC_BRIDGE_RECV:
		if (b->rx.len == 2) {
			ans->len = (size_t)(b->frame[0] | b->frame[1] << 8);
			ans->type = (uint8_t)type;
		}
		break;
	case UDC_BRIDGE_CTRL_ACK:
	case UDC_BRIDGE_STALL:
		ans->type = (uint8_t)type;
		break;
	default:
		break; /* a stale DONE of an earlier, timed-out frame */
	}
}

/*
 * Send a frame and collect the firmware's answer up to its DONE. A RESYNC
 * sends it again. 0, or -1 when the firmware did not answer.
 */
static int exchange(struct bridge *b, uint8_t type, const uint8_t *p,
		    size_t len, struct answer *ans)
{
	int t;

	for (int attempt = 0; attempt <= RETRIES && !b->eof; attempt++) {
		*ans = (struct answer){0};
		udc_bridge_frame_write(chan_write, b, type, NULL, 0, p, len);
		/* The UART takes the frame at about 17 KiB/s, slower on a
		 * loaded machine: allow 1 ms per byte on top. */
		while ((t = read_frame(b, b->timeout_ms + (int)len)) > 0) {
			if (unsolicited(b, t)) {
				continue;
			}
			if (t == UDC_BRIDGE_DONE && b->rx.len == 1 &&
			    b->frame[0] == type) {
				b->alive = true;
				return 0;
			}
			if (t == UDC_BRIDGE_RESYNC) {
				logf_("firmware asks to resend (%d)",
				      b->rx.len ? b->frame[0] : 0);
				break;
			}
			keep_answer(b, t, ans);
		}
		if (t <= 0) {
			break;
		}
	}
	if (b->alive) {
		logf_("firmware does not answer: unplugging");
	}
	b->alive = false;
	*ans = (struct answer){0};
	/* A silent firmware (another image runs, or it hangs) is unplugged;
	 * the USB/IP driver allows that from inside its callback. */
	set_connected(b, false);
	return -1;
}

static void answer_setup(struct bridge *b, const struct answer *a)
{
	switch (a->type) {
	case UDC_BRIDGE_SEND:
		udc_ctrl_send(&b->usb, a->data, a->len);
		break;
	case UDC_BRIDGE_RECV:
		if (a->len <= sizeof(b->out)) {
			udc_ctrl_recv(&b->usb, b->out, a->len);
		} else {
			udc_ctrl_stall(&b->usb);
		}
		break;
	case UDC_BRIDGE_CTRL_ACK:
		udc_ctrl_status(&b->usb);
		break;
	default:
		udc_ctrl_stall(&b->usb);
		break;
	}
}

static void answer_out(struct bridge *b, const struct answer *a)
{
	if (a->type == UDC_BRIDGE_CTRL_ACK) {
		udc_ctrl_status(&b->usb);
	} else {
		udc_ctrl_stall(&b->usb);
	}
}

static void send_bus(struct bridge *b, uint8_t what)
{
	struct answer a;

	exchange(b, UDC_BRIDGE_BUS, &what, 1, &a);
}

static void setup_bytes(const struct usb_setup_packet *s, uint8_t raw[8])
{
	raw[0] = s->bmRequestType;
	raw[1] = s->bRequest;
	raw[2] = (uint8_t)s->wValue;
	raw[3] = (uint8_t)(s->wValue >> 8);
	raw[4] = (uint8_t)s->wIndex;
	raw[5] = (uint8_t)(s->wIndex >> 8);
	raw[6] = (uint8_t)s->wLength;
	raw[7] = (uint8_t)(s->wLength >> 8);
}

static void on_event(struct udc_dev *dev, const struct udc_event *evt,
		     void *user)
{
	struct bridge *b = user;
	struct answer a;
	uint8_t raw[8];

	switch (evt->type) {
	case UDC_EVT_VBUS_READY:
		send_bus(b, UDC_BRIDGE_BUS_VBUS_READY);
		break;
	case UDC_EVT_VBUS_REMOVED:
		send_bus(b, UDC_BRIDGE_BUS_VBUS_REMOVED);
		break;
	case UDC_EVT_RESET:
		send_bus(b, UDC_BRIDGE_BUS_RESET);
		break;
	case UDC_EVT_SUSPEND:
		send_bus(b, UDC_BRIDGE_BUS_SUSPEND);
		break;
	case UDC_EVT_RESUME:
		send_bus(b, UDC_BRIDGE_BUS_RESUME);
		break;
	case UDC_EVT_SETUP:
		setup_bytes(evt->setup, raw);
		if (exchange(b, UDC_BRIDGE_SETUP, raw, 8, &a) == 0) {
			answer_setup(b, &a);
		}
		break;
	case UDC_EVT_CTRL_OUT:
		if (exchange(b, UDC_BRIDGE_OUT, evt->data, evt->data_len, &a) ==
		    0) {
			answer_out(b, &a);
		}
		break;
	case UDC_EVT_CTRL_STATUS:
		exchange(b, UDC_BRIDGE_STATUS, NULL, 0, &a);
		break;
	default:
		break;
	}
}

/* Between USB/IP events: CONNECT / DISCONNECT of the firmware. */
static void drain(struct bridge *b)
{
	int t;

	while ((t = read_frame(b, 0)) > 0) {
		if (t == UDC_BRIDGE_CONNECT) {
			b->alive = true;
		}
		unsolicited(b, t);
	}
}

static int connect_unix(const char *path, int wait_ms)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	long long deadline = now_ms() + wait_ms;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			return -errno;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			return fd;
		}
		close(fd);
		if (now_ms() > deadline) {
			return -ETIMEDOUT;
		}
		usleep(50000);
	}
}

struct args {
	const char *socket;
	const char *address;
	int port;
	int timeout_ms;
};

/* A whole decimal number in [lo, hi], or -1. */
static int parse_int(const char *str, int lo, int hi)
{
	char *end;
	long v = strtol(str, &end, 10);

	if (*str == '\0' || *end != '\0' || v < lo || v > hi) {
		return -1;
	}
	return (int)v;
}

static int parse_args(struct args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{"socket", required_argument, NULL, 's'},
		{"address", required_argument, NULL, 'a'},
		{"port", required_argument, NULL, 'p'},
		{"timeout-ms", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*a = (struct args){NULL, "127.0.0.1", 3240, 10000};
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->socket = optarg;
			break;
		case 'a':
			a->address = optarg;
			break;
		case 'p':
			a->port = parse_int(optarg, 0, 65535);
			break;
		case 't':
			a->timeout_ms = parse_int(optarg, 1, 600000);
			break;
		default:
			return -1;
		}
	}
	if (!a->socket || a->port < 0 || a->port > 65535 ||
	    a->timeout_ms <= 0) {
		return -1;
	}
	return 0;
}

static int start(struct bridge *b, const struct args *a)
{
	struct udc_usbip_config cfg;
	struct answer ans;
	int ret;

	b->fd = connect_unix(a->socket, 30000);
	if (b->fd < 0) {
		logf_("cannot connect to %s: %s", a->socket, strerror(-b->fd));
		return -1;
	}
	udc_usbip_config_init(&cfg);
	cfg.address = a->address;
	cfg.port = (uint16_t)a->port;
	cfg.log = usbip_log;
	ret = udc_usbip_create(&b->usb, &cfg);
	if (ret < 0) {
		logf_("%s", udc_usbip_error(&b->usb));
		return -1;
	}
	udc_init(&b->usb, on_event, b);
	logf_("channel %s, USB/IP on %s:%d", a->socket, a->address,
	      udc_usbip_port(&b->usb));
	/* The firmware may have said CONNECT before we listened: ask. */
	exchange(b, UDC_BRIDGE_HELLO, NULL, 0, &ans);
	return 0;
}

int main(int argc, char **argv)
{
	static struct bridge b;
	struct args a;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(&a, argc, argv) < 0) {
		fprintf(stderr, "usage: udc_bridge_host --socket PATH "
				"[--address A] [--port N] [--timeout-ms MS]\n");
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	udc_bridge_rx_init(&b.rx);
	b.timeout_ms = a.timeout_ms;
	if (start(&b, &a) < 0) {
		return 1;
	}
	while (!stop_requested && !b.eof) {
		udc_usbip_poll(&b.usb, 5);
		drain(&b);
	}
	logf_("%s; %llu bytes to the firmware, %llu from it",
	      b.eof ? "the board closed the channel" : "stopped", b.bytes_to_fw,
	      b.bytes_from_fw);
	udc_usbip_destroy(&b.usb);
	close(b.fd);
	return 0;
}
