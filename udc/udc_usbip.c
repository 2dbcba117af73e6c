/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip controller driver: endpoint 0 on the staged contract of udc.h,
 * the importer's URBs and unlinks, the resets USB/IP hides, and the
 * udc_api. See udc_usbip.h for the mapping of USB/IP onto the controller
 * API; connections and the OP phase live in usbip_conn.c and
 * usbip_server.c.
 */
#include <errno.h>
#include <string.h>

#include "udc/usbip_priv.h"

#define USB_REQ_SET_FEATURE       0x03
#define USB_REQ_GET_DESCRIPTOR    0x06
#define USB_REQ_SET_CONFIGURATION 0x09
#define USB_DESC_DEVICE           0x01
#define USB_DESC_CONFIGURATION    0x02
#define USB_DEVICE_DESC_LEN       18
#define USB_CONFIG_DESC_LEN       9
/* Hub class, recipient "other" (a port): USB 2.0 11.24.2. */
#define USB_RT_PORT         0x23
#define USB_PORT_FEAT_RESET 4

/* ---- endpoint 0: the staged control transfer ----------------------------- */

static void ep0_event(struct usbip_server *s, enum udc_event_type type,
		      const uint8_t *data, size_t len)
{
	struct udc_event evt = {
		.type = type,
		.setup = &s->ep0.setup,
		.data = data,
		.data_len = len,
	};

	udc_submit_event(s->dev, &evt);
}

/* The OUT data stage: the URB carried it, so it is complete at once. */
static int ep0_data_out(struct usbip_server *s, const uint8_t *out)
{
	struct ep0_xfer *x = &s->ep0;
	size_t len = x->setup.wLength;

	memcpy(x->out_buf, out, len);
	x->stage = EP0_DATA_OUT;
	x->answer = EP0_NONE;
	ep0_event(s, UDC_EVT_CTRL_OUT, x->out_buf, len);
	x->stage = EP0_IDLE;
	return x->answer == EP0_STATUS ? 0 : -EPIPE;
}

/*
 * Run one control transfer through the stack: UDC_EVT_SETUP, then for an
 * armed OUT data stage UDC_EVT_CTRL_OUT with the URB's payload (out, of
 * wLength bytes). IN data lands in in_buf, cut to in_cap. Returns 0 with
 * *in_len, or -EPIPE for a stall or no answer. UDC_EVT_CTRL_STATUS is
 * the caller's: it follows once the reply is on its way.
 */
static int ep0_run(struct usbip_server *s, const struct usb_setup_packet *setup,
		   const uint8_t *out, uint8_t *in_buf, size_t in_cap,
		   size_t *in_len)
{
	struct ep0_xfer *x = &s->ep0;

	*x = (struct ep0_xfer){
		.stage = EP0_SETUP,
		.setup = *setup,
		.in_buf = in_buf,
		.in_cap = in_cap,
	};
	ep0_event(s, UDC_EVT_SETUP, NULL, 0);
	x->stage = EP0_IDLE;
	switch (x->answer) {
	case EP0_SEND:
		*in_len = x->in_len;
		return 0;
	case EP0_STATUS:
		*in_len = 0;
		return 0;
	case EP0_RECV:
		/* ctrl_recv() takes only OUT requests, which carry out */
		*in_len = 0;
		return out ? ep0_data_out(s, out) : -EPIPE;
	default:
		return -EPIPE;
	}
}

/* The request is over: vhci does the status stage itself. */
static void ep0_complete(struct usbip_server *s)
{
	ep0_event(s, UDC_EVT_CTRL_STATUS, NULL, 0);
}

/* Whether the stack may answer now; -EALREADY for a second answer. */
static int ep0_may_answer(struct usbip_server *s, enum ep0_stage stage)
{
	if (s->ep0.stage != stage) {
		return -EINVAL;
	}
	return s->ep0.answer == EP0_NONE ? 0 : -EALREADY;
}

/* The transfer whose SETUP stage the stack answers now, or NULL. */
static struct ep0_xfer *ep0_setup_answer(struct udc_dev *dev, int *ret)
{
	struct usbip_server *s = usbip_server_of(dev);

	*ret = s ? ep0_may_answer(s, EP0_SETUP) : -EINVAL;
	return *ret ? NULL : &s->ep0;
}

static int usbip_ctrl_send(struct udc_dev *dev, const uint8_t *data, size_t len)
{
	int ret;
	struct ep0_xfer *x = ep0_setup_answer(dev, &ret);

	if (!x) {
		return ret;
	}
	/* Longer IN replies than asked for are fatal to vhci. */
	if (!usb_setup_is_in(&x->setup) || len > x->setup.wLength ||
	    (len > 0 && !data)) {
		return -EINVAL;
	}
	if (len > x->in_cap) {
		len = x->in_cap; /* the URB's buffer is shorter than wLength */
	}
	if (len > 0) {
		memcpy(x->in_buf, data, len);
	}
	x->in_len = len;
	x->answer = EP0_SEND;
	return 0;
}

static int usbip_ctrl_recv(struct udc_dev *dev, uint8_t *buf, size_t len)
{
	int ret;
	struct ep0_xfer *x = ep0_setup_answer(dev, &ret);

	if (!x) {
		return ret;
	}
	if (usb_setup_is_in(&x->setup) || x->setup.wLength == 0 ||
	    len != x->setup.wLength || !buf) {
		return -EINVAL;
	}
	x->out_buf = buf;
	x->answer = EP0_RECV;
	return 0;
}

static int usbip_ctrl_status(struct udc_dev *dev)
{
	struct usbip_server *s = usbip_server_of(dev);
	struct ep0_xfer *x;

	if (!s) {
		return -EINVAL;
	}
	x = &s->ep0;
	if (x->stage == EP0_IDLE) {
		return -EINVAL;
	}
	if (x->answer != EP0_NONE) {
		return -EALREADY;
	}
	if (x->stage == EP0_SETUP && x->setup.wLength > 0) {
		return -EINVAL; /* a data stage is due first */
	}
	x->answer = EP0_STATUS;
	return 0;
}

static int usbip_ctrl_stall(struct udc_dev *dev)
{
	struct usbip_server *s = usbip_server_of(dev);

	if (!s) {
		return -EINVAL;
	}
	if (s->ep0.stage == EP0_IDLE) {
		return -EINVAL;
	}
	if (s->ep0.answer != EP0_NONE) {
		return -EALREADY;
	}
	s->ep0.answer = EP0_STALL;
	return 0;
}

/* ---- device information from the stack ----------------------------------- */

/* A GET_DESCRIPTOR of our own through the staged path, into desc_buf. */
static int stack_get_descriptor(struct usbip_server *s, uint8_t type,
				uint16_t wLength, size_t *len)
{
	struct usb_setup_packet setup = {
		.bmRequestType = USB_REQTYPE_DIR_IN,
		.bRequest = USB_REQ_GET_DESCRIPTOR,
		.wValue = (uint16_t)(type << 8),
		.wIndex = 0,
		.wLength = wLength,
	};
	int ret = ep0_run(s, &setup, NULL, s->desc_buf, wLength, len);

	/* Completed like any GET_DESCRIPTOR, so the stack's control
	 * state ends idle; a stalled one ends at the next SETUP. */
	if (ret == 0) {
		ep0_complete(s);
	}
	return ret;
}

/* Ask the stack for its descriptors and fill s->info from them. */
int usbip_refresh_device_info(struct usbip_server *s)
{
	uint8_t dev_desc[USB_DEVICE_DESC_LEN];
	size_t dev_len, cfg_len;
	uint16_t total;
	int ret;

	ret = stack_get_descriptor(s, USB_DESC_DEVICE, USB_DEVICE_DESC_LEN,
				   &dev_len);
	if (ret) {
		usbip_log(s, "usbip: the stack stalled GET_DESCRIPTOR(device)");
		return ret;
	}
	memcpy(dev_desc, s->desc_buf, dev_len);
	ret = stack_get_descriptor(s, USB_DESC_CONFIGURATION,
				   USB_CONFIG_DESC_LEN, &cfg_len);
	if (ret || cfg_len < USB_CONFIG_DESC_LEN) {
		usbip_log(s,
			  "usbip: the stack gave no configuration descriptor");
		return -EPIPE;
	}
	total = (uint16_t)(s->desc_buf[2] | (s->desc_buf[3] << 8));
	ret = stack_get_descriptor(s, USB_DESC_CONFIGURATION, total, &cfg_len);
	if (ret) {
		usbip_log(s,
			  "usbip: the stack stalled GET_DESCRIPTOR(config, %u)",
			  total);
		return ret;
	}
	ret = usbip_info_from_descriptors(&s->info, dev_desc, dev_len,
					  s->desc_buf, cfg_len);
	if (ret) {
		usbip_log(s, "usbip: the stack's descriptors are malformed");
		return ret;
	}
	s->info.speed = s->dev->speed == UDC_SPEED_HIGH ? USBIP_SPEED_HIGH
							: USBIP_SPEED_FULL;
	return 0;
}

/* ---- resets that USB/IP hides (see udc_usbip.h) -------------------------- */

static void bus_reset(struct usbip_server *s)
{
	struct udc_event evt = {.type = UDC_EVT_RESET};

	s->configured = false;
	udc_submit_event(s->dev, &evt);
}

static bool is_set_configuration(const struct usb_setup_packet *setup)
{
	return setup->bmRequestType == 0x00 &&
	       setup->bRequest == USB_REQ_SET_CONFIGURATION;
}

/* SET_FEATURE(PORT_RESET), which Linux's stub turns into a real reset. */
static bool is_port_reset(const struct usb_setup_packet *setup)
{
	return setup->bmRequestType == USB_RT_PORT &&
	       setup->bRequest == USB_REQ_SET_FEATURE &&
	       setup->wValue == USB_PORT_FEAT_RESET;
}

/*
 * A host re-enumerates after a reset it never showed us: a non-zero
 * SET_CONFIGURATION to a device that is already configured.
 */
static void reset_if_reenumerated(struct usbip_server *s,
				  const struct usb_setup_packet *setup)
{
	if (is_set_configuration(setup) && setup->wValue != 0 &&
	    s->configured) {
		bus_reset(s);
	}
}

/* Track the Configured state from requests that completed. */
static void track_configuration(struct usbip_server *s,
				const struct usb_setup_packet *setup)
{
	if (is_set_configuration(setup)) {
		s->configured = (setup->wValue & 0xff) != 0;
	}
}

/* ---- URB traffic --------------------------------------------------------- */

/*
 * Endpoint 0: one control transfer through the stack. Returns the
 * RET_SUBMIT status; IN data goes to in_buf, *actual is the URB's
 * actual_length.
 */
static int32_t ep0_submit(struct usbip_server *s, const struct usbip_cmd *cmd,
			  const uint8_t *out, uint8_t *in_buf, size_t *actual)
{
	struct usb_setup_packet setup;
	size_t tbl = cmd->transfer_buffer_length;
	bool dir_in;

	usb_setup_parse(cmd->setup, &setup);
	if (is_port_reset(&setup)) {
		/* The stub resets the device and completes the URB with
		 * status 0; the stack never sees the request. */
		bus_reset(s);
		*actual = 0;
		return 0;
	}
	dir_in = usb_setup_is_in(&setup);
	/* The URB must agree with its own setup packet, or it is stalled
	 * before the stack could misread it. */
	if (tbl > 0 && dir_in != (cmd->direction == USBIP_DIR_IN)) {
		return -EPIPE;
	}
	if (!dir_in && setup.wLength != tbl) {
		return -EPIPE;
	}
	reset_if_reenumerated(s, &setup);
	if (dir_in) {
		size_t cap = setup.wLength < tbl ? setup.wLength : tbl;

		return ep0_run(s, &setup, NULL, in_buf, cap, actual) ? -EPIPE
								     : 0;
	}
	if (ep0_run(s, &setup, out, NULL, 0, actual)) {
		return -EPIPE;
	}
	*actual = tbl; /* the stack took the whole data stage */
	return 0;
}

/* The longest reply a command can get: IN data follows a RET_SUBMIT. */
static size_t reply_len(const struct usbip_cmd *cmd)
{
	size_t len = USBIP_CMD_HDR_LEN;

	if (cmd->command == USBIP_CMD_SUBMIT &&
	    cmd->direction == USBIP_DIR_IN) {
		len += cmd->transfer_buffer_length;
	}
	return len;
}

static void urb_submit(struct usbip_server *s, struct conn *c,
		       const struct usbip_cmd *cmd, const uint8_t *payload)
{
	uint8_t *hdr = c->tx + c->tx_len;
	struct usb_setup_packet setup;
	size_t actual = 0;
	int32_t status = -EPIPE;
	bool control = cmd->ep == 0 && !usbip_cmd_is_iso(cmd);

	/* No data endpoints here: anything but control is a stall. */
	if (control) {
		status = ep0_submit(s, cmd, payload, hdr + USBIP_CMD_HDR_LEN,
				    &actual);
	}
	usbip_pack_ret_submit(hdr, cmd->seqnum, status, (uint32_t)actual);
	c->tx_len += USBIP_CMD_HDR_LEN;
	if (cmd->direction == USBIP_DIR_IN) {
		c->tx_len += actual;
	}
	usb_setup_parse(cmd->setup, &setup);
	if (!control || status != 0 || is_port_reset(&setup)) {
		return;
	}
	track_configuration(s, &setup);
	ep0_complete(s);
}

/*
 * UNLINK, as Linux's stub does it for a URB that already completed
 * (stub_rx.c: "not pending"): RET_UNLINK with status 0, and the
 * RET_SUBMIT stands. Every URB here completes as it is received, so
 * that is the only case: the RET_SUBMIT is already queued ahead of this
 * reply, and vhci, which gives the URB back on the RET_SUBMIT, takes a
 * later RET_UNLINK for it as "already given back" (vhci_rx.c). Retracting
 * the RET_SUBMIT instead would report a transfer as cancelled that the
 * device had executed.
 */
static void urb_unlink(struct conn *c, const struct usbip_cmd *cmd)
{
	usbip_pack_ret_unlink(c->tx + c->tx_len, cmd->seqnum, 0);
	c->tx_len += USBIP_CMD_HDR_LEN;
}

/* Parse the command at rx + off; false if the connection was dropped. */
static bool importer_parse(struct usbip_server *s, struct conn *c, size_t off,
			   struct usbip_cmd *cmd)
{
	if (usbip_parse_cmd(c->rx + off, cmd)) {
		usbip_log(s,
			  "usbip: %s: bad command 0x%08x (ep %u, dir %u, "
			  "length %u), dropping the connection",
			  c->peer, cmd->command, cmd->ep, cmd->direction,
			  cmd->transfer_buffer_length);
		conn_close(s, c, true);
		return false;
	}
	/* Linux's stub drops a connection that names another device. */
	if (cmd->devid != usbip_devid(s)) {
		usbip_log(s,
			  "usbip: %s: devid 0x%08x is not 0x%08x, dropping "
			  "the connection",
			  c->peer, cmd->devid, usbip_devid(s));
		conn_close(s, c, true);
		return false;
	}
	return true;
}

long usbip_importer_process(struct usbip_server *s, struct conn *c)
{
	size_t off = 0;

	while (c->state == CONN_IMPORTED) {
		struct usbip_cmd cmd;
		size_t avail = c->rx_len - off;
		size_t total;

		if (avail < USBIP_CMD_HDR_LEN) {
			break;
		}
		if (!importer_parse(s, c, off, &cmd)) {
			return -1;
		}
		total = USBIP_CMD_HDR_LEN + usbip_cmd_payload_len(&cmd);
		/* Without room for the reply the command waits: reading
		 * stops once rx is full, and resumes as tx drains. */
		if (avail < total || !conn_tx_room(c, reply_len(&cmd))) {
			break;
		}
		if (cmd.command == USBIP_CMD_SUBMIT) {
			urb_submit(s, c, &cmd, c->rx + off + USBIP_CMD_HDR_LEN);
		} else {
			urb_unlink(c, &cmd);
		}
		off += total;
	}
	memmove(c->rx, c->rx + off, c->rx_len - off);
	c->rx_len -= off;
	return (long)off;
}

/* ---- the controller API -------------------------------------------------- */

static int usbip_init(struct udc_dev *dev)
{
	return usbip_server_of(dev) ? 0 : -EINVAL;
}

static int usbip_enable(struct udc_dev *dev)
{
	struct usbip_server *s = usbip_server_of(dev);

	if (!s) {
		return -EINVAL;
	}
	s->enabled = true;
	return 0;
}

static int usbip_disable(struct udc_dev *dev)
{
	struct usbip_server *s = usbip_server_of(dev);

	if (!s) {
		return -EINVAL;
	}
	s->enabled = false;
	/* Closed from the poll loop once the queued replies are out, so a
	 * request answered right before the unplug still completes. */
	if (s->importer && s->importer->state == CONN_IMPORTED) {
		usbip_log(s, "usbip: %s: unplugged (controller disabled)",
			  s->importer->peer);
		conn_finish(s, s->importer);
	}
	return 0;
}

static bool is_ep0(uint8_t ep)
{
	return (ep & 0x7f) == 0;
}

/* No data endpoints; endpoint 0 moves data with udc_ctrl_send/recv. */
static int usbip_ep_enqueue(struct udc_dev *dev, uint8_t ep,
			    const uint8_t *data, size_t len)
{
	return usbip_server_of(dev) ? -ENOTSUP : -EINVAL;
}

static int usbip_ep_dequeue(struct udc_dev *dev, uint8_t ep)
{
	if (!usbip_server_of(dev)) {
		return -EINVAL;
	}
	/* Control replies never stay queued past their callback. */
	return is_ep0(ep) ? 0 : -ENOTSUP;
}

/* Halting endpoint 0 is the protocol stall of the running request. */
static int usbip_ep_set_halt(struct udc_dev *dev, uint8_t ep)
{
	if (!usbip_server_of(dev)) {
		return -EINVAL;
	}
	return is_ep0(ep) ? usbip_ctrl_stall(dev) : -ENOTSUP;
}

static int usbip_ep_clear_halt(struct udc_dev *dev, uint8_t ep)
{
	if (!usbip_server_of(dev)) {
		return -EINVAL;
	}
	/* A protocol stall ends with the next SETUP: nothing to clear. */
	return is_ep0(ep) ? 0 : -ENOTSUP;
}

/* set_address stays NULL: vhci-hcd handles SET_ADDRESS itself. */
const struct udc_api udc_usbip_api = {
	.init = usbip_init,
	.enable = usbip_enable,
	.disable = usbip_disable,
	.ctrl_send = usbip_ctrl_send,
	.ctrl_recv = usbip_ctrl_recv,
	.ctrl_status = usbip_ctrl_status,
	.ctrl_stall = usbip_ctrl_stall,
	.ep_enqueue = usbip_ep_enqueue,
	.ep_dequeue = usbip_ep_dequeue,
	.ep_set_halt = usbip_ep_set_halt,
	.ep_clear_halt = usbip_ep_clear_halt,
};
