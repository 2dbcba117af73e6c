/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The usbip server (udc/udc_usbip.c) as one client sees it: the input is
 * the byte stream a client sends over loopback TCP to the test device of
 * tests/test_usbip_fixture.c, in chunks (first input byte: chunk size, 0 =
 * all at once) with the server's event loop run in between.
 *
 * Oracles: those of fuzz/usbip_client.c on the replies and the detach;
 * VBUS removed as often as VBUS ready; the server still lists the device
 * to a new client (checked on every 32nd run); the fixture's checks;
 * no sanitizer report.
 */
#include "fuzz/fuzz.h"
#include "fuzz/usbip_client.h"
#include "tests/test.h"
#include "tests/test_usbip_fixture.h"
#include "udc/usbip_proto.h"

TEST_MAIN_DEFS;

static int port = -1;
static unsigned int runs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t devlist_req[USBIP_OP_HDR_LEN] = {0x01, 0x11, 0x80,
							     0x05};
	struct usbip_op_header op;
	const uint8_t *rep;
	size_t rep_len;

	if (size < 1) {
		return 0;
	}
	if (port < 0) {
		port = tdev_start(UDC_USBIP_DEFAULT_IDLE_MS);
		FUZZ_CHECK(port > 0);
	}
	usbip_client_session(&T.udc, port, data + 1, size - 1, data[0]);
	FUZZ_CHECK(T.vbus_ready == T.vbus_removed);
	/* still there for the next host (every 32nd run: a little slower) */
	if (runs++ % 32 == 0) {
		usbip_client_session(&T.udc, port, devlist_req,
				     sizeof(devlist_req), 0);
		rep_len = usbip_client_reply(&rep);
		FUZZ_CHECK(rep_len >= USBIP_DEVLIST_HDR_LEN);
		usbip_parse_op_header(rep, &op);
		FUZZ_CHECK(op.code == USBIP_OP_REP_DEVLIST &&
			   op.status == USBIP_ST_OK);
		FUZZ_CHECK(rep[USBIP_DEVLIST_HDR_LEN - 1] == 1); /* 1 device */
	}
	FUZZ_CHECK(test_failures == 0);
	return 0;
}
