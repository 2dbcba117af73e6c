/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wolfSSL 5.5 configuration for the board's firmware
 * (WOLFSSL_USER_SETTINGS), in two builds so a bootloader links only its
 * own algorithm's code:
 *   BOARD_WOLFSSL_ED25519  Ed25519 verification with the low-memory field
 *                          and group code (ED25519_SMALL) and the compact
 *                          SHA-512 round (USE_SLOW_SHA512);
 *   BOARD_WOLFSSL_RSA      RSA-PSS verification (public key only,
 *                          single-precision math for 2048 and 3072 bits,
 *                          small code, numbers on the stack), SHA-256 for
 *                          MGF1.
 * Both builds have SHA-256 with the compact round (USE_SLOW_SHA256): the
 * image hash (boot/image_crypto_sha256_wc.c) and RSA's MGF1.
 * Neither defined: both (scripts/footprint.sh compiles the glue once).
 * Always: no heap, no file system, no threads, no random source
 * (verification needs none), no error strings.
 */
#ifndef BOARD_MPS2_AN386_WOLFSSL_USER_SETTINGS_H
#define BOARD_MPS2_AN386_WOLFSSL_USER_SETTINGS_H

#if !defined(BOARD_WOLFSSL_ED25519) && !defined(BOARD_WOLFSSL_RSA)
#define BOARD_WOLFSSL_ED25519
#define BOARD_WOLFSSL_RSA
#endif

#define WOLFCRYPT_ONLY
#define SINGLE_THREADED
#define NO_FILESYSTEM
#define NO_WRITEV
#define NO_MAIN_DRIVER
#define NO_DEV_RANDOM
#define WC_NO_RNG
#define WOLFSSL_NO_MALLOC
#define NO_WOLFSSL_MEMORY
#define NO_ERROR_STRINGS
#define NO_ASN_TIME
#define NO_CODING
#define USE_SLOW_SHA256

#ifdef BOARD_WOLFSSL_ED25519
#define HAVE_ED25519
#define ED25519_SMALL
#define CURVE25519_SMALL
#define WOLFSSL_SHA512
#define USE_SLOW_SHA512
#else
#define NO_SHA512
#define NO_SHA384
#endif

#ifdef BOARD_WOLFSSL_RSA
#define WC_RSA_PSS
#define WOLFSSL_RSA_VERIFY_ONLY
#define WOLFSSL_RSA_PUBLIC_ONLY
#define RSA_LOW_MEM
#define WOLFSSL_SP_MATH
#define WOLFSSL_SP_SMALL
#define WOLFSSL_HAVE_SP_RSA
#define WOLFSSL_SP_NO_MALLOC
#define WOLFSSL_SP_NO_DYN_STACK
#ifndef BOARD_WOLFSSL_ED25519
/* no OAEP (it would also drop ConstantCompare(), which Ed25519 needs) */
#define WC_NO_RSA_OAEP
#endif
#else
#define NO_RSA
#define NO_ASN
#endif

/* Everything else off. */
#define NO_DH
#define NO_DSA
#define NO_MD5
#define NO_SHA
#define NO_AES
#define NO_DES3
#define NO_HMAC
#define NO_PWDBASED
#define NO_OLD_TLS
#define NO_SIG_WRAPPER

#endif /* BOARD_MPS2_AN386_WOLFSSL_USER_SETTINGS_H */
