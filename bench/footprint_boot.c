/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MEASURING HARNESS, not a bootloader: the smallest Cortex-M firmware that
 * pulls in the bootloader core (trailer, swap types, swap-using-move,
 * boot_go, the application API) and the MCUboot image parser, linked by
 * scripts/footprint.sh with --gc-sections.
 *
 * Crypto is left out on purpose (its size is the crypto library's, not
 * ours): the validate hook below only parses the header and TLVs, like
 * boot_peek_image_hook. The flash driver does nothing; the jump to the
 * image is an endless loop.
 *
 * FP_BOOT_ECDSA_P256 (built by board/mps2_an386/fw, where BearSSL is
 * compiled for the target): the real validation instead, SHA-256 and an
 * ECDSA P-256 signature against a built-in key, as MCUboot's own
 * whole-bootloader figure was measured.
 */
#include <stddef.h>
#include <stdint.h>

#include "boot/boot_modes.h"
#include "boot/bootutil.h"
#include "boot/image.h"
#ifdef FP_BOOT_ECDSA_P256
#include "boot/bootutil_validate.h"
#include "boot/image_validate.h"
#endif
#include "bench/footprint_flash.h"
#include "storage/flash_map.h"

/* scripts/footprint.sh links it once per upgrade strategy. */
#if FP_BOOT_MODE == 1
#define fp_boot_go boot_go_overwrite
#elif FP_BOOT_MODE == 2
#define fp_boot_go boot_go_direct_xip
#else
#define fp_boot_go boot_go
#endif

#define FP_PAGE 4096
#define FP_SLOT_PAGES 97 /* 384 KiB image + one page for swap-using-move */

static struct flash_dev harness_flash = {
	.api = &harness_flash_api,
	.params = { .size = 256 * FP_PAGE, .page_size = FP_PAGE,
		    .write_block_size = 4, .erased_value = 0xff },
};

static const struct flash_area areas[] = {
	{ FLASH_AREA_ID_IMAGE_0, "image-0", &harness_flash, 16 * FP_PAGE,
	  FP_SLOT_PAGES * FP_PAGE },
	{ FLASH_AREA_ID_IMAGE_1, "image-1", &harness_flash,
	  (16 + FP_SLOT_PAGES) * FP_PAGE, (FP_SLOT_PAGES - 1) * FP_PAGE },
};

#ifdef FP_BOOT_ECDSA_P256
extern const unsigned char board_pubkey[];
extern const unsigned int board_pubkey_len;

static struct boot_image_key harness_key;
static struct boot_image_verifier harness_verifier = {
	.keys = &harness_key,
	.key_count = 1,
	.allow_pubkey = BOOT_ALLOW_PUBKEY,
};
#define FP_VALIDATE boot_validate_image_hook
#define FP_PEEK boot_peek_image_hook
#define FP_VALIDATE_USER (&harness_verifier)
#else
#define FP_VALIDATE harness_validate
#define FP_PEEK harness_validate
#define FP_VALIDATE_USER NULL

static int read_area(void *ctx, uint32_t off, void *buf, size_t len)
{
	return flash_area_read(ctx, off, buf, len);
}

/* Parse-only validation (no hash, no signature: crypto not measured). */
static int harness_validate(const struct flash_area *fa, void *user,
			    struct boot_slot_info *out)
{
	struct boot_image_reader rd = {
		.read = read_area, .ctx = (void *)fa, .slot_size = fa->size,
	};
	struct boot_image_info info;
	int rc = boot_image_parse(&rd, &info);

	if (rc != 0) {
		return rc;
	}
	out->version.major = info.hdr.version.major;
	out->version.minor = info.hdr.version.minor;
	out->version.revision = info.hdr.version.revision;
	out->version.build_num = info.hdr.version.build;
	out->security_counter = info.has_sec_cnt ? info.sec_cnt : 0;
	out->image_size = info.end;
	return 0;
}
#endif

/* A board would print the line on its UART. */
static void harness_log(void *user, enum boot_log_level level,
			const char *line)
{
	volatile const char *sink = line;

	(void)sink;
}

int main(void)
{
	static const struct boot_config cfg = {
		.primary = &areas[0], .secondary = &areas[1],
		.validate = FP_VALIDATE, .peek = FP_PEEK,
		.validate_user = FP_VALIDATE_USER, .log = harness_log,
		.downgrade = BOOT_DOWNGRADE_BY_VERSION,
	};
	struct boot_rsp rsp;

#ifdef FP_BOOT_ECDSA_P256
	if (boot_image_key_ecdsa_p256(&harness_key, board_pubkey,
				      board_pubkey_len) != 0) {
		return 1;
	}
#endif

	if (flash_map_check(areas, 2) != 0 || fp_boot_go(&cfg, &rsp) != 0) {
		return 1;
	}
	for (;;) {
		/* "Jumping to the first image slot" */
	}
}
