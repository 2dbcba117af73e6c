/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/native/flash_file.h"

uint8_t *flash_file_map_fd(int fd, size_t size, char *err, size_t err_len)
{
	struct stat st;
	void *mem;

	if (fstat(fd, &st) < 0 || (size_t)st.st_size != size) {
		snprintf(err, err_len, "flash file has %lld bytes, want %zu",
			 (long long)st.st_size, size);
		return NULL;
	}
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED) {
		snprintf(err, err_len, "cannot map flash file: %s",
			 strerror(errno));
		return NULL;
	}
	return mem;
}

uint8_t *flash_file_open(const char *path, size_t size, int *fd_out,
			 bool *created, char *err, size_t err_len)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	uint8_t *mem;

	*created = false;
	if (fd < 0 && errno == ENOENT) {
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		*created = fd >= 0;
		if (fd >= 0 && ftruncate(fd, (off_t)size) < 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		snprintf(err, err_len, "cannot open flash file %s: %s", path,
			 strerror(errno));
		return NULL;
	}
	mem = flash_file_map_fd(fd, size, err, err_len);
	if (!mem) {
		close(fd);
		return NULL;
	}
	if (*created) {
		memset(mem, 0xff, size); /* a new chip comes erased */
	}
	*fd_out = fd;
	return mem;
}
