/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU image on a flash area (e.g. the secondary slot "image-1"). Data is
 * streamed to flash with progressive erase. The area's tail (the boot
 * trailer) is never written by a download: it is erased when a download
 * starts, so a half-written image can never carry an old upgrade request.
 *
 * The application supplies two hooks, so that this class layer needs no
 * knowledge of the image format:
 *  - check(): called from poll() after the last byte is in flash;
 *    returns DFU_STATUS_OK if the image is good (e.g. signature
 *    verified), DFU_IMAGE_BUSY to be called again (a check done in
 *    steps), or the DFU error status (DFU_ERR_VERIFY). A rejected image
 *    has its first page and trailer erased before the error is reported.
 *  - stored_len(): the length of the image now in the area (0 if none),
 *    so an UPLOAD returns the image and not the whole erased slot.
 *  - cost_us() (optional): how long erasing and programming take, for an
 *    honest bwPollTimeout.
 *
 * The image's first write block (at least its first 4 bytes: an MCUboot
 * image's magic) is the commit point: it is held back in RAM while the
 * rest streams to flash, and programmed only after the last byte is in
 * and before the check. A download cut anywhere before (power loss,
 * unplug, abort) leaves those bytes erased, so the slot holds no image:
 * never a new header over an old tail.
 *
 * Nothing touches flash inside a request: a block is staged and answered
 * dfuDNBUSY; poll() programs it one page step at a time (an erase and the
 * bytes of one page), so the stack keeps answering in between. finish()
 * (manifestation: flush, check) and abort() (erase the first page and the
 * trailer so no half image stays) answer DFU_IMAGE_BUSY and do their work
 * from poll() too.
 */
#ifndef CLASS_DFU_DFU_FLASH_IMAGE_H
#define CLASS_DFU_DFU_FLASH_IMAGE_H

#include <stdbool.h>

#include "class/dfu/dfu_image.h"
#include "storage/flash_map.h"
#include "storage/stream_flash.h"

struct dfu_flash_image_cfg {
	const struct flash_area *fa;
	uint32_t reserved_tail; /* bytes at the end kept for the trailer */
	enum dfu_status (*check)(void *user, const struct flash_area *fa,
				 uint32_t len, uint32_t *poll_ms);
	uint32_t (*stored_len)(void *user, const struct flash_area *fa);
	uint32_t (*cost_us)(void *user, uint32_t erases, uint32_t bytes);
	void *user;
	uint8_t *buf;     /* write buffer, a multiple of the write block */
	size_t buf_len;
	/*
	 * Optional copy of one DFU block (wTransferSize bytes). NULL: the
	 * block is programmed from the class's own buffer, which the DFU
	 * class leaves untouched while the backend is busy (saves a block of
	 * RAM); a stage is for callers that reuse their data at once.
	 */
	uint8_t *stage;
	size_t stage_len;
};

/* Most bytes held back at the start of the image (the commit point). */
#define DFU_FLASH_IMAGE_HOLD_MAX 32

struct dfu_flash_image {
	struct dfu_flash_image_cfg cfg;
	struct flash_area data_area; /* fa without the reserved tail */
	struct stream_flash stream;
	bool session;
	bool tail_dirty; /* the trailer pages still need their erase */
	bool invalidate; /* erase the first page and the trailer first */
	bool manifest;   /* finish() was called: flush, then check */
	bool flushed;
	enum dfu_status verdict; /* of the check, reported after invalidation */
	uint32_t total;
	bool committed;  /* the held-back bytes are programmed */
	uint8_t hold_len; /* write block size, at least 4 */
	uint8_t held[DFU_FLASH_IMAGE_HOLD_MAX];
	const uint8_t *block; /* the block being programmed */
	size_t staged;  /* bytes of the current block */
	size_t stage_done; /* of which already handed to the stream */
};

extern const struct dfu_image_ops dfu_flash_image_ops;

int dfu_flash_image_init(struct dfu_flash_image *fi, struct dfu_image *img,
			 const char *name,
			 const struct dfu_flash_image_cfg *cfg);

#endif /* CLASS_DFU_DFU_FLASH_IMAGE_H */
