/* SPDX-License-Identifier: Apache-2.0 */
#include "board/mps2_an386/usb_uart.h"

#include <stdint.h>

/* CMSDK APB UART1: registers as UART0's (board.c). */
#define UART1_BASE    0x40005000u
#define UART_DATA     (*(volatile uint32_t *)(UART1_BASE + 0x00u))
#define UART_STATE    (*(volatile uint32_t *)(UART1_BASE + 0x04u))
#define UART_CTRL     (*(volatile uint32_t *)(UART1_BASE + 0x08u))
#define UART_BAUDDIV  (*(volatile uint32_t *)(UART1_BASE + 0x10u))
#define UART_TX_FULL  0x1u
#define UART_RX_FULL  0x2u
#define UART_TX_RX_ON 0x3u
/* The real FPGA's fastest rate (25 MHz / 16); QEMU ignores it. */
#define UART_DIV_MIN 16u

static int uart1_read(void *user)
{
	if (!(UART_STATE & UART_RX_FULL)) {
		return -1;
	}
	return (int)(UART_DATA & 0xffu);
}

static void uart1_write(void *user, const uint8_t *p, size_t n)
{
	while (n--) {
		while (UART_STATE & UART_TX_FULL) {
		}
		UART_DATA = *p++;
	}
}

int board_usb_init(struct udc_dev *dev, struct udc_bridge *br)
{
	static const struct udc_bridge_chan chan = {
		.read = uart1_read,
		.write = uart1_write,
	};

	UART_BAUDDIV = UART_DIV_MIN;
	UART_CTRL = UART_TX_RX_ON;
	return udc_bridge_create(dev, br, &chan);
}
