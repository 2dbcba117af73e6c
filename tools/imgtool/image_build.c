/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/image_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "boot/image_crypto.h"
#include "boot/image_enc.h"
#include "boot/image_validate.h"
#include "tools/imgtool/tool_error.h"

#define ERASED 0xff

static void put_le16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, v);
	put_le16(p + 2, v >> 16);
}

uint32_t imgtool_auto_sec_cnt(const struct boot_image_version *v)
{
	return ((uint32_t)v->major << 24) + ((uint32_t)v->minor << 16) +
	       v->revision;
}

uint8_t imgtool_erased(const struct imgtool_sign_opts *o)
{
	return o->erased_zero ? 0x00 : ERASED;
}

static uint32_t enc_keylen(const struct imgtool_sign_opts *o)
{
	return o->enc_keylen ? o->enc_keylen : 16;
}

uint64_t imgtool_trailer_size(const struct imgtool_sign_opts *o)
{
	uint32_t ma = o->trailer.max_align;

	/* overwrite-only keeps image_ok and copy_done fields and the magic */
	uint64_t keys = 0;

	if (o->overwrite_only)
		return 2U * (uint64_t)ma +
		       (TRAILER_MAGIC_SIZE + ma - 1) / ma * ma;
	if (o->enc) {
		/* imgtool 2.4.0 reserves 16 bytes a key, even for AES-256 */
		uint64_t k = o->save_enctlv
				     ? imgtool_enc_tlv_len(o->enc, o->enc_sha512,
							   enc_keylen(o))
				     : 16;

		keys = 2 * ((k + ma - 1) / ma * ma);
	}
	return trailer_size(&o->trailer) + keys;
}

static uint32_t header_flags(const struct imgtool_sign_opts *o)
{
	uint32_t flags = 0;

	if (o->load_addr)
		flags |= BOOT_IMAGE_F_RAM_LOAD;
	if (o->rom_fixed)
		flags |= BOOT_IMAGE_F_ROM_FIXED;
	if (o->non_bootable)
		flags |= BOOT_IMAGE_F_NON_BOOTABLE;
	if (o->enc)
		flags |= enc_keylen(o) == 32 ? BOOT_IMAGE_F_ENCRYPTED_AES256
					     : BOOT_IMAGE_F_ENCRYPTED_AES128;
	return flags;
}

static void write_header(uint8_t *p, const struct imgtool_sign_opts *o,
			 uint32_t img_size, uint16_t prot_size)
{
	memset(p, 0, BOOT_IMAGE_HEADER_SIZE);
	put_le32(p + 0, BOOT_IMAGE_MAGIC);
	put_le32(p + 4, o->rom_fixed ? o->rom_fixed : o->load_addr);
	put_le16(p + 8, o->header_size);
	put_le16(p + 10, prot_size);
	put_le32(p + 12, img_size);
	put_le32(p + 16, header_flags(o));
	p[20] = o->version.major;
	p[21] = o->version.minor;
	put_le16(p + 22, o->version.revision);
	put_le32(p + 24, o->version.build);
}

/* Appends one TLV at *pos and advances it. */
static void put_tlv(uint8_t *buf, size_t *pos, uint16_t type, const void *value,
		    uint16_t len)
{
	put_le16(buf + *pos, type);
	put_le16(buf + *pos + 2, len);
	if (len)
		memcpy(buf + *pos + 4, value, len);
	*pos += BOOT_TLV_HDR_SIZE + len;
}

/* ---- protected TLVs ----------------------------------------------- */

#define BOOT_TLV_DEPENDENCY  0x40U
#define BOOT_TLV_BOOT_RECORD 0x60U
#define DEP_SIZE             12U
#define BOOT_RECORD_MAX      160U

static size_t cbor_text(uint8_t *p, const char *s)
{
	size_t n = strlen(s), i;

	p[0] = (uint8_t)(0x60 + n); /* text string, length < 24 */
	for (i = 0; i < n; i++)
		p[1 + i] = (uint8_t)s[i];
	return 1 + n;
}

static size_t cbor_hash(uint8_t *p, const uint8_t *h, size_t len)
{
	p[0] = 0x58; /* byte string, one length byte follows */
	p[1] = (uint8_t)len;
	memcpy(p + 2, h, len);
	return 2 + len;
}

/*
 * The measured-boot record imgtool encodes (boot_record.py): a CBOR map
 * of sw type (1), version "maj.min.rev" (4), signer id = key hash or
 * zeros (5), measurement description "SHA256" or "SHA384" (6, the
 * image hash) and the measurement (2), left zero for the bootloader to
 * fill in, last.
 */
static size_t boot_record(const struct imgtool_sign_opts *o,
			  const uint8_t signer[BOOT_IMAGE_HASH_MAX],
			  uint8_t *p)
{
	static const uint8_t zero[BOOT_IMAGE_HASH_MAX];
	size_t hlen = o->sha384 ? BOOT_IMAGE_SHA384_SIZE : BOOT_IMAGE_HASH_SIZE;
	char ver[24];
	size_t n = 0;

	snprintf(ver, sizeof(ver), "%u.%u.%u", o->version.major,
		 o->version.minor, o->version.revision);
	p[n++] = 0xa5; /* map of 5 pairs */
	p[n++] = 0x01;
	n += cbor_text(p + n, o->boot_record);
	p[n++] = 0x04;
	n += cbor_text(p + n, ver);
	p[n++] = 0x05;
	n += cbor_hash(p + n, signer, hlen);
	p[n++] = 0x06;
	n += cbor_text(p + n, hlen == BOOT_IMAGE_HASH_SIZE ? "SHA256"
							   : "SHA384");
	p[n++] = 0x02;
	n += cbor_hash(p + n, zero, hlen);
	return n;
}

static void dep_value(const struct imgtool_dep *d, uint8_t *v)
{
	memset(v, 0, DEP_SIZE);
	v[0] = d->image_id; /* then 3 reserved bytes */
	v[4] = d->version.major;
	v[5] = d->version.minor;
	put_le16(v + 6, d->version.revision);
	put_le32(v + 8, d->version.build);
}

/* Size of the protected area with its info, 0 when there is none. */
static size_t prot_size(const struct imgtool_sign_opts *o, size_t rec_len)
{
	size_t n = 0, i;

	if (o->has_sec_cnt)
		n += BOOT_TLV_HDR_SIZE + 4;
	if (o->boot_record)
		n += BOOT_TLV_HDR_SIZE + rec_len;
	n += o->dep_count * (BOOT_TLV_HDR_SIZE + DEP_SIZE);
	for (i = 0; i < o->custom_count; i++)
		n += BOOT_TLV_HDR_SIZE + o->custom[i].len;
	return n ? n + BOOT_TLV_INFO_SIZE : 0;
}

/* imgtool's order: SEC_CNT, BOOT_RECORD, DEPENDENCY..., custom TLVs. */
static void put_protected(const struct imgtool_sign_opts *o, uint8_t *buf,
			  size_t *pos, size_t size, const uint8_t *rec,
			  size_t rec_len)
{
	uint8_t v[DEP_SIZE];
	size_t i;

	put_le16(buf + *pos, BOOT_TLV_PROT_INFO_MAGIC);
	put_le16(buf + *pos + 2, (uint32_t)size);
	*pos += BOOT_TLV_INFO_SIZE;
	if (o->has_sec_cnt) {
		put_le32(v, o->sec_cnt);
		put_tlv(buf, pos, BOOT_TLV_SEC_CNT, v, 4);
	}
	if (o->boot_record)
		put_tlv(buf, pos, BOOT_TLV_BOOT_RECORD, rec, (uint16_t)rec_len);
	for (i = 0; i < o->dep_count; i++) {
		dep_value(&o->deps[i], v);
		put_tlv(buf, pos, BOOT_TLV_DEPENDENCY, v, DEP_SIZE);
	}
	for (i = 0; i < o->custom_count; i++)
		put_tlv(buf, pos, o->custom[i].tag, o->custom[i].value,
			o->custom[i].len);
}

/* Header + payload: with pad_header the header gap is erased flash. */
static int place_body(const struct imgtool_sign_opts *o, const uint8_t *in,
		      size_t in_len, uint8_t *buf)
{
	size_t i;

	if (o->pad_header) {
		memset(buf, imgtool_erased(o), o->header_size);
		memcpy(buf + o->header_size, in, in_len);
		return 0;
	}
	for (i = 0; i < o->header_size; i++) {
		if (in[i]) {
			tool_set_error(
				"input does not start with --header-size "
				"zero bytes; use --pad-header");
			return -1;
		}
	}
	memcpy(buf, in, in_len);
	return 0;
}

/* The key's public bytes and their hash (KEYHASH, signer id). */
static int key_id(const struct imgtool_key *key, uint8_t *pub, size_t *pub_len,
		  uint8_t hash[BOOT_IMAGE_HASH_MAX])
{
	if (!key) {
		memset(hash, 0, BOOT_IMAGE_HASH_MAX);
		*pub_len = 0;
		return 0;
	}
	return imgtool_key_public_raw(key, pub, IMGTOOL_KEY_DER_MAX, pub_len) ||
			       imgtool_key_hash(key, pub, *pub_len, hash)
		       ? -1
		       : 0;
}

/*
 * imgtool --pad-sig: ECDSA DER signatures always take 72 bytes (P-256)
 * or 103 (P-384, imgtool's ECDSA384P1.sig_len()).
 */
#define ECDSA_P256_SIG_PADDED 72U
#define ECDSA_P384_SIG_PADDED 103U

/* A --fix-sig signature must verify with its public key over digest. */
static int take_fixed_sig(const struct imgtool_sign_opts *o,
			  const struct imgtool_key *key, const uint8_t *digest,
			  uint8_t *sig, size_t *sig_len)
{
	uint8_t pub[IMGTOOL_KEY_DER_MAX];
	struct boot_image_key k;
	size_t pub_len;
	int rc;

	if (o->fixed_sig_len > IMGTOOL_SIG_MAX ||
	    imgtool_key_public_raw(key, pub, sizeof(pub), &pub_len))
		return -1;
	rc = imgtool_key_trusted(key, pub, pub_len, &k);
	if (!rc)
		rc = k.verify(k.pub, k.pub_len, digest, k.hash_len,
			      o->fixed_sig, o->fixed_sig_len);
	if (rc) {
		tool_set_error("--fix-sig signature does not verify with "
			       "--fix-sig-pubkey over this image");
		return -1;
	}
	memcpy(sig, o->fixed_sig, o->fixed_sig_len);
	*sig_len = o->fixed_sig_len;
	return 0;
}

static int sign_digest(const struct imgtool_sign_opts *o,
		       const struct imgtool_key *key, const uint8_t *digest,
		       uint8_t *sig, size_t *sig_len)
{
	if (o->fixed_sig)
		return take_fixed_sig(o, key, digest, sig, sig_len);
	size_t padded = key->type == IMGTOOL_KEY_ECDSA_P256   ? ECDSA_P256_SIG_PADDED
			: key->type == IMGTOOL_KEY_ECDSA_P384 ? ECDSA_P384_SIG_PADDED
							      : 0;

	if (imgtool_key_sign(key, digest, sig, IMGTOOL_SIG_MAX, sig_len))
		return -1;
	if (o->pad_sig && *sig_len < padded) {
		memset(sig + *sig_len, 0, padded - *sig_len);
		*sig_len = padded;
	}
	return 0;
}

/* Unprotected area: SHA256, then KEYHASH/PUBKEY and the signature. */
static int put_unprotected(const struct imgtool_sign_opts *o, uint8_t *buf,
			   size_t *pos, const struct imgtool_key *key,
			   struct imgtool_sign_result *res)
{
	uint8_t pub[IMGTOOL_KEY_DER_MAX], key_hash[BOOT_IMAGE_HASH_MAX];
	const uint8_t *digest = res->digest;
	uint8_t *sig = res->sig;
	size_t info = *pos, pub_len, sig_len;

	*pos += BOOT_TLV_INFO_SIZE;
	put_tlv(buf, pos, res->hash_tlv, digest, (uint16_t)res->digest_len);
	if (key) {
		if (key_id(key, pub, &pub_len, key_hash) ||
		    sign_digest(o, key, digest, sig, &sig_len))
			return -1;
		if (o->pubkey_full)
			put_tlv(buf, pos, BOOT_TLV_PUBKEY, pub,
				(uint16_t)pub_len);
		else
			put_tlv(buf, pos, BOOT_TLV_KEYHASH, key_hash,
				(uint16_t)res->digest_len);
		put_tlv(buf, pos, imgtool_key_sig_tlv(key), sig,
			(uint16_t)sig_len);
		res->sig_len = sig_len;
	}
	if (o->enc)
		put_tlv(buf, pos, res->enc_type, res->enc_tlv,
			(uint16_t)res->enc_tlv_len);
	put_le16(buf + info, BOOT_TLV_INFO_MAGIC);
	put_le16(buf + info + 2, (uint32_t)(*pos - info));
	return 0;
}

static int check_fit(const struct imgtool_sign_opts *o, size_t len)
{
	uint64_t tsize = imgtool_trailer_size(o);

	if ((uint64_t)len + tsize > o->slot_size) {
		tool_set_error("image size (0x%zx) + trailer (0x%llx) exceeds "
			       "slot size 0x%x",
			       len, (unsigned long long)tsize, o->slot_size);
		return -1;
	}
	return 0;
}

static int check_tlv_opts(const struct imgtool_sign_opts *o)
{
	if (o->custom_count > IMGTOOL_MAX_CUSTOM_TLVS ||
	    o->dep_count > IMGTOOL_MAX_DEPS) {
		tool_set_error("too many custom TLVs or dependencies");
		return -1;
	}
	if (o->boot_record && strlen(o->boot_record) > IMGTOOL_SW_TYPE_MAX) {
		tool_set_error("--boot-record SW type max length is %u "
			       "characters",
			       IMGTOOL_SW_TYPE_MAX);
		return -1;
	}
	if (o->load_addr && o->rom_fixed) {
		tool_set_error("can not set rom_fixed and load_addr at the "
			       "same time");
		return -1;
	}
	return 0;
}

static int check_opts(const struct imgtool_sign_opts *o, size_t in_len)
{
	size_t body = o->pad_header ? o->header_size + in_len : in_len;

	if (o->header_size < BOOT_IMAGE_HEADER_SIZE ||
	    o->header_size > UINT16_MAX) {
		tool_set_error("header size must be 32..65535");
		return -1;
	}
	if (!o->pad_header && in_len < o->header_size) {
		tool_set_error("input is shorter than --header-size; use "
			       "--pad-header");
		return -1;
	}
	if (in_len > UINT32_MAX || body - o->header_size > UINT32_MAX ||
	    body > o->slot_size) {
		tool_set_error("input (0x%zx bytes) does not fit the slot "
			       "(0x%x bytes)",
			       in_len, o->slot_size);
		return -1;
	}
	return check_tlv_opts(o);
}

/* Everything up to the end of the TLVs, into buf sized for the worst case. */
static int build_tlvs(const struct imgtool_sign_opts *o, uint8_t *buf,
		      size_t body, const struct imgtool_key *key, size_t *len,
		      struct imgtool_sign_result *res)
{
	uint8_t signer[BOOT_IMAGE_HASH_MAX];
	uint8_t pub[IMGTOOL_KEY_DER_MAX], rec[BOOT_RECORD_MAX];
	size_t pos = body, rec_len = 0, prot, pub_len;

	if (key_id(key, pub, &pub_len, signer))
		return -1;
	if (o->boot_record)
		rec_len = boot_record(o, signer, rec);
	prot = prot_size(o, rec_len);
	if (prot > UINT16_MAX) {
		tool_set_error("protected TLV area larger than 64 KiB");
		return -1;
	}
	write_header(buf, o, (uint32_t)(body - o->header_size), (uint16_t)prot);
	if (prot)
		put_protected(o, buf, &pos, prot, rec, rec_len);
	res->hashed_len = pos;
	res->hash_tlv = o->sha384 ? BOOT_TLV_SHA384 : BOOT_TLV_SHA256;
	res->digest_len = o->sha384 ? BOOT_IMAGE_SHA384_SIZE
				    : BOOT_IMAGE_HASH_SIZE;
	if (imgtool_hash(res->hash_tlv, buf, pos, res->digest))
		return -1;
	if (put_unprotected(o, buf, &pos, o->vector_only ? NULL : key, res))
		return -1;
	*len = pos;
	return check_fit(o, pos);
}

static size_t worst_case(const struct imgtool_sign_opts *o, size_t body)
{
	size_t n = body + UINT16_MAX + BOOT_TLV_INFO_SIZE;

	n += 2 * BOOT_TLV_HDR_SIZE + BOOT_IMAGE_HASH_MAX + IMGTOOL_KEY_DER_MAX;
	n += BOOT_TLV_HDR_SIZE + IMGTOOL_SIG_MAX;
	n += BOOT_TLV_HDR_SIZE + IMGTOOL_ENC_TLV_MAX + 15;
	return o->pad && n < o->slot_size ? o->slot_size : n;
}

/*
 * -E: the payload zero-padded to whole AES blocks (as imgtool), a
 * random image key and its TLV.
 */
static int enc_prepare(const struct imgtool_sign_opts *o, uint8_t *buf,
		       size_t *body, struct imgtool_sign_result *res)
{
	size_t pad;

	if (!o->enc)
		return 0;
	if (enc_keylen(o) != 16 && enc_keylen(o) != 32) {
		tool_set_error("--encrypt-keylen must be 128 or 256");
		return -1;
	}
	pad = (16 - (*body - o->header_size) % 16) % 16;
	memset(buf + *body, 0, pad);
	*body += pad;
	if (sodium_init() < 0) {
		tool_set_error("no random source");
		return -1;
	}
	randombytes_buf(res->enc_key, enc_keylen(o));
	return imgtool_enc_wrap(o->enc, o->enc_sha512, res->enc_key,
				enc_keylen(o), &res->enc_type, res->enc_tlv,
				&res->enc_tlv_len);
}

static void put_mem(void *ctx, size_t off, const uint8_t *src, size_t n)
{
	memcpy((uint8_t *)ctx + off, src, n);
}

void imgtool_trailer_fields(const struct imgtool_sign_opts *o,
			    void (*put)(void *ctx, size_t off,
					const uint8_t *src, size_t n),
			    void *ctx)
{
	uint8_t tail[TRAILER_MAGIC_SIZE + 32 + 32];
	uint32_t ma = o->trailer.max_align;
	size_t n = (TRAILER_MAGIC_SIZE + ma - 1) / ma * ma + ma;

	/* the magic in its max_align field, image_ok's field below it */
	memset(tail, imgtool_erased(o), n);
	trailer_write(&o->trailer, tail, n, o->confirm && !o->overwrite_only);
	if (o->confirm && !o->overwrite_only)
		put(ctx, o->slot_size - n, tail, ma);
	put(ctx, o->slot_size - TRAILER_MAGIC_SIZE,
	    tail + n - TRAILER_MAGIC_SIZE, TRAILER_MAGIC_SIZE);
}

int imgtool_image_build(const struct imgtool_sign_opts *o,
			const uint8_t *payload, size_t payload_len,
			const struct imgtool_key *key, uint8_t **out,
			size_t *out_len)
{
	return imgtool_image_build_ex(o, payload, payload_len, key, NULL, out,
				      out_len);
}

int imgtool_image_build_ex(const struct imgtool_sign_opts *o,
			   const uint8_t *payload, size_t payload_len,
			   const struct imgtool_key *key,
			   struct imgtool_sign_result *res, uint8_t **out,
			   size_t *out_len)
{
	struct imgtool_sign_result local;
	size_t body, len;
	uint8_t *buf;

	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));

	if (check_opts(o, payload_len))
		return -1;
	body = o->pad_header ? o->header_size + payload_len : payload_len;
	buf = malloc(worst_case(o, body));
	if (!buf) {
		tool_set_error("out of memory");
		return -1;
	}
	if (place_body(o, payload, payload_len, buf) ||
	    enc_prepare(o, buf, &body, res) ||
	    build_tlvs(o, buf, body, key, &len, res)) {
		free(buf);
		return -1;
	}
	/* the hash and signature cover the plaintext */
	if (o->enc && !o->enc_clear &&
	    boot_enc_ctr(res->enc_key, enc_keylen(o), 0,
			 buf + o->header_size, body - o->header_size)) {
		free(buf);
		tool_set_error("AES-CTR failed");
		return -1;
	}
	sodium_memzero(res->enc_key, sizeof(res->enc_key));
	if (o->pad) {
		memset(buf + len, imgtool_erased(o), o->slot_size - len);
		imgtool_trailer_fields(o, put_mem, buf);
		len = o->slot_size;
	}
	*out = buf;
	*out_len = len;
	return 0;
}
