/* SPDX-License-Identifier: Apache-2.0 */
/* Internal to the BearSSL hash glue (image_crypto_sha256/384.c). */
#ifndef BOOT_IMAGE_CRYPTO_BR_H
#define BOOT_IMAGE_CRYPTO_BR_H

#include <bearssl_hash.h>

#include "boot/image.h"

/*
 * Feed slot bytes [off, off + len) to a started BearSSL hash context
 * (*ctx's class), in small chunks read through rd.
 */
int boot_crypto_br_slot(const br_hash_class **ctx,
			const struct boot_image_reader *rd, uint32_t off,
			uint32_t len);

#endif /* BOOT_IMAGE_CRYPTO_BR_H */
