/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Regressions found by fuzz/fuzz_usbip_server.c (reproducer kept as
 * fuzz/corpus/usbip_server/crash-busid-newline):
 *  - an OP_REQ_IMPORT whose busid held control characters (a line feed)
 *    reached the log hook as is: a client could forge log lines, and the
 *    hook's contract (one line per call) was broken.
 *  - a zero-length vendor OUT request reached the test device with data
 *    NULL, which the device passed to memcpy (undefined behaviour, seen by
 *    UBSan; reproducer fuzz/corpus/usbip_server/crash-zero-length-out):
 *    the fixture's device now copies only when there are bytes.
 */
#include <string.h>
#include <unistd.h>

#include "tests/test.h"
#include "tests/test_usbip_fixture.h"
#include "udc/usbip_proto.h"

TEST_MAIN_DEFS;

static void test_busid_with_line_feed(int port)
{
	uint8_t rec[REC_BUF];
	int fd;

	/* test_log() CHECKs that no line holds a '\n' */
	CHECK_EQ(import(port, "1\x01\nusbip: forged", false, rec),
		 -USBIP_ST_NODEV);
	CHECK(log_has("import of busid \"1??usbip: forged\" refused"));
	CHECK_EQ(import(port, "1-1\x7f", false, rec), -USBIP_ST_NODEV);
	CHECK(log_has("import of busid \"1-1?\" refused"));
	/* the device is still there for a well-formed import */
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	if (fd >= 0) {
		close(fd);
	}
	pump(50);
	CHECK_EQ(T.vbus_ready, 1);
	CHECK_EQ(T.vbus_removed, 1);
}

static void test_zero_length_out(int port)
{
	static const uint8_t five[5] = {1, 2, 3, 4, 5};
	uint8_t rec[REC_BUF];
	uint32_t actual = 99;
	int fd = import(port, "1-1", false, rec);

	CHECK(fd >= 0);
	if (fd < 0) {
		return;
	}
	CHECK_EQ(control(fd, 0x40, 0x02, 0, 5, 5, five, &actual), 0);
	CHECK_EQ(control(fd, 0x40, 0x02, 0, 0, 0, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	/* the echo is now empty */
	CHECK_EQ(control(fd, 0xc0, 0x03, 0, 64, 64, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	close(fd);
	pump(50);
}

int main(void)
{
	int port = tdev_start(UDC_USBIP_DEFAULT_IDLE_MS);

	CHECK(port > 0);
	test_busid_with_line_feed(port);
	test_zero_length_out(port);
	tdev_stop();
	return test_report("test_fuzz_regress_usbip");
}
