/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU-mode interface (protocol 2): the DFU 1.1 state machine (appendix A.2)
 * over a set of images, one per alternate setting.
 *
 * Choices where the spec leaves room:
 *  - DNLOAD data goes to the backend when it arrives; GETSTATUS reports
 *    the state after the transition (dfuDNBUSY with the backend's own
 *    estimate, or dfuDNLOAD-IDLE at once when the write is done).
 *  - GETSTATUS in dfuDNBUSY / dfuMANIFEST is accepted as the "status poll
 *    timeout" transition: hosts poll there, and the answer is the truth.
 *  - The block number of the first DNLOAD/UPLOAD of a session is taken as
 *    is; every later block must be the previous + 1 (mod 2^16). Offsets
 *    come from the bytes received, never from wValue * wTransferSize.
 *  - The zero-length DNLOAD that ends a download is accepted whatever its
 *    block number.
 *  - Protocol errors (request not allowed in the state, wrong direction,
 *    wLength over wTransferSize, block out of order) stall and enter
 *    dfuERROR with errSTALLEDPKT; data past the image capacity stalls with
 *    errADDRESS. Backend failures enter dfuERROR with the backend's code.
 */
#include <errno.h>

#include "class/dfu/dfu.h"

#define DFU_PROTOCOL_MODE 0x02

static const struct dfu_image *cur_image(struct dfu_mode *dm)
{
	return &dm->images[dm->alt];
}

static bool download_active(const struct dfu_mode *dm)
{
	switch (dm->state) {
	case DFU_STATE_DNLOAD_SYNC:
	case DFU_STATE_DNBUSY:
	case DFU_STATE_DNLOAD_IDLE:
		return true;
	case DFU_STATE_MANIFEST_SYNC:
	case DFU_STATE_MANIFEST:
		return !dm->manifest_done;
	default:
		return false;
	}
}

/* End any transfer session; an unfinished download is discarded. */
static void end_session(struct dfu_mode *dm)
{
	const struct dfu_image *img = cur_image(dm);

	if (download_active(dm) && img->ops->abort) {
		img->ops->abort(img->ctx);
	}
	dm->busy = false;
	dm->manifest_done = false;
	dm->block_known = false;
	dm->offset = 0;
	dm->poll_timeout_ms = 0;
}

static int enter_error(struct dfu_mode *dm, enum dfu_status status)
{
	end_session(dm);
	dm->state = DFU_STATE_ERROR;
	dm->status = status;
	return -EINVAL;
}

/* A backend's negative return as a bStatus (unknown codes: errUNKNOWN). */
static enum dfu_status status_of(int ret)
{
	if (ret >= -DFU_ERR_TARGET || ret < -DFU_ERR_STALLEDPKT) {
		return DFU_ERR_UNKNOWN;
	}
	return (enum dfu_status)(-ret);
}

/* Map a backend return value onto the session. */
static void take_result(struct dfu_mode *dm, int ret, uint32_t poll_ms)
{
	if (ret < 0) {
		enter_error(dm, status_of(ret));
		return;
	}
	dm->busy = ret == DFU_IMAGE_BUSY;
	dm->poll_timeout_ms = dm->busy ? poll_ms : 0;
}

static void manifest_finished(struct dfu_mode *dm)
{
	dm->manifest_done = true;
	usbd_msg_pub(dm->node.ctx, USBD_MSG_DFU_DOWNLOAD_COMPLETED, dm->alt);
}

/* Drive an asynchronous backend operation forward. */
static void progress(struct dfu_mode *dm)
{
	const struct dfu_image *img = cur_image(dm);
	uint32_t poll_ms = 0;
	bool manifesting = dm->state == DFU_STATE_MANIFEST_SYNC ||
			   dm->state == DFU_STATE_MANIFEST;
	int ret;

	if (!dm->busy) {
		return;
	}
	ret = img->ops->poll(img->ctx, &poll_ms);
	take_result(dm, ret, poll_ms);
	if (!dm->busy && manifesting && dm->state != DFU_STATE_ERROR) {
		manifest_finished(dm);
	}
}

static bool block_in_order(struct dfu_mode *dm, uint16_t block)
{
	if (!dm->block_known) {
		dm->block_known = true;
		dm->next_block = block;
	}
	if (block != dm->next_block) {
		return false;
	}
	dm->next_block++;
	return true;
}

static int do_dnload(struct dfu_mode *dm, const struct usb_setup_packet *s,
		     const uint8_t *data, size_t len)
{
	const struct dfu_image *img = cur_image(dm);
	uint32_t poll_ms = 0;
	int ret;

	if (!(dm->cfg.attributes & DFU_ATTR_CAN_DNLOAD) ||
	    s->wLength > dm->cfg.transfer_size || len != s->wLength) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	if (s->wLength == 0) {
		if (dm->state != DFU_STATE_DNLOAD_IDLE) {
			return enter_error(dm, DFU_ERR_STALLEDPKT);
		}
		dm->state = DFU_STATE_MANIFEST_SYNC;
		ret = img->ops->finish(img->ctx, dm->offset, &poll_ms);
		take_result(dm, ret, poll_ms);
		if (dm->state == DFU_STATE_MANIFEST_SYNC && !dm->busy) {
			manifest_finished(dm);
		}
		return 0;
	}
	if (dm->state == DFU_STATE_IDLE) {
		end_session(dm);
	}
	if (!block_in_order(dm, s->wValue)) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	if (len > img->capacity || dm->offset > img->capacity - len) {
		return enter_error(dm, DFU_ERR_ADDRESS);
	}
	dm->state = DFU_STATE_DNLOAD_SYNC;
	ret = img->ops->write(img->ctx, dm->offset, data, len, &poll_ms);
	take_result(dm, ret, poll_ms);
	if (dm->state != DFU_STATE_ERROR) {
		dm->offset += (uint32_t)len;
	}
	return 0;
}

static int do_upload(struct dfu_mode *dm, const struct usb_setup_packet *s,
		     struct usbd_ctrl_in *in)
{
	const struct dfu_image *img = cur_image(dm);
	int n;

	if (!(dm->cfg.attributes & DFU_ATTR_CAN_UPLOAD) || s->wLength == 0 ||
	    s->wLength > dm->cfg.transfer_size) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	if (dm->state == DFU_STATE_IDLE) {
		end_session(dm);
	}
	if (!block_in_order(dm, s->wValue)) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	n = img->ops->read(img->ctx, dm->offset, dm->buf, s->wLength);
	if (n < 0) {
		return enter_error(dm, status_of(n));
	}
	if (n > s->wLength) {
		n = s->wLength;
	}
	dm->offset += (uint32_t)n;
	/* A short block ends the upload (DFU 1.1 section 6.2). */
	if (n < s->wLength) {
		end_session(dm);
		dm->state = DFU_STATE_IDLE;
	} else {
		dm->state = DFU_STATE_UPLOAD_IDLE;
	}
	in->data = dm->buf;
	in->len = (size_t)n;
	return 0;
}

/*
 * GETSTATUS: make the transition the host is polling for, then report.
 * When the application polls the class from its main loop, storage work
 * happens there and GETSTATUS only reports; otherwise the host's polls
 * drive it, one backend step each.
 */
static void getstatus_transition(struct dfu_mode *dm)
{
	switch (dm->state) {
	case DFU_STATE_DNLOAD_SYNC:
	case DFU_STATE_DNBUSY:
		if (!dm->bg_poll) {
			progress(dm);
		}
		if (dm->state != DFU_STATE_ERROR) {
			dm->state = dm->busy ? DFU_STATE_DNBUSY
					     : DFU_STATE_DNLOAD_IDLE;
		}
		break;
	case DFU_STATE_MANIFEST_SYNC:
	case DFU_STATE_MANIFEST:
		if (!dm->bg_poll) {
			progress(dm);
		}
		if (dm->state == DFU_STATE_ERROR) {
			break;
		}
		if (dm->busy) {
			dm->state = DFU_STATE_MANIFEST;
		} else if (dm->cfg.attributes & DFU_ATTR_MANIFEST_TOLERANT) {
			end_session(dm);
			dm->state = DFU_STATE_IDLE;
		} else {
			dm->state = DFU_STATE_MANIFEST_WAIT_RESET;
		}
		break;
	default:
		break;
	}
}

static int do_getstatus(struct dfu_mode *dm, struct usbd_ctrl_in *in)
{
	getstatus_transition(dm);
	dfu_status_pack(in->buf, dm->status, dm->poll_timeout_ms, dm->state);
	in->data = in->buf;
	in->len = 6;
	return 0;
}

static bool abort_allowed(enum dfu_state state)
{
	return state == DFU_STATE_IDLE || state == DFU_STATE_DNLOAD_SYNC ||
	       state == DFU_STATE_DNLOAD_IDLE ||
	       state == DFU_STATE_MANIFEST_SYNC ||
	       state == DFU_STATE_UPLOAD_IDLE;
}

static bool direction_ok(const struct usb_setup_packet *s)
{
	bool dir_in = (s->bmRequestType & USB_REQTYPE_DIR_IN) != 0;

	switch (s->bRequest) {
	case DFU_UPLOAD:
	case DFU_GETSTATUS:
	case DFU_GETSTATE:
		return dir_in;
	default:
		return !dir_in;
	}
}

static int dm_control(struct usbd_class_node *c,
		      const struct usb_setup_packet *s, const uint8_t *out,
		      size_t out_len, struct usbd_ctrl_in *in)
{
	struct dfu_mode *dm = c->priv;
	enum dfu_state st = dm->state;

	/* The device only leaves this state through a USB reset. */
	if (st == DFU_STATE_MANIFEST_WAIT_RESET) {
		return -EINVAL;
	}
	if (s->bRequest > DFU_ABORT || !direction_ok(s)) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	if ((st == DFU_STATE_DNBUSY || st == DFU_STATE_MANIFEST) &&
	    s->bRequest != DFU_GETSTATUS) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	switch (s->bRequest) {
	case DFU_GETSTATUS:
		return s->wLength < 6 ? enter_error(dm, DFU_ERR_STALLEDPKT)
				      : do_getstatus(dm, in);
	case DFU_GETSTATE:
		if (s->wLength < 1) {
			return enter_error(dm, DFU_ERR_STALLEDPKT);
		}
		in->buf[0] = (uint8_t)st;
		in->data = in->buf;
		in->len = 1;
		return 0;
	case DFU_CLRSTATUS:
		if (st != DFU_STATE_ERROR) {
			return enter_error(dm, DFU_ERR_STALLEDPKT);
		}
		dm->state = DFU_STATE_IDLE;
		dm->status = DFU_STATUS_OK;
		return 0;
	case DFU_ABORT:
		if (!abort_allowed(st)) {
			return enter_error(dm, DFU_ERR_STALLEDPKT);
		}
		end_session(dm);
		dm->state = DFU_STATE_IDLE;
		return 0;
	case DFU_DNLOAD:
		if (st != DFU_STATE_IDLE && st != DFU_STATE_DNLOAD_IDLE) {
			return enter_error(dm, DFU_ERR_STALLEDPKT);
		}
		return do_dnload(dm, s, out, out_len);
	case DFU_UPLOAD:
		if (st != DFU_STATE_IDLE && st != DFU_STATE_UPLOAD_IDLE) {
			return enter_error(dm, DFU_ERR_STALLEDPKT);
		}
		return do_upload(dm, s, in);
	default: /* DFU_DETACH is a run-time request */
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
}

static int dm_get_desc(struct usbd_class_node *c, uint8_t first_iface,
		       uint8_t *buf, size_t cap)
{
	struct dfu_mode *dm = c->priv;
	size_t len = 0;
	int n;

	for (uint8_t alt = 0; alt < dm->num_images; alt++) {
		n = dfu_desc_interface(buf + len, cap - len, first_iface, alt,
				       DFU_PROTOCOL_MODE, dm->str_image[alt]);
		if (n < 0) {
			return n;
		}
		len += (size_t)n;
	}
	n = dfu_desc_functional(buf + len, cap - len, &dm->cfg);
	return n < 0 ? n : (int)len + n;
}

static int dm_set_alt(struct usbd_class_node *c, uint8_t iface, uint8_t alt)
{
	struct dfu_mode *dm = c->priv;

	if (alt >= dm->num_images) {
		return -EINVAL;
	}
	/* Switching images ends any transfer; an error stays visible. */
	end_session(dm);
	if (dm->state != DFU_STATE_ERROR) {
		dm->state = DFU_STATE_IDLE;
	}
	dm->alt = alt;
	return 0;
}

static void dm_event(struct usbd_class_node *c, enum usbd_class_event ev)
{
	struct dfu_mode *dm = c->priv;

	if (ev == USBD_CLASS_CONFIGURED) {
		return;
	}
	end_session(dm);
	dm->state = DFU_STATE_IDLE;
	dm->status = DFU_STATUS_OK;
	dm->alt = 0;
}

/* Background work: keep an asynchronous write moving between requests. */
static void dm_poll(struct usbd_class_node *c)
{
	struct dfu_mode *dm = c->priv;

	dm->bg_poll = true;
	if (dm->busy) {
		progress(dm);
	}
}

static const struct usbd_class_api dfu_mode_api = {
	.get_desc = dm_get_desc,
	.control = dm_control,
	.set_alt = dm_set_alt,
	.event = dm_event,
	.poll = dm_poll,
};

int dfu_mode_init(struct dfu_mode *dm, const struct dfu_config *cfg,
		  const struct dfu_image *images, uint8_t num_images,
		  uint8_t *buf, uint32_t buf_len)
{
	*dm = (struct dfu_mode){0};
	dfu_config_defaults(&dm->cfg, cfg);
	if (!images || num_images == 0 || num_images > DFU_MAX_IMAGES ||
	    !buf || buf_len < dm->cfg.transfer_size) {
		return -EINVAL;
	}
	for (uint8_t i = 0; i < num_images; i++) {
		const struct dfu_image_ops *ops = images[i].ops;

		if (!ops || !ops->write || !ops->poll || !ops->finish ||
		    !ops->read) {
			return -EINVAL;
		}
	}
	dm->images = images;
	dm->num_images = num_images;
	dm->buf = buf;
	dm->buf_len = buf_len;
	dm->state = DFU_STATE_IDLE;
	dm->node.name = "dfu_mode";
	dm->node.api = &dfu_mode_api;
	dm->node.priv = dm;
	dm->node.num_ifaces = 1;
	return 0;
}

int dfu_mode_register(struct usbd_context *ctx, struct dfu_mode *dm)
{
	for (uint8_t i = 0; i < dm->num_images; i++) {
		dm->str_image[i] = usbd_add_string(ctx, dm->images[i].name);
	}
	return usbd_register_class(ctx, &dm->node);
}
