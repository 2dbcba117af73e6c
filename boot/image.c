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

/*
 * *sum = a + b when that stays inside the slot: BOOT_IMAGE_EOVERFLOW if
 * it wraps 32 bits, past_end if it goes beyond the slot's end.
 */
static int add_in_slot(const struct boot_image_reader *rd, uint32_t a,
		       uint32_t b, int past_end, uint32_t *sum)
{
	if (b > UINT32_MAX - a)
		return BOOT_IMAGE_EOVERFLOW;
	*sum = a + b;
	return *sum > rd->slot_size ? past_end : BOOT_IMAGE_OK;
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

int boot_image_read_chunks(const struct boot_image_reader *rd, uint32_t off,
			   uint32_t len, boot_image_chunk_fn fn, void *user)
{
	uint8_t buf[BOOT_IMAGE_CHUNK];
	uint32_t n;
	int rc;

	if (off > rd->slot_size || len > rd->slot_size - off)
		return BOOT_IMAGE_EREAD;
	while (len) {
		n = len < sizeof(buf) ? len : sizeof(buf);
		rc = boot_image_read(rd, off, buf, n);
		if (!rc)
			rc = fn(user, off, buf, n);
		if (rc)
			return rc;
		off += n;
		len -= n;
	}
	return BOOT_IMAGE_OK;
}

/*
 * struct boot_image_header mirrors the first 28 bytes of the on-flash
 * header (the last 4 are padding), so a little-endian CPU reads them
 * straight into it, as MCUboot does; a big-endian one decodes them.
 */
_Static_assert(sizeof(struct boot_image_header) == 28 &&
		       offsetof(struct boot_image_header, hdr_size) == 8 &&
		       offsetof(struct boot_image_header, img_size) == 12 &&
		       offsetof(struct boot_image_header, version) == 20,
	       "boot_image_header must match the on-flash layout");

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static int read_raw_header(const struct boot_image_reader *rd,
			   struct boot_image_header *hdr)
{
	return boot_image_read(rd, 0, hdr, sizeof(*hdr));
}
#else
static int read_raw_header(const struct boot_image_reader *rd,
			   struct boot_image_header *hdr)
{
	uint8_t raw[sizeof(*hdr)];
	int rc = boot_image_read(rd, 0, raw, sizeof(raw));

	if (rc)
		return rc;
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
	return BOOT_IMAGE_OK;
}
#endif

static int read_header(const struct boot_image_reader *rd,
		       struct boot_image_header *hdr)
{
	int rc;

	if (rd->slot_size < BOOT_IMAGE_HEADER_SIZE)
		return BOOT_IMAGE_ESLOT;
	rc = read_raw_header(rd, hdr);
	if (rc)
		return rc;
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

int boot_image_tlv_next(const struct boot_image_reader *rd,
			struct boot_image_tlv_iter *it,
			struct boot_image_tlv *tlv)
{
	uint8_t raw[BOOT_TLV_HDR_SIZE];
	int rc;

	if (it->pos >= it->end)
		return 0;
	if (it->end - it->pos < BOOT_TLV_HDR_SIZE)
		return BOOT_IMAGE_ETLV_ENTRY;
	rc = boot_image_read(rd, it->pos, raw, sizeof(raw));
	if (rc)
		return rc;
	tlv->present = true;
	tlv->type = get_le16(raw);
	tlv->len = get_le16(raw + 2);
	tlv->off = it->pos + BOOT_TLV_HDR_SIZE;
	if (tlv->len > it->end - tlv->off)
		return BOOT_IMAGE_ETLV_ENTRY;
	it->pos = tlv->off + tlv->len;
	return 1;
}

/*
 * The TLVs the parser records, one record (a struct boot_image_tlv of
 * info, at offset field) per kind, and the value lengths each may have.
 * All of them describe the hashed bytes, so they belong to the
 * unprotected area. The image key TLVs (ENC_*) take any length here: the
 * decryption code judges it and gives the reason.
 */
struct tlv_rule {
	uint8_t type;
	uint8_t field;
	uint16_t min_len;
	uint16_t max_len;
};

#define FIELD(f) offsetof(struct boot_image_info, f)
_Static_assert(FIELD(enc) <= UINT8_MAX, "tlv_rule.field is 8 bits");

static const struct tlv_rule tlv_rules[] = {
	/* the image hash's size; the validator checks that they match */
	{BOOT_TLV_KEYHASH, FIELD(key_id), BOOT_IMAGE_HASH_SIZE,
	 BOOT_IMAGE_SHA384_SIZE},
	{BOOT_TLV_PUBKEY, FIELD(key_id), 1, BOOT_IMAGE_PUBKEY_MAX},
	{BOOT_TLV_SHA256, FIELD(hash), BOOT_IMAGE_HASH_SIZE,
	 BOOT_IMAGE_HASH_SIZE},
	{BOOT_TLV_SHA384, FIELD(hash), BOOT_IMAGE_SHA384_SIZE,
	 BOOT_IMAGE_SHA384_SIZE},
	{BOOT_TLV_RSA2048_PSS, FIELD(sig), 256, 256},
	{BOOT_TLV_ECDSA_SIG, FIELD(sig), BOOT_IMAGE_ECDSA_SIG_MIN,
	 BOOT_IMAGE_ECDSA_SIG_MAX},
	{BOOT_TLV_RSA3072_PSS, FIELD(sig), 384, 384},
	{BOOT_TLV_ED25519, FIELD(sig), 64, 64},
	/* and the four other key kinds up to ENC_X25519_SHA512 */
	{BOOT_TLV_ENC_RSA2048, FIELD(enc), 0, UINT16_MAX},
};

static const struct tlv_rule *find_rule(uint16_t type)
{
	size_t i;

	if (type > BOOT_TLV_ENC_RSA2048 && type <= BOOT_TLV_ENC_X25519_SHA512)
		type = BOOT_TLV_ENC_RSA2048;
	for (i = 0; i < sizeof(tlv_rules) / sizeof(tlv_rules[0]); i++) {
		if (tlv_rules[i].type == type)
			return &tlv_rules[i];
	}
	return NULL;
}

static bool len_ok(const struct tlv_rule *r, uint16_t len)
{
	/* KEYHASH: one of the two, not the lengths between them */
	if (r->type == BOOT_TLV_KEYHASH)
		return len == r->min_len || len == r->max_len;
	return len >= r->min_len && len <= r->max_len;
}

/* The security counter: hashed (protected area only), 4 bytes, once. */
static int take_sec_cnt(const struct boot_image_reader *rd,
			struct boot_image_info *info, bool protected_area,
			const struct boot_image_tlv *t)
{
	uint8_t raw[4];
	int rc;

	if (!protected_area)
		return BOOT_IMAGE_ETLV_PLACE;
	if (t->len != sizeof(raw))
		return BOOT_IMAGE_ETLV_LEN;
	if (info->has_sec_cnt)
		return BOOT_IMAGE_ETLV_DUP;
	rc = boot_image_read(rd, t->off, raw, sizeof(raw));
	if (rc)
		return rc;
	info->sec_cnt = get_le32(raw);
	info->has_sec_cnt = true;
	return BOOT_IMAGE_OK;
}

/*
 * Record one TLV (see tlv_rules). Unknown types are skipped in either
 * area.
 */
static int take_tlv(const struct boot_image_reader *rd,
		    struct boot_image_info *info, bool protected_area,
		    const struct boot_image_tlv *t)
{
	const struct tlv_rule *r;
	struct boot_image_tlv *rec;

	/*
	 * A SHA-512 hash is skipped like any unknown TLV (SHA256 and SHA384
	 * are the ones checked), but remembered: such an image also sizes
	 * its KEYHASH that way: then the reason to give is the hash kind,
	 * not a TLV length. Two hash TLVs (SHA256 and SHA384) are a
	 * duplicate: one image has one digest.
	 */
	if (t->type == BOOT_TLV_SHA512) {
		info->other_hash = true;
		return BOOT_IMAGE_OK;
	}
	if (t->type == BOOT_TLV_SEC_CNT)
		return take_sec_cnt(rd, info, protected_area, t);
	r = find_rule(t->type);
	if (!r)
		return BOOT_IMAGE_OK;
	if (protected_area)
		return BOOT_IMAGE_ETLV_PLACE;
	if (!len_ok(r, t->len))
		return info->other_hash ? BOOT_IMAGE_EHASH_TYPE
					: BOOT_IMAGE_ETLV_LEN;
	rec = (struct boot_image_tlv *)((uint8_t *)info + r->field);
	if (rec->present)
		return BOOT_IMAGE_ETLV_DUP;
	*rec = *t;
	return BOOT_IMAGE_OK;
}

/*
 * Checks the info of the area at off (the protected one when
 * protected_area), records its entries and returns its end in *end.
 */
static int parse_area(const struct boot_image_reader *rd,
		      struct boot_image_info *info, bool protected_area,
		      uint32_t off, uint32_t *end)
{
	uint16_t want =
		protected_area ? BOOT_TLV_PROT_INFO_MAGIC : BOOT_TLV_INFO_MAGIC;
	struct boot_image_tlv_iter it;
	struct boot_image_tlv t;
	uint16_t magic, total;
	int rc;

	rc = read_info(rd, off, &magic, &total);
	if (rc)
		return rc;
	if (magic != want) {
		if (protected_area)
			return BOOT_IMAGE_EPROT_MAGIC;
		/* A protected area the header does not account for. */
		if (magic == BOOT_TLV_PROT_INFO_MAGIC &&
		    !info->hdr.protect_tlv_size)
			return BOOT_IMAGE_EPROT_SIZE;
		return BOOT_IMAGE_ETLV_MAGIC;
	}
	if (total < BOOT_TLV_INFO_SIZE)
		return BOOT_IMAGE_ETLV_INFO;
	rc = add_in_slot(rd, off, total, BOOT_IMAGE_ETLV_AREA, end);
	if (rc)
		return rc;
	if (protected_area && total != info->hdr.protect_tlv_size)
		return BOOT_IMAGE_EPROT_SIZE;
	it.pos = off + BOOT_TLV_INFO_SIZE;
	it.end = *end;
	while ((rc = boot_image_tlv_next(rd, &it, &t)) > 0) {
		rc = take_tlv(rd, info, protected_area, &t);
		if (rc)
			return rc;
	}
	return rc;
}

int boot_image_parse(const struct boot_image_reader *rd,
		     struct boot_image_info *info)
{
	struct boot_image_header *hdr = &info->hdr;
	uint32_t prot_off, prot_end;
	int rc;

	if (!rd || !rd->read || !info)
		return BOOT_IMAGE_EINVAL;
	memset(info, 0, sizeof(*info));
	rc = read_header(rd, hdr);
	if (!rc)
		rc = add_in_slot(rd, hdr->hdr_size, hdr->img_size,
				 BOOT_IMAGE_EIMG_SIZE, &prot_off);
	if (!rc)
		rc = add_in_slot(rd, prot_off, hdr->protect_tlv_size,
				 BOOT_IMAGE_EIMG_SIZE, &info->hashed_len);
	if (rc)
		return rc;
	if (hdr->protect_tlv_size) {
		if (hdr->protect_tlv_size < BOOT_TLV_INFO_SIZE)
			return BOOT_IMAGE_EPROT_SIZE;
		rc = parse_area(rd, info, true, prot_off, &prot_end);
		if (rc)
			return rc;
	}
	info->tlv_off = info->hashed_len;
	rc = parse_area(rd, info, false, info->tlv_off, &info->end);
	if (rc)
		return rc;
	if (info->hash.present)
		return BOOT_IMAGE_OK;
	return info->other_hash ? BOOT_IMAGE_EHASH_TYPE : BOOT_IMAGE_ENO_HASH;
}
