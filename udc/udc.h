/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USB device controller (UDC) API: the seam between the device stack and
 * whatever moves the bytes (USB/IP, the in-process test host, a Linux
 * gadget controller, real silicon). A silicon driver implements it from
 * this file alone.
 *
 * Control transfers on endpoint 0 run in the three stages of USB 2.0
 * section 8.5.3; the driver reports each stage and the stack answers it:
 *
 *   SETUP stage     driver: UDC_EVT_SETUP with the 8-byte setup packet.
 *                   stack:  exactly one of
 *                     udc_ctrl_send()    IN data stage, len <= wLength
 *                                        (len 0 for an IN request with
 *                                        nothing to say: a zero-length
 *                                        data packet)
 *                     udc_ctrl_recv()    arm the OUT data stage
 *                                        (len == wLength > 0)
 *                     udc_ctrl_status()  no data stage: go to the status
 *                                        stage (zero-length IN)
 *                     udc_ctrl_stall()   protocol stall
 *   DATA stage      OUT: driver: UDC_EVT_CTRL_OUT when wLength bytes are
 *                   in the buffer given to udc_ctrl_recv(); stack:
 *                   udc_ctrl_status() or udc_ctrl_stall().
 *                   IN: the driver sends the data in bMaxPacketSize0
 *                   packets and, when len < wLength and len is a multiple
 *                   of bMaxPacketSize0, ends it with a zero-length packet
 *                   (USB 2.0 5.5.3); then it waits for the host's status.
 *   STATUS stage    driver: UDC_EVT_CTRL_STATUS once the status stage has
 *                   completed (IN: the host's zero-length OUT arrived; OUT
 *                   or no data: the host took the zero-length IN). This is
 *                   the end of the request: state changes that the specs
 *                   tie to a completed request (SET_CONFIGURATION,
 *                   SET_INTERFACE, a DFU DETACH or DNLOAD) take effect
 *                   here, not earlier.
 *
 * A SETUP that arrives before UDC_EVT_CTRL_STATUS abandons the transfer in
 * progress (USB 2.0 8.5.3.1): no UDC_EVT_CTRL_STATUS follows for it, and
 * the stack must not commit it. A bus reset or a disconnect abandons it
 * too. A protocol stall lasts until the next SETUP; the driver clears it.
 *
 * The stack answers inside the event callback. A driver whose transport
 * cannot wait (USB/IP answers a URB at once) stalls a stage that got no
 * answer; silicon may NAK instead until an answer comes.
 *
 * SET_ADDRESS: the stack validates it and calls udc_set_address() from the
 * SETUP event, before it queues the status stage. The new address must
 * take effect only after that status stage (USB 2.0 9.4.6); drivers whose
 * silicon latches the address at once do that themselves.
 *
 * No OS calls and no heap in this layer: drivers own their memory.
 */
#ifndef UDC_UDC_H
#define UDC_UDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Setup packet in host byte order. */
struct usb_setup_packet {
	uint8_t bmRequestType;
	uint8_t bRequest;
	uint16_t wValue;
	uint16_t wIndex;
	uint16_t wLength;
};

#define USB_REQTYPE_DIR_IN 0x80
#define USB_REQTYPE_TYPE_MASK 0x60
#define USB_REQTYPE_TYPE_STANDARD 0x00
#define USB_REQTYPE_TYPE_CLASS 0x20
#define USB_REQTYPE_TYPE_VENDOR 0x40
#define USB_REQTYPE_RCPT_MASK 0x1f
#define USB_REQTYPE_RCPT_DEVICE 0x00
#define USB_REQTYPE_RCPT_INTERFACE 0x01
#define USB_REQTYPE_RCPT_ENDPOINT 0x02

/* Parse the 8 little-endian bytes of a setup stage. */
void usb_setup_parse(const uint8_t raw[8], struct usb_setup_packet *setup);

static inline bool usb_setup_is_in(const struct usb_setup_packet *s)
{
	return (s->bmRequestType & USB_REQTYPE_DIR_IN) != 0;
}

enum udc_speed {
	UDC_SPEED_FULL = 0,
	UDC_SPEED_HIGH = 1,
};

enum udc_event_type {
	UDC_EVT_VBUS_READY,   /* a host is attached (USB/IP import, cable in) */
	UDC_EVT_VBUS_REMOVED, /* the host went away (unplug, not a reset) */
	UDC_EVT_RESET,        /* bus reset: back to the Default state */
	UDC_EVT_SUSPEND,
	UDC_EVT_RESUME,
	UDC_EVT_SETUP,        /* setup stage of a control transfer */
	UDC_EVT_CTRL_OUT,     /* OUT data stage received */
	UDC_EVT_CTRL_STATUS,  /* status stage completed: request done */
	UDC_EVT_XFER_DONE,    /* a non-control transfer finished */
	UDC_EVT_ERROR,        /* transport error; the driver recovers itself */
};

struct udc_event {
	enum udc_event_type type;
	/* UDC_EVT_SETUP */
	const struct usb_setup_packet *setup;
	/* UDC_EVT_CTRL_OUT: the buffer given to udc_ctrl_recv() */
	const uint8_t *data;
	size_t data_len;
	/* UDC_EVT_XFER_DONE / UDC_EVT_ERROR */
	uint8_t ep;
	int status;
};

struct udc_dev;

typedef void (*udc_event_cb_t)(struct udc_dev *dev,
			       const struct udc_event *evt, void *user);

struct udc_api {
	int (*init)(struct udc_dev *dev);
	/* Connect: make the device visible to hosts (pull-up / export). */
	int (*enable)(struct udc_dev *dev);
	/* Disconnect: the host sees an unplug. */
	int (*disable)(struct udc_dev *dev);
	/* Control stages, as described at the top of this file. */
	int (*ctrl_send)(struct udc_dev *dev, const uint8_t *data, size_t len);
	int (*ctrl_recv)(struct udc_dev *dev, uint8_t *buf, size_t len);
	int (*ctrl_status)(struct udc_dev *dev);
	int (*ctrl_stall)(struct udc_dev *dev);
	/* Optional: drivers whose host handles addressing leave it NULL. */
	int (*set_address)(struct udc_dev *dev, uint8_t addr);
	/* Data endpoints (optional: a control-only device has none). */
	int (*ep_enqueue)(struct udc_dev *dev, uint8_t ep, const uint8_t *data,
			  size_t len);
	int (*ep_dequeue)(struct udc_dev *dev, uint8_t ep);
	int (*ep_set_halt)(struct udc_dev *dev, uint8_t ep);
	int (*ep_clear_halt)(struct udc_dev *dev, uint8_t ep);
};

struct udc_dev {
	const struct udc_api *api;
	void *priv;
	enum udc_speed speed;
	/* Endpoint 0's packet size; the stack puts it in bMaxPacketSize0. */
	uint8_t mps0;
	/*
	 * The longest control data stage the driver moves (0 = any, up to
	 * 65535). Classes size their requests to it (DFU's wTransferSize);
	 * Linux's gadgetfs, for one, takes at most 256 bytes.
	 */
	uint16_t ctrl_max;
	udc_event_cb_t event_cb;
	void *event_user;
};

int udc_init(struct udc_dev *dev, udc_event_cb_t cb, void *user);
int udc_enable(struct udc_dev *dev);
int udc_disable(struct udc_dev *dev);

int udc_ctrl_send(struct udc_dev *dev, const uint8_t *data, size_t len);
int udc_ctrl_recv(struct udc_dev *dev, uint8_t *buf, size_t len);
int udc_ctrl_status(struct udc_dev *dev);
int udc_ctrl_stall(struct udc_dev *dev);
/* 0 (and nothing done) when the driver has no set_address. */
int udc_set_address(struct udc_dev *dev, uint8_t addr);

int udc_ep_enqueue(struct udc_dev *dev, uint8_t ep, const uint8_t *data,
		   size_t len);
int udc_ep_dequeue(struct udc_dev *dev, uint8_t ep);
int udc_ep_set_halt(struct udc_dev *dev, uint8_t ep);
int udc_ep_clear_halt(struct udc_dev *dev, uint8_t ep);

/* bMaxPacketSize0 of the controller (64 when the driver left it 0). */
uint8_t udc_mps0(const struct udc_dev *dev);

/* The longest control data stage (65535 when the driver left it 0). */
static inline uint16_t udc_ctrl_max(const struct udc_dev *dev)
{
	return dev->ctrl_max ? dev->ctrl_max : 0xffff;
}

/* For drivers: deliver an event to the stack. */
void udc_submit_event(struct udc_dev *dev, const struct udc_event *evt);

/* For drivers: whether an IN data stage of len bytes for a request of
 * w_length ends with a zero-length packet. */
static inline bool udc_ctrl_needs_zlp(size_t len, uint16_t w_length,
				      uint8_t mps0)
{
	return len < w_length && mps0 && len % mps0 == 0;
}

#endif /* UDC_UDC_H */
