/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU image on a disk (e.g. "ramdisk0"): any block size and offset, not
 * just whole sectors. The image is the bytes of the last completed
 * download (at start: the whole disk); an upload returns exactly those.
 * An aborted download invalidates the image (length 0) rather than let a
 * half-new, half-old mix be read back as if it were whole.
 */
#ifndef CLASS_DFU_DFU_DISK_IMAGE_H
#define CLASS_DFU_DFU_DISK_IMAGE_H

#include "class/dfu/dfu_image.h"
#include "storage/disk.h"

struct dfu_disk_image {
	struct disk_dev *disk;
	uint8_t *sector_buf; /* one sector */
	uint32_t stored_len;
};

extern const struct dfu_image_ops dfu_disk_image_ops;

/* Fills img (name, ops, ctx, capacity) for the disk. */
int dfu_disk_image_init(struct dfu_disk_image *di, struct dfu_image *img,
			const char *name, struct disk_dev *disk,
			uint8_t *sector_buf);

#endif /* CLASS_DFU_DFU_DISK_IMAGE_H */
