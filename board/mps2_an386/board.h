/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What firmware on the mps2-an386 board gets: console on the CMSDK UART0,
 * the NOR flash (storage/flash.h API, partitioned by layout.h), reset by
 * SYSRESETREQ, exit through semihosting, and the FPGA's 25 MHz counter.
 */
#ifndef BOARD_MPS2_AN386_BOARD_H
#define BOARD_MPS2_AN386_BOARD_H

#include <stdint.h>

#include "board/mps2_an386/layout.h"
#include "storage/flash_map.h"

/* Console on. Call first. */
void board_console_init(void);
void board_putc(char c);
/* s and a newline. */
void board_puts(const char *s);
/* A received byte, or -1 when none is waiting. */
int board_getc(void);

/*
 * Power-on of the emulated flash: on a cold start (QEMU just started) the
 * slots are loaded from the dump at BOARD_STAGING_BASE when the host put
 * one there, otherwise erased (a blank chip). A warm reset keeps them.
 * Only the bootloader calls it; idempotent.
 */
void board_power_on(void);

/* The flash map; NULL when id is unknown. */
const struct flash_area *board_area(uint8_t id);

/* SYSRESETREQ: the SoC resets, SSRAM (the flash) keeps its contents. */
void board_reset(void) __attribute__((noreturn));

/* Ends QEMU (semihosting): status 0, or 1 for any other value. */
void board_exit(int status) __attribute__((noreturn));

/* FPGAIO COUNTER: 25 MHz ticks since the last reset. */
uint32_t board_counter(void);

#endif /* BOARD_MPS2_AN386_BOARD_H */
