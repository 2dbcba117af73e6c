/* SPDX-License-Identifier: Apache-2.0 */
/* Microsoft OS 2.0 descriptors, built from the device's interfaces. */
#include <errno.h>
#include <string.h>

#include "usbd/usbd.h"
#include "usbd/usbd_internal.h"
#include "usbd/usbd_msos20.h"

#if USBD_CFG_MSOS20

#define CAP_PLATFORM 0x05
#define USB_DESC_DEVICE_CAPABILITY 0x10
#define SET_HEADER_LEN 10
#define CONFIG_SUBSET_LEN 8
#define FUNCTION_SUBSET_LEN 8
#define COMPATIBLE_ID_LEN 20
#define GUID_CHARS 38
#define PROP_NAME "DeviceInterfaceGUIDs"

/* D8DD60DF-4589-4CC7-9CD2-659D9E648A9F in the byte order of a GUID. */
static const uint8_t msos20_uuid[16] = {
	0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c,
	0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f,
};

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

/* ASCII as UTF-16LE with its terminating NUL; returns the bytes used. */
static size_t put_utf16z(uint8_t *p, const char *s)
{
	size_t n = usbd_strnlen(s, GUID_CHARS) + 1;

	for (size_t i = 0; i < n; i++) {
		p[2 * i] = (uint8_t)s[i];
		p[2 * i + 1] = 0;
	}
	return 2 * n;
}

/* Registry property: name and REG_MULTI_SZ data, both NUL-terminated. */
static size_t reg_property_len(void)
{
	return 10 + 2 * (sizeof(PROP_NAME)) + 2 * (GUID_CHARS + 2);
}

static size_t function_len(void)
{
	return COMPATIBLE_ID_LEN + reg_property_len();
}

static size_t set_len(const struct usbd_context *ctx)
{
	if (ctx->num_ifaces <= 1) {
		return SET_HEADER_LEN + function_len();
	}
	return SET_HEADER_LEN + CONFIG_SUBSET_LEN +
	       ctx->num_ifaces * (FUNCTION_SUBSET_LEN + function_len());
}

static bool config_ok(const struct usbd_msos20 *m)
{
	return m && m->compatible_id &&
	       usbd_strnlen(m->compatible_id, 9) <= 8 && m->interface_guid &&
	       usbd_strnlen(m->interface_guid, GUID_CHARS + 1) == GUID_CHARS;
}

int usbd_msos20_platform_cap(const struct usbd_context *ctx, uint8_t *buf,
			     size_t cap)
{
	const struct usbd_msos20 *m = ctx->info.msos20;

	if (!config_ok(m)) {
		return -ENOENT;
	}
	if (cap < MSOS20_PLATFORM_CAP_LEN) {
		return -ENOMEM;
	}
	buf[0] = MSOS20_PLATFORM_CAP_LEN;
	buf[1] = USB_DESC_DEVICE_CAPABILITY;
	buf[2] = CAP_PLATFORM;
	buf[3] = 0; /* bReserved */
	memcpy(buf + 4, msos20_uuid, sizeof(msos20_uuid));
	put_le32(buf + 20, MSOS20_WINDOWS_VERSION);
	put_le16(buf + 24, (uint16_t)set_len(ctx));
	buf[26] = m->vendor_code;
	buf[27] = 0; /* bAltEnumCode: no alternate enumeration */
	return MSOS20_PLATFORM_CAP_LEN;
}

/* Compatible ID + DeviceInterfaceGUIDs; returns the bytes written. */
static size_t put_function(const struct usbd_msos20 *m, uint8_t *p)
{
	size_t name_len = 2 * sizeof(PROP_NAME);
	size_t data_len = 2 * (GUID_CHARS + 2);
	uint8_t *q;

	memset(p, 0, COMPATIBLE_ID_LEN);
	put_le16(p, COMPATIBLE_ID_LEN);
	put_le16(p + 2, MSOS20_FEATURE_COMPATIBLE_ID);
	memcpy(p + 4, m->compatible_id, usbd_strnlen(m->compatible_id, 8));
	q = p + COMPATIBLE_ID_LEN;
	put_le16(q, (uint16_t)reg_property_len());
	put_le16(q + 2, MSOS20_FEATURE_REG_PROPERTY);
	put_le16(q + 4, MSOS20_REG_MULTI_SZ);
	put_le16(q + 6, (uint16_t)name_len);
	put_utf16z(q + 8, PROP_NAME);
	put_le16(q + 8 + name_len, (uint16_t)data_len);
	put_utf16z(q + 10 + name_len, m->interface_guid);
	/* REG_MULTI_SZ ends with an empty string */
	q[10 + name_len + data_len - 2] = 0;
	q[10 + name_len + data_len - 1] = 0;
	return function_len();
}

int usbd_msos20_set(const struct usbd_context *ctx, uint8_t *buf,
		    size_t cap)
{
	const struct usbd_msos20 *m = ctx->info.msos20;
	size_t total = set_len(ctx);
	uint8_t *p = buf;

	if (!config_ok(m)) {
		return -ENOENT;
	}
	if (cap < total || total > 0xffff) {
		return -ENOMEM;
	}
	put_le16(p, SET_HEADER_LEN);
	put_le16(p + 2, MSOS20_SET_HEADER_DESCRIPTOR);
	put_le32(p + 4, MSOS20_WINDOWS_VERSION);
	put_le16(p + 8, (uint16_t)total);
	p += SET_HEADER_LEN;
	if (ctx->num_ifaces <= 1) {
		put_function(m, p);
		return (int)total;
	}
	put_le16(p, CONFIG_SUBSET_LEN);
	put_le16(p + 2, MSOS20_SUBSET_HEADER_CONFIGURATION);
	p[4] = 0; /* bConfigurationValue: the index of the configuration */
	p[5] = 0;
	put_le16(p + 6, (uint16_t)(total - SET_HEADER_LEN));
	p += CONFIG_SUBSET_LEN;
	for (uint8_t i = 0; i < ctx->num_ifaces; i++) {
		put_le16(p, FUNCTION_SUBSET_LEN);
		put_le16(p + 2, MSOS20_SUBSET_HEADER_FUNCTION);
		p[4] = i; /* bFirstInterface */
		p[5] = 0;
		put_le16(p + 6, (uint16_t)(FUNCTION_SUBSET_LEN + function_len()));
		p += FUNCTION_SUBSET_LEN;
		p += put_function(m, p);
	}
	return (int)total;
}

#endif /* USBD_CFG_MSOS20 */
