/* SPDX-License-Identifier: Apache-2.0 */
/* Base64 (RFC 4648, with padding) for --sig-out and --fix-sig files. */
#ifndef TOOLS_IMGTOOL_B64_H
#define TOOLS_IMGTOOL_B64_H

#include <stddef.h>
#include <stdint.h>

/* Needs 4 * ((n + 2) / 3) + 1 bytes of out; NUL-terminated. */
size_t b64_encode(const uint8_t *in, size_t n, char *out);

/*
 * Decodes text (surrounding white space ignored); -1 if malformed or
 * longer than cap.
 */
int b64_decode(const char *text, size_t len, uint8_t *out, size_t cap,
	       size_t *out_len);

#endif /* TOOLS_IMGTOOL_B64_H */
