/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power-on of the native board: the bootloader on the flash file, then
 * the primary image executed as a host process.
 */
#ifndef BOARD_NATIVE_BOARD_LOADER_H
#define BOARD_NATIVE_BOARD_LOADER_H

#include <stdbool.h>
#include <sys/types.h>

#include "board/native/layout.h"

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
			    bool flash_backend);

#endif /* BOARD_NATIVE_BOARD_LOADER_H */
