/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A bootloader that takes encrypted images: the validate hook and the
 * swap's key/cipher operations (boot_config.validate and .enc) over a
 * keyring of the bootloader's private keys (boot/image_enc.h).
 *
 *	static struct boot_enc_boot eb;
 *	boot_enc_boot_init(&eb, &verifier, &ring, secondary, 32);
 *	cfg.validate = boot_validate_enc_hook; cfg.validate_user = &eb;
 *	cfg.enc = &eb.ops;
 */
#ifndef BOOT_BOOTUTIL_ENC_H
#define BOOT_BOOTUTIL_ENC_H

#include "boot/bootutil.h"
#include "boot/image_enc.h"

struct boot_enc_boot {
	const struct boot_image_verifier *verifier;
	const struct boot_enc_keyring *ring;
	/* images in this area are ciphertext (as downloaded) */
	const struct flash_area *secondary;
	struct boot_image_decryptor dec;
	struct boot_enc_ops ops;
};

/*
 * key_max: 32 takes AES-128 and AES-256 images (the trailer as MCUboot
 * built with MCUBOOT_AES_256); 16 takes AES-128 only, with the trailer
 * of MCUboot's default build.
 */
void boot_enc_boot_init(struct boot_enc_boot *eb,
			const struct boot_image_verifier *verifier,
			const struct boot_enc_keyring *ring,
			const struct flash_area *secondary, uint8_t key_max);

/*
 * boot_validate_fn, user = struct boot_enc_boot: as
 * boot_validate_image_hook, with encrypted images decrypted for the hash
 * in the secondary and hashed as they are elsewhere (a primary holds the
 * plaintext after a swap).
 */
int boot_validate_enc_hook(const struct flash_area *fa, void *user,
			   struct boot_slot_info *out);

#endif /* BOOT_BOOTUTIL_ENC_H */
