/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ed25519 backend (libsodium). imgtool signs the 32-byte SHA-256 image
 * digest as the Ed25519 message, so that is what is verified here.
 *
 * Only the Ed25519 verifier is called, never sodium_init(): verification
 * is the portable ref10 code with no CPU dispatch and no randomness, while
 * sodium_init() would link libsodium's random source (/dev/urandom, or an
 * abort on bare metal) and tens of KB of unrelated code.
 */
#include "boot/image_crypto.h"
#include "boot/image_validate.h"

#include <string.h>

#include <sodium/crypto_sign_ed25519.h>

/* SubjectPublicKeyInfo for id-Ed25519 (1.3.101.112), before the key. */
static const uint8_t spki_prefix[] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
};

#define ED25519_PUB_SIZE  32U
#define ED25519_SPKI_SIZE (sizeof(spki_prefix) + ED25519_PUB_SIZE)
#define ED25519_SIG_SIZE  64U

static const uint8_t *raw_key(const uint8_t *pub, size_t pub_len)
{
	if (pub_len != ED25519_SPKI_SIZE ||
	    memcmp(pub, spki_prefix, sizeof(spki_prefix)))
		return NULL;
	return pub + sizeof(spki_prefix);
}

int boot_sig_verify_ed25519(const uint8_t *pub, size_t pub_len,
			    const uint8_t *digest, size_t digest_len,
			    const uint8_t *sig, size_t sig_len)
{
	const uint8_t *key = raw_key(pub, pub_len);

	if (!key)
		return BOOT_IMAGE_ECRYPTO;
	if (sig_len != ED25519_SIG_SIZE || digest_len != BOOT_IMAGE_HASH_SIZE)
		return BOOT_IMAGE_ESIG;
	if (crypto_sign_ed25519_verify_detached(sig, digest, digest_len, key))
		return BOOT_IMAGE_ESIG;
	return BOOT_IMAGE_OK;
}

int boot_image_key_ed25519(struct boot_image_key *key, const uint8_t *pub,
			   size_t pub_len)
{
	if (!key || !pub || !raw_key(pub, pub_len))
		return BOOT_IMAGE_ECRYPTO;
	key->sig_type = BOOT_TLV_ED25519;
	key->hash_type = BOOT_TLV_SHA256;
	key->hash_len = BOOT_IMAGE_HASH_SIZE;
	key->pub = pub;
	key->pub_len = pub_len;
	key->verify = boot_sig_verify_ed25519;
	return boot_crypto_sha256(pub, pub_len, key->hash);
}
