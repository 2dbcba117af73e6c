/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Real-time flash on the native board (--flash-timing): the flash file
 * obeys a storage/flash_sim.h timing model, and every erase and program
 * takes as long as the model charges for it, as on the chip. The calling
 * process sleeps through the operation: nRF52840's NVMC stalls the CPU
 * during an erase or a write too, so neither the bootloader nor the image
 * can answer USB meanwhile.
 */
#ifndef BOARD_NATIVE_FLASH_TIMING_H
#define BOARD_NATIVE_FLASH_TIMING_H

#include "board/native/layout.h"

/* The models by name, for usage texts; "none" is the default. */
#define BOARD_FLASH_TIMING_NAMES "none, nrf52840"

/*
 * Look a model up by name: 0 with *t set (NULL for "none"), or -1 for an
 * unknown name. The model is static.
 */
int board_flash_timing_lookup(const char *name,
			      const struct flash_sim_timing **t);

/*
 * Make every area of bf (after board_flash_init) go through a device that
 * sleeps what the model t charges per operation; NULL makes the areas use
 * the simulator directly again (no timing, no sleeps).
 */
void board_flash_set_timing(struct board_flash *bf,
			    const struct flash_sim_timing *t);

#endif /* BOARD_NATIVE_FLASH_TIMING_H */
