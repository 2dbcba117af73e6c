/* SPDX-License-Identifier: Apache-2.0 */
#include "board/mps2_an386/board.h"

#include <stdbool.h>
#include <string.h>

#include "board/mps2_an386/flash_ssram.h"

/* CMSDK APB UART0 */
#define UART0_BASE    0x40004000u
#define UART_DATA     (*(volatile uint32_t *)(UART0_BASE + 0x00u))
#define UART_STATE    (*(volatile uint32_t *)(UART0_BASE + 0x04u))
#define UART_CTRL     (*(volatile uint32_t *)(UART0_BASE + 0x08u))
#define UART_BAUDDIV  (*(volatile uint32_t *)(UART0_BASE + 0x10u))
#define UART_TX_FULL  0x1u
#define UART_RX_FULL  0x2u
#define UART_TX_RX_ON 0x3u
/* 25 MHz / 217 = 115200 baud on the real FPGA; QEMU ignores the rate. */
#define UART_DIV_115200 217u

/* FPGA system registers: COUNTER runs at the 25 MHz system clock. */
#define FPGAIO_COUNTER (*(volatile uint32_t *)0x40028018u)

#define SCB_AIRCR         (*(volatile uint32_t *)0xe000ed0cu)
#define AIRCR_VECTKEY     0x05fa0000u
#define AIRCR_SYSRESETREQ 0x4u

/* Semihosting (ARM DUI 0471): SYS_EXIT with an ADP reason code. */
#define SEMIHOST_SYS_EXIT       0x18u
#define ADP_STOPPED_APP_EXIT    0x20026u
#define ADP_STOPPED_RUNTIME_ERR 0x20023u

/*
 * Kept in SSRAM1 where no image loads, so it survives SYSRESETREQ and
 * starts as zero when QEMU starts: tells a cold start from a warm reset.
 * The host writes cut and staging_magic with `-device loader,data=...`.
 */
struct board_noinit {
	uint32_t magic;
	struct flash_ssram_cut cut;
	uint32_t staging_magic; /* BOARD_STAGING_MAGIC: a dump is staged */
};

#define BOARD_NOINIT_MAGIC  0x4e4f5231u /* flash is live */
#define BOARD_STAGING_MAGIC 0x464c5348u /* "FLSH" */

static struct board_noinit *noinit(void)
{
	return (struct board_noinit *)BOARD_NOINIT_BASE;
}

void board_console_init(void)
{
	UART_BAUDDIV = UART_DIV_115200;
	UART_CTRL = UART_TX_RX_ON;
}

void board_putc(char c)
{
	while (UART_STATE & UART_TX_FULL) {
	}
	UART_DATA = (uint8_t)c;
}

void board_puts(const char *s)
{
	while (*s) {
		board_putc(*s++);
	}
	board_putc('\n');
}

int board_getc(void)
{
	if (!(UART_STATE & UART_RX_FULL)) {
		return -1;
	}
	return (int)(UART_DATA & 0xffu);
}

void board_power_on(void)
{
	struct board_noinit *ni = noinit();
	uint8_t *flash = (uint8_t *)(BOARD_FLASH_BASE + BOARD_SLOT0_OFF);
	const uint8_t *dump =
		(const uint8_t *)(BOARD_STAGING_BASE + BOARD_SLOT0_OFF);
	size_t len = BOARD_FLASH_SIZE - BOARD_SLOT0_OFF;

	if (ni->magic == BOARD_NOINIT_MAGIC) {
		return; /* warm reset: flash as the last run left it */
	}
	/* The boot partition holds this code (QEMU loads it from the ELF). */
	if (ni->staging_magic == BOARD_STAGING_MAGIC) {
		memcpy(flash, dump, len);
	} else {
		memset(flash, 0xff, len);
	}
	ni->cut.ops = 0;
	ni->magic = BOARD_NOINIT_MAGIC;
}

static struct flash_ssram chip;
static struct flash_area areas[BOARD_NUM_AREAS];

static bool flash_ready(void)
{
	static const struct flash_params params = {
		.size = BOARD_FLASH_SIZE,
		.page_size = BOARD_FLASH_PAGE,
		.write_block_size = BOARD_FLASH_WRITE_BLOCK,
		.erased_value = 0xff,
	};
	struct flash_dev *dev = &chip.dev;

	if (chip.dev.api) {
		return true;
	}
	if (flash_ssram_init(&chip, BOARD_FLASH_BASE, &params, &noinit()->cut) <
	    0) {
		return false;
	}
	areas[0] = (struct flash_area){FLASH_AREA_ID_BOOT, "mcuboot", dev,
				       BOARD_BOOT_OFF, BOARD_BOOT_SIZE};
	areas[1] = (struct flash_area){FLASH_AREA_ID_IMAGE_0, "image-0", dev,
				       BOARD_SLOT0_OFF, BOARD_SLOT0_SIZE};
	areas[2] = (struct flash_area){FLASH_AREA_ID_IMAGE_1, "image-1", dev,
				       BOARD_SLOT1_OFF, BOARD_SLOT1_SIZE};
	areas[3] = (struct flash_area){FLASH_AREA_ID_STORAGE, "storage", dev,
				       BOARD_STORAGE_OFF, BOARD_STORAGE_SIZE};
	if (flash_map_check(areas, BOARD_NUM_AREAS) < 0) {
		chip.dev.api = NULL;
		return false;
	}
	return true;
}

const struct flash_area *board_area(uint8_t id)
{
	if (!flash_ready()) {
		return NULL;
	}
	return flash_map_by_id(areas, BOARD_NUM_AREAS, id);
}

void board_reset(void)
{
	__asm volatile("dsb" ::: "memory");
	SCB_AIRCR = AIRCR_VECTKEY | AIRCR_SYSRESETREQ;
	__asm volatile("dsb" ::: "memory");
	for (;;) {
	}
}

void board_exit(int status)
{
	register uint32_t r0 __asm("r0") = SEMIHOST_SYS_EXIT;
	register uint32_t r1 __asm("r1") =
		status == 0 ? ADP_STOPPED_APP_EXIT : ADP_STOPPED_RUNTIME_ERR;

	__asm volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
	for (;;) {
	}
}

uint32_t board_counter(void)
{
	return FPGAIO_COUNTER;
}
