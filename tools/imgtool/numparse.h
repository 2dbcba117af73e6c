/* SPDX-License-Identifier: Apache-2.0 */
/* Command-line number and version parsing, imgtool-compatible. */
#ifndef TOOLS_IMGTOOL_NUMPARSE_H
#define TOOLS_IMGTOOL_NUMPARSE_H

#include <stdint.h>

#include "boot/image.h"

/*
 * Integer literal as Python's int(s, 0): decimal without leading zeros,
 * or 0x/0o/0b prefixed. 0 on success, -1 if malformed or above max.
 */
int parse_based_u32(const char *s, uint32_t max, uint32_t *out);

/*
 * "maj.min.rev+build" with later parts optional (1, 1.2, 1.2.3,
 * 1.2.3+4); fields must fit the header (u8.u8.u16+u32) and have no
 * leading zero (imgtool refuses 01.2.3, 1.02.3, 1.2.3+04).
 */
int parse_version(const char *s, struct boot_image_version *v);

#endif /* TOOLS_IMGTOOL_NUMPARSE_H */
