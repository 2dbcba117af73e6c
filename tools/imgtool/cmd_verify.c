/* SPDX-License-Identifier: Apache-2.0 */
/*
 * imgtool verify [-k KEY] IMAGE: runs the bootloader's own validator
 * (boot/image_validate.h) on the file, so the tool and the bootloader
 * cannot disagree. Without -k only the hash is checked, as imgtool does.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/image_validate.h"
#include "tools/imgtool/cli.h"
#include "tools/imgtool/file_io.h"
#include "tools/imgtool/ihex.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/tool_error.h"

static const char usage[] =
	"Usage: imgtool verify [-k KEY] IMAGE\n"
	"\n"
	"  Check an image's hash and, with -k, its signature and key hash.\n"
	"\n"
	"Options:\n"
	"  -k, --key FILE   private or public key (PEM)\n"
	"  -h, --help       show this message\n";

struct mem_slot {
	const uint8_t *data;
};

static int mem_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	const struct mem_slot *m = ctx;

	memcpy(buf, m->data + off, len);
	return 0;
}

static int trusted_key(const struct imgtool_key *key, uint8_t *der, size_t cap,
		       struct boot_image_key *out)
{
	size_t len;

	if (imgtool_key_public_raw(key, der, cap, &len))
		return -1;
	return imgtool_key_trusted(key, der, len, out);
}

static int check_image(const uint8_t *img, size_t len,
		       const struct boot_image_verifier *v)
{
	struct mem_slot slot = {img};
	struct boot_image_reader rd = {mem_read, &slot, (uint32_t)len};
	struct boot_image_info info;
	const struct boot_image_version *ver = &info.hdr.version;
	size_t i;
	int rc;

	if (!img || len > UINT32_MAX)
		return cli_fail("verify", CLI_EXIT_FAIL, "image too large");
	rc = boot_image_validate(v, &rd, &info, NULL);
	if (rc)
		return cli_fail("verify", CLI_EXIT_FAIL, "%s",
				boot_image_strerror(rc));
	printf("Image was correctly validated\n");
	printf("Image version: %u.%u.%u+%lu\n", ver->major, ver->minor,
	       ver->revision, (unsigned long)ver->build);
	/* imgtool's last line: the SHA256 TLV, which the check just proved */
	printf("Image digest: ");
	for (i = 0; i < info.hash.len; i++)
		printf("%02x", img[info.hash.off + i]);
	printf("\n");
	return 0;
}

/* A .hex image is checked as the bytes it puts in flash (as imgtool). */
static int read_image(const char *path, uint8_t **img, size_t *len)
{
	struct ihex_image h;

	if (!ihex_is_hex_name(path))
		return file_read_all(path, img, len);
	if (ihex_read_file(path, 0xff, &h))
		return -1;
	free(h.present);
	*img = h.data;
	*len = h.len;
	return 0;
}

static int verify_file(const char *key_path, const char *image)
{
	struct boot_image_verifier v = {NULL, 0, true, false};
	uint8_t der[IMGTOOL_KEY_DER_MAX], *img = NULL;
	struct boot_image_key trusted;
	struct imgtool_key key;
	size_t len = 0;
	int rc = 0;

	imgtool_key_init(&key);
	if (key_path) {
		if (imgtool_key_load_file(&key, key_path) ||
		    trusted_key(&key, der, sizeof(der), &trusted))
			rc = cli_fail("verify", CLI_EXIT_FAIL, "%s",
				      tool_error());
		/* imgtool.py verify takes a full-key (PUBKEY) image too. */
		v = (struct boot_image_verifier){&trusted, 1, false, true};
	}
	if (!rc && read_image(image, &img, &len))
		rc = cli_fail("verify", CLI_EXIT_FAIL, "%s", tool_error());
	if (!rc)
		rc = check_image(img, len, &v);
	free(img);
	imgtool_key_free(&key);
	return rc;
}

int cmd_verify(int argc, char **argv)
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
			return cli_bad_option("verify", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_fail("verify", CLI_EXIT_USAGE,
				"expected one IMAGE argument (see --help)");
	return verify_file(key, argv[optind]);
}
