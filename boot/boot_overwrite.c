/* SPDX-License-Identifier: Apache-2.0 */
/*
 * boot_go_overwrite(): MCUboot's overwrite-only upgrade for one image (see
 * boot/boot_modes.h). Order of flash work for an accepted request:
 *   1. erase the primary's trailer pages (its old state is void),
 *   2. for each page the image covers: erase it, copy it from the secondary,
 *   3. write image_ok then magic in the primary trailer (confirmed),
 *   4. erase the secondary's trailer pages (the request is gone),
 *   5. erase the secondary's first page (its header: nothing to copy again).
 * Until step 4 the secondary holds the request and its image unchanged, so
 * a power cut at any point before it makes the next boot start over at 1.
 * After step 4 the primary is complete and confirmed.
 */
#include <string.h>

#include "boot/boot_modes.h"
#include "boot/boot_slot.h"
#include "boot/bootutil_log.h"

struct ow_ctx {
	const struct boot_config *cfg;
	const struct flash_area *pri;
	const struct flash_area *sec;
	struct boot_trailer_layout lay_pri;
	struct boot_trailer_layout lay_sec;
	uint32_t sector_sz;
};

static int ow_init(struct ow_ctx *c, const struct boot_config *cfg)
{
	uint32_t sz;

	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->pri = cfg->primary;
	c->sec = cfg->secondary;
	if (c->pri == NULL || c->sec == NULL || cfg->validate == NULL) {
		return BOOT_ELAYOUT;
	}
	sz = flash_area_page_size(c->pri);
	if (sz == 0 || sz != flash_area_page_size(c->sec) ||
	    c->pri->size % sz != 0 || c->sec->size % sz != 0) {
		return BOOT_ELAYOUT;
	}
	c->sector_sz = sz;
	if (boot_trailer_layout_init(&c->lay_pri, c->pri, cfg->max_align,
				     cfg->max_sectors) != 0 ||
	    boot_trailer_layout_init(&c->lay_sec, c->sec, cfg->max_align,
				     cfg->max_sectors) != 0 ||
	    boot_first_trailer_sector(c->sec, &c->lay_sec) < 1) {
		return BOOT_ELAYOUT;
	}
	return 0;
}

/*
 * Largest image: it must leave both trailers' fields alone. No swap status
 * is kept here, so the trailer starts at swap_size, as imgtool sign
 * --overwrite-only sizes it for its fit check.
 */
static uint32_t max_image_size(const struct ow_ctx *c)
{
	uint32_t a = boot_swap_size_off(&c->lay_pri);
	uint32_t b = boot_swap_size_off(&c->lay_sec);

	return a < b ? a : b;
}

/* Trailer first (no request survives a cut), then the rest. */
static int erase_secondary(const struct ow_ctx *c)
{
	int rc = boot_erase_trailer_sectors(c->sec, &c->lay_sec);

	if (rc == 0) {
		rc = flash_area_erase(c->sec, 0,
				      boot_first_trailer_sector(c->sec,
								&c->lay_sec) *
					      c->sector_sz);
	}
	return rc;
}

static bool is_downgrade(const struct ow_ctx *c,
			 const struct boot_slot_info *sec_info)
{
	const struct boot_config *cfg = c->cfg;
	boot_validate_fn peek = cfg->peek != NULL ? cfg->peek : cfg->validate;
	struct boot_slot_info pri_info;

	/* no image in the primary (or a copy cut half-way): nothing to keep */
	if (cfg->downgrade == BOOT_DOWNGRADE_ALLOW ||
	    peek(c->pri, cfg->validate_user, &pri_info) != 0) {
		return false;
	}
	if (cfg->downgrade == BOOT_DOWNGRADE_BY_VERSION) {
		return boot_slot_info_cmp(sec_info, &pri_info) < 0;
	}
	return sec_info->security_counter < pri_info.security_counter;
}

/* The candidate in the secondary: true to copy it; a bad one is erased. */
static int check_candidate(const struct ow_ctx *c,
			   struct boot_slot_info *info, bool *use)
{
	const struct boot_config *cfg = c->cfg;
	const char *why = NULL;
	bool erased;
	int rc = boot_slot_header_erased(c->sec, &erased);

	*use = false;
	if (rc != 0) {
		return rc;
	}
	if (erased) {
		/* a request with no image: drop it so it is not read again */
		boot_log(cfg, BOOT_LOG_LEVEL_WRN,
			 "Secondary slot has a request but no image");
		return boot_erase_trailer_sectors(c->sec, &c->lay_sec);
	}
	if (cfg->validate(c->sec, cfg->validate_user, info) != 0) {
		why = "Image in the secondary slot is not valid!";
	} else if (info->image_size > max_image_size(c)) {
		why = "Image in the secondary slot is too large";
	} else if (is_downgrade(c, info)) {
		why = "insufficient version in secondary slot";
	} else if (!boot_deps_met(cfg, info)) {
		why = "Image in the secondary slot not installed";
	}
	if (why != NULL) {
		boot_log(cfg, BOOT_LOG_LEVEL_ERR, why);
		return erase_secondary(c);
	}
	*use = true;
	return 0;
}

static int copy_image(const struct ow_ctx *c, uint32_t size)
{
	uint32_t sz = c->sector_sz;
	uint32_t n_img = (size + sz - 1) / sz;
	uint32_t n_pri = c->pri->size / sz;
	uint32_t first = boot_first_trailer_sector(c->pri, &c->lay_pri);
	struct boot_log_line l;
	int rc = 0;

	if (boot_log_enabled(BOOT_LOG_LEVEL_INF)) {
		boot_log_line_init(&l);
		boot_log_add_str(&l, "Image 0 copying the secondary slot to "
				     "the primary slot: ");
		boot_log_add_hex(&l, size);
		boot_log_add_str(&l, " bytes");
		boot_log_emit(c->cfg, BOOT_LOG_LEVEL_INF, &l);
	}
	if (first < n_img) {
		first = n_img;
	}
	if (first < n_pri) {
		rc = flash_area_erase(c->pri, first * sz, (n_pri - first) * sz);
	}
	for (uint32_t s = 0; rc == 0 && s < n_img; s++) {
		uint32_t off = s * sz;

		rc = flash_area_erase(c->pri, off, sz);
		if (rc == 0) {
			rc = boot_slot_copy(c->sec, c->pri, off,
					    size - off < sz ? size - off : sz);
		}
	}
	return rc;
}

static int finish(const struct ow_ctx *c)
{
	int rc = boot_write_image_ok(c->pri, &c->lay_pri);

	if (rc == 0) {
		rc = boot_write_magic(c->pri, &c->lay_pri);
	}
	/* from here on the primary is the image: the request may go */
	if (rc == 0) {
		rc = boot_erase_trailer_sectors(c->sec, &c->lay_sec);
	}
	if (rc == 0) {
		rc = flash_area_erase(c->sec, 0, c->sector_sz);
	}
	return rc;
}

/* Swap type from the trailers; only TEST/PERM mean anything here. */
static int read_request(const struct ow_ctx *c, uint8_t *swap_type)
{
	struct boot_swap_state pri, sec;
	int rc = boot_read_swap_state(c->pri, &c->lay_pri, &pri);

	if (rc == 0) {
		rc = boot_read_swap_state(c->sec, &c->lay_sec, &sec);
	}
	if (rc != 0) {
		return rc;
	}
	boot_slot_log_state(c->cfg, "Primary image", &pri);
	boot_slot_log_state(c->cfg, "Secondary image", &sec);
	if (sec.magic == BOOT_MAGIC_BAD) {
		/* a request write or a trailer erase that lost power */
		boot_log(c->cfg, BOOT_LOG_LEVEL_WRN,
			 "Secondary trailer is torn: erasing it");
		rc = boot_erase_trailer_sectors(c->sec, &c->lay_sec);
		sec.magic = BOOT_MAGIC_UNSET;
		sec.image_ok = BOOT_FLAG_UNSET;
	}
	*swap_type = boot_swap_type_from_states(&pri, &sec);
	if (*swap_type != BOOT_SWAP_TYPE_TEST &&
	    *swap_type != BOOT_SWAP_TYPE_PERM) {
		*swap_type = BOOT_SWAP_TYPE_NONE; /* nothing to revert to */
	}
	return rc;
}

static int update_stage(const struct ow_ctx *c, uint8_t *swap_type)
{
	const struct boot_config *cfg = c->cfg;
	struct boot_slot_info info;
	bool use;
	int rc = read_request(c, swap_type);

	if (rc == 0 && *swap_type == BOOT_SWAP_TYPE_NONE && cfg->bootstrap &&
	    cfg->validate(c->pri, cfg->validate_user, &info) != 0) {
		*swap_type = BOOT_SWAP_TYPE_PERM; /* MCUBOOT_BOOTSTRAP */
	}
	if (rc != 0 || *swap_type == BOOT_SWAP_TYPE_NONE) {
		return rc;
	}
	boot_log(cfg, BOOT_LOG_LEVEL_INF,
		 *swap_type == BOOT_SWAP_TYPE_TEST
			 ? "Image index: 0, Swap type: test (overwrite)"
			 : "Image index: 0, Swap type: perm (overwrite)");
	rc = check_candidate(c, &info, &use);
	if (rc != 0 || !use) {
		*swap_type = BOOT_SWAP_TYPE_NONE;
		return rc;
	}
	rc = copy_image(c, info.image_size);
	return rc == 0 ? finish(c) : rc;
}

int boot_go_overwrite(const struct boot_config *cfg, struct boot_rsp *rsp)
{
	struct ow_ctx c;
	uint8_t swap_type = BOOT_SWAP_TYPE_NONE;
	int rc;

	memset(rsp, 0, sizeof(*rsp));
	rc = ow_init(&c, cfg);
	if (rc != 0) {
		boot_log(cfg, BOOT_LOG_LEVEL_ERR,
			 "Cannot upgrade: slots are not compatible");
		return rc;
	}
	rc = update_stage(&c, &swap_type);
	if (rc != 0) {
		return rc;
	}
	return boot_slot_boot_primary(cfg, rsp, swap_type);
}
