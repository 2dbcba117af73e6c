/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chapter 9 standard requests and routing of class requests. Every request
 * gets exactly one answer per stage: data / status, or a stall. What a
 * request changes (configuration, alternate setting, remote wakeup, a
 * class's state) is committed when its status stage completes
 * (usbd_ctrl_status_done()), never when it arrives.
 *
 * Choices where USB 2.0 leaves room, written down:
 *  - SET_FEATURE(ENDPOINT_HALT) on endpoint 0 stalls: the halt feature is
 *    "neither required nor recommended" for the default pipe (9.4.5), and
 *    accepting it while GET_STATUS kept reporting 0 would contradict
 *    itself. CLEAR_FEATURE(ENDPOINT_HALT) on it is accepted (nothing to
 *    clear), GET_STATUS reports 0.
 *  - Endpoint and interface recipients must have 0 in wIndex's high byte
 *    (9.3.4) for every request that takes them.
 *  - SET_ADDRESS in the Configured state is unspecified (9.4.6): stalled.
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

#define CONFIG_VALUE 1 /* the one configuration's bConfigurationValue */

static uint8_t req_rcpt(const struct usb_setup_packet *s)
{
	return s->bmRequestType & USB_REQTYPE_RCPT_MASK;
}

static struct usbd_class_node *class_by_iface(struct usbd_context *ctx,
					      uint16_t iface)
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
static bool ep_exists(uint16_t windex)
{
	return (windex & 0xff7f) == 0;
}

static bool iface_ok(struct usbd_context *ctx, uint16_t windex)
{
	return ctx->config && windex < ctx->num_ifaces;
}

static int reply(struct usbd_ctrl_in *in, size_t len)
{
	in->data = in->buf;
	in->len = len;
	return 0;
}

static int get_descriptor(struct usbd_context *ctx,
			  const struct usb_setup_packet *s,
			  struct usbd_ctrl_in *in)
{
	uint8_t type = (uint8_t)(s->wValue >> 8);
	uint8_t index = (uint8_t)(s->wValue & 0xff);
	bool high = ctx->udc->speed == UDC_SPEED_HIGH;
	int n;

	if (req_rcpt(s) != USB_REQTYPE_RCPT_DEVICE) {
		return -EINVAL;
	}
	switch (type) {
	case USB_DESC_DEVICE:
		n = usbd_build_device_desc(ctx, in->buf, in->cap);
		break;
	case USB_DESC_CONFIGURATION:
		n = index == 0 ? usbd_build_config_desc(ctx, type, in->buf,
							in->cap)
			       : -ENOENT;
		break;
	case USB_DESC_OTHER_SPEED:
		/* Exists where the qualifier does: high-speed capable. */
		n = index == 0 && high ? usbd_build_config_desc(ctx, type,
								in->buf,
								in->cap)
				       : -ENOENT;
		break;
	case USB_DESC_STRING:
		n = usbd_build_string_desc(ctx, index, s->wIndex, in->buf,
					   in->cap);
		break;
	case USB_DESC_BOS:
		n = usbd_build_bos_desc(ctx, in->buf, in->cap);
		break;
	case USB_DESC_DEVICE_QUALIFIER:
		n = usbd_build_qualifier_desc(ctx, in->buf, in->cap);
		break;
	default:
		n = -ENOENT;
		break;
	}
	return n < 0 ? n : reply(in, (size_t)n);
}

/* USB 2.0 9.4.7: 0 = Address state; the configuration's value = it. */
static int set_configuration(struct usbd_context *ctx,
			     const struct usb_setup_packet *s)
{
	/* In the Default state it is unspecified; USB/IP hosts never send
	 * SET_ADDRESS to the device, so it is accepted there. */
	if (s->wValue > CONFIG_VALUE || s->wIndex != 0 ||
	    req_rcpt(s) != USB_REQTYPE_RCPT_DEVICE) {
		return -EINVAL;
	}
	ctx->ctrl.commit = USBD_COMMIT_CONFIG;
	ctx->ctrl.value = s->wValue;
	return 0;
}

static int set_address(struct usbd_context *ctx,
		       const struct usb_setup_packet *s)
{
	if (s->wValue > 127 || s->wIndex != 0 ||
	    req_rcpt(s) != USB_REQTYPE_RCPT_DEVICE ||
	    ctx->dev_state == USBD_STATE_CONFIGURED) {
		return -EINVAL;
	}
	/* The driver applies it after the status stage (udc.h). */
	if (udc_set_address(ctx->udc, (uint8_t)s->wValue) < 0) {
		return -EIO;
	}
	ctx->dev_state = s->wValue ? USBD_STATE_ADDRESS : USBD_STATE_DEFAULT;
	return 0;
}

static int get_status(struct usbd_context *ctx,
		      const struct usb_setup_packet *s, struct usbd_ctrl_in *in)
{
	in->buf[0] = 0;
	in->buf[1] = 0;
	switch (req_rcpt(s)) {
	case USB_REQTYPE_RCPT_DEVICE:
		if (s->wIndex != 0) {
			return -EINVAL;
		}
		in->buf[0] = (uint8_t)((ctx->info.self_powered ? 1 : 0) |
				       (ctx->remote_wakeup_on ? 2 : 0));
		break;
	case USB_REQTYPE_RCPT_INTERFACE:
		if (!iface_ok(ctx, s->wIndex)) {
			return -EINVAL;
		}
		break;
	case USB_REQTYPE_RCPT_ENDPOINT:
		if (!ep_exists(s->wIndex)) {
			return -EINVAL;
		}
		break; /* endpoint 0 never halts (see the top of the file) */
	default:
		return -EINVAL;
	}
	return reply(in, 2);
}

static int set_feature(struct usbd_context *ctx,
		       const struct usb_setup_packet *s, bool set)
{
	switch (req_rcpt(s)) {
	case USB_REQTYPE_RCPT_DEVICE:
		/* TEST_MODE is for high speed only: stall it. */
		if (s->wValue != FEATURE_DEVICE_REMOTE_WAKEUP ||
		    s->wIndex != 0 || !ctx->info.remote_wakeup) {
			return -EINVAL;
		}
		ctx->ctrl.commit = USBD_COMMIT_WAKEUP;
		ctx->ctrl.value = set;
		return 0;
	case USB_REQTYPE_RCPT_ENDPOINT:
		if (s->wValue != FEATURE_ENDPOINT_HALT ||
		    !ep_exists(s->wIndex)) {
			return -EINVAL;
		}
		return set ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

static int get_interface(struct usbd_context *ctx,
			 const struct usb_setup_packet *s,
			 struct usbd_ctrl_in *in)
{
	if (!iface_ok(ctx, s->wIndex) ||
	    req_rcpt(s) != USB_REQTYPE_RCPT_INTERFACE) {
		return -EINVAL;
	}
	in->buf[0] = ctx->iface_alt[s->wIndex];
	return reply(in, 1);
}

static int set_interface(struct usbd_context *ctx,
			 const struct usb_setup_packet *s)
{
	struct usbd_class_node *c;
	uint8_t alts;

	if (!iface_ok(ctx, s->wIndex) ||
	    req_rcpt(s) != USB_REQTYPE_RCPT_INTERFACE) {
		return -EINVAL;
	}
	c = class_by_iface(ctx, s->wIndex);
	alts = c && c->num_alts ? c->num_alts : 1;
	if (!c || s->wValue >= alts || (s->wValue && !c->api->set_alt)) {
		return -EINVAL;
	}
	ctx->ctrl.commit = USBD_COMMIT_ALT;
	ctx->ctrl.value = s->wValue;
	return 0;
}

/* Requests that carry data to the host, USB 2.0 table 9-3. */
static bool std_req_is_in(uint8_t req)
{
	return req == REQ_GET_STATUS || req == REQ_GET_DESCRIPTOR ||
	       req == REQ_GET_CONFIGURATION || req == REQ_GET_INTERFACE ||
	       req == REQ_SYNCH_FRAME;
}

static int standard_request(struct usbd_context *ctx,
			    const struct usb_setup_packet *s,
			    struct usbd_ctrl_in *in)
{
	if (std_req_is_in(s->bRequest) != usb_setup_is_in(s)) {
		return -EINVAL;
	}
	switch (s->bRequest) {
	case REQ_GET_STATUS:
		return get_status(ctx, s, in);
	case REQ_CLEAR_FEATURE:
		return set_feature(ctx, s, false);
	case REQ_SET_FEATURE:
		return set_feature(ctx, s, true);
	case REQ_SET_ADDRESS:
		return set_address(ctx, s);
	case REQ_GET_DESCRIPTOR:
		return get_descriptor(ctx, s, in);
	case REQ_GET_CONFIGURATION:
		in->buf[0] = ctx->config;
		return reply(in, 1);
	case REQ_SET_CONFIGURATION:
		return set_configuration(ctx, s);
	case REQ_GET_INTERFACE:
		return get_interface(ctx, s, in);
	case REQ_SET_INTERFACE:
		return set_interface(ctx, s);
	default:
		/* SET_DESCRIPTOR and SYNCH_FRAME are not supported. */
		return -ENOTSUP;
	}
}

/* The class a class request goes to, or NULL (stall). */
static struct usbd_class_node *class_target(struct usbd_context *ctx,
					    const struct usb_setup_packet *s)
{
	struct usbd_class_node *c;

	if ((s->bmRequestType & USB_REQTYPE_TYPE_MASK) !=
		    USB_REQTYPE_TYPE_CLASS ||
	    req_rcpt(s) != USB_REQTYPE_RCPT_INTERFACE ||
	    !iface_ok(ctx, s->wIndex)) {
		return NULL;
	}
	c = class_by_iface(ctx, s->wIndex);
	return c && c->api->control ? c : NULL;
}

#if USBD_CFG_MSOS20
/* The MS OS 2.0 descriptor set request (MS OS 2.0 spec, table 8). */
static int vendor_request(struct usbd_context *ctx,
			  const struct usb_setup_packet *s,
			  struct usbd_ctrl_in *in)
{
	const struct usbd_msos20 *m = ctx->info.msos20;
	int n;

	if (!m || s->bmRequestType != (USB_REQTYPE_DIR_IN |
				       USB_REQTYPE_TYPE_VENDOR) ||
	    s->bRequest != m->vendor_code ||
	    s->wIndex != MSOS20_DESCRIPTOR_INDEX) {
		return -ENOTSUP;
	}
	n = usbd_msos20_set(ctx, in->buf, in->cap);
	return n < 0 ? n : reply(in, (size_t)n);
}
#else
static int vendor_request(struct usbd_context *ctx,
			  const struct usb_setup_packet *s,
			  struct usbd_ctrl_in *in)
{
	return -ENOTSUP;
}
#endif

static int dispatch(struct usbd_context *ctx, const uint8_t *data,
		    size_t len, struct usbd_ctrl_in *in)
{
	const struct usb_setup_packet *s = &ctx->ctrl.setup;
	struct usbd_class_node *c;
	int ret;

	switch (s->bmRequestType & USB_REQTYPE_TYPE_MASK) {
	case USB_REQTYPE_TYPE_STANDARD:
		return standard_request(ctx, s, in);
	case USB_REQTYPE_TYPE_CLASS:
		c = ctx->ctrl.target;
		if (!c) {
			return -EINVAL;
		}
		ret = c->api->control(c, s, data, len, in);
		if (ret == 0) {
			ctx->ctrl.commit = USBD_COMMIT_CLASS;
			ctx->ctrl.owner = c;
		}
		return ret < 0 ? ret : 0;
	case USB_REQTYPE_TYPE_VENDOR:
		return vendor_request(ctx, s, in);
	default:
		return -ENOTSUP;
	}
}

/* Answer the stage that dispatch() decided. */
static void answer(struct usbd_context *ctx, int ret,
		   const struct usbd_ctrl_in *in)
{
	const struct usb_setup_packet *s = &ctx->ctrl.setup;
	size_t len = in->len < s->wLength ? in->len : s->wLength;

	if (ret < 0) {
		ctx->ctrl.commit = USBD_COMMIT_NONE;
		ctx->ctrl.owner = NULL;
		udc_ctrl_stall(ctx->udc);
	} else if (ctx->ctrl.in) {
		udc_ctrl_send(ctx->udc, in->data, len);
	} else {
		udc_ctrl_status(ctx->udc);
	}
}

/* Where the OUT data stage of the request goes, or NULL to stall. */
static uint8_t *out_buffer(struct usbd_context *ctx)
{
	const struct usb_setup_packet *s = &ctx->ctrl.setup;
	struct usbd_class_node *c = ctx->ctrl.target;

	if (c && c->api->ctrl_out_buf) {
		return c->api->ctrl_out_buf(c, s);
	}
	if (!c || s->wLength > sizeof(ctx->desc_buf)) {
		return NULL; /* no standard request takes data */
	}
	return ctx->desc_buf;
}

/* A transfer in progress ends without its status stage. */
void usbd_ctrl_abandon(struct usbd_context *ctx)
{
	struct usbd_class_node *owner = ctx->ctrl.owner;

	ctx->ctrl.active = false;
	ctx->ctrl.commit = USBD_COMMIT_NONE;
	ctx->ctrl.owner = NULL;
	if (owner && owner->api->ctrl_end) {
		owner->api->ctrl_end(owner, false);
	}
}

void usbd_ctrl_setup(struct usbd_context *ctx,
		     const struct usb_setup_packet *setup)
{
	struct usbd_ctrl_in in = {
		.buf = ctx->desc_buf,
		.cap = sizeof(ctx->desc_buf),
	};
	uint8_t *buf;

	if (ctx->ctrl.active) {
		usbd_ctrl_abandon(ctx);
	}
	ctx->ctrl.setup = *setup;
	ctx->ctrl.active = true;
	ctx->ctrl.in = usb_setup_is_in(setup);
	ctx->ctrl.target = class_target(ctx, setup);
	if (ctx->ctrl.in || setup->wLength == 0) {
		answer(ctx, dispatch(ctx, NULL, 0, &in), &in);
		return;
	}
	buf = out_buffer(ctx);
	if (!buf || udc_ctrl_recv(ctx->udc, buf, setup->wLength) < 0) {
		udc_ctrl_stall(ctx->udc);
	}
}

void usbd_ctrl_out(struct usbd_context *ctx, const uint8_t *data, size_t len)
{
	struct usbd_ctrl_in in = {.buf = ctx->desc_buf};

	if (!ctx->ctrl.active || ctx->ctrl.in ||
	    len != ctx->ctrl.setup.wLength) {
		udc_ctrl_stall(ctx->udc);
		return;
	}
	answer(ctx, dispatch(ctx, data, len, &in), &in);
}

/* USB 2.0 9.4.7 and 9.1.1.5, applied once the request has completed. */
static void commit_config(struct usbd_context *ctx, uint8_t value)
{
	if (value == 0) {
		if (ctx->config) {
			usbd_state_deconfigure(ctx);
			usbd_classes_event(ctx, USBD_CLASS_DECONFIGURED);
		}
		usbd_msg_pub(ctx, USBD_MSG_CONFIGURATION, 0);
		return;
	}
	if (ctx->config == value) {
		/* Re-selected: stays configured, alternate settings 0. */
		for (struct usbd_class_node *c = ctx->classes; c; c = c->next) {
			for (uint8_t i = 0; i < c->num_ifaces; i++) {
				uint8_t iface = (uint8_t)(c->first_iface + i);

				if (ctx->iface_alt[iface] && c->api->set_alt) {
					ctx->iface_alt[iface] = 0;
					c->api->set_alt(c, iface, 0);
				}
			}
		}
		usbd_msg_pub(ctx, USBD_MSG_CONFIGURATION, value);
		return;
	}
	ctx->config = value;
	ctx->dev_state = USBD_STATE_CONFIGURED;
	usbd_classes_event(ctx, USBD_CLASS_CONFIGURED);
	usbd_msg_pub(ctx, USBD_MSG_CONFIGURATION, value);
}

void usbd_ctrl_status_done(struct usbd_context *ctx)
{
	enum usbd_ctrl_commit commit = ctx->ctrl.commit;
	struct usbd_class_node *c = ctx->ctrl.owner;
	uint16_t iface = ctx->ctrl.setup.wIndex;
	uint8_t value = (uint8_t)ctx->ctrl.value;

	if (!ctx->ctrl.active) {
		return;
	}
	/* Done before the commit: a handler may start a new transfer. */
	ctx->ctrl.active = false;
	ctx->ctrl.commit = USBD_COMMIT_NONE;
	ctx->ctrl.owner = NULL;
	switch (commit) {
	case USBD_COMMIT_CONFIG:
		commit_config(ctx, value);
		break;
	case USBD_COMMIT_ALT:
		c = class_by_iface(ctx, iface);
		ctx->iface_alt[iface] = value;
		if (c && c->api->set_alt) {
			c->api->set_alt(c, (uint8_t)iface, value);
		}
		break;
	case USBD_COMMIT_WAKEUP:
		ctx->remote_wakeup_on = value != 0;
		break;
	case USBD_COMMIT_CLASS:
		if (c->api->ctrl_end) {
			c->api->ctrl_end(c, true);
		}
		break;
	case USBD_COMMIT_NONE:
		break;
	}
}
