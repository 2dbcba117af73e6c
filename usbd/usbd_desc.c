/* SPDX-License-Identifier: Apache-2.0 */
/* Standard descriptors built from the device info and the classes. */
#include <errno.h>
#include <string.h>

#include "usbd/usbd.h"
#include "usbd/usbd_internal.h"

/* 2.01: the device has a BOS (USB 2.0 LPM ECN); Windows reads it then. */
#define USB_BCD_USB 0x0201
#define USB_LANGID_EN_US 0x0409
#define USB_CONFIG_ATTR_ONE 0x80
#define USB_CONFIG_ATTR_SELF_POWERED 0x40
#define USB_CONFIG_ATTR_REMOTE_WAKEUP 0x20

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)(v >> 8);
}

size_t usbd_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n]) {
		n++;
	}
	return n;
}

int usbd_build_device_desc(struct usbd_context *ctx, uint8_t *buf,
			   size_t cap)
{
	const struct usbd_device_info *info = &ctx->info;

	if (cap < 18) {
		return -ENOMEM;
	}
	buf[0] = 18;
	buf[1] = USB_DESC_DEVICE;
	put_le16(&buf[2], USB_BCD_USB);
	buf[4] = info->dev_class;
	buf[5] = info->dev_subclass;
	buf[6] = info->dev_protocol;
	buf[7] = udc_mps0(ctx->udc);
	put_le16(&buf[8], info->vid);
	put_le16(&buf[10], info->pid);
	put_le16(&buf[12], info->bcd_device);
	buf[14] = ctx->str_manufacturer;
	buf[15] = ctx->str_product;
	buf[16] = ctx->str_serial;
	buf[17] = 1; /* bNumConfigurations */
	return 18;
}

int usbd_build_config_desc(struct usbd_context *ctx, uint8_t type,
			   uint8_t *buf, size_t cap)
{
	size_t len = 9;
	uint8_t attr = USB_CONFIG_ATTR_ONE;

	if (cap < len) {
		return -ENOMEM;
	}
	for (struct usbd_class_node *c = ctx->classes; c; c = c->next) {
		int n = c->api->get_desc(c, c->first_iface, buf + len,
					 cap - len);

		if (n < 0) {
			return n;
		}
		len += (size_t)n;
	}
	if (len > 0xffff) {
		return -ENOMEM;
	}
	if (ctx->info.self_powered) {
		attr |= USB_CONFIG_ATTR_SELF_POWERED;
	}
	if (ctx->info.remote_wakeup) {
		attr |= USB_CONFIG_ATTR_REMOTE_WAKEUP;
	}
	buf[0] = 9;
	/* A control-only device looks the same at both speeds: the
	 * other-speed configuration differs only in its type (9.6.4). */
	buf[1] = type;
	put_le16(&buf[2], (uint16_t)len);
	buf[4] = ctx->num_ifaces;
	buf[5] = 1; /* bConfigurationValue */
	buf[6] = 0; /* iConfiguration */
	buf[7] = attr;
	buf[8] = (uint8_t)((ctx->info.max_power_ma + 1) / 2);
	return (int)len;
}

/* String 0 lists the languages; the others are UTF-16LE from ASCII. */
int usbd_build_string_desc(struct usbd_context *ctx, uint8_t index,
			   uint16_t langid, uint8_t *buf, size_t cap)
{
	const char *str;
	size_t n;

	if (index == 0) {
		if (cap < 4) {
			return -ENOMEM;
		}
		buf[0] = 4;
		buf[1] = USB_DESC_STRING;
		put_le16(&buf[2], USB_LANGID_EN_US);
		return 4;
	}
	/*
	 * One language only: a request for any other LANGID gets it too,
	 * as Linux gadgets, TinyUSB and Zephyr answer (hosts ask with the
	 * first LANGID of string 0, some with 0 or their own locale).
	 */
	(void)langid;
	if (index > ctx->num_strings) {
		return -ENOENT;
	}
	str = ctx->strings[index - 1];
	n = usbd_strnlen(str, 126); /* bLength is one byte */
	if (cap < 2 + 2 * n) {
		return -ENOMEM;
	}
	buf[0] = (uint8_t)(2 + 2 * n);
	buf[1] = USB_DESC_STRING;
	for (size_t i = 0; i < n; i++) {
		buf[2 + 2 * i] = (uint8_t)str[i];
		buf[3 + 2 * i] = 0;
	}
	return (int)(2 + 2 * n);
}

/* BOS: a USB 2.0 extension (no LPM), then the MS OS 2.0 capability. */
int usbd_build_bos_desc(struct usbd_context *ctx, uint8_t *buf, size_t cap)
{
	static const uint8_t usb2_ext[] = {7, 0x10, 0x02, 0, 0, 0, 0};
	size_t len = 5 + sizeof(usb2_ext);
	int n;

	if (cap < len) {
		return -ENOMEM;
	}
	buf[0] = 5;
	buf[1] = USB_DESC_BOS;
	buf[4] = 1;
	memcpy(buf + 5, usb2_ext, sizeof(usb2_ext));
#if USBD_CFG_MSOS20
	n = usbd_msos20_platform_cap(ctx, buf + len, cap - len);
	if (n == -ENOMEM) {
		return n;
	}
	if (n > 0) {
		len += (size_t)n;
		buf[4] = 2;
	}
#else
	(void)n;
#endif
	put_le16(&buf[2], (uint16_t)len);
	return (int)len;
}

/* Only a high-speed capable device has a qualifier. */
int usbd_build_qualifier_desc(struct usbd_context *ctx, uint8_t *buf,
			      size_t cap)
{
	if (ctx->udc->speed != UDC_SPEED_HIGH) {
		return -ENOTSUP;
	}
	if (cap < 10) {
		return -ENOMEM;
	}
	buf[0] = 10;
	buf[1] = USB_DESC_DEVICE_QUALIFIER;
	put_le16(&buf[2], USB_BCD_USB);
	buf[4] = ctx->info.dev_class;
	buf[5] = ctx->info.dev_subclass;
	buf[6] = ctx->info.dev_protocol;
	buf[7] = udc_mps0(ctx->udc);
	buf[8] = 1;
	buf[9] = 0;
	return 10;
}
