/* SPDX-License-Identifier: Apache-2.0 */
/*
 * imgtool getpub -k KEY [-e lang-c|pem|raw] [-o FILE]
 * imgtool getpubhash -k KEY [-e lang-c|raw] [-o FILE]
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "boot/image_crypto.h"
#include "tools/imgtool/c_array.h"
#include "tools/imgtool/cli.h"
#include "tools/imgtool/enc.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/tool_error.h"

static const char usage_pub[] =
	"Usage: imgtool getpub -k KEY [-e ENCODING] [-o FILE]\n"
	"\n"
	"  Print the public key of KEY.\n"
	"\n"
	"Options:\n"
	"  -k, --key FILE        private or public key (PEM)\n"
	"  -e, --encoding ENC    lang-c (default), pem or raw (the DER the\n"
	"                        image's KEYHASH is computed over)\n"
	"  -o, --output FILE     write there instead of stdout\n"
	"  -h, --help            show this message\n";

static const char usage_hash[] =
	"Usage: imgtool getpubhash -k KEY [-e ENCODING] [-o FILE]\n"
	"\n"
	"  Print the SHA-256 of the public key (the KEYHASH TLV value).\n"
	"\n"
	"Options:\n"
	"  -k, --key FILE        private or public key (PEM)\n"
	"  -e, --encoding ENC    lang-c (default) or raw\n"
	"  -o, --output FILE     write there instead of stdout\n"
	"  -h, --help            show this message\n";

enum encoding { ENC_LANG_C, ENC_PEM, ENC_RAW };

struct pub_args {
	const char *cmd;
	const char *key;
	const char *out;
	enum encoding enc;
};

static int parse_encoding(const char *s, bool allow_pem, enum encoding *enc)
{
	if (!strcmp(s, "lang-c"))
		*enc = ENC_LANG_C;
	else if (!strcmp(s, "raw"))
		*enc = ENC_RAW;
	else if (allow_pem && !strcmp(s, "pem"))
		*enc = ENC_PEM;
	else
		return -1;
	return 0;
}

static int parse_args(int argc, char **argv, bool hash, struct pub_args *a)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"encoding", required_argument, NULL, 'e'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, ":k:e:o:h", opts, NULL)) != -1) {
		if (c == 'k') {
			a->key = optarg;
		} else if (c == 'o') {
			a->out = optarg;
		} else if (c == 'e') {
			if (parse_encoding(optarg, !hash, &a->enc))
				return cli_fail(a->cmd, CLI_EXIT_USAGE,
						"unknown encoding '%s' (%s)",
						optarg,
						hash ? "lang-c or raw"
						     : "lang-c, pem or raw");
		} else if (c == 'h') {
			fputs(hash ? usage_hash : usage_pub, stdout);
			return -1;
		} else {
			return cli_bad_option(a->cmd, c, argv);
		}
	}
	if (optind != argc)
		return cli_fail(a->cmd, CLI_EXIT_USAGE,
				"unexpected argument '%s'", argv[optind]);
	if (!a->key)
		return cli_fail(a->cmd, CLI_EXIT_USAGE,
				"missing option -k/--key (see --help)");
	return 0;
}

/* Emits bytes in the chosen encoding; lang-c names the array name. */
static int emit(const struct pub_args *a, const char *name, const uint8_t *data,
		size_t len)
{
	char text[IMGTOOL_KEY_PEM_MAX];
	size_t n;

	if (a->enc == ENC_RAW)
		return cli_output(a->cmd, a->out, data, len);
	n = c_array_format(text, sizeof(text), name, data, len);
	if (!n)
		return cli_fail(a->cmd, CLI_EXIT_FAIL, "key too large");
	return cli_output(a->cmd, a->out, text, n);
}

/* An X25519 (encryption) key: SPKI DER, array x25519_pub_key, as imgtool. */
static int run_x25519(const struct pub_args *a, bool hash,
		      const uint8_t pub[32])
{
	uint8_t spki[IMGTOOL_X25519_SPKI_LEN], digest[BOOT_IMAGE_HASH_SIZE];
	char text[256];
	size_t len;

	if (a->enc == ENC_PEM) {
		if (imgtool_x25519_pub_pem(pub, text, sizeof(text), &len))
			return cli_fail(a->cmd, CLI_EXIT_FAIL, "%s",
					tool_error());
		return cli_output(a->cmd, a->out, text, len);
	}
	imgtool_x25519_spki(pub, spki);
	if (!hash)
		return emit(a, "x25519_pub_key", spki, sizeof(spki));
	if (boot_crypto_sha256(spki, sizeof(spki), digest))
		return cli_fail(a->cmd, CLI_EXIT_FAIL, "SHA-256 failed");
	return emit(a, "x25519_pub_key_hash", digest, sizeof(digest));
}

static int run(const struct pub_args *a, bool hash)
{
	uint8_t der[IMGTOOL_KEY_DER_MAX], digest[BOOT_IMAGE_HASH_MAX];
	size_t digest_len;
	char text[IMGTOOL_KEY_PEM_MAX], name[64];
	uint8_t x_pub[32];
	bool x_priv;
	struct imgtool_key key;
	size_t len;
	int rc;

	if (imgtool_x25519_load_pub(a->key, x_pub, &x_priv) == 0)
		return run_x25519(a, hash, x_pub);
	imgtool_key_init(&key);
	rc = imgtool_key_load_file(&key, a->key);
	if (!rc && a->enc == ENC_PEM)
		rc = imgtool_key_public_pem(&key, text, sizeof(text), &len);
	else if (!rc)
		rc = imgtool_key_public_raw(&key, der, sizeof(der), &len);
	if (rc) {
		imgtool_key_free(&key);
		return cli_fail(a->cmd, CLI_EXIT_FAIL, "%s", tool_error());
	}
	snprintf(name, sizeof(name), "%s_pub_key%s",
		 imgtool_key_c_name(key.type), hash ? "_hash" : "");
	/* getpubhash: the KEYHASH, so the key's image hash (as imgtool) */
	digest_len = imgtool_key_hash_len(&key);
	rc = hash && imgtool_key_hash(&key, der, len, digest);
	imgtool_key_free(&key);
	if (a->enc == ENC_PEM)
		return cli_output(a->cmd, a->out, text, len);
	if (!hash)
		return emit(a, name, der, len);
	if (rc)
		return cli_fail(a->cmd, CLI_EXIT_FAIL, "%s", tool_error());
	return emit(a, name, digest, digest_len);
}

static int getpub_main(int argc, char **argv, bool hash)
{
	struct pub_args a = {argv[0], NULL, NULL, ENC_LANG_C};
	int rc;

	rc = parse_args(argc, argv, hash, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	return run(&a, hash);
}

int cmd_getpub(int argc, char **argv)
{
	return getpub_main(argc, argv, false);
}

int cmd_getpubhash(int argc, char **argv)
{
	return getpub_main(argc, argv, true);
}
