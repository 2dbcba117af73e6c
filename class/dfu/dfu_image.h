/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU image backends: what the DFU class reads and writes. One image per
 * DFU-mode alternate setting. The class checks states, block order and the
 * image capacity; a backend only moves bytes.
 *
 * Return values of the callbacks:
 *   0                 done
 *   DFU_IMAGE_BUSY    still working: *poll_ms holds an honest estimate of
 *                     how long until poll() may report done
 *   negative          -(enum dfu_status), e.g. -DFU_ERR_WRITE
 */
#ifndef CLASS_DFU_DFU_IMAGE_H
#define CLASS_DFU_DFU_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* bStatus values, DFU 1.1 section 6.1.2 */
enum dfu_status {
	DFU_STATUS_OK = 0x00,
	DFU_ERR_TARGET = 0x01,
	DFU_ERR_FILE = 0x02,
	DFU_ERR_WRITE = 0x03,
	DFU_ERR_ERASE = 0x04,
	DFU_ERR_CHECK_ERASED = 0x05,
	DFU_ERR_PROG = 0x06,
	DFU_ERR_VERIFY = 0x07,
	DFU_ERR_ADDRESS = 0x08,
	DFU_ERR_NOTDONE = 0x09,
	DFU_ERR_FIRMWARE = 0x0a,
	DFU_ERR_VENDOR = 0x0b,
	DFU_ERR_USBR = 0x0c,
	DFU_ERR_POR = 0x0d,
	DFU_ERR_UNKNOWN = 0x0e,
	DFU_ERR_STALLEDPKT = 0x0f,
};

#define DFU_IMAGE_BUSY 1

struct dfu_image_ops {
	/*
	 * Store len bytes at off. Offsets are contiguous; off == 0 starts a
	 * new download session. The data pointer is valid only during the
	 * call: copy what is kept. Never called while the backend is busy.
	 */
	int (*write)(void *ctx, uint32_t off, const uint8_t *data, size_t len,
		     uint32_t *poll_ms);
	/* Progress of the last write/finish that answered DFU_IMAGE_BUSY. */
	int (*poll)(void *ctx, uint32_t *poll_ms);
	/* The host sent the zero-length DNLOAD: total bytes were received. */
	int (*finish)(void *ctx, uint32_t total, uint32_t *poll_ms);
	/*
	 * Read up to len bytes at off of the stored image. Returns the
	 * number of bytes read: fewer than len (maybe 0) at the image end.
	 */
	int (*read)(void *ctx, uint32_t off, uint8_t *buf, size_t len);
	/*
	 * The download session was aborted (ABORT, reset, unplug, error)
	 * before finish(): the image must not be used. May be called while
	 * an operation is in flight. Optional.
	 */
	void (*abort)(void *ctx);
};

struct dfu_image {
	const char *name; /* alt setting string, e.g. "ramdisk0" */
	const struct dfu_image_ops *ops;
	void *ctx;
	uint32_t capacity; /* a download may not go past this many bytes */
};

#endif /* CLASS_DFU_DFU_IMAGE_H */
