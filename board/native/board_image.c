/* SPDX-License-Identifier: Apache-2.0 */
#include <stdbool.h>

#include "board/native/board_image.h"
#include "boot/image_enc.h"

static int area_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	return flash_area_read(ctx, off, buf, len);
}

static void area_reader(const struct flash_area *fa,
			struct boot_image_reader *rd)
{
	rd->read = area_read;
	rd->ctx = (void *)fa;
	rd->slot_size = fa->size;
}

const struct boot_image_verifier *board_verifier(void)
{
	static struct boot_image_key key;
	static struct boot_image_verifier verifier;
	static bool ready;

	if (!ready) {
		if (boot_image_key_ed25519(&key, board_pubkey,
					   board_pubkey_len) != 0) {
			return NULL;
		}
		verifier = (struct boot_image_verifier){
			.keys = &key,
			.key_count = 1,
			.allow_unsigned = false,
			.allow_pubkey = BOOT_ALLOW_PUBKEY,
		};
		ready = true;
	}
	return &verifier;
}

int board_image_validate(const struct flash_area *fa,
			 struct boot_image_info *info)
{
	const struct boot_image_verifier *v = board_verifier();
	struct boot_image_reader rd;
	int rc;

	if (!v) {
		return -1;
	}
	area_reader(fa, &rd);
	rc = boot_image_validate(v, &rd, info, NULL);
	/*
	 * An encrypted image: the application has no decryption key (only
	 * the bootloader has), so it checks the format and the key TLV's
	 * presence; hash and signature are the bootloader's to check.
	 */
	if (rc == BOOT_IMAGE_EENCRYPTED) {
		rc = boot_image_parse(&rd, info);
		if (rc == 0 && !info->enc.present) {
			rc = BOOT_IMAGE_EENC_NO_TLV;
		}
		if (rc == 0 && boot_enc_key_len(info->hdr.flags) < 0) {
			rc = BOOT_IMAGE_EENC_FLAGS;
		}
	}
	return rc;
}

uint32_t board_image_len(const struct flash_area *fa)
{
	struct boot_image_reader rd;
	struct boot_image_info info;

	area_reader(fa, &rd);
	return boot_image_parse(&rd, &info) == 0 ? info.end : 0;
}
