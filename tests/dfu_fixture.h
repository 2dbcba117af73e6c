/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A device as the sample builds it, on the virtual controller: a run-time
 * personality and a DFU-mode personality with alt 0 = "ramdisk0" (RAM disk)
 * and alt 1 = "async" (a RAM image whose writes and manifestation complete
 * only after a number of polls, like flash).
 */
#ifndef TESTS_DFU_FIXTURE_H
#define TESTS_DFU_FIXTURE_H

#include "class/dfu/dfu.h"
#include "class/dfu/dfu_disk_image.h"
#include "storage/ramdisk.h"
#include "tests/dfu_host.h"
#include "udc/udc_virtual.h"

#define FIX_RAMDISK_SECTOR 512
#define FIX_ASYNC_CAP (256 * 1024)
#define FIX_MAX_DISK (8u * 1024 * 1024)

struct async_image {
	uint8_t mem[FIX_ASYNC_CAP];
	uint32_t stored_len;
	unsigned int busy_steps;  /* polls before an operation completes */
	uint32_t poll_ms;         /* estimate reported while busy */
	unsigned int pending;     /* polls left for the current operation */
	int fail_write_at;        /* offset at which write fails, -1 never */
	enum dfu_status fail_status; /* ... with this (DFU_ERR_WRITE) */
	enum dfu_status finish_result; /* what finish() ends with */
	unsigned int writes;
	unsigned int finishes;
	unsigned int aborts;
};

struct dfu_fixture {
	struct udc_virtual v;
	struct usbd_context rt_ctx;
	struct usbd_context dfu_ctx;
	struct dfu_runtime rt;
	struct dfu_mode dm;
	struct ramdisk rd;
	struct dfu_disk_image di;
	struct async_image ai;
	struct dfu_image images[2];
	uint8_t sector_buf[FIX_RAMDISK_SECTOR];
	uint8_t xfer_buf[65535];
	struct dfu_host host;
	unsigned int detach_msgs;
	unsigned int completed_msgs;
	unsigned int reset_msgs;
	uint32_t now_ms;          /* the stack's clock, moved by the test */
	int last_completed_alt;
};

/* Build both personalities; the run-time one is enabled and attached. */
int fixture_init(struct dfu_fixture *f, const struct dfu_config *cfg,
		 uint32_t disk_bytes);
/* Switch to DFU mode (replug) and enumerate; host.iface = 0. */
int fixture_enter_dfu(struct dfu_fixture *f);

extern uint8_t fixture_disk_mem[FIX_MAX_DISK];
extern const struct usbd_msos20 fixture_msos20;

#endif /* TESTS_DFU_FIXTURE_H */
