/* SPDX-License-Identifier: Apache-2.0 */
#include "test_image_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/imgtool/keys.h"

static int mem_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	struct mem_slot *m = ctx;

	m->reads++;
	if (m->fail_at_read && m->reads == m->fail_at_read)
		return -5;
	if (off > m->size || len > m->size - off) {
		m->out_of_bounds++;
		return -1;
	}
	memcpy(buf, m->data + off, len);
	return 0;
}

struct boot_image_reader mem_slot_reader(struct mem_slot *slot,
					 const uint8_t *data, uint32_t size)
{
	struct boot_image_reader rd = {mem_read, slot, size};

	memset(slot, 0, sizeof(*slot));
	slot->data = data;
	slot->size = size;
	return rd;
}

uint8_t *load_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)size;
	return buf;
}

const char *const vector_key_path[VKEY_COUNT] = {
	[VKEY_RSA] = "vectors/imgtool/keys/rsa-2048.pem",
	[VKEY_EC] = "vectors/imgtool/keys/ecdsa-p256.pem",
	[VKEY_ED] = "vectors/imgtool/keys/ed25519.pem",
	[VKEY_REPO_RSA] = "vectors/imgtool/keys/repo-rsa-2048.pub.pem",
	[VKEY_REPO_EC] = "vectors/imgtool/keys/repo-ecdsa-p256.pub.pem",
	[VKEY_REPO_ED] = "vectors/imgtool/keys/repo-ed25519.pub.pem",
};

int make_trusted_key(const char *pem_path, uint8_t *pub_buf, size_t cap,
		     struct boot_image_key *key)
{
	struct imgtool_key k;
	size_t len;
	int rc;

	imgtool_key_init(&k);
	rc = imgtool_key_load_file(&k, pem_path);
	if (!rc)
		rc = imgtool_key_public_raw(&k, pub_buf, cap, &len);
	if (!rc && k.type == IMGTOOL_KEY_ED25519)
		rc = boot_image_key_ed25519(key, pub_buf, len);
	else if (!rc && k.type == IMGTOOL_KEY_ECDSA_P256)
		rc = boot_image_key_ecdsa_p256(key, pub_buf, len);
	else if (!rc)
		rc = boot_image_key_rsa(key, pub_buf, len);
	imgtool_key_free(&k);
	return rc;
}
