/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Flash map: named partitions (areas) of flash devices, like Zephyr's
 * flash_map. A map is a caller-owned array of areas; check it once with
 * flash_map_check() and then address each area with offsets relative to
 * its start. Errors are negative errno values: -EINVAL for a range outside
 * the area or a NULL area, otherwise whatever the device answers (see
 * storage/flash.h).
 */
#ifndef STORAGE_FLASH_MAP_H
#define STORAGE_FLASH_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "storage/flash.h"

struct flash_area {
	uint8_t id;
	const char *label; /* may be NULL: then not found by label */
	struct flash_dev *dev;
	uint32_t off;  /* from the device start, page aligned */
	uint32_t size; /* bytes, a non-zero multiple of the page size */
};

/* MCUboot's usual partition ids */
enum {
	FLASH_AREA_ID_BOOT = 0,
	FLASH_AREA_ID_IMAGE_0 = 1,
	FLASH_AREA_ID_IMAGE_1 = 2,
	FLASH_AREA_ID_SCRATCH = 3,
	FLASH_AREA_ID_STORAGE = 4,
};

/*
 * 0, or -EINVAL when an area has no device or no size, is not page
 * aligned (offset or size), leaves its device, overlaps another area of
 * the same device, or repeats another area's id or label.
 */
int flash_map_check(const struct flash_area *areas, size_t n);

/* The same, and *why (if why is not NULL) names the first problem found. */
int flash_map_check_why(const struct flash_area *areas, size_t n,
			const char **why);

/* NULL when not found. */
const struct flash_area *flash_map_by_id(const struct flash_area *areas,
					 size_t n, uint8_t id);
const struct flash_area *flash_map_by_label(const struct flash_area *areas,
					    size_t n, const char *label);

/* off is relative to the area; the whole range must lie inside it. */
int flash_area_read(const struct flash_area *fa, uint32_t off, void *buf,
		    size_t len);
int flash_area_write(const struct flash_area *fa, uint32_t off,
		     const void *buf, size_t len);
int flash_area_erase(const struct flash_area *fa, uint32_t off, size_t len);

/*
 * 1 when every byte of the range reads as the erased value, 0 when not,
 * negative on a read error. Reads through a small stack buffer.
 */
int flash_area_is_erased(const struct flash_area *fa, uint32_t off,
			 size_t len);

uint32_t flash_area_align(const struct flash_area *fa); /* write block size */
uint8_t flash_area_erased_val(const struct flash_area *fa);
uint32_t flash_area_page_size(const struct flash_area *fa);

#endif /* STORAGE_FLASH_MAP_H */
