/* SPDX-License-Identifier: Apache-2.0 */
/* The DFU sample, shared by the boards' main files (see dfu_sample.h). */
#include <errno.h>
#include <string.h>

#include "apps/dfu/dfu_sample.h"
#include "boot/bootutil.h"
#include "boot/bootutil_log.h"
#include "boot/trailer.h"

/*
 * WinUSB on Windows with no driver installed by hand, in both modes; the
 * GUID is the sample's own (a product takes its own).
 */
static const struct usbd_msos20 sample_msos20 = {
	.vendor_code = 0x20,
	.compatible_id = "WINUSB",
	.interface_guid = "{5b0e3f1a-9c2d-4e7b-8f61-2d4c9a7e0b35}",
};

/* The run-time identity is also the DFU suffix's (apps/CMakeLists.txt). */
static const struct usbd_device_info runtime_info = {
	.vid = 0x2fe3, .pid = 0x0005, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "USBD DFU sample",
	.max_power_ma = 100,
	.self_powered = true, .msos20 = &sample_msos20,
};

static const struct usbd_device_info dfu_info = {
	.vid = 0x2fe3, .pid = 0xffff, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "USBD DFU sample (DFU mode)",
	.max_power_ma = 100,
	.self_powered = true, .msos20 = &sample_msos20,
};

static void log_line(const struct dfu_sample *s, const struct boot_log_line *l)
{
	if (s->cfg.log) {
		s->cfg.log(l->text);
	}
}

static void log_str(const struct dfu_sample *s, const char *a, const char *b)
{
	struct boot_log_line l;

	boot_log_line_init(&l);
	boot_log_add_str(&l, a);
	boot_log_add_str(&l, b);
	log_line(s, &l);
}

static void log_num(const struct dfu_sample *s, const char *a, int n)
{
	struct boot_log_line l;

	boot_log_line_init(&l);
	boot_log_add_str(&l, a);
	if (n < 0) {
		boot_log_add_str(&l, "-");
	}
	boot_log_add_dec(&l, n < 0 ? 0u - (uint32_t)n : (uint32_t)n);
	log_line(s, &l);
}

static void add_version(struct boot_log_line *l,
			const struct boot_image_version *v)
{
	boot_log_add_version(l, v->major, v->minor, v->revision);
}

static void request_upgrade(struct dfu_sample *s)
{
	struct boot_log_line l;
	int ret = boot_request_upgrade_ex(s->cfg.secondary, false,
					  s->cfg.boot_max_align,
					  s->cfg.boot_max_sectors);

	if (ret == 0) {
		boot_log_line_init(&l);
		/* direct-xip may download into image-0 (dfu_sample.h) */
		boot_log_add_str(&l, s->cfg.secondary->id == FLASH_AREA_ID_IMAGE_0
					     ? "Primary"
					     : "Secondary");
		boot_log_add_str(&l, " image pending: ");
		boot_log_add_str(&l, s->cfg.upgrade_note
					     ? s->cfg.upgrade_note
					     : "test swap on next reset");
		log_line(s, &l);
	} else {
		log_num(s, "Cannot request upgrade: ", ret);
	}
}

static void on_msg(struct usbd_context *ctx, const struct usbd_msg *msg,
		   void *user)
{
	struct dfu_sample *s = user;

	log_str(s, "USBD message: ", usbd_msg_type_string(msg->type));
	switch (msg->type) {
	case USBD_MSG_DFU_APP_DETACH:
		s->want_dfu = true;
		break;
	case USBD_MSG_RESET:
		/* A host reset in DFU mode: back to the application. */
		s->want_runtime = ctx == &s->dfu_ctx;
		break;
	case USBD_MSG_DFU_DOWNLOAD_COMPLETED:
		if (s->cfg.download_completed) {
			s->cfg.download_completed(s->cfg.user);
		}
		if (msg->status == 1) {
			request_upgrade(s);
		}
		break;
	default:
		break;
	}
}

static int area_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	return flash_area_read(ctx, off, buf, len);
}

static void area_reader(const struct flash_area *fa,
			struct boot_image_reader *rd)
{
	*rd = (struct boot_image_reader){
		.read = area_read,
		.ctx = (void *)fa,
		.slot_size = fa->size,
	};
}

/* The bootloader refuses downgrades; say so now rather than at reset. */
static enum dfu_status check_not_older(struct dfu_sample *s,
				       const struct boot_image_info *info)
{
	struct boot_image_reader rd;
	struct boot_image_info running;
	struct boot_image_version v = info->hdr.version;
	struct boot_image_version r;
	struct boot_log_line l;

	area_reader(s->cfg.primary, &rd);
	if (boot_image_parse(&rd, &running) != 0) {
		return DFU_STATUS_OK;
	}
	/* As the bootloader: major.minor.revision, the build is ignored. */
	r = running.hdr.version;
	v.build = 0;
	r.build = 0;
	if (boot_image_version_cmp(&v, &r) >= 0) {
		return DFU_STATUS_OK;
	}
	boot_log_line_init(&l);
	boot_log_add_str(&l, "Downloaded image rejected: version ");
	add_version(&l, &v);
	boot_log_add_str(&l, " is older than the running ");
	add_version(&l, &r);
	log_line(s, &l);
	return DFU_ERR_FIRMWARE;
}

/* Runs from the main loop (manifestation), never inside a USB request. */
static enum dfu_status check_image(void *user, const struct flash_area *fa,
				   uint32_t len, uint32_t *poll_ms)
{
	struct dfu_sample *s = user;
	struct boot_image_reader rd;
	struct boot_image_info info;
	struct boot_log_line l;
	int ret;

	area_reader(fa, &rd);
	ret = boot_image_validate(s->cfg.verifier, &rd, &info, NULL);
	/*
	 * An encrypted image: the application has no decryption key (only
	 * the bootloader has), so it checks the format and that a key TLV
	 * is there; hash and signature are the bootloader's to check.
	 */
	if (ret == BOOT_IMAGE_EENCRYPTED) {
		ret = boot_image_parse(&rd, &info);
		if (ret == 0 && !info.enc.present) {
			ret = BOOT_IMAGE_EENC_NO_TLV;
		}
	}
	if (ret != 0) {
		log_str(s, "Downloaded image rejected: ",
			boot_image_strerror(ret));
		return DFU_ERR_VERIFY;
	}
	if (info.end != len) {
		boot_log_line_init(&l);
		boot_log_add_str(&l, "Downloaded image rejected: ");
		boot_log_add_dec(&l, len);
		boot_log_add_str(&l, " bytes, image has ");
		boot_log_add_dec(&l, info.end);
		log_line(s, &l);
		return DFU_ERR_FILE;
	}
	return check_not_older(s, &info);
}

static uint32_t stored_len(void *user, const struct flash_area *fa)
{
	struct boot_image_reader rd;
	struct boot_image_info info;

	area_reader(fa, &rd);
	return boot_image_parse(&rd, &info) == 0 ? info.end : 0;
}

static uint32_t flash_cost_us(void *user, uint32_t erases, uint32_t bytes)
{
	struct dfu_sample *s = user;

	return s->cfg.flash_cost_us(s->cfg.user, erases, bytes);
}

static int setup_images(struct dfu_sample *s, uint8_t *count)
{
	const struct dfu_sample_cfg *c = &s->cfg;
	struct boot_trailer_layout lay;
	struct dfu_flash_image_cfg fcfg = {
		.fa = c->secondary, .check = check_image,
		.stored_len = stored_len, .buf = c->flash_buf,
		.buf_len = c->flash_buf_len,
		.cost_us = c->flash_cost_us ? flash_cost_us : NULL, .user = s,
	};
	int ret;

	ret = ramdisk_init(&s->rd, "ramdisk0", c->ramdisk_mem,
			   DFU_SAMPLE_SECTOR,
			   c->ramdisk_size / DFU_SAMPLE_SECTOR);
	ret = ret ? ret : dfu_disk_image_init(&s->di, &s->images[0],
					      "ramdisk0", &s->rd.disk,
					      s->sector_buf);
	*count = 1;
	if (ret || !c->secondary) {
		return ret;
	}
	if (!c->verifier) {
		return -EINVAL;
	}
	ret = boot_trailer_layout_init(&lay, c->secondary, c->boot_max_align,
				       c->boot_max_sectors);
	fcfg.reserved_tail = ret ? 0 : boot_trailer_sz(&lay);
	ret = ret ? ret : dfu_flash_image_init(&s->fi, &s->images[1],
					       c->secondary->label, &fcfg);
	*count = 2;
	return ret;
}

int dfu_sample_init(struct dfu_sample *s, const struct dfu_sample_cfg *cfg)
{
	struct dfu_config dcfg = {
		.transfer_size = cfg->xfer_size,
		.fixed_poll_ms = cfg->fixed_poll_ms,
	};
	uint8_t count;
	int ret;

	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	/* One serial number per board, the same in both modes: hosts tell
	 * boards apart by it (dfu-util -S). */
	s->rt_info = runtime_info;
	s->rt_info.serial = cfg->serial;
	s->dfu_info = dfu_info;
	s->dfu_info.serial = cfg->serial;
	ret = setup_images(s, &count);
	ret = ret ? ret : udc_init(cfg->udc, NULL, NULL);
	ret = ret ? ret : usbd_init(&s->rt_ctx, cfg->udc, &s->rt_info);
	ret = ret ? ret : usbd_init(&s->dfu_ctx, cfg->udc, &s->dfu_info);
	ret = ret ? ret : dfu_runtime_init(&s->rt, &dcfg);
	ret = ret ? ret : dfu_runtime_register(&s->rt_ctx, &s->rt);
	ret = ret ? ret : dfu_mode_init(&s->dm, &dcfg, s->images, count,
					cfg->xfer_buf, cfg->xfer_size);
	ret = ret ? ret : dfu_mode_register(&s->dfu_ctx, &s->dm);
	usbd_set_msg_cb(&s->rt_ctx, on_msg, s);
	usbd_set_msg_cb(&s->dfu_ctx, on_msg, s);
	usbd_set_clock(&s->rt_ctx, cfg->clock, cfg->clock_user);
	usbd_set_clock(&s->dfu_ctx, cfg->clock, cfg->clock_user);
	return ret;
}

/* The sample is healthy once it runs: keep it (MCUboot's img_confirmed). */
static void confirm_self(struct dfu_sample *s)
{
	int ret = boot_confirm_image_ex(s->cfg.primary, s->cfg.boot_max_align,
					s->cfg.boot_max_sectors);

	if (ret != 0) {
		log_num(s, "Cannot confirm the running image: ", ret);
	}
}

int dfu_sample_start(struct dfu_sample *s)
{
	struct boot_log_line l;

	confirm_self(s);
	s->active = &s->rt_ctx;
	if (usbd_enable(s->active) < 0) {
		return -EIO;
	}
	if (s->cfg.fixed_poll_ms) {
		boot_log_line_init(&l);
		boot_log_add_str(&l, "DFU: fixed bwPollTimeout of ");
		boot_log_add_dec(&l, s->cfg.fixed_poll_ms);
		boot_log_add_str(&l, " ms after every block (peer emulation, "
				     "benchmarks only)");
		log_line(s, &l);
	}
	log_str(s, "USB DFU sample is initialized", "");
	return 0;
}

bool dfu_sample_busy(const struct dfu_sample *s)
{
	return s->active == &s->dfu_ctx && dfu_mode_busy(&s->dm);
}

/* Mode switches are replugs, done outside the controller's callback. */
static void switch_to(struct dfu_sample *s, struct usbd_context *next)
{
	usbd_disable(s->active);
	s->active = next;
	usbd_enable(next);
}

void dfu_sample_step(struct dfu_sample *s)
{
	usbd_poll(s->active);
	if (s->want_dfu) {
		s->want_dfu = false;
		switch_to(s, &s->dfu_ctx);
	}
	if (s->want_runtime) {
		s->want_runtime = false;
		switch_to(s, &s->rt_ctx);
	}
}
