/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <string.h>

#include "storage/ramdisk.h"

static int ramdisk_range(struct disk_dev *dev, uint32_t sector,
			 uint32_t count)
{
	if (count == 0 || sector >= dev->sector_count ||
	    count > dev->sector_count - sector) {
		return -EINVAL;
	}
	return 0;
}

static int ramdisk_read(struct disk_dev *dev, uint8_t *buf, uint32_t sector,
			uint32_t count)
{
	struct ramdisk *rd = dev->priv;
	int ret = ramdisk_range(dev, sector, count);

	if (ret == 0) {
		memcpy(buf, rd->mem + (size_t)sector * dev->sector_size,
		       (size_t)count * dev->sector_size);
	}
	return ret;
}

static int ramdisk_write(struct disk_dev *dev, const uint8_t *buf,
			 uint32_t sector, uint32_t count)
{
	struct ramdisk *rd = dev->priv;
	int ret = ramdisk_range(dev, sector, count);

	if (ret == 0) {
		memcpy(rd->mem + (size_t)sector * dev->sector_size, buf,
		       (size_t)count * dev->sector_size);
	}
	return ret;
}

static const struct disk_api ramdisk_api = {
	.read = ramdisk_read,
	.write = ramdisk_write,
};

int ramdisk_init(struct ramdisk *rd, const char *name, uint8_t *mem,
		 uint32_t sector_size, uint32_t sector_count)
{
	if (!rd || !mem || sector_size == 0 || sector_count == 0) {
		return -EINVAL;
	}
	rd->mem = mem;
	rd->disk = (struct disk_dev){
		.name = name,
		.api = &ramdisk_api,
		.sector_size = sector_size,
		.sector_count = sector_count,
		.priv = rd,
	};
	return 0;
}
