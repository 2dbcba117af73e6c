/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark of the usbip driver over loopback TCP: control transfers of
 * several sizes, IN and OUT, client and server in one thread (so the time
 * is the driver's and the kernel's, without a second core). It prints the
 * numbers and checks only that every transfer was right: timing is
 * measured, never asserted.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/test.h"
#include "tests/test_usbip_fixture.h"

TEST_MAIN_DEFS;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_in(int fd, uint16_t size, int count)
{
	uint32_t actual = 0;
	int good = 0;
	double t0 = now_s(), dt;

	for (int i = 0; i < count; i++) {
		if (control(fd, 0xc0, 1, size, size, size, NULL, &actual) ==
			    0 &&
		    actual == size && memcmp(in_buf, pattern, size) == 0) {
			good++;
		}
	}
	dt = now_s() - t0;
	CHECK_EQ(good, count);
	printf("control IN  %5u B x %4d: %7.1f us each, %7.2f MiB/s\n", size,
	       count, dt / count * 1e6, size * (double)count / dt / 1048576);
}

static void bench_out(int fd, uint16_t size, int count)
{
	uint32_t actual = 0;
	int good = 0;
	double t0 = now_s(), dt;

	for (int i = 0; i < count; i++) {
		if (control(fd, 0x40, 2, 0, size, size, pattern, &actual) ==
			    0 &&
		    actual == size && T.out_len == size) {
			good++;
		}
	}
	dt = now_s() - t0;
	CHECK_EQ(good, count);
	CHECK(memcmp(T.out_data, pattern, size) == 0);
	printf("control OUT %5u B x %4d: %7.1f us each, %7.2f MiB/s\n", size,
	       count, dt / count * 1e6, size * (double)count / dt / 1048576);
}

int main(void)
{
	uint8_t rec[REC_BUF];
	int port, fd;

	for (size_t i = 0; i < sizeof(pattern); i++) {
		pattern[i] = (uint8_t)(i * 7 + 1);
	}
	port = tdev_start(5000);
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	bench_in(fd, 18, 5000);
	bench_in(fd, 1024, 2000);
	bench_in(fd, 4096, 2000);
	bench_in(fd, 65535, 200);
	bench_out(fd, 1024, 2000);
	bench_out(fd, 4096, 2000);
	bench_out(fd, 65535, 200);
	close(fd);
	tdev_stop();
	return test_report("test_usbip_bench");
}
