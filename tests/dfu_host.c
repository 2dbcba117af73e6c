/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>

#include "class/dfu/dfu.h"
#include "tests/dfu_host.h"

#define DFU_OUT 0x21
#define DFU_IN 0xa1

int dfu_host_getstatus(struct dfu_host *h, struct dfu_host_status *st)
{
	uint8_t buf[6];
	size_t n = 0;
	int ret = vhost_control(h->v, DFU_IN, DFU_GETSTATUS, 0, h->iface, 6,
				buf, &n);

	h->polls++;
	if (ret < 0) {
		return ret;
	}
	if (n != 6) {
		return -EPROTO;
	}
	st->status = buf[0];
	st->poll_ms = (uint32_t)(buf[1] | buf[2] << 8 | buf[3] << 16);
	st->state = buf[4];
	return 0;
}

int dfu_host_getstate(struct dfu_host *h, uint8_t *state)
{
	size_t n = 0;
	int ret = vhost_control(h->v, DFU_IN, DFU_GETSTATE, 0, h->iface, 1,
				state, &n);

	return ret < 0 ? ret : (n == 1 ? 0 : -EPROTO);
}

int dfu_host_simple(struct dfu_host *h, uint8_t req)
{
	/* dfu-util sends DETACH with wTimeout 1000 */
	return vhost_control(h->v, DFU_OUT, req, req == 0 ? 1000 : 0, h->iface,
			     0, NULL, NULL);
}

int dfu_host_dnload(struct dfu_host *h, uint16_t block, const uint8_t *data,
		    uint16_t len)
{
	return vhost_control(h->v, DFU_OUT, DFU_DNLOAD, block, h->iface, len,
			     (uint8_t *)data, NULL);
}

int dfu_host_upload(struct dfu_host *h, uint16_t block, uint8_t *buf,
		    uint16_t len, size_t *got)
{
	return vhost_control(h->v, DFU_IN, DFU_UPLOAD, block, h->iface, len,
			     buf, got);
}

int dfu_host_set_alt(struct dfu_host *h, uint8_t alt)
{
	return vhost_control(h->v, 0x01, 0x0b, alt, h->iface, 0, NULL, NULL);
}

/* Poll until the device leaves a busy state; returns the final state. */
static int wait_not_busy(struct dfu_host *h, struct dfu_host_status *st)
{
	for (int i = 0; i < 100000; i++) {
		int ret = dfu_host_getstatus(h, st);

		if (ret < 0) {
			return ret;
		}
		if (st->state != DFU_STATE_DNBUSY &&
		    st->state != DFU_STATE_MANIFEST) {
			return 0;
		}
		h->busy_polls++;
		h->poll_sum_ms += st->poll_ms;
		if (h->idle) {
			h->idle(h->idle_user);
		}
	}
	return -ETIMEDOUT;
}

int dfu_host_download(struct dfu_host *h, const uint8_t *data, size_t len)
{
	struct dfu_host_status st;
	uint16_t block = h->first_block;
	size_t off = 0;
	int ret;

	while (off < len) {
		uint16_t n = (uint16_t)(len - off > h->xfer ? h->xfer
							      : len - off);

		ret = dfu_host_dnload(h, block++, data + off, n);
		if (ret < 0) {
			return ret;
		}
		/* The device's main loop runs between two requests. */
		if (h->idle) {
			h->idle(h->idle_user);
		}
		ret = wait_not_busy(h, &st);
		if (ret < 0) {
			return ret;
		}
		if (st.state != DFU_STATE_DNLOAD_IDLE) {
			return -EIO;
		}
		off += n;
	}
	ret = dfu_host_dnload(h, block, NULL, 0);
	if (ret < 0) {
		return ret;
	}
	ret = wait_not_busy(h, &st);
	if (ret < 0) {
		return ret;
	}
	return st.state == DFU_STATE_IDLE ? 0 : -EIO;
}

int dfu_host_upload_all(struct dfu_host *h, uint8_t *buf, size_t cap,
			size_t *got)
{
	uint16_t block = h->first_block;
	size_t total = 0;

	for (;;) {
		size_t n = 0;
		int ret;

		if (cap - total < h->xfer) {
			return -ENOSPC;
		}
		ret = dfu_host_upload(h, block++, buf + total, h->xfer, &n);
		if (ret < 0) {
			return ret;
		}
		total += n;
		if (n < h->xfer) {
			break;
		}
	}
	*got = total;
	return 0;
}
