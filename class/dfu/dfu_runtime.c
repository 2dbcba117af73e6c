/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU run-time interface (protocol 1). With bitWillDetach the device
 * detaches by itself on DFU_DETACH: the application gets
 * USBD_MSG_DFU_APP_DETACH and re-enumerates in DFU mode. Without it, the
 * device waits in appDETACH for the host's bus reset.
 */
#include <errno.h>

#include "class/dfu/dfu.h"

#define DFU_PROTOCOL_RUNTIME 0x01

static int rt_get_desc(struct usbd_class_node *c, uint8_t first_iface,
		       uint8_t *buf, size_t cap)
{
	struct dfu_runtime *rt = c->priv;
	int n = dfu_desc_interface(buf, cap, first_iface, 0,
				   DFU_PROTOCOL_RUNTIME, rt->str_iface);
	int m;

	if (n < 0) {
		return n;
	}
	m = dfu_desc_functional(buf + n, cap - (size_t)n, &rt->cfg);
	return m < 0 ? m : n + m;
}

static int rt_control(struct usbd_class_node *c,
		      const struct usb_setup_packet *s, const uint8_t *out,
		      size_t out_len, struct usbd_ctrl_in *in)
{
	struct dfu_runtime *rt = c->priv;
	bool dir_in = (s->bmRequestType & USB_REQTYPE_DIR_IN) != 0;

	switch (s->bRequest) {
	case DFU_DETACH:
		if (dir_in || rt->state != DFU_STATE_APP_IDLE) {
			rt->state = DFU_STATE_APP_IDLE;
			return -EINVAL;
		}
		rt->state = DFU_STATE_APP_DETACH;
		if (rt->cfg.attributes & DFU_ATTR_WILL_DETACH) {
			usbd_msg_pub(c->ctx, USBD_MSG_DFU_APP_DETACH, 0);
		}
		return 0;
	case DFU_GETSTATUS:
		if (!dir_in || s->wLength < 6) {
			return -EINVAL;
		}
		dfu_status_pack(in->buf, DFU_STATUS_OK, 0, rt->state);
		in->data = in->buf;
		in->len = 6;
		return 0;
	case DFU_GETSTATE:
		if (!dir_in || s->wLength < 1) {
			return -EINVAL;
		}
		in->buf[0] = (uint8_t)rt->state;
		in->data = in->buf;
		in->len = 1;
		return 0;
	default:
		/* DFU 1.1 A.1: other requests stall and return to appIDLE. */
		rt->state = DFU_STATE_APP_IDLE;
		return -EINVAL;
	}
}

static void rt_event(struct usbd_class_node *c, enum usbd_class_event ev)
{
	struct dfu_runtime *rt = c->priv;

	if (ev != USBD_CLASS_RESET && ev != USBD_CLASS_DISABLED) {
		return;
	}
	/* A bus reset in appDETACH is the host's go for DFU mode. */
	if (ev == USBD_CLASS_RESET && rt->state == DFU_STATE_APP_DETACH &&
	    !(rt->cfg.attributes & DFU_ATTR_WILL_DETACH)) {
		usbd_msg_pub(c->ctx, USBD_MSG_DFU_APP_DETACH, 0);
	}
	rt->state = DFU_STATE_APP_IDLE;
}

static const struct usbd_class_api dfu_runtime_api = {
	.get_desc = rt_get_desc,
	.control = rt_control,
	.event = rt_event,
};

int dfu_runtime_init(struct dfu_runtime *rt, const struct dfu_config *cfg)
{
	*rt = (struct dfu_runtime){0};
	dfu_config_defaults(&rt->cfg, cfg);
	rt->node.name = "dfu_runtime";
	rt->node.api = &dfu_runtime_api;
	rt->node.priv = rt;
	rt->node.num_ifaces = 1;
	rt->state = DFU_STATE_APP_IDLE;
	return 0;
}

int dfu_runtime_register(struct usbd_context *ctx, struct dfu_runtime *rt)
{
	rt->str_iface = usbd_add_string(ctx, "DFU runtime");
	return usbd_register_class(ctx, &rt->node);
}
