/* SPDX-License-Identifier: Apache-2.0 */
/* MCUboot image trailer: layout, field readers and writers (see trailer.h). */
#include "boot/trailer.h"

#include <errno.h>
#include <string.h>

/* Magic when BOOT_MAX_ALIGN is 8 (MCUboot's historic value). */
static const uint8_t magic_align8[BOOT_MAGIC_SZ] = {
	0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
	0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80,
};

/* Other alignments: u16 little-endian max_align, then these 14 bytes. */
static const uint8_t magic_tail[BOOT_MAGIC_SZ - 2] = {
	0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d,
	0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a,
};

/* Largest field write: the magic block or a status entry, <= 64 bytes. */
#define TRAILER_MAX_WRITE 64
#define STATUS_READ_CHUNK 64

static bool is_pow2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

static uint32_t align_up(uint32_t v, uint32_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint32_t align_down(uint32_t v, uint32_t a)
{
	return v & ~(a - 1);
}

int boot_trailer_layout_init(struct boot_trailer_layout *lay,
			     const struct flash_area *fa, uint32_t max_align,
			     uint32_t max_sectors)
{
	uint32_t write_sz = flash_area_align(fa);

	if (max_align == 0) {
		max_align = BOOT_MAX_ALIGN;
	}
	if (max_align < write_sz) {
		max_align = write_sz;
	}
	if (!is_pow2(write_sz) || !is_pow2(max_align) ||
	    max_align > TRAILER_MAX_WRITE) {
		return -EINVAL;
	}
	lay->slot_size = fa->size;
	lay->write_sz = write_sz;
	lay->max_align = max_align;
	lay->max_sectors = max_sectors ? max_sectors : BOOT_MAX_IMG_SECTORS;
	lay->erased_val = flash_area_erased_val(fa);
	lay->enc_key_sz = 0;
	if (fa->size % max_align != 0 || boot_trailer_sz(lay) > fa->size) {
		return -EINVAL;
	}
	return 0;
}

static uint32_t magic_block_sz(const struct boot_trailer_layout *lay)
{
	return align_up(BOOT_MAGIC_SZ, lay->max_align);
}

uint32_t boot_status_entries(const struct boot_trailer_layout *lay)
{
	return lay->max_sectors * BOOT_STATUS_STATE_COUNT;
}

int boot_trailer_layout_set_enc(struct boot_trailer_layout *lay,
				uint32_t key_max)
{
	if (key_max != 16 && key_max != 32) {
		return -EINVAL;
	}
	lay->enc_key_sz = align_up(key_max, lay->max_align);
	return boot_trailer_sz(lay) > lay->slot_size ? -EINVAL : 0;
}

uint32_t boot_trailer_sz(const struct boot_trailer_layout *lay)
{
	return boot_status_entries(lay) * lay->write_sz +
	       2 * lay->enc_key_sz + 4 * lay->max_align + magic_block_sz(lay);
}

uint32_t boot_magic_off(const struct boot_trailer_layout *lay)
{
	return lay->slot_size - BOOT_MAGIC_SZ;
}

uint32_t boot_image_ok_off(const struct boot_trailer_layout *lay)
{
	return align_down(boot_magic_off(lay) - lay->max_align,
			  lay->max_align);
}

uint32_t boot_copy_done_off(const struct boot_trailer_layout *lay)
{
	return boot_image_ok_off(lay) - lay->max_align;
}

uint32_t boot_swap_info_off(const struct boot_trailer_layout *lay)
{
	return boot_copy_done_off(lay) - lay->max_align;
}

uint32_t boot_swap_size_off(const struct boot_trailer_layout *lay)
{
	return boot_swap_info_off(lay) - lay->max_align;
}

uint32_t boot_enc_key_off(const struct boot_trailer_layout *lay, int slot)
{
	return boot_swap_size_off(lay) - (uint32_t)(slot + 1) * lay->enc_key_sz;
}

uint32_t boot_status_off(const struct boot_trailer_layout *lay)
{
	return boot_enc_key_off(lay, 1) -
	       boot_status_entries(lay) * lay->write_sz;
}

void boot_magic_bytes(const struct boot_trailer_layout *lay,
		      uint8_t out[BOOT_MAGIC_SZ])
{
	if (lay->max_align == 8) {
		memcpy(out, magic_align8, BOOT_MAGIC_SZ);
		return;
	}
	out[0] = (uint8_t)(lay->max_align & 0xff);
	out[1] = (uint8_t)(lay->max_align >> 8);
	memcpy(out + 2, magic_tail, sizeof(magic_tail));
}

static bool all_erased(const uint8_t *p, size_t len, uint8_t erased)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] != erased) {
			return false;
		}
	}
	return true;
}

/* The decoders take the bytes as read; the readers below share them. */
static uint8_t magic_of(const struct boot_trailer_layout *lay,
			const uint8_t got[BOOT_MAGIC_SZ])
{
	uint8_t want[BOOT_MAGIC_SZ];

	boot_magic_bytes(lay, want);
	if (memcmp(got, want, BOOT_MAGIC_SZ) == 0) {
		return BOOT_MAGIC_GOOD;
	}
	return all_erased(got, BOOT_MAGIC_SZ, lay->erased_val)
		       ? BOOT_MAGIC_UNSET
		       : BOOT_MAGIC_BAD;
}

static uint8_t flag_of(const struct boot_trailer_layout *lay, uint8_t b)
{
	if (b == lay->erased_val) {
		return BOOT_FLAG_UNSET;
	}
	return b == 0x01 ? BOOT_FLAG_SET : BOOT_FLAG_BAD;
}

static void swap_info_of(const struct boot_trailer_layout *lay, uint8_t b,
			 uint8_t *swap_type, uint8_t *image_num)
{
	if (b == lay->erased_val) {
		*swap_type = BOOT_SWAP_TYPE_NONE;
		*image_num = 0;
	} else {
		*swap_type = b & 0x0f;
		*image_num = b >> 4;
	}
}

int boot_read_magic(const struct flash_area *fa,
		    const struct boot_trailer_layout *lay, uint8_t *magic)
{
	uint8_t got[BOOT_MAGIC_SZ];
	int rc = flash_area_read(fa, boot_magic_off(lay), got, sizeof(got));

	if (rc == 0) {
		*magic = magic_of(lay, got);
	}
	return rc;
}

static int read_flag(const struct flash_area *fa,
		     const struct boot_trailer_layout *lay, uint32_t off,
		     uint8_t *flag)
{
	uint8_t b;
	int rc = flash_area_read(fa, off, &b, 1);

	if (rc == 0) {
		*flag = flag_of(lay, b);
	}
	return rc;
}

int boot_read_image_ok(const struct flash_area *fa,
		       const struct boot_trailer_layout *lay, uint8_t *flag)
{
	return read_flag(fa, lay, boot_image_ok_off(lay), flag);
}

int boot_read_copy_done(const struct flash_area *fa,
			const struct boot_trailer_layout *lay, uint8_t *flag)
{
	return read_flag(fa, lay, boot_copy_done_off(lay), flag);
}

int boot_read_swap_info(const struct flash_area *fa,
			const struct boot_trailer_layout *lay,
			uint8_t *swap_type, uint8_t *image_num)
{
	uint8_t b;
	int rc = flash_area_read(fa, boot_swap_info_off(lay), &b, 1);

	if (rc == 0) {
		swap_info_of(lay, b, swap_type, image_num);
	}
	return rc;
}

int boot_read_swap_size(const struct flash_area *fa,
			const struct boot_trailer_layout *lay,
			uint32_t *swap_size)
{
	uint8_t b[4];
	int rc = flash_area_read(fa, boot_swap_size_off(lay), b, sizeof(b));

	if (rc != 0) {
		return rc;
	}
	/* Written before the magic, so a good magic implies a whole value. */
	if (all_erased(b, sizeof(b), lay->erased_val)) {
		return -ENOENT;
	}
	*swap_size = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
		     (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

/*
 * swap_info, copy_done, image_ok and the magic end the slot: one read of
 * those last bytes (at most 4 * TRAILER_MAX_WRITE) instead of four.
 */
int boot_read_swap_state(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay,
			 struct boot_swap_state *st)
{
	uint8_t buf[4 * TRAILER_MAX_WRITE];
	uint32_t base = boot_swap_info_off(lay);
	int rc;

	/* a layout from boot_trailer_layout_init() always fits */
	if (lay->slot_size - base > sizeof(buf)) {
		return -EINVAL;
	}
	rc = flash_area_read(fa, base, buf, lay->slot_size - base);
	if (rc != 0) {
		return rc;
	}
	st->magic = magic_of(lay, buf + (boot_magic_off(lay) - base));
	swap_info_of(lay, buf[0], &st->swap_type, &st->image_num);
	st->copy_done = flag_of(lay, buf[boot_copy_done_off(lay) - base]);
	st->image_ok = flag_of(lay, buf[boot_image_ok_off(lay) - base]);
	return 0;
}

/* Programs len data bytes at off, padded with erased bytes to write_sz. */
static int write_field(const struct flash_area *fa,
		       const struct boot_trailer_layout *lay, uint32_t off,
		       const uint8_t *data, uint32_t len)
{
	uint8_t buf[TRAILER_MAX_WRITE];
	uint32_t wlen = align_up(len, lay->write_sz);

	if (wlen > sizeof(buf)) {
		return -EINVAL;
	}
	memset(buf, lay->erased_val, wlen);
	memcpy(buf, data, len);
	return flash_area_write(fa, off, buf, wlen);
}

int boot_write_magic(const struct flash_area *fa,
		     const struct boot_trailer_layout *lay)
{
	uint8_t block[TRAILER_MAX_WRITE];
	uint32_t bsz = magic_block_sz(lay);

	/* The magic ends the slot; the padding in front of it stays erased. */
	memset(block, lay->erased_val, bsz);
	boot_magic_bytes(lay, block + bsz - BOOT_MAGIC_SZ);
	return flash_area_write(fa, lay->slot_size - bsz, block, bsz);
}

int boot_write_image_ok(const struct flash_area *fa,
			const struct boot_trailer_layout *lay)
{
	const uint8_t set = 0x01;

	return write_field(fa, lay, boot_image_ok_off(lay), &set, 1);
}

int boot_write_copy_done(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay)
{
	const uint8_t set = 0x01;

	return write_field(fa, lay, boot_copy_done_off(lay), &set, 1);
}

int boot_write_swap_info(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay,
			 uint8_t swap_type, uint8_t image_num)
{
	uint8_t info = (uint8_t)((image_num & 0x0f) << 4 | (swap_type & 0x0f));

	return write_field(fa, lay, boot_swap_info_off(lay), &info, 1);
}

int boot_write_swap_size(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay,
			 uint32_t swap_size)
{
	uint8_t b[4] = {
		(uint8_t)swap_size, (uint8_t)(swap_size >> 8),
		(uint8_t)(swap_size >> 16), (uint8_t)(swap_size >> 24),
	};

	return write_field(fa, lay, boot_swap_size_off(lay), b, sizeof(b));
}

int boot_write_enc_key(const struct flash_area *fa,
		       const struct boot_trailer_layout *lay, int slot,
		       const uint8_t *key, uint32_t len)
{
	if (slot < 0 || slot > 1 || len > lay->enc_key_sz) {
		return -EINVAL;
	}
	return write_field(fa, lay, boot_enc_key_off(lay, slot), key, len);
}

int boot_read_enc_key(const struct flash_area *fa,
		      const struct boot_trailer_layout *lay, int slot,
		      uint8_t *key, bool *erased)
{
	int rc;

	if (slot < 0 || slot > 1 || lay->enc_key_sz == 0) {
		return -EINVAL;
	}
	rc = flash_area_read(fa, boot_enc_key_off(lay, slot), key,
			     lay->enc_key_sz);
	if (rc == 0) {
		*erased = all_erased(key, lay->enc_key_sz, lay->erased_val);
	}
	return rc;
}

int boot_write_status_entry(const struct flash_area *fa,
			    const struct boot_trailer_layout *lay,
			    uint32_t index, uint8_t value)
{
	if (index >= boot_status_entries(lay)) {
		return -EINVAL;
	}
	return write_field(fa, lay, boot_status_off(lay) + index * lay->write_sz,
			   &value, 1);
}

int boot_read_status_count(const struct flash_area *fa,
			   const struct boot_trailer_layout *lay,
			   uint32_t *count)
{
	uint8_t chunk[STATUS_READ_CHUNK];
	uint32_t total = boot_status_entries(lay) * lay->write_sz;
	uint32_t base = boot_status_off(lay);
	uint32_t pos = 0;

	*count = 0;
	while (pos < total) {
		uint32_t n = total - pos < sizeof(chunk) ? total - pos
							 : sizeof(chunk);
		int rc = flash_area_read(fa, base + pos, chunk, n);

		if (rc != 0) {
			return rc;
		}
		/* write_sz divides the chunk size, so entries never straddle */
		for (uint32_t i = 0; i < n; i += lay->write_sz) {
			if (chunk[i] != lay->erased_val) {
				*count = (pos + i) / lay->write_sz + 1;
			}
		}
		pos += n;
	}
	return 0;
}

uint32_t boot_first_trailer_sector(const struct flash_area *fa,
				   const struct boot_trailer_layout *lay)
{
	uint32_t sector = flash_area_page_size(fa);
	uint32_t nsec = (boot_trailer_sz(lay) + sector - 1) / sector;

	return fa->size / sector - nsec;
}

int boot_erase_trailer_sectors(const struct flash_area *fa,
			       const struct boot_trailer_layout *lay)
{
	uint32_t sector = flash_area_page_size(fa);
	uint32_t first = boot_first_trailer_sector(fa, lay);

	return flash_area_erase(fa, first * sector, fa->size - first * sector);
}
