/* SPDX-License-Identifier: Apache-2.0 */
/* Thin dispatch from the controller API to the bound driver. */
#include <errno.h>

#include "udc/udc.h"

void usb_setup_parse(const uint8_t raw[8], struct usb_setup_packet *setup)
{
	setup->bmRequestType = raw[0];
	setup->bRequest = raw[1];
	setup->wValue = (uint16_t)(raw[2] | (raw[3] << 8));
	setup->wIndex = (uint16_t)(raw[4] | (raw[5] << 8));
	setup->wLength = (uint16_t)(raw[6] | (raw[7] << 8));
}

int udc_init(struct udc_dev *dev, udc_event_cb_t cb, void *user)
{
	if (!dev || !dev->api) {
		return -EINVAL;
	}
	dev->event_cb = cb;
	dev->event_user = user;
	return dev->api->init ? dev->api->init(dev) : 0;
}

int udc_enable(struct udc_dev *dev)
{
	return dev->api->enable(dev);
}

int udc_disable(struct udc_dev *dev)
{
	return dev->api->disable(dev);
}

int udc_ctrl_send(struct udc_dev *dev, const uint8_t *data, size_t len)
{
	return dev->api->ctrl_send(dev, data, len);
}

int udc_ctrl_recv(struct udc_dev *dev, uint8_t *buf, size_t len)
{
	return dev->api->ctrl_recv(dev, buf, len);
}

int udc_ctrl_status(struct udc_dev *dev)
{
	return dev->api->ctrl_status(dev);
}

int udc_ctrl_stall(struct udc_dev *dev)
{
	return dev->api->ctrl_stall(dev);
}

int udc_set_address(struct udc_dev *dev, uint8_t addr)
{
	return dev->api->set_address ? dev->api->set_address(dev, addr) : 0;
}

int udc_ep_enqueue(struct udc_dev *dev, uint8_t ep, const uint8_t *data,
		   size_t len)
{
	return dev->api->ep_enqueue ? dev->api->ep_enqueue(dev, ep, data, len)
				    : -ENOTSUP;
}

int udc_ep_dequeue(struct udc_dev *dev, uint8_t ep)
{
	return dev->api->ep_dequeue ? dev->api->ep_dequeue(dev, ep) : -ENOTSUP;
}

int udc_ep_set_halt(struct udc_dev *dev, uint8_t ep)
{
	return dev->api->ep_set_halt ? dev->api->ep_set_halt(dev, ep)
				     : -ENOTSUP;
}

int udc_ep_clear_halt(struct udc_dev *dev, uint8_t ep)
{
	return dev->api->ep_clear_halt ? dev->api->ep_clear_halt(dev, ep)
				       : -ENOTSUP;
}

uint8_t udc_mps0(const struct udc_dev *dev)
{
	return dev->mps0 ? dev->mps0 : 64;
}

void udc_submit_event(struct udc_dev *dev, const struct udc_event *evt)
{
	if (dev->event_cb) {
		dev->event_cb(dev, evt, dev->event_user);
	}
}
