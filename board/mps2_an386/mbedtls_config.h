/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS 2.28 configuration for the board's bootloader
 * (MBEDTLS_CONFIG_FILE): only what RSA-PSS verification needs (SHA-256
 * for its MGF1, bignums; ECDSA and the image hash are BearSSL's), with
 * bignums in a static buffer
 * (MEMORY_BUFFER_ALLOC_C) instead of the C heap. No file system, no
 * entropy source, no threads, no self tests: nothing that needs an OS.
 */
#ifndef BOARD_MPS2_AN386_MBEDTLS_CONFIG_H
#define BOARD_MPS2_AN386_MBEDTLS_CONFIG_H

/* System support */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
/*
 * The allocator's defaults would name calloc/free (and so link newlib's
 * malloc) even though MEMORY_BUFFER_ALLOC_C replaces them at run time:
 * point the defaults at stubs that fail (board/mps2_an386/crypto_heap.c).
 */
#define MBEDTLS_PLATFORM_STD_CALLOC board_mbedtls_no_calloc
#define MBEDTLS_PLATFORM_STD_FREE   board_mbedtls_no_free
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* The allocator exits on heap corruption: a fault here, not libc exit(). */
#define MBEDTLS_PLATFORM_EXIT_MACRO board_mbedtls_exit
#define MBEDTLS_DEPRECATED_REMOVED

/* Hash */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_MD_C

/* Bignum, ASN.1 */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_OID_C
#define MBEDTLS_MPI_WINDOW_SIZE 1
#define MBEDTLS_MPI_MAX_SIZE    384 /* RSA-3072 */

/* RSA-PSS (PKCS#1 v2.1) */
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V21

#include <stddef.h>
void *board_mbedtls_no_calloc(size_t n, size_t size);
void board_mbedtls_no_free(void *p);
void board_mbedtls_exit(int status) __attribute__((noreturn));

#include "mbedtls/check_config.h"

#endif /* BOARD_MPS2_AN386_MBEDTLS_CONFIG_H */
