/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <string.h>

#include "udc/udc_virtual.h"

static struct udc_virtual *to_virtual(struct udc_dev *dev)
{
	return dev->priv;
}

static int uv_enable(struct udc_dev *dev)
{
	struct udc_virtual *v = to_virtual(dev);

	v->enabled = true;
	v->connects++;
	return 0;
}

static int uv_disable(struct udc_dev *dev)
{
	struct udc_virtual *v = to_virtual(dev);

	v->enabled = false;
	v->attached = false;
	v->disconnects++;
	return 0;
}

static int uv_enqueue(struct udc_dev *dev, uint8_t ep, const uint8_t *data,
		      size_t len)
{
	struct udc_virtual *v = to_virtual(dev);

	if (ep != 0x80 || !v->in_setup || len > sizeof(v->reply)) {
		return -EINVAL;
	}
	v->answers++;
	v->answered = true;
	v->stalled = false;
	if (len) {
		memcpy(v->reply, data, len);
	}
	v->reply_len = len;
	return 0;
}

static int uv_set_halt(struct udc_dev *dev, uint8_t ep)
{
	struct udc_virtual *v = to_virtual(dev);

	if ((ep & 0x7f) != 0 || !v->in_setup) {
		return -EINVAL;
	}
	v->answers++;
	v->answered = true;
	v->stalled = true;
	return 0;
}

static const struct udc_api udc_virtual_api = {
	.enable = uv_enable,
	.disable = uv_disable,
	.ep_enqueue = uv_enqueue,
	.ep_set_halt = uv_set_halt,
};

void udc_virtual_init(struct udc_virtual *v, enum udc_speed speed)
{
	memset(v, 0, sizeof(*v));
	v->dev.api = &udc_virtual_api;
	v->dev.priv = v;
	v->dev.speed = speed;
	v->initialized = true;
}

static void uv_event(struct udc_virtual *v, enum udc_event_type type)
{
	struct udc_event evt = {.type = type};

	udc_submit_event(&v->dev, &evt);
}

int vhost_attach(struct udc_virtual *v)
{
	if (!v->enabled) {
		return -ENODEV;
	}
	v->attached = true;
	uv_event(v, UDC_EVT_VBUS_READY);
	return 0;
}

void vhost_detach(struct udc_virtual *v)
{
	if (v->attached) {
		v->attached = false;
		uv_event(v, UDC_EVT_VBUS_REMOVED);
	}
}

void vhost_bus_reset(struct udc_virtual *v)
{
	if (v->attached) {
		uv_event(v, UDC_EVT_RESET);
	}
}

int vhost_control(struct udc_virtual *v, uint8_t bm_request_type,
		  uint8_t b_request, uint16_t w_value, uint16_t w_index,
		  uint16_t w_length, uint8_t *data, size_t *actual)
{
	struct usb_setup_packet setup = {
		.bmRequestType = bm_request_type,
		.bRequest = b_request,
		.wValue = w_value,
		.wIndex = w_index,
		.wLength = w_length,
	};
	bool dir_in = (bm_request_type & USB_REQTYPE_DIR_IN) != 0;
	struct udc_event evt = {
		.type = UDC_EVT_SETUP,
		.setup = &setup,
		.data = dir_in ? NULL : data,
		.data_len = dir_in ? 0 : w_length,
	};

	if (actual) {
		*actual = 0;
	}
	if (!v->attached) {
		return -ENODEV;
	}
	v->in_setup = true;
	v->answered = false;
	v->stalled = false;
	v->answers = 0;
	v->reply_len = 0;
	udc_submit_event(&v->dev, &evt);
	v->in_setup = false;
	if (v->answers > 1 || (dir_in && v->reply_len > w_length) ||
	    (!dir_in && v->answered && !v->stalled && v->reply_len)) {
		return -EPROTO;
	}
	if (!v->answered || v->stalled) {
		return -EPIPE;
	}
	if (dir_in) {
		memcpy(data, v->reply, v->reply_len);
		if (actual) {
			*actual = v->reply_len;
		}
	}
	return 0;
}

static int get_desc(struct udc_virtual *v, uint8_t type, uint8_t index,
		    uint16_t langid, uint16_t len, uint8_t *buf, size_t *actual)
{
	return vhost_control(v, 0x80, 0x06, (uint16_t)(type << 8 | index),
			     langid, len, buf, actual);
}

int vhost_get_string(struct udc_virtual *v, uint8_t index, char *out,
		     size_t cap)
{
	uint8_t buf[255];
	size_t n = 0;
	size_t chars;
	int ret = get_desc(v, 0x03, index, 0x0409, 255, buf, &n);

	if (ret < 0) {
		return ret;
	}
	if (n < 2 || buf[0] != n || buf[1] != 0x03 || (n & 1) || cap == 0) {
		return -EPROTO;
	}
	chars = (n - 2) / 2;
	if (chars >= cap) {
		chars = cap - 1;
	}
	for (size_t i = 0; i < chars; i++) {
		out[i] = (char)buf[2 + 2 * i];
	}
	out[chars] = '\0';
	return (int)chars;
}

int vhost_enumerate(struct udc_virtual *v, struct vhost_device *out)
{
	uint8_t buf[64];
	size_t n;
	uint16_t total;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = get_desc(v, 0x01, 0, 0, 64, buf, &n);
	if (ret < 0 || n != 18) {
		return ret < 0 ? ret : -EPROTO;
	}
	ret = get_desc(v, 0x01, 0, 0, 18, out->dev_desc, &n);
	if (ret < 0 || n != 18) {
		return ret < 0 ? ret : -EPROTO;
	}
	ret = get_desc(v, 0x02, 0, 0, 9, out->config, &n);
	if (ret < 0 || n != 9) {
		return ret < 0 ? ret : -EPROTO;
	}
	total = (uint16_t)(out->config[2] | out->config[3] << 8);
	if (total > sizeof(out->config)) {
		return -EPROTO;
	}
	ret = get_desc(v, 0x02, 0, 0, total, out->config, &out->config_len);
	if (ret < 0 || out->config_len != total) {
		return ret < 0 ? ret : -EPROTO;
	}
	ret = get_desc(v, 0x03, 0, 0, 255, out->str0, &out->str0_len);
	if (ret < 0) {
		return ret;
	}
	return vhost_control(v, 0x00, 0x09, 1, 0, 0, NULL, NULL);
}
