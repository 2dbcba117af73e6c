/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-256 backend on wolfSSL's wolfCrypt, for bootloaders that already
 * link wolfCrypt (RSA-PSS: its MGF1 hashes with wolfCrypt's SHA-256;
 * Ed25519): one SHA-256 in the firmware instead of two. Same API and
 * digests as image_crypto_sha256.c (BearSSL); a build links one of the
 * two. The Cortex-M board builds wolfCrypt with USE_SLOW_SHA256 (one
 * rolled round loop: smaller, slower per byte than BearSSL's).
 */
#include "boot/image_crypto.h"

#ifdef WOLFSSL_USER_SETTINGS
#include <wolfssl/wolfcrypt/settings.h>
#else
#include <wolfssl/options.h>
#endif
#include <wolfssl/wolfcrypt/sha256.h>

static int wc_update(void *user, uint32_t off, uint8_t *buf, size_t n)
{
	return wc_Sha256Update(user, buf, (word32)n) ? BOOT_IMAGE_ECRYPTO
						      : BOOT_IMAGE_OK;
}

int boot_crypto_sha256(const void *data, size_t len,
		       uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	wc_Sha256 sha;
	int rc = BOOT_IMAGE_ECRYPTO;

	if (wc_InitSha256(&sha) != 0)
		return rc;
	if (wc_Sha256Update(&sha, data, (word32)len) == 0 &&
	    wc_Sha256Final(&sha, digest) == 0)
		rc = BOOT_IMAGE_OK;
	wc_Sha256Free(&sha);
	return rc;
}

int boot_crypto_sha256_slot(const struct boot_image_reader *rd, uint32_t off,
			    uint32_t len, uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	wc_Sha256 sha;
	int rc;

	if (wc_InitSha256(&sha) != 0)
		return BOOT_IMAGE_ECRYPTO;
	rc = boot_image_read_chunks(rd, off, len, wc_update, &sha);
	if (!rc && wc_Sha256Final(&sha, digest) != 0)
		rc = BOOT_IMAGE_ECRYPTO;
	wc_Sha256Free(&sha);
	return rc;
}
