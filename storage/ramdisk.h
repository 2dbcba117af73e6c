/* SPDX-License-Identifier: Apache-2.0 */
/* RAM disk: a disk_dev over caller-owned memory. */
#ifndef STORAGE_RAMDISK_H
#define STORAGE_RAMDISK_H

#include "storage/disk.h"

struct ramdisk {
	struct disk_dev disk;
	uint8_t *mem;
};

/* mem holds sector_size * sector_count bytes; its content is kept. */
int ramdisk_init(struct ramdisk *rd, const char *name, uint8_t *mem,
		 uint32_t sector_size, uint32_t sector_count);

#endif /* STORAGE_RAMDISK_H */
