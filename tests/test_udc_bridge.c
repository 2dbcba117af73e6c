/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bridge controller (udc/udc_bridge.h) from its protocol description:
 * each host frame gets the stack's answer and DONE, bad frames get RESYNC
 * and are not delivered, OUT data stages reach the armed buffer only when
 * they fit, and garbage never hangs or crashes the driver.
 */
#include <string.h>

#include "tests/test.h"
#include "udc/udc_bridge.h"

TEST_MAIN_DEFS;

#define BUF 16384

struct chan {
	uint8_t in[BUF];
	size_t in_len, in_pos;
	uint8_t out[BUF];
	size_t out_len;
};

struct frame {
	uint8_t type;
	uint8_t data[UDC_BRIDGE_MAX_PAYLOAD];
	size_t len;
};

/* What the fake stack does with the next event. */
enum reply { R_NONE, R_SEND, R_RECV, R_STATUS, R_STALL };

struct stack {
	enum reply on_setup, on_out;
	uint8_t out_buf[UDC_BRIDGE_MAX_PAYLOAD];
	int events[16];
	int n_events;
	uint8_t got[UDC_BRIDGE_MAX_PAYLOAD];
	size_t got_len;
	int send_ret;
};

static struct chan ch;
static struct stack st;
static struct udc_dev dev;
static struct udc_bridge br;

static int chan_read(void *user)
{
	return ch.in_pos < ch.in_len ? ch.in[ch.in_pos++] : -1;
}

static void chan_write(void *user, const uint8_t *p, size_t n)
{
	if (ch.out_len + n <= BUF) {
		memcpy(ch.out + ch.out_len, p, n);
		ch.out_len += n;
	}
}

static void host_write(void *user, const uint8_t *p, size_t n)
{
	memcpy(ch.in + ch.in_len, p, n);
	ch.in_len += n;
}

static void host_frame(uint8_t type, const uint8_t *p, size_t n)
{
	udc_bridge_frame_write(host_write, NULL, type, NULL, 0, p, n);
}

static void on_event(struct udc_dev *d, const struct udc_event *evt, void *user)
{
	static const uint8_t desc[18] = {18, 1};

	st.events[st.n_events++ % 16] = evt->type;
	if (evt->type == UDC_EVT_SETUP) {
		switch (st.on_setup) {
		case R_SEND:
			st.send_ret = udc_ctrl_send(d, desc, sizeof(desc));
			break;
		case R_RECV:
			udc_ctrl_recv(d, st.out_buf, evt->setup->wLength);
			break;
		case R_STATUS:
			udc_ctrl_status(d);
			break;
		case R_STALL:
			udc_ctrl_stall(d);
			break;
		case R_NONE:
			break;
		}
	} else if (evt->type == UDC_EVT_CTRL_OUT) {
		memcpy(st.got, evt->data, evt->data_len);
		st.got_len = evt->data_len;
		udc_ctrl_status(d);
	}
}

/* The device's frames since the last call, decoded as the host does. */
static size_t device_frames(struct frame *f, size_t max)
{
	struct udc_bridge_rx rx;
	size_t n = 0;

	udc_bridge_rx_init(&rx);
	for (size_t i = 0; i < ch.out_len && n < max; i++) {
		switch (udc_bridge_rx_byte(&rx, ch.out[i])) {
		case UDC_BRIDGE_RX_HEADER:
			rx.dst = f[n].data;
			rx.dst_cap = sizeof(f[n].data);
			break;
		case UDC_BRIDGE_RX_FRAME:
			f[n].type = rx.type;
			f[n].len = rx.len;
			n++;
			break;
		default:
			break;
		}
	}
	ch.out_len = 0;
	return n;
}

static void reset_all(void)
{
	memset(&ch, 0, sizeof(ch));
	memset(&st, 0, sizeof(st));
	memset(&dev, 0, sizeof(dev));
	const struct udc_bridge_chan c = {chan_read, chan_write, NULL};

	CHECK_EQ(udc_bridge_create(&dev, &br, &c), 0);
	CHECK_EQ(udc_init(&dev, on_event, NULL), 0);
}

static void poll_all(void)
{
	for (int i = 0; i < 100 && ch.in_pos < ch.in_len; i++) {
		udc_bridge_poll(&dev);
	}
}

static void test_start_and_hello(void)
{
	static struct frame f[4];

	reset_all();
	CHECK_EQ(device_frames(f, 4), 1);
	CHECK_EQ(f[0].type, UDC_BRIDGE_DISCONNECT);
	host_frame(UDC_BRIDGE_HELLO, NULL, 0);
	poll_all();
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_DISCONNECT);
	CHECK_EQ(f[1].type, UDC_BRIDGE_DONE);
	CHECK_EQ(f[1].data[0], UDC_BRIDGE_HELLO);
	CHECK_EQ(udc_enable(&dev), 0);
	host_frame(UDC_BRIDGE_HELLO, NULL, 0);
	poll_all();
	CHECK_EQ(device_frames(f, 4), 3);
	CHECK_EQ(f[0].type, UDC_BRIDGE_CONNECT);
	CHECK_EQ(f[1].type, UDC_BRIDGE_CONNECT);
	CHECK_EQ(f[2].type, UDC_BRIDGE_DONE);
}

static void setup_frame(uint8_t bm, uint16_t w_length)
{
	uint8_t raw[8] = {
		bm, 6, 0, 1, 0, 0, (uint8_t)w_length, (uint8_t)(w_length >> 8)};

	host_frame(UDC_BRIDGE_SETUP, raw, sizeof(raw));
}

static void test_in_request(void)
{
	static struct frame f[4];

	reset_all();
	device_frames(f, 4);
	st.on_setup = R_SEND;
	setup_frame(0x80, 64);
	poll_all();
	CHECK_EQ(st.send_ret, 0);
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_SEND);
	CHECK_EQ(f[0].len, 18);
	CHECK_EQ(f[1].type, UDC_BRIDGE_DONE);
	CHECK_EQ(f[1].data[0], UDC_BRIDGE_SETUP);
	/* Longer than wLength: refused, nothing sent, host stalls. */
	setup_frame(0x80, 8);
	poll_all();
	CHECK_EQ(st.send_ret, -EINVAL);
	CHECK_EQ(device_frames(f, 4), 1);
	CHECK_EQ(f[0].type, UDC_BRIDGE_DONE);
	host_frame(UDC_BRIDGE_STATUS, NULL, 0);
	poll_all();
	CHECK_EQ(st.events[st.n_events - 1], UDC_EVT_CTRL_STATUS);
}

static void test_out_request(void)
{
	static struct frame f[4];
	uint8_t data[100];

	for (size_t i = 0; i < sizeof(data); i++) {
		data[i] = (uint8_t)(i * 7 + UDC_BRIDGE_SYNC0);
	}
	reset_all();
	device_frames(f, 4);
	st.on_setup = R_RECV;
	setup_frame(0x21, sizeof(data));
	poll_all();
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_RECV);
	CHECK_EQ(f[0].data[0] | f[0].data[1] << 8, sizeof(data));
	host_frame(UDC_BRIDGE_OUT, data, sizeof(data));
	poll_all();
	CHECK_EQ(st.got_len, sizeof(data));
	CHECK(memcmp(st.got, data, sizeof(data)) == 0);
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_CTRL_ACK);
	CHECK_EQ(f[1].data[0], UDC_BRIDGE_OUT);

	/* Not armed any more: stalled, the stack never sees it. */
	st.got_len = 0;
	host_frame(UDC_BRIDGE_OUT, data, sizeof(data));
	poll_all();
	CHECK_EQ(st.got_len, 0);
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_STALL);

	/* Armed for 100, 99 arrive: stalled, buffer untouched. */
	memset(st.out_buf, 0xee, sizeof(st.out_buf));
	setup_frame(0x21, sizeof(data));
	host_frame(UDC_BRIDGE_OUT, data, sizeof(data) - 1);
	poll_all();
	CHECK_EQ(st.got_len, 0);
	CHECK_EQ(st.out_buf[0], 0xee);
	CHECK_EQ(device_frames(f, 4), 4);
	CHECK_EQ(f[2].type, UDC_BRIDGE_STALL);

	/* A SETUP abandons the armed stage. */
	setup_frame(0x21, sizeof(data));
	poll_all();
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_RECV);
	st.on_setup = R_NONE;
	setup_frame(0x21, sizeof(data));
	host_frame(UDC_BRIDGE_OUT, data, sizeof(data));
	poll_all();
	CHECK_EQ(st.got_len, 0);
	CHECK_EQ(device_frames(f, 4), 3);
	CHECK_EQ(f[1].type, UDC_BRIDGE_STALL);
}

/* A frame with one byte changed at off: RESYNC(why), nothing delivered. */
static void check_corrupt(size_t off, uint8_t xor_mask, int why)
{
	static struct frame f[4];
	size_t start;
	int events;

	reset_all();
	device_frames(f, 4);
	st.on_setup = R_STALL;
	start = ch.in_len;
	setup_frame(0x80, 18);
	ch.in[start + off] ^= xor_mask;
	events = st.n_events;
	poll_all();
	CHECK_EQ(st.n_events, events);
	CHECK_EQ(device_frames(f, 4), 1);
	CHECK_EQ(f[0].type, UDC_BRIDGE_RESYNC);
	CHECK_EQ(f[0].data[0], why);
	/* The host sends it again: handled. */
	setup_frame(0x80, 18);
	poll_all();
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_STALL);
	CHECK_EQ(f[1].type, UDC_BRIDGE_DONE);
}

static void test_bad_frames(void)
{
	static struct frame f[4];
	static const uint8_t short_setup[7];
	uint8_t hdr[6] = {UDC_BRIDGE_SYNC0,
			  UDC_BRIDGE_SYNC1,
			  UDC_BRIDGE_OUT,
			  0xff,
			  0xff,
			  0};

	check_corrupt(2, 0x10, UDC_BRIDGE_BAD_HEADER); /* type */
	check_corrupt(3, 0x01, UDC_BRIDGE_BAD_HEADER); /* length */
	check_corrupt(5, 0x80, UDC_BRIDGE_BAD_HEADER); /* HCRC */
	check_corrupt(9, 0x04, UDC_BRIDGE_BAD_CRC);    /* payload */
	check_corrupt(15, 0x01, UDC_BRIDGE_BAD_CRC);   /* CRC */

	/* Longer than UDC_BRIDGE_MAX_PAYLOAD, even with a right HCRC. */
	reset_all();
	device_frames(f, 4);
	hdr[5] = 0xde; /* any: the length check comes first either way */
	host_write(NULL, hdr, sizeof(hdr));
	poll_all();
	CHECK_EQ(device_frames(f, 4), 1);
	CHECK_EQ(f[0].type, UDC_BRIDGE_RESYNC);

	/* Unknown type, and a SETUP of 7 bytes: RESYNC(BAD_TYPE). */
	host_frame(0x42, NULL, 0);
	host_frame(UDC_BRIDGE_SETUP, short_setup, sizeof(short_setup));
	poll_all();
	CHECK_EQ(device_frames(f, 4), 2);
	CHECK_EQ(f[0].type, UDC_BRIDGE_RESYNC);
	CHECK_EQ(f[0].data[0], UDC_BRIDGE_BAD_TYPE);
	CHECK_EQ(f[1].data[0], UDC_BRIDGE_BAD_TYPE);
	CHECK_EQ(st.n_events, 0);
}

/* Noise, then a good frame: the driver finds it (xorshift, fixed seed). */
static void test_garbage(void)
{
	static struct frame f[64];
	uint32_t x = 0x12345678;
	size_t n;

	reset_all();
	device_frames(f, 64);
	for (int i = 0; i < 3000; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		ch.in[ch.in_len++] = (uint8_t)x;
	}
	/* Whatever the noise left half-parsed, a frame's worth of sync
	 * bytes that cannot start a header ends it; then HELLO. */
	memset(ch.in + ch.in_len, 0, UDC_BRIDGE_MAX_PAYLOAD + 8);
	ch.in_len += UDC_BRIDGE_MAX_PAYLOAD + 8;
	host_frame(UDC_BRIDGE_HELLO, NULL, 0);
	for (int i = 0; i < 10000 && ch.in_pos < ch.in_len; i++) {
		udc_bridge_poll(&dev);
	}
	CHECK_EQ(ch.in_pos, ch.in_len);
	n = device_frames(f, 64);
	CHECK(n >= 2);
	CHECK_EQ(f[n - 1].type, UDC_BRIDGE_DONE);
	CHECK_EQ(f[n - 1].data[0], UDC_BRIDGE_HELLO);
}

static void test_bus_and_one_frame_per_poll(void)
{
	uint8_t reset = UDC_BRIDGE_BUS_RESET, bad = 9;

	reset_all();
	host_frame(UDC_BRIDGE_BUS, &reset, 1);
	host_frame(UDC_BRIDGE_BUS, &bad, 1);
	udc_bridge_poll(&dev);
	CHECK_EQ(st.n_events, 1);
	CHECK_EQ(st.events[0], UDC_EVT_RESET);
	udc_bridge_poll(&dev);
	CHECK_EQ(st.n_events, 1); /* an unknown bus event raises nothing */
	CHECK_EQ(ch.in_pos, ch.in_len);
}

int main(void)
{
	test_start_and_hello();
	test_in_request();
	test_out_request();
	test_bad_frames();
	test_garbage();
	test_bus_and_one_frame_per_poll();
	return test_report("test_udc_bridge");
}
