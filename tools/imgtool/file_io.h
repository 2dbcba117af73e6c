/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-file read and write for the host tool; errors via tool_error(). */
#ifndef TOOLS_IMGTOOL_FILE_IO_H
#define TOOLS_IMGTOOL_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reads the file into a malloc'd buffer with one extra NUL byte after
 * the data (so PEM text can be handed to string parsers). Caller frees.
 */
int file_read_all(const char *path, uint8_t **data, size_t *len);

/* Creates or truncates path with the given mode (e.g. 0600 for keys). */
int file_write_all(const char *path, const void *data, size_t len,
		   unsigned int mode);

#endif /* TOOLS_IMGTOOL_FILE_IO_H */
