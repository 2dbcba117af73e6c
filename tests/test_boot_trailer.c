/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trailer layout and fields at write alignments 4, 8, 16 and 32, the
 * swap-type table (every combination of decoded trailer states, through
 * flash), imgtool's padded trailers, and the application API.
 */
#include <errno.h>
#include <string.h>

#include "boot/bootutil.h"
#include "tests/test.h"
#include "tests/test_boot_fixture.h"

TEST_MAIN_DEFS;

static struct boot_fixture fx;

struct layout_case {
	uint32_t wbs, cfg_max, max_align, trailer_sz;
	uint32_t image_ok_end; /* distance of image_ok from the slot end */
};

/* trailer sizes as imgtool computes them (trailer-notes.txt) */
static const struct layout_case layouts[] = {
	{ 4, 0, 8, 1584, 24 },   { 8, 0, 8, 3120, 24 },
	{ 4, 16, 16, 1616, 32 }, { 4, 32, 32, 1696, 64 },
	{ 16, 0, 16, 6224, 32 }, { 32, 0, 32, 12448, 64 },
};

static void init_geo(uint32_t wbs, uint32_t max_align)
{
	struct bf_geometry g = { 4096, 16, 15, wbs, max_align };

	bf_init(&fx, &g);
}

static void test_layout(const struct layout_case *c)
{
	struct boot_trailer_layout lay;
	uint32_t end;

	init_geo(c->wbs, c->cfg_max);
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, c->cfg_max, 0), 0);
	end = fx.pri.size;
	CHECK_EQ(lay.max_align, c->max_align);
	CHECK_EQ(boot_trailer_sz(&lay), c->trailer_sz);
	CHECK_EQ(end - boot_magic_off(&lay), 16);
	CHECK_EQ(end - boot_image_ok_off(&lay), c->image_ok_end);
	CHECK_EQ(end - boot_copy_done_off(&lay), c->image_ok_end + c->max_align);
	CHECK_EQ(end - boot_swap_info_off(&lay),
		 c->image_ok_end + 2 * c->max_align);
	CHECK_EQ(end - boot_swap_size_off(&lay),
		 c->image_ok_end + 3 * c->max_align);
	CHECK_EQ(boot_status_off(&lay), end - c->trailer_sz);
	CHECK_EQ(boot_status_entries(&lay), 384);
}

static bool region_erased(const uint8_t *p, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		if (p[i] != 0xff) {
			return false;
		}
	}
	return true;
}

/* Each field lands where imgtool/MCUboot put it, padded with 0xff. */
static void test_fields(uint32_t wbs, uint32_t cfg_max)
{
	struct boot_trailer_layout lay;
	struct boot_swap_state st;
	uint8_t *slot, want[16];
	uint32_t size = 0, count = 0;
	uint8_t type = 0, num = 0;

	init_geo(wbs, cfg_max);
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, cfg_max, 0), 0);
	slot = bf_slot_mem(&fx, &fx.pri);
	CHECK_EQ(boot_read_swap_state(&fx.pri, &lay, &st), 0);
	CHECK_EQ(st.magic, BOOT_MAGIC_UNSET);
	CHECK_EQ(st.swap_type, BOOT_SWAP_TYPE_NONE);
	CHECK_EQ(st.copy_done, BOOT_FLAG_UNSET);
	CHECK_EQ(st.image_ok, BOOT_FLAG_UNSET);
	CHECK_EQ(boot_read_swap_size(&fx.pri, &lay, &size), -ENOENT);

	CHECK_EQ(boot_write_swap_info(&fx.pri, &lay, BOOT_SWAP_TYPE_REVERT, 3),
		 0);
	CHECK_EQ(boot_write_swap_size(&fx.pri, &lay, 0x12345678), 0);
	CHECK_EQ(boot_write_copy_done(&fx.pri, &lay), 0);
	CHECK_EQ(boot_write_image_ok(&fx.pri, &lay), 0);
	CHECK_EQ(boot_write_magic(&fx.pri, &lay), 0);

	CHECK_EQ(slot[boot_swap_info_off(&lay)], 0x34);
	CHECK_EQ(slot[boot_swap_size_off(&lay)], 0x78);
	CHECK_EQ(slot[boot_swap_size_off(&lay) + 3], 0x12);
	CHECK_EQ(slot[boot_copy_done_off(&lay)], 0x01);
	CHECK_EQ(slot[boot_image_ok_off(&lay)], 0x01);
	CHECK(region_erased(slot + boot_image_ok_off(&lay) + 1,
			    lay.max_align - 1));
	CHECK(region_erased(slot + boot_copy_done_off(&lay) + 1,
			    lay.max_align - 1));
	boot_magic_bytes(&lay, want);
	CHECK(memcmp(slot + fx.pri.size - 16, want, 16) == 0);
	if (lay.max_align == 8) {
		CHECK_EQ(want[0], 0x77);
		CHECK_EQ(want[15], 0x80);
	} else {
		CHECK_EQ(want[0], lay.max_align);
		CHECK_EQ(want[1], 0);
		CHECK_EQ(want[2], 0x2d);
		CHECK_EQ(want[15], 0x8a);
	}

	CHECK_EQ(boot_read_swap_state(&fx.pri, &lay, &st), 0);
	CHECK_EQ(st.magic, BOOT_MAGIC_GOOD);
	CHECK_EQ(st.swap_type, BOOT_SWAP_TYPE_REVERT);
	CHECK_EQ(st.image_num, 3);
	CHECK_EQ(st.copy_done, BOOT_FLAG_SET);
	CHECK_EQ(st.image_ok, BOOT_FLAG_SET);
	CHECK_EQ(boot_read_swap_size(&fx.pri, &lay, &size), 0);
	CHECK_EQ(size, 0x12345678);
	CHECK_EQ(boot_read_swap_info(&fx.pri, &lay, &type, &num), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_REVERT);

	/* a second write of a field is refused by the flash, nothing changes */
	CHECK_EQ(boot_write_image_ok(&fx.pri, &lay), -EROFS);
	CHECK_EQ(boot_write_magic(&fx.pri, &lay), -EROFS);

	/* status entries: first, a later one, out of range */
	CHECK_EQ(boot_read_status_count(&fx.pri, &lay, &count), 0);
	CHECK_EQ(count, 0);
	CHECK_EQ(boot_write_status_entry(&fx.pri, &lay, 0, 1), 0);
	CHECK_EQ(boot_read_status_count(&fx.pri, &lay, &count), 0);
	CHECK_EQ(count, 1);
	CHECK_EQ(slot[boot_status_off(&lay)], 1);
	CHECK_EQ(boot_write_status_entry(&fx.pri, &lay, 200, 2), 0);
	CHECK_EQ(slot[boot_status_off(&lay) + 200 * wbs], 2);
	CHECK_EQ(boot_read_status_count(&fx.pri, &lay, &count), 0);
	CHECK_EQ(count, 201);
	CHECK_EQ(boot_write_status_entry(&fx.pri, &lay, 383, 2), 0);
	CHECK_EQ(boot_read_status_count(&fx.pri, &lay, &count), 0);
	CHECK_EQ(count, 384);
	CHECK_EQ(boot_write_status_entry(&fx.pri, &lay, 384, 2), -EINVAL);

	/* trailer sectors erase back to unset without touching sector 0 */
	slot[0] = 0x5a;
	CHECK_EQ(boot_erase_trailer_sectors(&fx.pri, &lay), 0);
	CHECK_EQ(boot_read_swap_state(&fx.pri, &lay, &st), 0);
	CHECK_EQ(st.magic, BOOT_MAGIC_UNSET);
	CHECK_EQ(st.image_ok, BOOT_FLAG_UNSET);
	CHECK_EQ(boot_read_status_count(&fx.pri, &lay, &count), 0);
	CHECK_EQ(count, 0);
	CHECK_EQ(slot[0], 0x5a);
}

/*
 * Torn writes (flash_sim programs the first half of the range): a torn
 * magic reads BAD; a torn flag keeps its first byte when the write block
 * is 2 bytes or more (so it reads SET) and nothing with 1-byte blocks
 * (UNSET); a half-programmed flag byte reads BAD.
 */
static void test_torn(void)
{
	struct boot_trailer_layout lay;
	struct boot_swap_state st;
	uint8_t *slot;

	init_geo(8, 0);
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 0, 0), 0);
	slot = bf_slot_mem(&fx, &fx.pri);
	flash_sim_cut_power_at(&fx.sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(boot_write_magic(&fx.pri, &lay), -EIO);
	flash_sim_power_on(&fx.sim);
	CHECK_EQ(boot_read_swap_state(&fx.pri, &lay, &st), 0);
	CHECK_EQ(st.magic, BOOT_MAGIC_BAD);

	flash_sim_cut_power_at(&fx.sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(boot_write_image_ok(&fx.pri, &lay), -EIO);
	flash_sim_power_on(&fx.sim);
	CHECK_EQ(boot_read_image_ok(&fx.pri, &lay, &st.image_ok), 0);
	CHECK_EQ(st.image_ok, BOOT_FLAG_SET);

	flash_sim_cut_power_at(&fx.sim, 1, FLASH_SIM_CUT_BEFORE);
	CHECK_EQ(boot_write_copy_done(&fx.pri, &lay), -EIO);
	flash_sim_power_on(&fx.sim);
	CHECK_EQ(boot_read_copy_done(&fx.pri, &lay, &st.copy_done), 0);
	CHECK_EQ(st.copy_done, BOOT_FLAG_UNSET);

	slot[boot_copy_done_off(&lay)] = 0x03; /* some bits programmed */
	CHECK_EQ(boot_read_copy_done(&fx.pri, &lay, &st.copy_done), 0);
	CHECK_EQ(st.copy_done, BOOT_FLAG_BAD);
	slot[boot_magic_off(&lay) + 15] = 0x00; /* one byte off */
	CHECK_EQ(boot_read_magic(&fx.pri, &lay, &st.magic), 0);
	CHECK_EQ(st.magic, BOOT_MAGIC_BAD);

	init_geo(1, 0);
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 0, 0), 0);
	flash_sim_cut_power_at(&fx.sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(boot_write_image_ok(&fx.pri, &lay), -EIO);
	flash_sim_power_on(&fx.sim);
	CHECK_EQ(boot_read_image_ok(&fx.pri, &lay, &st.image_ok), 0);
	CHECK_EQ(st.image_ok, BOOT_FLAG_UNSET);
}

static void test_bad_layouts(void)
{
	struct boot_trailer_layout lay;
	struct bf_geometry tiny = { 1024, 2, 2, 8, 0 };

	init_geo(8, 0);
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 12, 0), -EINVAL);
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 128, 0), -EINVAL);
	bf_init(&fx, &tiny); /* 2 KiB slot < 3120-byte trailer */
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 0, 0), -EINVAL);
}

/* ---- swap-type table ---------------------------------------------- */

static void set_magic(uint8_t *slot, const struct boot_trailer_layout *lay,
		      uint8_t state)
{
	uint8_t *m = slot + boot_magic_off(lay);

	if (state == BOOT_MAGIC_GOOD) {
		boot_magic_bytes(lay, m);
	} else if (state == BOOT_MAGIC_BAD) {
		boot_magic_bytes(lay, m);
		m[7] ^= 0x10;
	}
}

static void set_flag(uint8_t *slot, uint32_t off, uint8_t state)
{
	if (state == BOOT_FLAG_SET) {
		slot[off] = 0x01;
	} else if (state == BOOT_FLAG_BAD) {
		slot[off] = 0x00;
	}
}

/* design.md "Boot swap types", states I-IV, written out independently. */
static uint8_t doc_swap_type(uint8_t pm, uint8_t pok, uint8_t pcd,
			     uint8_t sm, uint8_t sok)
{
	if (sm == BOOT_MAGIC_GOOD && sok == BOOT_FLAG_UNSET) {
		return BOOT_SWAP_TYPE_TEST; /* state I */
	}
	if (sm == BOOT_MAGIC_GOOD && sok == BOOT_FLAG_SET) {
		return BOOT_SWAP_TYPE_PERM; /* state II */
	}
	if (pm == BOOT_MAGIC_GOOD && pok == BOOT_FLAG_UNSET &&
	    pcd == BOOT_FLAG_SET && sm == BOOT_MAGIC_UNSET) {
		return BOOT_SWAP_TYPE_REVERT; /* state III */
	}
	return BOOT_SWAP_TYPE_NONE; /* state IV */
}

static void test_table_through_flash(void)
{
	static const uint8_t magics[] = { BOOT_MAGIC_GOOD, BOOT_MAGIC_BAD,
					  BOOT_MAGIC_UNSET };
	static const uint8_t flags[] = { BOOT_FLAG_SET, BOOT_FLAG_BAD,
					 BOOT_FLAG_UNSET };
	struct boot_trailer_layout lay, lay_sec;
	int rows = 0, per_type[6] = { 0 };

	init_geo(8, 0);
	CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 0, 0), 0);
	CHECK_EQ(boot_trailer_layout_init(&lay_sec, &fx.sec, 0, 0), 0);
	for (int a = 0; a < 3; a++)
	for (int b = 0; b < 3; b++)
	for (int c = 0; c < 3; c++)
	for (int d = 0; d < 3; d++)
	for (int e = 0; e < 3; e++)
	for (int g = 0; g < 3; g++) {
		uint8_t *pri = bf_slot_mem(&fx, &fx.pri);
		uint8_t *sec = bf_slot_mem(&fx, &fx.sec);
		uint8_t got = 0, want;

		memset(pri + fx.pri.size - 4096, 0xff, 4096);
		memset(sec + fx.sec.size - 4096, 0xff, 4096);
		set_magic(pri, &lay, magics[a]);
		set_flag(pri, boot_image_ok_off(&lay), flags[b]);
		set_flag(pri, boot_copy_done_off(&lay), flags[c]);
		set_magic(sec, &lay_sec, magics[d]);
		set_flag(sec, fx.sec.size - 24, flags[e]);
		/* secondary copy_done never matters */
		set_flag(sec, fx.sec.size - 32, flags[g]);
		want = doc_swap_type(magics[a], flags[b], flags[c], magics[d],
				     flags[e]);
		CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &got), 0);
		CHECK_EQ(got, want);
		per_type[got]++;
		rows++;
	}
	printf("swap-type table: %d trailer combinations checked "
	       "(none %d, test %d, perm %d, revert %d)\n", rows, per_type[1],
	       per_type[2], per_type[3], per_type[4]);
	CHECK_EQ(rows, 729);
	CHECK_EQ(per_type[BOOT_SWAP_TYPE_TEST], 81);
	CHECK_EQ(per_type[BOOT_SWAP_TYPE_PERM], 81);
	CHECK_EQ(per_type[BOOT_SWAP_TYPE_REVERT], 9);
}

/* The rows exactly as printed in design.md, through the state struct. */
static void test_table_rows(void)
{
	struct boot_swap_state p = { 0 }, s = { 0 };

	p = (struct boot_swap_state){ BOOT_MAGIC_BAD, 1, BOOT_FLAG_BAD,
				      BOOT_FLAG_SET, 0 };
	s = (struct boot_swap_state){ BOOT_MAGIC_GOOD, 1, BOOT_FLAG_SET,
				      BOOT_FLAG_UNSET, 0 };
	CHECK_EQ(boot_swap_type_from_states(&p, &s), BOOT_SWAP_TYPE_TEST);
	s.image_ok = BOOT_FLAG_SET;
	CHECK_EQ(boot_swap_type_from_states(&p, &s), BOOT_SWAP_TYPE_PERM);
	s.image_ok = BOOT_FLAG_BAD;
	CHECK_EQ(boot_swap_type_from_states(&p, &s), BOOT_SWAP_TYPE_NONE);
	p = (struct boot_swap_state){ BOOT_MAGIC_GOOD, 1, BOOT_FLAG_SET,
				      BOOT_FLAG_UNSET, 0 };
	s = (struct boot_swap_state){ BOOT_MAGIC_UNSET, 1, BOOT_FLAG_SET,
				      BOOT_FLAG_SET, 0 };
	CHECK_EQ(boot_swap_type_from_states(&p, &s), BOOT_SWAP_TYPE_REVERT);
	s.magic = BOOT_MAGIC_BAD;
	CHECK_EQ(boot_swap_type_from_states(&p, &s), BOOT_SWAP_TYPE_NONE);
	s.magic = BOOT_MAGIC_UNSET;
	p.image_ok = BOOT_FLAG_SET;
	CHECK_EQ(boot_swap_type_from_states(&p, &s), BOOT_SWAP_TYPE_NONE);
	p.image_ok = BOOT_FLAG_UNSET;
	p.copy_done = BOOT_FLAG_UNSET;
	CHECK_EQ(boot_swap_type_from_states(&p, &s), BOOT_SWAP_TYPE_NONE);
	CHECK(strcmp(boot_swap_type_str(BOOT_SWAP_TYPE_REVERT), "revert") == 0);
	CHECK(strcmp(boot_swap_type_str(BOOT_SWAP_TYPE_FAIL), "fail") == 0);
	CHECK(strcmp(boot_swap_type_str(0x77), "panic") == 0);
}

/* ---- imgtool's padded trailers ------------------------------------- */

static void test_imgtool_trailer(const char *tail, uint32_t max_align,
				 uint8_t image_ok, uint8_t want_type)
{
	struct bf_geometry g = { 4096, 97, 96, 4, max_align };
	uint8_t buf[256];
	struct boot_swap_state st;
	uint8_t type = 0;

	bf_init(&fx, &g);
	CHECK_EQ(fx.sec.size, 0x60000);
	CHECK_EQ(bf_load(tail, buf, sizeof(buf)), 256);
	memcpy(bf_slot_mem(&fx, &fx.sec) + fx.sec.size - 256, buf, 256);
	st = bf_state(&fx, &fx.sec);
	CHECK_EQ(st.magic, BOOT_MAGIC_GOOD);
	CHECK_EQ(st.image_ok, image_ok);
	CHECK_EQ(st.copy_done, BOOT_FLAG_UNSET);
	CHECK_EQ(st.swap_type, BOOT_SWAP_TYPE_NONE);
	CHECK_EQ(boot_pending_swap_type_ex(&fx.pri, &fx.sec, max_align, 0,
					   &type), 0);
	CHECK_EQ(type, want_type);
	/* read with the wrong max_align the magic does not match */
	CHECK_EQ(boot_pending_swap_type_ex(&fx.pri, &fx.sec,
					   max_align == 8 ? 16 : 8, 0, &type),
		 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_NONE);
}

/* ---- application API ---------------------------------------------- */

static void test_request_and_confirm(void)
{
	struct boot_swap_state st;
	uint8_t type = 0;
	bool ok = true;

	init_geo(8, 0);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	st = bf_state(&fx, &fx.sec);
	CHECK_EQ(st.magic, BOOT_MAGIC_GOOD);
	CHECK_EQ(st.image_ok, BOOT_FLAG_UNSET);
	CHECK_EQ(st.swap_type, BOOT_SWAP_TYPE_TEST);
	CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &type), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_TEST);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0); /* again: no-op */
	/*
	 * issue 12 defect 4: permanent after test stays test, as MCUboot's
	 * boot_set_pending(1) leaves a good magic alone.
	 */
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
	CHECK_EQ(bf_state(&fx, &fx.sec).image_ok, BOOT_FLAG_UNSET);
	CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &type), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_TEST);

	/* a permanent request stays permanent when test is asked after */
	init_geo(8, 0);
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
	CHECK_EQ(bf_state(&fx, &fx.sec).image_ok, BOOT_FLAG_SET);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(bf_state(&fx, &fx.sec).image_ok, BOOT_FLAG_SET);
	CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &type), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_PERM);

	/* a torn magic from an interrupted request: rewritten next time */
	init_geo(8, 0);
	flash_sim_cut_power_at(&fx.sim, 2, FLASH_SIM_CUT_TORN);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), -EIO);
	flash_sim_power_on(&fx.sim);
	CHECK_EQ(bf_state(&fx, &fx.sec).magic, BOOT_MAGIC_BAD);
	CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &type), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_NONE);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &type), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_TEST);

	/* perm request cut after image_ok, then a test request: clean test */
	init_geo(8, 0);
	flash_sim_cut_power_at(&fx.sim, 2, FLASH_SIM_CUT_BEFORE);
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), -EIO);
	flash_sim_power_on(&fx.sim);
	CHECK_EQ(bf_state(&fx, &fx.sec).image_ok, BOOT_FLAG_SET);
	CHECK_EQ(bf_state(&fx, &fx.sec).magic, BOOT_MAGIC_UNSET);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	st = bf_state(&fx, &fx.sec);
	CHECK_EQ(st.magic, BOOT_MAGIC_GOOD);
	CHECK_EQ(st.image_ok, BOOT_FLAG_UNSET);

	/* confirm: no magic = nothing to confirm; after a test swap = sets */
	init_geo(8, 0);
	CHECK_EQ(boot_is_image_confirmed(&fx.pri, &ok), 0);
	CHECK(!ok);
	CHECK_EQ(boot_confirm_image(&fx.pri), 0);
	CHECK_EQ(bf_state(&fx, &fx.pri).image_ok, BOOT_FLAG_UNSET);
	{
		struct boot_trailer_layout lay;

		CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 0, 0), 0);
		CHECK_EQ(boot_write_copy_done(&fx.pri, &lay), 0);
		CHECK_EQ(boot_write_magic(&fx.pri, &lay), 0);
	}
	CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &type), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_REVERT);
	CHECK_EQ(boot_confirm_image(&fx.pri), 0);
	CHECK_EQ(boot_is_image_confirmed(&fx.pri, &ok), 0);
	CHECK(ok);
	CHECK_EQ(boot_confirm_image(&fx.pri), 0); /* idempotent */
	CHECK_EQ(boot_pending_swap_type(&fx.pri, &fx.sec, &type), 0);
	CHECK_EQ(type, BOOT_SWAP_TYPE_NONE);

	/* bad magic in the primary: confirm refuses */
	bf_slot_mem(&fx, &fx.pri)[fx.pri.size - 1] = 0;
	CHECK_EQ(boot_confirm_image(&fx.pri), BOOT_EBADIMAGE);
	/* a flash that is off answers with its error */
	flash_sim_cut_power_at(&fx.sim, 1, FLASH_SIM_CUT_BEFORE);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), -EIO);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), -EIO);
	flash_sim_power_on(&fx.sim);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		test_layout(&layouts[i]);
		test_fields(layouts[i].wbs, layouts[i].cfg_max);
	}
	test_torn();
	test_bad_layouts();
	test_table_rows();
	test_table_through_flash();
	test_imgtool_trailer("vectors/boot/s3000-ed25519-pad-test.tail256.bin",
			     8, BOOT_FLAG_UNSET, BOOT_SWAP_TYPE_TEST);
	test_imgtool_trailer(
		"vectors/boot/s3000-ed25519-pad-confirm.tail256.bin", 8,
		BOOT_FLAG_SET, BOOT_SWAP_TYPE_PERM);
	test_imgtool_trailer(
		"vectors/boot/s3000-ecp256-maxalign16-pad-confirm.tail256.bin",
		16, BOOT_FLAG_SET, BOOT_SWAP_TYPE_PERM);
	test_imgtool_trailer(
		"vectors/boot/s3000-ecp256-maxalign32-pad-confirm.tail256.bin",
		32, BOOT_FLAG_SET, BOOT_SWAP_TYPE_PERM);
	test_request_and_confirm();
	return test_report("test_boot_trailer");
}
