/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>

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
	int ret;

	/* Cancel any pending request before the first new byte lands. */
	if (fi->cfg.reserved_tail) {
		ret = flash_area_erase(fi->cfg.fa, fi->data_area.size,
				       fi->cfg.fa->size - fi->data_area.size);
		if (ret < 0) {
			return -DFU_ERR_ERASE;
		}
	}
	ret = stream_flash_init(&fi->stream, &fi->data_area, fi->cfg.buf,
				fi->cfg.buf_len);
	if (ret < 0) {
		return -DFU_ERR_TARGET;
	}
	fi->session = true;
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
	if (!fi->session || off != stream_flash_bytes_written(&fi->stream)) {
		return -DFU_ERR_ADDRESS;
	}
	ret = stream_flash_write(&fi->stream, data, len);
	if (ret == -ENOSPC) {
		return -DFU_ERR_ADDRESS;
	}
	return ret < 0 ? -DFU_ERR_PROG : 0;
}

static int fli_poll(void *ctx, uint32_t *poll_ms)
{
	return 0; /* writes complete in fli_write */
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

	if (!fi || !img || !cfg || !cfg->fa || !cfg->buf || !cfg->buf_len) {
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
