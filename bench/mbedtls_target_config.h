/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cortex-M compile check of the crypto glue against Debian's mbedTLS 2.28
 * headers (libmbedtls-dev): Debian's config enables pthread threading,
 * which a bare-metal firmware has no headers for. A firmware brings its
 * own mbedTLS config; this one only takes the threading layer out, through
 * MBEDTLS_USER_CONFIG_FILE (read at the end of mbedtls/config.h).
 */
#undef MBEDTLS_THREADING_C
#undef MBEDTLS_THREADING_PTHREAD
