/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>

#include "board/native/layout.h"

int board_flash_init(struct board_flash *bf, uint8_t *mem)
{
	static const struct flash_params params = {
		.size = BOARD_FLASH_SIZE,
		.page_size = BOARD_FLASH_PAGE,
		.write_block_size = BOARD_FLASH_WRITE_BLOCK,
		.erased_value = 0xff,
	};
	struct flash_dev *dev = &bf->sim.dev;
	int ret = flash_sim_init(&bf->sim, mem, &params);

	if (ret < 0) {
		return ret;
	}
	bf->areas[0] = (struct flash_area){FLASH_AREA_ID_BOOT, "mcuboot", dev,
					   BOARD_BOOT_OFF, BOARD_BOOT_SIZE};
	bf->areas[1] = (struct flash_area){FLASH_AREA_ID_IMAGE_0, "image-0",
					   dev, BOARD_SLOT0_OFF,
					   BOARD_SLOT0_SIZE};
	bf->areas[2] = (struct flash_area){FLASH_AREA_ID_IMAGE_1, "image-1",
					   dev, BOARD_SLOT1_OFF,
					   BOARD_SLOT1_SIZE};
	bf->areas[3] = (struct flash_area){FLASH_AREA_ID_STORAGE, "storage",
					   dev, BOARD_STORAGE_OFF,
					   BOARD_STORAGE_SIZE};
	return flash_map_check(bf->areas, BOARD_NUM_AREAS);
}

const struct flash_area *board_area(const struct board_flash *bf, uint8_t id)
{
	return flash_map_by_id(bf->areas, BOARD_NUM_AREAS, id);
}
