/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bridge: a UDC driver that carries the controller API over a byte channel
 * (a UART) to a program on a host PC, which plays the USB host's side of
 * the controller (tools/udc_bridge_host: it exports the device over USB/IP).
 * A test and demo transport for boards with no USB controller, such as
 * QEMU's mps2-an386; it is not a USB controller for products.
 *
 * Portable: no OS calls, no heap. The channel is two functions the board
 * gives (read one byte if any, write bytes); udc_bridge_poll(), called from
 * the main loop, reads what has arrived and raises the events. Nothing
 * blocks on reads: a board with flash work pending keeps polling.
 *
 * Frame (both directions; multi-byte fields little-endian):
 *
 *   0xb5 0x62 TYPE LEN_LO LEN_HI HCRC PAYLOAD[LEN] CRC_LO CRC_HI
 *
 *   HCRC  CRC-8 (polynomial 0x07, init 0) of TYPE, LEN_LO, LEN_HI: a
 *         corrupt length is refused before the receiver waits for it.
 *   CRC   CRC-16/CCITT-FALSE (polynomial 0x1021, init 0xffff) of TYPE,
 *         LEN_LO, LEN_HI and PAYLOAD.
 *   LEN   at most UDC_BRIDGE_MAX_PAYLOAD.
 *
 * Host -> device (each one is answered, see below):
 *   HELLO   0x01  -              who are you: the device answers with its
 *                                pull-up state (CONNECT or DISCONNECT)
 *   BUS     0x02  1 byte         UDC_BRIDGE_BUS_*: VBUS ready, VBUS
 *                                removed, reset, suspend, resume
 *   SETUP   0x03  8 bytes        the setup packet (UDC_EVT_SETUP)
 *   OUT     0x04  wLength bytes  the OUT data stage (UDC_EVT_CTRL_OUT)
 *   STATUS  0x05  -              the status stage completed
 *                                (UDC_EVT_CTRL_STATUS)
 *
 * Device -> host:
 *   SEND       0x81  data        udc_ctrl_send(): IN data stage
 *   RECV       0x82  2 bytes     udc_ctrl_recv(): OUT stage armed, length
 *   CTRL_ACK   0x83  -           udc_ctrl_status()
 *   STALL      0x84  -           udc_ctrl_stall()
 *   CONNECT    0x85  -           udc_enable(): the host may enumerate
 *   DISCONNECT 0x86  -           udc_disable(), and at every start of the
 *                                driver (a reset board has no pull-up)
 *   DONE       0x87  1 byte      the host frame of that TYPE is handled:
 *                                the answers to it came before
 *   RESYNC     0x88  1 byte      a bad frame arrived (UDC_BRIDGE_BAD_*);
 *                                the device hunts for the next 0xb5 0x62
 *                                and the host sends its frame again
 *
 * The exchange is strict: the host sends one frame and reads the device's
 * frames until DONE or RESYNC; the device sends DONE after the stack has
 * returned from the event, so the stack's answer (SEND, RECV, CTRL_ACK or
 * STALL; none = the host stalls) precedes it. CONNECT and DISCONNECT may
 * also come at any time on their own (a DFU detach switches the device's
 * personality from the main loop). A SETUP, BUS or HELLO abandons an armed
 * OUT stage; an OUT that was not armed, or of another length, is answered
 * STALL. Unknown types are answered RESYNC (UDC_BRIDGE_BAD_TYPE).
 */
#ifndef UDC_UDC_BRIDGE_H
#define UDC_UDC_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "udc/udc.h"

#define UDC_BRIDGE_SYNC0   0xb5
#define UDC_BRIDGE_SYNC1   0x62
#define UDC_BRIDGE_HDR_LEN 6
#define UDC_BRIDGE_CRC_LEN 2
/* dfu-util's largest transfer on Linux; a longer OUT stage is stalled. */
#ifndef UDC_BRIDGE_MAX_PAYLOAD
#define UDC_BRIDGE_MAX_PAYLOAD 4096
#endif

enum udc_bridge_type {
	UDC_BRIDGE_HELLO = 0x01,
	UDC_BRIDGE_BUS = 0x02,
	UDC_BRIDGE_SETUP = 0x03,
	UDC_BRIDGE_OUT = 0x04,
	UDC_BRIDGE_STATUS = 0x05,
	UDC_BRIDGE_SEND = 0x81,
	UDC_BRIDGE_RECV = 0x82,
	UDC_BRIDGE_CTRL_ACK = 0x83,
	UDC_BRIDGE_STALL = 0x84,
	UDC_BRIDGE_CONNECT = 0x85,
	UDC_BRIDGE_DISCONNECT = 0x86,
	UDC_BRIDGE_DONE = 0x87,
	UDC_BRIDGE_RESYNC = 0x88,
};

enum udc_bridge_bus {
	UDC_BRIDGE_BUS_VBUS_READY = 0,
	UDC_BRIDGE_BUS_VBUS_REMOVED = 1,
	UDC_BRIDGE_BUS_RESET = 2,
	UDC_BRIDGE_BUS_SUSPEND = 3,
	UDC_BRIDGE_BUS_RESUME = 4,
};

/* RESYNC reasons */
enum udc_bridge_bad {
	UDC_BRIDGE_BAD_HEADER = 1, /* HCRC wrong or LEN too large */
	UDC_BRIDGE_BAD_CRC = 2,
	UDC_BRIDGE_BAD_TYPE = 3, /* unknown type or wrong payload length */
};

/* ---- frame codec (shared by the driver and the host program) ---- */

typedef void (*udc_bridge_write_fn)(void *user, const uint8_t *p, size_t n);

/* Writes one frame: head (hlen bytes) then data (len bytes) as payload. */
void udc_bridge_frame_write(udc_bridge_write_fn write, void *user, uint8_t type,
			    const uint8_t *head, size_t hlen,
			    const uint8_t *data, size_t len);

enum udc_bridge_rx_state {
	UDC_BRIDGE_RX_HUNT0,
	UDC_BRIDGE_RX_HUNT1,
	UDC_BRIDGE_RX_HDR,
	UDC_BRIDGE_RX_PAYLOAD,
	UDC_BRIDGE_RX_CRC,
};

/* What udc_bridge_rx_byte() saw. */
enum udc_bridge_rx_result {
	UDC_BRIDGE_RX_MORE,   /* nothing yet */
	UDC_BRIDGE_RX_HEADER, /* type and len known: set dst now */
	UDC_BRIDGE_RX_FRAME,  /* a whole good frame (payload in dst) */
	UDC_BRIDGE_RX_BAD,    /* bad frame (rx->bad says why); hunting */
};

struct udc_bridge_rx {
	enum udc_bridge_rx_state state;
	uint8_t hdr[4]; /* TYPE LEN_LO LEN_HI HCRC */
	uint8_t crc_in[2];
	size_t n; /* bytes of the current field */
	uint8_t type;
	size_t len;
	uint16_t crc;
	/* After RX_HEADER: where the payload goes (NULL: discarded). */
	uint8_t *dst;
	size_t dst_cap;
	enum udc_bridge_bad bad;
};

void udc_bridge_rx_init(struct udc_bridge_rx *rx);
enum udc_bridge_rx_result udc_bridge_rx_byte(struct udc_bridge_rx *rx,
					     uint8_t b);

/* ---- the controller driver ---- */

struct udc_bridge_chan {
	/* A received byte, or -1 when none is waiting. Never blocks. */
	int (*read)(void *user);
	/* Send n bytes (may wait for the transmitter, not for the host). */
	udc_bridge_write_fn write;
	void *user;
};

struct udc_bridge {
	struct udc_bridge_chan chan;
	struct udc_bridge_rx rx;
	uint8_t small[8]; /* payload of HELLO, BUS, SETUP */
	struct usb_setup_packet setup;
	uint8_t *out_buf; /* armed by udc_ctrl_recv() */
	size_t out_len;
	bool out_match; /* the OUT frame being received fits out_buf */
	bool connected;
};

/*
 * Bind dev to the driver (dev->api, dev->priv = br, mps0 64) and say
 * DISCONNECT to the host. Then udc_init() and udc_enable() as usual.
 */
int udc_bridge_create(struct udc_dev *dev, struct udc_bridge *br,
		      const struct udc_bridge_chan *chan);

/* Read and handle every byte that has arrived. Main loop. */
void udc_bridge_poll(struct udc_dev *dev);

extern const struct udc_api udc_bridge_api;

#endif /* UDC_UDC_BRIDGE_H */
