/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The native bootloader's decryption keys (board_enckeys.c, generated
 * from BOARD_ENC_KEYS) as a keyring, and the validate hook and swap
 * operations over it (boot/bootutil_enc.h).
 */
#include "board/native/board_enc.h"

#include <stdio.h>

#include "board/native/board_image.h"

#define MAX_KEYS 4

extern const unsigned char *const board_enc_keys[];
extern const unsigned int *const board_enc_key_lens[];
extern const unsigned int board_enc_key_count;

static int key_from_der(struct boot_enc_key *k, const uint8_t *der,
			size_t len)
{
	if (boot_enc_key_x25519(k, der, len) == 0 ||
	    boot_enc_key_ec256(k, der, len) == 0 ||
	    boot_enc_key_rsa(k, der, len) == 0) {
		return 0;
	}
	return -1;
}

struct boot_enc_boot *board_enc_boot(const struct flash_area *secondary)
{
	static struct boot_enc_key keys[MAX_KEYS];
	static struct boot_enc_keyring ring = {keys, 0};
	static struct boot_enc_boot eb;

	ring.count = 0;
	for (unsigned int i = 0; i < board_enc_key_count && i < MAX_KEYS;
	     i++) {
		if (key_from_der(&keys[ring.count], board_enc_keys[i],
				 *board_enc_key_lens[i]) == 0) {
			ring.count++;
		} else {
			fprintf(stderr, "native_board: decryption key %u "
				"unusable\n", i);
		}
	}
	/* 32: AES-128 and AES-256 images (MCUBOOT_AES_256's trailer) */
	boot_enc_boot_init(&eb, board_verifier(), &ring, secondary, 32);
	return &eb;
}

void board_enc_setup(struct boot_config *cfg)
{
	struct boot_enc_boot *eb = board_enc_boot(cfg->secondary);

	cfg->validate = boot_validate_enc_hook;
	cfg->validate_user = eb;
	cfg->enc = &eb->ops;
}
