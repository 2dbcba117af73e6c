/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The DFU sample on the native board (the sample itself: dfu_sample.h).
 * `dfu-util --detach` re-enumerates it in DFU mode with alt 0 =
 * "ramdisk0" and, with the flash backend (not --no-flash-backend), alt 1 =
 * the slot not running ("image-1", or "image-0" when a direct-xip
 * bootloader runs this image from image-1); a verified download to alt 1
 * requests an upgrade for the next reset.
 *
 * With the board's --flash-timing, flash work blocks this process as
 * nRF52840's NVMC stalls its CPU; bwPollTimeout estimates come from the
 * same timing model (flash_cost_us). --fixed-poll-ms N is a benchmark-only
 * emulation of the peers' constant bwPollTimeout (dfu_config).
 */
#include <string.h>

#include "apps/dfu/dfu_sample.h"
#include "board/native/board.h"
#include "board/native/board_image.h"

#define RAMDISK_SIZE (4 * 1024 * 1024)
#define XFER_SIZE 4096

static struct board board;
static struct dfu_sample sample;
static uint8_t ramdisk_mem[RAMDISK_SIZE];
static uint8_t xfer_buf[XFER_SIZE];
static uint8_t flash_buf[BOARD_FLASH_PAGE];

static void log_line(const char *line)
{
	board_log("%s", line);
}

/* What the flash has cost since start-up (timed board: real time). */
static void log_flash_time(void *user)
{
	const struct flash_sim_stats *st = flash_sim_get_stats(&board.flash.sim);

	if (board.flash_timed) {
		board_log("Flash busy %llu ms since start: %u erases, %llu "
			  "bytes programmed",
			  (unsigned long long)(st->busy_us / 1000), st->erases,
			  (unsigned long long)st->bytes_written);
	}
}

static uint32_t flash_cost_us(void *user, uint32_t erases, uint32_t bytes)
{
	const struct flash_sim *sim = &board.flash.sim;

	return (uint32_t)(flash_sim_erase_cost_us(sim,
						  erases * BOARD_FLASH_PAGE) +
			  flash_sim_write_cost_us(sim, bytes));
}

/* The log line's promise, as the board's bootloader will keep it. */
static const char *upgrade_note(const char *boot_mode)
{
	if (strcmp(boot_mode, "overwrite-only") == 0) {
		return "overwrite on next reset (no revert)";
	}
	if (strcmp(boot_mode, "direct-xip") == 0) {
		return "tried in place on next reset";
	}
	return "test swap on next reset";
}

static int setup(void)
{
	/*
	 * The slot this image runs from (the board says, as MCUboot's
	 * boot_rsp): image-0 except under a direct-xip bootloader. Alt 1 is
	 * always the other one, so a download never writes the running image.
	 */
	uint8_t running = board.boot_slot ? FLASH_AREA_ID_IMAGE_1
					  : FLASH_AREA_ID_IMAGE_0;
	uint8_t other = board.boot_slot ? FLASH_AREA_ID_IMAGE_0
					: FLASH_AREA_ID_IMAGE_1;
	struct dfu_sample_cfg cfg = {
		.udc = &board.udc,
		.serial = board.serial,
		.clock = board_now_ms,
		.log = log_line,
		.primary = board_area(&board.flash, running),
		.boot_max_align = BOARD_BOOT_MAX_ALIGN,
		.boot_max_sectors = BOARD_BOOT_MAX_SECTORS,
		.secondary = board.flash_backend
				     ? board_area(&board.flash, other)
				     : NULL,
		.verifier = board_verifier(),
		.upgrade_note = upgrade_note(board.boot_mode),
		.ramdisk_mem = ramdisk_mem,
		.ramdisk_size = sizeof(ramdisk_mem),
		.xfer_buf = xfer_buf,
		.xfer_size = sizeof(xfer_buf),
		.flash_buf = flash_buf,
		.flash_buf_len = sizeof(flash_buf),
		.flash_cost_us = flash_cost_us,
		.download_completed = log_flash_time,
		.fixed_poll_ms = (uint16_t)board.fixed_poll_ms,
	};

	return dfu_sample_init(&sample, &cfg);
}

int main(int argc, char **argv)
{
	if (board_init(&board, argc, argv) < 0 || setup() < 0) {
		return 1;
	}
	if (board.boot_slot) {
		board_log("Running from image-1 (direct-xip): alt 1 is "
			  "image-0");
	}
	if (dfu_sample_start(&sample) < 0) {
		return 1;
	}
	for (;;) {
		/*
		 * No idle wait while flash work is queued: the host sleeps
		 * only the bwPollTimeout it was told, and every millisecond
		 * spent waiting here would come on top of it.
		 */
		board_poll(&board, dfu_sample_busy(&sample) ? 0 : 20);
		dfu_sample_step(&sample);
	}
}
