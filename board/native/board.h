/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What an image running on the native board gets from it: the flash
 * (shared with the bootloader, persistent), the USB device controller
 * (USB/IP, or a Linux device controller through gadgetfs) and a way to
 * reboot. The board's loader (native_board) starts the image with
 * --flash-fd and --listen-fd (USB/IP) or --gadgetfs=DIR (gadgetfs mounted
 * at DIR, optionally --gadget-udc=NAME); an image started by hand uses
 * --state-dir/--port and opens them itself (for development). Both take
 * --flash-timing MODEL (board/native/flash_timing.h: flash operations
 * take real time) and the DFU sample's --fixed-poll-ms N.
 */
#ifndef BOARD_NATIVE_BOARD_H
#define BOARD_NATIVE_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "board/native/layout.h"
#include "udc/udc.h"

struct board {
	const char *name;
	struct board_flash flash;
	struct udc_dev udc;
	bool flash_backend; /* the DFU sample exposes slot 1 as alt 1 */
	bool gadgetfs;      /* udc is the gadgetfs driver, not USB/IP */
	char serial[127];   /* USB serial number, the same in every mode */
	bool flash_timed;   /* flash operations take real time */
	/* DFU sample, benchmarks only: dfu_config.fixed_poll_ms */
	uint32_t fixed_poll_ms;
	/*
	 * The slot the bootloader started this image from (--boot-slot,
	 * as MCUboot's boot_rsp tells an application): 0 except with the
	 * direct-xip bootloader, where either slot runs in place.
	 */
	uint8_t boot_slot;
	/* The bootloader's strategy (--boot-mode): "swap-using-move",
	 * "overwrite-only" or "direct-xip". */
	const char *boot_mode;
};

/* Parse the image's arguments, map the flash, set up the controller. */
int board_init(struct board *b, int argc, char **argv);

/* Run the controller's event loop for up to timeout_ms. */
int board_poll(struct board *b, int timeout_ms);

/* Milliseconds of a monotonic clock (the stack's DFU timers use it). */
uint32_t board_now_ms(void *user);

/* Ask the board for a reset (does not return). */
void board_reboot(struct board *b) __attribute__((noreturn));

/* printf to the console, one line, flushed. */
void board_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* BOARD_NATIVE_BOARD_H */
