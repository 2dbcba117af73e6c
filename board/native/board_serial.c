/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE /* getrandom, O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "board/native/board_serial.h"

int board_serial_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > BOARD_SERIAL_MAX) {
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x21 || s[i] > 0x7e) {
			return -1;
		}
	}
	return 0;
}

static int serial_make(const char *path, char *out, size_t cap, char *err,
		       size_t err_len)
{
	uint8_t rnd[8];
	int fd;

	if (cap < 2 * sizeof(rnd) + 1 ||
	    getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		snprintf(err, err_len, "no random serial number: %s",
			 strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(rnd); i++) {
		snprintf(out + 2 * i, 3, "%02X", rnd[i]);
	}
	/* O_EXCL: two first starts cannot both write one. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, out, strlen(out)) != (ssize_t)strlen(out)) {
		snprintf(err, err_len, "cannot write %s: %s", path,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	close(fd);
	return 0;
}

int board_serial_load(const char *dir, char *out, size_t cap, char *err,
		      size_t err_len)
{
	char path[4096];
	FILE *f;
	size_t n;

	if ((size_t)snprintf(path, sizeof(path), "%s/serial", dir) >=
	    sizeof(path)) {
		snprintf(err, err_len, "state dir path too long");
		return -1;
	}
	f = fopen(path, "r");
	if (!f) {
		return errno == ENOENT ? serial_make(path, out, cap, err,
						     err_len)
				       : (snprintf(err, err_len,
						   "cannot read %s: %s", path,
						   strerror(errno)),
					  -1);
	}
	n = fread(out, 1, cap - 1, f);
	fclose(f);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r')) {
		out[--n] = '\0';
	}
	if (board_serial_valid(out) < 0) {
		snprintf(err, err_len,
			 "%s: not a serial number (1-%d printable characters)",
			 path, BOARD_SERIAL_MAX);
		return -1;
	}
	return 0;
}
