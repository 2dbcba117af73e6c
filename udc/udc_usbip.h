/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip: a UDC driver that is a USB/IP server (the device side of
 * `usbip attach -r 127.0.0.1 -b 1-1`). Host-only: it uses sockets and
 * allocates its buffers once at creation.
 *
 * One event loop, driven by the board: udc_usbip_poll() runs one poll()
 * iteration over the listening socket and the connections and returns, so
 * the board can do its other periodic work between calls. Every event the
 * stack sees (VBUS, RESET and the control stages) is delivered from
 * inside udc_usbip_poll().
 *
 * Mapping to the controller API (the staged contract of udc.h):
 *  - OP_REQ_IMPORT accepted           -> UDC_EVT_VBUS_READY
 *  - the importer's connection ends   -> UDC_EVT_VBUS_REMOVED (also when
 *    udc_disable() unplugged it)
 *  - CMD_SUBMIT on endpoint 0          -> UDC_EVT_SETUP; the stack answers
 *    in the callback:
 *      udc_ctrl_send()    IN data, len <= wLength (-EINVAL otherwise),
 *                         cut to the URB's transfer_buffer_length
 *      udc_ctrl_recv()    the URB's OUT data is copied into the buffer and
 *                         UDC_EVT_CTRL_OUT follows at once; the stack then
 *                         answers udc_ctrl_status() or udc_ctrl_stall()
 *      udc_ctrl_status()  no data stage (wLength 0)
 *    A stall, or no answer in the callback, is RET_SUBMIT -EPIPE.
 *    Otherwise the RET_SUBMIT is queued and UDC_EVT_CTRL_STATUS raised:
 *    vhci-hcd performs the status stage itself, so the URB's completion
 *    is the request's. The stack may call udc_disable() from there.
 *  - CMD_SUBMIT on other endpoints     -> RET_SUBMIT -EPIPE
 *  - CMD_UNLINK                        -> RET_UNLINK status 0: every URB
 *    completes as it is received, so, as Linux's stub answers for a URB
 *    that is no longer pending, its RET_SUBMIT (already queued) stands.
 *  - a devid other than busnum << 16 | devnum of OP_REP_IMPORT drops the
 *    connection, as the stub does.
 *  - dev->mps0 is 64; the zero-length-packet rule is vhci's (it moves
 *    whole URBs). SET_ADDRESS never reaches the device: no set_address.
 *
 * Resets: USB/IP hides them, and this is that transport's quirk living in
 * its driver; the portable stack follows USB 2.0 9.4.7 (SET_CONFIGURATION
 * with the current value keeps the device configured, 0 deconfigures).
 * vhci-hcd handles port reset and SET_ADDRESS itself, so a host reset
 * (`dfu-util -R`, usb_reset_device()) reaches the device only as a fresh
 * enumeration. The driver raises UDC_EVT_RESET, before delivering the
 * SETUP, when
 *  - a SET_CONFIGURATION with a non-zero value arrives while the device
 *    is configured (a completed SET_CONFIGURATION(n > 0) configures it;
 *    SET_CONFIGURATION(0), a reset, an import or an unplug deconfigure
 *    it). SET_CONFIGURATION(0) is never part of an enumeration, so it is
 *    delivered as the deconfiguration it is, without a reset;
 *  - a CMD_SUBMIT carries the hub-class port request SET_FEATURE(
 *    PORT_RESET) (bmRequestType 0x23, bRequest 3, wValue 4), which Linux's
 *    stub (stub_rx.c) turns into a device reset: it is answered with
 *    status 0 and not delivered to the stack.
 *
 * udc_disable(): the importer connection is closed (host sees an unplug)
 * after the replies already queued are sent; the listening socket stays;
 * the device is neither listed nor importable. udc_enable(): exported
 * again under the same busid. Both may be called from inside the event
 * callback (DFU detach).
 *
 * Device information for OP_REP_DEVLIST / OP_REP_IMPORT is asked from the
 * stack through the same staged path: synthetic GET_DESCRIPTOR (device,
 * 18) and (configuration 0, 9 then wTotalLength) requests, each completed
 * with UDC_EVT_CTRL_STATUS, whenever a host lists or imports the device
 * while no importer is attached. The stack must answer them whenever it
 * is enabled.
 *
 * Commands are handled as soon as they are whole: every CMD_SUBMIT gets
 * exactly one RET_SUBMIT and every CMD_UNLINK one RET_UNLINK, in the
 * order received. Only while the replies wait for the host to read them
 * do commands wait, and reading stops once the receive buffer is full.
 *
 * Speed: dev->speed (UDC_SPEED_FULL by default, as a zeroed udc_dev has).
 */
#ifndef UDC_UDC_USBIP_H
#define UDC_UDC_USBIP_H

#include <stdbool.h>
#include <stdint.h>

#include "udc/udc.h"

#define UDC_USBIP_DEFAULT_ADDRESS "127.0.0.1"
#define UDC_USBIP_DEFAULT_PORT    3240
#define UDC_USBIP_DEFAULT_BUSID   "1-1"
/* Connections at once, importer included. */
#define UDC_USBIP_MAX_CONNS 8
/* A connection that has not imported is dropped after this long. */
#define UDC_USBIP_DEFAULT_IDLE_MS 5000

struct udc_usbip_config {
	/* Numeric IPv4/IPv6 address to bind. */
	const char *address;
	/* TCP port; 0 = an ephemeral port (see udc_usbip_port()). */
	uint16_t port;
	/*
	 * >= 0: adopt this already-listening socket instead of binding
	 * (a board that re-executes its image keeps it across exec). The
	 * driver owns it from then on. -1: bind address:port.
	 */
	int listen_fd;
	/* Bus id to export, at most 31 characters, e.g. "1-1". */
	const char *busid;
	/* sysfs-like path shown by `usbip list`; NULL = derived from busid. */
	const char *path;
	/* Idle timeout for connections that have not imported (ms, > 0). */
	int idle_timeout_ms;
	/* One line per call, no trailing newline. NULL = stderr. */
	void (*log)(const char *line);
};

/* Defaults: 127.0.0.1:3240, listen_fd -1, busid "1-1", 5 s idle, stderr. */
void udc_usbip_config_init(struct udc_usbip_config *cfg);

/*
 * Bind dev to the usbip driver (sets dev->api and dev->priv) and open the
 * listening socket. On error returns a negative errno; if dev->priv was
 * set, udc_usbip_error() tells why in one line (e.g. "usbip: cannot listen
 * on 127.0.0.1:3240: Address already in use") and udc_usbip_destroy()
 * must still be called. Then call udc_init() and udc_enable() as usual.
 */
int udc_usbip_create(struct udc_dev *dev, const struct udc_usbip_config *cfg);

/* Close every socket and free the driver's memory. */
void udc_usbip_destroy(struct udc_dev *dev);

/* The last error message ("" if none). */
const char *udc_usbip_error(const struct udc_dev *dev);

/*
 * One event-loop iteration: wait up to timeout_ms (-1 = until something
 * happens) for socket activity, handle it, expire idle connections.
 * Returns the number of sockets that had activity (0 on timeout or
 * EINTR), or a negative errno (-EBUSY if called from the event callback).
 */
int udc_usbip_poll(struct udc_dev *dev, int timeout_ms);

/* The bound TCP port (useful with port 0), or a negative errno. */
int udc_usbip_port(const struct udc_dev *dev);

/*
 * The listening socket. It is close-on-exec: a board that wants to keep
 * it across exec clears FD_CLOEXEC and passes it back as listen_fd.
 */
int udc_usbip_listen_fd(const struct udc_dev *dev);

/* True while a host has the device imported. */
bool udc_usbip_attached(const struct udc_dev *dev);

extern const struct udc_api udc_usbip_api;

#endif /* UDC_UDC_USBIP_H */
