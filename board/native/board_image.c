/* SPDX-License-Identifier: Apache-2.0 */
#include <stdbool.h>

#include "board/native/board_image.h"

const struct boot_image_verifier *board_verifier(void)
{
	static struct boot_image_key key;
	static struct boot_image_verifier verifier;
	static bool ready;

	if (!ready) {
		if (boot_image_key_ed25519(&key, board_pubkey,
					   board_pubkey_len) != 0) {
			return NULL;
		}
		verifier = (struct boot_image_verifier){
			.keys = &key,
			.key_count = 1,
			.allow_unsigned = false,
			.allow_pubkey = BOOT_ALLOW_PUBKEY,
		};
		ready = true;
	}
	return &verifier;
}
