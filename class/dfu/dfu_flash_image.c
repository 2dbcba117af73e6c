/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <string.h>

#include "class/dfu/dfu_flash_image.h"

/* Make the area hold no image: its first page and the trailer erased. */
static int invalidate(struct dfu_flash_image *fi)
{
	const struct flash_area *fa = fi->cfg.fa;
	uint32_t page = flash_area_page_size(fa);
	int ret = flash_area_erase(fa, 0, page);

	if (ret == 0 && fi->cfg.reserved_tail) {
		ret = flash_area_erase(fa, fi->data_area.size,
				       fa->size - fi->data_area.size);
	}
	return ret;
}

static int fli_start(struct dfu_flash_image *fi)
{
	int ret = stream_flash_init(&fi->stream, &fi->data_area, fi->cfg.buf,
				    fi->cfg.buf_len);

	if (ret < 0) {
		return -DFU_ERR_TARGET;
	}
	/* Any pending request is cancelled before the first byte lands. */
	fi->tail_dirty = fi->cfg.reserved_tail != 0;
	fi->session = true;
	return 0;
}

static uint32_t tail_pages(const struct dfu_flash_image *fi)
{
	return (fi->cfg.fa->size - fi->data_area.size) /
	       flash_area_page_size(fi->cfg.fa);
}

/* Estimate of the flash time the rest of the staged block needs. */
static uint32_t remaining_ms(struct dfu_flash_image *fi)
{
	size_t left = fi->staged - fi->stage_done;
	uint32_t us;

	if (!fi->cfg.cost_us) {
		return 0;
	}
	us = fi->cfg.cost_us(fi->cfg.user,
			     stream_flash_erases_needed(&fi->stream, left) +
				     (fi->tail_dirty ? tail_pages(fi) : 0),
			     (uint32_t)left);
	return (us + 999) / 1000;
}

/* Hand the stream at most what reaches the end of the next page. */
static int program_step(struct dfu_flash_image *fi)
{
	uint32_t page = flash_area_page_size(fi->cfg.fa);
	size_t pos = stream_flash_bytes_written(&fi->stream);
	size_t n = page - pos % page;
	int ret;

	if (fi->tail_dirty) {
		fi->tail_dirty = false;
		ret = flash_area_erase(fi->cfg.fa, fi->data_area.size,
				       fi->cfg.fa->size - fi->data_area.size);
		return ret < 0 ? -DFU_ERR_ERASE : 0;
	}
	if (n > fi->staged - fi->stage_done) {
		n = fi->staged - fi->stage_done;
	}
	ret = stream_flash_write(&fi->stream, fi->cfg.stage + fi->stage_done,
				 n);
	if (ret == -ENOSPC) {
		return -DFU_ERR_ADDRESS;
	}
	if (ret < 0) {
		return -DFU_ERR_PROG;
	}
	fi->stage_done += n;
	return 0;
}

static int fli_poll(void *ctx, uint32_t *poll_ms)
{
	struct dfu_flash_image *fi = ctx;
	int ret;

	if (fi->tail_dirty || fi->stage_done < fi->staged) {
		ret = program_step(fi);
		if (ret < 0) {
			return ret;
		}
	}
	if (fi->tail_dirty || fi->stage_done < fi->staged) {
		*poll_ms = remaining_ms(fi);
		return DFU_IMAGE_BUSY;
	}
	return 0;
}

static int fli_write(void *ctx, uint32_t off, const uint8_t *data, size_t len,
		     uint32_t *poll_ms)
{
	struct dfu_flash_image *fi = ctx;
	int ret;

	if (off == 0) {
		ret = fli_start(fi);
		if (ret < 0) {
			return ret;
		}
	}
	if (!fi->session || off != stream_flash_bytes_written(&fi->stream) ||
	    len > fi->cfg.stage_len) {
		return -DFU_ERR_ADDRESS;
	}
	if (len > fi->data_area.size - off) {
		return -DFU_ERR_ADDRESS;
	}
	memcpy(fi->cfg.stage, data, len);
	fi->staged = len;
	fi->stage_done = 0;
	*poll_ms = remaining_ms(fi);
	return DFU_IMAGE_BUSY;
}

static int fli_finish(void *ctx, uint32_t total, uint32_t *poll_ms)
{
	struct dfu_flash_image *fi = ctx;
	int ret;

	if (!fi->session) {
		return -DFU_ERR_NOTDONE;
	}
	fi->session = false;
	if (stream_flash_flush(&fi->stream) < 0) {
		invalidate(fi);
		return -DFU_ERR_PROG;
	}
	ret = fi->cfg.check ? fi->cfg.check(fi->cfg.user, fi->cfg.fa, total)
			    : 0;
	if (ret < 0) {
		invalidate(fi);
		return ret;
	}
	return 0;
}

static int fli_read(void *ctx, uint32_t off, uint8_t *buf, size_t len)
{
	struct dfu_flash_image *fi = ctx;
	uint32_t stored;

	/* During a download there is no complete image to read. */
	if (fi->session) {
		return 0;
	}
	stored = fi->cfg.stored_len ? fi->cfg.stored_len(fi->cfg.user,
							 fi->cfg.fa)
				    : fi->data_area.size;
	if (stored > fi->data_area.size) {
		stored = fi->data_area.size;
	}
	if (off >= stored) {
		return 0;
	}
	if (len > stored - off) {
		len = stored - off;
	}
	return flash_area_read(fi->cfg.fa, off, buf, len) < 0 ? -DFU_ERR_UNKNOWN
							      : (int)len;
}

static void fli_abort(void *ctx)
{
	struct dfu_flash_image *fi = ctx;

	if (fi->session) {
		fi->session = false;
		fi->staged = 0;
		fi->stage_done = 0;
		invalidate(fi);
	}
}

const struct dfu_image_ops dfu_flash_image_ops = {
	.write = fli_write,
	.poll = fli_poll,
	.finish = fli_finish,
	.read = fli_read,
	.abort = fli_abort,
};

int dfu_flash_image_init(struct dfu_flash_image *fi, struct dfu_image *img,
			 const char *name,
			 const struct dfu_flash_image_cfg *cfg)
{
	uint32_t page;
	uint32_t tail;

	if (!fi || !img || !cfg || !cfg->fa || !cfg->buf || !cfg->buf_len ||
	    !cfg->stage || !cfg->stage_len) {
		return -EINVAL;
	}
	page = flash_area_page_size(cfg->fa);
	/* The trailer owns whole pages: they are erased on their own. */
	tail = (cfg->reserved_tail + page - 1) / page * page;
	if (tail >= cfg->fa->size) {
		return -EINVAL;
	}
	*fi = (struct dfu_flash_image){.cfg = *cfg};
	fi->data_area = *cfg->fa;
	fi->data_area.size = cfg->fa->size - tail;
	*img = (struct dfu_image){
		.name = name,
		.ops = &dfu_flash_image_ops,
		.ctx = fi,
		.capacity = fi->data_area.size,
	};
	return 0;
}
