/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 backend (mbedTLS 2.28). */
#include "boot/image_crypto.h"

#include <mbedtls/sha256.h>

/* Read size per step: small enough for a bootloader stack. */
#define HASH_CHUNK 256U

int boot_crypto_sha256(const void *data, size_t len,
		       uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	return mbedtls_sha256_ret(data, len, digest, 0) ? BOOT_IMAGE_ECRYPTO
							: BOOT_IMAGE_OK;
}

static int hash_chunks(mbedtls_sha256_context *ctx,
		       const struct boot_image_reader *rd, uint32_t off,
		       uint32_t len)
{
	uint8_t buf[HASH_CHUNK];
	uint32_t n;
	int rc;

	while (len) {
		n = len < HASH_CHUNK ? len : HASH_CHUNK;
		rc = boot_image_read(rd, off, buf, n);
		if (rc)
			return rc;
		if (mbedtls_sha256_update_ret(ctx, buf, n))
			return BOOT_IMAGE_ECRYPTO;
		off += n;
		len -= n;
	}
	return BOOT_IMAGE_OK;
}

int boot_crypto_sha256_slot(const struct boot_image_reader *rd, uint32_t off,
			    uint32_t len, uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	mbedtls_sha256_context ctx;
	int rc;

	if (off > rd->slot_size || len > rd->slot_size - off)
		return BOOT_IMAGE_EREAD;
	mbedtls_sha256_init(&ctx);
	rc = mbedtls_sha256_starts_ret(&ctx, 0) ? BOOT_IMAGE_ECRYPTO : 0;
	if (!rc)
		rc = hash_chunks(&ctx, rd, off, len);
	if (!rc && mbedtls_sha256_finish_ret(&ctx, digest))
		rc = BOOT_IMAGE_ECRYPTO;
	mbedtls_sha256_free(&ctx);
	return rc;
}
