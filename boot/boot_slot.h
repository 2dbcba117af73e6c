/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Slot helpers shared by the three loaders (boot/bootutil_loader.c,
 * boot/boot_overwrite.c, boot/boot_direct_xip.c). Portable: flash areas
 * only.
 */
#ifndef BOOT_BOOT_SLOT_H
#define BOOT_BOOT_SLOT_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/bootutil.h"

#ifndef BOOT_SLOT_COPY_BUF_SZ
#define BOOT_SLOT_COPY_BUF_SZ 512
#endif

/* The first 32 bytes (image header magic and all) read erased. */
int boot_slot_header_erased(const struct flash_area *fa, bool *erased);

/* "<area>: magic=good, swap_type=0x1, copy_done=0x3, image_ok=0x1". */
void boot_slot_log_state(const struct boot_config *cfg, const char *area,
			 const struct boot_swap_state *st);

/*
 * Copies len bytes from src to dst at offset off; the destination must be
 * erased. len is rounded up to the write block of dst.
 */
int boot_slot_copy(const struct flash_area *src, const struct flash_area *dst,
		   uint32_t off, uint32_t len);

/*
 * Makes the slot hold no image: erases the page that holds the header,
 * then the trailer's pages (MCUboot erases the whole slot; the rest is
 * erased anyway by the next download's progressive erase, and no reader
 * looks past an erased header). A cut after the first erase already
 * leaves no image.
 */
int boot_slot_erase(const struct flash_area *fa,
		    const struct boot_trailer_layout *lay);

/* "Bootloader chainload address offset: 0x..." */
void boot_slot_log_chainload(const struct boot_config *cfg, uint32_t off);

/*
 * The end of boot_go() for the strategies that run the primary slot
 * (swap-using-move, overwrite-only): validate it, fill rsp, log the jump.
 * 0, or BOOT_ENOBOOT with the reason logged.
 */
int boot_slot_boot_primary(const struct boot_config *cfg,
			   struct boot_rsp *rsp, uint8_t swap_type);

/* <0, 0, >0: a's version against b's (major.minor.revision). */
int boot_slot_info_cmp(const struct boot_slot_info *a,
		       const struct boot_slot_info *b);

#endif /* BOOT_BOOT_SLOT_H */
