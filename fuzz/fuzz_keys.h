/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The trusted keys of the image and boot fuzz targets: the imgtool test
 * vectors' public keys (tests/vectors/imgtool/keys/<name>.pub.raw, read
 * once from FUZZ_KEYS_DIR, set by the build).
 */
#ifndef FUZZ_FUZZ_KEYS_H
#define FUZZ_FUZZ_KEYS_H

#include "boot/image_validate.h"

#define FUZZ_KEY_COUNT 3

/* Ed25519, ECDSA P-256, RSA-2048; exits if a key cannot be loaded. */
void fuzz_keys_load(struct boot_image_key keys[FUZZ_KEY_COUNT]);

#endif /* FUZZ_FUZZ_KEYS_H */
