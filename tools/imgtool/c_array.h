/* SPDX-License-Identifier: Apache-2.0 */
/* C source for a byte array, in the layout `imgtool getpub` prints. */
#ifndef TOOLS_IMGTOOL_C_ARRAY_H
#define TOOLS_IMGTOOL_C_ARRAY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes "const unsigned char <name>[] = {...}; ... <name>_len = N;"
 * into out (NUL-terminated). Returns the length, or 0 if cap is short.
 */
size_t c_array_format(char *out, size_t cap, const char *name,
		      const uint8_t *data, size_t len);

#endif /* TOOLS_IMGTOOL_C_ARRAY_H */
