/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key loading from PEM. mbedTLS 2.28 parses RSA and EC in every form
 * imgtool writes; Ed25519 (PKCS#8 / SPKI) is walked here and handed to
 * libsodium.
 */
#include "tools/imgtool/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pem.h>
#include <sodium.h>

#include "tools/imgtool/file_io.h"
#include "tools/imgtool/key_ed25519_der.h"
#include "tools/imgtool/tool_error.h"

#define UNSUPPORTED                                                            \
	"not a supported key (expected PEM RSA-2048/3072, ECDSA P-256/P-384 or "     \
	"Ed25519)"

static int key_from_seed(struct imgtool_key *key, const uint8_t *seed)
{
	if (sodium_init() < 0 ||
	    crypto_sign_seed_keypair(key->ed_pk, key->ed_sk, seed)) {
		tool_set_error("libsodium failed to derive the Ed25519 key");
		return -1;
	}
	key->type = IMGTOOL_KEY_ED25519;
	key->has_private = true;
	return 0;
}

static int key_from_ed_pub(struct imgtool_key *key, const uint8_t *pub)
{
	memcpy(key->ed_pk, pub, ED25519_PUB_SIZE);
	key->type = IMGTOOL_KEY_ED25519;
	key->has_private = false;
	return 0;
}

/* Decide the imgtool type of whatever mbedTLS parsed. */
static int classify_pk(struct imgtool_key *key, bool has_private)
{
	size_t bits = mbedtls_pk_get_bitlen(&key->pk);

	key->has_private = has_private;
	if (mbedtls_pk_get_type(&key->pk) == MBEDTLS_PK_RSA) {
		if (bits == 2048 || bits == 3072) {
			key->type = bits == 2048 ? IMGTOOL_KEY_RSA2048
						 : IMGTOOL_KEY_RSA3072;
			return 0;
		}
		tool_set_error(
			"RSA key has %zu bits; imgtool uses 2048 or 3072",
			bits);
		return -1;
	}
	if (mbedtls_pk_get_type(&key->pk) == MBEDTLS_PK_ECKEY &&
	    mbedtls_pk_ec(key->pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1) {
		key->type = IMGTOOL_KEY_ECDSA_P256;
		return 0;
	}
	if (mbedtls_pk_get_type(&key->pk) == MBEDTLS_PK_ECKEY &&
	    mbedtls_pk_ec(key->pk)->grp.id == MBEDTLS_ECP_DP_SECP384R1) {
		key->type = IMGTOOL_KEY_ECDSA_P384;
		return 0;
	}
	tool_set_error("unsupported key algorithm or curve (imgtool keys are "
		       "RSA-2048/3072, ECDSA P-256/P-384 or Ed25519)");
	return -1;
}

static int parse_error(int rc)
{
	if (rc == MBEDTLS_ERR_PK_PASSWORD_REQUIRED ||
	    rc == MBEDTLS_ERR_PK_PASSWORD_MISMATCH)
		tool_set_error("password-protected keys are not supported");
	else
		tool_set_error(UNSUPPORTED);
	return -1;
}

/* Decodes the PEM block with the given label into ctx (DER in ctx->buf). */
static int pem_decode(mbedtls_pem_context *ctx, const char *text,
		      const char *begin, const char *end)
{
	size_t used;

	if (mbedtls_pem_read_buffer(ctx, begin, end,
				    (const unsigned char *)text, NULL, 0,
				    &used)) {
		tool_set_error("damaged PEM block");
		return -1;
	}
	return 0;
}

static int load_pkcs8(struct imgtool_key *key, const char *text)
{
	uint8_t seed[ED25519_SEED_SIZE];
	mbedtls_pem_context pem;
	int rc;

	mbedtls_pem_init(&pem);
	rc = pem_decode(&pem, text, "-----BEGIN PRIVATE KEY-----",
			"-----END PRIVATE KEY-----");
	if (!rc) {
		rc = ed25519_der_read_pkcs8(pem.buf, pem.buflen, seed);
		if (rc == 0)
			rc = key_from_seed(key, seed);
		else if (rc == ED25519_DER_OTHER)
			rc = mbedtls_pk_parse_key(&key->pk, pem.buf, pem.buflen,
						  NULL, 0)
				     ? parse_error(-1)
				     : classify_pk(key, true);
		else
			rc = parse_error(rc);
	}
	sodium_memzero(seed, sizeof(seed));
	mbedtls_pem_free(&pem);
	return rc;
}

static int load_spki(struct imgtool_key *key, const char *text)
{
	uint8_t pub[ED25519_PUB_SIZE];
	mbedtls_pem_context pem;
	int rc;

	mbedtls_pem_init(&pem);
	rc = pem_decode(&pem, text, "-----BEGIN PUBLIC KEY-----",
			"-----END PUBLIC KEY-----");
	if (!rc) {
		rc = ed25519_der_read_spki(pem.buf, pem.buflen, pub);
		if (rc == 0)
			rc = key_from_ed_pub(key, pub);
		else if (rc == ED25519_DER_OTHER)
			rc = mbedtls_pk_parse_public_key(&key->pk, pem.buf,
							 pem.buflen)
				     ? parse_error(-1)
				     : classify_pk(key, false);
		else
			rc = parse_error(rc);
	}
	mbedtls_pem_free(&pem);
	return rc;
}

/* The label of the first PEM block: "PRIVATE KEY", "PUBLIC KEY", ... */
static bool has_label(const char *text, const char *label)
{
	const char *begin = strstr(text, "-----BEGIN ");
	size_t n = strlen(label);

	return begin && !strncmp(begin + 11, label, n) &&
	       !strncmp(begin + 11 + n, "-----", 5);
}

static int load_text(struct imgtool_key *key, const char *text, size_t len)
{
	const unsigned char *raw = (const unsigned char *)text;
	int rc;

	if (has_label(text, "PRIVATE KEY"))
		return load_pkcs8(key, text);
	if (has_label(text, "PUBLIC KEY"))
		return load_spki(key, text);
	if (has_label(text, "ENCRYPTED PRIVATE KEY"))
		return parse_error(MBEDTLS_ERR_PK_PASSWORD_REQUIRED);
	if (has_label(text, "RSA PRIVATE KEY") ||
	    has_label(text, "EC PRIVATE KEY")) {
		/* PEM input to mbedTLS must count the terminating NUL. */
		rc = mbedtls_pk_parse_key(&key->pk, raw, len + 1, NULL, 0);
		return rc ? parse_error(rc) : classify_pk(key, true);
	}
	if (has_label(text, "RSA PUBLIC KEY")) {
		rc = mbedtls_pk_parse_public_key(&key->pk, raw, len + 1);
		return rc ? parse_error(rc) : classify_pk(key, false);
	}
	tool_set_error(UNSUPPORTED);
	return -1;
}

int imgtool_key_load_pem(struct imgtool_key *key, const char *pem, size_t len)
{
	char *text;
	int rc;

	text = malloc(len + 1);
	if (!text) {
		tool_set_error("out of memory");
		return -1;
	}
	memcpy(text, pem, len);
	text[len] = 0;
	if (strlen(text) != len) {
		tool_set_error(UNSUPPORTED);
		rc = -1;
	} else {
		rc = load_text(key, text, len);
	}
	sodium_memzero(text, len);
	free(text);
	return rc;
}

int imgtool_key_load_file(struct imgtool_key *key, const char *path)
{
	char detail[256];
	uint8_t *data;
	size_t len;
	int rc;

	if (file_read_all(path, &data, &len)) {
		snprintf(detail, sizeof(detail), "%s", tool_error());
		tool_set_error("key file: %s", detail);
		return -1;
	}
	rc = imgtool_key_load_pem(key, (const char *)data, len);
	if (rc) {
		snprintf(detail, sizeof(detail), "%s", tool_error());
		tool_set_error("key file '%s': %s", path, detail);
	}
	sodium_memzero(data, len);
	free(data);
	return rc;
}
