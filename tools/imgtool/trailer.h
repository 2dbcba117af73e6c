/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The MCUboot image trailer as imgtool --pad writes it (swap modes, no
 * encryption): swap status, swap size/info, copy_done, image_ok, magic,
 * at the very end of the slot. MAX_ALIGN = --max-align if given, else
 * max(8, --align); with MAX_ALIGN 8 the magic is the classic 16 bytes,
 * otherwise it starts with MAX_ALIGN as u16 little-endian.
 */
#ifndef TOOLS_IMGTOOL_TRAILER_H
#define TOOLS_IMGTOOL_TRAILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRAILER_MAGIC_SIZE          16U
#define TRAILER_DEFAULT_MAX_SECTORS 128U

struct trailer_layout {
	uint32_t align;       /* flash write size: 1, 2, 4, 8, 16 or 32 */
	uint32_t max_align;   /* 8, 16 or 32 */
	uint32_t max_sectors; /* swap status entries, 128 by default */
};

/* Bytes imgtool reserves at the end of the slot for the trailer. */
uint64_t trailer_size(const struct trailer_layout *t);

/*
 * Writes magic (and image_ok = 0x01 when confirm) into the last bytes
 * of slot, which the caller has filled with the erased value.
 */
void trailer_write(const struct trailer_layout *t, uint8_t *slot,
		   size_t slot_size, bool confirm);

#endif /* TOOLS_IMGTOOL_TRAILER_H */
