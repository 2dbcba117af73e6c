/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encrypted images in MCUboot's format (docs/encrypted_images.md):
 *
 * - header flag 0x4 (AES-CTR-128) or 0x8 (AES-CTR-256); the payload
 *   [hdr_size, hdr_size + img_size) is encrypted with a random image key,
 *   nonce zero, block counter = payload offset / 16. Header, protected
 *   and unprotected TLVs stay in the clear. The SHA256 TLV and the
 *   signature cover the plaintext.
 * - the image key travels in one unprotected TLV, opened with the
 *   bootloader's private key (a build-time input):
 *     0x30 RSA-OAEP-2048 (SHA-256, MGF1-SHA-256): 256 bytes
 *     0x32 ECIES-P256:   65-byte ephemeral point | HMAC-SHA256 | key
 *     0x33 ECIES-X25519: 32-byte ephemeral key   | HMAC-SHA256 | key
 *     0x34 ECIES-X25519 with SHA-512 (imgtool --hmac-sha 512): HMAC 64
 *   ECIES: shared secret by ECDH, HKDF (SHA-256 or -512, no salt, info
 *   "MCUBoot_ECIES_v1") gives key_len bytes of key-encryption key then
 *   a digest-sized HMAC key; the HMAC covers the encrypted key, which is
 *   AES-CTR (nonce zero) under the key-encryption key.
 *   0x31 (AES-KW) is refused: imgtool 2.4.0 cannot make it.
 *
 * Crypto-agnostic callers (the swap, the validator) see only this file;
 * the backends are one file per key exchange so a build links only
 * what its keys need. No heap of our own, no OS calls, no random source.
 */
#ifndef BOOT_IMAGE_ENC_H
#define BOOT_IMAGE_ENC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"
#include "boot/image_validate.h"

#define BOOT_ENC_KEY_MAX 32U
#define BOOT_ENC_BLOCK   16U

struct boot_enc_key;

/*
 * Opens the key TLV (type, value) into out[key_len]. BOOT_IMAGE_EENC_NO_KEY
 * when the TLV is not of this key's kind, EENC_TLV for a wrong length,
 * EENC_MAC when the key does not open it.
 */
typedef int (*boot_enc_unwrap_fn)(const struct boot_enc_key *key,
				  uint16_t type, const uint8_t *tlv,
				  size_t tlv_len, uint8_t *out, size_t key_len);

/* The bootloader's private key; fill with one of the constructors. */
struct boot_enc_key {
	const uint8_t *priv; /* DER, must outlive the key */
	size_t priv_len;
	boot_enc_unwrap_fn unwrap;
};

struct boot_enc_keyring {
	const struct boot_enc_key *keys;
	size_t count;
};

/*
 * Constructors. priv is the DER inside the PEM `imgtool keygen` writes:
 * PKCS#8 for X25519 (opens 0x33 and 0x34) and P-256 (0x32, PKCS#8 or
 * SEC1), PKCS#1 or PKCS#8 for RSA-2048 (0x30).
 */
int boot_enc_key_x25519(struct boot_enc_key *key, const uint8_t *priv,
			size_t priv_len);
int boot_enc_key_ec256(struct boot_enc_key *key, const uint8_t *priv,
		       size_t priv_len);
int boot_enc_key_rsa(struct boot_enc_key *key, const uint8_t *priv,
		     size_t priv_len);

/* Image key length for header flags: 0 (clear), 16, 32 or EENC_FLAGS. */
int boot_enc_key_len(uint32_t flags);

/*
 * The image key of a parsed image: out must hold BOOT_ENC_KEY_MAX bytes,
 * *key_len gets 16 or 32. Tries every key of the ring that handles the
 * TLV's kind; reasons: EENC_NO_TLV, EENC_KW, EENC_NO_KEY, EENC_TLV,
 * EENC_MAC.
 */
int boot_enc_image_key(const struct boot_enc_keyring *ring,
		       const struct boot_image_reader *rd,
		       const struct boot_image_info *info, uint8_t *out,
		       size_t *key_len);

/*
 * AES-CTR over buf in place (the same call encrypts and decrypts):
 * poff is the offset of buf[0] from the payload start, any alignment.
 */
int boot_enc_ctr(const uint8_t *key, size_t key_len, uint32_t poff,
		 uint8_t *buf, size_t len);

/*
 * The image digest of an encrypted image as stored in a secondary slot:
 * SHA-256 over header, decrypted payload and protected TLVs, read and
 * decrypted in small chunks (no image-sized buffer).
 */
int boot_enc_sha256_slot(const struct boot_image_reader *rd,
			 const struct boot_image_info *info,
			 const uint8_t *key, size_t key_len,
			 uint8_t digest[BOOT_IMAGE_HASH_SIZE]);

/*
 * The validator's decryptor over a keyring (boot_image_verifier.dec):
 * fill with boot_enc_decryptor_init(); ring must outlive it.
 */
void boot_enc_decryptor_init(struct boot_image_decryptor *dec,
			     const struct boot_enc_keyring *ring);

/* Shared by the ECIES backends: HKDF, HMAC check, key decryption. */
int boot_enc_ecies_open(const uint8_t *shared, size_t shared_len,
			bool sha512, const uint8_t *mac,
			const uint8_t *cipherkey, uint8_t *out,
			size_t key_len);

#endif /* BOOT_IMAGE_ENC_H */
