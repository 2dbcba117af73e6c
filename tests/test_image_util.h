/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the image tests: an in-memory slot and file loading. */
#ifndef TESTS_TEST_IMAGE_UTIL_H
#define TESTS_TEST_IMAGE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"
#include "boot/image_enc.h"
#include "boot/image_validate.h"

/* A slot in RAM that counts any read outside it (the parser must not). */
struct mem_slot {
	const uint8_t *data;
	uint32_t size;
	unsigned int out_of_bounds;
	unsigned int fail_at_read; /* 1-based read to fail, 0 = never */
	unsigned int reads;
};

struct boot_image_reader mem_slot_reader(struct mem_slot *slot,
					 const uint8_t *data, uint32_t size);

/* Whole file into a malloc'd buffer; aborts the test on failure. */
uint8_t *load_file(const char *path, size_t *len);

/*
 * The imgtool-v2 set (tests/vectors/imgtool-v2/README.md): any MANIFEST
 * file by name, rebuilt from its stored form (copy, dup, sparse), or a
 * payload-N.bin from the formula. malloc'd; aborts the test on failure.
 */
#define V2_DIR "vectors/imgtool-v2/"
uint8_t *v2_load(const char *name, size_t *len);
uint8_t *v2_payload(size_t len);

/* The kinds of trusted keys the vectors use, built from PEM files. */
enum vector_key {
	VKEY_RSA,
	VKEY_EC,
	VKEY_ED,
	VKEY_REPO_RSA,
	VKEY_REPO_EC,
	VKEY_REPO_ED,
	VKEY_COUNT,
};

extern const char *const vector_key_path[VKEY_COUNT];

/* Trusted key from a PEM file; pub_buf must outlive the key. */
int make_trusted_key(const char *pem_path, uint8_t *pub_buf, size_t cap,
		     struct boot_image_key *key);

/*
 * The bootloader's decryption key from a private PEM file (X25519, P-256
 * or RSA-2048, PKCS#8 as imgtool keygen writes): der_buf gets the DER and
 * must outlive the key.
 */
int make_enc_key(const char *pem_path, uint8_t *der_buf, size_t cap,
		 struct boot_enc_key *key);

#endif /* TESTS_TEST_IMAGE_UTIL_H */
