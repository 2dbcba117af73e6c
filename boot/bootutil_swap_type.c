/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The swap-type decision of MCUboot's docs/design.md ("Boot swap types"):
 * rows are tried in order and the first match wins.
 *
 *   row  primary magic/image_ok/copy_done   secondary magic/image_ok  result
 *   I    any    / any  / any                good  / unset (0xff)      TEST
 *   II   any    / any  / any                good  / 0x01              PERM
 *   III  good   / unset/ 0x01               unset / any               REVERT
 *   IV   anything else                                                NONE
 *
 * FAIL and PANIC are not table results: they come from validation and
 * flash errors in the loader.
 */
#include "boot/bootutil.h"

struct swap_row {
	uint8_t magic_pri, image_ok_pri, copy_done_pri;
	uint8_t magic_sec, image_ok_sec;
	uint8_t swap_type;
};

static const struct swap_row swap_rows[] = {
	{ BOOT_MAGIC_ANY, BOOT_FLAG_ANY, BOOT_FLAG_ANY,
	  BOOT_MAGIC_GOOD, BOOT_FLAG_UNSET, BOOT_SWAP_TYPE_TEST },
	{ BOOT_MAGIC_ANY, BOOT_FLAG_ANY, BOOT_FLAG_ANY,
	  BOOT_MAGIC_GOOD, BOOT_FLAG_SET, BOOT_SWAP_TYPE_PERM },
	{ BOOT_MAGIC_GOOD, BOOT_FLAG_UNSET, BOOT_FLAG_SET,
	  BOOT_MAGIC_UNSET, BOOT_FLAG_ANY, BOOT_SWAP_TYPE_REVERT },
};

static bool magic_matches(uint8_t want, uint8_t got)
{
	if (want == BOOT_MAGIC_ANY) {
		return true;
	}
	if (want == BOOT_MAGIC_NOTGOOD) {
		return got != BOOT_MAGIC_GOOD;
	}
	return want == got;
}

static bool flag_matches(uint8_t want, uint8_t got)
{
	return want == BOOT_FLAG_ANY || want == got;
}

uint8_t boot_swap_type_from_states(const struct boot_swap_state *pri,
				   const struct boot_swap_state *sec)
{
	for (size_t i = 0; i < sizeof(swap_rows) / sizeof(swap_rows[0]); i++) {
		const struct swap_row *r = &swap_rows[i];

		if (magic_matches(r->magic_pri, pri->magic) &&
		    flag_matches(r->image_ok_pri, pri->image_ok) &&
		    flag_matches(r->copy_done_pri, pri->copy_done) &&
		    magic_matches(r->magic_sec, sec->magic) &&
		    flag_matches(r->image_ok_sec, sec->image_ok)) {
			return r->swap_type;
		}
	}
	return BOOT_SWAP_TYPE_NONE;
}

const char *boot_swap_type_str(uint8_t swap_type)
{
	switch (swap_type) {
	case BOOT_SWAP_TYPE_NONE:
		return "none";
	case BOOT_SWAP_TYPE_TEST:
		return "test";
	case BOOT_SWAP_TYPE_PERM:
		return "perm";
	case BOOT_SWAP_TYPE_REVERT:
		return "revert";
	case BOOT_SWAP_TYPE_FAIL:
		return "fail";
	default:
		return "panic";
	}
}

int boot_slot_version_cmp(const struct boot_slot_version *a,
			  const struct boot_slot_version *b)
{
	if (a->major != b->major) {
		return a->major < b->major ? -1 : 1;
	}
	if (a->minor != b->minor) {
		return a->minor < b->minor ? -1 : 1;
	}
	if (a->revision != b->revision) {
		return a->revision < b->revision ? -1 : 1;
	}
	return 0;
}
