/* SPDX-License-Identifier: Apache-2.0 */
/* Flash map: partition checks, lookups and area-relative access. */
#include "storage/flash_map.h"

#include <errno.h>
#include <stdbool.h>

/*
 * Why a map is refused. The checks name the problem by number and only
 * flash_map_check_why() turns it into words, so a bootloader that calls
 * flash_map_check() does not carry the strings.
 */
enum map_problem {
	MAP_OK,
	MAP_NO_AREAS,
	MAP_NO_DEVICE,
	MAP_EMPTY,
	MAP_UNALIGNED,
	MAP_OUTSIDE,
	MAP_OVERLAP,
	MAP_SAME_ID,
	MAP_SAME_LABEL,
};

static bool overlap(const struct flash_area *a, const struct flash_area *b)
{
	/* both are inside their device, so the sums cannot wrap */
	return a->dev == b->dev && a->off < b->off + b->size &&
	       b->off < a->off + a->size;
}

/*
 * Labels are short: a byte loop rather than strcmp(), whose newlib
 * version (word-at-a-time, 732 bytes on Cortex-M4) would be the largest
 * function a bootloader links for it.
 */
static bool str_eq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool same_label(const struct flash_area *a, const struct flash_area *b)
{
	return a->label != NULL && b->label != NULL && str_eq(a->label, b->label);
}

static enum map_problem check_one(const struct flash_area *fa)
{
	uint32_t page;

	if (fa->dev == NULL) {
		return MAP_NO_DEVICE;
	}
	if (fa->size == 0) {
		return MAP_EMPTY;
	}
	page = fa->dev->params.page_size;
	if (page == 0 || fa->off % page != 0 || fa->size % page != 0) {
		return MAP_UNALIGNED;
	}
	if (fa->off > fa->dev->params.size ||
	    fa->size > fa->dev->params.size - fa->off) {
		return MAP_OUTSIDE;
	}
	return MAP_OK;
}

static enum map_problem check_pair(const struct flash_area *a,
				   const struct flash_area *b)
{
	if (overlap(a, b)) {
		return MAP_OVERLAP;
	}
	if (a->id == b->id) {
		return MAP_SAME_ID;
	}
	if (same_label(a, b)) {
		return MAP_SAME_LABEL;
	}
	return MAP_OK;
}

static enum map_problem check_map(const struct flash_area *areas, size_t n)
{
	enum map_problem p;

	if (areas == NULL && n != 0) {
		return MAP_NO_AREAS;
	}
	for (size_t i = 0; i < n; i++) {
		p = check_one(&areas[i]);
		if (p != MAP_OK) {
			return p;
		}
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			p = check_pair(&areas[i], &areas[j]);
			if (p != MAP_OK) {
				return p;
			}
		}
	}
	return MAP_OK;
}

int flash_map_check_why(const struct flash_area *areas, size_t n,
			const char **why)
{
	static const char *const reasons[] = {
		[MAP_OK] = NULL,
		[MAP_NO_AREAS] = "no areas",
		[MAP_NO_DEVICE] = "area has no device",
		[MAP_EMPTY] = "area is empty",
		[MAP_UNALIGNED] = "area is not page aligned",
		[MAP_OUTSIDE] = "area leaves its device",
		[MAP_OVERLAP] = "areas overlap",
		[MAP_SAME_ID] = "two areas have the same id",
		[MAP_SAME_LABEL] = "two areas have the same label",
	};
	enum map_problem p = check_map(areas, n);

	if (why != NULL) {
		*why = reasons[p];
	}
	return p == MAP_OK ? 0 : -EINVAL;
}

int flash_map_check(const struct flash_area *areas, size_t n)
{
	return check_map(areas, n) == MAP_OK ? 0 : -EINVAL;
}

const struct flash_area *flash_map_by_id(const struct flash_area *areas,
					 size_t n, uint8_t id)
{
	for (size_t i = 0; areas != NULL && i < n; i++) {
		if (areas[i].id == id) {
			return &areas[i];
		}
	}
	return NULL;
}

const struct flash_area *flash_map_by_label(const struct flash_area *areas,
					    size_t n, const char *label)
{
	for (size_t i = 0; areas != NULL && label != NULL && i < n; i++) {
		if (areas[i].label != NULL && str_eq(areas[i].label, label)) {
			return &areas[i];
		}
	}
	return NULL;
}

static bool area_range_ok(const struct flash_area *fa, uint32_t off,
			  size_t len)
{
	/* an unchecked area must still not wrap around the device start */
	return fa != NULL && fa->dev != NULL &&
	       fa->size <= UINT32_MAX - fa->off && off <= fa->size &&
	       len <= fa->size - off;
}

int flash_area_read(const struct flash_area *fa, uint32_t off, void *buf,
		    size_t len)
{
	if (!area_range_ok(fa, off, len)) {
		return -EINVAL;
	}
	return flash_read(fa->dev, fa->off + off, buf, len);
}

int flash_area_write(const struct flash_area *fa, uint32_t off,
		     const void *buf, size_t len)
{
	if (!area_range_ok(fa, off, len)) {
		return -EINVAL;
	}
	return flash_write(fa->dev, fa->off + off, buf, len);
}

int flash_area_erase(const struct flash_area *fa, uint32_t off, size_t len)
{
	if (!area_range_ok(fa, off, len)) {
		return -EINVAL;
	}
	return flash_erase(fa->dev, fa->off + off, len);
}

int flash_area_is_erased(const struct flash_area *fa, uint32_t off,
			 size_t len)
{
	uint8_t chunk[32];
	uint8_t erased;
	int err;

	if (!area_range_ok(fa, off, len)) {
		return -EINVAL;
	}
	erased = fa->dev->params.erased_value;
	while (len > 0) {
		size_t n = len < sizeof(chunk) ? len : sizeof(chunk);

		err = flash_read(fa->dev, fa->off + off, chunk, n);
		if (err) {
			return err;
		}
		for (size_t i = 0; i < n; i++) {
			if (chunk[i] != erased) {
				return 0;
			}
		}
		off += n;
		len -= n;
	}
	return 1;
}

uint32_t flash_area_align(const struct flash_area *fa)
{
	return fa->dev->params.write_block_size;
}

uint8_t flash_area_erased_val(const struct flash_area *fa)
{
	return fa->dev->params.erased_value;
}

uint32_t flash_area_page_size(const struct flash_area *fa)
{
	return fa->dev->params.page_size;
}
