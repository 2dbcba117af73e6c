/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <string.h>

#include "udc/udc_virtual.h"

#define VHOST_ADDRESS 1

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
	v->status_owed = false;
	v->address = 0;
	v->disconnects++;
	return 0;
}

/* Every stage gets exactly one answer, given while the host waits. */
static int uv_answer(struct udc_virtual *v, enum uv_answer a)
{
	if (!v->in_stage) {
		return -EINVAL;
	}
	v->answers++;
	v->answer = a;
	return 0;
}

/* The IN data stage leaves in bMaxPacketSize0 packets (USB 2.0 5.5.3). */
static int uv_ctrl_send(struct udc_dev *dev, const uint8_t *data, size_t len)
{
	struct udc_virtual *v = to_virtual(dev);
	uint8_t mps = udc_mps0(dev);

	if (!usb_setup_is_in(&v->setup) || len > v->setup.wLength ||
	    (len && !data)) {
		v->answers++;
		return -EINVAL;
	}
	if (uv_answer(v, UV_SEND) < 0) {
		return -EINVAL;
	}
	if (len) {
		memcpy(v->reply, data, len);
	}
	v->reply_len = len;
	v->packets = (unsigned int)((len + mps - 1) / mps);
	v->zlp = udc_ctrl_needs_zlp(len, v->setup.wLength, mps);
	return 0;
}

static int uv_ctrl_recv(struct udc_dev *dev, uint8_t *buf, size_t len)
{
	struct udc_virtual *v = to_virtual(dev);

	if (usb_setup_is_in(&v->setup) || len != v->setup.wLength || !len ||
	    !buf) {
		v->answers++;
		return -EINVAL;
	}
	v->recv_buf = buf;
	v->recv_len = len;
	return uv_answer(v, UV_RECV);
}

static int uv_ctrl_status(struct udc_dev *dev)
{
	return uv_answer(to_virtual(dev), UV_STATUS);
}

static int uv_ctrl_stall(struct udc_dev *dev)
{
	return uv_answer(to_virtual(dev), UV_STALL);
}

/* Latched now, effective after the status stage (USB 2.0 9.4.6). */
static int uv_set_address(struct udc_dev *dev, uint8_t addr)
{
	struct udc_virtual *v = to_virtual(dev);

	if (!v->in_stage || addr > 127) {
		return -EINVAL;
	}
	v->next_address = addr;
	v->address_pending = true;
	return 0;
}

static const struct udc_api udc_virtual_api = {
	.enable = uv_enable,
	.disable = uv_disable,
	.ctrl_send = uv_ctrl_send,
	.ctrl_recv = uv_ctrl_recv,
	.ctrl_status = uv_ctrl_status,
	.ctrl_stall = uv_ctrl_stall,
	.set_address = uv_set_address,
};

void udc_virtual_init(struct udc_virtual *v, enum udc_speed speed)
{
	memset(v, 0, sizeof(*v));
	v->dev.api = &udc_virtual_api;
	v->dev.priv = v;
	v->dev.speed = speed;
	v->dev.mps0 = 64;
	v->initialized = true;
}

static void uv_event(struct udc_virtual *v, enum udc_event_type type)
{
	struct udc_event evt = {.type = type};

	udc_submit_event(&v->dev, &evt);
}

/* A port reset: Default state, address 0, any transfer abandoned. */
static void uv_reset(struct udc_virtual *v)
{
	v->status_owed = false;
	v->address = 0;
	v->address_pending = false;
	uv_event(v, UDC_EVT_RESET);
}

int vhost_attach(struct udc_virtual *v)
{
	if (!v->enabled) {
		return -ENODEV;
	}
	v->attached = true;
	v->address = 0;
	uv_event(v, UDC_EVT_VBUS_READY);
	/* A hub resets every device it finds before talking to it. */
	uv_reset(v);
	return 0;
}

void vhost_detach(struct udc_virtual *v)
{
	if (v->attached) {
		v->attached = false;
		v->status_owed = false;
		uv_event(v, UDC_EVT_VBUS_REMOVED);
	}
}

void vhost_bus_reset(struct udc_virtual *v)
{
	if (v->attached) {
		uv_reset(v);
	}
}

/* Deliver one stage and take its answer; -ETIMEDOUT if none came. */
static int stage(struct udc_virtual *v, const struct udc_event *evt)
{
	v->in_stage = true;
	v->answers = 0;
	v->answer = UV_NONE;
	udc_submit_event(&v->dev, evt);
	v->in_stage = false;
	if (v->answers > 1) {
		return -EPROTO;
	}
	return v->answer == UV_NONE ? -ETIMEDOUT : 0;
}

/* The host reads the IN data stage packet by packet. */
static int read_in(struct udc_virtual *v, uint8_t *data, size_t *actual)
{
	uint8_t mps = udc_mps0(&v->dev);
	size_t len = v->reply_len;

	/* It stops at a short packet or when wLength bytes are in. */
	if (len < v->setup.wLength && len % mps == 0 && !v->zlp) {
		return -ETIMEDOUT;
	}
	if (len) {
		memcpy(data, v->reply, len);
	}
	if (actual) {
		*actual = len;
	}
	return 0;
}

static int setup_and_data(struct udc_virtual *v, uint8_t *data,
			  size_t *actual)
{
	struct udc_event evt = {.type = UDC_EVT_SETUP, .setup = &v->setup};
	bool dir_in = usb_setup_is_in(&v->setup);
	bool has_data = !dir_in && v->setup.wLength > 0;
	int ret;

	ret = stage(v, &evt);
	if (ret < 0 || v->answer == UV_STALL) {
		return ret < 0 ? ret : -EPIPE;
	}
	if (dir_in) {
		return v->answer == UV_SEND ? read_in(v, data, actual)
					    : -EPROTO;
	}
	if (v->answer != (has_data ? UV_RECV : UV_STATUS)) {
		return -EPROTO;
	}
	if (!has_data) {
		return 0;
	}
	memcpy(v->recv_buf, data, v->recv_len);
	evt = (struct udc_event){
		.type = UDC_EVT_CTRL_OUT,
		.data = v->recv_buf,
		.data_len = v->recv_len,
	};
	ret = stage(v, &evt);
	if (ret < 0 || v->answer == UV_STALL) {
		return ret < 0 ? ret : -EPIPE;
	}
	return v->answer == UV_STATUS ? 0 : -EPROTO;
}

int vhost_control_no_status(struct udc_virtual *v, uint8_t bm_request_type,
			    uint8_t b_request, uint16_t w_value,
			    uint16_t w_index, uint16_t w_length, uint8_t *data,
			    size_t *actual)
{
	int ret;

	if (actual) {
		*actual = 0;
	}
	if (!v->attached) {
		return -ENODEV;
	}
	/* A SETUP abandons a transfer whose status stage never came. */
	v->status_owed = false;
	v->address_pending = false;
	v->setup = (struct usb_setup_packet){
		.bmRequestType = bm_request_type,
		.bRequest = b_request,
		.wValue = w_value,
		.wIndex = w_index,
		.wLength = w_length,
	};
	ret = setup_and_data(v, data, actual);
	v->status_owed = ret == 0;
	return ret;
}

int vhost_status(struct udc_virtual *v)
{
	if (!v->attached || !v->status_owed) {
		return -EINVAL;
	}
	v->status_owed = false;
	if (v->address_pending) {
		v->address_pending = false;
		v->address = v->next_address;
	}
	v->status_done++;
	uv_event(v, UDC_EVT_CTRL_STATUS);
	return 0;
}

int vhost_control(struct udc_virtual *v, uint8_t bm_request_type,
		  uint8_t b_request, uint16_t w_value, uint16_t w_index,
		  uint16_t w_length, uint8_t *data, size_t *actual)
{
	int ret = vhost_control_no_status(v, bm_request_type, b_request,
					  w_value, w_index, w_length, data,
					  actual);

	return ret < 0 ? ret : vhost_status(v);
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
	if (v->address == 0) {
		ret = vhost_control(v, 0x00, 0x05, VHOST_ADDRESS, 0, 0, NULL,
				    NULL);
		if (ret < 0 || v->address != VHOST_ADDRESS) {
			return ret < 0 ? ret : -EPROTO;
		}
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
