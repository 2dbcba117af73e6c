/* SPDX-License-Identifier: Apache-2.0 */
/* imgtool sign [options] INFILE OUTFILE */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tools/imgtool/b64.h"
#include "tools/imgtool/cli.h"
#include "tools/imgtool/file_io.h"
#include "tools/imgtool/ihex.h"
#include "tools/imgtool/image_build.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/numparse.h"
#include "tools/imgtool/tool_error.h"

static const char usage[] =
	"Usage: imgtool sign [OPTIONS] INFILE OUTFILE\n"
	"\n"
	"  Create a signed or unsigned MCUboot image. INFILE and OUTFILE\n"
	"  are binary, or Intel HEX when named *.hex.\n"
	"\n"
	"Options:\n"
	"  -k, --key FILE              signing key (PEM); none: hash only\n"
	"      --public-key-format hash|full\n"
	"                              KEYHASH TLV (default) or the full key\n"
	"  -v, --version VER           maj.min.rev+build, later parts "
	"optional [required]\n"
	"  -H, --header-size N         header size, >= 32 [required]\n"
	"      --pad-header            prepend --header-size erased bytes\n"
	"  -S, --slot-size N           slot size [required]\n"
	"      --align N               flash write size: 1, 2, 4, 8, 16, 32 "
	"(default 1)\n"
	"      --max-align N           trailer alignment: 8, 16, 32 "
	"(default max(8, align))\n"
	"  -M, --max-sectors N         swap status sectors (default 128)\n"
	"      --pad                   pad to --slot-size, add trailer magic\n"
	"      --confirm               with --pad, set image_ok (implies "
	"--pad)\n"
	"      --test                  pad for a test swap, image_ok unset "
	"(implies --pad)\n"
	"      --overwrite-only        trailer of an overwrite-only "
	"bootloader\n"
	"  -R, --erased-val 0|0xff     value of erased flash (default 0xff)\n"
	"  -s, --security-counter N    security counter value, or 'auto' "
	"(from version)\n"
	"  -L, --load-addr N           RAM load address (sets RAM_LOAD)\n"
	"  -F, --rom-fixed N           fixed ROM address (sets ROM_FIXED)\n"
	"      --non-bootable          mark the image non-bootable\n"
	"      --boot-record SW_TYPE   add a measured boot record TLV\n"
	"  -d, --dependencies DEPS     \"(ID,VER), ...\" dependency TLVs\n"
	"      --custom-tlv TAG VALUE  protected TLV 0xa0..0xfffe; VALUE 0x.. "
	"hex or text (repeatable)\n"
	"      --pad-sig               ECDSA: pad the signature (72/103 bytes)\n"
	"      --sha 256|384|auto      image hash (384 with P-384 keys)\n"
	"  -x, --hex-addr N            base address of a .hex OUTFILE\n"
	"      --vector-to-sign payload|digest\n"
	"                              write what is to be signed, not the "
	"image\n"
	"      --sig-out FILE          also write the signature, base64\n"
	"      --fix-sig FILE          use this base64 signature (made "
	"elsewhere)\n"
	"      --fix-sig-pubkey FILE   public key of --fix-sig (no -k)\n"
	"  -E, --encrypt FILE          encrypt for this key (X25519, P-256, "
	"RSA-2048 PEM)\n"
	"      --encrypt-keylen 128|256  AES key size (default 128)\n"
	"      --hmac-sha 256|512      ECIES-X25519 HMAC/HKDF hash\n"
	"      --clear                 encryption flag and key TLV, payload "
	"left clear\n"
	"      --save-enctlv           fit check: trailer keeps the key TLVs\n"
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
	OPT_PKFMT,
	OPT_OW_ONLY,
	OPT_NON_BOOT,
	OPT_BOOT_REC,
	OPT_CUSTOM_TLV,
	OPT_PAD_SIG,
	OPT_SHA,
	OPT_VTS,
	OPT_SIG_OUT,
	OPT_FIX_SIG,
	OPT_FIX_SIG_PUB,
	OPT_ENC_KEYLEN,
	OPT_CLEAR,
	OPT_SAVE_ENCTLV,
	OPT_HMAC_SHA,
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
	const char *pkfmt;
	const char *erased;
	const char *load_addr;
	const char *rom_fixed;
	const char *boot_record;
	const char *deps;
	const char *sha;
	const char *hex_addr;
	const char *vts, *sig_out, *fix_sig, *fix_sig_pub;
	const char *encrypt, *enc_keylen, *hmac_sha;
	bool clear, save_enctlv;
	const char *ctlv[IMGTOOL_MAX_CUSTOM_TLVS][2];
	size_t ctlv_count;
	bool pad_header, pad, confirm, test, ow_only, non_boot, pad_sig;
	const char *in, *out;
};

static const struct option opts[] = {
	{"key", required_argument, NULL, 'k'},
	{"public-key-format", required_argument, NULL, OPT_PKFMT},
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
	{"overwrite-only", no_argument, NULL, OPT_OW_ONLY},
	{"erased-val", required_argument, NULL, 'R'},
	{"security-counter", required_argument, NULL, 's'},
	{"load-addr", required_argument, NULL, 'L'},
	{"rom-fixed", required_argument, NULL, 'F'},
	{"non-bootable", no_argument, NULL, OPT_NON_BOOT},
	{"boot-record", required_argument, NULL, OPT_BOOT_REC},
	{"dependencies", required_argument, NULL, 'd'},
	{"custom-tlv", required_argument, NULL, OPT_CUSTOM_TLV},
	{"pad-sig", no_argument, NULL, OPT_PAD_SIG},
	{"sha", required_argument, NULL, OPT_SHA},
	{"hex-addr", required_argument, NULL, 'x'},
	{"vector-to-sign", required_argument, NULL, OPT_VTS},
	{"sig-out", required_argument, NULL, OPT_SIG_OUT},
	{"fix-sig", required_argument, NULL, OPT_FIX_SIG},
	{"fix-sig-pubkey", required_argument, NULL, OPT_FIX_SIG_PUB},
	{"encrypt", required_argument, NULL, 'E'},
	{"encrypt-keylen", required_argument, NULL, OPT_ENC_KEYLEN},
	{"clear", no_argument, NULL, OPT_CLEAR},
	{"save-enctlv", no_argument, NULL, OPT_SAVE_ENCTLV},
	{"hmac-sha", required_argument, NULL, OPT_HMAC_SHA},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Options with one string argument: where each one is kept. */
static const char **string_slot(struct sign_args *a, int c)
{
	switch (c) {
	case 'k':
		return &a->key;
	case 'v':
		return &a->version;
	case 'H':
		return &a->header_size;
	case 'S':
		return &a->slot_size;
	case 'M':
		return &a->max_sectors;
	case 's':
		return &a->sec_cnt;
	case 'R':
		return &a->erased;
	case 'L':
		return &a->load_addr;
	case 'F':
		return &a->rom_fixed;
	case 'd':
		return &a->deps;
	case 'x':
		return &a->hex_addr;
	case OPT_ALIGN:
		return &a->align;
	case OPT_MAX_ALIGN:
		return &a->max_align;
	case OPT_PKFMT:
		return &a->pkfmt;
	case OPT_BOOT_REC:
		return &a->boot_record;
	case OPT_SHA:
		return &a->sha;
	case OPT_VTS:
		return &a->vts;
	case OPT_SIG_OUT:
		return &a->sig_out;
	case OPT_FIX_SIG:
		return &a->fix_sig;
	case OPT_FIX_SIG_PUB:
		return &a->fix_sig_pub;
	case 'E':
		return &a->encrypt;
	case OPT_ENC_KEYLEN:
		return &a->enc_keylen;
	case OPT_HMAC_SHA:
		return &a->hmac_sha;
	default:
		return NULL;
	}
}

/* Flags without argument. */
static bool *flag_slot(struct sign_args *a, int c)
{
	switch (c) {
	case OPT_PAD_HEADER:
		return &a->pad_header;
	case OPT_PAD:
		return &a->pad;
	case OPT_CONFIRM:
		return &a->confirm;
	case OPT_TEST:
		return &a->test;
	case OPT_OW_ONLY:
		return &a->ow_only;
	case OPT_NON_BOOT:
		return &a->non_boot;
	case OPT_PAD_SIG:
		return &a->pad_sig;
	case OPT_CLEAR:
		return &a->clear;
	case OPT_SAVE_ENCTLV:
		return &a->save_enctlv;
	default:
		return NULL;
	}
}

/* --custom-tlv takes two arguments: TAG in optarg, VALUE next. */
static int take_custom_tlv(struct sign_args *a, int argc, char **argv)
{
	if (optind >= argc)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--custom-tlv needs TAG and VALUE");
	if (a->ctlv_count == IMGTOOL_MAX_CUSTOM_TLVS)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"at most %u custom TLVs",
				IMGTOOL_MAX_CUSTOM_TLVS);
	a->ctlv[a->ctlv_count][0] = optarg;
	a->ctlv[a->ctlv_count][1] = argv[optind++];
	a->ctlv_count++;
	return 0;
}

static int take_option(struct sign_args *a, int c, int argc, char **argv)
{
	const char **str = string_slot(a, c);
	bool *flag = flag_slot(a, c);

	if (str)
		*str = optarg;
	else if (flag)
		*flag = true;
	else if (c == OPT_CUSTOM_TLV)
		return take_custom_tlv(a, argc, argv);
	return 0;
}

/* 0 ok, -1 help shown, >0 exit code of a usage error. */
static int parse_args(int argc, char **argv, struct sign_args *a)
{
	int c, rc;

	while ((c = getopt_long(argc, argv, ":k:v:H:S:M:s:R:L:F:d:x:E:h", opts,
				NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return -1;
		}
		if (c == '?' || c == ':')
			return cli_bad_option("sign", c, argv);
		rc = take_option(a, c, argc, argv);
		if (rc)
			return rc;
	}
	if (argc - optind != 2)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"expected INFILE and OUTFILE (see --help)");
	a->in = argv[optind];
	a->out = argv[optind + 1];
	if (!a->version || !a->header_size || !a->slot_size)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"missing option %s (see --help)",
				!a->version       ? "-v/--version"
				: !a->header_size ? "-H/--header-size"
						  : "-S/--slot-size");
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
	t->align = 1; /* imgtool's default */
	if (a->align && parse_choice("--align", a->align, 1, 32, &t->align))
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

/* Choices click checks literally in imgtool: only these spellings. */
static int parse_literals(const struct sign_args *a,
			  struct imgtool_sign_opts *o)
{
	if (a->erased && strcmp(a->erased, "0") && strcmp(a->erased, "0xff"))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"invalid -R/--erased-val '%s' (0 or 0xff)",
				a->erased);
	o->erased_zero = a->erased && !strcmp(a->erased, "0");
	if (a->pkfmt && strcmp(a->pkfmt, "hash") && strcmp(a->pkfmt, "full"))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"invalid --public-key-format '%s' (hash or "
				"full)",
				a->pkfmt);
	o->pubkey_full = a->pkfmt && !strcmp(a->pkfmt, "full");
	if (a->vts && strcmp(a->vts, "payload") && strcmp(a->vts, "digest"))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"invalid --vector-to-sign '%s' (payload or "
				"digest)",
				a->vts);
	if (a->fix_sig && (a->key || !a->fix_sig_pub))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--fix-sig needs --fix-sig-pubkey and no "
				"-k/--key");
	if (a->sha && strcmp(a->sha, "256") && strcmp(a->sha, "384") &&
	    strcmp(a->sha, "auto"))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--sha %s is not supported (256, 384 or auto)",
				a->sha);
	return 0;
}

/*
 * The image hash follows the key (SHA-384 for P-384, SHA-256 otherwise),
 * as MCUboot expects; an explicit --sha must agree with it. Without a
 * key, --sha 384 picks SHA-384.
 */
static int check_sha(const char *sha, const struct imgtool_key *key,
		     struct imgtool_sign_opts *o)
{
	const char *want = imgtool_key_hash_tlv(key) == BOOT_TLV_SHA384
				   ? "384"
				   : "256";

	if (!key && sha && !strcmp(sha, "384"))
		want = "384";
	o->sha384 = !strcmp(want, "384");
	if (!sha || !strcmp(sha, "auto") || !strcmp(sha, want))
		return 0;
	return cli_fail("sign", CLI_EXIT_USAGE,
			"--sha %s does not go with this key (it takes %s)", sha,
			want);
}

/* "(ID,VER)" groups, separated by anything (imgtool matches by regex). */
static int parse_deps(const char *s, struct imgtool_sign_opts *o)
{
	char ver[64];
	uint32_t id;
	size_t n;
	const char *p = s;
	char *end;

	while ((p = strchr(p, '('))) {
		id = (uint32_t)strtoul(p + 1, &end, 10);
		if (end == p + 1 || *end != ',' || id > UINT8_MAX ||
		    o->dep_count == IMGTOOL_MAX_DEPS)
			goto bad;
		end += strspn(end + 1, " \t") + 1;
		n = strspn(end, "0123456789.+");
		if (!n || n >= sizeof(ver) || end[n] != ')')
			goto bad;
		memcpy(ver, end, n);
		ver[n] = 0;
		if (parse_version(ver, &o->deps[o->dep_count].version))
			goto bad;
		o->deps[o->dep_count++].image_id = (uint8_t)id;
		p = end + n;
	}
	if (o->dep_count)
		return 0;
bad:
	return cli_fail("sign", CLI_EXIT_USAGE,
			"Image dependency format is invalid: %s", s);
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Python's bytes.fromhex of the digits after 0x (whole bytes only). */
static int hex_value(const char *hex, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strlen(hex), i;
	int hi, lo;

	if (n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		hi = nibble(hex[2 * i]);
		lo = nibble(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

/* Custom TLV values live here for the duration of the command. */
static uint8_t ctlv_buf[IMGTOOL_MAX_CUSTOM_TLVS][512];

static int parse_custom(const struct sign_args *a, struct imgtool_sign_opts *o)
{
	struct imgtool_custom_tlv *t;
	const char *v;
	size_t i, j, len;
	uint32_t tag;

	for (i = 0; i < a->ctlv_count; i++) {
		t = &o->custom[i];
		v = a->ctlv[i][1];
		if (parse_based_u32(a->ctlv[i][0], UINT16_MAX, &tag) ||
		    tag < 0xa0 || tag > 0xfffe)
			return cli_fail("sign", CLI_EXIT_USAGE,
					"invalid custom TLV type '%s', "
					"allowed 0x00a0..0xfffe",
					a->ctlv[i][0]);
		for (j = 0; j < i; j++)
			if (o->custom[j].tag == tag)
				return cli_fail("sign", CLI_EXIT_USAGE,
						"Custom TLV 0x%x already "
						"exists.",
						tag);
		if (!strncmp(v, "0x", 2)) {
			if (hex_value(v + 2, ctlv_buf[i], sizeof(ctlv_buf[i]),
				      &len))
				return cli_fail("sign", CLI_EXIT_USAGE,
						"Custom TLV value '%s' is "
						"not whole hex bytes",
						v);
		} else {
			len = strlen(v);
			if (len > sizeof(ctlv_buf[i]))
				return cli_fail("sign", CLI_EXIT_USAGE,
						"Custom TLV value too long");
			memcpy(ctlv_buf[i], v, len);
		}
		t->tag = (uint16_t)tag;
		t->len = (uint16_t)len;
		t->value = ctlv_buf[i];
	}
	o->custom_count = a->ctlv_count;
	return 0;
}

static int parse_addrs(const struct sign_args *a, struct imgtool_sign_opts *o)
{
	if (a->load_addr && parse_number("-L/--load-addr", a->load_addr, 0,
					 UINT32_MAX, &o->load_addr))
		return CLI_EXIT_USAGE;
	if (a->rom_fixed && parse_number("-F/--rom-fixed", a->rom_fixed, 0,
					 UINT32_MAX, &o->rom_fixed))
		return CLI_EXIT_USAGE;
	if (a->load_addr && a->rom_fixed)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"Can not set rom_fixed and load_addr at the "
				"same time");
	return 0;
}

static int parse_extras(const struct sign_args *a, struct imgtool_sign_opts *o)
{
	if (parse_literals(a, o) || parse_addrs(a, o) || parse_custom(a, o) ||
	    (a->deps && parse_deps(a->deps, o)))
		return CLI_EXIT_USAGE;
	if (a->boot_record && strlen(a->boot_record) > IMGTOOL_SW_TYPE_MAX)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--boot-record SW type max length is %u "
				"characters",
				IMGTOOL_SW_TYPE_MAX);
	o->boot_record = a->boot_record;
	o->overwrite_only = a->ow_only;
	o->non_bootable = a->non_boot;
	o->pad_sig = a->pad_sig;
	return 0;
}

/* -E's companions; the key itself is loaded by enc_load(). */
static int parse_enc(const struct sign_args *a, struct imgtool_sign_opts *o)
{
	if (a->enc_keylen && strcmp(a->enc_keylen, "128") &&
	    strcmp(a->enc_keylen, "256"))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--encrypt-keylen must be 128 or 256");
	if (a->hmac_sha && strcmp(a->hmac_sha, "256") &&
	    strcmp(a->hmac_sha, "512"))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--hmac-sha must be 256 or 512");
	o->enc_keylen = a->enc_keylen && !strcmp(a->enc_keylen, "256") ? 32
									 : 16;
	o->enc_sha512 = a->hmac_sha && !strcmp(a->hmac_sha, "512");
	o->enc_clear = a->clear;
	o->save_enctlv = a->save_enctlv;
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
			"optional, no leading zeros",
			a->version);
	if (parse_number("--header-size", a->header_size,
			 BOOT_IMAGE_HEADER_SIZE, UINT16_MAX, &o->header_size) ||
	    parse_number("--slot-size", a->slot_size, 1, UINT32_MAX,
			 &o->slot_size) ||
	    parse_trailer(a, o) || parse_sec_cnt(a, o) || parse_extras(a, o))
		return CLI_EXIT_USAGE;
	if (a->confirm && a->test)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"--confirm and --test exclude each other");
	o->pad_header = a->pad_header;
	o->pad = a->pad || a->confirm || a->test;
	o->confirm = a->confirm;
	return parse_enc(a, o);
}

/* The input: raw bytes, or a .hex file flattened from its first address. */
struct sign_input {
	uint8_t *data;
	size_t len;
	bool has_base;
	uint32_t base;
};

/* Gaps in a .hex input read as 0xff whatever -R says (intelhex's pad). */
static int read_input(const char *path, struct sign_input *in)
{
	struct ihex_image h;

	memset(in, 0, sizeof(*in));
	if (!ihex_is_hex_name(path))
		return file_read_all(path, &in->data, &in->len);
	if (ihex_read_file(path, 0xff, &h))
		return -1;
	in->data = h.data;
	in->len = h.len;
	in->has_base = true;
	in->base = h.base;
	free(h.present);
	return 0;
}

static void put_hex(void *ctx, size_t off, const uint8_t *src, size_t n)
{
	ihex_put(ctx, off, src, n);
}

/*
 * As imgtool's save(): the image at the base address and, when padded,
 * only the trailer fields (image_ok, magic), not the erased fill.
 */
static int write_hex(const char *path, const struct imgtool_sign_opts *o,
		     uint32_t base, const uint8_t *img, size_t len)
{
	struct ihex_image h;
	size_t span = o->pad ? o->slot_size : len;
	int rc;

	if ((uint64_t)base + span > (uint64_t)UINT32_MAX + 1) {
		tool_set_error("image does not fit below 4 GiB at 0x%x", base);
		return -1;
	}
	if (ihex_alloc(&h, base, span, imgtool_erased(o)))
		return -1;
	ihex_put(&h, 0, img, len);
	if (o->pad)
		imgtool_trailer_fields(o, put_hex, &h);
	rc = ihex_write_file(path, &h);
	ihex_free(&h);
	return rc;
}

static int hex_base(const struct sign_args *a, const struct sign_input *in,
		    const struct imgtool_sign_opts *o, uint32_t *base)
{
	if (a->hex_addr)
		return parse_based_u32(a->hex_addr, UINT32_MAX, base) ? -1 : 0;
	if (!in->has_base) {
		tool_set_error("No address exists in input file neither was "
			       "it provided by user");
		return -1;
	}
	/* imgtool moves the base down by the header it prepends */
	*base = in->base - (o->pad_header ? o->header_size : 0);
	return 0;
}

static int write_output(const struct sign_args *a,
			const struct imgtool_sign_opts *o,
			const struct sign_input *in, const uint8_t *img,
			size_t len)
{
	uint32_t base;

	if (!ihex_is_hex_name(a->out))
		return file_write_all(a->out, img, len, 0644);
	if (hex_base(a, in, o, &base))
		return -1;
	return write_hex(a->out, o, base, img, len);
}

/* --sig-out: the signature in base64, no line end (as imgtool). */
static int write_sig(const char *path, const struct imgtool_sign_result *r)
{
	char text[IMGTOOL_SIG_MAX * 2];

	if (!r->sig_len) {
		tool_set_error("--sig-out needs a signed image (-k)");
		return -1;
	}
	return file_write_all(path, text, b64_encode(r->sig, r->sig_len, text),
			      0644);
}

/* --vector-to-sign: what an external signer signs, not the image. */
static int write_vector(const struct sign_args *a, const uint8_t *img,
			const struct imgtool_sign_result *r)
{
	if (!strcmp(a->vts, "digest"))
		return file_write_all(a->out, r->digest, r->digest_len,
				      0644);
	return file_write_all(a->out, img, r->hashed_len, 0644);
}

static int build_and_write(const struct sign_args *a,
			   const struct imgtool_sign_opts *o,
			   const struct imgtool_key *key,
			   const struct sign_input *in)
{
	struct imgtool_sign_opts build = *o;
	struct imgtool_sign_result res;
	uint8_t *out = NULL;
	size_t out_len;
	int rc;

	/* a .hex output carries the trailer fields, never the padding */
	if (ihex_is_hex_name(a->out) || a->vts)
		build.pad = false;
	build.vector_only = a->vts != NULL;
	rc = imgtool_image_build_ex(&build, in->data, in->len, key, &res, &out,
				    &out_len);
	if (!rc && a->vts)
		rc = write_vector(a, out, &res);
	else if (!rc)
		rc = write_output(a, o, in, out, out_len);
	if (!rc && a->sig_out && !a->vts)
		rc = write_sig(a->sig_out, &res);
	free(out);
	return rc;
}

/* --fix-sig FILE: its base64 signature, for the build to check and use. */
static uint8_t fixed_sig[IMGTOOL_SIG_MAX];

static int load_fixed_sig(const char *path, struct imgtool_sign_opts *o)
{
	uint8_t *text;
	size_t len;
	int rc;

	if (file_read_all(path, &text, &len))
		return -1;
	rc = b64_decode((const char *)text, len, fixed_sig, sizeof(fixed_sig),
			&o->fixed_sig_len);
	free(text);
	if (rc || !o->fixed_sig_len) {
		tool_set_error("'%s' is not a base64 signature", path);
		return -1;
	}
	o->fixed_sig = fixed_sig;
	return 0;
}

static int sign_file(const struct sign_args *a, struct imgtool_sign_opts *o,
		     struct imgtool_key *key)
{
	struct sign_input in = {0};
	int rc = 0;

	if ((a->fix_sig && load_fixed_sig(a->fix_sig, o)) ||
	    read_input(a->in, &in) || build_and_write(a, o, key, &in))
		rc = cli_fail("sign", CLI_EXIT_FAIL, "%s", tool_error());
	free(in.data);
	return rc;
}

/*
 * -E KEY, and imgtool's pairing rule: an ECDSA signing key wants a P-256
 * encryption key, an RSA one an RSA key; Ed25519 or no key takes any.
 */
static int enc_load(const struct sign_args *a, const struct imgtool_key *key,
		    struct imgtool_enc_pub *enc, struct imgtool_sign_opts *o)
{
	if (imgtool_enc_pub_load_file(enc, a->encrypt))
		return cli_fail("sign", CLI_EXIT_FAIL, "%s", tool_error());
	if (key &&
	    ((key->type == IMGTOOL_KEY_ECDSA_P256 &&
	      enc->type != IMGTOOL_ENC_EC256) ||
	     ((key->type == IMGTOOL_KEY_RSA2048 ||
	       key->type == IMGTOOL_KEY_RSA3072) &&
	      enc->type != IMGTOOL_ENC_RSA2048)))
		return cli_fail("sign", CLI_EXIT_USAGE,
				"Signing and encryption must use the same "
				"type of key");
	if (o->enc_sha512 && enc->type != IMGTOOL_ENC_X25519)
		return cli_fail("sign", CLI_EXIT_USAGE,
				"Currently only ECIES-X25519 supports "
				"HMAC-SHA512");
	o->enc = enc;
	return 0;
}

int cmd_sign(int argc, char **argv)
{
	struct sign_args a = {0};
	struct imgtool_sign_opts o;
	struct imgtool_enc_pub enc;
	struct imgtool_key key;
	const char *key_path;
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = make_opts(&a, &o);
	if (rc)
		return rc;
	/* with --fix-sig the public key names the signer, nothing signs */
	key_path = a.fix_sig ? a.fix_sig_pub : a.key;
	imgtool_key_init(&key);
	imgtool_enc_pub_init(&enc);
	if (key_path && imgtool_key_load_file(&key, key_path))
		rc = cli_fail("sign", CLI_EXIT_FAIL, "%s", tool_error());
	else
		rc = check_sha(a.sha, key_path ? &key : NULL, &o);
	if (!rc && a.encrypt)
		rc = enc_load(&a, key_path ? &key : NULL, &enc, &o);
	if (!rc)
		rc = sign_file(&a, &o, key_path ? &key : NULL);
	imgtool_key_free(&key);
	imgtool_enc_pub_free(&enc);
	return rc;
}
