/* SPDX-License-Identifier: Apache-2.0 */
/* imgtool sign [options] INFILE OUTFILE */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tools/imgtool/cli.h"
#include "tools/imgtool/file_io.h"
#include "tools/imgtool/image_build.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/numparse.h"
#include "tools/imgtool/tool_error.h"

static const char usage[] =
	"Usage: imgtool sign [OPTIONS] INFILE OUTFILE\n"
	"\n"
	"  Create a signed or unsigned MCUboot image (binary files only).\n"
	"\n"
	"Options:\n"
	"  -k, --key FILE              signing key (PEM); none: hash only\n"
	"  -v, --version VER           maj.min.rev+build, later parts "
	"optional [required]\n"
	"  -H, --header-size N         header size, >= 32 [required]\n"
	"      --pad-header            prepend --header-size erased bytes\n"
	"  -S, --slot-size N           slot size [required]\n"
	"      --align N               flash write size: 1, 2, 4, 8, 16, 32 "
	"[required]\n"
	"      --max-align N           trailer alignment: 8, 16, 32 "
	"(default max(8, align))\n"
	"  -M, --max-sectors N         swap status sectors (default 128)\n"
	"      --pad                   pad to --slot-size, add trailer magic\n"
	"      --confirm               with --pad, set image_ok (implies "
	"--pad)\n"
	"      --test                  pad for a test swap, image_ok unset "
	"(implies --pad)\n"
	"  -s, --security-counter N    security counter value, or 'auto' "
	"(from version)\n"
	"  -h, --help                  show this message\n"
	"\n"
	"Numbers take 0x, 0o and 0b prefixes.\n";

enum long_only {
	OPT_PAD_HEADER = 256,
	OPT_ALIGN,
	OPT_MAX_ALIGN,
	OPT_PAD,
	OPT_CONFIRM,
	OPT_TEST,
};

struct sign_args {
	const char *key;
	const char *version;
	const char *header_size;
	const char *slot_size;
	const char *align;
	const char *max_align;
	const char *max_sectors;
	const char *sec_cnt;
	bool pad_header, pad, confirm, test;
	const char *in, *out;
};

static const struct option opts[] = {
	{"key", required_argument, NULL, 'k'},
	{"version", required_argument, NULL, 'v'},
	{"header-size", required_argument, NULL, 'H'},
	{"pad-header", no_argument, NULL, OPT_PAD_HEADER},
	{"slot-size", required_argument, NULL, 'S'},
	{"align", required_argument, NULL, OPT_ALIGN},
	{"max-align", required_argument, NULL, OPT_MAX_ALIGN},
	{"max-sectors", required_argument, NULL, 'M'},
	{"pad", no_argument, NULL, OPT_PAD},
	{"confirm", no_argument, NULL, OPT_CONFIRM},
	{"test", no_argument, NULL, OPT_TEST},
	{"security-counter", required_argument, NULL, 's'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static void take_option(struct sign_args *a, int c)
{
	switch (c) {
	case 'k':
		a->key = optarg;
		break;
	case 'v':
		a->version = optarg;
		break;
	case 'H':
		a->header_size = optarg;
		break;
	case 'S':
		a->slot_size = optarg;
		break;
	case 'M':
		a->max_sectors = optarg;
		break;
	case 's':
		a->sec_cnt = optarg;
		break;
	case OPT_ALIGN:
		a->align = optarg;
		break;
	case OPT_MAX_ALIGN:
		a->max_align = optarg;
		break;
	case OPT_PAD_HEADER:
		a->pad_header = true;
		break;
	case OPT_PAD:
		a->pad = true;
		break;
	case OPT_CONFIRM:
		a->confirm = true;
		break;
	case OPT_TEST:
		a->test = true;
		break;
	}
}

/* 0 ok, -1 help shown, >0 exit code of a usage error. */
static int parse_args(int argc, char **argv, struct sign_args *a)
{
	int c;

	while ((c = getopt_long(argc, argv, ":k:v:H:S:M:s:h", opts, NULL)) !=
	       -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return -1;
		}
		if (c == '?' || c == ':')
			return cli_bad_option("sign", c, argv);
		take_option(a, c);
	}
	if (argc - optind != 2)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"expected INFILE and OUTFILE (see --help)");
	a->in = argv[optind];
	a->out = argv[optind + 1];
	if (!a->version || !a->header_size || !a->slot_size || !a->align)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"missing option %s (see --help)",
				!a->version       ? "-v/--version"
				: !a->header_size ? "-H/--header-size"
				: !a->slot_size   ? "-S/--slot-size"
						  : "--align");
	return 0;
}

/* One of the listed powers of two, else a usage error. */
static int parse_choice(const char *name, const char *s, uint32_t lo,
			uint32_t hi, uint32_t *out)
{
	uint32_t v;

	if (parse_based_u32(s, hi, &v) || v < lo || (v & (v - 1)))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"invalid %s '%s' (a power of two, %u..%u)",
				name, s, lo, hi);
	*out = v;
	return 0;
}

static int parse_number(const char *name, const char *s, uint32_t lo,
			uint32_t hi, uint32_t *out)
{
	if (parse_based_u32(s, hi, out) || *out < lo)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"invalid %s '%s' (an integer %u..%u)", name, s,
				lo, hi);
	return 0;
}

static int parse_sec_cnt(const struct sign_args *a, struct imgtool_sign_opts *o)
{
	if (!a->sec_cnt)
		return 0;
	o->has_sec_cnt = true;
	if (!strcasecmp(a->sec_cnt, "auto")) {
		o->sec_cnt = imgtool_auto_sec_cnt(&o->version);
		return 0;
	}
	return parse_number("security counter", a->sec_cnt, 0, UINT32_MAX,
			    &o->sec_cnt);
}

static int parse_trailer(const struct sign_args *a, struct imgtool_sign_opts *o)
{
	struct trailer_layout *t = &o->trailer;

	t->max_sectors = TRAILER_DEFAULT_MAX_SECTORS;
	if (parse_choice("--align", a->align, 1, 32, &t->align))
		return CLI_EXIT_USAGE;
	t->max_align = t->align > 8 ? t->align : 8;
	if (a->max_align &&
	    parse_choice("--max-align", a->max_align, 8, 32, &t->max_align))
		return CLI_EXIT_USAGE;
	if (t->align > t->max_align)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--align %u is larger than --max-align %u",
				t->align, t->max_align);
	if (a->max_sectors && parse_number("--max-sectors", a->max_sectors, 1,
					   65536, &t->max_sectors))
		return CLI_EXIT_USAGE;
	return 0;
}

static int make_opts(const struct sign_args *a, struct imgtool_sign_opts *o)
{
	memset(o, 0, sizeof(*o));
	if (parse_version(a->version, &o->version))
		return cli_fail(
			"sign", CLI_EXIT_USAGE,
			"invalid version '%s': expected "
			"maj.min.rev+build (u8.u8.u16+u32), later parts "
			"optional",
			a->version);
	if (parse_number("--header-size", a->header_size,
			 BOOT_IMAGE_HEADER_SIZE, UINT16_MAX, &o->header_size) ||
	    parse_number("--slot-size", a->slot_size, 1, UINT32_MAX,
			 &o->slot_size) ||
	    parse_trailer(a, o) || parse_sec_cnt(a, o))
		return CLI_EXIT_USAGE;
	if (a->confirm && a->test)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--confirm and --test exclude each other");
	o->pad_header = a->pad_header;
	o->pad = a->pad || a->confirm || a->test;
	o->confirm = a->confirm;
	return 0;
}

static bool is_hex_name(const char *path)
{
	/* NOLINTNEXTLINE(clang-analyzer-core.*): argv[optind] is not NULL */
	const char *dot = strrchr(path, '.');

	return dot && !strcasecmp(dot, ".hex");
}

static int sign_file(const struct sign_args *a,
		     const struct imgtool_sign_opts *o, struct imgtool_key *key)
{
	uint8_t *in = NULL, *out = NULL;
	size_t in_len, out_len;
	int rc = 0;

	if (file_read_all(a->in, &in, &in_len) ||
	    imgtool_image_build(o, in, in_len, key, &out, &out_len) ||
	    file_write_all(a->out, out, out_len, 0644))
		rc = cli_fail("sign", CLI_EXIT_FAIL, "%s", tool_error());
	free(in);
	free(out);
	return rc;
}

int cmd_sign(int argc, char **argv)
{
	struct sign_args a = {0};
	struct imgtool_sign_opts o;
	struct imgtool_key key;
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = make_opts(&a, &o);
	if (rc)
		return rc;
	if (is_hex_name(a.in) || is_hex_name(a.out))
		return cli_fail(
			"sign", CLI_EXIT_USAGE,
			"Intel HEX files are not supported; use binary");
	imgtool_key_init(&key);
	if (a.key && imgtool_key_load_file(&key, a.key))
		rc = cli_fail("sign", CLI_EXIT_FAIL, "%s", tool_error());
	else
		rc = sign_file(&a, &o, a.key ? &key : NULL);
	imgtool_key_free(&key);
	return rc;
}
