/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L
#include "tools/imgtool/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/imgtool/tool_error.h"

/* Files larger than this are not images or keys for any MCU slot. */
#define FILE_MAX (256U * 1024U * 1024U)

static int read_fd(int fd, const char *path, uint8_t **data, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	ssize_t n;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (uintmax_t)st.st_size > FILE_MAX) {
		tool_set_error("'%s' is not a regular file of at most %u bytes",
			       path, FILE_MAX);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		tool_set_error("out of memory reading '%s'", path);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0) {
			tool_set_error("cannot read '%s': %s", path,
				       n ? strerror(errno) : "file shrank");
			free(buf);
			return -1;
		}
		got += (size_t)n;
	}
	buf[got] = 0;
	*data = buf;
	*len = got;
	return 0;
}

int file_read_all(const char *path, uint8_t **data, size_t *len)
{
	int fd, rc;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		tool_set_error("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = read_fd(fd, path, data, len);
	close(fd);
	return rc;
}

int file_write_all(const char *path, const void *data, size_t len,
		   unsigned int mode)
{
	const uint8_t *p = data;
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, (mode_t)mode);
	if (fd < 0) {
		tool_set_error("cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	while (len) {
		n = write(fd, p, len);
		if (n <= 0) {
			tool_set_error("cannot write '%s': %s", path,
				       strerror(errno));
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd)) {
		tool_set_error("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
