/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dependency TLVs of a parsed image: the protected area walked again with
 * the parser's own iterator (boot_image_parse() has already checked that
 * its entries stay inside it).
 */
#include "boot/image_deps.h"

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int take_dep(const struct boot_image_reader *rd, uint32_t off,
		    struct boot_image_dep *dep)
{
	uint8_t raw[BOOT_TLV_DEPENDENCY_LEN];
	int rc = boot_image_read(rd, off, raw, sizeof(raw));

	if (rc) {
		return rc;
	}
	dep->image_id = raw[0];
	dep->min_version.major = raw[4];
	dep->min_version.minor = raw[5];
	dep->min_version.revision = le16(raw + 6);
	dep->min_version.build = le32(raw + 8);
	return BOOT_IMAGE_OK;
}

int boot_image_read_deps(const struct boot_image_reader *rd,
			 const struct boot_image_info *info,
			 struct boot_image_dep *out, size_t max, size_t *count)
{
	uint32_t start = info->hdr.hdr_size + info->hdr.img_size;
	struct boot_image_tlv_iter it = {
		.pos = start + BOOT_TLV_INFO_SIZE,
		.end = start + info->hdr.protect_tlv_size,
	};
	struct boot_image_tlv t;
	int rc;

	*count = 0;
	if (info->hdr.protect_tlv_size == 0) {
		return BOOT_IMAGE_OK;
	}
	while ((rc = boot_image_tlv_next(rd, &it, &t)) > 0) {
		if (t.type != BOOT_TLV_DEPENDENCY) {
			continue;
		}
		if (t.len != BOOT_TLV_DEPENDENCY_LEN) {
			return BOOT_IMAGE_ETLV_LEN;
		}
		if (*count < max) {
			rc = take_dep(rd, t.off, &out[*count]);
			if (rc) {
				return rc;
			}
		}
		(*count)++;
	}
	return rc;
}
