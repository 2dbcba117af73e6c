/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MCUboot image parser: header and TLV areas, bounds-checked against the
 * slot. All offsets are computed with explicit overflow checks because
 * every length field comes from untrusted flash.
 */
#include "boot/image.h"

#include <string.h>

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/* *sum = a + b, or BOOT_IMAGE_EOVERFLOW if it wraps. */
static int add_u32(uint32_t a, uint32_t b, uint32_t *sum)
{
	if (b > UINT32_MAX - a)
		return BOOT_IMAGE_EOVERFLOW;
	*sum = a + b;
	return BOOT_IMAGE_OK;
}

int boot_image_read(const struct boot_image_reader *rd, uint32_t off, void *buf,
		    size_t len)
{
	if (off > rd->slot_size || len > rd->slot_size - off)
		return BOOT_IMAGE_EREAD;
	if (len == 0)
		return BOOT_IMAGE_OK;
	return rd->read(rd->ctx, off, buf, len) ? BOOT_IMAGE_EREAD
						: BOOT_IMAGE_OK;
}

static void decode_header(const uint8_t *raw, struct boot_image_header *hdr)
{
	hdr->magic = get_le32(raw + 0);
	hdr->load_addr = get_le32(raw + 4);
	hdr->hdr_size = get_le16(raw + 8);
	hdr->protect_tlv_size = get_le16(raw + 10);
	hdr->img_size = get_le32(raw + 12);
	hdr->flags = get_le32(raw + 16);
	hdr->version.major = raw[20];
	hdr->version.minor = raw[21];
	hdr->version.revision = get_le16(raw + 22);
	hdr->version.build = get_le32(raw + 24);
}

static int read_header(const struct boot_image_reader *rd,
		       struct boot_image_header *hdr)
{
	uint8_t raw[BOOT_IMAGE_HEADER_SIZE];
	int rc;

	if (rd->slot_size < BOOT_IMAGE_HEADER_SIZE)
		return BOOT_IMAGE_ESLOT;
	rc = boot_image_read(rd, 0, raw, sizeof(raw));
	if (rc)
		return rc;
	decode_header(raw, hdr);
	if (hdr->magic != BOOT_IMAGE_MAGIC)
		return BOOT_IMAGE_EMAGIC;
	if (hdr->hdr_size < BOOT_IMAGE_HEADER_SIZE)
		return BOOT_IMAGE_EHDR_SIZE;
	return BOOT_IMAGE_OK;
}

/* Reads a TLV info (magic, total) at off; the info must fit the slot. */
static int read_info(const struct boot_image_reader *rd, uint32_t off,
		     uint16_t *magic, uint16_t *total)
{
	uint8_t raw[BOOT_TLV_INFO_SIZE];
	int rc;

	if (off > rd->slot_size || rd->slot_size - off < BOOT_TLV_INFO_SIZE)
		return BOOT_IMAGE_ETLV_AREA;
	rc = boot_image_read(rd, off, raw, sizeof(raw));
	if (rc)
		return rc;
	*magic = get_le16(raw);
	*total = get_le16(raw + 2);
	return BOOT_IMAGE_OK;
}

/* Expected value length per known type; 0 means "range checked apart". */
static uint16_t fixed_len(uint16_t type)
{
	switch (type) {
	case BOOT_TLV_SHA256:
		return BOOT_IMAGE_HASH_SIZE;
	case BOOT_TLV_SHA384:
		return BOOT_IMAGE_SHA384_SIZE;
	case BOOT_TLV_RSA2048_PSS:
		return 256;
	case BOOT_TLV_RSA3072_PSS:
		return 384;
	case BOOT_TLV_ED25519:
		return 64;
	case BOOT_TLV_SEC_CNT:
		return 4;
	default:
		return 0;
	}
}

static bool len_ok(uint16_t type, uint16_t len)
{
	if (type == BOOT_TLV_ECDSA_SIG)
		return len >= BOOT_IMAGE_ECDSA_SIG_MIN &&
		       len <= BOOT_IMAGE_ECDSA_SIG_MAX;
	if (type == BOOT_TLV_PUBKEY)
		return len > 0 && len <= BOOT_IMAGE_PUBKEY_MAX;
	/* the image hash's size; the validator checks that they match */
	if (type == BOOT_TLV_KEYHASH)
		return len == BOOT_IMAGE_HASH_SIZE ||
		       len == BOOT_IMAGE_SHA384_SIZE;
	return len == fixed_len(type);
}

static bool is_sig_type(uint16_t type)
{
	return type == BOOT_TLV_RSA2048_PSS || type == BOOT_TLV_RSA3072_PSS ||
	       type == BOOT_TLV_ECDSA_SIG || type == BOOT_TLV_ED25519;
}

/* Which slot of info records this type; NULL for types kept elsewhere. */
static struct boot_image_tlv *tlv_slot(struct boot_image_info *info,
				       uint16_t type)
{
	if (type == BOOT_TLV_SHA256 || type == BOOT_TLV_SHA384)
		return &info->hash;
	if (type == BOOT_TLV_KEYHASH || type == BOOT_TLV_PUBKEY)
		return &info->key_id;
	if (is_sig_type(type))
		return &info->sig;
	return NULL;
}

static int take_sec_cnt(const struct boot_image_reader *rd,
			struct boot_image_info *info, uint32_t off)
{
	uint8_t raw[4];
	int rc;

	if (info->has_sec_cnt)
		return BOOT_IMAGE_ETLV_DUP;
	rc = boot_image_read(rd, off, raw, sizeof(raw));
	if (rc)
		return rc;
	info->sec_cnt = get_le32(raw);
	info->has_sec_cnt = true;
	return BOOT_IMAGE_OK;
}

/*
 * The image key TLV (MCUboot reads it from the unprotected area only);
 * its length is judged by the decryption code, which gives the reason.
 */
static int take_enc_tlv(struct boot_image_info *info, bool protected_area,
			uint16_t type, uint16_t len, uint32_t off)
{
	if (protected_area)
		return BOOT_IMAGE_ETLV_PLACE;
	if (info->enc.present)
		return BOOT_IMAGE_ETLV_DUP;
	info->enc.present = true;
	info->enc.type = type;
	info->enc.len = len;
	info->enc.off = off;
	return BOOT_IMAGE_OK;
}

/*
 * Record one TLV. The security counter must be hashed (protected area);
 * hash, key id and signature cannot be (they describe the hashed bytes).
 * Unknown types are skipped in either area.
 */
static int take_tlv(const struct boot_image_reader *rd,
		    struct boot_image_info *info, bool protected_area,
		    uint16_t type, uint16_t len, uint32_t off)
{
	struct boot_image_tlv *slot;

	/*
	 * A SHA-512 hash is skipped like any unknown TLV (SHA256 and SHA384
	 * are the ones checked), but remembered: such an image also sizes
	 * its KEYHASH that way: then the reason to give is the hash kind,
	 * not a TLV length. Two hash TLVs (SHA256 and SHA384) are a
	 * duplicate: one image has one digest.
	 */
	if (type == BOOT_TLV_SHA512) {
		info->other_hash = true;
		return BOOT_IMAGE_OK;
	}
	if (type == BOOT_TLV_SEC_CNT) {
		if (!protected_area)
			return BOOT_IMAGE_ETLV_PLACE;
		if (!len_ok(type, len))
			return BOOT_IMAGE_ETLV_LEN;
		return take_sec_cnt(rd, info, off);
	}
	if (type >= BOOT_TLV_ENC_RSA2048 && type <= BOOT_TLV_ENC_X25519_SHA512)
		return take_enc_tlv(info, protected_area, type, len, off);
	slot = tlv_slot(info, type);
	if (!slot)
		return BOOT_IMAGE_OK;
	if (protected_area)
		return BOOT_IMAGE_ETLV_PLACE;
	if (!len_ok(type, len))
		return info->other_hash ? BOOT_IMAGE_EHASH_TYPE
					: BOOT_IMAGE_ETLV_LEN;
	if (slot->present)
		return BOOT_IMAGE_ETLV_DUP;
	slot->present = true;
	slot->type = type;
	slot->len = len;
	slot->off = off;
	return BOOT_IMAGE_OK;
}

/* Walk the entries of an area [start + info, end); end is in the slot. */
static int walk_area(const struct boot_image_reader *rd,
		     struct boot_image_info *info, bool protected_area,
		     uint32_t start, uint32_t end)
{
	uint32_t pos = start + BOOT_TLV_INFO_SIZE;
	uint8_t raw[BOOT_TLV_HDR_SIZE];
	uint16_t type, len;
	int rc;

	while (pos < end) {
		if (end - pos < BOOT_TLV_HDR_SIZE)
			return BOOT_IMAGE_ETLV_ENTRY;
		rc = boot_image_read(rd, pos, raw, sizeof(raw));
		if (rc)
			return rc;
		type = get_le16(raw);
		len = get_le16(raw + 2);
		pos += BOOT_TLV_HDR_SIZE;
		if (len > end - pos)
			return BOOT_IMAGE_ETLV_ENTRY;
		rc = take_tlv(rd, info, protected_area, type, len, pos);
		if (rc)
			return rc;
		pos += len;
	}
	return BOOT_IMAGE_OK;
}

/* Checks an area's info at off and returns its end in *end. */
static int area_bounds(const struct boot_image_reader *rd, uint32_t off,
		       uint16_t want_magic, uint16_t *total, uint32_t *end)
{
	uint16_t magic;
	int rc;

	rc = read_info(rd, off, &magic, total);
	if (rc)
		return rc;
	if (magic != want_magic)
		return want_magic == BOOT_TLV_INFO_MAGIC
			       ? BOOT_IMAGE_ETLV_MAGIC
			       : BOOT_IMAGE_EPROT_MAGIC;
	if (*total < BOOT_TLV_INFO_SIZE)
		return BOOT_IMAGE_ETLV_INFO;
	rc = add_u32(off, *total, end);
	if (rc)
		return rc;
	if (*end > rd->slot_size)
		return BOOT_IMAGE_ETLV_AREA;
	return BOOT_IMAGE_OK;
}

static int parse_protected(const struct boot_image_reader *rd,
			   struct boot_image_info *info, uint32_t off)
{
	uint16_t size = info->hdr.protect_tlv_size;
	uint16_t magic, total;
	uint32_t end;
	int rc;

	if (size == 0) {
		/* A protected area the header does not account for. */
		rc = read_info(rd, off, &magic, &total);
		if (rc)
			return rc;
		return magic == BOOT_TLV_PROT_INFO_MAGIC ? BOOT_IMAGE_EPROT_SIZE
							 : BOOT_IMAGE_OK;
	}
	if (size < BOOT_TLV_INFO_SIZE)
		return BOOT_IMAGE_EPROT_SIZE;
	rc = area_bounds(rd, off, BOOT_TLV_PROT_INFO_MAGIC, &total, &end);
	if (rc)
		return rc;
	if (total != size)
		return BOOT_IMAGE_EPROT_SIZE;
	return walk_area(rd, info, true, off, end);
}

static int parse_unprotected(const struct boot_image_reader *rd,
			     struct boot_image_info *info)
{
	uint16_t total;
	int rc;

	rc = area_bounds(rd, info->tlv_off, BOOT_TLV_INFO_MAGIC, &total,
			 &info->end);
	if (rc)
		return rc;
	rc = walk_area(rd, info, false, info->tlv_off, info->end);
	if (rc)
		return rc;
	if (info->hash.present)
		return BOOT_IMAGE_OK;
	return info->other_hash ? BOOT_IMAGE_EHASH_TYPE : BOOT_IMAGE_ENO_HASH;
}

int boot_image_parse(const struct boot_image_reader *rd,
		     struct boot_image_info *info)
{
	uint32_t prot_off;
	int rc;

	if (!rd || !rd->read || !info)
		return BOOT_IMAGE_EINVAL;
	memset(info, 0, sizeof(*info));
	rc = read_header(rd, &info->hdr);
	if (rc)
		return rc;
	rc = add_u32(info->hdr.hdr_size, info->hdr.img_size, &prot_off);
	if (rc)
		return rc;
	if (prot_off > rd->slot_size)
		return BOOT_IMAGE_EIMG_SIZE;
	rc = add_u32(prot_off, info->hdr.protect_tlv_size, &info->hashed_len);
	if (rc)
		return rc;
	if (info->hashed_len > rd->slot_size)
		return BOOT_IMAGE_EIMG_SIZE;
	rc = parse_protected(rd, info, prot_off);
	if (rc)
		return rc;
	info->tlv_off = info->hashed_len;
	return parse_unprotected(rd, info);
}
