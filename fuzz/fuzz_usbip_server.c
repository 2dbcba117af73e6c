/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The usbip server (udc/udc_usbip.c) as one client sees it: the input is
 * the byte stream a client sends over loopback TCP to the test device of
 * tests/test_usbip_fixture.c, in chunks (first input byte: chunk size)
 * with the server's event loop run in between.
 *
 * Oracles: no sanitizer report; after the client goes away the server
 * detaches (VBUS removed as often as VBUS ready) within a bounded number
 * of event-loop rounds; and it still lists the device to a new client
 * (checked on every 32nd run; the fixture's own checks on that reply
 * count too).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "tests/test.h"
#include "tests/test_usbip_fixture.h"

TEST_MAIN_DEFS;

#define QUIET_ROUNDS 4
#define MAX_ROUNDS   400

static int port = -1;
static unsigned int runs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* client_connect() with the reason when the connection fails. */
static int connect_client(void)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
		fprintf(stderr, "fuzz_usbip_server: connect: %s\n",
			strerror(errno));
		abort();
	}
	return fd;
}

/* Read and drop what the server sent; true if anything came. */
static bool drain(int fd, bool *closed)
{
	uint8_t buf[4096];
	bool got = false;

	for (;;) {
		ssize_t r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (r > 0) {
			got = true;
			continue;
		}
		if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			*closed = true;
		}
		return got;
	}
}

/* Run the server until it has nothing more to say to fd. */
static bool settle(int fd)
{
	bool closed = false;
	int quiet = 0;

	for (int i = 0; i < MAX_ROUNDS && quiet < QUIET_ROUNDS; i++) {
		int active = udc_usbip_poll(&T.udc, 0);

		FUZZ_CHECK(active >= 0);
		if (drain(fd, &closed) || active > 0) {
			quiet = 0;
		} else {
			quiet++;
		}
		if (closed) {
			break;
		}
	}
	return closed;
}

static void send_chunks(int fd, const uint8_t *data, size_t size,
			size_t chunk)
{
	bool closed = false;

	while (size > 0 && !closed) {
		size_t n = size < chunk ? size : chunk;

		if (!send_all(fd, data, n)) {
			return;
		}
		data += n;
		size -= n;
		closed = settle(fd);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t rec[REC_BUF];
	size_t chunk;
	int fd;
	int i;

	if (size < 1) {
		return 0;
	}
	if (port < 0) {
		port = tdev_start(UDC_USBIP_DEFAULT_IDLE_MS);
		FUZZ_CHECK(port > 0);
	}
	chunk = data[0] ? data[0] : size;
	fd = connect_client();
	send_chunks(fd, data + 1, size - 1, chunk);
	settle(fd);
	/* no TIME_WAIT: 10^5 runs must not use up the ephemeral ports */
	close_with_reset(fd);
	for (i = 0; i < MAX_ROUNDS && udc_usbip_attached(&T.udc); i++) {
		FUZZ_CHECK(udc_usbip_poll(&T.udc, 1) >= 0);
	}
	FUZZ_CHECK(!udc_usbip_attached(&T.udc));
	FUZZ_CHECK(T.vbus_ready == T.vbus_removed);
	/* a devlist connection ends in TIME_WAIT: not on every run */
	if (runs++ % 32 == 0) {
		FUZZ_CHECK(devlist(port, rec) == 1);
	}
	FUZZ_CHECK(test_failures == 0);
	return 0;
}
