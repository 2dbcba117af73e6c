/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The stack compiled with USBD_CFG_MSOS20=0 (tests/dfu.cmake builds a copy
 * of usbd/ so): a device that asks for MS OS 2.0 descriptors gets none,
 * and the rest of its descriptors stay valid. USB 2.0 9.6.2: a BOS whose
 * wTotalLength covers exactly its capabilities; the descriptor set
 * request (MS OS 2.0 table 8) is not one the device knows: a stall.
 */
#include <string.h>

#include "tests/test.h"
#include "udc/udc_virtual.h"
#include "usbd/usbd.h"

TEST_MAIN_DEFS;

static const struct usbd_msos20 msos20 = {
	.vendor_code = 0x20,
	.compatible_id = "WINUSB",
	.interface_guid = "{5b0e3f1a-9c2d-4e7b-8f61-2d4c9a7e0b35}",
};

static const struct usbd_device_info info = {
	.vid = 0x2fe3, .pid = 0x0005, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "no MS OS 2.0",
	.serial = "1", .max_power_ma = 100, .msos20 = &msos20,
};

static struct udc_virtual v;
static struct usbd_context ctx;

int main(void)
{
	struct vhost_device dev = {0};
	uint8_t b[256];
	size_t n = 0;

	CHECK_EQ(USBD_CFG_MSOS20, 0);
	udc_virtual_init(&v, UDC_SPEED_FULL);
	CHECK_EQ(udc_init(&v.dev, NULL, NULL), 0);
	CHECK_EQ(usbd_init(&ctx, &v.dev, &info), 0);
	CHECK_EQ(usbd_enable(&ctx), 0);
	CHECK_EQ(vhost_attach(&v), 0);
	CHECK_EQ(vhost_enumerate(&v, &dev), 0);
	CHECK_EQ(dev.dev_desc[2] | dev.dev_desc[3] << 8, 0x0201);
	/* BOS: header + the USB 2.0 extension only */
	CHECK_EQ(vhost_control(&v, 0x80, 0x06, 0x0f00, 0, 255, b, &n), 0);
	CHECK_EQ(n, 12);
	CHECK_EQ(b[0], 5);
	CHECK_EQ(b[1], 0x0f);
	CHECK_EQ(b[2] | b[3] << 8, 12);
	CHECK_EQ(b[4], 1);
	CHECK_EQ(b[5], 7);
	CHECK_EQ(b[6], 0x10);
	CHECK_EQ(b[7], 0x02);
	/* the descriptor set request stalls, and the device goes on */
	CHECK_EQ(vhost_control(&v, 0xc0, 0x20, 0, 7, 255, b, &n), -EPIPE);
	CHECK_EQ(vhost_control(&v, 0x80, 0x06, 0x0100, 0, 18, b, &n), 0);
	CHECK_EQ(n, 18);
	return test_report("test_usbd_no_msos20");
}
