/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USB device controller (UDC) API: the seam between the device stack and
 * whatever moves the bytes (USB/IP, the in-process test host, real silicon).
 *
 * Contract for control transfers on endpoint 0:
 *  - The driver collects the setup stage and, for host-to-device requests,
 *    the whole OUT data stage, then reports both in one UDC_EVT_SETUP event.
 *  - Before the event callback returns, the stack answers exactly once with
 *    udc_ctrl_reply() (IN data stage, or a zero-length status stage for OUT
 *    requests) or udc_ctrl_stall(). The driver cuts IN data to wLength.
 *  - A driver that sees no answer stalls the request.
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

enum udc_speed {
	UDC_SPEED_FULL = 0,
	UDC_SPEED_HIGH = 1,
};

enum udc_event_type {
	UDC_EVT_VBUS_READY,   /* a host is attached (USB/IP import, cable in) */
	UDC_EVT_VBUS_REMOVED, /* the host went away */
	UDC_EVT_RESET,        /* bus reset */
	UDC_EVT_SUSPEND,
	UDC_EVT_RESUME,
	UDC_EVT_SETUP,        /* a control transfer: answer before returning */
	UDC_EVT_XFER_DONE,    /* a non-control transfer finished */
	UDC_EVT_ERROR,        /* transport error; the driver recovers itself */
};

struct udc_event {
	enum udc_event_type type;
	/* UDC_EVT_SETUP */
	const struct usb_setup_packet *setup;
	const uint8_t *data; /* OUT data stage, setup->wLength bytes */
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
	/*
	 * Queue data on an endpoint. On endpoint 0x80 during a
	 * UDC_EVT_SETUP callback this is the control reply (len may be 0
	 * for a status stage). The driver copies what it needs before
	 * returning.
	 */
	int (*ep_enqueue)(struct udc_dev *dev, uint8_t ep, const uint8_t *data,
			  size_t len);
	/* Cancel what is queued on an endpoint. */
	int (*ep_dequeue)(struct udc_dev *dev, uint8_t ep);
	int (*ep_set_halt)(struct udc_dev *dev, uint8_t ep);
	int (*ep_clear_halt)(struct udc_dev *dev, uint8_t ep);
};

struct udc_dev {
	const struct udc_api *api;
	void *priv;
	enum udc_speed speed;
	udc_event_cb_t event_cb;
	void *event_user;
};

int udc_init(struct udc_dev *dev, udc_event_cb_t cb, void *user);
int udc_enable(struct udc_dev *dev);
int udc_disable(struct udc_dev *dev);
int udc_ep_enqueue(struct udc_dev *dev, uint8_t ep, const uint8_t *data,
		   size_t len);
int udc_ep_dequeue(struct udc_dev *dev, uint8_t ep);
int udc_ep_set_halt(struct udc_dev *dev, uint8_t ep);
int udc_ep_clear_halt(struct udc_dev *dev, uint8_t ep);

/* Answer the current control transfer with data (or a status stage). */
static inline int udc_ctrl_reply(struct udc_dev *dev, const uint8_t *data,
				 size_t len)
{
	return udc_ep_enqueue(dev, 0x80, data, len);
}

/* Answer the current control transfer with a protocol stall. */
static inline int udc_ctrl_stall(struct udc_dev *dev)
{
	return udc_ep_set_halt(dev, 0x80);
}

/* For drivers: deliver an event to the stack. */
void udc_submit_event(struct udc_dev *dev, const struct udc_event *evt);

#endif /* UDC_UDC_H */
