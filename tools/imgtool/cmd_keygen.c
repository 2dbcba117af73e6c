/* SPDX-License-Identifier: Apache-2.0 */
/* imgtool keygen -k FILE -t TYPE */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "tools/imgtool/cli.h"
#include "tools/imgtool/enc.h"
#include "tools/imgtool/file_io.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/tool_error.h"

static const char usage[] =
	"Usage: imgtool keygen -k FILE -t TYPE\n"
	"\n"
	"  Generate a private key and write it as PKCS#8 PEM.\n"
	"\n"
	"Options:\n"
	"  -k, --key FILE   output key file (created with mode 0600)\n"
	"  -t, --type TYPE  one of: rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384,\n"
	"                   ed25519, x25519 (image encryption only)\n"
	"  -h, --help       show this message\n";

static int write_key(const char *path, enum imgtool_key_type type)
{
	char pem[IMGTOOL_KEY_PEM_MAX];
	struct imgtool_key key;
	size_t len;
	int rc;

	imgtool_key_init(&key);
	rc = imgtool_key_generate(&key, type) ||
	     imgtool_key_private_pem(&key, pem, sizeof(pem), &len) ||
	     file_write_all(path, pem, len, 0600);
	imgtool_key_free(&key);
	if (rc)
		return cli_fail("keygen", CLI_EXIT_FAIL, "%s", tool_error());
	return 0;
}

int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"type", required_argument, NULL, 't'},
		{"password", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = NULL, *type_name = NULL;
	enum imgtool_key_type type;
	int c;

	while ((c = getopt_long(argc, argv, ":k:t:ph", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			path = optarg;
			break;
		case 't':
			type_name = optarg;
			break;
		case 'p':
			return cli_fail("keygen", CLI_EXIT_USAGE,
					"password-protected keys are not "
					"supported");
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_bad_option("keygen", c, argv);
		}
	}
	if (optind != argc)
		return cli_fail("keygen", CLI_EXIT_USAGE,
				"unexpected argument '%s'", argv[optind]);
	if (!path || !type_name)
		return cli_fail("keygen", CLI_EXIT_USAGE,
				"missing option %s (see --help)",
				path ? "-t/--type" : "-k/--key");
	if (!strcmp(type_name, "x25519"))
		return imgtool_x25519_keygen(path)
			       ? cli_fail("keygen", CLI_EXIT_FAIL, "%s",
					  tool_error())
			       : 0;
	if (imgtool_key_type_parse(type_name, &type))
		return cli_fail("keygen", CLI_EXIT_USAGE, "%s", tool_error());
	return write_key(path, type);
}
