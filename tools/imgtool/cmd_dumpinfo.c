/* SPDX-License-Identifier: Apache-2.0 */
/*
 * imgtool dumpinfo IMAGE: header, TLV areas and trailer, printed in
 * imgtool 2.4.0's own layout so scripts and eyes that know it read ours.
 * Like imgtool it walks the raw bytes without validating anything (it is
 * a debugging aid for broken images too); what imgtool could not unpack
 * at all (an area past the end of the file) is an error here.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/imgtool/cli.h"
#include "tools/imgtool/file_io.h"
#include "tools/imgtool/ihex.h"
#include "tools/imgtool/tool_error.h"

static const char usage[] =
	"Usage: imgtool dumpinfo [OPTIONS] IMAGE\n"
	"\n"
	"  Print the header, TLVs and trailer of an image (.bin or .hex).\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this message\n";

#define LINE_LEN   60
#define MAGIC_SIZE 16

struct name {
	uint32_t value;
	const char *name;
};

/* imgtool's IMAGE_F, in its order. */
static const struct name flag_names[] = {
	{0x1, "PIC"},
	{0x4, "ENCRYPTED_AES128"},
	{0x8, "ENCRYPTED_AES256"},
	{0x10, "NON_BOOTABLE"},
	{0x20, "RAM_LOAD"},
	{0x100, "ROM_FIXED"},
	{0x200, "COMPRESSED_LZMA1"},
	{0x400, "COMPRESSED_LZMA2"},
	{0x800, "COMPRESSED_ARM_THUMB"},
};

/* imgtool's TLV_VALUES. */
static const struct name tlv_names[] = {
	{0x01, "KEYHASH"},          {0x02, "PUBKEY"},
	{0x10, "SHA256"},           {0x11, "SHA384"},
	{0x12, "SHA512"},           {0x20, "RSA2048"},
	{0x22, "ECDSASIG"},         {0x23, "RSA3072"},
	{0x24, "ED25519"},          {0x25, "SIG_PURE"},
	{0x30, "ENCRSA2048"},       {0x31, "ENCKW"},
	{0x32, "ENCEC256"},         {0x33, "ENCX25519"},
	{0x34, "ENCX25519_SHA512"}, {0x40, "DEPENDENCY"},
	{0x50, "SEC_CNT"},          {0x60, "BOOT_RECORD"},
	{0x70, "DECOMP_SIZE"},      {0x71, "DECOMP_SHA"},
	{0x72, "DECOMP_SIGNATURE"}, {0x73, "COMP_DEC_SIZE"},
	{0x74, "UUID_VID"},         {0x75, "UUID_CID"},
};

static const uint8_t boot_magic[MAGIC_SIZE] = {
	0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
	0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80,
};

/*
 * imgtool parses the whole image before it prints: a first pass with the
 * output off finds errors and the trailer warning, the second prints.
 */
static bool quiet;
static bool bad_magic;

static int out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int out(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = quiet ? vsnprintf(NULL, 0, fmt, ap) : vprintf(fmt, ap);
	va_end(ap);
	return n;
}

struct buf {
	const uint8_t *d;
	size_t len;
};

static uint32_t le(const uint8_t *p, size_t n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* n bytes at off must exist (Python's struct.unpack on a slice). */
static int need(const struct buf *b, size_t off, size_t n)
{
	if (off > b->len || b->len - off < n) {
		tool_set_error("image too short: %zu bytes needed at 0x%zx", n,
			       off);
		return -1;
	}
	return 0;
}

static void row(const char *text)
{
	int n = out("#### %s ", text);

	while (n++ < LINE_LEN)
		out("#");
	out("\n");
}

static void rule(void)
{
	out("%.*s\n", LINE_LEN,
	    "####################################################"
	    "########");
}

static const char *lookup(const struct name *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

static void print_flags(uint32_t flags)
{
	bool first = true;
	size_t i;

	out("flags:              ");
	if (!flags)
		out("0x0");
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (!(flags & flag_names[i].value))
			continue;
		out("%s%s (0x%x)", first ? "" : "\n                    ",
		    flag_names[i].name, flag_names[i].value);
		first = false;
	}
	out("\n");
}

static int print_header(const struct buf *b)
{
	const uint8_t *h = b->d;

	if (need(b, 0, 28))
		return -1;
	row("Image header (offset: 0x0)");
	out("magic:              0x%x\n", le(h, 4));
	out("load_addr:          0x%x\n", le(h + 4, 4));
	out("hdr_size:           0x%x\n", le(h + 8, 2));
	out("protected_tlv_size: 0x%x\n", le(h + 10, 2));
	out("img_size:           0x%x\n", le(h + 12, 4));
	print_flags(le(h + 16, 4));
	out("version:            %u.%u.%u+%u\n", h[20], h[21], le(h + 22, 2),
	    le(h + 24, 4));
	rule();
	return 0;
}

static void print_payload(uint32_t off, uint32_t size)
{
	char title[64], content[64];
	int n, pre;

	snprintf(title, sizeof(title), "Payload (offset: 0x%x)", off);
	n = snprintf(content, sizeof(content), "FW image (size: 0x%x Bytes)",
		     size);
	pre = (LINE_LEN - n) / 2;
	row(title);
	out("|%*s|\n", LINE_LEN - 2, "");
	out("|%*s%s%*s|\n", pre - 1, "", content, LINE_LEN - pre - n - 1, "");
	out("|%*s|\n", LINE_LEN - 2, "");
	rule();
}

static void print_data(const uint8_t *d, size_t n)
{
	size_t j;

	out("        data: ");
	for (j = 0; j < n; j++) {
		out("0x%02x ", d[j]);
		if ((j + 1) % 8 == 0 && j + 1 != n)
			out("\n              ");
	}
	out("\n");
}

/*
 * One area: its info at *off, entries while below info's end (*end).
 * *off is left after the last entry, where imgtool reads on from.
 */
static int print_area(const struct buf *b, size_t *off, size_t *end_out)
{
	const char *name;
	size_t end, type, len, avail;

	if (need(b, *off, 4))
		return -1;
	out("magic:     0x%x\n", le(b->d + *off, 2));
	out("area size: 0x%x\n", le(b->d + *off + 2, 2));
	end = *off + le(b->d + *off + 2, 2);
	*off += 4;
	while (*off < end) {
		if (need(b, *off, 4))
			return -1;
		type = le(b->d + *off, 2);
		len = le(b->d + *off + 2, 2);
		*off += 4;
		name = lookup(tlv_names,
			      sizeof(tlv_names) / sizeof(tlv_names[0]),
			      (uint32_t)type);
		out("        %.45s\n",
		    "---------------------------------------------");
		out("        type: %s (0x%zx)\n", name ? name : "UNKNOWN",
		    type);
		out("        len:  0x%zx\n", len);
		/* a value cut by the end of the file shows what is there */
		avail = *off >= b->len ? 0 : b->len - *off;
		print_data(b->d + *off, len < avail ? len : avail);
		*off += len;
	}
	*end_out = end;
	rule();
	return 0;
}

/* Python's b[i] for a negative i. */
static int at_end(const struct buf *b, long i, uint8_t *v)
{
	if ((size_t)-i > b->len) {
		tool_set_error("trailer field before the start of the image");
		return -1;
	}
	*v = b->d[b->len + i];
	return 0;
}

static const char *status(uint8_t v, char *out)
{
	static const char *const names[] = {NULL, "SET", "BAD", "UNSET", "ANY"};

	sprintf(out, "%s (0x%x)", v >= 1 && v <= 4 ? names[v] : "INVALID", v);
	return out;
}

static void print_magic(const uint8_t *m, size_t n)
{
	size_t i;

	out("boot magic:  ");
	for (i = 0; i < n; i++) {
		out("0x%02x ", m[i]);
		if (i == MAGIC_SIZE / 2 - 1)
			out("\n             ");
	}
	out("\n\n");
}

static void trailer_notice(void)
{
	row("Image trailer (offset: unknown)");
	out("(Note: some fields may not be used, depending on the update \n"
	    "strategy)\n\n");
	out("swap status: (len: unknown)\n");
}

/* max_align from the magic, 0 if the magic is not one of imgtool's. */
static uint32_t magic_align(const uint8_t *m, size_t n)
{
	if (n == MAGIC_SIZE && !memcmp(m, boot_magic, MAGIC_SIZE))
		return 8;
	if (n >= MAGIC_SIZE - 2 &&
	    !memcmp(m + n - (MAGIC_SIZE - 2),
		    "\x2d\xe1\x5d\x29\x41\x0b\x8d\x77\x67\x9c\x11\x0f\x1f\x8a",
		    MAGIC_SIZE - 2))
		return n >= 2 ? le(m, 2) : 0;
	return 0;
}

static int print_trailer(const struct buf *b, uint32_t flags)
{
	size_t mlen = b->len < MAGIC_SIZE ? b->len : MAGIC_SIZE;
	const uint8_t *m = b->d + b->len - mlen;
	uint32_t ma = magic_align(m, mlen);
	uint8_t ok, copy, info, sz[4];
	long off = -MAGIC_SIZE;
	char s[32];
	int i;

	bad_magic = !ma;
	if (ma > MAGIC_SIZE)
		off -= ma - MAGIC_SIZE;
	if (ma && (at_end(b, off -= ma, &ok) || at_end(b, off -= ma, &copy) ||
		   at_end(b, off -= ma, &info)))
		return -1;
	off -= ma;
	for (i = 0; ma && i < 4; i++)
		if (at_end(b, off + i, &sz[i]))
			return -1;
	trailer_notice();
	if (!ma || !(flags & 0xc))
		out("enc. keys:   Image not encrypted\n");
	else
		out("enc. keys:   (len: 0x%x, if BOOT_SWAP_SAVE_ENCTLV is "
		    "unset)\n",
		    (16 + ma - 1) / ma * ma * 2);
	if (ma) {
		if (le(sz, 4) == 0xffffffffU)
			out("swap size:   unknown\n");
		else
			out("swap size:   0x%x octal: %u\n", le(sz, 4),
			    le(sz, 4));
		out("swap_info:   %s\n", status(info, s));
		out("copy_done:   %s\n", status(copy, s));
		out("image_ok:    %s\n", status(ok, s));
	}
	print_magic(m, mlen);
	return 0;
}

static void row_at(const char *what, size_t off)
{
	char title[64];

	snprintf(title, sizeof(title), "%s (offset: 0x%zx)", what, off);
	row(title);
}

static int dump(const struct buf *b, const char *name)
{
	uint32_t hdr_size, img_size, prot, flags;
	size_t off, end;

	if (need(b, 0, 28))
		return -1;
	hdr_size = le(b->d + 8, 2);
	prot = le(b->d + 10, 2);
	img_size = le(b->d + 12, 4);
	flags = le(b->d + 16, 4);
	out("Printing content of signed image: %s \n\n", name);
	print_header(b);
	print_payload(hdr_size, img_size);
	off = (size_t)hdr_size + img_size;
	/* titles from the header, parsing from where the bytes lead */
	if (prot) {
		row_at("Protected TLV area", off);
		if (print_area(b, &off, &end))
			return -1;
	}
	row_at("TLV area", (size_t)hdr_size + img_size + prot);
	if (print_area(b, &off, &end))
		return -1;
	if (end != b->len && print_trailer(b, flags))
		return -1;
	row("End of Image ");
	return 0;
}

static int load(const char *path, uint8_t **data, size_t *len)
{
	struct ihex_image h;

	if (!ihex_is_hex_name(path))
		return file_read_all(path, data, len);
	if (ihex_read_file(path, 0xff, &h))
		return -1;
	free(h.present);
	*data = h.data;
	*len = h.len;
	return 0;
}

int cmd_dumpinfo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct buf b;
	uint8_t *data;
	char *copy;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c != 'h')
			return cli_bad_option("dumpinfo", c, argv);
		fputs(usage, stdout);
		return 0;
	}
	if (argc - optind != 1)
		return cli_fail("dumpinfo", CLI_EXIT_USAGE,
				"expected one IMAGE argument (see --help)");
	if (load(argv[optind], &data, &b.len))
		return cli_fail("dumpinfo", CLI_EXIT_FAIL, "%s", tool_error());
	b.d = data;
	copy = strdup(argv[optind]);
	quiet = true;
	rc = copy ? dump(&b, basename(copy)) : -1;
	quiet = false;
	if (!rc && bad_magic)
		printf("Warning: the trailer magic value is invalid!\n");
	if (!rc)
		rc = dump(&b, basename(copy));
	fflush(stdout);
	if (rc)
		rc = cli_fail("dumpinfo", CLI_EXIT_FAIL, "%s", tool_error());
	free(copy);
	free(data);
	return rc;
}
