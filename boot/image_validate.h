/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Image validation as MCUboot does it: SHA-256 (SHA-384 for P-384) over
 * header, payload and protected TLVs compared with the SHA256 (SHA384)
 * TLV, then the signature checked
 * with the trusted key named by the KEYHASH (or PUBKEY) TLV.
 */
#ifndef BOOT_IMAGE_VALIDATE_H
#define BOOT_IMAGE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"

typedef int (*boot_sig_verify_fn)(const uint8_t *pub, size_t pub_len,
				  const uint8_t *digest, size_t digest_len,
				  const uint8_t *sig, size_t sig_len);

/* A trusted key; fill it with one of the boot_image_key_*() below. */
struct boot_image_key {
	uint16_t sig_type;  /* TLV type of its signatures */
	/*
	 * The image hash its images carry (BOOT_TLV_SHA256, or
	 * BOOT_TLV_SHA384 for P-384 as MCUboot), which also hashes the key
	 * into hash[] (hash_len bytes: the KEYHASH TLV value).
	 */
	uint16_t hash_type;
	uint8_t hash_len;
	const uint8_t *pub; /* imgtool form, must outlive the key */
	size_t pub_len;
	uint8_t hash[BOOT_IMAGE_HASH_MAX];
	boot_sig_verify_fn verify;
};

/*
 * SHA-384 image hashes (P-384 keys) are checked when this is 1 (the
 * default); a bootloader without P-384 keys builds with 0 and does not
 * link SHA-384: such images then get BOOT_IMAGE_EHASH_TYPE.
 */
#ifndef BOOT_IMAGE_SHA384
#define BOOT_IMAGE_SHA384 1
#endif

/*
 * Build default for boot_image_verifier.allow_pubkey (CMake option
 * BOOT_ALLOW_PUBKEY). Off as in MCUboot without MCUBOOT_HW_KEY.
 */
#ifndef BOOT_ALLOW_PUBKEY
#define BOOT_ALLOW_PUBKEY 0
#endif

/*
 * How the validator reads an encrypted image's plaintext (encrypted
 * images are refused without one). boot/image_enc.h fills it.
 */
struct boot_image_decryptor {
	/* Digest of header + decrypted payload + protected TLVs. */
	int (*sha256)(const struct boot_image_decryptor *dec,
		      const struct boot_image_reader *rd,
		      const struct boot_image_info *info,
		      uint8_t digest[BOOT_IMAGE_HASH_SIZE]);
	const void *ctx;
};

struct boot_image_verifier {
	const struct boot_image_key *keys;
	size_t key_count;
	/* Accept images with no signature at all (hash-only boot). */
	bool allow_unsigned;
	/*
	 * Accept a PUBKEY TLV (the full key, `imgtool sign
	 * --public-key-format full`) and match its hash against the
	 * trusted keys. MCUboot only reads KEYHASH unless built with
	 * MCUBOOT_HW_KEY, so false (the default) refuses such images with
	 * BOOT_IMAGE_EPUBKEY instead of a bare "no key".
	 */
	bool allow_pubkey;
};

/*
 * Key constructors, one per backend file so only the used ones link.
 * pub: PKCS#1 RSAPublicKey DER (RSA-2048 or -3072), SubjectPublicKeyInfo
 * DER (P-256, P-384, Ed25519), exactly as `imgtool getpub -e raw`
 * prints them.
 */
int boot_image_key_rsa(struct boot_image_key *key, const uint8_t *pub,
		       size_t pub_len);
int boot_image_key_ecdsa_p256(struct boot_image_key *key, const uint8_t *pub,
			      size_t pub_len);
int boot_image_key_ecdsa_p384(struct boot_image_key *key, const uint8_t *pub,
			      size_t pub_len);
int boot_image_key_ed25519(struct boot_image_key *key, const uint8_t *pub,
			   size_t pub_len);

/*
 * Header flags with or without a decryptor: both AES flags
 * (EENC_FLAGS), encrypted without a decryptor (EENCRYPTED), then as
 * boot_image_check_flags().
 */
int boot_image_check_flags_dec(const struct boot_image_decryptor *dec,
			       uint32_t flags);

/*
 * Header flags: encrypted (BOOT_IMAGE_EENCRYPTED), compressed
 * (BOOT_IMAGE_ECOMPRESSED) and any bit outside BOOT_IMAGE_F_VALIDATE_OK
 * (BOOT_IMAGE_EFLAGS) are refused. Checked before hashing.
 */
int boot_image_check_flags(uint32_t flags);

/* Recompute the image hash and compare it with the SHA256/SHA384 TLV. */
int boot_image_check_hash(const struct boot_image_reader *rd,
			  const struct boot_image_info *info);

/*
 * Parse, hash and check the signature. On success *key_index is the
 * index of the key that verified it, or -1 for an accepted unsigned
 * image (key_index may be NULL). info is filled even on failure as far
 * as parsing got.
 */
int boot_image_validate(const struct boot_image_verifier *v,
			const struct boot_image_reader *rd,
			struct boot_image_info *info, int *key_index);

/*
 * Same with a decryptor (boot_image_validate() has none and refuses
 * encrypted images with BOOT_IMAGE_EENCRYPTED, as MCUboot built without
 * MCUBOOT_ENC_IMAGES), saying how an encrypted image's payload is
 * stored: ciphertext (as downloaded, a secondary slot) or plaintext (the
 * primary slot after a swap decrypted it, an imgtool --clear image),
 * which is hashed as it is.
 */
int boot_image_validate_ex(const struct boot_image_verifier *v,
			   const struct boot_image_decryptor *dec,
			   const struct boot_image_reader *rd,
			   struct boot_image_info *info, int *key_index,
			   bool ciphertext);

#endif /* BOOT_IMAGE_VALIDATE_H */
