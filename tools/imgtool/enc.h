/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `imgtool sign -E`: the bootloader's public encryption key and the
 * image key TLV made for it, in MCUboot's format (boot/image_enc.h):
 * RSA-OAEP-2048 (0x30), ECIES-P256 (0x32), ECIES-X25519 (0x33, or 0x34
 * with --hmac-sha 512). Host only: random keys from libsodium.
 */
#ifndef TOOLS_IMGTOOL_ENC_H
#define TOOLS_IMGTOOL_ENC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbedtls/pk.h>

enum imgtool_enc_type {
	IMGTOOL_ENC_X25519,
	IMGTOOL_ENC_EC256,
	IMGTOOL_ENC_RSA2048,
};

struct imgtool_enc_pub {
	enum imgtool_enc_type type;
	uint8_t x25519[32];    /* X25519 public key */
	mbedtls_pk_context pk; /* P-256, RSA-2048 */
};

/* Longest TLV value: RSA-2048's 256 bytes. */
#define IMGTOOL_ENC_TLV_MAX 256U

void imgtool_enc_pub_init(struct imgtool_enc_pub *e);
void imgtool_enc_pub_free(struct imgtool_enc_pub *e);
/* A "PUBLIC KEY" or "PRIVATE KEY" PEM; -1 with tool_error() otherwise. */
int imgtool_enc_pub_load_file(struct imgtool_enc_pub *e, const char *path);

/*
 * The key TLV carrying key[key_len] (16 or 32) to e's owner: *type and
 * tlv[*tlv_len]. sha512 only for X25519.
 */
int imgtool_enc_wrap(const struct imgtool_enc_pub *e, bool sha512,
		     const uint8_t *key, size_t key_len, uint16_t *type,
		     uint8_t *tlv, size_t *tlv_len);

/* The TLV length a key of key_len bytes gets (trailer size, fit). */
size_t imgtool_enc_tlv_len(const struct imgtool_enc_pub *e, bool sha512,
			   size_t key_len);

/* X25519 key pair in PKCS#8 / SPKI DER as imgtool writes them. */
#define IMGTOOL_X25519_PKCS8_LEN 48U
#define IMGTOOL_X25519_SPKI_LEN  44U
void imgtool_x25519_pkcs8(const uint8_t priv[32], uint8_t out[48]);
void imgtool_x25519_spki(const uint8_t pub[32], uint8_t out[44]);

/* An X25519 "PRIVATE KEY" PEM file; its PKCS#8 DER into der[48]. */
int imgtool_x25519_load_pkcs8(const char *path, uint8_t der[48]);

/*
 * An X25519 key file (private or public PEM): its public key. -1 (no
 * error set) when the file holds another kind of key.
 */
int imgtool_x25519_load_pub(const char *path, uint8_t pub[32], bool *priv);
/* A new X25519 key pair as a PKCS#8 "PRIVATE KEY" PEM file (0600). */
int imgtool_x25519_keygen(const char *path);
/* The SPKI "PUBLIC KEY" PEM of pub, NUL-terminated. */
int imgtool_x25519_pub_pem(const uint8_t pub[32], char *out, size_t cap,
			   size_t *len);

#endif /* TOOLS_IMGTOOL_ENC_H */
