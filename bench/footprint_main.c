/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MEASURING HARNESS, not a driver: the smallest Cortex-M firmware that
 * pulls in the DFU sample's parts, linked by scripts/footprint.sh with
 * --gc-sections so that the map file tells what each component costs.
 *
 * It builds what apps/dfu builds: a run-time personality and a DFU-mode
 * personality with alt 0 = "ramdisk0" (RAM disk) and alt 1 = "image-1"
 * (flash backend). The controller driver and the flash driver below do
 * nothing: real silicon would bring its own, and their cost is not the
 * stack's. Each component's state structs (one instance, as the sample
 * has) sit in a section named after the component, so the table counts
 * them as that component's RAM; the buffers the caller hands in (1 KiB
 * transfer buffer, 4 KiB RAM disk, sector and write buffers) are counted
 * as the harness's.
 *
 * -DFP_TINYUSB_FEATURES builds the same device with TinyUSB's feature set
 * (DESIGN.md's peer figure): run-time and DFU mode, one alt setting whose
 * image does nothing (TinyUSB's application callbacks), no RAM disk, no
 * flash backend, and the stack compiled with USBD_CFG_MSOS20=0.
 */
#include <stddef.h>
#include <stdint.h>

#include "class/dfu/dfu.h"
#include "class/dfu/dfu_disk_image.h"
#include "class/dfu/dfu_flash_image.h"
#include "storage/flash_map.h"
#include "storage/ramdisk.h"
#include "udc/udc.h"
#include "usbd/usbd.h"

#define FP_SECTOR 512
#define FP_DISK_SECTORS 8
#define FP_PAGE 4096
/* wTransferSize and its buffers: the default 4096; footprint.sh also
 * links a 1024 build (-DFP_XFER=1024). */
#ifndef FP_XFER
#define FP_XFER 4096
#endif

/* --- harness controller driver: accepts everything, moves nothing --- */
static int harness_udc_dev_op(struct udc_dev *dev)
{
	return 0;
}

static int harness_udc_ep_op(struct udc_dev *dev, uint8_t ep)
{
	return 0;
}

static int harness_udc_enqueue(struct udc_dev *dev, uint8_t ep,
			       const uint8_t *data, size_t len)
{
	return 0;
}

static const struct udc_api harness_udc_api = {
	.init = harness_udc_dev_op,
	.enable = harness_udc_dev_op,
	.disable = harness_udc_dev_op,
	.ep_enqueue = harness_udc_enqueue,
	.ep_dequeue = harness_udc_ep_op,
	.ep_set_halt = harness_udc_ep_op,
	.ep_clear_halt = harness_udc_ep_op,
};

#ifndef FP_TINYUSB_FEATURES
#include "bench/footprint_flash.h"

static struct flash_dev harness_flash = {
	.api = &harness_flash_api,
	.params = { .size = 64 * FP_PAGE, .page_size = FP_PAGE,
		    .write_block_size = 4, .erased_value = 0xff },
};

static const struct flash_area harness_slot = {
	FLASH_AREA_ID_IMAGE_1, "image-1", &harness_flash, 32 * FP_PAGE,
	32 * FP_PAGE,
};

/* The application's image hooks (apps/dfu checks the signature here). */
static enum dfu_status harness_check(void *user, const struct flash_area *fa,
				     uint32_t len, uint32_t *poll_ms)
{
	return DFU_STATUS_OK;
}

static uint32_t harness_stored_len(void *user, const struct flash_area *fa)
{
	return 0;
}

#endif

static const struct usbd_device_info rt_info = {
	.vid = 0x2fe3, .pid = 0x0100, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "DFU sample",
	.serial = "0123456789", .max_power_ma = 100, .self_powered = true,
};

static const struct usbd_device_info dfu_info = {
	.vid = 0x2fe3, .pid = 0xffff, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "DFU sample (DFU mode)",
	.serial = "0123456789", .max_power_ma = 100, .self_powered = true,
};

#ifdef FP_TINYUSB_FEATURES
/* --- the application's image: accepts and stores nothing --- */
static enum dfu_status nop_write(void *ctx, uint32_t off, const uint8_t *data,
				 size_t len, uint32_t *poll_ms)
{
	return DFU_STATUS_OK;
}

static enum dfu_status nop_poll(void *ctx, uint32_t *poll_ms)
{
	return DFU_STATUS_OK;
}

static enum dfu_status nop_finish(void *ctx, uint32_t total,
				  uint32_t *poll_ms)
{
	return DFU_STATUS_OK;
}

static enum dfu_status nop_read(void *ctx, uint32_t off, uint8_t *buf,
				size_t len, size_t *got)
{
	*got = 0;
	return DFU_STATUS_OK;
}

static const struct dfu_image_ops nop_ops = {
	.write = nop_write, .poll = nop_poll, .finish = nop_finish,
	.read = nop_read,
};
#endif

/* scripts/footprint.sh counts .bss.fp_state.<component>.* for <component> */
#define FP_STATE(comp, name) \
	__attribute__((section(".bss.fp_state." #comp "." #name))) name

static struct udc_dev udc = { .api = &harness_udc_api };
static struct usbd_context FP_STATE(usb_stack, rt_ctx);
static struct usbd_context FP_STATE(usb_stack, dfu_ctx);
static struct dfu_runtime FP_STATE(dfu_class, rt);
static struct dfu_mode FP_STATE(dfu_class, dm);
static uint8_t xfer_buf[FP_XFER];

#ifdef FP_TINYUSB_FEATURES
#define FP_IMAGES 1
static const struct dfu_image images[FP_IMAGES] = {
	{ .name = "image", .ops = &nop_ops, .capacity = 0xffffffffu },
};

static int build_images(void)
{
	return 0;
}
#else
#define FP_IMAGES 2
static struct dfu_image FP_STATE(dfu_class, images)[FP_IMAGES];
static struct ramdisk FP_STATE(ramdisk, rd);
static struct dfu_disk_image FP_STATE(ramdisk, di);
static struct dfu_flash_image FP_STATE(flash_backend, fi);
static uint8_t disk_mem[FP_SECTOR * FP_DISK_SECTORS];
static uint8_t sector_buf[FP_SECTOR];
static uint8_t write_buf[256];

static int build_images(void)
{
	struct dfu_flash_image_cfg fcfg = {
		.fa = &harness_slot, .reserved_tail = FP_PAGE,
		.check = harness_check, .stored_len = harness_stored_len,
		.buf = write_buf, .buf_len = sizeof(write_buf),
	};
	int ret;

	ret = ramdisk_init(&rd, "ramdisk0", disk_mem, FP_SECTOR,
			   FP_DISK_SECTORS);
	ret = ret ?: dfu_disk_image_init(&di, &images[0], "ramdisk0",
					 &rd.disk, sector_buf);
	return ret ?: dfu_flash_image_init(&fi, &images[1], "image-1", &fcfg);
}
#endif

static int build_device(void)
{
	static const struct dfu_config cfg = { .transfer_size = FP_XFER };
	int ret = build_images();

	ret = ret ?: udc_init(&udc, NULL, NULL);
	ret = ret ?: usbd_init(&rt_ctx, &udc, &rt_info);
	ret = ret ?: usbd_init(&dfu_ctx, &udc, &dfu_info);
	ret = ret ?: dfu_runtime_init(&rt, &cfg);
	ret = ret ?: dfu_runtime_register(&rt_ctx, &rt);
	ret = ret ?: dfu_mode_init(&dm, &cfg, images, FP_IMAGES, xfer_buf,
				   sizeof(xfer_buf));
	ret = ret ?: dfu_mode_register(&dfu_ctx, &dm);
	return ret ?: usbd_enable(&rt_ctx);
}

int main(void)
{
	if (build_device() != 0) {
		return 1;
	}
	/* The sample switches personality on detach; keep both reachable. */
	usbd_disable(&rt_ctx);
	if (usbd_enable(&dfu_ctx) != 0) {
		return 1;
	}
	for (;;) {
		usbd_poll(&dfu_ctx);
	}
}
