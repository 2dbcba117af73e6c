/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One USB/IP client session against a usbip server (udc/udc_usbip.c) that
 * runs in the caller's thread, for the fuzz targets that feed the server
 * a byte stream: fuzz_usbip_server (test device) and fuzz_usbip_dfu (the
 * device stack with DFU).
 */
#ifndef FUZZ_USBIP_CLIENT_H
#define FUZZ_USBIP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "udc/udc.h"

/*
 * Connect to 127.0.0.1:port, send data in chunks of chunk bytes (0: all at
 * once) with the server's event loop run in between, keep the replies,
 * close (with a reset: no TIME_WAIT) and run the server until it has
 * detached. Aborts on a broken oracle (see usbip_client.c).
 */
void usbip_client_session(struct udc_dev *server, int port,
			  const uint8_t *data, size_t size, size_t chunk);

/* What the server sent in the last session (valid until the next). */
size_t usbip_client_reply(const uint8_t **out);

#endif /* FUZZ_USBIP_CLIENT_H */
