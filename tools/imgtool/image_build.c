/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/image_build.h"

#include <stdlib.h>
#include <string.h>

#include "boot/image_crypto.h"
#include "tools/imgtool/tool_error.h"

#define ERASED       0xff
#define SEC_CNT_AREA (BOOT_TLV_INFO_SIZE + BOOT_TLV_HDR_SIZE + 4U)

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

static void write_header(uint8_t *p, const struct imgtool_sign_opts *o,
			 uint32_t img_size, uint16_t prot_size)
{
	memset(p, 0, BOOT_IMAGE_HEADER_SIZE);
	put_le32(p + 0, BOOT_IMAGE_MAGIC);
	put_le16(p + 8, o->header_size);
	put_le16(p + 10, prot_size);
	put_le32(p + 12, img_size);
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
	memcpy(buf + *pos + 4, value, len);
	*pos += BOOT_TLV_HDR_SIZE + len;
}

/* Header + payload: with pad_header the header gap is erased flash. */
static int place_body(const struct imgtool_sign_opts *o, const uint8_t *in,
		      size_t in_len, uint8_t *buf)
{
	size_t i;

	if (o->pad_header) {
		memset(buf, ERASED, o->header_size);
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

/* Unprotected area: SHA256, then KEYHASH and the signature if keyed. */
static int put_unprotected(uint8_t *buf, size_t *pos,
			   const struct imgtool_key *key, const uint8_t *digest)
{
	uint8_t pub[IMGTOOL_KEY_DER_MAX], key_hash[BOOT_IMAGE_HASH_SIZE];
	uint8_t sig[IMGTOOL_SIG_MAX];
	size_t info = *pos, pub_len, sig_len;

	*pos += BOOT_TLV_INFO_SIZE;
	put_tlv(buf, pos, BOOT_TLV_SHA256, digest, BOOT_IMAGE_HASH_SIZE);
	if (key) {
		if (imgtool_key_public_raw(key, pub, sizeof(pub), &pub_len) ||
		    boot_crypto_sha256(pub, pub_len, key_hash) ||
		    imgtool_key_sign(key, digest, sig, sizeof(sig), &sig_len))
			return -1;
		put_tlv(buf, pos, BOOT_TLV_KEYHASH, key_hash, sizeof(key_hash));
		put_tlv(buf, pos, imgtool_key_sig_tlv(key), sig,
			(uint16_t)sig_len);
	}
	put_le16(buf + info, BOOT_TLV_INFO_MAGIC);
	put_le16(buf + info + 2, (uint32_t)(*pos - info));
	return 0;
}

static int check_fit(const struct imgtool_sign_opts *o, size_t len)
{
	uint64_t tsize = trailer_size(&o->trailer);

	if ((uint64_t)len + tsize > o->slot_size) {
		tool_set_error("image size (0x%zx) + trailer (0x%llx) exceeds "
			       "slot size 0x%x",
			       len, (unsigned long long)tsize, o->slot_size);
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
	return 0;
}

/* Everything up to the end of the TLVs, into buf sized for the worst case. */
static int build_tlvs(const struct imgtool_sign_opts *o, uint8_t *buf,
		      size_t body, const struct imgtool_key *key, size_t *len)
{
	uint8_t digest[BOOT_IMAGE_HASH_SIZE], cnt[4];
	size_t pos = body;
	uint16_t prot = o->has_sec_cnt ? SEC_CNT_AREA : 0;

	write_header(buf, o, (uint32_t)(body - o->header_size), prot);
	if (prot) {
		put_le16(buf + pos, BOOT_TLV_PROT_INFO_MAGIC);
		put_le16(buf + pos + 2, prot);
		pos += BOOT_TLV_INFO_SIZE;
		put_le32(cnt, o->sec_cnt);
		put_tlv(buf, &pos, BOOT_TLV_SEC_CNT, cnt, sizeof(cnt));
	}
	if (boot_crypto_sha256(buf, pos, digest)) {
		tool_set_error("SHA-256 failed");
		return -1;
	}
	if (put_unprotected(buf, &pos, key, digest))
		return -1;
	*len = pos;
	return check_fit(o, pos);
}

int imgtool_image_build(const struct imgtool_sign_opts *o,
			const uint8_t *payload, size_t payload_len,
			const struct imgtool_key *key, uint8_t **out,
			size_t *out_len)
{
	size_t body, len, cap;
	uint8_t *buf;

	if (check_opts(o, payload_len))
		return -1;
	body = o->pad_header ? o->header_size + payload_len : payload_len;
	cap = body + SEC_CNT_AREA + BOOT_TLV_INFO_SIZE +
	      2 * (BOOT_TLV_HDR_SIZE + BOOT_IMAGE_HASH_SIZE) +
	      BOOT_TLV_HDR_SIZE + IMGTOOL_SIG_MAX;
	if (o->pad && cap < o->slot_size)
		cap = o->slot_size;
	buf = malloc(cap);
	if (!buf) {
		tool_set_error("out of memory");
		return -1;
	}
	if (place_body(o, payload, payload_len, buf) ||
	    build_tlvs(o, buf, body, key, &len)) {
		free(buf);
		return -1;
	}
	if (o->pad) {
		memset(buf + len, ERASED, o->slot_size - len);
		trailer_write(&o->trailer, buf, o->slot_size, o->confirm);
		len = o->slot_size;
	}
	*out = buf;
	*out_len = len;
	return 0;
}
