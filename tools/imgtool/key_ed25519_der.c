/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/key_ed25519_der.h"

#include <string.h>

#include <mbedtls/asn1.h>

/* id-Ed25519, 1.3.101.112 */
static const uint8_t oid_ed25519[] = {0x2b, 0x65, 0x70};

#define SEQ (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)

/*
 * AlgorithmIdentifier ::= SEQUENCE { OID, params OPTIONAL }; RFC 8410
 * forbids params for Ed25519, other algorithms may have them.
 */
static int read_algorithm(unsigned char **p, const unsigned char *end)
{
	const unsigned char *alg_end;
	size_t len;

	if (mbedtls_asn1_get_tag(p, end, &len, SEQ))
		return ED25519_DER_BAD;
	alg_end = *p + len;
	if (mbedtls_asn1_get_tag(p, alg_end, &len, MBEDTLS_ASN1_OID))
		return ED25519_DER_BAD;
	if (len != sizeof(oid_ed25519) || memcmp(*p, oid_ed25519, len))
		return ED25519_DER_OTHER;
	*p += len;
	return *p == alg_end ? 0 : ED25519_DER_BAD;
}

/*
 * PrivateKeyInfo ::= SEQUENCE { version INTEGER (0|1), algorithm,
 *   privateKey OCTET STRING { CurvePrivateKey OCTET STRING (32) },
 *   [0] attributes OPTIONAL, [1] publicKey OPTIONAL }
 */
int ed25519_der_read_pkcs8(const uint8_t *der, size_t len,
			   uint8_t seed[ED25519_SEED_SIZE])
{
	/* mbedTLS takes non-const cursors but only reads through them. */
	unsigned char *p = (unsigned char *)der;
	const unsigned char *end = p + len;
	const unsigned char *inner_end;
	size_t n;
	int version, rc;

	if (mbedtls_asn1_get_tag(&p, end, &n, SEQ) || p + n != end)
		return ED25519_DER_BAD;
	if (mbedtls_asn1_get_int(&p, end, &version) || version < 0 ||
	    version > 1)
		return ED25519_DER_BAD;
	rc = read_algorithm(&p, end);
	if (rc)
		return rc;
	if (mbedtls_asn1_get_tag(&p, end, &n, MBEDTLS_ASN1_OCTET_STRING))
		return ED25519_DER_BAD;
	inner_end = p + n;
	if (mbedtls_asn1_get_tag(&p, inner_end, &n,
				 MBEDTLS_ASN1_OCTET_STRING) ||
	    n != ED25519_SEED_SIZE || p + n != inner_end)
		return ED25519_DER_BAD;
	memcpy(seed, p, ED25519_SEED_SIZE);
	return 0;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm, BIT STRING (32 bytes) } */
int ed25519_der_read_spki(const uint8_t *der, size_t len,
			  uint8_t pub[ED25519_PUB_SIZE])
{
	unsigned char *p = (unsigned char *)der;
	const unsigned char *end = p + len;
	mbedtls_asn1_bitstring bits;
	size_t n;
	int rc;

	if (mbedtls_asn1_get_tag(&p, end, &n, SEQ) || p + n != end)
		return ED25519_DER_BAD;
	rc = read_algorithm(&p, end);
	if (rc)
		return rc;
	if (mbedtls_asn1_get_bitstring(&p, end, &bits) || bits.unused_bits ||
	    bits.len != ED25519_PUB_SIZE || p != end)
		return ED25519_DER_BAD;
	memcpy(pub, bits.p, ED25519_PUB_SIZE);
	return 0;
}

void ed25519_der_write_pkcs8(const uint8_t seed[ED25519_SEED_SIZE],
			     uint8_t out[ED25519_PKCS8_SIZE])
{
	static const uint8_t prefix[] = {
		0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
		0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
	};

	memcpy(out, prefix, sizeof(prefix));
	memcpy(out + sizeof(prefix), seed, ED25519_SEED_SIZE);
}

void ed25519_der_write_spki(const uint8_t pub[ED25519_PUB_SIZE],
			    uint8_t out[ED25519_SPKI_SIZE])
{
	static const uint8_t prefix[] = {
		0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
		0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
	};

	memcpy(out, prefix, sizeof(prefix));
	memcpy(out + sizeof(prefix), pub, ED25519_PUB_SIZE);
}
