/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signed images on the board's flash: the trusted key (the build's
 * development key, or the one given to CMake with -DBOARD_SIGNING_KEY),
 * shared by the bootloader and the DFU sample.
 */
#ifndef BOARD_NATIVE_BOARD_IMAGE_H
#define BOARD_NATIVE_BOARD_IMAGE_H

#include "boot/image_validate.h"
#include "storage/flash_map.h"

const struct boot_image_verifier *board_verifier(void);

/* Build-time generated (board_dev_key.c). */
extern const unsigned char board_pubkey[];
extern const unsigned int board_pubkey_len;

#endif /* BOARD_NATIVE_BOARD_IMAGE_H */
