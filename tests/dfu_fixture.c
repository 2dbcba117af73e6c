/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <string.h>

#include "tests/dfu_fixture.h"

uint8_t fixture_disk_mem[FIX_MAX_DISK];

static enum dfu_status ai_step(struct async_image *ai, uint32_t *poll_ms)
{
	if (ai->pending == 0) {
		return DFU_STATUS_OK;
	}
	ai->pending--;
	*poll_ms = ai->poll_ms;
	return ai->pending ? DFU_IMAGE_BUSY : DFU_STATUS_OK;
}

static enum dfu_status ai_write(void *ctx, uint32_t off, const uint8_t *data,
				size_t len, uint32_t *poll_ms)
{
	struct async_image *ai = ctx;

	ai->writes++;
	if (ai->fail_write_at >= 0 && off >= (uint32_t)ai->fail_write_at) {
		return ai->fail_status;
	}
	memcpy(ai->mem + off, data, len);
	ai->stored_len = 0;
	ai->pending = ai->busy_steps + 1;
	return ai_step(ai, poll_ms);
}

static enum dfu_status ai_poll(void *ctx, uint32_t *poll_ms)
{
	return ai_step(ctx, poll_ms);
}

static enum dfu_status ai_finish(void *ctx, uint32_t total, uint32_t *poll_ms)
{
	struct async_image *ai = ctx;

	ai->finishes++;
	if (ai->finish_result != DFU_STATUS_OK) {
		return ai->finish_result;
	}
	ai->stored_len = total;
	ai->pending = ai->busy_steps + 1;
	return ai_step(ai, poll_ms);
}

static enum dfu_status ai_read(void *ctx, uint32_t off, uint8_t *buf,
			       size_t len, size_t *got)
{
	struct async_image *ai = ctx;

	*got = 0;
	if (off >= ai->stored_len) {
		return DFU_STATUS_OK;
	}
	if (len > ai->stored_len - off) {
		len = ai->stored_len - off;
	}
	memcpy(buf, ai->mem + off, len);
	*got = len;
	return DFU_STATUS_OK;
}

static enum dfu_status ai_abort(void *ctx, uint32_t *poll_ms)
{
	struct async_image *ai = ctx;

	ai->aborts++;
	ai->pending = 0;
	ai->stored_len = 0;
	return DFU_STATUS_OK;
}

static const struct dfu_image_ops async_image_ops = {
	.write = ai_write,
	.poll = ai_poll,
	.finish = ai_finish,
	.read = ai_read,
	.abort = ai_abort,
};

static void fixture_msg(struct usbd_context *ctx, const struct usbd_msg *msg,
			void *user)
{
	struct dfu_fixture *f = user;

	switch (msg->type) {
	case USBD_MSG_DFU_APP_DETACH:
		f->detach_msgs++;
		break;
	case USBD_MSG_DFU_DOWNLOAD_COMPLETED:
		f->completed_msgs++;
		f->last_completed_alt = msg->status;
		break;
	case USBD_MSG_RESET:
		f->reset_msgs++;
		break;
	default:
		break;
	}
}

static uint32_t fixture_clock(void *user)
{
	struct dfu_fixture *f = user;

	return f->now_ms;
}

static void fixture_idle(void *user)
{
	struct dfu_fixture *f = user;

	usbd_poll(&f->dfu_ctx);
}

const struct usbd_msos20 fixture_msos20 = {
	.vendor_code = 0x20,
	.compatible_id = "WINUSB",
	.interface_guid = "{7d2bd5b9-7c4e-4a1c-9a4e-3b0f1c2d9e11}",
};

static const struct usbd_device_info rt_info = {
	.vid = 0x2fe3, .pid = 0x0100, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "DFU sample",
	.serial = "0123456789", .max_power_ma = 100, .self_powered = true,
	.msos20 = &fixture_msos20,
};

static const struct usbd_device_info dfu_info = {
	.vid = 0x2fe3, .pid = 0xffff, .bcd_device = 0x0100,
	.manufacturer = "Open DFU", .product = "DFU sample (DFU mode)",
	.serial = "0123456789", .max_power_ma = 100, .self_powered = true,
	.msos20 = &fixture_msos20,
};

int fixture_init(struct dfu_fixture *f, const struct dfu_config *cfg,
		 uint32_t disk_bytes)
{
	int ret;

	memset(f, 0, sizeof(*f));
	if (disk_bytes > FIX_MAX_DISK) {
		return -EINVAL;
	}
	udc_virtual_init(&f->v, UDC_SPEED_FULL);
	ret = ramdisk_init(&f->rd, "ramdisk0", fixture_disk_mem,
			   FIX_RAMDISK_SECTOR, disk_bytes / FIX_RAMDISK_SECTOR);
	ret = ret ?: dfu_disk_image_init(&f->di, &f->images[0], "ramdisk0",
					 &f->rd.disk, f->sector_buf);
	f->ai.fail_write_at = -1;
	f->ai.fail_status = DFU_ERR_WRITE;
	f->images[1] = (struct dfu_image){
		.name = "async", .ops = &async_image_ops, .ctx = &f->ai,
		.capacity = FIX_ASYNC_CAP,
	};
	ret = ret ?: udc_init(&f->v.dev, NULL, NULL);
	ret = ret ?: usbd_init(&f->rt_ctx, &f->v.dev, &rt_info);
	ret = ret ?: usbd_init(&f->dfu_ctx, &f->v.dev, &dfu_info);
	ret = ret ?: dfu_runtime_init(&f->rt, cfg);
	ret = ret ?: dfu_runtime_register(&f->rt_ctx, &f->rt);
	ret = ret ?: dfu_mode_init(&f->dm, cfg, f->images, 2, f->xfer_buf,
				   sizeof(f->xfer_buf));
	ret = ret ?: dfu_mode_register(&f->dfu_ctx, &f->dm);
	if (ret) {
		return ret;
	}
	usbd_set_msg_cb(&f->rt_ctx, fixture_msg, f);
	usbd_set_msg_cb(&f->dfu_ctx, fixture_msg, f);
	usbd_set_clock(&f->rt_ctx, fixture_clock, f);
	usbd_set_clock(&f->dfu_ctx, fixture_clock, f);
	f->host = (struct dfu_host){
		.v = &f->v, .iface = 0, .xfer = f->dm.cfg.transfer_size,
		.idle = fixture_idle, .idle_user = f,
	};
	ret = usbd_enable(&f->rt_ctx);
	return ret ?: vhost_attach(&f->v);
}

int fixture_enter_dfu(struct dfu_fixture *f)
{
	struct vhost_device d;
	int ret;

	usbd_disable(&f->rt_ctx);
	ret = usbd_enable(&f->dfu_ctx);
	ret = ret ?: vhost_attach(&f->v);
	return ret ?: vhost_enumerate(&f->v, &d);
}
