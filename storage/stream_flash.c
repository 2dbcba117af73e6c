/* SPDX-License-Identifier: Apache-2.0 */
/* Stream writer with progressive page erase; behaviour in stream_flash.h. */
#include "storage/stream_flash.h"

#include <errno.h>
#include <string.h>

int stream_flash_init(struct stream_flash *ctx, const struct flash_area *fa,
		      uint8_t *buf, size_t buf_len)
{
	uint32_t page, wbs;

	if (ctx == NULL || fa == NULL || fa->dev == NULL || buf == NULL) {
		return -EINVAL;
	}
	page = flash_area_page_size(fa);
	wbs = flash_area_align(fa);
	if (fa->size == 0 || page == 0 || fa->size % page != 0 || wbs == 0 ||
	    buf_len == 0 || buf_len % wbs != 0) {
		return -EINVAL;
	}
	memset(ctx, 0, sizeof(*ctx));
	ctx->fa = fa;
	ctx->buf = buf;
	ctx->buf_len = buf_len;
	return 0;
}

/* A flash error kills the stream: later calls must not write past a gap. */
static int fail(struct stream_flash *ctx, int err)
{
	ctx->err = err;
	return err;
}

/* Erases the pages not yet erased below area offset end. */
static int erase_up_to(struct stream_flash *ctx, uint32_t end)
{
	uint32_t page = flash_area_page_size(ctx->fa);
	int err;

	while (ctx->erased_end < end) {
		err = flash_area_erase(ctx->fa, ctx->erased_end, page);
		if (err) {
			return fail(ctx, err);
		}
		ctx->erased_end += page;
	}
	return 0;
}

static int write_buf(struct stream_flash *ctx, size_t len)
{
	int err = flash_area_write(ctx->fa, ctx->flushed, ctx->buf, len);

	if (err) {
		return fail(ctx, err);
	}
	ctx->flushed += len;
	ctx->buf_fill = 0;
	return 0;
}

static bool fits(const struct stream_flash *ctx, size_t len)
{
	return len <= ctx->fa->size - ctx->accepted;
}

int stream_flash_write(struct stream_flash *ctx, const uint8_t *data,
		       size_t len)
{
	int err;

	if (ctx->err) {
		return ctx->err;
	}
	if (len == 0) {
		return 0;
	}
	if (data == NULL) {
		return -EINVAL;
	}
	if (ctx->closed) {
		return -EALREADY;
	}
	if (!fits(ctx, len)) {
		return -ENOSPC;
	}
	while (len > 0) {
		size_t room = ctx->buf_len - ctx->buf_fill;
		size_t n = len < room ? len : room;

		err = erase_up_to(ctx, ctx->accepted + n);
		if (err) {
			return err;
		}
		memcpy(ctx->buf + ctx->buf_fill, data, n);
		ctx->buf_fill += n;
		ctx->accepted += n;
		data += n;
		len -= n;
		if (ctx->buf_fill == ctx->buf_len) {
			err = write_buf(ctx, ctx->buf_len);
			if (err) {
				return err;
			}
		}
	}
	return 0;
}

int stream_flash_flush(struct stream_flash *ctx)
{
	uint32_t wbs;
	size_t padded;
	int err;

	if (ctx->err) {
		return ctx->err;
	}
	if (ctx->buf_fill == 0) {
		return 0;
	}
	wbs = flash_area_align(ctx->fa);
	padded = (ctx->buf_fill + wbs - 1) / wbs * wbs;
	memset(ctx->buf + ctx->buf_fill, flash_area_erased_val(ctx->fa),
	       padded - ctx->buf_fill);
	/* already erased when the bytes were taken; the pad stays in a page */
	err = write_buf(ctx, padded);
	if (err) {
		return err;
	}
	ctx->closed = ctx->flushed != ctx->accepted;
	return 0;
}

size_t stream_flash_bytes_written(const struct stream_flash *ctx)
{
	return ctx->accepted;
}

uint32_t stream_flash_flushed(const struct stream_flash *ctx)
{
	return ctx->flushed;
}

uint32_t stream_flash_erased_end(const struct stream_flash *ctx)
{
	return ctx->erased_end;
}

uint32_t stream_flash_erases_needed(const struct stream_flash *ctx,
				    size_t len)
{
	uint32_t page = flash_area_page_size(ctx->fa);
	uint32_t end;

	if (ctx->closed || ctx->err || !fits(ctx, len)) {
		return 0;
	}
	end = ctx->accepted + (uint32_t)len;
	if (end <= ctx->erased_end) {
		return 0;
	}
	return (end - ctx->erased_end + page - 1) / page;
}

size_t stream_flash_program_bytes(const struct stream_flash *ctx, size_t len)
{
	if (ctx->closed || ctx->err || !fits(ctx, len)) {
		return 0;
	}
	return (ctx->buf_fill + len) / ctx->buf_len * ctx->buf_len;
}

size_t stream_flash_flush_bytes(const struct stream_flash *ctx)
{
	uint32_t wbs = flash_area_align(ctx->fa);

	if (ctx->closed || ctx->err) {
		return 0;
	}
	return (ctx->buf_fill + wbs - 1) / wbs * wbs;
}
