/* SPDX-License-Identifier: Apache-2.0 */
/*
 * In-process "virtual" controller with a host side, for tests: the test
 * plays the USB host (like Linux would) and the device stack answers
 * through the normal controller API, stage by stage as silicon sees it:
 * SETUP, the data stage in bMaxPacketSize0 packets (with the zero-length
 * packet rule), the status stage, SET_ADDRESS taking effect after it.
 */
#ifndef UDC_UDC_VIRTUAL_H
#define UDC_UDC_VIRTUAL_H

#include "udc/udc.h"

#define UDC_VIRTUAL_MAX_XFER 65535

/* What the device answered to the stage in progress. */
enum uv_answer {
	UV_NONE,
	UV_SEND,   /* IN data stage queued */
	UV_RECV,   /* OUT data stage armed */
	UV_STATUS, /* status stage queued */
	UV_STALL,
};

struct udc_virtual {
	struct udc_dev dev;
	bool initialized;
	bool enabled;      /* pull-up on: a host may see the device */
	bool attached;     /* the host has the device */
	bool in_stage;     /* the host waits for an answer to a stage */
	bool status_owed;  /* data stage done, status stage not yet */
	struct usb_setup_packet setup;
	enum uv_answer answer;
	unsigned int answers; /* answers seen in the current stage */
	/* IN data as the device sent it, packet by packet */
	uint8_t reply[UDC_VIRTUAL_MAX_XFER];
	size_t reply_len;
	unsigned int packets; /* data packets of the last IN stage */
	bool zlp;             /* the last IN stage ended with a ZLP */
	/* OUT data stage: the device's buffer */
	uint8_t *recv_buf;
	size_t recv_len;
	/* addressing */
	uint8_t address;
	uint8_t next_address;
	bool address_pending;
	unsigned int connects;    /* udc_enable() calls, i.e. plug-ins */
	unsigned int disconnects; /* udc_disable() calls */
	unsigned int status_done; /* UDC_EVT_CTRL_STATUS delivered */
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
 * One control transfer, all three stages. For IN requests data receives
 * up to wLength bytes and *actual the count; for OUT requests data holds
 * wLength bytes. Returns 0, -EPIPE on a stall, -ENODEV when not attached,
 * -EPROTO when the device broke the controller contract (two answers to
 * one stage, the wrong kind of answer, more than wLength), -ETIMEDOUT
 * when a stage got no answer or an IN data stage never ended (a missing
 * zero-length packet).
 */
int vhost_control(struct udc_virtual *v, uint8_t bm_request_type,
		  uint8_t b_request, uint16_t w_value, uint16_t w_index,
		  uint16_t w_length, uint8_t *data, size_t *actual);

/*
 * The same without the status stage: the transfer stays open. Then
 * vhost_status() completes it (a late status stage), or the next control
 * transfer, a reset or an unplug abandons it (a lost one).
 */
int vhost_control_no_status(struct udc_virtual *v, uint8_t bm_request_type,
			    uint8_t b_request, uint16_t w_value,
			    uint16_t w_index, uint16_t w_length, uint8_t *data,
			    size_t *actual);
int vhost_status(struct udc_virtual *v);

struct vhost_device {
	uint8_t dev_desc[18];
	uint8_t config[1024];
	size_t config_len;
	uint8_t str0[255];
	size_t str0_len;
};

/*
 * Enumerate like Linux: device descriptor with wLength 64, SET_ADDRESS,
 * device descriptor 18, configuration 9 then full, string 0 and the
 * device's strings with wLength 255, SET_CONFIGURATION 1.
 */
int vhost_enumerate(struct udc_virtual *v, struct vhost_device *out);

/* Fetch string descriptor index as ASCII (UTF-16LE low bytes). */
int vhost_get_string(struct udc_virtual *v, uint8_t index, char *out,
		     size_t cap);

#endif /* UDC_UDC_VIRTUAL_H */
