/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Glue between boot_go() and the image validator (boot/image_validate.h):
 * a ready-made boot_config.validate hook. Kept out of the bootutil library
 * so the swap core does not pull in the crypto backends.
 */
#ifndef BOOT_BOOTUTIL_VALIDATE_H
#define BOOT_BOOTUTIL_VALIDATE_H

#include "boot/bootutil.h"

/*
 * boot_validate_fn for boot_config: user is a
 * const struct boot_image_verifier * (trusted keys, unsigned policy).
 * Returns 0 when the image parses, its hash matches and its signature
 * verifies; a negative enum boot_image_err otherwise. Images flagged
 * non-bootable (BOOT_IMAGE_ENON_BOOTABLE), RAM-load or ROM-fixed
 * (BOOT_IMAGE_ELOAD: not runnable in place) are refused.
 */
int boot_validate_image_hook(const struct flash_area *fa, void *user,
			     struct boot_slot_info *out);

/*
 * boot_config.peek: header and TLV area parsed and bounds-checked, no hash
 * or signature check (user is ignored). Same return values.
 */
int boot_peek_image_hook(const struct flash_area *fa, void *user,
			 struct boot_slot_info *out);

struct boot_image_info;
struct boot_image_reader;
/*
 * What both hooks report of a parsed, valid image (version, size,
 * dependencies); refuses what this bootloader does not run in place
 * (ENON_BOOTABLE, ELOAD).
 */
int boot_slot_info_fill(const struct boot_image_reader *rd,
			const struct boot_image_info *info,
			struct boot_slot_info *out);

#endif /* BOOT_BOOTUTIL_VALIDATE_H */
