/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The encrypted part of swap-using-move (MCUboot's MCUBOOT_ENC_IMAGES):
 * which bytes of a copy are payload, with which key, and where the keys
 * come from. The crypto is behind boot_config.enc (boot/bootutil.h).
 */
#include <errno.h>
#include <string.h>

#include "boot/swap_move.h"

#define HDR_MAGIC      0x96f3b83dU
#define HDR_F_AES128   0x00000004U
#define HDR_F_AES256   0x00000008U
#define HDR_READ_SZ    20U

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * The header of image `slot` (0: the primary's at swap start, 1: the
 * secondary's), found where the swap steps done so far have put it
 * (MCUboot's swap-move boot_read_image_header): during the moves the
 * primary's header is in primary sector 0 until the last move copied it
 * to sector 1 (sector 0 may be half-rewritten after that); once sector
 * pairs are swapped, each image's sector 0 is in the other slot.
 */
static void header_place(const struct boot_swap_ctx *ctx,
			 const struct boot_status *bs, uint32_t last_idx,
			 int slot, const struct flash_area **fa, uint32_t *off)
{
	*fa = slot == 0 ? ctx->pri : ctx->sec;
	*off = 0;
	if (swap_move_status_is_reset(bs)) {
		return;
	}
	if (bs->op == BOOT_STATUS_OP_MOVE) {
		if (slot == 0 && bs->idx > last_idx) {
			*off = ctx->sector_sz;
		}
	} else if (bs->idx == 1) {
		if (slot == 0) {
			*off = ctx->sector_sz;
		} else if (bs->state == 2) {
			*fa = ctx->pri;
		}
	} else {
		*fa = slot == 0 ? ctx->sec : ctx->pri;
	}
}

/* Payload bounds and key length of the image whose header is at fa:off. */
static int read_geometry(const struct boot_swap_ctx *ctx, int slot,
			 const struct flash_area *fa, uint32_t off)
{
	struct boot_swap_enc *e = ctx->enc;
	uint8_t h[HDR_READ_SZ];
	uint32_t flags;
	int rc = flash_area_read(fa, off, h, sizeof(h));

	e->on[slot] = false;
	if (rc != 0) {
		return rc;
	}
	flags = le32(h + 16);
	if (le32(h) != HDR_MAGIC || !(flags & (HDR_F_AES128 | HDR_F_AES256))) {
		return 0; /* no image or a clear one: copied as it is */
	}
	if ((flags & HDR_F_AES128) && (flags & HDR_F_AES256)) {
		return BOOT_EBADIMAGE;
	}
	e->on[slot] = true;
	e->key_len[slot] = (flags & HDR_F_AES256) ? 32 : 16;
	e->start[slot] = (uint32_t)h[8] | (uint32_t)h[9] << 8;
	e->end[slot] = e->start[slot] + le32(h + 12);
	return 0;
}

/* A new swap: the key from the image's own key TLV. */
static int key_from_tlv(const struct boot_swap_ctx *ctx, int slot,
			const struct flash_area *fa)
{
	const struct boot_enc_ops *ops = ctx->cfg->enc;
	struct boot_swap_enc *e = ctx->enc;
	uint8_t len = 0;
	int rc = ops->load_key(ops->user, fa, e->key[slot], &len);

	if (rc == 0 && len != e->key_len[slot]) {
		rc = BOOT_EBADIMAGE;
	}
	return rc;
}

/* A resume: the key the swap's setup saved in the primary trailer. */
static int key_from_trailer(const struct boot_swap_ctx *ctx, int slot)
{
	struct boot_swap_enc *e = ctx->enc;
	uint8_t field[64];
	bool erased;
	int rc;

	if (ctx->lay_pri.enc_key_sz > sizeof(field)) {
		return -EINVAL;
	}
	rc = boot_read_enc_key(ctx->pri, &ctx->lay_pri, slot, field, &erased);
	if (rc != 0) {
		return rc;
	}
	if (erased || ctx->lay_pri.enc_key_sz < e->key_len[slot]) {
		return BOOT_EBADIMAGE;
	}
	memcpy(e->key[slot], field, e->key_len[slot]);
	return 0;
}

/* The keys are in the primary trailer once a step has been recorded. */
static bool swap_enc_is_resume(const struct boot_status *bs)
{
	return !swap_move_status_is_reset(bs);
}

int swap_enc_load(const struct boot_swap_ctx *ctx,
		  const struct boot_status *bs, uint32_t last_idx)
{
	for (int slot = 0; slot < 2; slot++) {
		const struct flash_area *fa;
		uint32_t off;
		int rc;

		header_place(ctx, bs, last_idx, slot, &fa, &off);
		rc = read_geometry(ctx, slot, fa, off);
		if (rc == 0 && ctx->enc->on[slot]) {
			rc = swap_enc_is_resume(bs)
				     ? key_from_trailer(ctx, slot)
				     : key_from_tlv(ctx, slot, fa);
		}
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

int swap_enc_write_keys(const struct boot_swap_ctx *ctx)
{
	const struct boot_swap_enc *e = ctx->enc;
	int rc = 0;

	/* a clear image's field stays erased, as MCUboot leaves it */
	for (int slot = 0; slot < 2 && rc == 0; slot++) {
		if (e->on[slot]) {
			rc = boot_write_enc_key(ctx->pri, &ctx->lay_pri, slot,
						e->key[slot],
						e->key_len[slot]);
		}
	}
	return rc;
}

int swap_enc_xform(const struct boot_swap_ctx *ctx, int slot,
		   uint32_t img_off, uint8_t *buf, uint32_t len)
{
	const struct boot_enc_ops *ops = ctx->cfg->enc;
	const struct boot_swap_enc *e = ctx->enc;
	uint32_t lo, hi;

	if (e == NULL || !e->on[slot]) {
		return 0;
	}
	lo = img_off > e->start[slot] ? img_off : e->start[slot];
	hi = img_off + len < e->end[slot] ? img_off + len : e->end[slot];
	if (lo >= hi) {
		return 0; /* header, TLVs and beyond stay as they are */
	}
	return ops->ctr(ops->user, e->key[slot], e->key_len[slot],
			lo - e->start[slot], buf + (lo - img_off), hi - lo);
}

int swap_enc_check(const struct boot_swap_ctx *ctx, uint32_t size)
{
	struct boot_status bs;
	uint32_t n = (size + ctx->sector_sz - 1) / ctx->sector_sz;
	int rc;

	memset(&bs, 0, sizeof(bs));
	swap_move_status_reset(&bs);
	rc = swap_enc_load(ctx, &bs, n == 0 ? 1 : n);
	for (int slot = 0; rc == 0 && slot < 2; slot++) {
		if (ctx->enc->on[slot] &&
		    ctx->enc->key_len[slot] > ctx->lay_pri.enc_key_sz) {
			rc = BOOT_EBADIMAGE; /* an AES-128-only trailer */
		}
	}
	memset(ctx->enc, 0, sizeof(*ctx->enc));
	return rc;
}

const struct boot_enc_swap_fns boot_swap_enc_fns = {
	.load = swap_enc_load,
	.write_keys = swap_enc_write_keys,
	.xform = swap_enc_xform,
	.check = swap_enc_check,
};
