/* SPDX-License-Identifier: Apache-2.0 */
/* Encrypted images for boot_go(): validate hook and swap operations. */
#include "boot/bootutil_enc.h"

#include <string.h>

#include "boot/bootutil_validate.h"

static int read_area(void *ctx, uint32_t off, void *buf, size_t len)
{
	return flash_area_read(ctx, off, buf, len);
}

static struct boot_image_reader area_reader(const struct flash_area *fa)
{
	return (struct boot_image_reader){
		.read = read_area,
		.ctx = (void *)fa,
		.slot_size = fa->size,
	};
}

int boot_validate_enc_hook(const struct flash_area *fa, void *user,
			   struct boot_slot_info *out)
{
	const struct boot_enc_boot *eb = user;
	struct boot_image_reader rd = area_reader(fa);
	struct boot_image_info info;
	bool ciphertext = fa == eb->secondary ||
			  (fa->off == eb->secondary->off &&
			   fa->size == eb->secondary->size);
	int rc = boot_image_validate_ex(eb->verifier, &eb->dec, &rd, &info,
					NULL, ciphertext);

	return rc != 0 ? rc : boot_slot_info_fill(&rd, &info, out);
}

static int load_key(void *user, const struct flash_area *fa, uint8_t key[32],
		    uint8_t *len)
{
	const struct boot_enc_boot *eb = user;
	struct boot_image_reader rd = area_reader(fa);
	struct boot_image_info info;
	size_t n = 0;
	int rc = boot_image_parse(&rd, &info);

	if (rc == 0)
		rc = boot_enc_image_key(eb->ring, &rd, &info, key, &n);
	*len = (uint8_t)n;
	return rc;
}

static int ctr(void *user, const uint8_t *key, uint8_t len, uint32_t poff,
	       uint8_t *buf, uint32_t n)
{
	(void)user;
	return boot_enc_ctr(key, len, poff, buf, n);
}

void boot_enc_boot_init(struct boot_enc_boot *eb,
			const struct boot_image_verifier *verifier,
			const struct boot_enc_keyring *ring,
			const struct flash_area *secondary, uint8_t key_max)
{
	memset(eb, 0, sizeof(*eb));
	eb->verifier = verifier;
	eb->ring = ring;
	eb->secondary = secondary;
	boot_enc_decryptor_init(&eb->dec, ring);
	eb->ops.load_key = load_key;
	eb->ops.ctr = ctr;
	eb->ops.user = eb;
	eb->ops.key_max = key_max;
	eb->ops.swap = &boot_swap_enc_fns;
}
