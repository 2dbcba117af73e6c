/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ECIES-X25519 key exchange (TLV 0x33, and 0x34 with SHA-512): the
 * shared secret by libsodium's X25519, the rest in image_enc.c. Only
 * crypto_scalarmult is called, never sodium_init() (no random source).
 */
#include "boot/image_enc.h"

#include <string.h>

#include <sodium/crypto_scalarmult_curve25519.h>

/* PKCS#8 PrivateKeyInfo for id-X25519 (1.3.101.110), before the key. */
static const uint8_t pkcs8_prefix[] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b,
	0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
};

#define X25519_SIZE 32U

static const uint8_t *raw_key(const uint8_t *priv, size_t len)
{
	if (len != sizeof(pkcs8_prefix) + X25519_SIZE ||
	    memcmp(priv, pkcs8_prefix, sizeof(pkcs8_prefix)))
		return NULL;
	return priv + sizeof(pkcs8_prefix);
}

static int unwrap_x25519(const struct boot_enc_key *key, uint16_t type,
			 const uint8_t *tlv, size_t tlv_len, uint8_t *out,
			 size_t key_len)
{
	bool sha512 = type == BOOT_TLV_ENC_X25519_SHA512;
	size_t mac_len = sha512 ? 64 : 32;
	uint8_t shared[X25519_SIZE];
	int rc;

	if (type != BOOT_TLV_ENC_X25519 && !sha512)
		return BOOT_IMAGE_EENC_NO_KEY;
	if (tlv_len != X25519_SIZE + mac_len + key_len)
		return BOOT_IMAGE_EENC_TLV;
	/* fails on a low-order point (all-zero secret): a forged TLV */
	if (crypto_scalarmult_curve25519(shared,
					 raw_key(key->priv, key->priv_len),
					 tlv))
		return BOOT_IMAGE_EENC_TLV;
	rc = boot_enc_ecies_open(shared, sizeof(shared), sha512,
				 tlv + X25519_SIZE,
				 tlv + X25519_SIZE + mac_len, out, key_len);
	memset(shared, 0, sizeof(shared));
	return rc;
}

int boot_enc_key_x25519(struct boot_enc_key *key, const uint8_t *priv,
			size_t priv_len)
{
	if (!key || !priv || !raw_key(priv, priv_len))
		return BOOT_IMAGE_ECRYPTO;
	key->priv = priv;
	key->priv_len = priv_len;
	key->unwrap = unwrap_x25519;
	return BOOT_IMAGE_OK;
}
