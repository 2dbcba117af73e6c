/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU run-time interface (protocol 1): DFU 1.1 appendix A.2.1 - A.2.2 as
 * a table, one row per state, one column per request.
 *
 * DETACH takes effect when its status stage completes. With bitWillDetach
 * the device then detaches by itself: the application gets
 * USBD_MSG_DFU_APP_DETACH and re-enumerates in DFU mode. Without it the
 * device starts the detach timer of min(wTimeout, wDetachTimeOut) and
 * waits in appDETACH for the host's bus reset; when the timer expires it
 * returns to appIDLE and a later reset does not enter DFU mode. An unplug
 * is not a reset: it ends appDETACH without entering DFU mode.
 */
#include <errno.h>

#include "class/dfu/dfu.h"

#define DFU_PROTOCOL_RUNTIME 0x01

enum rt_act {
	RT_STALL = 0, /* stall, back to appIDLE ("any other request") */
	RT_DETACH,    /* -> appDETACH at the status stage */
	RT_STATUS,    /* GETSTATUS: report, bwPollTimeout 0 */
	RT_STATE,     /* GETSTATE: report */
};

/*
 * Columns: DETACH, DNLOAD, UPLOAD, GETSTATUS, CLRSTATUS, GETSTATE, ABORT.
 * GETSTATUS and GETSTATE in appIDLE are optional (A.2.1): supported.
 */
static const uint8_t dfu_runtime_table[2][7] = {
	/* A.2.1 appIDLE */
	[DFU_STATE_APP_IDLE] = {RT_DETACH, RT_STALL, RT_STALL, RT_STATUS,
				RT_STALL, RT_STATE, RT_STALL},
	/* A.2.2 appDETACH */
	[DFU_STATE_APP_DETACH] = {RT_STALL, RT_STALL, RT_STALL, RT_STATUS,
				  RT_STALL, RT_STATE, RT_STALL},
};

static bool will_detach(const struct dfu_runtime *rt)
{
	return (rt->cfg.attributes & DFU_ATTR_WILL_DETACH) != 0;
}

/* A.2.2: the detach timer expired: back to appIDLE. */
static void run_timer(struct dfu_runtime *rt)
{
	uint32_t now = usbd_now_ms(rt->node.ctx);

	if (rt->state == DFU_STATE_APP_DETACH && !will_detach(rt) &&
	    (uint32_t)(now - rt->detach_start_ms) >= rt->detach_ms) {
		rt->state = DFU_STATE_APP_IDLE;
	}
}

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
	m = dfu_desc_functional(buf + n, cap - (size_t)n, &rt->cfg,
				udc_ctrl_max(c->ctx->udc));
	return m < 0 ? m : n + m;
}

static enum rt_act rt_action(const struct dfu_runtime *rt,
			     const struct usb_setup_packet *s)
{
	bool in = usb_setup_is_in(s);
	enum rt_act act;

	if (s->bRequest > DFU_ABORT) {
		return RT_STALL;
	}
	act = (enum rt_act)dfu_runtime_table[rt->state][s->bRequest];
	/* The request's direction must be the one DFU 1.1 table 3.2 says. */
	if ((act == RT_DETACH && in) ||
	    ((act == RT_STATUS || act == RT_STATE) && !in)) {
		return RT_STALL;
	}
	return act;
}

static int rt_control(struct usbd_class_node *c,
		      const struct usb_setup_packet *s, const uint8_t *out,
		      size_t out_len, struct usbd_ctrl_in *in)
{
	struct dfu_runtime *rt = c->priv;

	run_timer(rt);
	rt->detach_pending = false;
	switch (rt_action(rt, s)) {
	case RT_DETACH:
		rt->detach_pending = true;
		rt->detach_wtimeout = s->wValue;
		return 0;
	case RT_STATUS:
		if (s->wLength < 6) {
			break;
		}
		dfu_status_pack(in->buf, DFU_STATUS_OK, 0, rt->state);
		in->data = in->buf;
		in->len = 6;
		return USBD_CTRL_ANSWERED;
	case RT_STATE:
		if (s->wLength < 1) {
			break;
		}
		in->buf[0] = (uint8_t)rt->state;
		in->data = in->buf;
		in->len = 1;
		return USBD_CTRL_ANSWERED;
	case RT_STALL:
		break;
	}
	rt->state = DFU_STATE_APP_IDLE;
	return -EINVAL;
}

/* DETACH's status stage completed: now it takes effect. */
static void rt_ctrl_end(struct usbd_class_node *c, bool completed)
{
	struct dfu_runtime *rt = c->priv;

	if (!rt->detach_pending) {
		return;
	}
	rt->detach_pending = false;
	if (!completed) {
		return;
	}
	rt->state = DFU_STATE_APP_DETACH;
	rt->detach_start_ms = usbd_now_ms(c->ctx);
	rt->detach_ms = rt->detach_wtimeout < rt->cfg.detach_timeout_ms
				? rt->detach_wtimeout
				: rt->cfg.detach_timeout_ms;
	if (will_detach(rt)) {
		usbd_msg_pub(c->ctx, USBD_MSG_DFU_APP_DETACH, 0);
	}
}

static void rt_event(struct usbd_class_node *c, enum usbd_class_event ev)
{
	struct dfu_runtime *rt = c->priv;

	if (ev == USBD_CLASS_CONFIGURED) {
		return;
	}
	run_timer(rt);
	rt->detach_pending = false;
	/* A.2.2: a bus reset while the detach timer runs enters DFU mode. */
	if (ev == USBD_CLASS_RESET && rt->state == DFU_STATE_APP_DETACH &&
	    !will_detach(rt)) {
		usbd_msg_pub(c->ctx, USBD_MSG_DFU_APP_DETACH, 0);
	}
	rt->state = DFU_STATE_APP_IDLE;
}

static void rt_poll(struct usbd_class_node *c)
{
	run_timer(c->priv);
}

static const struct usbd_class_api dfu_runtime_api = {
	.get_desc = rt_get_desc,
	.control = rt_control,
	.ctrl_end = rt_ctrl_end,
	.event = rt_event,
	.poll = rt_poll,
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
