/* SPDX-License-Identifier: Apache-2.0 */
/* DFU interface and functional descriptors, and the GETSTATUS payload. */
#include <errno.h>

#include "class/dfu/dfu.h"

#define USB_CLASS_APP_SPECIFIC 0xfe
#define DFU_SUBCLASS 0x01
#define DFU_DESC_FUNCTIONAL 0x21
#define DFU_BCD_VERSION 0x0110

void dfu_config_defaults(struct dfu_config *out, const struct dfu_config *in)
{
	*out = in ? *in : (struct dfu_config){0};
	if (out->attributes == 0) {
		out->attributes = DFU_ATTR_DEFAULT;
	}
	if (out->detach_timeout_ms == 0) {
		out->detach_timeout_ms = 1000;
	}
	if (out->transfer_size == 0) {
		out->transfer_size = DFU_TRANSFER_SIZE_DEFAULT;
	}
}

int dfu_desc_interface(uint8_t *buf, size_t cap, uint8_t iface, uint8_t alt,
		       uint8_t protocol, uint8_t str_index)
{
	if (cap < 9) {
		return -ENOMEM;
	}
	buf[0] = 9;
	buf[1] = 0x04; /* INTERFACE */
	buf[2] = iface;
	buf[3] = alt;
	buf[4] = 0; /* bNumEndpoints: control only */
	buf[5] = USB_CLASS_APP_SPECIFIC;
	buf[6] = DFU_SUBCLASS;
	buf[7] = protocol;
	buf[8] = str_index;
	return 9;
}

int dfu_desc_functional(uint8_t *buf, size_t cap,
			const struct dfu_config *cfg, uint16_t ctrl_max)
{
	uint16_t xfer = cfg->transfer_size < ctrl_max ? cfg->transfer_size
						       : ctrl_max;

	if (cap < 9) {
		return -ENOMEM;
	}
	buf[0] = 9;
	buf[1] = DFU_DESC_FUNCTIONAL;
	buf[2] = cfg->attributes;
	buf[3] = (uint8_t)(cfg->detach_timeout_ms & 0xff);
	buf[4] = (uint8_t)(cfg->detach_timeout_ms >> 8);
	buf[5] = (uint8_t)(xfer & 0xff);
	buf[6] = (uint8_t)(xfer >> 8);
	buf[7] = (uint8_t)(DFU_BCD_VERSION & 0xff);
	buf[8] = (uint8_t)(DFU_BCD_VERSION >> 8);
	return 9;
}

void dfu_status_pack(uint8_t out[6], enum dfu_status status,
		     uint32_t poll_ms, enum dfu_state state)
{
	if (poll_ms > 0xffffff) {
		poll_ms = 0xffffff;
	}
	out[0] = (uint8_t)status;
	out[1] = (uint8_t)(poll_ms & 0xff);
	out[2] = (uint8_t)((poll_ms >> 8) & 0xff);
	out[3] = (uint8_t)((poll_ms >> 16) & 0xff);
	out[4] = (uint8_t)state;
	out[5] = 0; /* iString */
}
