/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-256 backend (BearSSL 0.6, br_sha256: one compact round function,
 * no heap, no tables beyond the round constants), and the chunked slot
 * reader the SHA-384 backend shares.
 */
#include "boot/image_crypto.h"
#include "boot/image_crypto_br.h"

static int br_update(void *user, uint32_t off, uint8_t *buf, size_t n)
{
	const br_hash_class **ctx = user;

	(*ctx)->update(ctx, buf, n);
	return BOOT_IMAGE_OK;
}

int boot_crypto_br_slot(const br_hash_class **ctx,
			const struct boot_image_reader *rd, uint32_t off,
			uint32_t len)
{
	return boot_image_read_chunks(rd, off, len, br_update, ctx);
}

int boot_crypto_sha256(const void *data, size_t len,
		       uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	br_sha256_context ctx;

	br_sha256_init(&ctx);
	br_sha256_update(&ctx, data, len);
	br_sha256_out(&ctx, digest);
	return BOOT_IMAGE_OK;
}

int boot_crypto_sha256_slot(const struct boot_image_reader *rd, uint32_t off,
			    uint32_t len, uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	br_sha256_context ctx;
	int rc;

	br_sha256_init(&ctx);
	rc = boot_crypto_br_slot(&ctx.vtable, rd, off, len);
	if (!rc)
		br_sha256_out(&ctx, digest);
	return rc;
}
