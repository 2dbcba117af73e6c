/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/b64.h"

#include <stdbool.h>
#include <string.h>

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t b64_encode(const uint8_t *in, size_t n, char *out)
{
	const char pad = '=';
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = pad;
		out[o++] = pad;
		if (i + 1 < n)
			out[o - 2] = alphabet[v >> 6 & 63];
		if (i + 2 < n)
			out[o - 1] = alphabet[v & 63];
	}
	out[o] = 0;
	return o;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int b64_decode(const char *text, size_t len, uint8_t *out, size_t cap,
	       size_t *out_len)
{
	const char *p;
	uint32_t acc = 0;
	size_t n = 0, pad = 0, digits = 0, i;
	int bits = 0;

	for (i = 0; i < len; i++) {
		if (is_space(text[i]))
			continue;
		if (text[i] == '=') {
			pad++;
			continue;
		}
		p = text[i] ? strchr(alphabet, text[i]) : NULL;
		if (!p || pad)
			return -1;
		acc = acc << 6 | (uint32_t)(p - alphabet);
		bits += 6;
		digits++;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	if ((digits + pad) % 4 || pad > 2)
		return -1;
	*out_len = n;
	return 0;
}
