/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power-on of the native board: the bootloader on the flash file, then
 * the primary image executed as a host process.
 */
#ifndef BOARD_NATIVE_BOARD_LOADER_H
#define BOARD_NATIVE_BOARD_LOADER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "board/native/layout.h"

/* What the loader passes on to every image it starts (its arguments). */
struct board_image_opts {
	bool flash_backend;       /* the DFU sample exposes slot 1 */
	const char *flash_timing; /* flash_timing.h model name, or "none" */
	uint32_t fixed_poll_ms;   /* DFU sample: peer emulation, 0 = off */
	const char *serial;       /* the board's USB serial number */
};

struct board_loader {
	int flash_fd;
	uint8_t *mem;
	struct board_flash flash;
	/* Set after open: the image's controller is gadgetfs mounted here
	 * (optionally the named controller) instead of the USB/IP socket. */
	const char *gadgetfs;
	const char *gadget_udc;
};

/*
 * Map the flash file; a new file (or erase) is a fresh board: slot 0 gets
 * the signed image at image_path.
 */
int board_loader_open(struct board_loader *ld, const char *path, bool erase,
		      const char *image_path);

/*
 * Run the bootloader and start the image: its pid, or -1 if none boots.
 * listen_fd is the USB/IP socket (unused with gadgetfs).
 */
pid_t board_loader_power_on(struct board_loader *ld, int listen_fd,
			    const struct board_image_opts *opts);

#endif /* BOARD_NATIVE_BOARD_LOADER_H */
