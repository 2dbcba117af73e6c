/* SPDX-License-Identifier: Apache-2.0 */
/* Swap-using-move engine: steps, status entries, resume (see swap_move.h). */
#include "boot/swap_move.h"

#include <errno.h>
#include <string.h>

#ifndef BOOT_COPY_BUF_SZ
#define BOOT_COPY_BUF_SZ 512
#endif

int swap_move_ctx_init(struct boot_swap_ctx *ctx,
		       const struct boot_config *cfg)
{
	const struct flash_area *pri = cfg->primary;
	const struct flash_area *sec = cfg->secondary;
	uint32_t sz;

	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = cfg;
	ctx->pri = pri;
	ctx->sec = sec;
	if (pri == NULL || sec == NULL || cfg->validate == NULL) {
		return BOOT_ELAYOUT;
	}
	sz = flash_area_page_size(pri);
	if (sz == 0 || sz != flash_area_page_size(sec) ||
	    sz % BOOT_COPY_BUF_SZ != 0 || pri->size % sz != 0 ||
	    sec->size % sz != 0) {
		return BOOT_ELAYOUT;
	}
	ctx->sector_sz = sz;
	ctx->pri_sectors = pri->size / sz;
	ctx->sec_sectors = sec->size / sz;
	if (ctx->pri_sectors != ctx->sec_sectors &&
	    ctx->pri_sectors != ctx->sec_sectors + 1) {
		return BOOT_ELAYOUT;
	}
	if (boot_trailer_layout_init(&ctx->lay_pri, pri, cfg->max_align,
				     cfg->max_sectors) != 0 ||
	    boot_trailer_layout_init(&ctx->lay_sec, sec, cfg->max_align,
				     cfg->max_sectors) != 0 ||
	    ctx->lay_pri.write_sz != ctx->lay_sec.write_sz ||
	    ctx->pri_sectors > ctx->lay_pri.max_sectors) {
		return BOOT_ELAYOUT;
	}
	if (cfg->enc != NULL) {
		if (!BOOT_ENC_IMAGES || cfg->enc->swap == NULL ||
		    boot_trailer_layout_set_enc(&ctx->lay_pri,
						cfg->enc->key_max) != 0 ||
		    boot_trailer_layout_set_enc(&ctx->lay_sec,
						cfg->enc->key_max) != 0) {
			return BOOT_ELAYOUT;
		}
		ctx->enc = &ctx->enc_state;
	}
	if (boot_first_trailer_sector(pri, &ctx->lay_pri) < 2) {
		return BOOT_ELAYOUT;
	}
	return 0;
}

void swap_move_status_reset(struct boot_status *bs)
{
	bs->op = BOOT_STATUS_OP_MOVE;
	bs->idx = 1;
	bs->state = 1;
}

bool swap_move_status_is_reset(const struct boot_status *bs)
{
	return bs->op == BOOT_STATUS_OP_MOVE && bs->idx == 1 && bs->state == 1;
}

/* Entry index of the step bs points at; moves first, then swaps. */
static uint32_t status_index(const struct boot_swap_ctx *ctx,
			     const struct boot_status *bs)
{
	uint32_t moves = ctx->lay_pri.max_sectors *
			 BOOT_STATUS_MOVE_STATE_COUNT;

	if (bs->op == BOOT_STATUS_OP_MOVE) {
		return (bs->idx - 1) * BOOT_STATUS_MOVE_STATE_COUNT +
		       (bs->state - 1u);
	}
	return moves + (bs->idx - 1) * BOOT_STATUS_SWAP_STATE_COUNT +
	       (bs->state - 1u);
}

int swap_move_read_status(const struct boot_swap_ctx *ctx,
			  struct boot_status *bs)
{
	uint32_t moves = ctx->lay_pri.max_sectors *
			 BOOT_STATUS_MOVE_STATE_COUNT;
	uint32_t count;
	int rc = boot_read_status_count(ctx->pri, &ctx->lay_pri, &count);

	if (rc != 0) {
		return rc;
	}
	/* count = steps done; bs points at the step after the last one */
	if (count == 0) {
		swap_move_status_reset(bs);
	} else if (count < moves) {
		bs->op = BOOT_STATUS_OP_MOVE;
		bs->idx = count / BOOT_STATUS_MOVE_STATE_COUNT + 1;
		bs->state = count % BOOT_STATUS_MOVE_STATE_COUNT + 1;
	} else {
		count -= moves;
		bs->op = BOOT_STATUS_OP_SWAP;
		bs->idx = count / BOOT_STATUS_SWAP_STATE_COUNT + 1;
		bs->state = (uint8_t)(count % BOOT_STATUS_SWAP_STATE_COUNT + 1);
	}
	return 0;
}

static uint32_t last_idx_for(const struct boot_swap_ctx *ctx, uint32_t size)
{
	uint32_t n = (size + ctx->sector_sz - 1) / ctx->sector_sz;

	return n == 0 ? 1 : n;
}

uint32_t swap_move_max_image_size(const struct boot_swap_ctx *ctx)
{
	/* the last moved sector must stay below the primary trailer */
	return (boot_first_trailer_sector(ctx->pri, &ctx->lay_pri) - 1) *
	       ctx->sector_sz;
}

/*
 * enc_slot >= 0: the bytes belong to that image of an encrypted swap at
 * image offset img_off (see struct boot_swap_enc): en/decrypted on the way.
 */
static int copy_region(const struct boot_swap_ctx *ctx,
		       const struct flash_area *src, uint32_t src_off,
		       const struct flash_area *dst, uint32_t dst_off,
		       uint32_t len, int enc_slot, uint32_t img_off)
{
	uint8_t buf[BOOT_COPY_BUF_SZ];

	for (uint32_t done = 0; done < len; done += sizeof(buf)) {
		int rc = flash_area_read(src, src_off + done, buf, sizeof(buf));

		if (rc == 0 && enc_slot >= 0 && swap_move_enc_on(ctx)) {
			rc = ctx->cfg->enc->swap->xform(ctx, enc_slot,
							img_off + done, buf,
							sizeof(buf));
		}
		if (rc == 0) {
			rc = flash_area_write(dst, dst_off + done, buf,
					      sizeof(buf));
		}
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/*
 * Erase + copy one whole sector. Between the slots the bytes are image
 * sector sec_idx of one image (enc_slot, or -1 within the primary).
 */
static int move_sector(const struct boot_swap_ctx *ctx,
		       const struct flash_area *src, uint32_t src_idx,
		       const struct flash_area *dst, uint32_t dst_idx,
		       int enc_slot, uint32_t sec_idx)
{
	uint32_t sz = ctx->sector_sz;
	int rc = flash_area_erase(dst, dst_idx * sz, sz);

	if (rc != 0) {
		return rc;
	}
	return copy_region(ctx, src, src_idx * sz, dst, dst_idx * sz, sz,
			   enc_slot, sec_idx * sz);
}

static int write_status(const struct boot_swap_ctx *ctx,
			const struct boot_status *bs)
{
	return boot_write_status_entry(ctx->pri, &ctx->lay_pri,
				       status_index(ctx, bs), bs->state);
}

/*
 * Primary trailer for a new swap (MCUboot swap_status_init): swap type,
 * image_ok when the secondary asks for a permanent swap, swap size, and the
 * magic last, so a good magic means the rest is complete.
 */
static int status_init(const struct boot_swap_ctx *ctx,
		       const struct boot_status *bs)
{
	struct boot_swap_state sec;
	int rc = boot_read_swap_state(ctx->sec, &ctx->lay_sec, &sec);

	if (rc == 0) {
		rc = boot_erase_trailer_sectors(ctx->pri, &ctx->lay_pri);
	}
	if (rc == 0) {
		rc = boot_write_swap_info(ctx->pri, &ctx->lay_pri,
					  bs->swap_type, 0);
	}
	if (rc == 0 && sec.image_ok == BOOT_FLAG_SET) {
		rc = boot_write_image_ok(ctx->pri, &ctx->lay_pri);
	}
	if (rc == 0) {
		rc = boot_write_swap_size(ctx->pri, &ctx->lay_pri,
					  bs->swap_size);
	}
	if (rc == 0 && swap_move_enc_on(ctx)) {
		rc = ctx->cfg->enc->swap->write_keys(ctx);
	}
	if (rc == 0) {
		rc = boot_write_magic(ctx->pri, &ctx->lay_pri);
	}
	return rc;
}

static int move_sector_up(const struct boot_swap_ctx *ctx,
			  struct boot_status *bs, uint32_t idx)
{
	int rc = 0;

	if (bs->idx == 1) {
		if (!bs->primary_source) {
			rc = status_init(ctx, bs);
			bs->primary_source = rc == 0;
		}
		/* the request in the secondary is now held by the primary */
		if (rc == 0) {
			rc = boot_erase_trailer_sectors(ctx->sec,
							&ctx->lay_sec);
		}
	}
	if (rc == 0) {
		rc = move_sector(ctx, ctx->pri, idx - 1, ctx->pri, idx, -1, 0);
	}
	if (rc == 0) {
		rc = write_status(ctx, bs);
	}
	if (rc == 0) {
		bs->idx++;
	}
	return rc;
}

static int swap_sectors(const struct boot_swap_ctx *ctx,
			struct boot_status *bs, uint32_t idx)
{
	int rc = 0;

	if (bs->state == 1) {
		/* the secondary's image, decrypted into the primary */
		rc = move_sector(ctx, ctx->sec, idx - 1, ctx->pri, idx - 1, 1,
				 idx - 1);
		if (rc == 0) {
			rc = write_status(ctx, bs);
		}
		if (rc != 0) {
			return rc;
		}
		bs->state = 2;
	}
	/* the primary's old image, re-encrypted into the secondary */
	rc = move_sector(ctx, ctx->pri, idx, ctx->sec, idx - 1, 0, idx - 1);
	if (rc == 0) {
		rc = write_status(ctx, bs);
	}
	if (rc == 0) {
		bs->idx++;
		bs->state = 1;
	}
	return rc;
}

/*
 * A revert starts with the status in the primary and an erased secondary
 * trailer. Re-initialising the primary trailer would open a window where
 * neither slot asks for anything; writing a permanent request into the
 * secondary first closes it (MCUboot's fixup_revert).
 */
static int fixup_revert(const struct boot_swap_ctx *ctx,
			const struct boot_status *bs)
{
	uint8_t magic;
	int rc;

	if (bs->swap_type != BOOT_SWAP_TYPE_REVERT ||
	    !swap_move_status_is_reset(bs)) {
		return 0;
	}
	rc = boot_read_magic(ctx->sec, &ctx->lay_sec, &magic);
	if (rc != 0 || magic != BOOT_MAGIC_UNSET) {
		return rc;
	}
	rc = boot_erase_trailer_sectors(ctx->sec, &ctx->lay_sec);
	if (rc == 0) {
		rc = boot_write_image_ok(ctx->sec, &ctx->lay_sec);
	}
	if (rc == 0) {
		rc = boot_write_swap_size(ctx->sec, &ctx->lay_sec,
					  bs->swap_size);
	}
	if (rc == 0) {
		rc = boot_write_magic(ctx->sec, &ctx->lay_sec);
	}
	return rc;
}

int swap_move_run(const struct boot_swap_ctx *ctx, struct boot_status *bs,
		  uint32_t copy_size)
{
	uint32_t last_idx = last_idx_for(ctx, copy_size);
	int rc;

	if (last_idx * ctx->sector_sz > swap_move_max_image_size(ctx)) {
		return BOOT_EBADIMAGE;
	}
	if (swap_move_enc_on(ctx)) {
		rc = ctx->cfg->enc->swap->load(ctx, bs, last_idx);
		if (rc != 0) {
			return rc;
		}
	}
	rc = fixup_revert(ctx, bs);
	if (rc != 0) {
		return rc;
	}
	if (bs->op == BOOT_STATUS_OP_MOVE) {
		for (uint32_t idx = last_idx; idx > 0; idx--) {
			if (idx + bs->idx <= last_idx + 1) {
				rc = move_sector_up(ctx, bs, idx);
				if (rc != 0) {
					return rc;
				}
			}
		}
		bs->idx = 1;
		bs->state = 1;
		bs->op = BOOT_STATUS_OP_SWAP;
	}
	for (uint32_t idx = bs->idx; idx <= last_idx; idx++) {
		rc = swap_sectors(ctx, bs, idx);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}
