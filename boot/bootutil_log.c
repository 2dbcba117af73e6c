/* SPDX-License-Identifier: Apache-2.0 */
/* Log line builder for the bootloader (no printf in boot/). */
#include "boot/bootutil_log.h"

void boot_log_line_init(struct boot_log_line *l)
{
	l->len = 0;
	l->text[0] = '\0';
}

static void add_char(struct boot_log_line *l, char c)
{
	if (l->len < BOOT_LOG_LINE_MAX) {
		l->text[l->len++] = c;
		l->text[l->len] = '\0';
	}
}

void boot_log_add_str(struct boot_log_line *l, const char *s)
{
	while (*s != '\0') {
		add_char(l, *s++);
	}
}

static void add_digits(struct boot_log_line *l, uint32_t v, uint32_t base)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[11];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0);
	while (n > 0) {
		add_char(l, tmp[--n]);
	}
}

void boot_log_add_hex(struct boot_log_line *l, uint32_t v)
{
	boot_log_add_str(l, "0x");
	add_digits(l, v, 16);
}

void boot_log_add_dec(struct boot_log_line *l, uint32_t v)
{
	add_digits(l, v, 10);
}

void boot_log_add_version(struct boot_log_line *l, uint32_t major,
			  uint32_t minor, uint32_t revision)
{
	boot_log_add_dec(l, major);
	boot_log_add_str(l, ".");
	boot_log_add_dec(l, minor);
	boot_log_add_str(l, ".");
	boot_log_add_dec(l, revision);
}

void boot_log_emit(const struct boot_config *cfg, enum boot_log_level level,
		   const struct boot_log_line *l)
{
	if (cfg->log != NULL) {
		cfg->log(cfg->log_user, level, l->text);
	}
}

void boot_log_text(const struct boot_config *cfg, enum boot_log_level level,
		   const char *text)
{
	if (cfg->log != NULL) {
		cfg->log(cfg->log_user, level, text);
	}
}
