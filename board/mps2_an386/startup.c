/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cortex-M4 startup shared by every firmware of this board: the vector
 * table (placed first by the linker script) and the reset handler, which
 * sets up C (copy .data, zero .bss) and calls main(). The same code runs
 * for the bootloader and for images chain-loaded by it, which is why it
 * uses nothing the bootloader may have left configured.
 */
#include <stdint.h>
#include <string.h>

#include "board/mps2_an386/board.h"

int main(void);

/* From the linker script. */
extern uint32_t _estack[];
extern uint8_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[];

void reset_handler(void) __attribute__((noreturn));
void fault_handler(void) __attribute__((noreturn));

void reset_handler(void)
{
	memcpy(_sdata, _sidata, (size_t)(_edata - _sdata));
	memset(_sbss, 0, (size_t)(_ebss - _sbss));
	board_exit(main());
}

/*
 * Every fault and unexpected interrupt: say so and end QEMU with a
 * failure, so a test fails at once instead of running into its timeout.
 */
void fault_handler(void)
{
	board_console_init();
	board_puts("E: fault");
	board_exit(1);
}

#define NUM_IRQS 32
typedef void (*vector_fn)(void);

/* 16 system exceptions + 32 IRQs: 48 words, VTOR needs 256-byte alignment. */
#define VECTORS __attribute__((section(".vectors"), used))

static const vector_fn vectors[16 + NUM_IRQS] VECTORS = {
	[0] = (vector_fn)(uintptr_t)_estack,
	[1] = reset_handler,
	[2 ... 15] = fault_handler,
	[16 ... 16 + NUM_IRQS - 1] = fault_handler,
};
