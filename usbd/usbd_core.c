/* SPDX-License-Identifier: Apache-2.0 */
/* Device stack core: contexts, class registry, controller events, messages. */
#include <errno.h>
#include <string.h>

#include "usbd/usbd.h"
#include "usbd/usbd_internal.h"

int usbd_init(struct usbd_context *ctx, struct udc_dev *udc,
	      const struct usbd_device_info *info)
{
	if (!ctx || !udc || !info) {
		return -EINVAL;
	}
	memset(ctx, 0, sizeof(*ctx));
	ctx->udc = udc;
	ctx->info = *info;
	ctx->str_manufacturer = usbd_add_string(ctx, info->manufacturer);
	ctx->str_product = usbd_add_string(ctx, info->product);
	ctx->str_serial = usbd_add_string(ctx, info->serial);
	return 0;
}

bool usbd_str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

uint8_t usbd_add_string(struct usbd_context *ctx, const char *str)
{
	if (!str) {
		return 0;
	}
	for (uint8_t i = 0; i < ctx->num_strings; i++) {
		if (usbd_str_eq(ctx->strings[i], str)) {
			return (uint8_t)(i + 1);
		}
	}
	if (ctx->num_strings >= USBD_MAX_STRINGS) {
		return 0;
	}
	ctx->strings[ctx->num_strings++] = str;
	return ctx->num_strings;
}

int usbd_register_class(struct usbd_context *ctx, struct usbd_class_node *c)
{
	struct usbd_class_node **tail = &ctx->classes;

	if (ctx->enabled || !c || !c->api || c->num_ifaces == 0) {
		return -EINVAL;
	}
	if (ctx->num_ifaces + c->num_ifaces > USBD_MAX_INTERFACES) {
		return -ENOMEM;
	}
	while (*tail) {
		if (*tail == c) {
			return -EALREADY;
		}
		tail = &(*tail)->next;
	}
	c->first_iface = ctx->num_ifaces;
	c->ctx = ctx;
	c->next = NULL;
	*tail = c;
	ctx->num_ifaces += c->num_ifaces;
	return 0;
}

void usbd_set_msg_cb(struct usbd_context *ctx, usbd_msg_cb_t cb, void *user)
{
	ctx->msg_cb = cb;
	ctx->msg_user = user;
}

void usbd_msg_pub(struct usbd_context *ctx, enum usbd_msg_type type,
		  int status)
{
	struct usbd_msg msg = {.type = type, .status = status};

	if (ctx->msg_cb) {
		ctx->msg_cb(ctx, &msg, ctx->msg_user);
	}
}

const char *usbd_msg_type_string(enum usbd_msg_type type)
{
	switch (type) {
	case USBD_MSG_VBUS_READY:
		return "VBUS ready";
	case USBD_MSG_VBUS_REMOVED:
		return "VBUS removed";
	case USBD_MSG_RESET:
		return "Bus reset";
	case USBD_MSG_SUSPEND:
		return "Device suspended";
	case USBD_MSG_RESUME:
		return "Device resumed";
	case USBD_MSG_CONFIGURATION:
		return "New device configuration";
	case USBD_MSG_UDC_ERROR:
		return "Controller error";
	case USBD_MSG_DFU_APP_DETACH:
		return "DFU detach request";
	case USBD_MSG_DFU_DOWNLOAD_COMPLETED:
		return "DFU download completed";
	case USBD_MSG_DFU_MANIFEST_FAILED:
		return "DFU manifestation failed";
	}
	return "Unknown message";
}

void usbd_classes_event(struct usbd_context *ctx, enum usbd_class_event ev)
{
	for (struct usbd_class_node *c = ctx->classes; c; c = c->next) {
		if (c->api->event) {
			c->api->event(c, ev);
		}
	}
}

/* Configured -> Address state: the interfaces are gone (9.4.7). */
void usbd_state_deconfigure(struct usbd_context *ctx)
{
	ctx->config = 0;
	ctx->dev_state = USBD_STATE_ADDRESS;
	memset(ctx->iface_alt, 0, sizeof(ctx->iface_alt));
}

/* Back to the Default state (bus reset, unplug, disable). */
void usbd_state_reset(struct usbd_context *ctx)
{
	usbd_ctrl_abandon(ctx);
	usbd_state_deconfigure(ctx);
	ctx->dev_state = USBD_STATE_DEFAULT;
	ctx->remote_wakeup_on = false;
}

static void usbd_udc_event(struct udc_dev *udc, const struct udc_event *evt,
			   void *user)
{
	struct usbd_context *ctx = user;

	switch (evt->type) {
	case UDC_EVT_VBUS_READY:
		usbd_msg_pub(ctx, USBD_MSG_VBUS_READY, 0);
		break;
	case UDC_EVT_VBUS_REMOVED:
		/* The host is gone; an unplug is not a bus reset. */
		usbd_state_reset(ctx);
		usbd_classes_event(ctx, USBD_CLASS_DISCONNECTED);
		usbd_msg_pub(ctx, USBD_MSG_VBUS_REMOVED, 0);
		break;
	case UDC_EVT_RESET:
		usbd_state_reset(ctx);
		usbd_classes_event(ctx, USBD_CLASS_RESET);
		usbd_msg_pub(ctx, USBD_MSG_RESET, 0);
		break;
	case UDC_EVT_SUSPEND:
		usbd_msg_pub(ctx, USBD_MSG_SUSPEND, 0);
		break;
	case UDC_EVT_RESUME:
		usbd_msg_pub(ctx, USBD_MSG_RESUME, 0);
		break;
	case UDC_EVT_SETUP:
		usbd_ctrl_setup(ctx, evt->setup);
		break;
	case UDC_EVT_CTRL_OUT:
		usbd_ctrl_out(ctx, evt->data, evt->data_len);
		break;
	case UDC_EVT_CTRL_STATUS:
		usbd_ctrl_status_done(ctx);
		break;
	case UDC_EVT_XFER_DONE:
		break;
	case UDC_EVT_ERROR:
		usbd_msg_pub(ctx, USBD_MSG_UDC_ERROR, evt->status);
		break;
	}
}

void usbd_set_clock(struct usbd_context *ctx, usbd_clock_fn fn, void *user)
{
	ctx->clock = fn;
	ctx->clock_user = user;
}

uint32_t usbd_now_ms(const struct usbd_context *ctx)
{
	return ctx->clock ? ctx->clock(ctx->clock_user) : 0;
}

int usbd_enable(struct usbd_context *ctx)
{
	if (ctx->enabled) {
		return -EALREADY;
	}
	usbd_state_reset(ctx);
	ctx->udc->event_cb = usbd_udc_event;
	ctx->udc->event_user = ctx;
	ctx->enabled = true;
	return udc_enable(ctx->udc);
}

int usbd_disable(struct usbd_context *ctx)
{
	int ret;

	if (!ctx->enabled) {
		return -EALREADY;
	}
	ret = udc_disable(ctx->udc);
	usbd_state_reset(ctx);
	usbd_classes_event(ctx, USBD_CLASS_DISABLED);
	ctx->enabled = false;
	return ret;
}

void usbd_poll(struct usbd_context *ctx)
{
	for (struct usbd_class_node *c = ctx->classes; c; c = c->next) {
		if (c->api->poll) {
			c->api->poll(c);
		}
	}
}
