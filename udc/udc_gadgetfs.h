/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gadgetfs: a UDC driver over Linux's user-mode gadget file system
 * (drivers/usb/gadget/legacy/inode.c). The device runs on a real USB
 * device controller of the machine (dwc2, musb, chipidea ...) or on
 * dummy_hcd, which connects a virtual controller to the same kernel's
 * host stack. Host-only Linux code: file descriptors, allocated once.
 *
 * Why gadgetfs and not FunctionFS: FunctionFS is one function inside a
 * composite gadget; the kernel's composite layer owns the device and
 * configuration descriptors, the strings and SET_CONFIGURATION, and
 * changing the device's identity for a DFU detach means rebinding the
 * gadget through configfs. gadgetfs takes the whole device's descriptors
 * from user space on ep0 and hands every other request on ep0 (strings,
 * SET_INTERFACE, class and vendor requests to the device) to user space,
 * so the stack stays the device, and re-enumeration is a close and a
 * reopen of ep0.
 *
 * Mapping to the controller API (the staged contract of udc.h):
 *  - udc_enable(): the stack's device, configuration and (high-speed
 *    capable) other-speed configuration descriptors are asked for through
 *    the staged path (synthetic GET_DESCRIPTOR requests, completed with
 *    UDC_EVT_CTRL_STATUS, as the USB/IP driver does), written to
 *    DIR/<udc> and the gadget binds: the pull-up goes on.
 *  - udc_disable(): ep0 is closed; the kernel unbinds the gadget and the
 *    host sees an unplug. Enabling again (other descriptors) is a replug.
 *  - GADGETFS_CONNECT (first one after enable) -> UDC_EVT_VBUS_READY
 *  - GADGETFS_DISCONNECT -> UDC_EVT_RESET when the device was configured
 *    (see the quirks), and the control transfer in progress is abandoned
 *  - GADGETFS_SUSPEND -> UDC_EVT_SUSPEND; the next event after it
 *    -> UDC_EVT_RESUME first (gadgetfs reports no resume)
 *  - GADGETFS_SETUP -> UDC_EVT_SETUP; the stack answers in the callback:
 *      udc_ctrl_send()    write(ep0): the IN data stage is queued (the
 *                         kernel adds the zero-length packet when len <
 *                         wLength and len % bMaxPacketSize0 == 0)
 *      udc_ctrl_recv()    read(ep0) of the OUT data stage after the
 *                         callback; UDC_EVT_CTRL_OUT follows with it
 *      udc_ctrl_status()  read(ep0, 0): the zero-length IN status stage
 *                         is queued
 *      udc_ctrl_stall()   an ep0 I/O in the wrong direction (write for an
 *                         OUT request, read for an IN one): the kernel
 *                         halts ep0 until the next SETUP
 *    A SETUP that got no answer is stalled. UDC_EVT_CTRL_STATUS is
 *    raised once the status stage (or the IN data stage, whose status the
 *    host then sends) is queued.
 *
 * Quirks of gadgetfs, kept here (the portable stack follows USB 2.0):
 *  - Control data stages are at most 256 bytes (gadgetfs's ep0 buffer;
 *    since the fix of CVE-2021-39685 a longer IN request reaches user
 *    space with wLength cut to 256, and a longer OUT request is stalled by
 *    the kernel unseen). dev->ctrl_max says so: the DFU class then offers
 *    wTransferSize 256.
 *  - The status stage is never reported: a queued IN data or zero-length
 *    status completes or fails inside the kernel. UDC_EVT_CTRL_STATUS
 *    therefore means "queued", as it means "RET_SUBMIT queued" for USB/IP.
 *    udc_disable() gives a status queued just before it a few
 *    milliseconds to reach the host (a DFU DETACH then completes).
 *  - The OUT data stage is read by the kernel before user space sees the
 *    SETUP, and the status follows its completion in the controller: an
 *    OUT request with data cannot be stalled, neither at the SETUP nor
 *    after the data. The driver reads and drops the data of a request the
 *    stack stalled and logs it; the host sees the request accepted, and a
 *    DFU class learns of its error at the next GETSTATUS.
 *  - The kernel answers GET_DESCRIPTOR (device, configuration, other
 *    speed, qualifier) and GET_CONFIGURATION from the written
 *    descriptors, and stalls every other descriptor type but strings: BOS
 *    is never asked (gadgetfs sets bcdUSB to 0x0200), so Microsoft OS 2.0
 *    descriptors are not seen through it. SET_CONFIGURATION is checked by
 *    the kernel and then delivered, and may not be stalled. The
 *    controller handles SET_ADDRESS, GET_STATUS and SET/CLEAR_FEATURE
 *    itself (dummy_hcd, dwc2 ...): the stack never sees them.
 *  - Reset and disconnect are one event (DISCONNECT), and a reset before
 *    the first SETUP after a connect is not reported at all. Resets of an
 *    unconfigured device are part of every enumeration and change nothing
 *    the stack knows (it never saw the address), so only the reset of a
 *    configured device (a host's usb_reset_device(), `dfu-util -R`) is
 *    raised, as UDC_EVT_RESET. UDC_EVT_VBUS_REMOVED is never raised.
 *
 * Speed: dev->speed is UDC_SPEED_HIGH until a connect says otherwise
 * (the stack then builds the other-speed configuration gadgetfs needs
 * for a dual-speed controller); mps0 is 64.
 */
#ifndef UDC_UDC_GADGETFS_H
#define UDC_UDC_GADGETFS_H

#include <stdbool.h>

#include "udc/udc.h"

#define UDC_GADGETFS_DEFAULT_DIR "/dev/gadget"

struct udc_gadgetfs_config {
	/* Where gadgetfs is mounted (mount -t gadgetfs gadgetfs DIR). */
	const char *dir;
	/* The controller's file in dir (e.g. "dummy_udc", "20980000.usb");
	 * NULL = the only one there. */
	const char *udc;
	/* One line per call, no trailing newline. NULL = stderr. */
	void (*log)(const char *line);
};

/* Defaults: /dev/gadget, the only controller, stderr. */
void udc_gadgetfs_config_init(struct udc_gadgetfs_config *cfg);

/*
 * Bind dev to the gadgetfs driver (sets dev->api and dev->priv) and find
 * the controller's file. On error returns a negative errno; if dev->priv
 * was set, udc_gadgetfs_error() tells why and udc_gadgetfs_destroy() must
 * still be called. Then udc_init() and udc_enable() as usual.
 */
int udc_gadgetfs_create(struct udc_dev *dev,
			const struct udc_gadgetfs_config *cfg);

/* Close ep0 (the host sees an unplug) and free the driver's memory. */
void udc_gadgetfs_destroy(struct udc_dev *dev);

/* The last error message ("" if none). */
const char *udc_gadgetfs_error(const struct udc_dev *dev);

/*
 * One event-loop iteration: wait up to timeout_ms (-1 = until something
 * happens) for ep0 events and handle them. Every event the stack sees is
 * delivered from here (or from udc_enable()'s descriptor requests).
 * Returns the number of events handled (0 on timeout or EINTR), or a
 * negative errno (-EBUSY if called from the event callback).
 */
int udc_gadgetfs_poll(struct udc_dev *dev, int timeout_ms);

extern const struct udc_api udc_gadgetfs_api;

#endif /* UDC_UDC_GADGETFS_H */
