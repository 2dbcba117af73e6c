/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MEASURING HARNESS, not a driver: the flash driver both footprint
 * firmwares link (bench/footprint_main.c, bench/footprint_boot.c). It
 * reads erased bytes and programs nothing; real silicon brings its own,
 * and its cost is not the stack's. Static: each harness counts its copy.
 */
#ifndef BENCH_FOOTPRINT_FLASH_H
#define BENCH_FOOTPRINT_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "storage/flash_map.h"

static int harness_flash_read(struct flash_dev *dev, uint32_t off, void *buf,
			      size_t len)
{
	uint8_t *out = buf;

	for (size_t i = 0; i < len; i++) {
		out[i] = 0xff;
	}
	return 0;
}

static int harness_flash_write(struct flash_dev *dev, uint32_t off,
			       const void *buf, size_t len)
{
	return 0;
}

static int harness_flash_erase(struct flash_dev *dev, uint32_t off,
			       size_t len)
{
	return 0;
}

static const struct flash_api harness_flash_api = {
	.read = harness_flash_read,
	.write = harness_flash_write,
	.erase = harness_flash_erase,
};

#endif /* BENCH_FOOTPRINT_FLASH_H */
