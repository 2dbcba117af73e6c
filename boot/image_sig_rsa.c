/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RSA-PSS backend (mbedTLS 2.28): RSASSA-PSS, SHA-256, MGF1-SHA-256,
 * salt length 32, as imgtool signs. The key is a PKCS#1 RSAPublicKey.
 */
#include "boot/image_crypto.h"
#include "boot/image_validate.h"

#include <mbedtls/asn1.h>
#include <mbedtls/bignum.h>
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>

#define PSS_SALT_LEN 32

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static int load_pkcs1(mbedtls_rsa_context *rsa, const uint8_t *pub,
		      size_t pub_len)
{
	/* mbedTLS takes non-const cursors but only reads through them. */
	unsigned char *p = (unsigned char *)pub;
	const unsigned char *end = p + pub_len;
	mbedtls_mpi n, e;
	size_t len;
	int rc;

	mbedtls_mpi_init(&n);
	mbedtls_mpi_init(&e);
	rc = mbedtls_asn1_get_tag(&p, end, &len,
				  MBEDTLS_ASN1_CONSTRUCTED |
					  MBEDTLS_ASN1_SEQUENCE);
	if (!rc && p + len != end)
		rc = -1;
	if (!rc)
		rc = mbedtls_asn1_get_mpi(&p, end, &n);
	if (!rc)
		rc = mbedtls_asn1_get_mpi(&p, end, &e);
	if (!rc && p != end)
		rc = -1;
	if (!rc)
		rc = mbedtls_rsa_import(rsa, &n, NULL, NULL, NULL, &e);
	if (!rc)
		rc = mbedtls_rsa_complete(rsa);
	if (!rc)
		rc = mbedtls_rsa_check_pubkey(rsa);
	mbedtls_mpi_free(&n);
	mbedtls_mpi_free(&e);
	return rc ? BOOT_IMAGE_ECRYPTO : BOOT_IMAGE_OK;
}

/* Signature TLV type for the key size, or 0 for unsupported sizes. */
static uint16_t sig_type_for(size_t modulus_bytes)
{
	if (modulus_bytes == 256)
		return BOOT_TLV_RSA2048_PSS;
	if (modulus_bytes == 384)
		return BOOT_TLV_RSA3072_PSS;
	return 0;
}

int boot_sig_verify_rsa_pss(const uint8_t *pub, size_t pub_len,
			    const uint8_t *digest, size_t digest_len,
			    const uint8_t *sig, size_t sig_len)
{
	mbedtls_rsa_context rsa;
	int rc;

	mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
	rc = load_pkcs1(&rsa, pub, pub_len);
	if (!rc && (sig_len != mbedtls_rsa_get_len(&rsa) ||
		    digest_len != BOOT_IMAGE_HASH_SIZE))
		rc = BOOT_IMAGE_ESIG;
	if (!rc && mbedtls_rsa_rsassa_pss_verify_ext(
			   &rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC,
			   MBEDTLS_MD_SHA256, BOOT_IMAGE_HASH_SIZE, digest,
			   MBEDTLS_MD_SHA256, PSS_SALT_LEN, sig))
		rc = BOOT_IMAGE_ESIG;
	mbedtls_rsa_free(&rsa);
	return rc;
}

int boot_image_key_rsa(struct boot_image_key *key, const uint8_t *pub,
		       size_t pub_len)
{
	mbedtls_rsa_context rsa;
	uint16_t type = 0;
	int rc;

	if (!key || !pub)
		return BOOT_IMAGE_ECRYPTO;
	mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
	rc = load_pkcs1(&rsa, pub, pub_len);
	if (!rc)
		type = sig_type_for(mbedtls_rsa_get_len(&rsa));
	mbedtls_rsa_free(&rsa);
	if (rc || !type)
		return BOOT_IMAGE_ECRYPTO;
	key->sig_type = type;
	key->hash_type = BOOT_TLV_SHA256;
	key->hash_len = BOOT_IMAGE_HASH_SIZE;
	key->pub = pub;
	key->pub_len = pub_len;
	key->verify = boot_sig_verify_rsa_pss;
	return boot_crypto_sha256(pub, pub_len, key->hash);
}
