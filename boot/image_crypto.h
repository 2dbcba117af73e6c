/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Crypto glue used by the image validator. Each backend lives in its own
 * file so a target build links only what its keys need:
 *   image_crypto_sha256.c  SHA-256 (BearSSL), always needed
 *   image_crypto_sha384.c  SHA-384 (BearSSL), P-384 images only
 *   image_sig_rsa.c        RSA-2048/3072 PSS (wolfSSL wolfCrypt)
 *   image_sig_ecdsa.c      ECDSA P-256 and P-384 (BearSSL)
 *   image_sig_ed25519.c    Ed25519 (wolfSSL wolfCrypt)
 * All return BOOT_IMAGE_OK or a negative enum boot_image_err.
 */
#ifndef BOOT_IMAGE_CRYPTO_H
#define BOOT_IMAGE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"

/* SHA-256 / SHA-384 of a memory buffer. */
int boot_crypto_sha256(const void *data, size_t len,
		       uint8_t digest[BOOT_IMAGE_HASH_SIZE]);
int boot_crypto_sha384(const void *data, size_t len,
		       uint8_t digest[BOOT_IMAGE_SHA384_SIZE]);

/*
 * SHA-256 / SHA-384 of slot bytes [off, off + len), read through rd in
 * small fixed chunks (no heap, bounded stack).
 */
int boot_crypto_sha256_slot(const struct boot_image_reader *rd, uint32_t off,
			    uint32_t len, uint8_t digest[BOOT_IMAGE_HASH_SIZE]);
int boot_crypto_sha384_slot(const struct boot_image_reader *rd, uint32_t off,
			    uint32_t len,
			    uint8_t digest[BOOT_IMAGE_SHA384_SIZE]);

/*
 * Signature checks over the image digest (digest_len bytes: 32, or 48
 * for P-384). pub is the key in the form imgtool embeds and hashes:
 * PKCS#1 RSAPublicKey DER for RSA, SubjectPublicKeyInfo DER for ECDSA
 * and Ed25519.
 */
int boot_sig_verify_rsa_pss(const uint8_t *pub, size_t pub_len,
			    const uint8_t *digest, size_t digest_len,
			    const uint8_t *sig, size_t sig_len);
int boot_sig_verify_ecdsa(const uint8_t *pub, size_t pub_len,
			  const uint8_t *digest, size_t digest_len,
			  const uint8_t *sig, size_t sig_len);
int boot_sig_verify_ed25519(const uint8_t *pub, size_t pub_len,
			    const uint8_t *digest, size_t digest_len,
			    const uint8_t *sig, size_t sig_len);

#endif /* BOOT_IMAGE_CRYPTO_H */
