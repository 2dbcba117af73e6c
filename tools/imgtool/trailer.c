/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/trailer.h"

#include <string.h>

static const uint8_t magic_align8[TRAILER_MAGIC_SIZE] = {
	0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
	0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80,
};

/* Bytes 2..15 of the magic for MAX_ALIGN other than 8. */
static const uint8_t magic_tail[TRAILER_MAGIC_SIZE - 2] = {
	0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d,
	0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a,
};

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) / align * align;
}

uint64_t trailer_size(const struct trailer_layout *t)
{
	/* status (3 states per sector) + 4 flag fields + aligned magic */
	return (uint64_t)t->max_sectors * 3U * t->align +
	       4U * (uint64_t)t->max_align +
	       align_up(TRAILER_MAGIC_SIZE, t->max_align);
}

void trailer_write(const struct trailer_layout *t, uint8_t *slot,
		   size_t slot_size, bool confirm)
{
	uint8_t *magic = slot + slot_size - TRAILER_MAGIC_SIZE;
	size_t image_ok;

	if (t->max_align == 8) {
		memcpy(magic, magic_align8, sizeof(magic_align8));
	} else {
		magic[0] = (uint8_t)(t->max_align & 0xff);
		magic[1] = (uint8_t)(t->max_align >> 8);
		memcpy(magic + 2, magic_tail, sizeof(magic_tail));
	}
	if (confirm) {
		/* image_ok: first byte of the MAX_ALIGN field below the magic
		 */
		image_ok = slot_size -
			   (size_t)align_up(TRAILER_MAGIC_SIZE, t->max_align) -
			   t->max_align;
		slot[image_ok] = 0x01;
	}
}
