/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The whole network path of the DFU sample: the usbip server with usbd
 * and the DFU-mode class on top (alt 0 = a RAM disk image), fed the byte
 * stream one USB/IP client sends (first input byte: chunk size, 0 = all
 * at once). A fresh server and stack per input, so a reproducer means the
 * same alone as inside a run.
 *
 * Oracles: those of fuzz/usbip_client.c (replies as vhci reads them,
 * detach after the client leaves); log lines are single lines; after the
 * session the DFU state is dfuIDLE again (an unplug ends any session) and
 * the image is the whole disk, empty, or a complete download no longer
 * than the disk; no sanitizer report.
 */
#include "class/dfu/dfu.h"
#include "class/dfu/dfu_disk_image.h"
#include "fuzz/fuzz.h"
#include "fuzz/usbip_client.h"
#include "storage/ramdisk.h"
#include "udc/udc_usbip.h"
#include "usbd/usbd.h"

#define SECTOR     512u
#define DISK_BYTES (16u * SECTOR)
#define XFER       1024u

static struct udc_dev udc;
static struct usbd_context ctx;
static struct dfu_mode dm;
static struct ramdisk rd;
static struct dfu_disk_image di;
static struct dfu_image image;
static uint8_t disk_mem[DISK_BYTES];
static uint8_t sector_buf[SECTOR];
static uint8_t xfer_buf[XFER];

static const struct usbd_device_info info = {
	.vid = 0x2fe3, .pid = 0xffff, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "fuzz (DFU mode)",
	.serial = "0123456789", .max_power_ma = 100, .self_powered = true,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void log_line(const char *line)
{
	FUZZ_CHECK(strchr(line, '\n') == NULL);
}

static int stack_start(void)
{
	struct udc_usbip_config cfg;
	struct dfu_config dcfg = {.transfer_size = XFER};
	int ret;

	memset(&udc, 0, sizeof(udc));
	memset(disk_mem, 0x5a, sizeof(disk_mem));
	udc_usbip_config_init(&cfg);
	cfg.port = 0;
	cfg.log = log_line;
	ret = udc_usbip_create(&udc, &cfg);
	ret = ret ? ret : udc_init(&udc, NULL, NULL);
	ret = ret ? ret : ramdisk_init(&rd, "ramdisk0", disk_mem, SECTOR,
				       DISK_BYTES / SECTOR);
	ret = ret ? ret : dfu_disk_image_init(&di, &image, "ramdisk0",
					      &rd.disk, sector_buf);
	ret = ret ? ret : usbd_init(&ctx, &udc, &info);
	ret = ret ? ret : dfu_mode_init(&dm, &dcfg, &image, 1, xfer_buf,
					sizeof(xfer_buf));
	ret = ret ? ret : dfu_mode_register(&ctx, &dm);
	ret = ret ? ret : usbd_enable(&ctx);
	FUZZ_CHECK(ret == 0);
	return udc_usbip_port(&udc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int port;

	if (size < 1) {
		return 0;
	}
	port = stack_start();
	FUZZ_CHECK(port > 0);
	usbip_client_session(&udc, port, data + 1, size - 1, data[0]);
	FUZZ_CHECK(dm.state == DFU_STATE_IDLE);
	FUZZ_CHECK(di.stored_len <= DISK_BYTES);
	FUZZ_LOG("image %u bytes\n", di.stored_len);
	usbd_disable(&ctx);
	udc_usbip_destroy(&udc);
	return 0;
}
