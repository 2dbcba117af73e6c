/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MCUboot image trailer (swap-using-move layout), read and written through a
 * flash area. From low to high address, ending at the slot end:
 *
 *   swap status: max_sectors * 3 entries of write_sz bytes
 *                (max_sectors "move" entries, then 2 "swap" entries/sector)
 *   enc key 1    only with encrypted images (boot_trailer_layout_set_enc):
 *   enc key 0    the image keys of the secondary's and the primary's
 *                image, each align_up(key size, max_align) bytes, as
 *                MCUboot's MCUBOOT_ENC_IMAGES trailer (key 0 is nearest
 *                swap_size); key size 16 = MCUboot's default AES-128
 *                build, 32 = MCUBOOT_AES_256
 *   swap_size    4 bytes, field padded to max_align
 *   swap_info    1 byte (bits 0-3 swap type, bits 4-7 image number)
 *   copy_done    1 byte (0x01 set, erased = unset)
 *   image_ok     1 byte (0x01 set, erased = unset)
 *   magic        16 bytes, the last bytes of the slot (written as a
 *                align_up(16, max_align) block with erased padding in front)
 *
 * Every flag field is max_align bytes with the flag in its first byte, and
 * image_ok sits at align_down(size - 16 - max_align, max_align), exactly
 * where imgtool --pad/--confirm puts it.
 *
 * Decoding follows MCUboot: a flag reads SET only when it is exactly 0x01,
 * UNSET only when erased, anything else (a half-programmed byte) is BAD; the
 * magic is GOOD only when all 16 bytes match, UNSET when all are erased and
 * BAD otherwise. BAD never matches a row of the swap-type table that asks for
 * SET or UNSET, so a torn field counts as "not written" for every decision.
 * An erased swap_info reads as swap type NONE, image 0.
 */
#ifndef BOOT_TRAILER_H
#define BOOT_TRAILER_H

#include <stdbool.h>
#include <stdint.h>

#include "storage/flash_map.h"

#ifndef BOOT_MAX_ALIGN
#define BOOT_MAX_ALIGN 8
#endif
#ifndef BOOT_MAX_IMG_SECTORS
#define BOOT_MAX_IMG_SECTORS 128
#endif

#define BOOT_MAGIC_SZ 16
/* swap-move: one move state + two swap states per sector */
#define BOOT_STATUS_MOVE_STATE_COUNT 1
#define BOOT_STATUS_SWAP_STATE_COUNT 2
#define BOOT_STATUS_STATE_COUNT 3

/* Values as in MCUboot's bootutil_public.h (they appear in the log lines). */
#define BOOT_MAGIC_GOOD 1
#define BOOT_MAGIC_BAD 2
#define BOOT_MAGIC_UNSET 3
#define BOOT_MAGIC_ANY 4
#define BOOT_MAGIC_NOTGOOD 5

#define BOOT_FLAG_SET 1
#define BOOT_FLAG_BAD 2
#define BOOT_FLAG_UNSET 3
#define BOOT_FLAG_ANY 4

#define BOOT_SWAP_TYPE_NONE 1
#define BOOT_SWAP_TYPE_TEST 2
#define BOOT_SWAP_TYPE_PERM 3
#define BOOT_SWAP_TYPE_REVERT 4
#define BOOT_SWAP_TYPE_FAIL 5
#define BOOT_SWAP_TYPE_PANIC 0xff

/* Geometry of the trailer for one flash area. */
struct boot_trailer_layout {
	uint32_t slot_size;
	uint32_t write_sz;    /* flash program unit = one status entry */
	uint32_t max_align;   /* size of each flag field, >= write_sz */
	uint32_t max_sectors; /* status entries are reserved for this many */
	uint8_t erased_val;
	uint32_t enc_key_sz; /* one image key field, 0 = no key area */
};

/* The decoded trailer of one slot (MCUboot's struct boot_swap_state). */
struct boot_swap_state {
	uint8_t magic;     /* BOOT_MAGIC_* */
	uint8_t swap_type; /* BOOT_SWAP_TYPE_*, NONE when erased */
	uint8_t copy_done; /* BOOT_FLAG_* */
	uint8_t image_ok;  /* BOOT_FLAG_* */
	uint8_t image_num;
};

/*
 * max_align 0 = BOOT_MAX_ALIGN; it is raised to the area's write alignment
 * when that is larger (imgtool does the same). max_sectors 0 =
 * BOOT_MAX_IMG_SECTORS. Returns 0 or -EINVAL (alignments not powers of two,
 * area too small for the trailer).
 */
int boot_trailer_layout_init(struct boot_trailer_layout *lay,
			     const struct flash_area *fa, uint32_t max_align,
			     uint32_t max_sectors);

/*
 * Adds the two image key fields (key_max 16 or 32 bytes, each padded to
 * max_align); 0 or -EINVAL when the trailer no longer fits the area.
 */
int boot_trailer_layout_set_enc(struct boot_trailer_layout *lay,
				uint32_t key_max);

uint32_t boot_trailer_sz(const struct boot_trailer_layout *lay);
/* The key field of slot 0 (primary's image) or 1 (secondary's image). */
uint32_t boot_enc_key_off(const struct boot_trailer_layout *lay, int slot);
/* Programs key (len <= enc_key_sz) into an erased field, erased padding. */
int boot_write_enc_key(const struct flash_area *fa,
		       const struct boot_trailer_layout *lay, int slot,
		       const uint8_t *key, uint32_t len);
/* Reads the whole field (enc_key_sz bytes); *erased when all erased. */
int boot_read_enc_key(const struct flash_area *fa,
		      const struct boot_trailer_layout *lay, int slot,
		      uint8_t *key, bool *erased);
uint32_t boot_magic_off(const struct boot_trailer_layout *lay);
uint32_t boot_image_ok_off(const struct boot_trailer_layout *lay);
uint32_t boot_copy_done_off(const struct boot_trailer_layout *lay);
uint32_t boot_swap_info_off(const struct boot_trailer_layout *lay);
uint32_t boot_swap_size_off(const struct boot_trailer_layout *lay);
uint32_t boot_status_off(const struct boot_trailer_layout *lay);
uint32_t boot_status_entries(const struct boot_trailer_layout *lay);

/* The 16 magic bytes MCUboot expects for this max_align. */
void boot_magic_bytes(const struct boot_trailer_layout *lay,
		      uint8_t out[BOOT_MAGIC_SZ]);

/* Readers return 0 or a negative errno from the flash. */
int boot_read_magic(const struct flash_area *fa,
		    const struct boot_trailer_layout *lay, uint8_t *magic);
int boot_read_image_ok(const struct flash_area *fa,
		       const struct boot_trailer_layout *lay, uint8_t *flag);
int boot_read_copy_done(const struct flash_area *fa,
			const struct boot_trailer_layout *lay, uint8_t *flag);
int boot_read_swap_info(const struct flash_area *fa,
			const struct boot_trailer_layout *lay,
			uint8_t *swap_type, uint8_t *image_num);
/* An erased (or torn, i.e. not fully written) swap_size reads as -ENOENT. */
int boot_read_swap_size(const struct flash_area *fa,
			const struct boot_trailer_layout *lay,
			uint32_t *swap_size);
int boot_read_swap_state(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay,
			 struct boot_swap_state *st);

/*
 * Writers program one field; the field must be erased (flash refuses
 * anything else with -EROFS). Returns 0 or a negative errno.
 */
int boot_write_magic(const struct flash_area *fa,
		     const struct boot_trailer_layout *lay);
int boot_write_image_ok(const struct flash_area *fa,
			const struct boot_trailer_layout *lay);
int boot_write_copy_done(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay);
int boot_write_swap_info(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay,
			 uint8_t swap_type, uint8_t image_num);
int boot_write_swap_size(const struct flash_area *fa,
			 const struct boot_trailer_layout *lay,
			 uint32_t swap_size);

/* Status entry index (0-based) is written with value (MCUboot: the state). */
int boot_write_status_entry(const struct flash_area *fa,
			    const struct boot_trailer_layout *lay,
			    uint32_t index, uint8_t value);
/*
 * Finds the highest written status entry: *count = its index + 1, or 0 when
 * every entry is erased. An entry counts as written when its first byte is
 * not erased (a torn entry write still means the step before it finished).
 */
int boot_read_status_count(const struct flash_area *fa,
			   const struct boot_trailer_layout *lay,
			   uint32_t *count);

/* Erases the whole sectors that hold the trailer (from the slot end). */
int boot_erase_trailer_sectors(const struct flash_area *fa,
			       const struct boot_trailer_layout *lay);
/* First sector index that holds part of the trailer. */
uint32_t boot_first_trailer_sector(const struct flash_area *fa,
				   const struct boot_trailer_layout *lay);

#endif /* BOOT_TRAILER_H */
