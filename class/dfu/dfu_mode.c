/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU-mode interface (protocol 2): the DFU 1.1 state machine over a set of
 * images, one per alternate setting. dfu_mode_table[] below is appendix
 * A.2.3 - A.2.11 as one row per state and one column per request, to be
 * read against the spec line by line.
 *
 * Every request that changes the session (DNLOAD, UPLOAD, CLRSTATUS,
 * ABORT) is checked when it arrives and committed when its status stage
 * completes (dm_ctrl_end): a transfer the host abandons changes nothing,
 * and a block retried after a lost status stage is not stored twice.
 * GETSTATUS makes its transition at once: its answer reports the state
 * after it.
 *
 * Timers (DFU 1.1 A.2.5, A.2.8): dfuDNBUSY and dfuMANIFEST last
 * bwPollTimeout from the GETSTATUS that entered them, measured with the
 * stack's clock (usbd_set_clock). Then the device is in dfuDNLOAD-SYNC /
 * dfuMANIFEST-SYNC (or dfuMANIFEST-WAIT-RESET without
 * bitManifestationTolerant), where GETSTATE is legal.
 *
 * Choices where the spec leaves room:
 *  - GETSTATUS in dfuDNBUSY / dfuMANIFEST is taken as the poll timeout
 *    having expired: a host that waited bwPollTimeout by its own clock
 *    may be a millisecond ahead of ours, and a stall there would break
 *    every host. Any other request there stalls and enters dfuERROR.
 *  - The block number of the first DNLOAD/UPLOAD of a session is taken as
 *    is; every later block must be the previous + 1 (mod 2^16). Offsets
 *    come from the bytes received, never from wValue * wTransferSize.
 *  - The zero-length DNLOAD that ends a download must carry the next
 *    block number too (dfu-util and fwupd count it like any block): a
 *    block lost on the way is then a protocol error, not a short image.
 *  - Protocol errors (request not allowed in the state, wrong direction,
 *    wLength over wTransferSize, block out of order) stall and enter
 *    dfuERROR with errSTALLEDPKT; data past the image capacity stalls with
 *    errADDRESS. Backend failures enter dfuERROR with the backend's code.
 *  - In dfuERROR a stray request stalls and keeps the first error: the
 *    host's GETSTATUS reports what went wrong, not its own mistake after.
 *  - dfu_config.fixed_poll_ms (benchmarks only) emulates a peer's
 *    constant poll: one dfuDNBUSY with that bwPollTimeout after every
 *    block, even from a backend that is already done.
 *  - Manifestation never runs inside a request: finish() starts it and
 *    poll() (the application's usbd_poll, or the host's GETSTATUS when
 *    the application has no main loop) carries it on.
 */
#include <errno.h>

#include "class/dfu/dfu.h"

#define DFU_PROTOCOL_MODE 0x02

/* What a request does in a state. */
enum dfu_act {
	ERR = 0, /* stall, enter dfuERROR with errSTALLEDPKT ("any other") */
	STALL,   /* stall, the state does not change */
	DNLD,    /* DFU_DNLOAD */
	UPLD,    /* DFU_UPLOAD */
	STAT,    /* DFU_GETSTATUS: the transition, then the report */
	STTE,    /* DFU_GETSTATE: report */
	CLRS,    /* DFU_CLRSTATUS: -> dfuIDLE */
	ABRT,    /* DFU_ABORT: end the session, -> dfuIDLE */
};

/*
 * DFU 1.1 appendix A.2, DFU-mode states. Columns: DETACH, DNLOAD, UPLOAD,
 * GETSTATUS, CLRSTATUS, GETSTATE, ABORT (the bRequest values 0..6).
 */
static const uint8_t dfu_mode_table[11][7] = {
	/* appIDLE, appDETACH: not states of this interface */
	[DFU_STATE_APP_IDLE] = {ERR, ERR, ERR, ERR, ERR, ERR, ERR},
	[DFU_STATE_APP_DETACH] = {ERR, ERR, ERR, ERR, ERR, ERR, ERR},
	/* A.2.3 dfuIDLE */
	[DFU_STATE_IDLE] = {ERR, DNLD, UPLD, STAT, ERR, STTE, ABRT},
	/* A.2.4 dfuDNLOAD-SYNC: GETSTATUS, GETSTATE only */
	[DFU_STATE_DNLOAD_SYNC] = {ERR, ERR, ERR, STAT, ERR, STTE, ERR},
	/* A.2.5 dfuDNBUSY: any request stalls (GETSTATUS: see the top) */
	[DFU_STATE_DNBUSY] = {ERR, ERR, ERR, STAT, ERR, ERR, ERR},
	/* A.2.6 dfuDNLOAD-IDLE */
	[DFU_STATE_DNLOAD_IDLE] = {ERR, DNLD, ERR, STAT, ERR, STTE, ABRT},
	/* A.2.7 dfuMANIFEST-SYNC: GETSTATUS, GETSTATE only */
	[DFU_STATE_MANIFEST_SYNC] = {ERR, ERR, ERR, STAT, ERR, STTE, ERR},
	/* A.2.8 dfuMANIFEST: any request stalls (GETSTATUS: see the top) */
	[DFU_STATE_MANIFEST] = {ERR, ERR, ERR, STAT, ERR, ERR, ERR},
	/* A.2.9 dfuMANIFEST-WAIT-RESET: only a reset gets out */
	[DFU_STATE_MANIFEST_WAIT_RESET] = {STALL, STALL, STALL, STALL, STALL,
					   STALL, STALL},
	/* A.2.10 dfuUPLOAD-IDLE */
	[DFU_STATE_UPLOAD_IDLE] = {ERR, ERR, UPLD, STAT, ERR, STTE, ABRT},
	/* A.2.11 dfuERROR: GETSTATUS, GETSTATE, CLRSTATUS; others stall */
	[DFU_STATE_ERROR] = {STALL, STALL, STALL, STAT, CLRS, STTE, STALL},
};

static const struct dfu_image *cur_image(struct dfu_mode *dm)
{
	return &dm->images[dm->alt];
}

static uint32_t now_ms(struct dfu_mode *dm)
{
	return usbd_now_ms(dm->node.ctx);
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
	case DFU_STATE_MANIFEST_WAIT_RESET:
		return !dm->manifest_done;
	default:
		return false;
	}
}

/* End any transfer session; an unfinished download is discarded. */
static void end_session(struct dfu_mode *dm)
{
	const struct dfu_image *img = cur_image(dm);
	uint32_t poll_ms = 0;

	if (download_active(dm) && img->ops->abort &&
	    img->ops->abort(img->ctx, &poll_ms) == DFU_IMAGE_BUSY) {
		dm->bg_image = img;
	}
	dm->busy = false;
	dm->fixed_poll_due = false;
	dm->manifest_done = false;
	dm->block_known = false;
	dm->offset = 0;
	dm->poll_timeout_ms = 0;
	dm->pending = false;
}

static int enter_error(struct dfu_mode *dm, enum dfu_status status)
{
	end_session(dm);
	dm->state = DFU_STATE_ERROR;
	dm->status = status;
	return -EINVAL;
}

/* A backend result as a bStatus (a backend's stray value: errUNKNOWN). */
static enum dfu_status error_of(enum dfu_status ret)
{
	return ret > DFU_STATUS_OK && ret <= DFU_ERR_STALLEDPKT
		       ? ret
		       : DFU_ERR_UNKNOWN;
}

/* Map a backend result onto the session. */
static void take_result(struct dfu_mode *dm, enum dfu_status ret,
			uint32_t poll_ms)
{
	if (ret != DFU_STATUS_OK && ret != DFU_IMAGE_BUSY) {
		enter_error(dm, error_of(ret));
		return;
	}
	dm->busy = ret == DFU_IMAGE_BUSY;
	dm->poll_timeout_ms = dm->busy ? poll_ms : 0;
}

static bool manifesting(const struct dfu_mode *dm)
{
	return dm->state == DFU_STATE_MANIFEST_SYNC ||
	       dm->state == DFU_STATE_MANIFEST ||
	       dm->state == DFU_STATE_MANIFEST_WAIT_RESET;
}

static void manifest_finished(struct dfu_mode *dm)
{
	dm->manifest_done = true;
	usbd_msg_pub(dm->node.ctx, USBD_MSG_DFU_DOWNLOAD_COMPLETED, dm->alt);
}

/* Drive an asynchronous backend operation one step forward. */
static void progress(struct dfu_mode *dm)
{
	const struct dfu_image *img = cur_image(dm);
	bool manifest = manifesting(dm);
	uint32_t poll_ms = 0;
	enum dfu_status ret;

	if (!dm->busy) {
		return;
	}
	ret = img->ops->poll(img->ctx, &poll_ms);
	take_result(dm, ret, poll_ms);
	if (dm->state == DFU_STATE_ERROR && manifest) {
		usbd_msg_pub(dm->node.ctx, USBD_MSG_DFU_MANIFEST_FAILED,
			     dm->status);
	} else if (!dm->busy && manifest) {
		manifest_finished(dm);
	}
}

/* The clean-up of an aborted image (erasing its header) goes on here. */
static void progress_bg(struct dfu_mode *dm)
{
	uint32_t poll_ms = 0;

	if (dm->bg_image &&
	    dm->bg_image->ops->poll(dm->bg_image->ctx, &poll_ms) !=
		    DFU_IMAGE_BUSY) {
		dm->bg_image = NULL;
	}
}

/* DFU 1.1 A.2.5 / A.2.8: the end of bwPollTimeout. */
static void run_timers(struct dfu_mode *dm)
{
	if (dm->state != DFU_STATE_DNBUSY && dm->state != DFU_STATE_MANIFEST) {
		return;
	}
	if ((uint32_t)(now_ms(dm) - dm->busy_since_ms) < dm->busy_timeout_ms) {
		return;
	}
	if (dm->state == DFU_STATE_DNBUSY) {
		dm->state = DFU_STATE_DNLOAD_SYNC;
	} else if (dm->cfg.attributes & DFU_ATTR_MANIFEST_TOLERANT) {
		dm->state = DFU_STATE_MANIFEST_SYNC;
	} else {
		dm->state = DFU_STATE_MANIFEST_WAIT_RESET;
	}
}

static void enter_busy(struct dfu_mode *dm, enum dfu_state busy_state)
{
	dm->state = busy_state;
	dm->busy_since_ms = now_ms(dm);
	dm->busy_timeout_ms = dm->poll_timeout_ms;
}

/* GETSTATUS: the transition the host is polling for (A.2.4, A.2.7). */
static void getstatus_transition(struct dfu_mode *dm)
{
	if (!dm->bg_poll) {
		progress(dm);
	}
	switch (dm->state) {
	case DFU_STATE_DNBUSY: /* polled early: the timer is deemed over */
	case DFU_STATE_DNLOAD_SYNC:
		if (dm->busy || dm->fixed_poll_due) {
			/* Peer emulation (dfu_config.fixed_poll_ms). */
			if (dm->cfg.fixed_poll_ms) {
				dm->poll_timeout_ms = dm->cfg.fixed_poll_ms;
				dm->fixed_poll_due = false;
			}
			enter_busy(dm, DFU_STATE_DNBUSY);
		} else {
			dm->poll_timeout_ms = 0;
			dm->state = DFU_STATE_DNLOAD_IDLE;
		}
		break;
	case DFU_STATE_MANIFEST:
		if (!dm->busy &&
		    !(dm->cfg.attributes & DFU_ATTR_MANIFEST_TOLERANT)) {
			dm->state = DFU_STATE_MANIFEST_WAIT_RESET;
			break;
		}
		/* tolerant: the timer is deemed over */
		__attribute__((fallthrough));
	case DFU_STATE_MANIFEST_SYNC:
		if (dm->busy ||
		    !(dm->cfg.attributes & DFU_ATTR_MANIFEST_TOLERANT)) {
			enter_busy(dm, DFU_STATE_MANIFEST);
		} else {
			end_session(dm);
			dm->state = DFU_STATE_IDLE;
		}
		break;
	default:
		break;
	}
}

static int do_getstatus(struct dfu_mode *dm, const struct usb_setup_packet *s,
			struct usbd_ctrl_in *in)
{
	if (s->wLength < 6) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	getstatus_transition(dm);
	dfu_status_pack(in->buf, dm->status, dm->poll_timeout_ms, dm->state);
	in->data = in->buf;
	in->len = 6;
	return USBD_CTRL_ANSWERED;
}

static int do_getstate(struct dfu_mode *dm, const struct usb_setup_packet *s,
		       struct usbd_ctrl_in *in)
{
	if (s->wLength < 1) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	in->buf[0] = (uint8_t)dm->state;
	in->data = in->buf;
	in->len = 1;
	return USBD_CTRL_ANSWERED;
}

static bool block_in_order(const struct dfu_mode *dm, uint16_t block)
{
	return !dm->block_known || block == dm->next_block;
}

static void block_commit(struct dfu_mode *dm, uint16_t block)
{
	dm->block_known = true;
	dm->next_block = (uint16_t)(block + 1);
}

/* DNLOAD's data stage is in: check it, store it at the status stage. */
static int do_dnload(struct dfu_mode *dm, const struct usb_setup_packet *s,
		     const uint8_t *data, size_t len)
{
	const struct dfu_image *img = cur_image(dm);

	if (!(dm->cfg.attributes & DFU_ATTR_CAN_DNLOAD) ||
	    s->wLength > dm->cfg.transfer_size || len != s->wLength ||
	    (len && data != dm->buf)) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	/* A.2.3: a zero-length DNLOAD in dfuIDLE; A.2.6: ends a download. */
	if (len == 0 && dm->state != DFU_STATE_DNLOAD_IDLE) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	if (!block_in_order(dm, s->wValue)) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	if (len > img->capacity || dm->offset > img->capacity - len) {
		return enter_error(dm, DFU_ERR_ADDRESS);
	}
	dm->pend_len = (uint16_t)len;
	return 0;
}

static void commit_dnload(struct dfu_mode *dm, uint16_t block)
{
	const struct dfu_image *img = cur_image(dm);
	uint32_t poll_ms = 0;
	enum dfu_status ret;

	if (dm->pend_len == 0) {
		dm->state = DFU_STATE_MANIFEST_SYNC;
		ret = img->ops->finish(img->ctx, dm->offset, &poll_ms);
		take_result(dm, ret, poll_ms);
		if (dm->state == DFU_STATE_MANIFEST_SYNC && !dm->busy) {
			manifest_finished(dm);
		}
		return;
	}
	block_commit(dm, block);
	dm->state = DFU_STATE_DNLOAD_SYNC;
	dm->fixed_poll_due = dm->cfg.fixed_poll_ms != 0;
	ret = img->ops->write(img->ctx, dm->offset, dm->buf, dm->pend_len,
			      &poll_ms);
	take_result(dm, ret, poll_ms);
	if (dm->state != DFU_STATE_ERROR) {
		dm->offset += dm->pend_len;
	}
}

/* UPLOAD: read the block now, advance the session at the status stage. */
static int do_upload(struct dfu_mode *dm, const struct usb_setup_packet *s,
		     struct usbd_ctrl_in *in)
{
	const struct dfu_image *img = cur_image(dm);
	enum dfu_status ret;
	size_t got = 0;

	if (!(dm->cfg.attributes & DFU_ATTR_CAN_UPLOAD) || s->wLength == 0 ||
	    s->wLength > dm->cfg.transfer_size ||
	    !block_in_order(dm, s->wValue)) {
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	ret = img->ops->read(img->ctx, dm->offset, dm->buf, s->wLength, &got);
	if (ret != DFU_STATUS_OK) {
		return enter_error(dm, error_of(ret));
	}
	dm->pend_len = (uint16_t)(got < s->wLength ? got : s->wLength);
	in->data = dm->buf;
	in->len = dm->pend_len;
	return 0;
}

static void commit_upload(struct dfu_mode *dm, uint16_t block)
{
	block_commit(dm, block);
	dm->offset += dm->pend_len;
	/* A short block ends the upload (A.2.10). */
	if (dm->pend_len < dm->pend_wlength) {
		end_session(dm);
		dm->state = DFU_STATE_IDLE;
	} else {
		dm->state = DFU_STATE_UPLOAD_IDLE;
	}
}

static bool direction_ok(const struct usb_setup_packet *s)
{
	bool in = usb_setup_is_in(s);

	switch (s->bRequest) {
	case DFU_UPLOAD:
	case DFU_GETSTATUS:
	case DFU_GETSTATE:
		return in;
	default:
		return !in;
	}
}

/* The table's action for this request in the current state. */
static enum dfu_act action_of(struct dfu_mode *dm,
			      const struct usb_setup_packet *s)
{
	enum dfu_act act;

	run_timers(dm);
	if (s->bRequest > DFU_ABORT || !direction_ok(s)) {
		/* "Any other request": the column that stalls. */
		act = (enum dfu_act)dfu_mode_table[dm->state][DFU_DETACH];
	} else {
		act = (enum dfu_act)dfu_mode_table[dm->state][s->bRequest];
	}
	return act;
}

static int dm_control(struct usbd_class_node *c,
		      const struct usb_setup_packet *s, const uint8_t *out,
		      size_t out_len, struct usbd_ctrl_in *in)
{
	struct dfu_mode *dm = c->priv;
	enum dfu_act act;
	int ret = 0;

	if (!dm->bg_poll) {
		progress_bg(dm);
	}
	dm->pending = false;
	/* A DNLOAD's data stage: dm_ctrl_out_buf() read the table. */
	if (out && dm->out_state == dm->state) {
		act = DNLD;
	} else {
		act = action_of(dm, s);
	}
	dm->out_state = DFU_STATE_APP_IDLE;
	switch (act) {
	case ERR:
		return enter_error(dm, DFU_ERR_STALLEDPKT);
	case STALL:
		return -EINVAL;
	case STAT:
		return do_getstatus(dm, s, in);
	case STTE:
		return do_getstate(dm, s, in);
	case DNLD:
		ret = do_dnload(dm, s, out, out_len);
		break;
	case UPLD:
		ret = do_upload(dm, s, in);
		break;
	case CLRS:
	case ABRT:
		break;
	}
	if (ret == 0) {
		dm->pending = true;
		dm->pend_req = s->bRequest;
		dm->pend_wlength = s->wLength;
	}
	return ret;
}

/* The status stage of an accepted request completed (or never will). */
static void dm_ctrl_end(struct usbd_class_node *c, bool completed)
{
	struct dfu_mode *dm = c->priv;
	const struct usb_setup_packet *s = &c->ctx->ctrl.setup;

	if (!dm->pending) {
		return;
	}
	dm->pending = false;
	if (!completed) {
		return;
	}
	switch (dm->pend_req) {
	case DFU_DNLOAD:
		commit_dnload(dm, s->wValue);
		break;
	case DFU_UPLOAD:
		commit_upload(dm, s->wValue);
		break;
	case DFU_CLRSTATUS:
		dm->state = DFU_STATE_IDLE;
		dm->status = DFU_STATUS_OK;
		break;
	case DFU_ABORT:
		end_session(dm);
		dm->state = DFU_STATE_IDLE;
		break;
	default:
		break;
	}
}

/*
 * Only a DNLOAD the state allows gets the class's buffer for its data:
 * a busy backend may still be programming from it (dfu_image.h). Any
 * other OUT data stage, or one longer than wTransferSize, is stalled.
 */
static uint8_t *dm_ctrl_out_buf(struct usbd_class_node *c,
				const struct usb_setup_packet *s)
{
	struct dfu_mode *dm = c->priv;
	enum dfu_act act = action_of(dm, s);

	dm->out_state = DFU_STATE_APP_IDLE;
	if (act == DNLD && s->wLength <= dm->cfg.transfer_size) {
		dm->out_state = dm->state;
		return dm->buf;
	}
	if (act != STALL) {
		enter_error(dm, DFU_ERR_STALLEDPKT);
	}
	return NULL;
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
	n = dfu_desc_functional(buf + len, cap - len, &dm->cfg,
				udc_ctrl_max(c->ctx->udc));
	return n < 0 ? n : (int)len + n;
}

static void dm_set_alt(struct usbd_class_node *c, uint8_t iface, uint8_t alt)
{
	struct dfu_mode *dm = c->priv;

	/* Switching images ends any transfer; an error stays visible. */
	end_session(dm);
	if (dm->state != DFU_STATE_ERROR) {
		dm->state = DFU_STATE_IDLE;
	}
	dm->alt = alt;
}

static void dm_event(struct usbd_class_node *c, enum usbd_class_event ev)
{
	struct dfu_mode *dm = c->priv;

	switch (ev) {
	case USBD_CLASS_CONFIGURED:
		return;
	case USBD_CLASS_DECONFIGURED:
		/* The interface is gone: its transfer ends, an error stays. */
		dm_set_alt(c, 0, 0);
		return;
	default:
		/* Reset, unplug, disable: a fresh DFU-mode device. */
		end_session(dm);
		dm->state = DFU_STATE_IDLE;
		dm->status = DFU_STATUS_OK;
		dm->alt = 0;
		return;
	}
}

/* Background work: keep asynchronous storage moving between requests. */
static void dm_poll(struct usbd_class_node *c)
{
	struct dfu_mode *dm = c->priv;

	dm->bg_poll = true;
	progress_bg(dm);
	if (dm->busy) {
		progress(dm);
	}
	run_timers(dm);
}

bool dfu_mode_busy(const struct dfu_mode *dm)
{
	return dm->busy || dm->bg_image;
}

static const struct usbd_class_api dfu_mode_api = {
	.get_desc = dm_get_desc,
	.control = dm_control,
	.ctrl_out_buf = dm_ctrl_out_buf,
	.ctrl_end = dm_ctrl_end,
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
	dm->node.num_alts = num_images;
	return 0;
}

int dfu_mode_register(struct usbd_context *ctx, struct dfu_mode *dm)
{
	for (uint8_t i = 0; i < dm->num_images; i++) {
		dm->str_image[i] = usbd_add_string(ctx, dm->images[i].name);
	}
	return usbd_register_class(ctx, &dm->node);
}
