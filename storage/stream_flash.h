/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream writer: takes chunks of any size (e.g. DFU blocks) and writes
 * them to a flash area from offset 0 on, buffered to buf_len bytes (a
 * multiple of the write block size). Pages are erased progressively: a
 * chunk erases exactly the pages its bytes land in that are not erased yet,
 * before it is buffered, so the area is never erased up front and after
 * the first bytes only the first page is erased. Every flash write is
 * exactly buf_len bytes, except the final padded one from
 * stream_flash_flush().
 *
 * Errors (negative errno):
 *   -EINVAL  bad arguments to init or NULL data
 *   -ENOSPC  the chunk does not fit in the rest of the area: nothing of it
 *            is taken and nothing is erased or written
 *   -EALREADY a write after a flush that had to pad: the padded write block
 *            is programmed, so the stream cannot continue
 *   other    the first flash error (-EIO on a power cut, ...): the stream
 *            is dead and every later write or flush returns it again;
 *            bytes_written() then tells how far it got
 */
#ifndef STORAGE_STREAM_FLASH_H
#define STORAGE_STREAM_FLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/flash_map.h"

struct stream_flash {
	const struct flash_area *fa;
	uint8_t *buf;
	size_t buf_len;
	size_t buf_fill;     /* bytes waiting in buf */
	uint32_t flushed;    /* area offset where buf goes (bytes on flash) */
	uint32_t erased_end; /* area pages below this offset are erased */
	uint32_t accepted;   /* bytes taken from the caller */
	int err;             /* first flash error, sticky; 0 = none */
	bool closed;         /* a padded flush ended the stream */
};

/*
 * fa must have a device and a non-zero size that is a multiple of its page
 * size; buf_len must be a non-zero multiple of the write block size.
 * Nothing is erased or written here. Returns 0 or -EINVAL.
 */
int stream_flash_init(struct stream_flash *ctx, const struct flash_area *fa,
		      uint8_t *buf, size_t buf_len);

/* Takes all len bytes or (-ENOSPC) none. See the error list above. */
int stream_flash_write(struct stream_flash *ctx, const uint8_t *data,
		       size_t len);

/*
 * Writes the buffered bytes, padded with the erased value up to the write
 * block size. Without padding the stream may continue; with padding it is
 * closed (see -EALREADY). Nothing buffered: returns 0.
 */
int stream_flash_flush(struct stream_flash *ctx);

/* Bytes accepted so far (buffered ones included, padding not). */
size_t stream_flash_bytes_written(const struct stream_flash *ctx);

/*
 * Area offset up to which the stream has programmed flash (what survives
 * a power cut; after a padded flush the pad is included).
 */
uint32_t stream_flash_flushed(const struct stream_flash *ctx);

/* Area offset below which every page has been erased by this stream. */
uint32_t stream_flash_erased_end(const struct stream_flash *ctx);

/*
 * How many page erases a stream_flash_write() of len bytes would do now
 * (0 if it would not fit): with the write count, enough for an honest
 * estimate of the time it takes before doing it.
 */
uint32_t stream_flash_erases_needed(const struct stream_flash *ctx,
				    size_t len);
/*
 * How many bytes a stream_flash_write() of len bytes would program now:
 * only the buffers it fills go to flash (0 if it would not fit). With
 * stream_flash_erases_needed(), the estimate of that write's flash time.
 */
size_t stream_flash_program_bytes(const struct stream_flash *ctx, size_t len);
/* How many bytes stream_flash_flush() would program now (padding too). */
size_t stream_flash_flush_bytes(const struct stream_flash *ctx);

#endif /* STORAGE_STREAM_FLASH_H */
