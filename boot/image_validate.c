/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Image validation: hash check, key lookup, signature dispatch. The
 * crypto itself is in the backend files (boot/image_crypto.h); this file
 * only decides what must be checked and against which key.
 */
#include "boot/image_validate.h"

#include "boot/image_crypto.h"

/* Compare without an early exit: the time must not leak the match length. */
static bool same_hash(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < len; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

/* Hash slot bytes with the image's hash kind (hash_type: TLV type). */
static int hash_slot(uint16_t hash_type, const struct boot_image_reader *rd,
		     uint32_t off, uint32_t len, uint8_t *out)
{
	if (hash_type == BOOT_TLV_SHA256)
		return boot_crypto_sha256_slot(rd, off, len, out);
#if BOOT_IMAGE_SHA384
	if (hash_type == BOOT_TLV_SHA384)
		return boot_crypto_sha384_slot(rd, off, len, out);
#endif
	return BOOT_IMAGE_EHASH_TYPE;
}

int boot_image_check_flags(uint32_t flags)
{
	if (flags & BOOT_IMAGE_F_ENCRYPTED)
		return BOOT_IMAGE_EENCRYPTED;
	if (flags & BOOT_IMAGE_F_COMPRESSED)
		return BOOT_IMAGE_ECOMPRESSED;
	if (flags & ~BOOT_IMAGE_F_VALIDATE_OK)
		return BOOT_IMAGE_EFLAGS;
	return BOOT_IMAGE_OK;
}

int boot_image_check_flags_dec(const struct boot_image_decryptor *dec,
			       uint32_t flags)
{
	if ((flags & BOOT_IMAGE_F_ENCRYPTED) == BOOT_IMAGE_F_ENCRYPTED)
		return BOOT_IMAGE_EENC_FLAGS;
	/* with a decryptor, encryption is a kind this code implements */
	if (dec)
		flags &= ~BOOT_IMAGE_F_ENCRYPTED;
	return boot_image_check_flags(flags);
}

/* The digest against the image's hash TLV. */
static int check_digest(const struct boot_image_reader *rd,
			const struct boot_image_info *info,
			const uint8_t *digest)
{
	uint8_t want[BOOT_IMAGE_HASH_MAX];
	int rc;

	rc = boot_image_read(rd, info->hash.off, want, info->hash.len);
	if (rc)
		return rc;
	return same_hash(want, digest, info->hash.len) ? BOOT_IMAGE_OK
						       : BOOT_IMAGE_EHASH;
}

/*
 * How validate() gets the image's digest (into digest, checked against
 * the hash TLV): from the slot as it is, or through a decryptor. A
 * pointer, so that a bootloader without encrypted images does not link
 * the second.
 */
typedef int (*digest_fn)(const struct boot_image_decryptor *dec,
			 const struct boot_image_reader *rd,
			 const struct boot_image_info *info, uint8_t *digest);

static int digest_plain(const struct boot_image_decryptor *dec,
			const struct boot_image_reader *rd,
			const struct boot_image_info *info, uint8_t *digest)
{
	int rc;

	if (!info->hash.present || info->hash.len > BOOT_IMAGE_HASH_MAX)
		return BOOT_IMAGE_ENO_HASH;
	rc = hash_slot(info->hash.type, rd, 0, info->hashed_len, digest);
	if (rc)
		return rc;
	return check_digest(rd, info, digest);
}

/* An encrypted payload stored as ciphertext is hashed as plaintext. */
static int digest_dec(const struct boot_image_decryptor *dec,
		      const struct boot_image_reader *rd,
		      const struct boot_image_info *info, uint8_t *digest)
{
	uint8_t want[BOOT_IMAGE_HASH_SIZE];
	int rc;

	if (!(info->hdr.flags & BOOT_IMAGE_F_ENCRYPTED))
		return digest_plain(dec, rd, info, digest);
	if (!dec)
		return BOOT_IMAGE_EENCRYPTED;
	if (!info->hash.present || info->hash.len != BOOT_IMAGE_HASH_SIZE)
		return BOOT_IMAGE_ENO_HASH;
	/* the decryptor hashes SHA-256, the only kind imgtool encrypts with */
	if (info->hash.type != BOOT_TLV_SHA256)
		return BOOT_IMAGE_EHASH_TYPE;
	rc = boot_image_read(rd, info->hash.off, want, sizeof(want));
	if (rc)
		return rc;
	/* the key TLV is opened first: its reason beats a hash mismatch */
	rc = dec->sha256(dec, rd, info, digest);
	if (rc)
		return rc;
	return same_hash(want, digest, sizeof(want)) ? BOOT_IMAGE_OK
						     : BOOT_IMAGE_EHASH;
}

int boot_image_check_hash(const struct boot_image_reader *rd,
			  const struct boot_image_info *info)
{
	uint8_t digest[BOOT_IMAGE_HASH_MAX];

	return digest_plain(NULL, rd, info, digest);
}

/*
 * The hash naming the signing key, made with the image's hash kind (as
 * imgtool does): KEYHASH directly (its length must be that hash's),
 * PUBKEY hashed.
 */
static int image_key_hash(const struct boot_image_verifier *v,
			  const struct boot_image_reader *rd,
			  const struct boot_image_info *info,
			  uint8_t hash[BOOT_IMAGE_HASH_MAX])
{
	const struct boot_image_tlv *id = &info->key_id;

	if (!id->present)
		return BOOT_IMAGE_ENO_KEYID;
	if (id->type == BOOT_TLV_KEYHASH) {
		if (id->len != info->hash.len)
			return BOOT_IMAGE_ETLV_LEN;
		return boot_image_read(rd, id->off, hash, id->len);
	}
	if (!v->allow_pubkey)
		return BOOT_IMAGE_EPUBKEY;
	return hash_slot(info->hash.type, rd, id->off, id->len, hash);
}

/* A trusted key whose hash (of the image's hash kind) is hash. */
static int find_key(const struct boot_image_verifier *v, uint16_t hash_type,
		    const uint8_t hash[BOOT_IMAGE_HASH_MAX])
{
	const struct boot_image_key *k;
	size_t i;

	for (i = 0; i < v->key_count; i++) {
		k = &v->keys[i];
		if (k->hash_type == hash_type &&
		    same_hash(k->hash, hash, k->hash_len))
			return (int)i;
	}
	return BOOT_IMAGE_EKEY_UNKNOWN;
}

static int check_signature(const struct boot_image_verifier *v,
			   const struct boot_image_reader *rd,
			   const struct boot_image_info *info,
			   const uint8_t *digest, int *key_index)
{
	uint8_t key_hash[BOOT_IMAGE_HASH_MAX];
	uint8_t sig[BOOT_IMAGE_SIG_MAX];
	const struct boot_image_key *key;
	int idx, rc;

	rc = image_key_hash(v, rd, info, key_hash);
	if (rc)
		return rc;
	idx = find_key(v, info->hash.type, key_hash);
	if (idx < 0)
		return idx;
	key = &v->keys[idx];
	if (key->sig_type != info->sig.type)
		return BOOT_IMAGE_ESIG_TYPE;
	rc = boot_image_read(rd, info->sig.off, sig, info->sig.len);
	if (rc)
		return rc;
	rc = key->verify(key->pub, key->pub_len, digest, info->hash.len, sig,
			 info->sig.len);
	if (rc)
		return rc;
	*key_index = idx;
	return BOOT_IMAGE_OK;
}

static int validate(const struct boot_image_verifier *v,
		    const struct boot_image_decryptor *dec,
		    const struct boot_image_reader *rd,
		    struct boot_image_info *info, int *key_index,
		    digest_fn get_digest)
{
	uint8_t digest[BOOT_IMAGE_HASH_MAX];
	int idx = -1;
	int rc, flags_rc;

	if (!v || (v->key_count && !v->keys))
		return BOOT_IMAGE_EINVAL;
	rc = boot_image_parse(rd, info);
	if (rc == BOOT_IMAGE_EINVAL)
		return rc; /* info was not even cleared */
	/*
	 * A header read whole is judged by its flags first: an image of a
	 * kind this code does not implement gets that reason, whatever its
	 * TLVs (a compressed SHA-384 image is "compressed").
	 */
	if (info->hdr.magic == BOOT_IMAGE_MAGIC) {
		flags_rc = boot_image_check_flags_dec(dec, info->hdr.flags);
		if (flags_rc)
			return flags_rc;
	}
	if (rc)
		return rc;
	rc = get_digest(dec, rd, info, digest);
	if (rc)
		return rc;
	if (!info->sig.present) {
		if (!v->allow_unsigned)
			return BOOT_IMAGE_EUNSIGNED;
	} else if (v->key_count || !v->allow_unsigned) {
		/* A hash-only build (no keys, unsigned allowed) skips this. */
		rc = check_signature(v, rd, info, digest, &idx);
		if (rc)
			return rc;
	}
	if (key_index)
		*key_index = idx;
	return BOOT_IMAGE_OK;
}

int boot_image_validate(const struct boot_image_verifier *v,
			const struct boot_image_reader *rd,
			struct boot_image_info *info, int *key_index)
{
	return validate(v, NULL, rd, info, key_index, digest_plain);
}

int boot_image_validate_ex(const struct boot_image_verifier *v,
			   const struct boot_image_decryptor *dec,
			   const struct boot_image_reader *rd,
			   struct boot_image_info *info, int *key_index,
			   bool ciphertext)
{
	return validate(v, dec, rd, info, key_index,
			ciphertext ? digest_dec : digest_plain);
}
