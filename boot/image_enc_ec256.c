/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ECIES-P256 key exchange (TLV 0x32, mbedTLS 2.28): the ephemeral
 * point is 65 bytes uncompressed; ECDH gives the x coordinate as the
 * shared secret; the rest is in image_enc.c.
 */
#include "boot/image_enc.h"

#include <string.h>

#include <mbedtls/ecdh.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>

#define POINT_SIZE  65U
#define SECRET_SIZE 32U

static int load_key(const uint8_t *priv, size_t len, mbedtls_pk_context *pk)
{
	mbedtls_pk_init(pk);
	if (mbedtls_pk_parse_key(pk, priv, len, NULL, 0) ||
	    mbedtls_pk_get_type(pk) != MBEDTLS_PK_ECKEY ||
	    mbedtls_pk_ec(*pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
		mbedtls_pk_free(pk);
		return BOOT_IMAGE_ECRYPTO;
	}
	return BOOT_IMAGE_OK;
}

static int shared_secret(const mbedtls_ecp_keypair *kp, const uint8_t *pt,
			 uint8_t out[SECRET_SIZE])
{
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi z;
	int rc = BOOT_IMAGE_EENC_TLV;

	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&z);
	if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) ||
	    mbedtls_ecp_point_read_binary(&grp, &q, pt, POINT_SIZE) ||
	    mbedtls_ecp_check_pubkey(&grp, &q))
		goto out;
	rc = BOOT_IMAGE_ECRYPTO;
	if (mbedtls_ecdh_compute_shared(&grp, &z, &q, &kp->d, NULL, NULL) ||
	    mbedtls_mpi_write_binary(&z, out, SECRET_SIZE))
		goto out;
	rc = BOOT_IMAGE_OK;
out:
	mbedtls_mpi_free(&z);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return rc;
}

static int unwrap_ec256(const struct boot_enc_key *key, uint16_t type,
			const uint8_t *tlv, size_t tlv_len, uint8_t *out,
			size_t key_len)
{
	uint8_t shared[SECRET_SIZE];
	mbedtls_pk_context pk;
	int rc;

	if (type != BOOT_TLV_ENC_EC256)
		return BOOT_IMAGE_EENC_NO_KEY;
	if (tlv_len != POINT_SIZE + 32 + key_len)
		return BOOT_IMAGE_EENC_TLV;
	rc = load_key(key->priv, key->priv_len, &pk);
	if (rc)
		return rc;
	rc = shared_secret(mbedtls_pk_ec(pk), tlv, shared);
	mbedtls_pk_free(&pk);
	if (!rc)
		rc = boot_enc_ecies_open(shared, sizeof(shared), false,
					 tlv + POINT_SIZE,
					 tlv + POINT_SIZE + 32, out, key_len);
	memset(shared, 0, sizeof(shared));
	return rc;
}

int boot_enc_key_ec256(struct boot_enc_key *key, const uint8_t *priv,
		       size_t priv_len)
{
	mbedtls_pk_context pk;

	if (!key || !priv || load_key(priv, priv_len, &pk))
		return BOOT_IMAGE_ECRYPTO;
	mbedtls_pk_free(&pk);
	key->priv = priv;
	key->priv_len = priv_len;
	key->unwrap = unwrap_ec256;
	return BOOT_IMAGE_OK;
}
