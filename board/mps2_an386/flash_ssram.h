/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NOR flash driver over a region of SSRAM1 (storage/flash.h API). The
 * emulated chip keeps the rules of real NOR: erase sets whole pages to
 * 0xff, a write must be aligned to the program unit and may only turn 1
 * bits into 0 (any byte it would set from 0 to 1 refuses the whole write
 * with -EROFS), ranges outside the chip give -EINVAL.
 *
 * Power cuts for tests: when the host set a cut point (struct
 * flash_ssram_cut, in memory that survives resets), the n-th write or erase
 * since power-on does nothing (or, torn, only its first half), prints a
 * line and stops the CPU; the host then dumps the flash and kills QEMU.
 */
#ifndef BOARD_MPS2_AN386_FLASH_SSRAM_H
#define BOARD_MPS2_AN386_FLASH_SSRAM_H

#include <stdint.h>

#include "storage/flash.h"

#define FLASH_SSRAM_CUT_BEFORE 1u
#define FLASH_SSRAM_CUT_TORN   2u

struct flash_ssram_cut {
	uint32_t at;   /* 1-based write/erase number, 0 = never (host sets) */
	uint32_t mode; /* FLASH_SSRAM_CUT_* (host sets) */
	uint32_t ops;  /* writes + erases since power-on */
};

struct flash_ssram {
	struct flash_dev dev;
	uintptr_t base;
	struct flash_ssram_cut *cut; /* may be NULL */
};

/* base: address of the chip; params->size etc. describe it. */
int flash_ssram_init(struct flash_ssram *f, uintptr_t base,
		     const struct flash_params *params,
		     struct flash_ssram_cut *cut);

#endif /* BOARD_MPS2_AN386_FLASH_SSRAM_H */
