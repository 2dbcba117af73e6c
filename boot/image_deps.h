/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dependency TLVs (type 0x40, MCUboot's struct image_dependency): a
 * 12-byte value in the protected TLV area, so covered by the image hash:
 *   image_id (1 byte), padding (3 bytes), minimum version (major, minor,
 *   revision LE16, build LE32).
 * An image may carry several. Read them only from an image that parsed
 * (boot_image_parse); trust them only after it validated.
 */
#ifndef BOOT_IMAGE_DEPS_H
#define BOOT_IMAGE_DEPS_H

#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"

#define BOOT_TLV_DEPENDENCY 0x40U
#define BOOT_TLV_DEPENDENCY_LEN 12U

struct boot_image_dep {
	uint8_t image_id;
	struct boot_image_version min_version;
};

/*
 * Fills out[0..max) with the image's dependencies in TLV order; *count is
 * how many the image has (may exceed max: only max are stored). Returns 0,
 * BOOT_IMAGE_ETLV_LEN for a dependency TLV that is not 12 bytes,
 * BOOT_IMAGE_EREAD, or BOOT_IMAGE_ETLV_ENTRY for an entry past the area
 * (only in an image that did not parse).
 */
int boot_image_read_deps(const struct boot_image_reader *rd,
			 const struct boot_image_info *info,
			 struct boot_image_dep *out, size_t max,
			 size_t *count);

#endif /* BOOT_IMAGE_DEPS_H */
