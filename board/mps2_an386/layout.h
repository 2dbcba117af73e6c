/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QEMU mps2-an386 (Cortex-M4) as a small MCU: the first 1 MiB of SSRAM1
 * (code memory at 0x0) is its NOR flash, 4 KiB pages, 4-byte program unit,
 * partitioned for MCUboot swap-using-move (primary = secondary + 1 page).
 * boot.ld and app.ld repeat these numbers: keep them in step.
 */
#ifndef BOARD_MPS2_AN386_LAYOUT_H
#define BOARD_MPS2_AN386_LAYOUT_H

#define BOARD_NAME              "mps2_an386"
#define BOARD_FLASH_BASE        0x00000000u /* SSRAM1 */
#define BOARD_FLASH_SIZE        0x00100000u
#define BOARD_FLASH_PAGE        0x1000u
#define BOARD_FLASH_WRITE_BLOCK 4u
#define BOARD_BOOT_OFF          0x0u
#define BOARD_BOOT_SIZE         0x10000u
/* 392 KiB: a 384 KiB image plus header, TLVs and trailer fits. */
#define BOARD_SLOT1_SIZE        0x62000u
#define BOARD_SLOT0_OFF         (BOARD_BOOT_OFF + BOARD_BOOT_SIZE)
#define BOARD_SLOT0_SIZE        (BOARD_SLOT1_SIZE + BOARD_FLASH_PAGE)
#define BOARD_SLOT1_OFF         (BOARD_SLOT0_OFF + BOARD_SLOT0_SIZE)
#define BOARD_STORAGE_OFF       (BOARD_SLOT1_OFF + BOARD_SLOT1_SIZE)
#define BOARD_STORAGE_SIZE      (BOARD_FLASH_SIZE - BOARD_STORAGE_OFF)
#define BOARD_NUM_AREAS         4
#define BOARD_IMAGE_HEADER_SIZE 0x200u
/* Trailer geometry shared by the bootloader, the images and imgtool. */
#define BOARD_BOOT_MAX_ALIGN   8u
#define BOARD_BOOT_MAX_SECTORS (BOARD_SLOT0_SIZE / BOARD_FLASH_PAGE)

/*
 * Host side of the emulation (tests): QEMU's `-device loader` puts a flash
 * dump at BOARD_STAGING_BASE for a cold start. QEMU writes loader and ELF
 * blobs again on every reset, so the live flash cannot be loaded directly:
 * the board copies the dump once per power-on (see board_power_on()).
 */
#define BOARD_STAGING_BASE 0x00200000u
/* Words in SSRAM1 that no image loads: they survive SYSRESETREQ. */
#define BOARD_NOINIT_BASE 0x003ff000u

#define BOARD_RAM_BASE 0x20000000u
#define BOARD_RAM_SIZE 0x10000u /* 64 KiB, like a mid-size MCU */

#endif /* BOARD_MPS2_AN386_LAYOUT_H */
