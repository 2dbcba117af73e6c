/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Microsoft OS 2.0 descriptors: a BOS platform capability tells Windows
 * (8.1 and later) to fetch a descriptor set with a vendor request; the set
 * binds WinUSB to the device and names its interface GUID, so dfu-util and
 * other libusb tools work on Windows with no driver installed by hand.
 */
#ifndef USBD_USBD_MSOS20_H
#define USBD_USBD_MSOS20_H

#include <stddef.h>
#include <stdint.h>

/* MS OS 2.0 specification, table 1: the descriptor set's wIndex. */
#define MSOS20_DESCRIPTOR_INDEX 7
#define MSOS20_SET_HEADER_DESCRIPTOR 0x00
#define MSOS20_SUBSET_HEADER_CONFIGURATION 0x01
#define MSOS20_SUBSET_HEADER_FUNCTION 0x02
#define MSOS20_FEATURE_COMPATIBLE_ID 0x03
#define MSOS20_FEATURE_REG_PROPERTY 0x04
#define MSOS20_REG_MULTI_SZ 7
/* Windows 8.1, the first with MS OS 2.0 descriptors */
#define MSOS20_WINDOWS_VERSION 0x06030000u
#define MSOS20_PLATFORM_CAP_LEN 28

struct usbd_msos20 {
	uint8_t vendor_code;        /* bRequest of the descriptor set request */
	const char *compatible_id;  /* e.g. "WINUSB", at most 8 characters */
	const char *interface_guid; /* "{xxxxxxxx-xxxx-...}", 38 characters */
};

struct usbd_context;

/* The BOS platform capability (MSOS20_PLATFORM_CAP_LEN bytes) or <0. */
int usbd_msos20_platform_cap(const struct usbd_context *ctx, uint8_t *buf,
			     size_t cap);
/*
 * The descriptor set: compatible ID and DeviceInterfaceGUIDs for the whole
 * device when it has one interface; with several, one function subset per
 * interface (each its own WinUSB function, the same GUID) inside a
 * configuration subset. Returns the length or <0.
 */
int usbd_msos20_set(const struct usbd_context *ctx, uint8_t *buf,
		    size_t cap);

#endif /* USBD_USBD_MSOS20_H */
