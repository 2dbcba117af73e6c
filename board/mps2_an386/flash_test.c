/* SPDX-License-Identifier: Apache-2.0 */
/*
 * On-target test of the NOR flash driver (flash_ssram.c) through the
 * flash map, on the storage partition: erase gives 0xff by whole pages,
 * writes only clear bits and must be aligned, nothing leaves the chip or
 * the partition. Prints one line per check; "flash rules: PASS" at the end
 * only when every check held (tests/cortexm.cmake).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "board/mps2_an386/board.h"

static bool ok = true;

static void check(bool cond, const char *what)
{
	board_puts(what);
	if (!cond) {
		board_puts("  FAILED");
		ok = false;
	}
}

int main(void)
{
	const struct flash_area *fa;
	uint8_t buf[16], back[16];
	int erased;

	board_console_init();
	board_power_on();
	fa = board_area(FLASH_AREA_ID_STORAGE);
	if (!fa) {
		board_puts("flash rules: no storage partition");
		return 1;
	}
	check(flash_area_erase(fa, 0, BOARD_FLASH_PAGE) == 0, "erase a page");
	erased = flash_area_is_erased(fa, 0, BOARD_FLASH_PAGE);
	check(erased == 1, "an erased page reads 0xff");

	memset(buf, 0x5a, sizeof(buf));
	check(flash_area_write(fa, 8, buf, sizeof(buf)) == 0,
	      "aligned write into erased bytes");
	check(flash_area_read(fa, 8, back, sizeof(back)) == 0 &&
		      memcmp(buf, back, sizeof(buf)) == 0,
	      "reads back what was written");

	memset(buf, 0x50, sizeof(buf)); /* 0x5a -> 0x50: clears bits only */
	check(flash_area_write(fa, 8, buf, sizeof(buf)) == 0,
	      "a write that only clears bits is allowed");

	memset(buf, 0xa5, sizeof(buf)); /* would set bits: NOR cannot */
	check(flash_area_write(fa, 8, buf, sizeof(buf)) == -EROFS,
	      "a write that sets a bit is refused with -EROFS");
	check(flash_area_read(fa, 8, back, sizeof(back)) == 0 &&
		      back[0] == 0x50 && back[15] == 0x50,
	      "and leaves the flash unchanged");

	check(flash_area_write(fa, 2, buf, 4) == -EINVAL,
	      "a write at an unaligned offset is refused");
	check(flash_area_write(fa, 64, buf, 3) == -EINVAL,
	      "a write of an unaligned length is refused");
	check(flash_area_erase(fa, 512, BOARD_FLASH_PAGE) == -EINVAL,
	      "an erase that does not start on a page is refused");
	check(flash_area_erase(fa, 0, 512) == -EINVAL,
	      "an erase of part of a page is refused");
	check(flash_area_write(fa, fa->size - 4, buf, 8) == -EINVAL,
	      "a write past the partition is refused");
	check(fa->dev->api->erase(fa->dev, BOARD_FLASH_SIZE,
				  BOARD_FLASH_PAGE) == -EINVAL,
	      "an erase past the chip is refused");

	check(flash_area_erase(fa, 0, BOARD_FLASH_PAGE) == 0 &&
		      flash_area_is_erased(fa, 0, BOARD_FLASH_PAGE) == 1,
	      "erase brings written bytes back to 0xff");
	board_puts(ok ? "flash rules: PASS" : "flash rules: FAIL");
	return ok ? 0 : 1;
}
