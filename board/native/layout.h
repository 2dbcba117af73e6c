/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The native board's SoC: 4 KiB-page NOR flash (nRF52840-like geometry),
 * partitioned for an MCUboot swap-using-move bootloader: the primary slot
 * is one page larger than the secondary.
 */
#ifndef BOARD_NATIVE_LAYOUT_H
#define BOARD_NATIVE_LAYOUT_H

#include "storage/flash_map.h"
#include "storage/flash_sim.h"

#define BOARD_NAME "native_sim"
#define BOARD_FLASH_PAGE 0x1000u
#define BOARD_FLASH_WRITE_BLOCK 4u
#define BOARD_BOOT_OFF 0x0u
#define BOARD_BOOT_SIZE 0x10000u
/* 4 MiB: room for a sanitizer build of the DFU sample (about 1.3 MiB). */
#define BOARD_SLOT1_SIZE 0x400000u
#define BOARD_SLOT0_OFF (BOARD_BOOT_OFF + BOARD_BOOT_SIZE)
#define BOARD_SLOT0_SIZE (BOARD_SLOT1_SIZE + BOARD_FLASH_PAGE)
#define BOARD_SLOT1_OFF (BOARD_SLOT0_OFF + BOARD_SLOT0_SIZE)
#define BOARD_STORAGE_OFF (BOARD_SLOT1_OFF + BOARD_SLOT1_SIZE)
#define BOARD_STORAGE_SIZE 0x10000u
#define BOARD_FLASH_SIZE (BOARD_STORAGE_OFF + BOARD_STORAGE_SIZE)
#define BOARD_NUM_AREAS 4
/* Trailer geometry shared by the bootloader and the images. */
#define BOARD_BOOT_MAX_ALIGN 8u
#define BOARD_BOOT_MAX_SECTORS (BOARD_SLOT0_SIZE / BOARD_FLASH_PAGE)

/* Exit status of an image that asks the board for a reboot. */
#define BOARD_EXIT_REBOOT 100

struct board_flash {
	struct flash_sim sim;
	/* sim.dev behind real-time sleeps (board/native/flash_timing.h) */
	struct flash_dev timed;
	struct flash_area areas[BOARD_NUM_AREAS];
};

/*
 * Partition the flash simulator over mem (BOARD_FLASH_SIZE bytes); the
 * areas use it directly, untimed.
 */
int board_flash_init(struct board_flash *bf, uint8_t *mem);

const struct flash_area *board_area(const struct board_flash *bf,
				    uint8_t id);

#endif /* BOARD_NATIVE_LAYOUT_H */
