/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signing keys as imgtool handles them: RSA-2048/3072 and ECDSA P-256/
 * P-384 through mbedTLS 2.28, Ed25519 through libsodium. Files are PEM:
 * PKCS#8 "PRIVATE KEY" (what imgtool keygen writes), the traditional
 * "RSA/EC PRIVATE KEY" forms, and "PUBLIC KEY" for verification only.
 * Errors: -1 with the reason in tool_error().
 */
#ifndef TOOLS_IMGTOOL_KEYS_H
#define TOOLS_IMGTOOL_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbedtls/pk.h>

#include "boot/image.h"
#include "boot/image_validate.h"

enum imgtool_key_type {
	IMGTOOL_KEY_RSA2048,
	IMGTOOL_KEY_RSA3072,
	IMGTOOL_KEY_ECDSA_P256,
	IMGTOOL_KEY_ED25519,
	IMGTOOL_KEY_ECDSA_P384,
};

struct imgtool_key {
	enum imgtool_key_type type;
	bool has_private;
	mbedtls_pk_context pk; /* RSA and ECDSA */
	uint8_t ed_sk[64];     /* Ed25519: seed || public, libsodium form */
	uint8_t ed_pk[32];
};

/* Big enough for an RSA-3072 private key in PEM. */
#define IMGTOOL_KEY_PEM_MAX 4096U
#define IMGTOOL_KEY_DER_MAX 2400U
#define IMGTOOL_SIG_MAX     512U

void imgtool_key_init(struct imgtool_key *key);
void imgtool_key_free(struct imgtool_key *key);

/*
 * Names used on the command line: rsa-2048, rsa-3072, ecdsa-p256,
 * ecdsa-p384, ed25519.
 */
int imgtool_key_type_parse(const char *name, enum imgtool_key_type *type);
const char *imgtool_key_type_name(enum imgtool_key_type type);
/* Prefix of the C array names getpub emits: rsa, ecdsa, ed25519. */
const char *imgtool_key_c_name(enum imgtool_key_type type);

int imgtool_key_load_pem(struct imgtool_key *key, const char *pem, size_t len);
int imgtool_key_load_file(struct imgtool_key *key, const char *path);

int imgtool_key_generate(struct imgtool_key *key, enum imgtool_key_type type);
/* PKCS#8 PEM text (NUL-terminated, *len excludes the NUL). */
int imgtool_key_private_pem(const struct imgtool_key *key, char *out,
			    size_t cap, size_t *len);

/* The key as imgtool embeds/hashes it: PKCS#1 for RSA, SPKI otherwise. */
int imgtool_key_public_raw(const struct imgtool_key *key, uint8_t *out,
			   size_t cap, size_t *len);
/*
 * Private key DER as imgtool getpriv dumps it: PKCS#8 (pkcs8) or the
 * traditional form (PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey). Ed25519:
 * refused, as imgtool does.
 */
int imgtool_key_private_der(const struct imgtool_key *key, bool pkcs8,
			    uint8_t *out, size_t cap, size_t *len);

/* "PUBLIC KEY" PEM (SPKI for every type), NUL-terminated. */
int imgtool_key_public_pem(const struct imgtool_key *key, char *out, size_t cap,
			   size_t *len);

uint16_t imgtool_key_sig_tlv(const struct imgtool_key *key);
/*
 * The image hash imgtool pairs with the key (SHA-384 for P-384, SHA-256
 * otherwise and with no key): its TLV type and size, and that hash of
 * data (the image, or the public key for KEYHASH).
 */
uint16_t imgtool_key_hash_tlv(const struct imgtool_key *key);
size_t imgtool_key_hash_len(const struct imgtool_key *key);
int imgtool_key_hash(const struct imgtool_key *key, const void *data,
		     size_t len, uint8_t out[BOOT_IMAGE_HASH_MAX]);
/* The same by hash TLV type (BOOT_TLV_SHA256 or BOOT_TLV_SHA384). */
int imgtool_hash(uint16_t hash_tlv, const void *data, size_t len,
		 uint8_t out[BOOT_IMAGE_HASH_MAX]);
/* The validator's trusted key for der (imgtool_key_public_raw's bytes). */
int imgtool_key_trusted(const struct imgtool_key *key, const uint8_t *der,
			size_t len, struct boot_image_key *out);
/* Sign the image digest (imgtool_key_hash_len bytes) as imgtool does. */
int imgtool_key_sign(const struct imgtool_key *key, const uint8_t *digest,
		     uint8_t *sig, size_t cap, size_t *sig_len);

/* Random bytes for mbedTLS (libsodium's CSPRNG). */
int imgtool_rng(void *ctx, unsigned char *out, size_t len);

#endif /* TOOLS_IMGTOOL_KEYS_H */
