/* SPDX-License-Identifier: Apache-2.0 */
/*
 * boot_go(): one boot of an MCUboot-style swap-using-move bootloader for a
 * single image. The order follows MCUboot's loader: read both trailers,
 * resume an interrupted swap, or decide the swap type from the table and
 * validate the secondary before swapping; then validate the primary.
 */
#include <string.h>

#include "boot/bootutil.h"
#include "boot/boot_slot.h"
#include "boot/bootutil_log.h"
#include "boot/swap_move.h"

static void log_swap_type(const struct boot_config *cfg, uint8_t swap_type)
{
	struct boot_log_line l;

	if (!boot_log_enabled(BOOT_LOG_LEVEL_INF)) {
		return;
	}
	boot_log_line_init(&l);
	boot_log_add_str(&l, "Image index: 0, Swap type: ");
	boot_log_add_str(&l, boot_swap_type_str(swap_type));
	boot_log_emit(cfg, BOOT_LOG_LEVEL_INF, &l);
}

static bool is_upgrade(uint8_t swap_type)
{
	return swap_type == BOOT_SWAP_TYPE_TEST ||
	       swap_type == BOOT_SWAP_TYPE_PERM ||
	       swap_type == BOOT_SWAP_TYPE_REVERT;
}

/* Trailer first, so a cut leaves no request behind; then the rest. */
static int erase_secondary(const struct boot_swap_ctx *ctx)
{
	uint32_t first = boot_first_trailer_sector(ctx->sec, &ctx->lay_sec);
	int rc = boot_erase_trailer_sectors(ctx->sec, &ctx->lay_sec);

	if (rc == 0) {
		rc = flash_area_erase(ctx->sec, 0, first * ctx->sector_sz);
	}
	return rc;
}

enum slot_check {
	SLOT_OK,
	SLOT_EMPTY,    /* header erased: nothing to do, nothing erased */
	SLOT_REJECTED, /* invalid, too big or a downgrade: erased */
};

/* Size and version of the primary without a full validation when possible. */
static int peek_primary(const struct boot_swap_ctx *ctx,
			struct boot_slot_info *info)
{
	const struct boot_config *cfg = ctx->cfg;
	boot_validate_fn fn = cfg->peek != NULL ? cfg->peek : cfg->validate;

	return fn(ctx->pri, cfg->validate_user, info);
}

static bool is_downgrade(const struct boot_swap_ctx *ctx,
			 const struct boot_slot_info *sec_info)
{
	const struct boot_config *cfg = ctx->cfg;
	struct boot_slot_info pri_info;

	if (cfg->downgrade == BOOT_DOWNGRADE_ALLOW ||
	    peek_primary(ctx, &pri_info) != 0) {
		return false; /* nothing valid to protect */
	}
	if (cfg->downgrade == BOOT_DOWNGRADE_BY_VERSION) {
		return boot_slot_version_cmp(&sec_info->version,
					&pri_info.version) < 0;
	}
	return sec_info->security_counter < pri_info.security_counter;
}

/*
 * MCUboot's boot_validate_slot() for the secondary: an invalid image is
 * erased so it is not tried again. A revert brings back the older image on
 * purpose, so downgrade prevention applies to test/perm only.
 */
static int check_secondary(const struct boot_swap_ctx *ctx, uint8_t swap_type,
			   struct boot_slot_info *info, enum slot_check *res)
{
	const struct boot_config *cfg = ctx->cfg;
	bool erased;
	int rc = boot_slot_header_erased(ctx->sec, &erased);

	if (rc != 0) {
		return rc;
	}
	*res = SLOT_OK;
	if (erased) {
		*res = SLOT_EMPTY;
		return 0;
	}
	if (cfg->validate(ctx->sec, cfg->validate_user, info) != 0) {
		boot_log(cfg, BOOT_LOG_LEVEL_ERR,
			 "Image in the secondary slot is not valid!");
		*res = SLOT_REJECTED;
	} else if (info->image_size > swap_move_max_image_size(ctx)) {
		boot_log(cfg, BOOT_LOG_LEVEL_WRN,
			 "Not enough free space to run swap upgrade");
		*res = SLOT_REJECTED;
	} else if (swap_type != BOOT_SWAP_TYPE_REVERT &&
		   is_downgrade(ctx, info)) {
		boot_log(cfg, BOOT_LOG_LEVEL_ERR,
			 "insufficient version in secondary slot");
		*res = SLOT_REJECTED;
	} else if (swap_type != BOOT_SWAP_TYPE_REVERT &&
		   !boot_deps_met(cfg, info)) {
		*res = SLOT_REJECTED; /* reason logged */
	} else if (swap_move_enc_on(ctx) &&
		   cfg->enc->swap->check(ctx, swap_move_max_image_size(ctx)) !=
			   0) {
		boot_log(cfg, BOOT_LOG_LEVEL_ERR,
			 "Cannot load the image keys of the swap");
		*res = SLOT_REJECTED;
	}
	if (*res == SLOT_REJECTED) {
		rc = erase_secondary(ctx);
	}
	return rc;
}

/* Sets image_ok / copy_done in the primary after a finished swap. */
static int finish_swap(const struct boot_swap_ctx *ctx, uint8_t swap_type)
{
	struct boot_swap_state st;
	int rc = boot_read_swap_state(ctx->pri, &ctx->lay_pri, &st);

	if (rc == 0 && (swap_type == BOOT_SWAP_TYPE_PERM ||
			swap_type == BOOT_SWAP_TYPE_REVERT) &&
	    st.image_ok == BOOT_FLAG_UNSET) {
		rc = boot_write_image_ok(ctx->pri, &ctx->lay_pri);
	}
	if (rc == 0 && st.copy_done == BOOT_FLAG_UNSET) {
		rc = boot_write_copy_done(ctx->pri, &ctx->lay_pri);
	}
	return rc;
}

/* FAIL: keep booting the primary and make sure nothing reverts it. */
static int mark_primary_ok(const struct boot_swap_ctx *ctx)
{
	struct boot_swap_state st;
	int rc = boot_read_swap_state(ctx->pri, &ctx->lay_pri, &st);

	if (rc == 0 && st.magic == BOOT_MAGIC_UNSET) {
		rc = boot_write_magic(ctx->pri, &ctx->lay_pri);
	}
	if (rc == 0 && st.image_ok == BOOT_FLAG_UNSET) {
		rc = boot_write_image_ok(ctx->pri, &ctx->lay_pri);
	}
	return rc;
}

/* Size to swap: the larger of the two images (no primary image: 0). */
static uint32_t copy_size_for(const struct boot_swap_ctx *ctx,
			      const struct boot_slot_info *sec_info)
{
	struct boot_slot_info pri_info;
	uint32_t size = sec_info->image_size;

	if (peek_primary(ctx, &pri_info) == 0 &&
	    pri_info.image_size > size &&
	    pri_info.image_size <= swap_move_max_image_size(ctx)) {
		size = pri_info.image_size;
	}
	return size;
}

static int run_swap(const struct boot_swap_ctx *ctx, struct boot_status *bs,
		    uint8_t swap_type)
{
	int rc;

	boot_log(ctx->cfg, BOOT_LOG_LEVEL_INF,
		 "Starting swap using move algorithm.");
	bs->swap_type = swap_type;
	rc = swap_move_run(ctx, bs, bs->swap_size);
	if (rc == 0) {
		rc = finish_swap(ctx, swap_type);
	}
	return rc;
}

/* Status says a swap was under way: finish it, whatever the tables say. */
static int resume_swap(const struct boot_swap_ctx *ctx, struct boot_status *bs,
		       uint8_t *swap_type)
{
	int rc = boot_read_swap_size(ctx->pri, &ctx->lay_pri, &bs->swap_size);

	*swap_type = bs->swap_type;
	log_swap_type(ctx->cfg, *swap_type);
	if (rc != 0 || !is_upgrade(*swap_type)) {
		boot_log(ctx->cfg, BOOT_LOG_LEVEL_ERR, "panic!");
		*swap_type = BOOT_SWAP_TYPE_PANIC;
		return rc != 0 ? rc : BOOT_EBADIMAGE;
	}
	return run_swap(ctx, bs, *swap_type);
}

/*
 * A request over an empty primary (erased header): MCUboot installs it
 * only when built with MCUBOOT_BOOTSTRAP, and otherwise boots nothing.
 * Same here, so a board behaves as its MCUboot twin (cfg->bootstrap).
 */
static int check_empty_primary(const struct boot_swap_ctx *ctx,
			       uint8_t *swap_type)
{
	bool erased;
	int rc;

	if (ctx->cfg->bootstrap) {
		return 0;
	}
	rc = boot_slot_header_erased(ctx->pri, &erased);
	if (rc == 0 && erased) {
		boot_log(ctx->cfg, BOOT_LOG_LEVEL_WRN,
			 "Primary slot is empty: upgrade not done "
			 "(bootstrap disabled)");
		*swap_type = BOOT_SWAP_TYPE_NONE;
	}
	return rc;
}

/* Picks the swap type for a boot with no swap in progress. */
static int decide_swap(const struct boot_swap_ctx *ctx,
		       const struct boot_swap_state *pri,
		       const struct boot_swap_state *sec,
		       struct boot_status *bs, struct boot_slot_info *sec_info,
		       uint8_t *swap_type)
{
	enum slot_check res;
	bool from_primary = bs->swap_type != BOOT_SWAP_TYPE_NONE;
	int rc;

	/* swap_info in the primary: a swap was set up but made no step */
	*swap_type = from_primary ? bs->swap_type
				  : boot_swap_type_from_states(pri, sec);
	if (*swap_type == BOOT_SWAP_TYPE_NONE && ctx->cfg->bootstrap) {
		struct boot_slot_info pri_info;

		if (ctx->cfg->validate(ctx->pri, ctx->cfg->validate_user,
				       &pri_info) != 0) {
			*swap_type = BOOT_SWAP_TYPE_PERM;
		}
	}
	if (!is_upgrade(*swap_type)) {
		return 0;
	}
	if (!from_primary && *swap_type != BOOT_SWAP_TYPE_REVERT) {
		rc = check_empty_primary(ctx, swap_type);
		if (rc != 0 || !is_upgrade(*swap_type)) {
			return rc;
		}
	}
	rc = check_secondary(ctx, *swap_type, sec_info, &res);
	if (rc != 0) {
		return rc;
	}
	if (res != SLOT_OK) {
		*swap_type = from_primary ? BOOT_SWAP_TYPE_FAIL
					  : BOOT_SWAP_TYPE_NONE;
	}
	return 0;
}

/*
 * A bad magic in the secondary can only come from a trailer write that lost
 * power half-way: an application's request, or the permanent request a
 * revert writes first (fixup). Read as is, the table would drop that revert
 * for good. The trailer sectors never hold image data (swap_move limits the
 * image size), so they are erased and the table sees an unset magic: a torn
 * request did not happen, a torn revert fixup is redone.
 */
static int clear_torn_secondary_trailer(const struct boot_swap_ctx *ctx,
					struct boot_swap_state *sec)
{
	int rc;

	boot_log(ctx->cfg, BOOT_LOG_LEVEL_WRN,
		 "Secondary trailer is torn: erasing it");
	rc = boot_erase_trailer_sectors(ctx->sec, &ctx->lay_sec);
	if (rc == 0) {
		rc = boot_read_swap_state(ctx->sec, &ctx->lay_sec, sec);
	}
	return rc;
}

static int update_stage(const struct boot_swap_ctx *ctx, uint8_t *swap_type)
{
	const struct boot_config *cfg = ctx->cfg;
	struct boot_swap_state pri, sec;
	struct boot_slot_info sec_info;
	struct boot_status bs;
	int rc;

	memset(&bs, 0, sizeof(bs));
	swap_move_status_reset(&bs);
	bs.swap_type = BOOT_SWAP_TYPE_NONE;
	rc = boot_read_swap_state(ctx->pri, &ctx->lay_pri, &pri);
	if (rc == 0) {
		rc = boot_read_swap_state(ctx->sec, &ctx->lay_sec, &sec);
	}
	if (rc != 0) {
		return rc;
	}
	boot_slot_log_state(cfg, "Primary image", &pri);
	boot_slot_log_state(cfg, "Secondary image", &sec);
	if (sec.magic == BOOT_MAGIC_BAD) {
		rc = clear_torn_secondary_trailer(ctx, &sec);
		if (rc != 0) {
			return rc;
		}
	}
	if (pri.magic == BOOT_MAGIC_GOOD && pri.copy_done == BOOT_FLAG_UNSET &&
	    sec.magic != BOOT_MAGIC_GOOD) {
		boot_log(cfg, BOOT_LOG_LEVEL_INF, "Boot source: primary slot");
		bs.primary_source = true;
		bs.swap_type = pri.swap_type;
		rc = swap_move_read_status(ctx, &bs);
		if (rc != 0) {
			return rc;
		}
	} else {
		boot_log(cfg, BOOT_LOG_LEVEL_INF, "Boot source: none");
	}
	if (!swap_move_status_is_reset(&bs)) {
		return resume_swap(ctx, &bs, swap_type);
	}
	rc = decide_swap(ctx, &pri, &sec, &bs, &sec_info, swap_type);
	if (rc != 0) {
		return rc;
	}
	log_swap_type(cfg, *swap_type);
	if (*swap_type == BOOT_SWAP_TYPE_FAIL) {
		return mark_primary_ok(ctx);
	}
	if (!is_upgrade(*swap_type)) {
		return 0;
	}
	bs.swap_size = copy_size_for(ctx, &sec_info);
	return run_swap(ctx, &bs, *swap_type);
}

int boot_go(const struct boot_config *cfg, struct boot_rsp *rsp)
{
	struct boot_swap_ctx ctx;
	uint8_t swap_type = BOOT_SWAP_TYPE_NONE;
	int rc;

	memset(rsp, 0, sizeof(*rsp));
	rc = swap_move_ctx_init(&ctx, cfg);
	if (rc != 0) {
		boot_log(cfg, BOOT_LOG_LEVEL_ERR,
			 "Cannot upgrade: slots are not compatible");
		return rc;
	}
	rc = update_stage(&ctx, &swap_type);
	if (rc != 0) {
		return rc;
	}
	return boot_slot_boot_primary(cfg, rsp, swap_type);
}
