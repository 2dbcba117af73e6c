/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ECDSA P-256 backend (mbedTLS 2.28): DER signature over the SHA-256
 * image digest. The key is a SubjectPublicKeyInfo with an uncompressed
 * point, which is what imgtool emits.
 */
#include "boot/image_crypto.h"
#include "boot/image_validate.h"

#include <string.h>

#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>

/* SPKI: id-ecPublicKey, prime256v1, BIT STRING of a 65-byte point. */
static const uint8_t spki_prefix[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
	0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
	0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
};

#define P256_POINT_SIZE 65U

static const uint8_t *raw_point(const uint8_t *pub, size_t pub_len)
{
	if (pub_len != sizeof(spki_prefix) + P256_POINT_SIZE ||
	    memcmp(pub, spki_prefix, sizeof(spki_prefix)))
		return NULL;
	return pub + sizeof(spki_prefix);
}

static int load_point(mbedtls_ecdsa_context *ctx, const uint8_t *point)
{
	if (mbedtls_ecp_group_load(&ctx->grp, MBEDTLS_ECP_DP_SECP256R1) ||
	    mbedtls_ecp_point_read_binary(&ctx->grp, &ctx->Q, point,
					  P256_POINT_SIZE) ||
	    mbedtls_ecp_check_pubkey(&ctx->grp, &ctx->Q))
		return BOOT_IMAGE_ECRYPTO;
	return BOOT_IMAGE_OK;
}

/*
 * Length of the DER SEQUENCE at the start of sig, or 0 if malformed.
 * `imgtool sign --pad-sig` appends zero bytes up to a fixed TLV length
 * (72 for P-256); mbedTLS wants the exact DER, so the padding is cut off
 * here. Only zero padding (what imgtool writes) is taken.
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

int boot_sig_verify_ecdsa_p256(const uint8_t *pub, size_t pub_len,
			       const uint8_t digest[BOOT_IMAGE_HASH_SIZE],
			       const uint8_t *sig, size_t sig_len)
{
	const uint8_t *point = raw_point(pub, pub_len);
	mbedtls_ecdsa_context ctx;
	int rc;

	if (!point)
		return BOOT_IMAGE_ECRYPTO;
	sig_len = der_sig_len(sig, sig_len);
	if (!sig_len)
		return BOOT_IMAGE_ESIG;
	mbedtls_ecdsa_init(&ctx);
	rc = load_point(&ctx, point);
	if (!rc && mbedtls_ecdsa_read_signature(
			   &ctx, digest, BOOT_IMAGE_HASH_SIZE, sig, sig_len))
		rc = BOOT_IMAGE_ESIG;
	mbedtls_ecdsa_free(&ctx);
	return rc;
}

int boot_image_key_ecdsa_p256(struct boot_image_key *key, const uint8_t *pub,
			      size_t pub_len)
{
	const uint8_t *point;
	mbedtls_ecdsa_context ctx;
	int rc;

	if (!key || !pub)
		return BOOT_IMAGE_ECRYPTO;
	point = raw_point(pub, pub_len);
	if (!point)
		return BOOT_IMAGE_ECRYPTO;
	mbedtls_ecdsa_init(&ctx);
	rc = load_point(&ctx, point);
	mbedtls_ecdsa_free(&ctx);
	if (rc)
		return rc;
	key->sig_type = BOOT_TLV_ECDSA_SIG;
	key->pub = pub;
	key->pub_len = pub_len;
	key->verify = boot_sig_verify_ecdsa_p256;
	return boot_crypto_sha256(pub, pub_len, key->hash);
}
