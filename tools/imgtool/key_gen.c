/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key generation and private key export as PKCS#8 PEM ("PRIVATE KEY"),
 * the form imgtool keygen writes and reads back.
 */
#include "tools/imgtool/keys.h"

#include <string.h>

#include <mbedtls/asn1write.h>
#include <mbedtls/ecp.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/rsa.h>
#include <sodium.h>

#include "tools/imgtool/key_ed25519_der.h"
#include "tools/imgtool/tool_error.h"

#define RSA_EXPONENT 65537

static int generate_rsa(struct imgtool_key *key, unsigned int bits)
{
	if (mbedtls_pk_setup(&key->pk,
			     mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) ||
	    mbedtls_rsa_gen_key(mbedtls_pk_rsa(key->pk), imgtool_rng, NULL,
				bits, RSA_EXPONENT))
		return -1;
	return 0;
}

static int generate_ec(struct imgtool_key *key, mbedtls_ecp_group_id curve)
{
	if (mbedtls_pk_setup(&key->pk,
			     mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) ||
	    mbedtls_ecp_gen_key(curve,
				mbedtls_pk_ec(key->pk), imgtool_rng, NULL))
		return -1;
	return 0;
}

static int generate_ed25519(struct imgtool_key *key)
{
	uint8_t seed[ED25519_SEED_SIZE];
	int rc;

	if (sodium_init() < 0)
		return -1;
	randombytes_buf(seed, sizeof(seed));
	rc = crypto_sign_seed_keypair(key->ed_pk, key->ed_sk, seed);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

int imgtool_key_generate(struct imgtool_key *key, enum imgtool_key_type type)
{
	int rc;

	imgtool_key_free(key);
	imgtool_key_init(key);
	key->type = type;
	key->has_private = true;
	if (type == IMGTOOL_KEY_RSA2048 || type == IMGTOOL_KEY_RSA3072)
		rc = generate_rsa(key,
				  type == IMGTOOL_KEY_RSA2048 ? 2048 : 3072);
	else if (type == IMGTOOL_KEY_ECDSA_P256)
		rc = generate_ec(key, MBEDTLS_ECP_DP_SECP256R1);
	else if (type == IMGTOOL_KEY_ECDSA_P384)
		rc = generate_ec(key, MBEDTLS_ECP_DP_SECP384R1);
	else
		rc = generate_ed25519(key);
	if (rc)
		tool_set_error("key generation failed");
	return rc ? -1 : 0;
}

/* Prepends to the DER being built backwards; tracks the total length. */
static bool put(int written, size_t *total)
{
	if (written < 0)
		return false;
	*total += (size_t)written;
	return true;
}

/*
 * The ECPrivateKey mbedTLS writes, 30 77 { 02 01 01, 04 20 <key>,
 * a0 0a <curve>, a1 44 <point> } for P-256 (30 81 a4 { ..., 04 30
 * <key>, a0 07 <curve>, a1 64 <point> } for P-384), without its [0]
 * curve: inside PKCS#8 the curve is in the AlgorithmIdentifier, and
 * OpenSSL (so imgtool) leaves it out there. der is the element at the
 * end of a buffer; the result is moved up to end at the same place.
 * Returns the new length.
 */
static int drop_ec_params(unsigned char *end, int len)
{
	unsigned char *der = end - len;
	size_t hdr, at, cut, body;

	if (len < 41 || len > 255 || der[0] != 0x30)
		return -1;
	hdr = der[1] == 0x81 ? 3 : 2;
	if ((hdr == 2 && der[1] != len - 2) ||
	    (hdr == 3 && der[2] != len - 3) || der[hdr + 3] != 0x04)
		return -1;
	/* SEQUENCE header, version (3), OCTET STRING key, then [0] */
	at = hdr + 3 + 2 + der[hdr + 4];
	if (at + 2 > (size_t)len || der[at] != 0xa0)
		return -1;
	cut = 2U + der[at + 1];
	if (cut > (size_t)len - at)
		return -1;
	body = (size_t)len - hdr - cut;
	memmove(der + cut, der, at);
	der += cut;
	if (body < 0x80 && hdr == 3) {
		/* the shorter body now takes the short length form */
		der[1] = 0x30;
		der[2] = (unsigned char)body;
		return len - (int)cut - 1;
	}
	der[hdr - 1] = (unsigned char)body;
	return len - (int)cut;
}

/*
 * PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier,
 *   OCTET STRING { the RSAPrivateKey / ECPrivateKey mbedTLS writes } }
 * Built backwards from the end of buf; returns the start or NULL.
 */
static unsigned char *wrap_pkcs8(const struct imgtool_key *key,
				 unsigned char *buf, size_t cap, size_t *len)
{
	int inner = mbedtls_pk_write_key_der((mbedtls_pk_context *)&key->pk,
					     buf, cap);
	unsigned char *p;
	size_t total, params = 0;
	bool ok;

	bool ec = key->type == IMGTOOL_KEY_ECDSA_P256 ||
		  key->type == IMGTOOL_KEY_ECDSA_P384;
	bool p384 = key->type == IMGTOOL_KEY_ECDSA_P384;

	if (inner > 0 && ec)
		inner = drop_ec_params(buf + cap, inner);
	if (inner <= 0)
		return NULL;
	p = buf + cap - inner;
	total = (size_t)inner;
	ok = put(mbedtls_asn1_write_len(&p, buf, total), &total) &&
	     put(mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_OCTET_STRING),
		 &total);
	if (ok && ec) {
		ok = put(p384 ? mbedtls_asn1_write_oid(
					&p, buf, MBEDTLS_OID_EC_GRP_SECP384R1,
					MBEDTLS_OID_SIZE(
						MBEDTLS_OID_EC_GRP_SECP384R1))
			      : mbedtls_asn1_write_oid(
					&p, buf, MBEDTLS_OID_EC_GRP_SECP256R1,
					MBEDTLS_OID_SIZE(
						MBEDTLS_OID_EC_GRP_SECP256R1)),
			 &params) &&
		     put(mbedtls_asn1_write_algorithm_identifier(
				 &p, buf, MBEDTLS_OID_EC_ALG_UNRESTRICTED,
				 MBEDTLS_OID_SIZE(
					 MBEDTLS_OID_EC_ALG_UNRESTRICTED),
				 params),
			 &total);
	} else if (ok) {
		/* par_len 0 makes mbedTLS write the NULL parameter RSA needs.
		 */
		ok = put(mbedtls_asn1_write_algorithm_identifier(
				 &p, buf, MBEDTLS_OID_PKCS1_RSA,
				 MBEDTLS_OID_SIZE(MBEDTLS_OID_PKCS1_RSA), 0),
			 &total);
	}
	ok = ok && put(mbedtls_asn1_write_int(&p, buf, 0), &total);
	ok = ok && put(mbedtls_asn1_write_len(&p, buf, total), &total);
	ok = ok && put(mbedtls_asn1_write_tag(&p, buf,
					      MBEDTLS_ASN1_CONSTRUCTED |
						      MBEDTLS_ASN1_SEQUENCE),
		       &total);
	*len = total;
	return ok ? p : NULL;
}

int imgtool_key_private_der(const struct imgtool_key *key, bool pkcs8,
			    uint8_t *out, size_t cap, size_t *len)
{
	unsigned char buf[IMGTOOL_KEY_DER_MAX];
	unsigned char *der;
	int n;

	if (!key->has_private || key->type == IMGTOOL_KEY_ED25519) {
		tool_set_error(key->has_private
				       ? "Operation not supported with ed25519 "
					 "keys"
				       : "Operation get_private_bytes requires "
					 "private key");
		return -1;
	}
	if (pkcs8) {
		der = wrap_pkcs8(key, buf, sizeof(buf), len);
	} else {
		n = mbedtls_pk_write_key_der((mbedtls_pk_context *)&key->pk,
					     buf, sizeof(buf));
		der = n > 0 ? buf + sizeof(buf) - n : NULL;
		*len = n > 0 ? (size_t)n : 0;
	}
	if (!der || *len > cap) {
		mbedtls_platform_zeroize(buf, sizeof(buf));
		tool_set_error("cannot encode the private key");
		return -1;
	}
	memcpy(out, der, *len);
	mbedtls_platform_zeroize(buf, sizeof(buf));
	return 0;
}

int imgtool_key_private_pem(const struct imgtool_key *key, char *out,
			    size_t cap, size_t *len)
{
	unsigned char buf[IMGTOOL_KEY_DER_MAX];
	unsigned char *der = buf;
	size_t der_len = ED25519_PKCS8_SIZE, olen;
	int rc;

	if (!key->has_private) {
		tool_set_error("not a private key");
		return -1;
	}
	if (key->type == IMGTOOL_KEY_ED25519)
		ed25519_der_write_pkcs8(key->ed_sk, buf);
	else
		der = wrap_pkcs8(key, buf, sizeof(buf), &der_len);
	rc = !der || mbedtls_pem_write_buffer("-----BEGIN PRIVATE KEY-----\n",
					      "-----END PRIVATE KEY-----\n",
					      der, der_len,
					      (unsigned char *)out, cap, &olen);
	mbedtls_platform_zeroize(buf, sizeof(buf));
	if (rc) {
		tool_set_error("cannot encode the private key");
		return -1;
	}
	*len = strlen(out);
	return 0;
}
