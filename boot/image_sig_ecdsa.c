/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ECDSA P-256 and P-384 backend (BearSSL 0.6): DER signature over the
 * image digest (SHA-256 for P-256, SHA-384 for P-384, as imgtool signs).
 * The key is a SubjectPublicKeyInfo with an uncompressed point, which is
 * what imgtool emits.
 *
 * br_ec_prime_i31 is BearSSL's generic NIST-curve code on 31-bit limbs:
 * one code for both curves, no precomputed tables, no heap, no random
 * source; 0.2 KB more than the 15-bit-limb code and twice as fast on a
 * Cortex-M4 (which multiplies 32x32->64 in constant time). Verification
 * works on public data only, so its constant-time design costs speed
 * here and protects nothing (docs/architecture.md, "Crypto libraries").
 */
#include "boot/image_crypto.h"
#include "boot/image_validate.h"

#include <string.h>

#include <bearssl_ec.h>

/* SPKI: id-ecPublicKey, prime256v1, BIT STRING of a 65-byte point. */
static const uint8_t p256_prefix[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
	0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
	0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
};

/* SPKI: id-ecPublicKey, secp384r1, BIT STRING of a 97-byte point. */
static const uint8_t p384_prefix[] = {
	0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
	0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x62, 0x00,
};

/* What a key of one curve looks like, and the image hash it signs. */
struct ec_curve {
	const uint8_t *prefix; /* its SPKI up to the point */
	uint8_t prefix_len;
	uint8_t point_len; /* uncompressed */
	uint8_t digest_len;
	uint8_t id; /* BR_EC_* */
};

static const struct ec_curve p256 = {
	.prefix = p256_prefix,
	.prefix_len = sizeof(p256_prefix),
	.point_len = 65,
	.digest_len = BOOT_IMAGE_HASH_SIZE,
	.id = BR_EC_secp256r1,
};

static const struct ec_curve p384 = {
	.prefix = p384_prefix,
	.prefix_len = sizeof(p384_prefix),
	.point_len = 97,
	.digest_len = BOOT_IMAGE_SHA384_SIZE,
	.id = BR_EC_secp384r1,
};

#define EC_POINT_MAX 97U

#define EC_IMPL (&br_ec_prime_i31)

/* pub is an imgtool SPKI of curve c; its point follows the prefix. */
static bool spki_is(const struct ec_curve *c, const uint8_t *pub,
		    size_t pub_len)
{
	return pub_len == (size_t)c->prefix_len + c->point_len &&
	       !memcmp(pub, c->prefix, c->prefix_len);
}

/*
 * The point must be on the curve: BearSSL's mul() decodes (and so
 * checks) it; multiplying by 1 leaves it unchanged. Done once when the
 * key is trusted, so a bad built-in key fails loudly at start-up.
 */
static int check_point(const struct ec_curve *c, const uint8_t *point)
{
	static const uint8_t one = 1;
	uint8_t tmp[EC_POINT_MAX];

	if (point[0] != 0x04)
		return BOOT_IMAGE_ECRYPTO;
	memcpy(tmp, point, c->point_len);
	if (EC_IMPL->mul(tmp, c->point_len, &one, 1, c->id) != 1 ||
	    memcmp(tmp, point, c->point_len))
		return BOOT_IMAGE_ECRYPTO;
	return BOOT_IMAGE_OK;
}

/*
 * Length of the DER SEQUENCE at the start of sig, or 0 if malformed.
 * `imgtool sign --pad-sig` appends zero bytes up to a fixed TLV length
 * (72 for P-256, 104 for P-384); the DER decoder wants the exact
 * encoding, so the padding is cut off here. Only zero padding (what
 * imgtool writes) is taken.
 */
static size_t der_sig_len(const uint8_t *sig, size_t sig_len)
{
	size_t len, i;

	if (sig_len < 2 || sig[0] != 0x30)
		return 0;
	if (sig[1] < 0x80)
		len = 2U + sig[1];
	else if (sig[1] == 0x81 && sig_len >= 3)
		len = 3U + sig[2];
	else
		return 0;
	if (len > sig_len)
		return 0;
	for (i = len; i < sig_len; i++) {
		if (sig[i])
			return 0;
	}
	return len;
}

static int verify(const struct ec_curve *c, const uint8_t *pub, size_t pub_len,
		  const uint8_t *digest, size_t digest_len, const uint8_t *sig,
		  size_t sig_len)
{
	br_ec_public_key pk;

	if (!spki_is(c, pub, pub_len))
		return BOOT_IMAGE_ECRYPTO;
	if (digest_len != c->digest_len)
		return BOOT_IMAGE_ESIG;
	sig_len = der_sig_len(sig, sig_len);
	if (!sig_len)
		return BOOT_IMAGE_ESIG;
	pk.curve = c->id;
	/* BearSSL only reads the point through this pointer. */
	pk.q = (unsigned char *)(uintptr_t)(pub + c->prefix_len);
	pk.qlen = c->point_len;
	if (br_ecdsa_i31_vrfy_asn1(EC_IMPL, digest, digest_len, &pk, sig,
				   sig_len) != 1)
		return BOOT_IMAGE_ESIG;
	return BOOT_IMAGE_OK;
}

/*
 * One verifier per curve for the keys (a P-256 bootloader then links
 * nothing of P-384 here), and one for either curve for the API.
 */
static int verify_p256(const uint8_t *pub, size_t pub_len,
		       const uint8_t *digest, size_t digest_len,
		       const uint8_t *sig, size_t sig_len)
{
	return verify(&p256, pub, pub_len, digest, digest_len, sig, sig_len);
}

static int verify_p384(const uint8_t *pub, size_t pub_len,
		       const uint8_t *digest, size_t digest_len,
		       const uint8_t *sig, size_t sig_len)
{
	return verify(&p384, pub, pub_len, digest, digest_len, sig, sig_len);
}

int boot_sig_verify_ecdsa(const uint8_t *pub, size_t pub_len,
			  const uint8_t *digest, size_t digest_len,
			  const uint8_t *sig, size_t sig_len)
{
	const struct ec_curve *c = spki_is(&p384, pub, pub_len) ? &p384 : &p256;

	return verify(c, pub, pub_len, digest, digest_len, sig, sig_len);
}

static int make_key(struct boot_image_key *key, const uint8_t *pub,
		    size_t pub_len, const struct ec_curve *c,
		    boot_sig_verify_fn verify_fn)
{
	int rc;

	if (!key || !pub || !spki_is(c, pub, pub_len))
		return BOOT_IMAGE_ECRYPTO;
	rc = check_point(c, pub + c->prefix_len);
	if (rc)
		return rc;
	key->sig_type = BOOT_TLV_ECDSA_SIG;
	key->pub = pub;
	key->pub_len = pub_len;
	key->verify = verify_fn;
	return BOOT_IMAGE_OK;
}

int boot_image_key_ecdsa_p256(struct boot_image_key *key, const uint8_t *pub,
			      size_t pub_len)
{
	int rc = make_key(key, pub, pub_len, &p256, verify_p256);

	if (rc)
		return rc;
	key->hash_type = BOOT_TLV_SHA256;
	key->hash_len = BOOT_IMAGE_HASH_SIZE;
	return boot_crypto_sha256(pub, pub_len, key->hash);
}

int boot_image_key_ecdsa_p384(struct boot_image_key *key, const uint8_t *pub,
			      size_t pub_len)
{
	int rc = make_key(key, pub, pub_len, &p384, verify_p384);

	if (rc)
		return rc;
	key->hash_type = BOOT_TLV_SHA384;
	key->hash_len = BOOT_IMAGE_SHA384_SIZE;
	return boot_crypto_sha384(pub, pub_len, key->hash);
}
