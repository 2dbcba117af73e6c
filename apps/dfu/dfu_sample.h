/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The DFU sample (Zephyr's dfu-next), one portable module for every board:
 * a run-time personality and a DFU-mode personality with alt 0 =
 * "ramdisk0" (a RAM disk) and, when the board gives a secondary slot,
 * alt 1 = "image-1" (the MCUboot secondary slot through the flash
 * backend, boot trailer kept free). A completed download to alt 1 is
 * checked (signature, length, not older than the running image) and
 * requests a test swap for the next reset; a DETACH re-enumerates in DFU
 * mode, a USB reset in DFU mode returns to run-time mode. Both
 * personalities carry Microsoft OS 2.0 descriptors (WinUSB).
 *
 * The board's main file owns the controller, the flash, the clock and the
 * memory, and runs the loop: dfu_sample_step() after polling its
 * controller, without an idle wait while dfu_sample_busy(). No OS calls,
 * no heap: it builds for Cortex-M as for the native board.
 */
#ifndef APPS_DFU_DFU_SAMPLE_H
#define APPS_DFU_DFU_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/image_validate.h"
#include "class/dfu/dfu.h"
#include "class/dfu/dfu_disk_image.h"
#include "class/dfu/dfu_flash_image.h"
#include "storage/flash_map.h"
#include "storage/ramdisk.h"

#define DFU_SAMPLE_SECTOR 512

struct dfu_sample_cfg {
	struct udc_dev *udc;
	const char *serial; /* the same in both modes: dfu-util -S */
	usbd_clock_fn clock;
	void *clock_user;
	/* One line of the sample's log, without its newline. */
	void (*log)(const char *line);
	/* The running image (confirmed at start) and its trailer geometry;
	 * image-0, or image-1 under a direct-xip bootloader. */
	const struct flash_area *primary;
	uint32_t boot_max_align;
	uint32_t boot_max_sectors;
	/* alt 1: the slot a download goes to, the one not running, named
	 * by its flash area's label (NULL: alt 0 only) ... */
	const struct flash_area *secondary;
	/* ... and the keys its image must be signed with. */
	const struct boot_image_verifier *verifier;
	/* What the bootloader will do with a requested upgrade, for the
	 * log line (NULL: "test swap on next reset", swap-using-move). */
	const char *upgrade_note;
	/* Memory: the RAM disk, the DFU transfer buffer (wTransferSize
	 * bytes), the flash backend's write buffer. */
	uint8_t *ramdisk_mem;
	uint32_t ramdisk_size; /* a multiple of DFU_SAMPLE_SECTOR */
	uint8_t *xfer_buf;
	uint16_t xfer_size;
	uint8_t *flash_buf;
	uint32_t flash_buf_len;
	/* Optional: flash time model for bwPollTimeout (dfu_flash_image.h). */
	uint32_t (*flash_cost_us)(void *user, uint32_t erases,
				  uint32_t bytes);
	/* Optional: told when a download completed (before any swap). */
	void (*download_completed)(void *user);
	void *user;
	/* Benchmarks only: dfu_config.fixed_poll_ms. */
	uint16_t fixed_poll_ms;
};

struct dfu_sample {
	struct dfu_sample_cfg cfg;
	struct usbd_device_info rt_info;
	struct usbd_device_info dfu_info;
	struct usbd_context rt_ctx;
	struct usbd_context dfu_ctx;
	struct usbd_context *active;
	struct dfu_runtime rt;
	struct dfu_mode dm;
	struct ramdisk rd;
	struct dfu_disk_image di;
	struct dfu_flash_image fi;
	struct dfu_image images[2];
	uint8_t sector_buf[DFU_SAMPLE_SECTOR];
	bool want_dfu;
	bool want_runtime;
};

/* Build both personalities; the controller stays disconnected. */
int dfu_sample_init(struct dfu_sample *s, const struct dfu_sample_cfg *cfg);
/* Confirm the running image, connect in run-time mode. */
int dfu_sample_start(struct dfu_sample *s);
/* Flash work is queued: poll the controller without waiting. */
bool dfu_sample_busy(const struct dfu_sample *s);
/* One turn of the main loop: background work, then mode switches. */
void dfu_sample_step(struct dfu_sample *s);

#endif /* APPS_DFU_DFU_SAMPLE_H */
