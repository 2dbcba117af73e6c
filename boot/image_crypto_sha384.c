/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-384 backend (BearSSL 0.6, br_sha384): the image and key hash of
 * images signed with ECDSA P-384, as imgtool makes them (TLV 0x11).
 */
#include "boot/image_crypto.h"
#include "boot/image_crypto_br.h"

int boot_crypto_sha384(const void *data, size_t len,
		       uint8_t digest[BOOT_IMAGE_SHA384_SIZE])
{
	br_sha384_context ctx;

	br_sha384_init(&ctx);
	br_sha384_update(&ctx, data, len);
	br_sha384_out(&ctx, digest);
	return BOOT_IMAGE_OK;
}

int boot_crypto_sha384_slot(const struct boot_image_reader *rd, uint32_t off,
			    uint32_t len,
			    uint8_t digest[BOOT_IMAGE_SHA384_SIZE])
{
	br_sha384_context ctx;
	int rc;

	br_sha384_init(&ctx);
	rc = boot_crypto_br_slot(&ctx.vtable, rd, off, len);
	if (!rc)
		br_sha384_out(&ctx, digest);
	return rc;
}
