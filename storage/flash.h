/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Flash API: NOR flash as the bootloader and the DFU backend see it.
 * Uniform pages; writes must be aligned to write_block_size and may only
 * program erased locations; erase works on whole pages.
 * Errors are negative errno values (-EINVAL bad range or alignment,
 * -EIO device failure or cut power, -EROFS write to non-erased bytes).
 */
#ifndef STORAGE_FLASH_H
#define STORAGE_FLASH_H

#include <stddef.h>
#include <stdint.h>

struct flash_dev;

struct flash_params {
	uint32_t size;             /* bytes */
	uint32_t page_size;        /* erase unit, bytes */
	uint32_t write_block_size; /* program unit, bytes (power of two) */
	uint8_t erased_value;      /* 0xff for NOR */
};

struct flash_api {
	int (*read)(struct flash_dev *dev, uint32_t off, void *buf,
		    size_t len);
	int (*write)(struct flash_dev *dev, uint32_t off, const void *buf,
		     size_t len);
	int (*erase)(struct flash_dev *dev, uint32_t off, size_t len);
};

struct flash_dev {
	const struct flash_api *api;
	struct flash_params params;
	void *priv;
};

static inline int flash_read(struct flash_dev *dev, uint32_t off, void *buf,
			     size_t len)
{
	return dev->api->read(dev, off, buf, len);
}

static inline int flash_write(struct flash_dev *dev, uint32_t off,
			      const void *buf, size_t len)
{
	return dev->api->write(dev, off, buf, len);
}

static inline int flash_erase(struct flash_dev *dev, uint32_t off, size_t len)
{
	return dev->api->erase(dev, off, len);
}

#endif /* STORAGE_FLASH_H */
