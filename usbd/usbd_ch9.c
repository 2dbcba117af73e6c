/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chapter 9 standard requests and routing of class requests. Every request
 * gets exactly one answer: data / status, or a stall.
 */
#include <errno.h>
#include <string.h>

#include "usbd/usbd.h"
#include "usbd/usbd_internal.h"

#define REQ_GET_STATUS 0x00
#define REQ_CLEAR_FEATURE 0x01
#define REQ_SET_FEATURE 0x03
#define REQ_SET_ADDRESS 0x05
#define REQ_GET_DESCRIPTOR 0x06
#define REQ_SET_DESCRIPTOR 0x07
#define REQ_GET_CONFIGURATION 0x08
#define REQ_SET_CONFIGURATION 0x09
#define REQ_GET_INTERFACE 0x0a
#define REQ_SET_INTERFACE 0x0b
#define REQ_SYNCH_FRAME 0x0c

#define FEATURE_ENDPOINT_HALT 0
#define FEATURE_DEVICE_REMOTE_WAKEUP 1

static bool req_is_in(const struct usb_setup_packet *s)
{
	return (s->bmRequestType & USB_REQTYPE_DIR_IN) != 0;
}

static uint8_t req_rcpt(const struct usb_setup_packet *s)
{
	return s->bmRequestType & USB_REQTYPE_RCPT_MASK;
}

static struct usbd_class_node *class_by_iface(struct usbd_context *ctx,
					      uint8_t iface)
{
	for (struct usbd_class_node *c = ctx->classes; c; c = c->next) {
		if (iface >= c->first_iface &&
		    iface < c->first_iface + c->num_ifaces) {
			return c;
		}
	}
	return NULL;
}

/* Only endpoint 0 exists: the stack's classes use control transfers. */
static bool ep_exists(uint8_t ep)
{
	return (ep & 0x7f) == 0;
}

static int get_descriptor(struct usbd_context *ctx,
			  const struct usb_setup_packet *s,
			  struct usbd_ctrl_in *in)
{
	uint8_t type = (uint8_t)(s->wValue >> 8);
	uint8_t index = (uint8_t)(s->wValue & 0xff);
	int n;

	if (req_rcpt(s) != USB_REQTYPE_RCPT_DEVICE) {
		return -EINVAL;
	}
	switch (type) {
	case USB_DESC_DEVICE:
		n = usbd_build_device_desc(ctx, in->buf, in->cap);
		break;
	case USB_DESC_CONFIGURATION:
		n = index == 0 ? usbd_build_config_desc(ctx, in->buf, in->cap)
			       : -ENOENT;
		break;
	case USB_DESC_STRING:
		n = usbd_build_string_desc(ctx, index, s->wIndex, in->buf,
					   in->cap);
		break;
	case USB_DESC_BOS:
		n = usbd_build_bos_desc(in->buf, in->cap);
		break;
	case USB_DESC_DEVICE_QUALIFIER:
		n = usbd_build_qualifier_desc(ctx, in->buf, in->cap);
		break;
	default:
		n = -ENOENT;
		break;
	}
	if (n < 0) {
		return n;
	}
	in->data = in->buf;
	in->len = (size_t)n;
	return 0;
}

static int set_configuration(struct usbd_context *ctx,
			     const struct usb_setup_packet *s)
{
	uint16_t value = s->wValue;

	if (value > 1 || req_rcpt(s) != USB_REQTYPE_RCPT_DEVICE) {
		return -EINVAL;
	}
	/*
	 * USB/IP hides port resets from the device: a host that resets us
	 * shows up as a fresh enumeration ending in SET_CONFIGURATION on a
	 * configured device. Treat it as the bus reset it was.
	 */
	if (ctx->config != 0) {
		usbd_state_reset(ctx);
		usbd_classes_event(ctx, USBD_CLASS_RESET);
		usbd_msg_pub(ctx, USBD_MSG_RESET, 0);
	}
	ctx->config = (uint8_t)value;
	usbd_classes_event(ctx, value ? USBD_CLASS_CONFIGURED
				      : USBD_CLASS_DECONFIGURED);
	usbd_msg_pub(ctx, USBD_MSG_CONFIGURATION, value);
	return 0;
}

static int get_status(struct usbd_context *ctx,
		      const struct usb_setup_packet *s, struct usbd_ctrl_in *in)
{
	uint8_t ep = (uint8_t)(s->wIndex & 0xff);

	in->buf[0] = 0;
	in->buf[1] = 0;
	switch (req_rcpt(s)) {
	case USB_REQTYPE_RCPT_DEVICE:
		in->buf[0] = (uint8_t)((ctx->info.self_powered ? 1 : 0) |
				       (ctx->remote_wakeup_on ? 2 : 0));
		break;
	case USB_REQTYPE_RCPT_INTERFACE:
		if (!ctx->config || s->wIndex >= ctx->num_ifaces) {
			return -EINVAL;
		}
		break;
	case USB_REQTYPE_RCPT_ENDPOINT:
		if (!ep_exists(ep) || (s->wIndex & 0xff00)) {
			return -EINVAL;
		}
		in->buf[0] = ctx->halted[ep >> 7][ep & 0x0f] ? 1 : 0;
		break;
	default:
		return -EINVAL;
	}
	in->data = in->buf;
	in->len = 2;
	return 0;
}

static int set_feature(struct usbd_context *ctx,
		       const struct usb_setup_packet *s, bool set)
{
	uint8_t ep = (uint8_t)(s->wIndex & 0xff);

	switch (req_rcpt(s)) {
	case USB_REQTYPE_RCPT_DEVICE:
		/* TEST_MODE is for high speed only: stall it. */
		if (s->wValue != FEATURE_DEVICE_REMOTE_WAKEUP ||
		    !ctx->info.remote_wakeup) {
			return -EINVAL;
		}
		ctx->remote_wakeup_on = set;
		return 0;
	case USB_REQTYPE_RCPT_ENDPOINT:
		if (s->wValue != FEATURE_ENDPOINT_HALT || !ep_exists(ep)) {
			return -EINVAL;
		}
		/* Endpoint 0 cannot be halted; the request is still fine. */
		return 0;
	default:
		return -EINVAL;
	}
}

static int get_interface(struct usbd_context *ctx,
			 const struct usb_setup_packet *s,
			 struct usbd_ctrl_in *in)
{
	if (!ctx->config || s->wIndex >= ctx->num_ifaces ||
	    req_rcpt(s) != USB_REQTYPE_RCPT_INTERFACE) {
		return -EINVAL;
	}
	in->buf[0] = ctx->iface_alt[s->wIndex];
	in->data = in->buf;
	in->len = 1;
	return 0;
}

static int set_interface(struct usbd_context *ctx,
			 const struct usb_setup_packet *s)
{
	struct usbd_class_node *c;
	int ret;

	if (!ctx->config || s->wIndex >= ctx->num_ifaces ||
	    s->wValue > 0xff || req_rcpt(s) != USB_REQTYPE_RCPT_INTERFACE) {
		return -EINVAL;
	}
	c = class_by_iface(ctx, (uint8_t)s->wIndex);
	if (!c) {
		return -EINVAL;
	}
	ret = c->api->set_alt ? c->api->set_alt(c, (uint8_t)s->wIndex,
						(uint8_t)s->wValue)
			      : (s->wValue == 0 ? 0 : -EINVAL);
	if (ret == 0) {
		ctx->iface_alt[s->wIndex] = (uint8_t)s->wValue;
	}
	return ret;
}

static int standard_request(struct usbd_context *ctx,
			    const struct usb_setup_packet *s,
			    struct usbd_ctrl_in *in)
{
	/* The direction bit must match the request. */
	bool in_req = s->bRequest == REQ_GET_STATUS ||
		      s->bRequest == REQ_GET_DESCRIPTOR ||
		      s->bRequest == REQ_GET_CONFIGURATION ||
		      s->bRequest == REQ_GET_INTERFACE;

	if (in_req != req_is_in(s)) {
		return -EINVAL;
	}
	switch (s->bRequest) {
	case REQ_GET_STATUS:
		return get_status(ctx, s, in);
	case REQ_CLEAR_FEATURE:
		return set_feature(ctx, s, false);
	case REQ_SET_FEATURE:
		return set_feature(ctx, s, true);
	case REQ_GET_DESCRIPTOR:
		return get_descriptor(ctx, s, in);
	case REQ_GET_CONFIGURATION:
		in->buf[0] = ctx->config;
		in->data = in->buf;
		in->len = 1;
		return 0;
	case REQ_SET_CONFIGURATION:
		return set_configuration(ctx, s);
	case REQ_GET_INTERFACE:
		return get_interface(ctx, s, in);
	case REQ_SET_INTERFACE:
		return set_interface(ctx, s);
	default:
		/* SET_ADDRESS is the controller's; SET_DESCRIPTOR and
		 * SYNCH_FRAME are not supported. */
		return -ENOTSUP;
	}
}

static int class_request(struct usbd_context *ctx,
			 const struct usb_setup_packet *s, const uint8_t *data,
			 size_t len, struct usbd_ctrl_in *in)
{
	struct usbd_class_node *c;

	if (req_rcpt(s) != USB_REQTYPE_RCPT_INTERFACE || !ctx->config) {
		return -EINVAL;
	}
	c = class_by_iface(ctx, (uint8_t)(s->wIndex & 0xff));
	if (!c || !c->api->control || (s->wIndex >> 8) != 0) {
		return -EINVAL;
	}
	return c->api->control(c, s, data, len, in);
}

void usbd_handle_control(struct usbd_context *ctx,
			 const struct usb_setup_packet *setup,
			 const uint8_t *data, size_t len)
{
	struct usbd_ctrl_in in = {
		.buf = ctx->desc_buf,
		.cap = sizeof(ctx->desc_buf),
	};
	int ret;

	switch (setup->bmRequestType & USB_REQTYPE_TYPE_MASK) {
	case USB_REQTYPE_TYPE_STANDARD:
		ret = standard_request(ctx, setup, &in);
		break;
	case USB_REQTYPE_TYPE_CLASS:
		ret = class_request(ctx, setup, data, len, &in);
		break;
	default:
		ret = -ENOTSUP;
		break;
	}
	if (ret < 0) {
		udc_ctrl_stall(ctx->udc);
		return;
	}
	if (!req_is_in(setup)) {
		udc_ctrl_reply(ctx->udc, NULL, 0);
		return;
	}
	udc_ctrl_reply(ctx->udc, in.data,
		       in.len < setup->wLength ? in.len : setup->wLength);
}
