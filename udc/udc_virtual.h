/* SPDX-License-Identifier: Apache-2.0 */
/*
 * In-process "virtual" controller with a host side, for tests: the test
 * plays the USB host (like Linux would) and the device stack answers
 * through the normal controller API.
 */
#ifndef UDC_UDC_VIRTUAL_H
#define UDC_UDC_VIRTUAL_H

#include "udc/udc.h"

#define UDC_VIRTUAL_MAX_XFER 65535

struct udc_virtual {
	struct udc_dev dev;
	bool initialized;
	bool enabled;      /* pull-up on: a host may see the device */
	bool attached;     /* the host has the device */
	bool in_setup;     /* inside a UDC_EVT_SETUP callback */
	bool answered;
	bool stalled;
	unsigned int answers; /* replies seen in the current setup */
	size_t reply_len;
	uint8_t reply[UDC_VIRTUAL_MAX_XFER];
	unsigned int connects;    /* udc_enable() calls, i.e. plug-ins */
	unsigned int disconnects; /* udc_disable() calls */
};

void udc_virtual_init(struct udc_virtual *v, enum udc_speed speed);

/* Host side -------------------------------------------------------------*/

/* Plug in (VBUS ready) if the device is enabled; -ENODEV otherwise. */
int vhost_attach(struct udc_virtual *v);
/* Unplug: the stack sees VBUS removed. */
void vhost_detach(struct udc_virtual *v);
/* A bus reset as a real host port reset would deliver it. */
void vhost_bus_reset(struct udc_virtual *v);

/*
 * One control transfer. For IN requests data receives up to wLength bytes
 * and *actual the count; for OUT requests data holds wLength bytes.
 * Returns 0, -EPIPE on a stall, -ENODEV when not attached, -EPROTO when
 * the stack answered twice or sent more than wLength.
 */
int vhost_control(struct udc_virtual *v, uint8_t bm_request_type,
		  uint8_t b_request, uint16_t w_value, uint16_t w_index,
		  uint16_t w_length, uint8_t *data, size_t *actual);

struct vhost_device {
	uint8_t dev_desc[18];
	uint8_t config[1024];
	size_t config_len;
	uint8_t str0[255];
	size_t str0_len;
};

/*
 * Enumerate like Linux: device descriptor with wLength 64, then 18,
 * configuration 9 then full, string 0 and the device's strings with
 * wLength 255, SET_CONFIGURATION 1.
 */
int vhost_enumerate(struct udc_virtual *v, struct vhost_device *out);

/* Fetch string descriptor index as ASCII (UTF-16LE low bytes). */
int vhost_get_string(struct udc_virtual *v, uint8_t index, char *out,
		     size_t cap);

#endif /* UDC_UDC_VIRTUAL_H */
