/* SPDX-License-Identifier: Apache-2.0 */
/* Flash map: checks, lookups, area-relative bounded access. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "storage/flash_map.h"
#include "storage/flash_sim.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

#define PAGE 4096u
#define SIZE (16 * PAGE)

static uint8_t mem[SIZE];
static uint8_t mem2[SIZE];
static uint8_t snap[SIZE];
static struct flash_sim sim, sim2;

static const struct flash_params geometry = {
	.size = SIZE,
	.page_size = PAGE,
	.write_block_size = 8,
	.erased_value = 0xff,
};

/* An MCUboot-like layout over 64 KiB: boot 16K, two 20K slots, scratch,
 * storage. */
static struct flash_area layout[] = {
	{ FLASH_AREA_ID_BOOT, "mcuboot", &sim.dev, 0, 4 * PAGE },
	{ FLASH_AREA_ID_IMAGE_0, "image-0", &sim.dev, 4 * PAGE, 5 * PAGE },
	{ FLASH_AREA_ID_IMAGE_1, "image-1", &sim.dev, 9 * PAGE, 5 * PAGE },
	{ FLASH_AREA_ID_SCRATCH, "image-scratch", &sim.dev, 14 * PAGE, PAGE },
	{ FLASH_AREA_ID_STORAGE, "storage", &sim.dev, 15 * PAGE, PAGE },
};
#define N_LAYOUT (sizeof(layout) / sizeof(layout[0]))

static void setup(void)
{
	memset(mem, 0xff, SIZE);
	memset(mem2, 0xff, SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &geometry), 0);
	CHECK_EQ(flash_sim_init(&sim2, mem2, &geometry), 0);
}

static void expect_bad(const struct flash_area *areas, size_t n,
		       const char *reason)
{
	const char *why = NULL;

	CHECK_EQ(flash_map_check(areas, n), -EINVAL);
	CHECK_EQ(flash_map_check_why(areas, n, &why), -EINVAL);
	CHECK(why != NULL && strcmp(why, reason) == 0);
	if (why != NULL && strcmp(why, reason) != 0) {
		fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", why, reason);
	}
}

static void test_check_good(void)
{
	const char *why = "unset";
	struct flash_area two_devs[] = {
		{ 1, "a", &sim.dev, 0, SIZE },
		{ 2, "b", &sim2.dev, 0, SIZE }, /* same range, other device */
		{ 3, NULL, &sim2.dev, 0, 0 },
	};

	CHECK_EQ(flash_map_check(layout, N_LAYOUT), 0);
	CHECK_EQ(flash_map_check_why(layout, N_LAYOUT, &why), 0);
	CHECK(why == NULL);
	CHECK_EQ(flash_map_check(two_devs, 2), 0);
	CHECK_EQ(flash_map_check(NULL, 0), 0);
	CHECK_EQ(flash_map_check(NULL, 1), -EINVAL);
	/* areas without labels do not clash with each other */
	two_devs[0].label = NULL;
	two_devs[1].label = NULL;
	CHECK_EQ(flash_map_check(two_devs, 2), 0);
	/* but an empty area is refused */
	expect_bad(two_devs, 3, "area is empty");
}

static void test_check_bad(void)
{
	struct flash_area a[2];

	/* overlap by one page, in either order */
	memcpy(a, &layout[1], sizeof(a));
	a[1].off -= PAGE;
	expect_bad(a, 2, "areas overlap");
	a[0] = layout[2];
	a[1] = layout[1];
	a[0].off -= PAGE;
	expect_bad(a, 2, "areas overlap");
	/* one area inside another */
	a[0] = layout[1];
	a[1] = layout[3];
	a[1].off = a[0].off + PAGE;
	expect_bad(a, 2, "areas overlap");

	/* not page aligned: offset, size */
	a[0] = layout[1];
	a[0].off += 8;
	expect_bad(a, 1, "area is not page aligned");
	a[0] = layout[1];
	a[0].size -= 8;
	expect_bad(a, 1, "area is not page aligned");

	/* out of the device: past the end, starting past it, wrapping */
	a[0] = layout[4];
	a[0].size = 2 * PAGE;
	expect_bad(a, 1, "area leaves its device");
	a[0].off = SIZE;
	a[0].size = PAGE;
	expect_bad(a, 1, "area leaves its device");
	a[0].off = UINT32_MAX - PAGE + 1; /* page aligned, off + size wraps */
	a[0].size = 2 * PAGE;
	expect_bad(a, 1, "area leaves its device");

	/* no device */
	a[0] = layout[0];
	a[0].dev = NULL;
	expect_bad(a, 1, "area has no device");

	/* duplicate id, duplicate label */
	a[0] = layout[1];
	a[1] = layout[2];
	a[1].id = a[0].id;
	expect_bad(a, 2, "two areas have the same id");
	a[1] = layout[2];
	a[1].label = "image-0";
	expect_bad(a, 2, "two areas have the same label");
}

static void test_lookup(void)
{
	CHECK(flash_map_by_id(layout, N_LAYOUT, FLASH_AREA_ID_IMAGE_1) ==
	      &layout[2]);
	CHECK(flash_map_by_id(layout, N_LAYOUT, FLASH_AREA_ID_STORAGE) ==
	      &layout[4]);
	CHECK(flash_map_by_id(layout, N_LAYOUT, 9) == NULL);
	/* n bounds the search */
	CHECK(flash_map_by_id(layout, 2, FLASH_AREA_ID_IMAGE_1) == NULL);
	CHECK(flash_map_by_label(layout, N_LAYOUT, "image-scratch") ==
	      &layout[3]);
	CHECK(flash_map_by_label(layout, N_LAYOUT, "mcuboot") == &layout[0]);
	CHECK(flash_map_by_label(layout, N_LAYOUT, "image") == NULL);
	CHECK(flash_map_by_label(layout, N_LAYOUT, "image-00") == NULL);
	CHECK(flash_map_by_label(layout, N_LAYOUT, NULL) == NULL);
	CHECK(flash_map_by_label(NULL, 3, "mcuboot") == NULL);
	CHECK(flash_map_by_id(NULL, 3, 0) == NULL);
}

static void test_properties(void)
{
	struct flash_params p0 = { 8192, 1024, 1, 0x00 };
	struct flash_sim other;
	struct flash_area fa = { 7, "x", &other.dev, 0, 8192 };

	CHECK_EQ(flash_area_align(&layout[1]), 8);
	CHECK_EQ(flash_area_erased_val(&layout[1]), 0xff);
	CHECK_EQ(flash_area_page_size(&layout[1]), PAGE);
	CHECK_EQ(flash_sim_init(&other, mem2, &p0), 0);
	CHECK_EQ(flash_area_align(&fa), 1);
	CHECK_EQ(flash_area_erased_val(&fa), 0x00);
	CHECK_EQ(flash_area_page_size(&fa), 1024);
}

static void test_access(void)
{
	const struct flash_area *slot = &layout[2];
	uint8_t buf[64], got[64];

	setup();
	memset(mem, 0x22, SIZE); /* programmed everywhere */
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (uint8_t)(i * 7 + 1);
	}

	/* erase the whole slot: neighbours stay */
	CHECK_EQ(flash_area_erase(slot, 0, slot->size), 0);
	CHECK_EQ(mem[slot->off - 1], 0x22);
	CHECK_EQ(mem[slot->off], 0xff);
	CHECK_EQ(mem[slot->off + slot->size - 1], 0xff);
	CHECK_EQ(mem[slot->off + slot->size], 0x22);

	/* offsets are area relative */
	CHECK_EQ(flash_area_write(slot, 16, buf, 32), 0);
	CHECK(memcmp(mem + slot->off + 16, buf, 32) == 0);
	CHECK_EQ(flash_area_read(slot, 16, got, 32), 0);
	CHECK(memcmp(got, buf, 32) == 0);
	/* the last block of the area */
	CHECK_EQ(flash_area_write(slot, slot->size - 8, buf, 8), 0);
	CHECK(memcmp(mem + slot->off + slot->size - 8, buf, 8) == 0);

	/* bounded by the area, though the device goes on */
	memcpy(snap, mem, SIZE);
	CHECK_EQ(flash_area_read(slot, slot->size, got, 1), -EINVAL);
	CHECK_EQ(flash_area_read(slot, slot->size - 4, got, 8), -EINVAL);
	CHECK_EQ(flash_area_read(slot, UINT32_MAX, got, 1), -EINVAL);
	CHECK_EQ(flash_area_write(slot, slot->size, buf, 8), -EINVAL);
	CHECK_EQ(flash_area_write(slot, slot->size - 8, buf, 16), -EINVAL);
	CHECK_EQ(flash_area_erase(slot, slot->size - PAGE, 2 * PAGE),
		 -EINVAL);
	CHECK_EQ(flash_area_erase(slot, slot->size, PAGE), -EINVAL);
	CHECK_EQ(flash_area_erase(slot, UINT32_MAX - PAGE + 1, 2 * PAGE),
		 -EINVAL);
	CHECK_EQ(flash_area_erase(NULL, 0, PAGE), -EINVAL);
	CHECK_EQ(flash_area_write(NULL, 0, buf, 8), -EINVAL);
	CHECK_EQ(flash_area_read(NULL, 0, got, 8), -EINVAL);
	/* device rules pass through */
	CHECK_EQ(flash_area_write(slot, 16, buf, 8), -EROFS);
	CHECK_EQ(flash_area_write(slot, 3, buf, 8), -EINVAL);
	CHECK_EQ(flash_area_erase(slot, 8, PAGE), -EINVAL);
	CHECK(memcmp(snap, mem, SIZE) == 0);
	/* zero length at the end is fine */
	CHECK_EQ(flash_area_read(slot, slot->size, got, 0), 0);

	/* an unchecked area whose end wraps cannot reach low addresses */
	struct flash_area wrap = { 9, "wrap", &sim.dev, UINT32_MAX - PAGE + 1,
				   2 * PAGE };

	CHECK_EQ(flash_area_erase(&wrap, PAGE, PAGE), -EINVAL);
	CHECK_EQ(flash_area_read(&wrap, PAGE, got, 8), -EINVAL);
	CHECK(memcmp(snap, mem, SIZE) == 0);
}

static void test_is_erased(void)
{
	const struct flash_area *slot = &layout[1];
	uint8_t one[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f };

	setup();
	CHECK_EQ(flash_area_is_erased(slot, 0, slot->size), 1);
	CHECK_EQ(flash_area_write(slot, 1000, one, 8), 0);
	CHECK_EQ(flash_area_is_erased(slot, 0, slot->size), 0);
	CHECK_EQ(flash_area_is_erased(slot, 0, 1007), 1);
	CHECK_EQ(flash_area_is_erased(slot, 0, 1008), 0);
	CHECK_EQ(flash_area_is_erased(slot, 1007, 1), 0);
	/* the programmed byte at every position of the read chunks */
	for (uint32_t start = 900; start <= 1007; start++) {
		CHECK_EQ(flash_area_is_erased(slot, start, 1008 - start), 0);
		CHECK_EQ(flash_area_is_erased(slot, start, 1007 - start), 1);
	}
	CHECK_EQ(flash_area_is_erased(slot, 1008, slot->size - 1008), 1);
	CHECK_EQ(flash_area_is_erased(slot, 0, 0), 1);
	CHECK_EQ(flash_area_is_erased(slot, 0, slot->size + 1), -EINVAL);
	/* a read error is passed on */
	flash_sim_cut_power_at(&sim, 1, FLASH_SIM_CUT_BEFORE);
	CHECK_EQ(flash_area_erase(slot, 0, PAGE), -EIO);
	CHECK_EQ(flash_area_is_erased(slot, 0, 8), -EIO);
	flash_sim_power_on(&sim);
	CHECK_EQ(flash_area_is_erased(slot, 0, 8), 1);
}

int main(void)
{
	setup();
	test_check_good();
	test_check_bad();
	test_lookup();
	test_properties();
	test_access();
	test_is_erased();
	return test_report("test_flash_map");
}
