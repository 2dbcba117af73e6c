/* SPDX-License-Identifier: Apache-2.0 */
/* Controller driver over a byte channel; the protocol is in udc_bridge.h. */
#include <errno.h>
#include <string.h>

#include "udc/udc_bridge.h"

/* ---- frame codec ---- */

static uint8_t crc8(uint8_t crc, const uint8_t *p, size_t n)
{
	while (n--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++) {
			crc = (uint8_t)(crc & 0x80 ? (crc << 1) ^ 0x07
						   : crc << 1);
		}
	}
	return crc;
}

static uint16_t crc16(uint16_t crc, const uint8_t *p, size_t n)
{
	while (n--) {
		crc ^= (uint16_t)(*p++ << 8);
		for (int i = 0; i < 8; i++) {
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021
						      : crc << 1);
		}
	}
	return crc;
}

void udc_bridge_frame_write(udc_bridge_write_fn write, void *user, uint8_t type,
			    const uint8_t *head, size_t hlen,
			    const uint8_t *data, size_t len)
{
	size_t total = hlen + len;
	uint8_t hdr[UDC_BRIDGE_HDR_LEN] = {
		UDC_BRIDGE_SYNC0, UDC_BRIDGE_SYNC1,      type,
		(uint8_t)total,   (uint8_t)(total >> 8), 0,
	};
	uint16_t crc;
	uint8_t tail[UDC_BRIDGE_CRC_LEN];

	hdr[5] = crc8(0, hdr + 2, 3);
	crc = crc16(0xffff, hdr + 2, 3);
	crc = crc16(crc, head, hlen);
	crc = crc16(crc, data, len);
	tail[0] = (uint8_t)crc;
	tail[1] = (uint8_t)(crc >> 8);
	write(user, hdr, sizeof(hdr));
	if (hlen) {
		write(user, head, hlen);
	}
	if (len) {
		write(user, data, len);
	}
	write(user, tail, sizeof(tail));
}

void udc_bridge_rx_init(struct udc_bridge_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

static enum udc_bridge_rx_result rx_bad(struct udc_bridge_rx *rx,
					enum udc_bridge_bad why)
{
	rx->bad = why;
	rx->state = UDC_BRIDGE_RX_HUNT0;
	return UDC_BRIDGE_RX_BAD;
}

static enum udc_bridge_rx_result rx_header(struct udc_bridge_rx *rx)
{
	rx->type = rx->hdr[0];
	rx->len = (size_t)(rx->hdr[1] | rx->hdr[2] << 8);
	if (crc8(0, rx->hdr, 3) != rx->hdr[3] ||
	    rx->len > UDC_BRIDGE_MAX_PAYLOAD) {
		return rx_bad(rx, UDC_BRIDGE_BAD_HEADER);
	}
	rx->crc = crc16(0xffff, rx->hdr, 3);
	rx->dst = NULL;
	rx->dst_cap = 0;
	rx->n = 0;
	rx->state = rx->len ? UDC_BRIDGE_RX_PAYLOAD : UDC_BRIDGE_RX_CRC;
	return UDC_BRIDGE_RX_HEADER;
}

static enum udc_bridge_rx_result rx_crc(struct udc_bridge_rx *rx, uint8_t b)
{
	rx->crc_in[rx->n++] = b;
	if (rx->n < UDC_BRIDGE_CRC_LEN) {
		return UDC_BRIDGE_RX_MORE;
	}
	rx->state = UDC_BRIDGE_RX_HUNT0;
	if ((uint16_t)(rx->crc_in[0] | rx->crc_in[1] << 8) != rx->crc) {
		return rx_bad(rx, UDC_BRIDGE_BAD_CRC);
	}
	return UDC_BRIDGE_RX_FRAME;
}

enum udc_bridge_rx_result udc_bridge_rx_byte(struct udc_bridge_rx *rx,
					     uint8_t b)
{
	switch (rx->state) {
	case UDC_BRIDGE_RX_HUNT0:
		if (b == UDC_BRIDGE_SYNC0) {
			rx->state = UDC_BRIDGE_RX_HUNT1;
		}
		return UDC_BRIDGE_RX_MORE;
	case UDC_BRIDGE_RX_HUNT1:
		/* 0xb5 0xb5 0x62: the second 0xb5 may start the frame */
		rx->state = b == UDC_BRIDGE_SYNC1   ? UDC_BRIDGE_RX_HDR
			    : b == UDC_BRIDGE_SYNC0 ? UDC_BRIDGE_RX_HUNT1
						    : UDC_BRIDGE_RX_HUNT0;
		rx->n = 0;
		return UDC_BRIDGE_RX_MORE;
	case UDC_BRIDGE_RX_HDR:
		rx->hdr[rx->n++] = b;
		return rx->n < sizeof(rx->hdr) ? UDC_BRIDGE_RX_MORE
					       : rx_header(rx);
	case UDC_BRIDGE_RX_PAYLOAD:
		if (rx->dst && rx->n < rx->dst_cap) {
			rx->dst[rx->n] = b;
		}
		rx->crc = crc16(rx->crc, &b, 1);
		if (++rx->n == rx->len) {
			rx->n = 0;
			rx->state = UDC_BRIDGE_RX_CRC;
		}
		return UDC_BRIDGE_RX_MORE;
	case UDC_BRIDGE_RX_CRC:
		return rx_crc(rx, b);
	}
	return rx_bad(rx, UDC_BRIDGE_BAD_HEADER);
}

/* ---- the controller driver ---- */

static struct udc_bridge *bridge_of(struct udc_dev *dev)
{
	return dev ? dev->priv : NULL;
}

static void send_frame(struct udc_bridge *br, uint8_t type, const uint8_t *data,
		       size_t len)
{
	udc_bridge_frame_write(br->chan.write, br->chan.user, type, NULL, 0,
			       data, len);
}

static void send_byte(struct udc_bridge *br, uint8_t type, uint8_t b)
{
	send_frame(br, type, &b, 1);
}

static int bridge_enable(struct udc_dev *dev)
{
	struct udc_bridge *br = bridge_of(dev);

	br->connected = true;
	send_frame(br, UDC_BRIDGE_CONNECT, NULL, 0);
	return 0;
}

static int bridge_disable(struct udc_dev *dev)
{
	struct udc_bridge *br = bridge_of(dev);

	br->connected = false;
	br->out_buf = NULL;
	send_frame(br, UDC_BRIDGE_DISCONNECT, NULL, 0);
	return 0;
}

static int bridge_ctrl_send(struct udc_dev *dev, const uint8_t *data,
			    size_t len)
{
	struct udc_bridge *br = bridge_of(dev);

	/* Longer IN stages than asked for are a host error (vhci dies). */
	if (len > br->setup.wLength || len > UDC_BRIDGE_MAX_PAYLOAD ||
	    (len && !data)) {
		return -EINVAL;
	}
	send_frame(br, UDC_BRIDGE_SEND, data, len);
	return 0;
}

static int bridge_ctrl_recv(struct udc_dev *dev, uint8_t *buf, size_t len)
{
	struct udc_bridge *br = bridge_of(dev);
	uint8_t le[2] = {(uint8_t)len, (uint8_t)(len >> 8)};

	if (!buf || len == 0 || len != br->setup.wLength ||
	    len > UDC_BRIDGE_MAX_PAYLOAD) {
		return -EINVAL;
	}
	br->out_buf = buf;
	br->out_len = len;
	send_frame(br, UDC_BRIDGE_RECV, le, sizeof(le));
	return 0;
}

static int bridge_ctrl_status(struct udc_dev *dev)
{
	send_frame(bridge_of(dev), UDC_BRIDGE_CTRL_ACK, NULL, 0);
	return 0;
}

static int bridge_ctrl_stall(struct udc_dev *dev)
{
	struct udc_bridge *br = bridge_of(dev);

	br->out_buf = NULL;
	send_frame(br, UDC_BRIDGE_STALL, NULL, 0);
	return 0;
}

const struct udc_api udc_bridge_api = {
	.enable = bridge_enable,
	.disable = bridge_disable,
	.ctrl_send = bridge_ctrl_send,
	.ctrl_recv = bridge_ctrl_recv,
	.ctrl_status = bridge_ctrl_status,
	.ctrl_stall = bridge_ctrl_stall,
};

int udc_bridge_create(struct udc_dev *dev, struct udc_bridge *br,
		      const struct udc_bridge_chan *chan)
{
	if (!dev || !br || !chan || !chan->read || !chan->write) {
		return -EINVAL;
	}
	memset(br, 0, sizeof(*br));
	br->chan = *chan;
	udc_bridge_rx_init(&br->rx);
	dev->api = &udc_bridge_api;
	dev->priv = br;
	dev->mps0 = 64;
	/* A board that just reset has its pull-up off: tell the host. */
	send_frame(br, UDC_BRIDGE_DISCONNECT, NULL, 0);
	return 0;
}

static void bridge_event(struct udc_dev *dev, enum udc_event_type type,
			 const uint8_t *data, size_t len)
{
	struct udc_bridge *br = bridge_of(dev);
	struct udc_event evt = {
		.type = type,
		.setup = &br->setup,
		.data = data,
		.data_len = len,
	};

	udc_submit_event(dev, &evt);
}

static void on_bus(struct udc_dev *dev, uint8_t what)
{
	static const enum udc_event_type map[] = {
		[UDC_BRIDGE_BUS_VBUS_READY] = UDC_EVT_VBUS_READY,
		[UDC_BRIDGE_BUS_VBUS_REMOVED] = UDC_EVT_VBUS_REMOVED,
		[UDC_BRIDGE_BUS_RESET] = UDC_EVT_RESET,
		[UDC_BRIDGE_BUS_SUSPEND] = UDC_EVT_SUSPEND,
		[UDC_BRIDGE_BUS_RESUME] = UDC_EVT_RESUME,
	};

	if (what < sizeof(map) / sizeof(map[0])) {
		bridge_event(dev, map[what], NULL, 0);
	}
}

static void on_out(struct udc_dev *dev)
{
	struct udc_bridge *br = bridge_of(dev);
	uint8_t *buf = br->out_buf;

	br->out_buf = NULL;
	if (!br->out_match || !buf) {
		send_frame(br, UDC_BRIDGE_STALL, NULL, 0);
		return;
	}
	bridge_event(dev, UDC_EVT_CTRL_OUT, buf, br->out_len);
}

/* Payload length each host frame must have; -1 = any (OUT). */
static int want_len(uint8_t type)
{
	switch (type) {
	case UDC_BRIDGE_HELLO:
	case UDC_BRIDGE_STATUS:
		return 0;
	case UDC_BRIDGE_BUS:
		return 1;
	case UDC_BRIDGE_SETUP:
		return 8;
	case UDC_BRIDGE_OUT:
		return -1;
	default:
		return -2;
	}
}

static void dispatch(struct udc_dev *dev, uint8_t type, size_t len)
{
	struct udc_bridge *br = bridge_of(dev);
	int want = want_len(type);

	if (want == -2 || (want >= 0 && (size_t)want != len)) {
		send_byte(br, UDC_BRIDGE_RESYNC, UDC_BRIDGE_BAD_TYPE);
		return;
	}
	if (type != UDC_BRIDGE_OUT && type != UDC_BRIDGE_STATUS) {
		br->out_buf = NULL; /* abandons an armed OUT stage */
	}
	switch (type) {
	case UDC_BRIDGE_HELLO:
		send_frame(br,
			   br->connected ? UDC_BRIDGE_CONNECT
					 : UDC_BRIDGE_DISCONNECT,
			   NULL, 0);
		break;
	case UDC_BRIDGE_BUS:
		on_bus(dev, br->small[0]);
		break;
	case UDC_BRIDGE_SETUP:
		usb_setup_parse(br->small, &br->setup);
		bridge_event(dev, UDC_EVT_SETUP, NULL, 0);
		break;
	case UDC_BRIDGE_OUT:
		on_out(dev);
		break;
	case UDC_BRIDGE_STATUS:
		bridge_event(dev, UDC_EVT_CTRL_STATUS, NULL, 0);
		break;
	}
	send_byte(br, UDC_BRIDGE_DONE, type);
}

/* Where the payload of the frame whose header just arrived goes. */
static void choose_dst(struct udc_bridge *br)
{
	struct udc_bridge_rx *rx = &br->rx;

	if (rx->type == UDC_BRIDGE_OUT) {
		/* Straight into the stack's buffer: no copy, no 4 KiB here. */
		br->out_match = br->out_buf && rx->len == br->out_len;
		rx->dst = br->out_match ? br->out_buf : NULL;
		rx->dst_cap = br->out_match ? br->out_len : 0;
	} else {
		rx->dst = br->small;
		rx->dst_cap = sizeof(br->small);
	}
}

void udc_bridge_poll(struct udc_dev *dev)
{
	struct udc_bridge *br = bridge_of(dev);
	int c;

	if (!br) {
		return;
	}
	/* One frame per call at most: the main loop's work runs between. */
	while ((c = br->chan.read(br->chan.user)) >= 0) {
		switch (udc_bridge_rx_byte(&br->rx, (uint8_t)c)) {
		case UDC_BRIDGE_RX_HEADER:
			choose_dst(br);
			break;
		case UDC_BRIDGE_RX_FRAME:
			dispatch(dev, br->rx.type, br->rx.len);
			return;
		case UDC_BRIDGE_RX_BAD:
			send_byte(br, UDC_BRIDGE_RESYNC, br->rx.bad);
			return;
		case UDC_BRIDGE_RX_MORE:
			break;
		}
	}
}
