/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ed25519 key encodings that mbedTLS 2.28 does not know: PKCS#8
 * PrivateKeyInfo (RFC 8410, what imgtool writes) and
 * SubjectPublicKeyInfo. libsodium does the math; this only walks DER.
 */
#ifndef TOOLS_IMGTOOL_KEY_ED25519_DER_H
#define TOOLS_IMGTOOL_KEY_ED25519_DER_H

#include <stddef.h>
#include <stdint.h>

#define ED25519_SEED_SIZE  32U
#define ED25519_PUB_SIZE   32U
#define ED25519_PKCS8_SIZE 48U
#define ED25519_SPKI_SIZE  44U

/* Results of the readers besides 0 (found). */
#define ED25519_DER_OTHER 1 /* well-formed, but another algorithm */
#define ED25519_DER_BAD   (-1)

int ed25519_der_read_pkcs8(const uint8_t *der, size_t len,
			   uint8_t seed[ED25519_SEED_SIZE]);
int ed25519_der_read_spki(const uint8_t *der, size_t len,
			  uint8_t pub[ED25519_PUB_SIZE]);

void ed25519_der_write_pkcs8(const uint8_t seed[ED25519_SEED_SIZE],
			     uint8_t out[ED25519_PKCS8_SIZE]);
void ed25519_der_write_spki(const uint8_t pub[ED25519_PUB_SIZE],
			    uint8_t out[ED25519_SPKI_SIZE]);

#endif /* TOOLS_IMGTOOL_KEY_ED25519_DER_H */
