/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encrypted images, the parts every key exchange shares (mbedTLS 2.28):
 * AES-CTR at any payload offset, the ECIES key derivation, the keyring
 * lookup and the decrypting hash. See boot/image_enc.h for the format.
 */
#include "boot/image_enc.h"

#include <string.h>

#include <mbedtls/aes.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <mbedtls/sha256.h>

static const uint8_t ecies_info[] = "MCUBoot_ECIES_v1";

int boot_enc_key_len(uint32_t flags)
{
	switch (flags & BOOT_IMAGE_F_ENCRYPTED) {
	case 0:
		return 0;
	case BOOT_IMAGE_F_ENCRYPTED_AES128:
		return 16;
	case BOOT_IMAGE_F_ENCRYPTED_AES256:
		return 32;
	default:
		return BOOT_IMAGE_EENC_FLAGS;
	}
}

/* Counter block for block index n: nonce zero, 128-bit big-endian. */
static void counter_block(uint32_t n, uint8_t out[BOOT_ENC_BLOCK])
{
	memset(out, 0, BOOT_ENC_BLOCK);
	out[12] = (uint8_t)(n >> 24);
	out[13] = (uint8_t)(n >> 16);
	out[14] = (uint8_t)(n >> 8);
	out[15] = (uint8_t)n;
}

int boot_enc_ctr(const uint8_t *key, size_t key_len, uint32_t poff,
		 uint8_t *buf, size_t len)
{
	mbedtls_aes_context aes;
	uint8_t ctr[BOOT_ENC_BLOCK], ks[BOOT_ENC_BLOCK];
	size_t done = 0;
	int rc;

	if (key_len != 16 && key_len != 32)
		return BOOT_IMAGE_EINVAL;
	mbedtls_aes_init(&aes);
	rc = mbedtls_aes_setkey_enc(&aes, key, (unsigned int)key_len * 8);
	while (!rc && done < len) {
		uint32_t at = poff + (uint32_t)done;
		size_t skip = at % BOOT_ENC_BLOCK;
		size_t n = BOOT_ENC_BLOCK - skip;

		if (n > len - done)
			n = len - done;
		counter_block(at / BOOT_ENC_BLOCK, ctr);
		rc = mbedtls_aes_crypt_ecb(&aes, MBEDTLS_AES_ENCRYPT, ctr, ks);
		for (size_t i = 0; !rc && i < n; i++)
			buf[done + i] ^= ks[skip + i];
		done += n;
	}
	mbedtls_aes_free(&aes);
	memset(ks, 0, sizeof(ks));
	return rc ? BOOT_IMAGE_ECRYPTO : BOOT_IMAGE_OK;
}

/* Constant time: how much of the MAC matched must not show. */
static bool same_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

int boot_enc_ecies_open(const uint8_t *shared, size_t shared_len,
			bool sha512, const uint8_t *mac,
			const uint8_t *cipherkey, uint8_t *out,
			size_t key_len)
{
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(
		sha512 ? MBEDTLS_MD_SHA512 : MBEDTLS_MD_SHA256);
	size_t mac_len = sha512 ? 64 : 32;
	/* key-encryption key (key_len), then the HMAC key (mac_len) */
	uint8_t derived[BOOT_ENC_KEY_MAX + 64];
	uint8_t have[64];
	int rc = BOOT_IMAGE_ECRYPTO;

	if (!md || key_len > BOOT_ENC_KEY_MAX)
		return BOOT_IMAGE_ECRYPTO;
	if (mbedtls_hkdf(md, NULL, 0, shared, shared_len, ecies_info,
			 sizeof(ecies_info) - 1, derived, key_len + mac_len))
		goto out;
	if (mbedtls_md_hmac(md, derived + key_len, mac_len, cipherkey,
			    key_len, have))
		goto out;
	if (!same_bytes(have, mac, mac_len)) {
		rc = BOOT_IMAGE_EENC_MAC;
		goto out;
	}
	memcpy(out, cipherkey, key_len);
	rc = boot_enc_ctr(derived, key_len, 0, out, key_len);
out:
	memset(derived, 0, sizeof(derived));
	return rc;
}

int boot_enc_image_key(const struct boot_enc_keyring *ring,
		       const struct boot_image_reader *rd,
		       const struct boot_image_info *info, uint8_t *out,
		       size_t *key_len)
{
	/* the longest key TLV: RSA-2048's 256 bytes */
	uint8_t tlv[256];
	int len = boot_enc_key_len(info->hdr.flags);
	int rc = BOOT_IMAGE_EENC_NO_KEY;

	if (len <= 0)
		return len ? len : BOOT_IMAGE_EINVAL;
	if (!info->enc.present)
		return BOOT_IMAGE_EENC_NO_TLV;
	if (info->enc.type == BOOT_TLV_ENC_KW)
		return BOOT_IMAGE_EENC_KW;
	if (info->enc.len > sizeof(tlv))
		return BOOT_IMAGE_EENC_TLV;
	if (boot_image_read(rd, info->enc.off, tlv, info->enc.len))
		return BOOT_IMAGE_EREAD;
	for (size_t i = 0; ring && i < ring->count; i++) {
		const struct boot_enc_key *k = &ring->keys[i];
		int r = k->unwrap(k, info->enc.type, tlv, info->enc.len, out,
				  (size_t)len);

		if (r == BOOT_IMAGE_OK) {
			*key_len = (size_t)len;
			return BOOT_IMAGE_OK;
		}
		/* the most telling reason: a key of the right kind failed */
		if (r != BOOT_IMAGE_EENC_NO_KEY)
			rc = r;
	}
	return rc;
}

/* What the decrypting hash carries from one chunk to the next. */
struct dec_hash {
	mbedtls_sha256_context sha;
	const uint8_t *key; /* NULL outside the payload */
	size_t key_len;
	uint32_t payload_off;
};

static int dec_hash_chunk(void *user, uint32_t off, uint8_t *buf, size_t n)
{
	struct dec_hash *h = user;
	int rc = 0;

	if (h->key)
		rc = boot_enc_ctr(h->key, h->key_len, off - h->payload_off, buf,
				  n);
	if (!rc && mbedtls_sha256_update_ret(&h->sha, buf, n))
		rc = BOOT_IMAGE_ECRYPTO;
	return rc;
}

static int hash_range(struct dec_hash *h, const struct boot_image_reader *rd,
		      uint32_t off, uint32_t end, const uint8_t *key)
{
	h->key = key;
	return boot_image_read_chunks(rd, off, end - off, dec_hash_chunk, h);
}

int boot_enc_sha256_slot(const struct boot_image_reader *rd,
			 const struct boot_image_info *info,
			 const uint8_t *key, size_t key_len,
			 uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	const struct boot_image_header *h = &info->hdr;
	uint32_t body_end = h->hdr_size + h->img_size; /* checked by parse */
	struct dec_hash dh = {
		.key_len = key_len, .payload_off = h->hdr_size,
	};
	int rc;

	mbedtls_sha256_init(&dh.sha);
	rc = mbedtls_sha256_starts_ret(&dh.sha, 0) ? BOOT_IMAGE_ECRYPTO : 0;
	if (!rc)
		rc = hash_range(&dh, rd, 0, h->hdr_size, NULL);
	if (!rc)
		rc = hash_range(&dh, rd, h->hdr_size, body_end, key);
	if (!rc)
		rc = hash_range(&dh, rd, body_end, info->hashed_len, NULL);
	if (!rc && mbedtls_sha256_finish_ret(&dh.sha, digest))
		rc = BOOT_IMAGE_ECRYPTO;
	mbedtls_sha256_free(&dh.sha);
	return rc;
}

static int dec_sha256(const struct boot_image_decryptor *dec,
		      const struct boot_image_reader *rd,
		      const struct boot_image_info *info,
		      uint8_t digest[BOOT_IMAGE_HASH_SIZE])
{
	uint8_t key[BOOT_ENC_KEY_MAX];
	size_t key_len = 0;
	int rc = boot_enc_image_key(dec->ctx, rd, info, key, &key_len);

	if (!rc)
		rc = boot_enc_sha256_slot(rd, info, key, key_len, digest);
	memset(key, 0, sizeof(key));
	return rc;
}

void boot_enc_decryptor_init(struct boot_image_decryptor *dec,
			     const struct boot_enc_keyring *ring)
{
	dec->sha256 = dec_sha256;
	dec->ctx = ring;
}
