/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The mps2-an386 board's USB: the bridge controller (udc/udc_bridge.h)
 * over the CMSDK UART1 (QEMU's second -serial), whose other end is
 * tools/udc_bridge_host. UART0 stays the console.
 */
#ifndef BOARD_MPS2_AN386_USB_UART_H
#define BOARD_MPS2_AN386_USB_UART_H

#include "udc/udc_bridge.h"

/* UART1 on; dev bound to the bridge driver over it. */
int board_usb_init(struct udc_dev *dev, struct udc_bridge *br);

#endif /* BOARD_MPS2_AN386_USB_UART_H */
