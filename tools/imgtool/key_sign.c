/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signing the image digest as imgtool does: RSA-PSS (SHA-256, MGF1
 * SHA-256, salt 32), ECDSA P-256 (SHA-256) and P-384 (SHA-384) with a
 * DER signature, and Ed25519 with
 * the 32-byte digest itself as the message.
 */
#include "tools/imgtool/keys.h"

#include <mbedtls/ecdsa.h>
#include <mbedtls/rsa.h>
#include <sodium.h>

#include "tools/imgtool/tool_error.h"

#define PSS_SALT_LEN 32

static int sign_rsa(const struct imgtool_key *key, const uint8_t *digest,
		    uint8_t *sig, size_t cap, size_t *sig_len)
{
	mbedtls_rsa_context *rsa = mbedtls_pk_rsa(key->pk);
	size_t n = mbedtls_rsa_get_len(rsa);

	if (cap < n)
		return -1;
	mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
	if (mbedtls_rsa_rsassa_pss_sign_ext(
		    rsa, imgtool_rng, NULL, MBEDTLS_MD_SHA256,
		    BOOT_IMAGE_HASH_SIZE, digest, PSS_SALT_LEN, sig))
		return -1;
	*sig_len = n;
	return 0;
}

static int sign_ecdsa(const struct imgtool_key *key, const uint8_t *digest,
		      uint8_t *sig, size_t cap, size_t *sig_len)
{
	if (cap < MBEDTLS_ECDSA_MAX_LEN)
		return -1;
	bool p384 = key->type == IMGTOOL_KEY_ECDSA_P384;

	return mbedtls_ecdsa_write_signature(
		       mbedtls_pk_ec(key->pk),
		       p384 ? MBEDTLS_MD_SHA384 : MBEDTLS_MD_SHA256, digest,
		       imgtool_key_hash_len(key), sig, sig_len, imgtool_rng,
		       NULL)
		       ? -1
		       : 0;
}

static int sign_ed25519(const struct imgtool_key *key, const uint8_t *digest,
			uint8_t *sig, size_t cap, size_t *sig_len)
{
	unsigned long long n;

	if (cap < crypto_sign_BYTES || sodium_init() < 0)
		return -1;
	if (crypto_sign_detached(sig, &n, digest, BOOT_IMAGE_HASH_SIZE,
				 key->ed_sk))
		return -1;
	*sig_len = (size_t)n;
	return 0;
}

int imgtool_key_sign(const struct imgtool_key *key, const uint8_t *digest,
		     uint8_t *sig, size_t cap, size_t *sig_len)
{
	int rc;

	if (!key->has_private) {
		tool_set_error("a public key cannot sign; use the private key");
		return -1;
	}
	if (key->type == IMGTOOL_KEY_ED25519)
		rc = sign_ed25519(key, digest, sig, cap, sig_len);
	else if (key->type == IMGTOOL_KEY_ECDSA_P256 ||
		 key->type == IMGTOOL_KEY_ECDSA_P384)
		rc = sign_ecdsa(key, digest, sig, cap, sig_len);
	else
		rc = sign_rsa(key, digest, sig, cap, sig_len);
	if (rc)
		tool_set_error("signing with the %s key failed",
			       imgtool_key_type_name(key->type));
	return rc;
}
