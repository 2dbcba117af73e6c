/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Disk API: block storage addressed by sector, like Zephyr's disk_access.
 * Errors are negative errno values.
 */
#ifndef STORAGE_DISK_H
#define STORAGE_DISK_H

#include <stddef.h>
#include <stdint.h>

struct disk_dev;

struct disk_api {
	int (*read)(struct disk_dev *dev, uint8_t *buf, uint32_t sector,
		    uint32_t count);
	int (*write)(struct disk_dev *dev, const uint8_t *buf, uint32_t sector,
		     uint32_t count);
};

struct disk_dev {
	const char *name;
	const struct disk_api *api;
	uint32_t sector_size;
	uint32_t sector_count;
	void *priv;
};

static inline int disk_read(struct disk_dev *dev, uint8_t *buf,
			    uint32_t sector, uint32_t count)
{
	return dev->api->read(dev, buf, sector, count);
}

static inline int disk_write(struct disk_dev *dev, const uint8_t *buf,
			     uint32_t sector, uint32_t count)
{
	return dev->api->write(dev, buf, sector, count);
}

#endif /* STORAGE_DISK_H */
