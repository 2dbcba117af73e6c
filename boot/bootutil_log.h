/* SPDX-License-Identifier: Apache-2.0 */
/* Builds MCUboot-style log lines without printf and hands them to the hook. */
#ifndef BOOT_BOOTUTIL_LOG_H
#define BOOT_BOOTUTIL_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "boot/bootutil.h"

#define BOOT_LOG_LINE_MAX 120

struct boot_log_line {
	char text[BOOT_LOG_LINE_MAX + 1];
	size_t len;
};

void boot_log_line_init(struct boot_log_line *l);
/* Appenders truncate silently at BOOT_LOG_LINE_MAX. */
void boot_log_add_str(struct boot_log_line *l, const char *s);
void boot_log_add_hex(struct boot_log_line *l, uint32_t v); /* "0x1f" */
void boot_log_add_dec(struct boot_log_line *l, uint32_t v);
void boot_log_emit(const struct boot_config *cfg, enum boot_log_level level,
		   const struct boot_log_line *l);
/* A fixed line. */
void boot_log(const struct boot_config *cfg, enum boot_log_level level,
	      const char *text);

#endif /* BOOT_BOOTUTIL_LOG_H */
