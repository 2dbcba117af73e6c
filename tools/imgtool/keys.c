/* SPDX-License-Identifier: Apache-2.0 */
/* Key objects: lifetime, type names and public key exports. */
#include "tools/imgtool/keys.h"

#include <string.h>

#include <mbedtls/pem.h>
#include <mbedtls/platform_util.h>
#include <sodium.h>

#include "boot/image_crypto.h"
#include "tools/imgtool/key_ed25519_der.h"
#include "tools/imgtool/tool_error.h"

static const struct {
	const char *name;
	const char *c_name;
} type_names[] = {
	[IMGTOOL_KEY_RSA2048] = {"rsa-2048", "rsa"},
	[IMGTOOL_KEY_RSA3072] = {"rsa-3072", "rsa"},
	[IMGTOOL_KEY_ECDSA_P256] = {"ecdsa-p256", "ecdsa"},
	[IMGTOOL_KEY_ED25519] = {"ed25519", "ed25519"},
	[IMGTOOL_KEY_ECDSA_P384] = {"ecdsa-p384", "ecdsa"},
};

#define TYPE_COUNT (sizeof(type_names) / sizeof(type_names[0]))

void imgtool_key_init(struct imgtool_key *key)
{
	memset(key, 0, sizeof(*key));
	mbedtls_pk_init(&key->pk);
}

void imgtool_key_free(struct imgtool_key *key)
{
	mbedtls_pk_free(&key->pk);
	mbedtls_platform_zeroize(key, sizeof(*key));
}

int imgtool_key_type_parse(const char *name, enum imgtool_key_type *type)
{
	size_t i;

	for (i = 0; i < TYPE_COUNT; i++) {
		if (!strcmp(name, type_names[i].name)) {
			*type = (enum imgtool_key_type)i;
			return 0;
		}
	}
	tool_set_error("unknown key type '%s' (one of: rsa-2048, rsa-3072, "
		       "ecdsa-p256, ecdsa-p384, ed25519)",
		       name);
	return -1;
}

const char *imgtool_key_type_name(enum imgtool_key_type type)
{
	return type_names[type].name;
}

const char *imgtool_key_c_name(enum imgtool_key_type type)
{
	return type_names[type].c_name;
}

int imgtool_rng(void *ctx, unsigned char *out, size_t len)
{
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(out, len);
	return 0;
}

uint16_t imgtool_key_sig_tlv(const struct imgtool_key *key)
{
	switch (key->type) {
	case IMGTOOL_KEY_RSA2048:
		return BOOT_TLV_RSA2048_PSS;
	case IMGTOOL_KEY_RSA3072:
		return BOOT_TLV_RSA3072_PSS;
	case IMGTOOL_KEY_ECDSA_P256:
	case IMGTOOL_KEY_ECDSA_P384:
		return BOOT_TLV_ECDSA_SIG;
	default:
		return BOOT_TLV_ED25519;
	}
}

uint16_t imgtool_key_hash_tlv(const struct imgtool_key *key)
{
	return key && key->type == IMGTOOL_KEY_ECDSA_P384 ? BOOT_TLV_SHA384
							  : BOOT_TLV_SHA256;
}

size_t imgtool_key_hash_len(const struct imgtool_key *key)
{
	return imgtool_key_hash_tlv(key) == BOOT_TLV_SHA384
		       ? BOOT_IMAGE_SHA384_SIZE
		       : BOOT_IMAGE_HASH_SIZE;
}

int imgtool_hash(uint16_t hash_tlv, const void *data, size_t len,
		 uint8_t out[BOOT_IMAGE_HASH_MAX])
{
	int rc = hash_tlv == BOOT_TLV_SHA384
			 ? boot_crypto_sha384(data, len, out)
			 : boot_crypto_sha256(data, len, out);

	if (rc)
		tool_set_error("hashing failed");
	return rc ? -1 : 0;
}

int imgtool_key_hash(const struct imgtool_key *key, const void *data,
		     size_t len, uint8_t out[BOOT_IMAGE_HASH_MAX])
{
	return imgtool_hash(imgtool_key_hash_tlv(key), data, len, out);
}

int imgtool_key_trusted(const struct imgtool_key *key, const uint8_t *der,
			size_t len, struct boot_image_key *out)
{
	int rc;

	switch (key->type) {
	case IMGTOOL_KEY_ED25519:
		rc = boot_image_key_ed25519(out, der, len);
		break;
	case IMGTOOL_KEY_ECDSA_P256:
		rc = boot_image_key_ecdsa_p256(out, der, len);
		break;
	case IMGTOOL_KEY_ECDSA_P384:
		rc = boot_image_key_ecdsa_p384(out, der, len);
		break;
	default:
		rc = boot_image_key_rsa(out, der, len);
		break;
	}
	if (rc)
		tool_set_error("key rejected by the validator: %s",
			       boot_image_strerror(rc));
	return rc ? -1 : 0;
}

/* mbedTLS writers fill the end of the buffer; move the result up front. */
static int take_tail(uint8_t *buf, size_t cap, int written, size_t *len)
{
	if (written <= 0) {
		tool_set_error("cannot encode the public key (mbedTLS -0x%04x)",
			       (unsigned int)-written);
		return -1;
	}
	memmove(buf, buf + cap - (size_t)written, (size_t)written);
	*len = (size_t)written;
	return 0;
}

static int spki_der(const struct imgtool_key *key, uint8_t *out, size_t cap,
		    size_t *len)
{
	if (key->type == IMGTOOL_KEY_ED25519) {
		if (cap < ED25519_SPKI_SIZE) {
			tool_set_error("public key buffer too small");
			return -1;
		}
		ed25519_der_write_spki(key->ed_pk, out);
		*len = ED25519_SPKI_SIZE;
		return 0;
	}
	/* mbedTLS 2.28 takes a non-const context but does not modify it. */
	return take_tail(out, cap,
			 mbedtls_pk_write_pubkey_der(
				 (mbedtls_pk_context *)&key->pk, out, cap),
			 len);
}

int imgtool_key_public_raw(const struct imgtool_key *key, uint8_t *out,
			   size_t cap, size_t *len)
{
	unsigned char *p = out + cap;

	if (key->type != IMGTOOL_KEY_RSA2048 &&
	    key->type != IMGTOOL_KEY_RSA3072)
		return spki_der(key, out, cap, len);
	/* imgtool embeds and hashes RSA keys as bare PKCS#1 RSAPublicKey. */
	return take_tail(out, cap, mbedtls_pk_write_pubkey(&p, out, &key->pk),
			 len);
}

int imgtool_key_public_pem(const struct imgtool_key *key, char *out, size_t cap,
			   size_t *len)
{
	uint8_t der[IMGTOOL_KEY_DER_MAX];
	size_t der_len, olen;

	if (spki_der(key, der, sizeof(der), &der_len))
		return -1;
	if (mbedtls_pem_write_buffer("-----BEGIN PUBLIC KEY-----\n",
				     "-----END PUBLIC KEY-----\n", der, der_len,
				     (unsigned char *)out, cap, &olen)) {
		tool_set_error("cannot encode the public key as PEM");
		return -1;
	}
	*len = strlen(out);
	return 0;
}
