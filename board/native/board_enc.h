/* SPDX-License-Identifier: Apache-2.0 */
/* The native bootloader's encrypted-image support (see board_enc.c). */
#ifndef BOARD_NATIVE_BOARD_ENC_H
#define BOARD_NATIVE_BOARD_ENC_H

#include "boot/bootutil_enc.h"

/* Ready for boot_config.validate_user / .enc; NULL never. */
struct boot_enc_boot *board_enc_boot(const struct flash_area *secondary);

/* cfg->validate, validate_user and enc for encrypted images. */
void board_enc_setup(struct boot_config *cfg);

#endif /* BOARD_NATIVE_BOARD_ENC_H */
