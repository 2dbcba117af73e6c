/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hello world for the mps2-an386 board (Cortex-M4 in QEMU), run by the
 * bootloader from the primary slot. Like the native one it does not
 * confirm itself, so a test swap of it is reverted on the next reset.
 * The console takes one-letter commands so tests drive it as a user would
 * press buttons: r = reset (SYSRESETREQ), c = confirm, q = power off,
 * t = time a loop of known length (calibrates the counter for the bench).
 */
#include <stdbool.h>
#include <stdint.h>

#include "board/mps2_an386/board.h"
#include "boot/bootutil.h"
#include "boot/bootutil_log.h"

/* "version 2.0.0+0" of the running image, read from its own header. */
static void print_version(const struct flash_area *primary)
{
	struct boot_log_line l;
	uint8_t v[8];

	boot_log_line_init(&l);
	boot_log_add_str(&l, "version ");
	if (!primary || flash_area_read(primary, 20, v, sizeof(v)) < 0) {
		boot_log_add_str(&l, "unknown");
	} else {
		boot_log_add_dec(&l, v[0]);
		boot_log_add_str(&l, ".");
		boot_log_add_dec(&l, v[1]);
		boot_log_add_str(&l, ".");
		boot_log_add_dec(&l, (uint32_t)(v[2] | v[3] << 8));
		boot_log_add_str(&l, "+");
		boot_log_add_dec(&l, (uint32_t)v[4] | (uint32_t)v[5] << 8 |
					     (uint32_t)v[6] << 16 |
					     (uint32_t)v[7] << 24);
	}
	board_puts(l.text);
}

/* FPGA counter ticks (25 MHz) from reset to the first line, for bench. */
static void print_ticks(uint32_t ticks)
{
	struct boot_log_line l;

	boot_log_line_init(&l);
	boot_log_add_str(&l, "ticks since reset: ");
	boot_log_add_dec(&l, ticks);
	board_puts(l.text);
}

/*
 * 2 * CAL_LOOPS + 2 instructions (a subs/bne loop), timed with the counter:
 * under QEMU -icount this gives ticks per instruction.
 */
#define CAL_LOOPS 1000000u

static void calibrate(void)
{
	struct boot_log_line l;
	uint32_t n = CAL_LOOPS;
	uint32_t t0, t1;

	t0 = board_counter();
	__asm volatile("1: subs %0, %0, #1\n\t"
		       "bne 1b"
		       : "+r"(n)
		       :
		       : "cc");
	t1 = board_counter();
	boot_log_line_init(&l);
	boot_log_add_str(&l, "calibration: ");
	boot_log_add_dec(&l, 2 * CAL_LOOPS);
	boot_log_add_str(&l, " instructions, ");
	boot_log_add_dec(&l, t1 - t0);
	boot_log_add_str(&l, " ticks");
	board_puts(l.text);
}

int main(void)
{
	uint32_t ticks = board_counter();
	const struct flash_area *primary;
	bool ok;
	int c;

	board_console_init();
	board_puts("Hello World! " BOARD_NAME);
	primary = board_area(FLASH_AREA_ID_IMAGE_0);
	print_version(primary);
	print_ticks(ticks);
	for (;;) {
		c = board_getc();
		if (c == 'r') {
			board_puts("resetting");
			board_reset();
		} else if (c == 'c') {
			ok = primary && boot_confirm_image_ex(
						primary, BOARD_BOOT_MAX_ALIGN,
						BOARD_BOOT_MAX_SECTORS) == 0;
			board_puts(ok ? "image confirmed" : "confirm failed");
		} else if (c == 't') {
			calibrate();
		} else if (c == 'q') {
			board_exit(0);
		}
	}
}
