/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Swap-using-move (MCUboot docs/design.md "Swap using move"):
 *   1. move the primary image up one sector, last used sector first;
 *   2. for each sector n from 0: copy secondary n -> primary n, then the
 *      moved primary n+1 (old sector n) -> secondary n.
 * A status entry is written in the primary trailer after every step, so a
 * reset at any flash operation resumes at the first unfinished step: every
 * step erases its destination and copies from a source that is still intact.
 */
#ifndef BOOT_SWAP_MOVE_H
#define BOOT_SWAP_MOVE_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/bootutil.h"

#define BOOT_STATUS_OP_MOVE 1
#define BOOT_STATUS_OP_SWAP 2

/* Where an interrupted swap stands (MCUboot's struct boot_status). */
struct boot_status {
	uint8_t op;          /* BOOT_STATUS_OP_* */
	uint32_t idx;        /* next step, 1-based */
	uint8_t state;       /* next state within the step, 1-based */
	uint8_t swap_type;   /* from the primary swap_info */
	uint32_t swap_size;  /* bytes to move/swap */
	bool primary_source; /* the primary trailer already holds the status */
};

/*
 * Image keys of a swap: slot 0 = the image in the primary when the swap
 * started (re-encrypted on its way to the secondary), 1 = the image in
 * the secondary (decrypted on its way to the primary). Payload [start,
 * end) in image offsets, which are secondary-slot offsets both ways.
 */
struct boot_swap_enc {
	bool on[2];
	uint8_t key[2][32];
	uint8_t key_len[2];
	uint32_t start[2];
	uint32_t end[2];
};

/*
 * BOOT_ENC_IMAGES (MCUboot's MCUBOOT_ENC_IMAGES): 0 compiles the
 * encrypted-swap hooks out of the core (a bootloader that takes clear
 * images only; boot_go() then refuses a cfg->enc with BOOT_ELAYOUT).
 * Default 1: the hooks are there and cost nothing without cfg->enc.
 */
#ifndef BOOT_ENC_IMAGES
#define BOOT_ENC_IMAGES 1
#endif

struct boot_swap_ctx {
	const struct boot_config *cfg;
	const struct flash_area *pri;
	const struct flash_area *sec;
	struct boot_trailer_layout lay_pri;
	struct boot_trailer_layout lay_sec;
	uint32_t sector_sz;
	uint32_t pri_sectors;
	uint32_t sec_sectors;
	struct boot_swap_enc *enc; /* &enc_state, NULL without cfg->enc */
	struct boot_swap_enc enc_state;
};

/* The swap en/decrypts: built with BOOT_ENC_IMAGES and cfg->enc set. */
static inline bool swap_move_enc_on(const struct boot_swap_ctx *ctx)
{
	return BOOT_ENC_IMAGES && ctx->enc != NULL;
}

/* Checks the slot geometry; BOOT_ELAYOUT when unusable. */
int swap_move_ctx_init(struct boot_swap_ctx *ctx,
		       const struct boot_config *cfg);

void swap_move_status_reset(struct boot_status *bs);
bool swap_move_status_is_reset(const struct boot_status *bs);

/* Fills op/idx/state from the status entries of the primary trailer. */
int swap_move_read_status(const struct boot_swap_ctx *ctx,
			  struct boot_status *bs);

/* Largest image (header + body + TLVs) the swap can carry, bytes. */
uint32_t swap_move_max_image_size(const struct boot_swap_ctx *ctx);

/*
 * Runs (or resumes) the swap of copy_size bytes. Returns 0 or the first
 * flash error (the next boot resumes from the status entries).
 */
int swap_move_run(const struct boot_swap_ctx *ctx, struct boot_status *bs,
		  uint32_t copy_size);

/*
 * Encrypted swaps (boot/swap_enc.c, called through boot_swap_enc_fns).
 * swap_enc_load: the keys of both
 * images, from their key TLVs for a new swap (bs reset) or from the
 * primary trailer for a resume, and where each payload lies (headers
 * found where the swap has moved them). swap_enc_write_keys: into a
 * primary trailer being set up. swap_enc_xform: en/decrypts a copy
 * buffer of image `slot` at image offset img_off (no-op when clear).
 */
int swap_enc_load(const struct boot_swap_ctx *ctx,
		  const struct boot_status *bs, uint32_t last_idx);
int swap_enc_write_keys(const struct boot_swap_ctx *ctx);
int swap_enc_xform(const struct boot_swap_ctx *ctx, int slot,
		   uint32_t img_off, uint8_t *buf, uint32_t len);
/*
 * Before a new swap of size bytes: both keys can be loaded and fit the
 * trailer's key fields (0), or not (nothing written).
 */
int swap_enc_check(const struct boot_swap_ctx *ctx, uint32_t size);

#endif /* BOOT_SWAP_MOVE_H */
