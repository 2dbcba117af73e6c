/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signed images on the board's flash: the trusted key (the build's
 * development key, or the one given to CMake with -DBOARD_SIGNING_KEY) and
 * helpers shared by the bootloader and the DFU sample.
 */
#ifndef BOARD_NATIVE_BOARD_IMAGE_H
#define BOARD_NATIVE_BOARD_IMAGE_H

#include "boot/image_validate.h"
#include "storage/flash_map.h"

const struct boot_image_verifier *board_verifier(void);

/* Validate the image in fa; 0 or a negative boot_image error. */
int board_image_validate(const struct flash_area *fa,
			 struct boot_image_info *info);

/* Length of the image in fa (header to last TLV), 0 if none parses. */
uint32_t board_image_len(const struct flash_area *fa);

/* Build-time generated (board_dev_key.c). */
extern const unsigned char board_pubkey[];
extern const unsigned int board_pubkey_len;

#endif /* BOARD_NATIVE_BOARD_IMAGE_H */
