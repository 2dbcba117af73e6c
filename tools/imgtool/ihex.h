/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Intel HEX as imgtool uses it (through python-intelhex): reading a file
 * into one flat buffer from its lowest address, and writing the record
 * layout intelhex writes, so a signer's .hex output is byte-identical to
 * imgtool's: at most 16 data bytes per record, a record never crosses a
 * 64 KiB boundary or a gap, an extended linear address record (type 04)
 * whenever the upper 16 address bits change, upper-case hex, "\n" line
 * ends, the end record last.
 */
#ifndef TOOLS_IMGTOOL_IHEX_H
#define TOOLS_IMGTOOL_IHEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes at addresses; present[i] says whether data[i] was given. */
struct ihex_image {
	uint32_t base; /* lowest address */
	size_t len;    /* highest address + 1 - base */
	uint8_t *data;
	bool *present;
};

/* An empty image of len bytes at base, all fill and absent. */
int ihex_alloc(struct ihex_image *img, uint32_t base, size_t len, uint8_t fill);
void ihex_free(struct ihex_image *img);

/* Marks [off, off + n) present with the given bytes. */
void ihex_put(struct ihex_image *img, size_t off, const uint8_t *src, size_t n);

/*
 * Parse Intel HEX text (record types 00, 01, 02, 04; 03 and 05, start
 * addresses, are ignored). Gaps hold fill and are absent. -1 with
 * tool_error() set.
 */
int ihex_parse(const char *text, size_t len, uint8_t fill,
	       struct ihex_image *img);
int ihex_read_file(const char *path, uint8_t fill, struct ihex_image *img);

/* The present bytes as Intel HEX. -1 with tool_error() set. */
int ihex_write_file(const char *path, const struct ihex_image *img);

/* The file name ends in .hex (any case): imgtool picks the format so. */
bool ihex_is_hex_name(const char *path);

#endif /* TOOLS_IMGTOOL_IHEX_H */
