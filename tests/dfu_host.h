/* SPDX-License-Identifier: Apache-2.0 */
/* A small in-process DFU host (what dfu-util does) over the virtual UDC. */
#ifndef TESTS_DFU_HOST_H
#define TESTS_DFU_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "udc/udc_virtual.h"

struct dfu_host {
	struct udc_virtual *v;
	uint16_t iface;
	uint16_t xfer;          /* wLength used for DNLOAD/UPLOAD */
	uint16_t first_block;   /* block number of the first block */
	void (*idle)(void *user); /* called between polls (e.g. usbd_poll) */
	void *idle_user;
	unsigned int polls;     /* GETSTATUS requests sent */
	unsigned int busy_polls; /* ... answered with dfuDNBUSY/MANIFEST */
	uint32_t poll_sum_ms;   /* sum of bwPollTimeout seen while busy */
};

struct dfu_host_status {
	uint8_t status;
	uint32_t poll_ms;
	uint8_t state;
};

int dfu_host_getstatus(struct dfu_host *h, struct dfu_host_status *st);
int dfu_host_getstate(struct dfu_host *h, uint8_t *state);
int dfu_host_simple(struct dfu_host *h, uint8_t req); /* CLRSTATUS, ABORT, DETACH */
int dfu_host_dnload(struct dfu_host *h, uint16_t block, const uint8_t *data,
		    uint16_t len);
int dfu_host_upload(struct dfu_host *h, uint16_t block, uint8_t *buf,
		    uint16_t len, size_t *got);
int dfu_host_set_alt(struct dfu_host *h, uint8_t alt);

/* Whole operations as dfu-util does them; 0 on success. */
int dfu_host_download(struct dfu_host *h, const uint8_t *data, size_t len);
int dfu_host_upload_all(struct dfu_host *h, uint8_t *buf, size_t cap,
			size_t *got);

#endif /* TESTS_DFU_HOST_H */
