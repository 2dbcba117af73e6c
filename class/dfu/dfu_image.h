/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DFU image backends: what the DFU class reads and writes. One image per
 * DFU-mode alternate setting. The class checks states, block order and the
 * image capacity; a backend only moves bytes.
 *
 * Every callback returns an enum dfu_status: DFU_STATUS_OK when done,
 * DFU_IMAGE_BUSY while still working (then *poll_ms holds an honest
 * estimate of how long until poll() may report done), or the DFU error
 * status the host is to see (DFU 1.1 6.1.2), e.g. DFU_ERR_WRITE.
 * Backends do no flash work that takes long inside a call the class makes
 * from a USB request: they start it and finish it from poll().
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
	/* Not a bStatus, never on the wire: the backend is still working. */
	DFU_IMAGE_BUSY = 0x100,
};

struct dfu_image_ops {
	/*
	 * Store len bytes at off. Offsets are contiguous; off == 0 starts a
	 * new download session. data stays valid and unchanged until the
	 * write is done (this call answers DFU_STATUS_OK, or poll() answers
	 * anything but DFU_IMAGE_BUSY): the class accepts no other DNLOAD
	 * into its buffer meanwhile. Never called while the backend is busy
	 * with an earlier write.
	 */
	enum dfu_status (*write)(void *ctx, uint32_t off, const uint8_t *data,
				 size_t len, uint32_t *poll_ms);
	/* Progress of the last call that answered DFU_IMAGE_BUSY. */
	enum dfu_status (*poll)(void *ctx, uint32_t *poll_ms);
	/*
	 * The host sent the zero-length DNLOAD: total bytes were received.
	 * Manifestation (flush, checks) runs from poll() after a BUSY.
	 */
	enum dfu_status (*finish)(void *ctx, uint32_t total,
				  uint32_t *poll_ms);
	/*
	 * Read up to len bytes at off of the stored image into buf; *got is
	 * the count: fewer than len (maybe 0) at the image end.
	 */
	enum dfu_status (*read)(void *ctx, uint32_t off, uint8_t *buf,
				size_t len, size_t *got);
	/*
	 * The download session was aborted (ABORT, reset, unplug, error)
	 * before its manifestation completed: the image must not be used.
	 * May be called while an operation is in flight. Long work (erasing
	 * the old header) answers DFU_IMAGE_BUSY and goes on from poll(); a
	 * write() may follow before it is done: the backend orders its own
	 * work. Optional.
	 */
	enum dfu_status (*abort)(void *ctx, uint32_t *poll_ms);
};

struct dfu_image {
	const char *name; /* alt setting string, e.g. "ramdisk0" */
	const struct dfu_image_ops *ops;
	void *ctx;
	uint32_t capacity; /* a download may not go past this many bytes */
};

#endif /* CLASS_DFU_DFU_IMAGE_H */
