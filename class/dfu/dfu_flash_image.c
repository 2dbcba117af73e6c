/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <string.h>

#include "class/dfu/dfu_flash_image.h"

static uint32_t page_size(const struct dfu_flash_image *fi)
{
	return flash_area_page_size(fi->cfg.fa);
}

static uint32_t tail_pages(const struct dfu_flash_image *fi)
{
	return (fi->cfg.fa->size - fi->data_area.size) / page_size(fi);
}

/* Make the area hold no image: its first page and the trailer erased. */
static int invalidate(struct dfu_flash_image *fi)
{
	const struct flash_area *fa = fi->cfg.fa;
	int ret = flash_area_erase(fa, 0, page_size(fi));

	if (ret == 0 && fi->cfg.reserved_tail) {
		ret = flash_area_erase(fa, fi->data_area.size,
				       fa->size - fi->data_area.size);
	}
	return ret;
}

static enum dfu_status fli_start(struct dfu_flash_image *fi)
{
	int ret = stream_flash_init(&fi->stream, &fi->data_area, fi->cfg.buf,
				    fi->cfg.buf_len);

	if (ret < 0) {
		return DFU_ERR_TARGET;
	}
	/* Any pending request is cancelled before the first byte lands. */
	fi->tail_dirty = fi->cfg.reserved_tail != 0;
	fi->session = true;
	fi->manifest = false;
	fi->flushed = false;
	fi->committed = false;
	fi->staged = 0;
	fi->stage_done = 0;
	memset(fi->held, flash_area_erased_val(fi->cfg.fa), sizeof(fi->held));
	return DFU_STATUS_OK;
}

/*
 * Hand the stream n bytes of the block at stream position pos; the bytes of
 * the commit point are kept back and go to flash as erased bytes for now.
 */
static int stream_block(struct dfu_flash_image *fi, size_t pos,
			const uint8_t *data, size_t n)
{
	uint8_t erased[DFU_FLASH_IMAGE_HOLD_MAX];
	size_t k = 0;
	int ret;

	if (pos < fi->hold_len) {
		k = fi->hold_len - pos < n ? fi->hold_len - pos : n;
		memcpy(fi->held + pos, data, k);
		memset(erased, flash_area_erased_val(fi->cfg.fa), k);
		ret = stream_flash_write(&fi->stream, erased, k);
		if (ret < 0) {
			return ret;
		}
	}
	return stream_flash_write(&fi->stream, data + k, n - k);
}

/*
 * Estimate of the flash time the work still queued needs: the erases and
 * the bytes the stream will really program (a block that only fills the
 * write buffer programs nothing yet; the one that fills it programs all
 * of it), then manifestation's flush and commit point, so that each
 * bwPollTimeout matches the flash time that follows it.
 */
static uint32_t remaining_ms(struct dfu_flash_image *fi)
{
	size_t left = fi->staged - fi->stage_done;
	uint32_t erases = 0;
	size_t bytes = 0;
	uint32_t us;

	if (!fi->cfg.cost_us) {
		return 0;
	}
	if (fi->session) {
		erases += stream_flash_erases_needed(&fi->stream, left);
		bytes = stream_flash_program_bytes(&fi->stream, left);
		/* finish() comes after the last block is in the stream */
		if (fi->manifest && left == 0) {
			if (!fi->flushed) {
				bytes += stream_flash_flush_bytes(&fi->stream);
			}
			if (!fi->committed) {
				bytes += fi->hold_len;
			}
		}
	}
	if (fi->tail_dirty) {
		erases += tail_pages(fi);
	}
	if (fi->invalidate) {
		erases += 1 + tail_pages(fi);
	}
	us = fi->cfg.cost_us(fi->cfg.user, erases, (uint32_t)bytes);
	return (us + 999) / 1000;
}

/* Hand the stream at most what reaches the end of the next page. */
static enum dfu_status program_step(struct dfu_flash_image *fi)
{
	uint32_t page = page_size(fi);
	size_t pos = stream_flash_bytes_written(&fi->stream);
	size_t n = page - pos % page;
	int ret;

	if (fi->tail_dirty) {
		fi->tail_dirty = false;
		ret = flash_area_erase(fi->cfg.fa, fi->data_area.size,
				       fi->cfg.fa->size - fi->data_area.size);
		return ret < 0 ? DFU_ERR_ERASE : DFU_STATUS_OK;
	}
	if (n > fi->staged - fi->stage_done) {
		n = fi->staged - fi->stage_done;
	}
	ret = stream_block(fi, pos, fi->block + fi->stage_done, n);
	if (ret == -ENOSPC) {
		return DFU_ERR_ADDRESS;
	}
	if (ret < 0) {
		return DFU_ERR_PROG;
	}
	fi->stage_done += n;
	return DFU_STATUS_OK;
}

/* Manifestation, one step per call: flush, check, and on failure erase. */
static enum dfu_status manifest_step(struct dfu_flash_image *fi,
				     uint32_t *poll_ms)
{
	enum dfu_status ret;

	if (!fi->flushed) {
		fi->flushed = true;
		if (stream_flash_flush(&fi->stream) < 0) {
			fi->verdict = DFU_ERR_PROG;
			fi->invalidate = true;
		}
		return DFU_IMAGE_BUSY;
	}
	if (!fi->committed) {
		/* Every other byte is in: now the image exists. */
		fi->committed = true;
		if (flash_area_write(fi->cfg.fa, 0, fi->held, fi->hold_len) < 0) {
			fi->verdict = DFU_ERR_PROG;
			fi->invalidate = true;
		}
		return DFU_IMAGE_BUSY;
	}
	ret = fi->cfg.check ? fi->cfg.check(fi->cfg.user, fi->cfg.fa,
					    fi->total, poll_ms)
			    : DFU_STATUS_OK;
	if (ret == DFU_IMAGE_BUSY) {
		return ret;
	}
	fi->manifest = false;
	fi->session = false;
	if (ret != DFU_STATUS_OK) {
		fi->verdict = ret;
		fi->invalidate = true;
		return DFU_IMAGE_BUSY;
	}
	return DFU_STATUS_OK;
}

static enum dfu_status fli_step(struct dfu_flash_image *fi, uint32_t *poll_ms)
{
	if (fi->invalidate) {
		fi->invalidate = false;
		fi->manifest = false;
		if (invalidate(fi) < 0 && fi->verdict == DFU_STATUS_OK) {
			fi->verdict = DFU_ERR_ERASE;
		}
		return DFU_IMAGE_BUSY;
	}
	if (fi->tail_dirty || fi->stage_done < fi->staged) {
		enum dfu_status ret = program_step(fi);

		return ret == DFU_STATUS_OK ? DFU_IMAGE_BUSY : ret;
	}
	if (fi->manifest) {
		return manifest_step(fi, poll_ms);
	}
	return DFU_STATUS_OK;
}

static enum dfu_status fli_poll(void *ctx, uint32_t *poll_ms)
{
	struct dfu_flash_image *fi = ctx;
	enum dfu_status ret = fli_step(fi, poll_ms);

	if (ret == DFU_IMAGE_BUSY) {
		/* Done after this step? Then say so at once. */
		if (!fi->invalidate && !fi->tail_dirty &&
		    fi->stage_done == fi->staged && !fi->manifest) {
			ret = fi->verdict;
			fi->verdict = DFU_STATUS_OK;
			return ret;
		}
		*poll_ms = remaining_ms(fi);
	}
	return ret;
}

static enum dfu_status fli_write(void *ctx, uint32_t off, const uint8_t *data,
				 size_t len, uint32_t *poll_ms)
{
	struct dfu_flash_image *fi = ctx;
	enum dfu_status ret;

	if (off == 0) {
		ret = fli_start(fi);
		if (ret != DFU_STATUS_OK) {
			return ret;
		}
	}
	if (!fi->session || fi->manifest ||
	    off != stream_flash_bytes_written(&fi->stream) ||
	    fi->stage_done != fi->staged ||
	    (fi->cfg.stage && len > fi->cfg.stage_len) ||
	    len > fi->data_area.size - off) {
		return DFU_ERR_ADDRESS;
	}
	/* Without a stage buffer the class's block stays put until done. */
	if (fi->cfg.stage) {
		memcpy(fi->cfg.stage, data, len);
		fi->block = fi->cfg.stage;
	} else {
		fi->block = data;
	}
	fi->staged = len;
	fi->stage_done = 0;
	*poll_ms = remaining_ms(fi);
	return DFU_IMAGE_BUSY;
}

static enum dfu_status fli_finish(void *ctx, uint32_t total,
				  uint32_t *poll_ms)
{
	struct dfu_flash_image *fi = ctx;

	if (!fi->session) {
		return DFU_ERR_NOTDONE;
	}
	fi->manifest = true;
	fi->flushed = false;
	fi->total = total;
	fi->verdict = DFU_STATUS_OK;
	*poll_ms = remaining_ms(fi);
	return DFU_IMAGE_BUSY;
}

static enum dfu_status fli_read(void *ctx, uint32_t off, uint8_t *buf,
				size_t len, size_t *got)
{
	struct dfu_flash_image *fi = ctx;
	uint32_t stored;

	*got = 0;
	/* During a download or its clean-up there is no image to read. */
	if (fi->session || fi->invalidate) {
		return DFU_STATUS_OK;
	}
	stored = fi->cfg.stored_len ? fi->cfg.stored_len(fi->cfg.user,
							 fi->cfg.fa)
				    : fi->data_area.size;
	if (stored > fi->data_area.size) {
		stored = fi->data_area.size;
	}
	if (off >= stored) {
		return DFU_STATUS_OK;
	}
	if (len > stored - off) {
		len = stored - off;
	}
	if (flash_area_read(fi->cfg.fa, off, buf, len) < 0) {
		return DFU_ERR_TARGET;
	}
	*got = len;
	return DFU_STATUS_OK;
}

static enum dfu_status fli_abort(void *ctx, uint32_t *poll_ms)
{
	struct dfu_flash_image *fi = ctx;

	if (!fi->session) {
		return DFU_STATUS_OK;
	}
	fi->session = false;
	fi->manifest = false;
	fi->staged = 0;
	fi->stage_done = 0;
	fi->tail_dirty = false;
	fi->invalidate = true;
	fi->verdict = DFU_STATUS_OK;
	*poll_ms = remaining_ms(fi);
	return DFU_IMAGE_BUSY;
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
	uint32_t hold;

	if (!fi || !img || !cfg || !cfg->fa || !cfg->buf || !cfg->buf_len ||
	    (cfg->stage && !cfg->stage_len)) {
		return -EINVAL;
	}
	hold = flash_area_align(cfg->fa);
	hold = hold < 4 ? 4 : hold;
	if (hold > DFU_FLASH_IMAGE_HOLD_MAX || hold % flash_area_align(cfg->fa)) {
		return -EINVAL;
	}
	page = flash_area_page_size(cfg->fa);
	/* The trailer owns whole pages: they are erased on their own. */
	tail = (cfg->reserved_tail + page - 1) / page * page;
	if (tail >= cfg->fa->size) {
		return -EINVAL;
	}
	*fi = (struct dfu_flash_image){.cfg = *cfg, .hold_len = (uint8_t)hold};
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
