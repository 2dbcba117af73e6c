/* SPDX-License-Identifier: Apache-2.0 */
/*
 * imgtool keyinfo -k KEY: what kind of key a file holds. Later imgtool
 * releases print "Key type: <signature type>" (KeyClass.key_info); the
 * same line here, with imgtool's sig_type names, then whether the file
 * can sign and the KEYHASH its images will carry.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>

#include "boot/image_crypto.h"
#include "tools/imgtool/cli.h"
#include "tools/imgtool/enc.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/tool_error.h"

static const char usage[] = "Usage: imgtool keyinfo [OPTIONS]\n"
			    "\n"
			    "  Print the type of a key and its KEYHASH.\n"
			    "\n"
			    "Options:\n"
			    "  -k, --key FILE  key (PEM) [required]\n"
			    "  -h, --help      show this message\n";

/* imgtool's sig_type() per key class. */
static const char *sig_type(enum imgtool_key_type t)
{
	switch (t) {
	case IMGTOOL_KEY_RSA2048:
		return "RSA2048_SHA256";
	case IMGTOOL_KEY_RSA3072:
		return "RSA3072_SHA256";
	case IMGTOOL_KEY_ECDSA_P256:
		return "ECDSA256_SHA256";
	case IMGTOOL_KEY_ECDSA_P384:
		return "ECDSA384_SHA384";
	default:
		return "ED25519";
	}
}

/* An X25519 key encrypts images, it signs nothing: no KEYHASH use. */
static int show_x25519(const uint8_t pub[32], bool priv)
{
	uint8_t spki[IMGTOOL_X25519_SPKI_LEN], hash[BOOT_IMAGE_HASH_SIZE];

	imgtool_x25519_spki(pub, spki);
	if (boot_crypto_sha256(spki, sizeof(spki), hash))
		return cli_fail("keyinfo", CLI_EXIT_FAIL, "SHA-256 failed");
	printf("Key type: X25519 (image encryption, ECIES-X25519)\n");
	printf("Private key: %s\n", priv ? "yes" : "no");
	printf("Public key SHA-256: ");
	for (size_t i = 0; i < sizeof(hash); i++)
		printf("%02x", hash[i]);
	printf("\n");
	return 0;
}

static int show(const char *path)
{
	uint8_t pub[IMGTOOL_KEY_DER_MAX], hash[BOOT_IMAGE_HASH_MAX];
	uint8_t x_pub[32];
	bool x_priv;
	struct imgtool_key key;
	size_t len, i;
	int rc;

	if (imgtool_x25519_load_pub(path, x_pub, &x_priv) == 0)
		return show_x25519(x_pub, x_priv);

	imgtool_key_init(&key);
	rc = imgtool_key_load_file(&key, path) ||
	     imgtool_key_public_raw(&key, pub, sizeof(pub), &len) ||
	     imgtool_key_hash(&key, pub, len, hash);
	if (!rc) {
		printf("Key type: %s\n", sig_type(key.type));
		printf("Private key: %s\n", key.has_private ? "yes" : "no");
		printf("KEYHASH: ");
		for (i = 0; i < imgtool_key_hash_len(&key); i++)
			printf("%02x", hash[i]);
		printf("\n");
	}
	imgtool_key_free(&key);
	return rc ? cli_fail("keyinfo", CLI_EXIT_FAIL, "%s", tool_error()) : 0;
}

int cmd_keyinfo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *key = NULL;
	int c;

	while ((c = getopt_long(argc, argv, ":k:h", opts, NULL)) != -1) {
		if (c == 'k') {
			key = optarg;
		} else if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		} else {
			return cli_bad_option("keyinfo", c, argv);
		}
	}
	if (argc != optind)
		return cli_fail("keyinfo", CLI_EXIT_USAGE,
				"unexpected argument '%s'", argv[optind]);
	if (!key)
		return cli_fail("keyinfo", CLI_EXIT_USAGE,
				"missing option -k/--key");
	return show(key);
}
