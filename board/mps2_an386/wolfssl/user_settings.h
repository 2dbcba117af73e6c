/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wolfSSL 5.5 configuration for the board's bootloader
 * (WOLFSSL_USER_SETTINGS): wolfCrypt's Ed25519 verification only, with
 * the low-memory field and group code (ED25519_SMALL) and the compact
 * SHA-512 round (USE_SLOW_SHA512). No heap, no file system, no threads,
 * no random source (verification needs none), no error strings.
 */
#ifndef BOARD_MPS2_AN386_WOLFSSL_USER_SETTINGS_H
#define BOARD_MPS2_AN386_WOLFSSL_USER_SETTINGS_H

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

#define HAVE_ED25519
#define ED25519_SMALL
#define CURVE25519_SMALL
#define WOLFSSL_SHA512
#define USE_SLOW_SHA512

/* Everything else off: only Ed25519 and its SHA-512 are compiled. */
#define NO_ASN
#define NO_RSA
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
