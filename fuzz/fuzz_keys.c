/* SPDX-License-Identifier: Apache-2.0 */
#include "fuzz/fuzz_keys.h"

#include "fuzz/fuzz.h"

static uint8_t pub[FUZZ_KEY_COUNT][BOOT_IMAGE_PUBKEY_MAX];

static size_t load_raw(const char *name, uint8_t *buf)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s.pub.raw", FUZZ_KEYS_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, BOOT_IMAGE_PUBKEY_MAX, f);
	fclose(f);
	return n;
}

void fuzz_keys_load(struct boot_image_key keys[FUZZ_KEY_COUNT])
{
	size_t n;
	int rc;

	n = load_raw("ed25519", pub[0]);
	rc = boot_image_key_ed25519(&keys[0], pub[0], n);
	n = load_raw("ecdsa-p256", pub[1]);
	rc = rc ? rc : boot_image_key_ecdsa_p256(&keys[1], pub[1], n);
	n = load_raw("rsa-2048", pub[2]);
	rc = rc ? rc : boot_image_key_rsa(&keys[2], pub[2], n);
	if (rc != 0) {
		fprintf(stderr, "fuzz: a vector key was refused (%d)\n", rc);
		exit(1);
	}
}
