/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <string.h>

#include "class/dfu/dfu_disk_image.h"

static uint32_t disk_bytes(const struct disk_dev *disk)
{
	return disk->sector_size * disk->sector_count;
}

/* Write len bytes at off: partial sectors are read, merged, written. */
static enum dfu_status disk_write_bytes(struct dfu_disk_image *di,
					uint32_t off, const uint8_t *data,
					size_t len)
{
	uint32_t ss = di->disk->sector_size;

	while (len > 0) {
		uint32_t sector = off / ss;
		uint32_t in_sec = off % ss;
		size_t n = ss - in_sec;
		int ret;

		if (n > len) {
			n = len;
		}
		if (in_sec == 0 && n == ss) {
			uint32_t count = (uint32_t)(len / ss);

			n = (size_t)count * ss;
			ret = disk_write(di->disk, data, sector, count);
		} else {
			ret = disk_read(di->disk, di->sector_buf, sector, 1);
			if (ret == 0) {
				memcpy(di->sector_buf + in_sec, data, n);
				ret = disk_write(di->disk, di->sector_buf,
						 sector, 1);
			}
		}
		if (ret < 0) {
			return DFU_ERR_WRITE;
		}
		off += (uint32_t)n;
		data += n;
		len -= n;
	}
	return DFU_STATUS_OK;
}

static enum dfu_status ddi_write(void *ctx, uint32_t off, const uint8_t *data,
				 size_t len, uint32_t *poll_ms)
{
	struct dfu_disk_image *di = ctx;

	/* While a download runs, the old image is gone. */
	di->stored_len = 0;
	if (len > disk_bytes(di->disk) || off > disk_bytes(di->disk) - len) {
		return DFU_ERR_ADDRESS;
	}
	return disk_write_bytes(di, off, data, len);
}

static enum dfu_status ddi_poll(void *ctx, uint32_t *poll_ms)
{
	return DFU_STATUS_OK; /* RAM disk writes complete at once */
}

static enum dfu_status ddi_finish(void *ctx, uint32_t total,
				  uint32_t *poll_ms)
{
	struct dfu_disk_image *di = ctx;

	di->stored_len = total;
	return DFU_STATUS_OK;
}

static enum dfu_status ddi_read(void *ctx, uint32_t off, uint8_t *buf,
				size_t len, size_t *got)
{
	struct dfu_disk_image *di = ctx;
	uint32_t ss = di->disk->sector_size;
	size_t done = 0;

	*got = 0;
	if (off >= di->stored_len) {
		return DFU_STATUS_OK;
	}
	if (len > di->stored_len - off) {
		len = di->stored_len - off;
	}
	while (done < len) {
		uint32_t pos = off + (uint32_t)done;
		uint32_t in_sec = pos % ss;
		size_t n = ss - in_sec;

		if (n > len - done) {
			n = len - done;
		}
		if (disk_read(di->disk, di->sector_buf, pos / ss, 1) < 0) {
			return DFU_ERR_TARGET; /* the disk failed, not the host */
		}
		memcpy(buf + done, di->sector_buf + in_sec, n);
		done += n;
	}
	*got = done;
	return DFU_STATUS_OK;
}

static enum dfu_status ddi_abort(void *ctx, uint32_t *poll_ms)
{
	struct dfu_disk_image *di = ctx;

	di->stored_len = 0;
	return DFU_STATUS_OK;
}

const struct dfu_image_ops dfu_disk_image_ops = {
	.write = ddi_write,
	.poll = ddi_poll,
	.finish = ddi_finish,
	.read = ddi_read,
	.abort = ddi_abort,
};

int dfu_disk_image_init(struct dfu_disk_image *di, struct dfu_image *img,
			const char *name, struct disk_dev *disk,
			uint8_t *sector_buf)
{
	if (!di || !img || !disk || !sector_buf) {
		return -EINVAL;
	}
	di->disk = disk;
	di->sector_buf = sector_buf;
	di->stored_len = disk_bytes(disk);
	*img = (struct dfu_image){
		.name = name,
		.ops = &dfu_disk_image_ops,
		.ctx = di,
		.capacity = disk_bytes(disk),
	};
	return 0;
}
