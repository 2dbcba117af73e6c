/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USB DFU 1.1 class: the run-time interface (FE/01/01) that lets a host
 * request a detach, and the DFU-mode interface (FE/01/02) with one
 * alternate setting per image.
 */
#ifndef CLASS_DFU_DFU_H
#define CLASS_DFU_DFU_H

#include <stdbool.h>
#include <stdint.h>

#include "class/dfu/dfu_image.h"
#include "usbd/usbd.h"

#ifndef DFU_MAX_IMAGES
#define DFU_MAX_IMAGES 32
#endif

/* bmAttributes of the functional descriptor */
#define DFU_ATTR_CAN_DNLOAD 0x01
#define DFU_ATTR_CAN_UPLOAD 0x02
#define DFU_ATTR_MANIFEST_TOLERANT 0x04
#define DFU_ATTR_WILL_DETACH 0x08
#define DFU_ATTR_DEFAULT                                                       \
	(DFU_ATTR_CAN_DNLOAD | DFU_ATTR_CAN_UPLOAD |                           \
	 DFU_ATTR_MANIFEST_TOLERANT | DFU_ATTR_WILL_DETACH)

#define DFU_TRANSFER_SIZE_DEFAULT 4096

/* Class requests, DFU 1.1 table 3.2 */
enum dfu_request {
	DFU_DETACH = 0,
	DFU_DNLOAD = 1,
	DFU_UPLOAD = 2,
	DFU_GETSTATUS = 3,
	DFU_CLRSTATUS = 4,
	DFU_GETSTATE = 5,
	DFU_ABORT = 6,
};

/* bState values, DFU 1.1 section 6.1.2 */
enum dfu_state {
	DFU_STATE_APP_IDLE = 0,
	DFU_STATE_APP_DETACH = 1,
	DFU_STATE_IDLE = 2,
	DFU_STATE_DNLOAD_SYNC = 3,
	DFU_STATE_DNBUSY = 4,
	DFU_STATE_DNLOAD_IDLE = 5,
	DFU_STATE_MANIFEST_SYNC = 6,
	DFU_STATE_MANIFEST = 7,
	DFU_STATE_MANIFEST_WAIT_RESET = 8,
	DFU_STATE_UPLOAD_IDLE = 9,
	DFU_STATE_ERROR = 10,
};

struct dfu_config {
	uint8_t attributes;         /* DFU_ATTR_*; 0 = DFU_ATTR_DEFAULT */
	uint16_t detach_timeout_ms; /* wDetachTimeOut; 0 = 1000 */
	uint16_t transfer_size;     /* wTransferSize; 0 = default */
	/*
	 * Benchmarks only, never in a product: emulate the peers' fixed
	 * poll (Zephyr's usbd_dfu reports 100 ms). Non-zero: the first
	 * GETSTATUS after every DNLOAD block answers dfuDNBUSY with a
	 * bwPollTimeout of fixed_poll_ms whatever the backend says, and
	 * while the backend stays busy every dfuDNBUSY reports it too.
	 * Manifestation keeps honest estimates. 0 (default): the
	 * backend's honest estimate, dfuDNLOAD-IDLE at once when done.
	 */
	uint16_t fixed_poll_ms;
};

/* Run-time interface: answers GETSTATUS/GETSTATE and accepts DETACH. */
struct dfu_runtime {
	struct usbd_class_node node;
	struct dfu_config cfg;
	enum dfu_state state;
	uint8_t str_iface;
	bool detach_pending;     /* DETACH accepted, status stage to come */
	uint16_t detach_wtimeout; /* its wValue (wTimeout) */
	uint32_t detach_start_ms; /* detach timer: started at ... */
	uint32_t detach_ms;      /* ... for min(wTimeout, wDetachTimeOut) */
};

/* DFU-mode interface: the state machine and the images. */
struct dfu_mode {
	struct usbd_class_node node;
	struct dfu_config cfg;
	const struct dfu_image *images;
	uint8_t num_images;
	uint8_t str_image[DFU_MAX_IMAGES];
	uint8_t alt;
	enum dfu_state state;
	enum dfu_status status;
	uint32_t poll_timeout_ms; /* bwPollTimeout last reported */
	uint32_t busy_since_ms;   /* when dfuDNBUSY / dfuMANIFEST began */
	uint32_t busy_timeout_ms; /* ... and the bwPollTimeout it lasts */
	/* Transfer session */
	bool busy;              /* backend answered DFU_IMAGE_BUSY */
	bool bg_poll;           /* the app runs usbd_poll(): work goes there */
	bool manifest_done;
	bool fixed_poll_due; /* cfg.fixed_poll_ms: this block's DNBUSY */
	uint16_t next_block;
	bool block_known;       /* next_block is valid for this session */
	uint32_t offset;        /* bytes transferred in this session */
	uint8_t *buf;           /* DNLOAD / UPLOAD data, >= transfer_size */
	uint32_t buf_len;
	/* An aborted image still finishing its clean-up from poll(). */
	const struct dfu_image *bg_image;
	/*
	 * The state in which the SETUP stage of a DNLOAD got the buffer
	 * (DFU_STATE_APP_IDLE: none). The OUT stage reuses that verdict when
	 * the state is the same: the table's answer depends on nothing else.
	 */
	enum dfu_state out_state;
	/* The request accepted, committed when its status stage completes. */
	bool pending;
	uint8_t pend_req;
	uint16_t pend_len;      /* DNLOAD: bytes in buf; UPLOAD: bytes sent */
	uint16_t pend_wlength;
};

int dfu_runtime_init(struct dfu_runtime *rt, const struct dfu_config *cfg);
int dfu_runtime_register(struct usbd_context *ctx, struct dfu_runtime *rt);

/*
 * images must stay valid while registered; buf is the upload buffer
 * (transfer_size bytes). A transfer size larger than buf_len is refused.
 */
int dfu_mode_init(struct dfu_mode *dm, const struct dfu_config *cfg,
		  const struct dfu_image *images, uint8_t num_images,
		  uint8_t *buf, uint32_t buf_len);
int dfu_mode_register(struct usbd_context *ctx, struct dfu_mode *dm);
/*
 * True while a backend operation (a block, manifestation, an abort's
 * clean-up) waits for usbd_poll(): the application's main loop then polls
 * its controller without waiting, so that no idle wait sits between two
 * steps of flash work the host was promised by bwPollTimeout.
 */
bool dfu_mode_busy(const struct dfu_mode *dm);

/* Descriptors, shared by both interfaces (dfu_desc.c). */
int dfu_desc_interface(uint8_t *buf, size_t cap, uint8_t iface, uint8_t alt,
		       uint8_t protocol, uint8_t str_index);
/* wTransferSize is cut to the longest control transfer of the
 * controller (ctrl_max, udc_ctrl_max()). */
int dfu_desc_functional(uint8_t *buf, size_t cap,
			const struct dfu_config *cfg, uint16_t ctrl_max);
void dfu_config_defaults(struct dfu_config *out, const struct dfu_config *in);

/* GETSTATUS payload: bStatus, bwPollTimeout (24 bit), bState, iString. */
void dfu_status_pack(uint8_t out[6], enum dfu_status status,
		     uint32_t poll_ms, enum dfu_state state);

#endif /* CLASS_DFU_DFU_H */
