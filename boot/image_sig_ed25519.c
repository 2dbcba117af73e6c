/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ed25519 backend (wolfSSL's wolfCrypt). imgtool signs the 32-byte
 * SHA-256 image digest as the Ed25519 message, so that is what is
 * verified here.
 *
 * The host links Debian's libwolfssl (its build options come from
 * <wolfssl/options.h>); the Cortex-M board compiles wolfCrypt's Ed25519
 * from the Debian source with its own user_settings.h (low-memory
 * ED25519_SMALL code, no heap, no random source). Verification needs no
 * wolfCrypt_Init() and no RNG.
 */
#include "boot/image_crypto.h"
#include "boot/image_validate.h"

#include <string.h>

#ifdef WOLFSSL_USER_SETTINGS
#include <wolfssl/wolfcrypt/settings.h>
#else
#include <wolfssl/options.h>
#endif
#include <wolfssl/wolfcrypt/ed25519.h>

/* SubjectPublicKeyInfo for id-Ed25519 (1.3.101.112), before the key. */
static const uint8_t spki_prefix[] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
};

/* ED25519_PUB_KEY_SIZE and ED25519_SIG_SIZE (32, 64): wolfCrypt's. */
#define ED25519_SPKI_SIZE (sizeof(spki_prefix) + ED25519_PUB_KEY_SIZE)

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
	const uint8_t *raw = raw_key(pub, pub_len);
	ed25519_key key;
	int ok = 0;
	int rc;

	if (!raw)
		return BOOT_IMAGE_ECRYPTO;
	if (sig_len != ED25519_SIG_SIZE || digest_len != BOOT_IMAGE_HASH_SIZE)
		return BOOT_IMAGE_ESIG;
	if (wc_ed25519_init(&key))
		return BOOT_IMAGE_ECRYPTO;
	rc = wc_ed25519_import_public(raw, ED25519_PUB_KEY_SIZE, &key)
		     ? BOOT_IMAGE_ECRYPTO
		     : BOOT_IMAGE_OK;
	/* a bad signature is an error code or ok == 0: both refuse */
	if (!rc && (wc_ed25519_verify_msg(sig, (word32)sig_len, digest,
					  (word32)digest_len, &ok, &key) ||
		    ok != 1))
		rc = BOOT_IMAGE_ESIG;
	wc_ed25519_free(&key);
	return rc;
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
