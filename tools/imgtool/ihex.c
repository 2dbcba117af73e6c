/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/ihex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tools/imgtool/file_io.h"
#include "tools/imgtool/tool_error.h"

/* A HEX image this large is no MCU slot; also bounds the parser's work. */
#define IHEX_MAX_SPAN (256U * 1024U * 1024U)
#define REC_MAX_DATA  255U

int ihex_alloc(struct ihex_image *img, uint32_t base, size_t len, uint8_t fill)
{
	img->base = base;
	img->len = len;
	img->data = malloc(len ? len : 1);
	img->present = calloc(len ? len : 1, sizeof(bool));
	if (!img->data || !img->present) {
		ihex_free(img);
		tool_set_error("out of memory");
		return -1;
	}
	memset(img->data, fill, len);
	return 0;
}

void ihex_free(struct ihex_image *img)
{
	free(img->data);
	free(img->present);
	img->data = NULL;
	img->present = NULL;
	img->len = 0;
}

void ihex_put(struct ihex_image *img, size_t off, const uint8_t *src, size_t n)
{
	memcpy(img->data + off, src, n);
	memset(img->present + off, 1, n);
}

bool ihex_is_hex_name(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && !strcasecmp(dot, ".hex");
}

/* ---- reading ------------------------------------------------------ */

struct ihex_rec {
	uint8_t type;
	uint8_t len;
	uint16_t addr;
	uint8_t data[REC_MAX_DATA];
};

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int hex_byte(const char *p)
{
	int hi = hex_nibble(p[0]), lo = hi < 0 ? -1 : hex_nibble(p[1]);

	return lo < 0 ? -1 : hi * 16 + lo;
}

/* One ":LLAAAATT<data>CC" line of n characters (no line end). */
static int parse_record(const char *p, size_t n, struct ihex_rec *r)
{
	uint8_t raw[4 + REC_MAX_DATA + 1], sum = 0;
	size_t i, count;
	int b;

	if (n < 11 || p[0] != ':' || (n - 1) % 2)
		return -1;
	count = (n - 1) / 2; /* 5 or more, as n >= 11 */
	if (count < 5 || count > sizeof(raw))
		return -1;
	for (i = 0; i < count; i++) {
		b = hex_byte(p + 1 + 2 * i);
		if (b < 0)
			return -1;
		raw[i] = (uint8_t)b;
		sum = (uint8_t)(sum + b);
	}
	if (sum || count != 5U + raw[0])
		return -1;
	r->len = raw[0];
	r->addr = (uint16_t)(raw[1] << 8 | raw[2]);
	r->type = raw[3];
	memcpy(r->data, raw + 4, r->len);
	return 0;
}

/* Calls fn for every data record with its absolute address. */
typedef int (*rec_fn)(void *ctx, uint32_t addr, const uint8_t *d, size_t n);

static int apply_record(const struct ihex_rec *r, uint32_t *upper, rec_fn fn,
			void *ctx, bool *end)
{
	switch (r->type) {
	case 0:
		return fn(ctx, *upper + r->addr, r->data, r->len);
	case 1:
		*end = true;
		return 0;
	case 2:
		if (r->len != 2)
			return -1;
		*upper = (uint32_t)(r->data[0] << 8 | r->data[1]) << 4;
		return 0;
	case 4:
		if (r->len != 2)
			return -1;
		*upper = (uint32_t)(r->data[0] << 8 | r->data[1]) << 16;
		return 0;
	case 3:
	case 5:
		return 0;
	default:
		return -1;
	}
}

static int walk(const char *text, size_t len, rec_fn fn, void *ctx)
{
	const char *p = text, *end = text + len, *eol;
	struct ihex_rec r;
	uint32_t upper = 0;
	unsigned int line = 0;
	bool done = false;
	size_t n;

	while (p < end && !done) {
		eol = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((eol ? eol : end) - p);
		line++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n && (parse_record(p, n, &r) ||
			  apply_record(&r, &upper, fn, ctx, &done))) {
			tool_set_error("bad Intel HEX record on line %u", line);
			return -1;
		}
		p = eol ? eol + 1 : end;
	}
	if (!done) {
		tool_set_error("Intel HEX file has no end record");
		return -1;
	}
	return 0;
}

struct span {
	uint64_t lo, hi;
	bool any;
};

static int note_span(void *ctx, uint32_t addr, const uint8_t *d, size_t n)
{
	struct span *s = ctx;

	(void)d;
	if (!n)
		return 0;
	if (!s->any || addr < s->lo)
		s->lo = addr;
	if (!s->any || addr + (uint64_t)n > s->hi)
		s->hi = addr + (uint64_t)n;
	s->any = true;
	return 0;
}

static int store(void *ctx, uint32_t addr, const uint8_t *d, size_t n)
{
	struct ihex_image *img = ctx;

	ihex_put(img, addr - img->base, d, n);
	return 0;
}

int ihex_parse(const char *text, size_t len, uint8_t fill,
	       struct ihex_image *img)
{
	struct span s = {0, 0, false};

	if (walk(text, len, note_span, &s))
		return -1;
	if (!s.any || s.hi - s.lo > IHEX_MAX_SPAN) {
		tool_set_error("Intel HEX file holds %s",
			       s.any ? "more than 256 MiB" : "no data");
		return -1;
	}
	if (ihex_alloc(img, (uint32_t)s.lo, (size_t)(s.hi - s.lo), fill))
		return -1;
	return walk(text, len, store, img);
}

int ihex_read_file(const char *path, uint8_t fill, struct ihex_image *img)
{
	uint8_t *text;
	size_t len;
	int rc;

	if (file_read_all(path, &text, &len))
		return -1;
	rc = ihex_parse((const char *)text, len, fill, img);
	free(text);
	return rc;
}

/* ---- writing ------------------------------------------------------ */

static void put_record(FILE *f, uint8_t type, uint16_t addr, const uint8_t *d,
		       size_t n)
{
	unsigned int sum = (unsigned int)n + (addr >> 8) + (addr & 0xff) + type;
	size_t i;

	fprintf(f, ":%02X%04X%02X", (unsigned int)n, addr, type);
	for (i = 0; i < n; i++) {
		fprintf(f, "%02X", d[i]);
		sum += d[i];
	}
	fprintf(f, "%02X\n", (unsigned int)(-sum & 0xff));
}

/* Bytes from off that go in one record: present, same 64 KiB, <= 16. */
static size_t chunk_len(const struct ihex_image *img, size_t off)
{
	uint32_t addr = img->base + (uint32_t)off;
	size_t room = 0x10000U - (addr & 0xffffU), n = 0;

	while (n < 16 && n < room && off + n < img->len &&
	       img->present[off + n])
		n++;
	return n;
}

static void write_records(FILE *f, const struct ihex_image *img)
{
	uint8_t ela[2];
	uint32_t addr, upper = 0;
	bool first = true;
	size_t off = 0, n;

	while (off < img->len) {
		if (!img->present[off]) {
			off++;
			continue;
		}
		addr = img->base + (uint32_t)off;
		if (first || addr >> 16 != upper) {
			upper = addr >> 16;
			ela[0] = (uint8_t)(upper >> 8);
			ela[1] = (uint8_t)upper;
			put_record(f, 4, 0, ela, 2);
			first = false;
		}
		n = chunk_len(img, off);
		put_record(f, 0, (uint16_t)addr, img->data + off, n);
		off += n;
	}
	put_record(f, 1, 0, NULL, 0);
}

int ihex_write_file(const char *path, const struct ihex_image *img)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		tool_set_error("cannot create '%s'", path);
		return -1;
	}
	write_records(f, img);
	if (fclose(f)) {
		tool_set_error("cannot write '%s'", path);
		return -1;
	}
	return 0;
}
