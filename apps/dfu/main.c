/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The DFU sample (Zephyr's dfu-next, on the native board): starts in
 * run-time mode; `dfu-util --detach` re-enumerates it in DFU mode with
 * alt 0 = "ramdisk0" (RAM disk) and, with the flash backend, alt 1 =
 * "image-1" (the MCUboot secondary slot). A completed, verified download
 * to alt 1 requests a test swap for the next reset. A USB reset in DFU
 * mode (`dfu-util -R`) returns to run-time mode.
 *
 * With the board's --flash-timing, flash work blocks this process as
 * nRF52840's NVMC stalls its CPU; bwPollTimeout estimates come from the
 * same timing model (flash_cost_us). --fixed-poll-ms N is a benchmark-only
 * emulation of the peers' constant bwPollTimeout (dfu_config).
 */
#include <stdio.h>
#include <string.h>

#include "board/native/board.h"
#include "board/native/board_image.h"
#include "boot/bootutil.h"
#include "boot/trailer.h"
#include "class/dfu/dfu.h"
#include "class/dfu/dfu_disk_image.h"
#include "class/dfu/dfu_flash_image.h"
#include "storage/ramdisk.h"

#define RAMDISK_SECTOR 512
#define RAMDISK_SIZE (4 * 1024 * 1024)
#define XFER_SIZE 4096

struct sample {
	struct board board;
	struct usbd_context rt_ctx;
	struct usbd_context dfu_ctx;
	struct usbd_context *active;
	struct dfu_runtime rt;
	struct dfu_mode dm;
	struct ramdisk rd;
	struct dfu_disk_image di;
	struct dfu_flash_image fi;
	struct dfu_image images[2];
	bool want_dfu;
	bool want_runtime;
};

static struct sample s;
static uint8_t ramdisk_mem[RAMDISK_SIZE];
static uint8_t sector_buf[RAMDISK_SECTOR];
static uint8_t xfer_buf[XFER_SIZE];
static uint8_t flash_buf[BOARD_FLASH_PAGE];

/*
 * WinUSB on Windows with no driver installed by hand, in both modes; the
 * GUID is the sample's own (a product takes its own).
 */
static const struct usbd_msos20 sample_msos20 = {
	.vendor_code = 0x20,
	.compatible_id = "WINUSB",
	.interface_guid = "{5b0e3f1a-9c2d-4e7b-8f61-2d4c9a7e0b35}",
};

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

static const struct flash_area *slot(uint8_t id)
{
	return board_area(&s.board.flash, id);
}

/*
 * The slot this image runs from (the board says, as MCUboot's boot_rsp):
 * image-0 except under a direct-xip bootloader. Alt 1 is always the
 * other one, so a download never writes the running image.
 */
static const struct flash_area *running_slot(void)
{
	return slot(s.board.boot_slot ? FLASH_AREA_ID_IMAGE_1
				      : FLASH_AREA_ID_IMAGE_0);
}

static const struct flash_area *download_slot(void)
{
	return slot(s.board.boot_slot ? FLASH_AREA_ID_IMAGE_0
				      : FLASH_AREA_ID_IMAGE_1);
}

static void request_upgrade(void)
{
	int ret = boot_request_upgrade_ex(download_slot(), false,
					  BOARD_BOOT_MAX_ALIGN,
					  BOARD_BOOT_MAX_SECTORS);

	if (ret == 0) {
		board_log("%s image pending: test swap on next reset",
			  s.board.boot_slot ? "Primary" : "Secondary");
	} else {
		board_log("Cannot request upgrade: %d", ret);
	}
}

/* What the flash has cost since start-up (timed board: real time). */
static void log_flash_time(void)
{
	const struct flash_sim_stats *st =
		flash_sim_get_stats(&s.board.flash.sim);

	if (s.board.flash_timed) {
		board_log("Flash busy %llu ms since start: %u erases, %llu "
			  "bytes programmed",
			  (unsigned long long)(st->busy_us / 1000), st->erases,
			  (unsigned long long)st->bytes_written);
	}
}

static void on_msg(struct usbd_context *ctx, const struct usbd_msg *msg,
		   void *user)
{
	board_log("USBD message: %s", usbd_msg_type_string(msg->type));
	switch (msg->type) {
	case USBD_MSG_DFU_APP_DETACH:
		s.want_dfu = true;
		break;
	case USBD_MSG_RESET:
		/* A host reset in DFU mode: back to the application. */
		s.want_runtime = ctx == &s.dfu_ctx;
		break;
	case USBD_MSG_DFU_DOWNLOAD_COMPLETED:
		log_flash_time();
		if (msg->status == 1) {
			request_upgrade();
		}
		break;
	default:
		break;
	}
}

/* The bootloader refuses downgrades; say so now rather than at reset. */
static enum dfu_status check_not_older(const struct boot_image_info *info)
{
	struct boot_image_info running;
	struct boot_image_version v = info->hdr.version;
	struct boot_image_version r;

	if (board_image_validate(running_slot(), &running) != 0) {
		return DFU_STATUS_OK;
	}
	/* As the bootloader: major.minor.revision, the build is ignored. */
	r = running.hdr.version;
	v.build = 0;
	r.build = 0;
	if (boot_image_version_cmp(&v, &r) >= 0) {
		return DFU_STATUS_OK;
	}
	board_log("Downloaded image rejected: version %u.%u.%u is older than "
		  "the running %u.%u.%u",
		  v.major, v.minor, v.revision, r.major, r.minor, r.revision);
	return DFU_ERR_FIRMWARE;
}

/* Runs from the main loop (manifestation), never inside a USB request. */
static enum dfu_status check_image(void *user, const struct flash_area *fa,
				   uint32_t len, uint32_t *poll_ms)
{
	struct boot_image_info info;
	int ret = board_image_validate(fa, &info);

	if (ret != 0) {
		board_log("Downloaded image rejected: %s",
			  boot_image_strerror(ret));
		return DFU_ERR_VERIFY;
	}
	if (info.end != len) {
		board_log("Downloaded image rejected: %u bytes, image has %u",
			  len, info.end);
		return DFU_ERR_FILE;
	}
	return check_not_older(&info);
}

static uint32_t stored_len(void *user, const struct flash_area *fa)
{
	return board_image_len(fa);
}

static uint32_t flash_cost_us(void *user, uint32_t erases, uint32_t bytes)
{
	const struct flash_sim *sim = &s.board.flash.sim;

	return (uint32_t)(flash_sim_erase_cost_us(sim,
						  erases * BOARD_FLASH_PAGE) +
			  flash_sim_write_cost_us(sim, bytes));
}

static int setup_images(uint8_t *count)
{
	struct boot_trailer_layout lay;
	const struct flash_area *fa = download_slot();
	struct dfu_flash_image_cfg fcfg = {
		.fa = fa, .check = check_image, .stored_len = stored_len,
		.buf = flash_buf, .buf_len = sizeof(flash_buf),
		.cost_us = flash_cost_us,
	};
	int ret;

	ret = ramdisk_init(&s.rd, "ramdisk0", ramdisk_mem, RAMDISK_SECTOR,
			   RAMDISK_SIZE / RAMDISK_SECTOR);
	ret = ret ? ret : dfu_disk_image_init(&s.di, &s.images[0],
					      "ramdisk0", &s.rd.disk,
					      sector_buf);
	*count = 1;
	if (ret || !s.board.flash_backend) {
		return ret;
	}
	ret = boot_trailer_layout_init(&lay, fa, BOARD_BOOT_MAX_ALIGN,
				       BOARD_BOOT_MAX_SECTORS);
	fcfg.reserved_tail = ret ? 0 : boot_trailer_sz(&lay);
	ret = ret ? ret : dfu_flash_image_init(&s.fi, &s.images[1],
					       fa->label, &fcfg);
	*count = 2;
	return ret;
}

static int setup_usb(void)
{
	struct usbd_device_info rt_info = runtime_info;
	struct usbd_device_info dfu_mode_info = dfu_info;
	struct dfu_config cfg = {
		.transfer_size = XFER_SIZE,
		.fixed_poll_ms = (uint16_t)s.board.fixed_poll_ms,
	};
	uint8_t count;
	int ret = setup_images(&count);

	ret = ret ? ret : udc_init(&s.board.udc, NULL, NULL);
	/* One serial number per board, the same in both modes: hosts tell
	 * boards apart by it (dfu-util -S). */
	rt_info.serial = s.board.serial;
	dfu_mode_info.serial = s.board.serial;
	ret = ret ? ret : usbd_init(&s.rt_ctx, &s.board.udc, &rt_info);
	ret = ret ? ret : usbd_init(&s.dfu_ctx, &s.board.udc, &dfu_mode_info);
	ret = ret ? ret : dfu_runtime_init(&s.rt, &cfg);
	ret = ret ? ret : dfu_runtime_register(&s.rt_ctx, &s.rt);
	ret = ret ? ret : dfu_mode_init(&s.dm, &cfg, s.images, count,
					xfer_buf, sizeof(xfer_buf));
	ret = ret ? ret : dfu_mode_register(&s.dfu_ctx, &s.dm);
	usbd_set_msg_cb(&s.rt_ctx, on_msg, NULL);
	usbd_set_msg_cb(&s.dfu_ctx, on_msg, NULL);
	usbd_set_clock(&s.rt_ctx, board_now_ms, NULL);
	usbd_set_clock(&s.dfu_ctx, board_now_ms, NULL);
	return ret;
}

/* Mode switches are replugs, done outside the controller's callback. */
static void switch_to(struct usbd_context *next)
{
	usbd_disable(s.active);
	s.active = next;
	usbd_enable(next);
}

/* The sample is healthy once it runs: keep it (MCUboot's img_confirmed). */
static void confirm_self(void)
{
	int ret = boot_confirm_image_ex(running_slot(),
					BOARD_BOOT_MAX_ALIGN,
					BOARD_BOOT_MAX_SECTORS);

	if (ret != 0) {
		board_log("Cannot confirm the running image: %d", ret);
	}
}

int main(int argc, char **argv)
{
	if (board_init(&s.board, argc, argv) < 0 || setup_usb() < 0) {
		return 1;
	}
	confirm_self();
	s.active = &s.rt_ctx;
	if (usbd_enable(s.active) < 0) {
		return 1;
	}
	if (s.board.fixed_poll_ms) {
		board_log("DFU: fixed bwPollTimeout of %u ms after every block "
			  "(peer emulation, benchmarks only)",
			  (unsigned int)s.board.fixed_poll_ms);
	}
	if (s.board.boot_slot) {
		board_log("Running from image-1 (direct-xip): alt 1 is "
			  "image-0");
	}
	board_log("USB DFU sample is initialized");
	for (;;) {
		/*
		 * No idle wait while flash work is queued: the host sleeps
		 * only the bwPollTimeout it was told, and every millisecond
		 * spent waiting here would come on top of it.
		 */
		bool busy = s.active == &s.dfu_ctx && dfu_mode_busy(&s.dm);

		board_poll(&s.board, busy ? 0 : 20);
		usbd_poll(s.active);
		if (s.want_dfu) {
			s.want_dfu = false;
			switch_to(&s.dfu_ctx);
		}
		if (s.want_runtime) {
			s.want_runtime = false;
			switch_to(&s.rt_ctx);
		}
	}
}
