/* SPDX-License-Identifier: Apache-2.0 */
/* imgtool getpriv -k KEY [--minimal] [-f pkcs8|openssl] */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/platform_util.h>

#include "tools/imgtool/c_array.h"
#include "tools/imgtool/cli.h"
#include "tools/imgtool/enc.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/tool_error.h"

static const char usage[] =
	"Usage: imgtool getpriv [OPTIONS]\n"
	"\n"
	"  Dump the private key of a key pair as a C array (enc_priv_key),\n"
	"  for a bootloader that decrypts images.\n"
	"\n"
	"Options:\n"
	"  -k, --key FILE          private key (PEM) [required]\n"
	"  -f, --format FORMAT     pkcs8 (default) or openssl\n"
	"      --minimal           ECDSA: leave the public key out\n"
	"  -h, --help              show this message\n";

/*
 * --minimal, as imgtool: the [1] public key element (a1 44 ...) cut
 * from the P-256 key, and the lengths around it shortened. The fixed
 * offsets are those of the only layout this tool writes; anything else
 * is refused rather than cut in the wrong place.
 */
static int minimal_ec(uint8_t *der, size_t *len, bool pkcs8)
{
	size_t at = pkcs8 ? 68 : 51, cut;

	if (*len <= at + 2 || der[at] != 0xa1)
		return -1;
	cut = 2U + der[at + 1];
	if (!pkcs8) {
		der[1] = (uint8_t)(der[1] - cut);
		*len = at;
		return 0;
	}
	if (der[29] != 0x30 || der[27] != 0x04 || der[0] != 0x30 ||
	    der[1] != 0x81)
		return -1;
	der[30] = (uint8_t)(der[30] - cut);
	der[28] = (uint8_t)(der[28] - cut);
	der[2] = (uint8_t)(der[2] - cut);
	*len = at;
	if (der[2] < 0x80) { /* the length fits the short form now */
		memmove(der + 1, der + 2, at - 2);
		(*len)--;
	}
	return 0;
}

static int dump(const char *path, bool pkcs8, bool minimal)
{
	static char text[IMGTOOL_KEY_DER_MAX * 6 + 256];
	uint8_t der[IMGTOOL_KEY_DER_MAX];
	struct imgtool_key key;
	size_t len;
	int rc;

	imgtool_key_init(&key);
	/* an X25519 key (encryption only): its PKCS#8, as imgtool.py */
	if (!minimal && imgtool_x25519_load_pkcs8(path, der) == 0) {
		len = IMGTOOL_X25519_PKCS8_LEN;
		rc = 0;
	} else {
		rc = imgtool_key_load_file(&key, path) ||
		     imgtool_key_private_der(&key, pkcs8, der, sizeof(der),
					     &len);
	}
	if (!rc && minimal && key.type != IMGTOOL_KEY_ECDSA_P256 &&
	    key.type != IMGTOOL_KEY_ECDSA_P384) {
		tool_set_error("--minimal is supported for ECDSA keys only");
		rc = -1;
	} else if (!rc && minimal && minimal_ec(der, &len, pkcs8)) {
		tool_set_error("Error parsing ecdsa key");
		rc = -1;
	}
	imgtool_key_free(&key);
	if (!rc &&
	    !c_array_format(text, sizeof(text), "enc_priv_key", der, len)) {
		tool_set_error("key too large");
		rc = -1;
	}
	mbedtls_platform_zeroize(der, sizeof(der));
	if (rc)
		return cli_fail("getpriv", CLI_EXIT_FAIL, "%s", tool_error());
	fputs(text, stdout);
	mbedtls_platform_zeroize(text, sizeof(text));
	return 0;
}

int cmd_getpriv(int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"format", required_argument, NULL, 'f'},
		{"minimal", no_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *key = NULL, *format = "pkcs8";
	bool minimal = false;
	int c;

	while ((c = getopt_long(argc, argv, ":k:f:h", opts, NULL)) != -1) {
		if (c == 'k') {
			key = optarg;
		} else if (c == 'f') {
			format = optarg;
		} else if (c == 'm') {
			minimal = true;
		} else if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		} else {
			return cli_bad_option("getpriv", c, argv);
		}
	}
	if (argc != optind)
		return cli_fail("getpriv", CLI_EXIT_USAGE,
				"unexpected argument '%s'", argv[optind]);
	if (!key)
		return cli_fail("getpriv", CLI_EXIT_USAGE,
				"missing option -k/--key");
	if (strcmp(format, "pkcs8") && strcmp(format, "openssl"))
		return cli_fail("getpriv", CLI_EXIT_USAGE,
				"invalid -f/--format '%s' (pkcs8 or openssl)",
				format);
	return dump(key, !strcmp(format, "pkcs8"), minimal);
}
