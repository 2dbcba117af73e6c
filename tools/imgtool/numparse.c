/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/numparse.h"

#include <stdbool.h>
#include <stddef.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Digits of s in base, at least one, all of them, no overflow past max. */
static int parse_digits(const char *s, unsigned int base, uint32_t max,
			uint32_t *out)
{
	uint64_t v = 0;
	int d;

	if (!*s)
		return -1;
	for (; *s; s++) {
		d = digit_value(*s);
		if (d >= (int)base)
			return -1;
		v = v * base + (unsigned int)d;
		if (v > max)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static unsigned int prefix_base(const char *s)
{
	if (s[0] != '0')
		return 10;
	switch (s[1]) {
	case 'x':
	case 'X':
		return 16;
	case 'o':
	case 'O':
		return 8;
	case 'b':
	case 'B':
		return 2;
	default:
		return 10;
	}
}

int parse_based_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned int base;
	const char *p;

	if (!s || !*s)
		return -1;
	base = prefix_base(s);
	if (base != 10)
		return parse_digits(s + 2, base, max, out);
	/* Python rejects "010" in base 0; only all-zero runs may lead with 0.
	 */
	if (s[0] == '0') {
		for (p = s; *p; p++) {
			if (*p != '0')
				return -1;
		}
	}
	return parse_digits(s, 10, max, out);
}

/*
 * One decimal field ending at one of the stop characters (or NUL). As
 * imgtool's version regex ([1-9]\d*|0): no leading zero ("01", "00").
 */
static const char *version_field(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	bool any = false;

	if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		return NULL;

	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > max)
			return NULL;
		any = true;
		s++;
	}
	if (!any)
		return NULL;
	*out = (uint32_t)v;
	return s;
}

int parse_version(const char *s, struct boot_image_version *v)
{
	static const uint32_t max[4] = {UINT8_MAX, UINT8_MAX, UINT16_MAX,
					UINT32_MAX};
	static const char sep[4] = {'.', '.', '+', 0};
	uint32_t field[4] = {0, 0, 0, 0};
	int i;

	if (!s)
		return -1;
	for (i = 0; i < 4; i++) {
		s = version_field(s, max[i], &field[i]);
		if (!s)
			return -1;
		if (!*s)
			break;
		if (*s != sep[i])
			return -1;
		s++;
	}
	v->major = (uint8_t)field[0];
	v->minor = (uint8_t)field[1];
	v->revision = (uint16_t)field[2];
	v->build = field[3];
	return 0;
}
