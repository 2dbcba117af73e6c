/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RSA-PSS backend (wolfSSL's wolfCrypt): RSASSA-PSS, SHA-256, MGF1-SHA-256,
 * salt length 32, as imgtool signs. The key is a PKCS#1 RSAPublicKey.
 *
 * The host links Debian's libwolfssl (<wolfssl/options.h>); the Cortex-M
 * board compiles wolfCrypt's RSA public operation (single-precision
 * math, small code, no heap) from the Debian source with its own
 * user_settings.h. No RNG: blinding protects private keys only.
 */
#include "boot/image_crypto.h"
#include "boot/image_validate.h"

#include <string.h>

#ifdef WOLFSSL_USER_SETTINGS
#include <wolfssl/wolfcrypt/settings.h>
#else
#include <wolfssl/options.h>
#endif
#include <wolfssl/wolfcrypt/rsa.h>

#define RSA_MAX_BYTES 384U /* RSA-3072 */

struct der_int {
	const uint8_t *p; /* big-endian magnitude, no leading zero */
	size_t len;
};

/* DER length after the tag at **p; advances *p past it. */
static bool der_len(const uint8_t **p, const uint8_t *end, size_t *len)
{
	size_t n, i;

	if (*p >= end)
		return false;
	if (**p < 0x80) {
		*len = *(*p)++;
	} else {
		n = *(*p)++ & 0x7fU;
		if (n == 0 || n > 2 || (size_t)(end - *p) < n)
			return false;
		for (*len = 0, i = 0; i < n; i++)
			*len = *len << 8 | *(*p)++;
	}
	return *len <= (size_t)(end - *p);
}

/* A positive DER INTEGER at *p (minimal encoding); advances past it. */
static bool der_uint(const uint8_t **p, const uint8_t *end, struct der_int *v)
{
	size_t len;

	if (*p >= end || *(*p)++ != 0x02 || !der_len(p, end, &len) || !len ||
	    (**p & 0x80))
		return false;
	v->p = *p;
	v->len = len;
	*p += len;
	if (v->p[0] == 0 && len > 1) {
		if (!(v->p[1] & 0x80))
			return false; /* not minimal */
		v->p++;
		v->len--;
	}
	return true;
}

/*
 * RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER },
 * with a 2048- or 3072-bit odd modulus and an odd exponent > 1 (the
 * sanity checks a verifier must do before trusting a key).
 */
static bool parse_pkcs1(const uint8_t *pub, size_t pub_len, struct der_int *n,
			struct der_int *e)
{
	const uint8_t *p = pub, *end;
	size_t len;

	if (!pub || pub_len < 2)
		return false;
	end = pub + pub_len;
	if (*p++ != 0x30 || !der_len(&p, end, &len) ||
	    p + len != end || !der_uint(&p, end, n) || !der_uint(&p, end, e) ||
	    p != end)
		return false;
	if ((n->len != 256 && n->len != 384) || !(n->p[0] & 0x80) ||
	    !(n->p[n->len - 1] & 1))
		return false;
	return e->len <= 4 && (e->p[e->len - 1] & 1) &&
	       (e->len > 1 || e->p[0] > 1);
}

int boot_sig_verify_rsa_pss(const uint8_t *pub, size_t pub_len,
			    const uint8_t *digest, size_t digest_len,
			    const uint8_t *sig, size_t sig_len)
{
	uint8_t in[RSA_MAX_BYTES], out[RSA_MAX_BYTES];
	struct der_int n, e;
	RsaKey rsa;
	int rc;

	if (!parse_pkcs1(pub, pub_len, &n, &e))
		return BOOT_IMAGE_ECRYPTO;
	if (sig_len != n.len || digest_len != BOOT_IMAGE_HASH_SIZE)
		return BOOT_IMAGE_ESIG;
	if (wc_InitRsaKey(&rsa, NULL))
		return BOOT_IMAGE_ECRYPTO;
	rc = wc_RsaPublicKeyDecodeRaw(n.p, (word32)n.len, e.p, (word32)e.len,
				      &rsa)
		     ? BOOT_IMAGE_ECRYPTO
		     : BOOT_IMAGE_OK;
	/* wolfCrypt takes a writable input; the caller's stays untouched */
	memcpy(in, sig, sig_len);
	/* salt length = digest length (32), as imgtool and MCUboot */
	if (!rc && wc_RsaPSS_VerifyCheck(in, (word32)sig_len, out, sizeof(out),
					 digest, (word32)digest_len,
					 WC_HASH_TYPE_SHA256, WC_MGF1SHA256,
					 &rsa) < 0)
		rc = BOOT_IMAGE_ESIG;
	wc_FreeRsaKey(&rsa);
	return rc;
}

int boot_image_key_rsa(struct boot_image_key *key, const uint8_t *pub,
		       size_t pub_len)
{
	struct der_int n, e;

	if (!key || !parse_pkcs1(pub, pub_len, &n, &e))
		return BOOT_IMAGE_ECRYPTO;
	key->sig_type = n.len == 256 ? BOOT_TLV_RSA2048_PSS
				     : BOOT_TLV_RSA3072_PSS;
	key->hash_type = BOOT_TLV_SHA256;
	key->hash_len = BOOT_IMAGE_HASH_SIZE;
	key->pub = pub;
	key->pub_len = pub_len;
	key->verify = boot_sig_verify_rsa_pss;
	return boot_crypto_sha256(pub, pub_len, key->hash);
}
