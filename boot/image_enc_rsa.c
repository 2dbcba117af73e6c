/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RSA-OAEP-2048 key exchange (TLV 0x30, mbedTLS 2.28): RSAES-OAEP with
 * SHA-256 and MGF1-SHA-256, empty label, as imgtool encrypts. The
 * private operation runs without blinding (no random source here, as
 * MCUboot's own mbedTLS glue).
 */
#include "boot/image_enc.h"

#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#define RSA2048_SIZE 256U

static int load_key(const uint8_t *priv, size_t len, mbedtls_pk_context *pk)
{
	mbedtls_pk_init(pk);
	if (mbedtls_pk_parse_key(pk, priv, len, NULL, 0) ||
	    mbedtls_pk_get_type(pk) != MBEDTLS_PK_RSA ||
	    mbedtls_rsa_get_len(mbedtls_pk_rsa(*pk)) != RSA2048_SIZE) {
		mbedtls_pk_free(pk);
		return BOOT_IMAGE_ECRYPTO;
	}
	return BOOT_IMAGE_OK;
}

static int unwrap_rsa(const struct boot_enc_key *key, uint16_t type,
		      const uint8_t *tlv, size_t tlv_len, uint8_t *out,
		      size_t key_len)
{
	mbedtls_pk_context pk;
	mbedtls_rsa_context *rsa;
	uint8_t plain[BOOT_ENC_KEY_MAX];
	size_t olen = 0;
	int rc;

	if (type != BOOT_TLV_ENC_RSA2048)
		return BOOT_IMAGE_EENC_NO_KEY;
	if (tlv_len != RSA2048_SIZE)
		return BOOT_IMAGE_EENC_TLV;
	rc = load_key(key->priv, key->priv_len, &pk);
	if (rc)
		return rc;
	rsa = mbedtls_pk_rsa(pk);
	mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
	/* a wrong key or a garbled TLV fails the OAEP padding check */
	rc = mbedtls_rsa_rsaes_oaep_decrypt(rsa, NULL, NULL,
					    MBEDTLS_RSA_PRIVATE, NULL, 0,
					    &olen, tlv, plain, sizeof(plain))
		     ? BOOT_IMAGE_EENC_MAC
		     : BOOT_IMAGE_OK;
	mbedtls_pk_free(&pk);
	if (!rc && olen != key_len)
		rc = BOOT_IMAGE_EENC_TLV;
	for (size_t i = 0; !rc && i < key_len; i++)
		out[i] = plain[i];
	for (size_t i = 0; i < sizeof(plain); i++)
		plain[i] = 0;
	return rc;
}

int boot_enc_key_rsa(struct boot_enc_key *key, const uint8_t *priv,
		     size_t priv_len)
{
	mbedtls_pk_context pk;

	if (!key || !priv || load_key(priv, priv_len, &pk))
		return BOOT_IMAGE_ECRYPTO;
	mbedtls_pk_free(&pk);
	key->priv = priv;
	key->priv_len = priv_len;
	key->unwrap = unwrap_rsa;
	return BOOT_IMAGE_OK;
}
