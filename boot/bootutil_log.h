/* SPDX-License-Identifier: Apache-2.0 */
/* Builds MCUboot-style log lines without printf and hands them to the hook. */
#ifndef BOOT_BOOTUTIL_LOG_H
#define BOOT_BOOTUTIL_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/bootutil.h"

/*
 * BOOT_LOG_LEVEL (MCUboot's MCUBOOT_LOG_LEVEL): the levels compiled in.
 * 0 = none, 1 = errors, 2 = + warnings, 3 = + info, 4 = + debug (the
 * default: every line reaches cfg->log, which filters at run time). A
 * line above it is neither built nor linked, its text included.
 */
#ifndef BOOT_LOG_LEVEL
#define BOOT_LOG_LEVEL 4
#endif

static inline bool boot_log_enabled(enum boot_log_level level)
{
	return (int)level + 1 <= BOOT_LOG_LEVEL;
}

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
/* "major.minor.revision", as MCUboot prints an image version */
void boot_log_add_version(struct boot_log_line *l, uint32_t major,
			  uint32_t minor, uint32_t revision);
void boot_log_emit(const struct boot_config *cfg, enum boot_log_level level,
		   const struct boot_log_line *l);
void boot_log_text(const struct boot_config *cfg, enum boot_log_level level,
		   const char *text);

/* A fixed line (inline, so a level compiled out drops the text). */
static inline void boot_log(const struct boot_config *cfg,
			    enum boot_log_level level, const char *text)
{
	if (boot_log_enabled(level)) {
		boot_log_text(cfg, level, text);
	}
}

#endif /* BOOT_BOOTUTIL_LOG_H */
