/* SPDX-License-Identifier: Apache-2.0 */
#include "test_image_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/pem.h>

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
	if (!rc)
		rc = imgtool_key_trusted(&k, pub_buf, len, key);
	imgtool_key_free(&k);
	return rc;
}

/* The payload formula of both vector sets: byte[i] = (i*7+3) & 0xff. */
uint8_t *v2_payload(size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	size_t i;

	if (!p)
		exit(2);
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)((i * 7 + 3) & 0xff);
	return p;
}

/* The index.txt line for name, or 0 if there is none. */
static int v2_index_line(const char *name, char *line, size_t cap)
{
	FILE *f = fopen(V2_DIR "index.txt", "r");
	char kind[16], n[128];
	int found = 0;

	if (!f) {
		fprintf(stderr, "cannot open " V2_DIR "index.txt\n");
		exit(2);
	}
	while (!found && fgets(line, (int)cap, f)) {
		if (sscanf(line, "%15s %127s", kind, n) == 2 &&
		    !strcmp(n, name))
			found = 1;
	}
	fclose(f);
	return found;
}

static uint8_t *v2_file(const char *name, const char *suffix, size_t *len)
{
	char path[256];

	snprintf(path, sizeof(path), V2_DIR "%s%s", name, suffix);
	return load_file(path, len);
}

static uint8_t *v2_sparse(const char *name, const char *line, size_t *len)
{
	unsigned long size, head, tail;
	unsigned int fill;
	size_t hl, tl;
	uint8_t *h, *t, *buf;

	if (sscanf(line, "%*s %*s %lu %x %lu %lu", &size, &fill, &head,
		   &tail) != 4 ||
	    head + tail > size) {
		fprintf(stderr, "bad index line: %s", line);
		exit(2);
	}
	h = v2_file(name, ".head", &hl);
	t = v2_file(name, ".tail", &tl);
	buf = malloc(size);
	if (!buf || hl != head || tl != tail)
		exit(2);
	memcpy(buf, h, hl);
	memset(buf + hl, (int)fill, size - hl - tl);
	memcpy(buf + size - tl, t, tl);
	free(h);
	free(t);
	*len = size;
	return buf;
}

uint8_t *v2_load(const char *name, size_t *len)
{
	char line[256], kind[16], other[128];

	if (!strncmp(name, "payload-", 8)) {
		*len = strtoul(name + 8, NULL, 10);
		return v2_payload(*len);
	}
	if (!v2_index_line(name, line, sizeof(line))) {
		fprintf(stderr, "%s: not in " V2_DIR "index.txt\n", name);
		exit(2);
	}
	sscanf(line, "%15s", kind);
	if (!strcmp(kind, "dup") && sscanf(line, "%*s %*s %127s", other) == 1)
		return v2_load(other, len);
	if (!strcmp(kind, "sparse"))
		return v2_sparse(name, line, len);
	return v2_file(name, "", len);
}

int make_enc_key(const char *pem_path, uint8_t *der_buf, size_t cap,
		 struct boot_enc_key *key)
{
	mbedtls_pem_context pem;
	size_t len, used;
	uint8_t *text = load_file(pem_path, &len);
	int rc;

	text[len] = 0; /* load_file leaves room for it */
	mbedtls_pem_init(&pem);
	rc = mbedtls_pem_read_buffer(&pem, "-----BEGIN PRIVATE KEY-----",
				     "-----END PRIVATE KEY-----", text, NULL,
				     0, &used);
	free(text);
	if (rc || pem.buflen > cap) {
		mbedtls_pem_free(&pem);
		return -1;
	}
	memcpy(der_buf, pem.buf, pem.buflen);
	len = pem.buflen;
	mbedtls_pem_free(&pem);
	if (boot_enc_key_x25519(key, der_buf, len) == 0 ||
	    boot_enc_key_ec256(key, der_buf, len) == 0 ||
	    boot_enc_key_rsa(key, der_buf, len) == 0)
		return 0;
	return -1;
}
