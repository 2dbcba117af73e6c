/* SPDX-License-Identifier: Apache-2.0 */
/* imgtool -E: encryption key loading and the image key TLV (enc.h). */
#include "tools/imgtool/enc.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/ecdh.h>
#include <mbedtls/ecp.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <mbedtls/pem.h>
#include <mbedtls/rsa.h>
#include <sodium.h>

#include "boot/image.h"
#include "boot/image_enc.h"
#include "tools/imgtool/file_io.h"
#include "tools/imgtool/keys.h"
#include "tools/imgtool/tool_error.h"

static const uint8_t x25519_pkcs8[16] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
	0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
};
static const uint8_t x25519_spki[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00,
};

void imgtool_x25519_pkcs8(const uint8_t priv[32], uint8_t out[48])
{
	memcpy(out, x25519_pkcs8, sizeof(x25519_pkcs8));
	memcpy(out + sizeof(x25519_pkcs8), priv, 32);
}

void imgtool_x25519_spki(const uint8_t pub[32], uint8_t out[44])
{
	memcpy(out, x25519_spki, sizeof(x25519_spki));
	memcpy(out + sizeof(x25519_spki), pub, 32);
}

void imgtool_enc_pub_init(struct imgtool_enc_pub *e)
{
	memset(e, 0, sizeof(*e));
	mbedtls_pk_init(&e->pk);
}

void imgtool_enc_pub_free(struct imgtool_enc_pub *e)
{
	mbedtls_pk_free(&e->pk);
}

static int classify(struct imgtool_enc_pub *e)
{
	if (mbedtls_pk_get_type(&e->pk) == MBEDTLS_PK_ECKEY &&
	    mbedtls_pk_ec(e->pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1) {
		e->type = IMGTOOL_ENC_EC256;
		return 0;
	}
	if (mbedtls_pk_get_type(&e->pk) == MBEDTLS_PK_RSA &&
	    mbedtls_pk_get_len(&e->pk) == 256) {
		e->type = IMGTOOL_ENC_RSA2048;
		return 0;
	}
	tool_set_error("encryption key must be X25519, ECDSA P-256 or "
		       "RSA-2048");
	return -1;
}

static int from_der(struct imgtool_enc_pub *e, const uint8_t *der,
		    size_t len, bool priv)
{
	if (priv && len == 48 && !memcmp(der, x25519_pkcs8, 16)) {
		e->type = IMGTOOL_ENC_X25519;
		crypto_scalarmult_curve25519_base(e->x25519, der + 16);
		return 0;
	}
	if (!priv && len == 44 && !memcmp(der, x25519_spki, 12)) {
		e->type = IMGTOOL_ENC_X25519;
		memcpy(e->x25519, der + 12, 32);
		return 0;
	}
	if (priv ? mbedtls_pk_parse_key(&e->pk, der, len, NULL, 0)
		 : mbedtls_pk_parse_public_key(&e->pk, der, len)) {
		tool_set_error("cannot parse the encryption key");
		return -1;
	}
	return classify(e);
}

/* A PEM file NUL-terminated, as mbedTLS's PEM reader wants it. */
static int read_text(const char *path, uint8_t **text)
{
	uint8_t *data, *t;
	size_t len;

	if (file_read_all(path, &data, &len))
		return -1;
	t = realloc(data, len + 1);
	if (!t) {
		free(data);
		tool_set_error("out of memory");
		return -1;
	}
	t[len] = 0;
	*text = t;
	return 0;
}

/*
 * A "PUBLIC KEY" or "PRIVATE KEY" PEM into e; *priv says which. -1 with
 * tool_error() when neither reads.
 */
static int load_pem(struct imgtool_enc_pub *e, const char *path, bool *priv)
{
	static const char *const labels[2][2] = {
		{"-----BEGIN PUBLIC KEY-----", "-----END PUBLIC KEY-----"},
		{"-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"},
	};
	mbedtls_pem_context pem;
	uint8_t *text;
	size_t used;
	int rc = -1;

	if (read_text(path, &text))
		return -1;
	for (int i = 0; i < 2 && rc; i++) {
		mbedtls_pem_init(&pem);
		if (!mbedtls_pem_read_buffer(&pem, labels[i][0], labels[i][1],
					     text, NULL, 0, &used)) {
			*priv = i == 1;
			rc = from_der(e, pem.buf, pem.buflen, *priv) ? -2 : 0;
		}
		mbedtls_pem_free(&pem);
		if (rc == -2)
			break;
	}
	free(text);
	if (rc == -1)
		tool_set_error("'%s' is not a PEM public or private key", path);
	return rc ? -1 : 0;
}

int imgtool_enc_pub_load_file(struct imgtool_enc_pub *e, const char *path)
{
	bool priv;

	return load_pem(e, path, &priv);
}

size_t imgtool_enc_tlv_len(const struct imgtool_enc_pub *e, bool sha512,
			   size_t key_len)
{
	switch (e->type) {
	case IMGTOOL_ENC_X25519:
		return 32 + (sha512 ? 64 : 32) + key_len;
	case IMGTOOL_ENC_EC256:
		return 65 + 32 + key_len;
	default:
		return 256;
	}
}

/* ECIES: HKDF, key encryption, HMAC over the encrypted key. */
static int ecies_seal(const uint8_t *shared, size_t shared_len, bool sha512,
		      const uint8_t *key, size_t key_len, uint8_t *mac,
		      uint8_t *cipherkey)
{
	static const uint8_t info[] = "MCUBoot_ECIES_v1";
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(
		sha512 ? MBEDTLS_MD_SHA512 : MBEDTLS_MD_SHA256);
	size_t mac_len = sha512 ? 64 : 32;
	uint8_t derived[32 + 64];
	int rc = -1;

	if (!mbedtls_hkdf(md, NULL, 0, shared, shared_len, info,
			  sizeof(info) - 1, derived, key_len + mac_len)) {
		memcpy(cipherkey, key, key_len);
		if (!boot_enc_ctr(derived, key_len, 0, cipherkey, key_len) &&
		    !mbedtls_md_hmac(md, derived + key_len, mac_len, cipherkey,
				     key_len, mac))
			rc = 0;
	}
	sodium_memzero(derived, sizeof(derived));
	return rc;
}

static int wrap_x25519(const struct imgtool_enc_pub *e, bool sha512,
		       const uint8_t *key, size_t key_len, uint8_t *tlv)
{
	uint8_t eph[32], shared[32];
	int rc;

	randombytes_buf(eph, sizeof(eph));
	crypto_scalarmult_curve25519_base(tlv, eph);
	rc = crypto_scalarmult_curve25519(shared, eph, e->x25519);
	if (!rc)
		rc = ecies_seal(shared, sizeof(shared), sha512, key, key_len,
				tlv + 32, tlv + 32 + (sha512 ? 64 : 32));
	sodium_memzero(eph, sizeof(eph));
	sodium_memzero(shared, sizeof(shared));
	return rc;
}

static int wrap_ec256(const struct imgtool_enc_pub *e, const uint8_t *key,
		      size_t key_len, uint8_t *tlv)
{
	const mbedtls_ecp_keypair *peer = mbedtls_pk_ec(e->pk);
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi d, z;
	uint8_t shared[32];
	size_t olen = 0;
	int rc;

	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&d);
	mbedtls_mpi_init(&z);
	rc = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
	if (!rc)
		rc = mbedtls_ecp_gen_keypair(&grp, &d, &q, imgtool_rng, NULL);
	if (!rc)
		rc = mbedtls_ecp_point_write_binary(
			&grp, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, tlv, 65);
	if (!rc)
		rc = mbedtls_ecdh_compute_shared(&grp, &z, &peer->Q, &d,
						 imgtool_rng, NULL);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&z, shared, sizeof(shared));
	if (!rc)
		rc = ecies_seal(shared, sizeof(shared), false, key, key_len,
				tlv + 65, tlv + 65 + 32);
	sodium_memzero(shared, sizeof(shared));
	mbedtls_mpi_free(&z);
	mbedtls_mpi_free(&d);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return rc ? -1 : 0;
}

static int wrap_rsa(const struct imgtool_enc_pub *e, const uint8_t *key,
		    size_t key_len, uint8_t *tlv)
{
	mbedtls_rsa_context *rsa = mbedtls_pk_rsa(e->pk);

	mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
	return mbedtls_rsa_rsaes_oaep_encrypt(rsa, imgtool_rng, NULL,
					      MBEDTLS_RSA_PUBLIC, NULL, 0,
					      key_len, key, tlv)
		       ? -1
		       : 0;
}

int imgtool_enc_wrap(const struct imgtool_enc_pub *e, bool sha512,
		     const uint8_t *key, size_t key_len, uint16_t *type,
		     uint8_t *tlv, size_t *tlv_len)
{
	int rc;

	if (sodium_init() < 0) {
		tool_set_error("no random source");
		return -1;
	}
	switch (e->type) {
	case IMGTOOL_ENC_X25519:
		*type = sha512 ? BOOT_TLV_ENC_X25519_SHA512
			       : BOOT_TLV_ENC_X25519;
		rc = wrap_x25519(e, sha512, key, key_len, tlv);
		break;
	case IMGTOOL_ENC_EC256:
		*type = BOOT_TLV_ENC_EC256;
		rc = wrap_ec256(e, key, key_len, tlv);
		break;
	default:
		*type = BOOT_TLV_ENC_RSA2048;
		rc = wrap_rsa(e, key, key_len, tlv);
		break;
	}
	*tlv_len = imgtool_enc_tlv_len(e, sha512, key_len);
	if (rc)
		tool_set_error("encrypting the image key failed");
	return rc;
}

int imgtool_x25519_load_pkcs8(const char *path, uint8_t der[48])
{
	struct imgtool_enc_pub e;
	mbedtls_pem_context pem;
	uint8_t *text;
	size_t used;
	int rc = -1;

	if (read_text(path, &text))
		return -1;
	mbedtls_pem_init(&pem);
	imgtool_enc_pub_init(&e);
	if (!mbedtls_pem_read_buffer(&pem, "-----BEGIN PRIVATE KEY-----",
				     "-----END PRIVATE KEY-----", text, NULL,
				     0, &used) &&
	    !from_der(&e, pem.buf, pem.buflen, true) &&
	    e.type == IMGTOOL_ENC_X25519) {
		memcpy(der, pem.buf, 48);
		rc = 0;
	}
	imgtool_enc_pub_free(&e);
	mbedtls_pem_free(&pem);
	free(text);
	return rc;
}

int imgtool_x25519_load_pub(const char *path, uint8_t pub[32], bool *priv)
{
	struct imgtool_enc_pub e;
	int rc;

	imgtool_enc_pub_init(&e);
	rc = load_pem(&e, path, priv);
	if (rc == 0 && e.type == IMGTOOL_ENC_X25519) {
		memcpy(pub, e.x25519, 32);
	} else {
		/* a probe: the caller's own key loader says what is wrong */
		tool_set_error("%s", "");
		rc = -1;
	}
	imgtool_enc_pub_free(&e);
	return rc;
}

static int der_to_pem(const char *label, const uint8_t *der, size_t len,
		      char *out, size_t cap, size_t *olen)
{
	char head[64], foot[64];

	snprintf(head, sizeof(head), "-----BEGIN %s-----\n", label);
	snprintf(foot, sizeof(foot), "-----END %s-----\n", label);
	if (mbedtls_pem_write_buffer(head, foot, der, len, (uint8_t *)out,
				     cap, olen)) {
		tool_set_error("PEM encoding failed");
		return -1;
	}
	*olen = strlen(out);
	return 0;
}

int imgtool_x25519_pub_pem(const uint8_t pub[32], char *out, size_t cap,
			   size_t *len)
{
	uint8_t spki[IMGTOOL_X25519_SPKI_LEN];

	imgtool_x25519_spki(pub, spki);
	return der_to_pem("PUBLIC KEY", spki, sizeof(spki), out, cap, len);
}

int imgtool_x25519_keygen(const char *path)
{
	uint8_t priv[32], der[IMGTOOL_X25519_PKCS8_LEN];
	char pem[256];
	size_t len;
	int rc;

	if (sodium_init() < 0) {
		tool_set_error("no random source");
		return -1;
	}
	randombytes_buf(priv, sizeof(priv));
	imgtool_x25519_pkcs8(priv, der);
	rc = der_to_pem("PRIVATE KEY", der, sizeof(der), pem, sizeof(pem),
			&len);
	if (!rc)
		rc = file_write_all(path, pem, len, 0600);
	sodium_memzero(priv, sizeof(priv));
	sodium_memzero(der, sizeof(der));
	sodium_memzero(pem, sizeof(pem));
	return rc;
}
