/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bootloader core built lean, as the Cortex-M4 board and a size-minded
 * firmware build it: BOOT_ENC_IMAGES=0 (MCUboot without
 * MCUBOOT_ENC_IMAGES) and BOOT_LOG_LEVEL=2 (errors and warnings only, as
 * MCUBOOT_LOG_LEVEL_WARNING). tests/boot.cmake compiles the core sources
 * into this test with those options; every other boot test runs the
 * default build.
 */
#include <string.h>

#include "boot/bootutil.h"
#include "boot/swap_move.h"
#include "boot/trailer.h"
#include "storage/flash_sim.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

#define SECTOR 4096
#define SLOT_SECTORS 16

static uint8_t mem[(2 * SLOT_SECTORS + 1) * SECTOR];
static struct flash_sim sim;
static struct flash_area pri, sec;

static char lines[16][128];
static enum boot_log_level levels[16];
static int n_lines;

static void log_hook(void *user, enum boot_log_level level, const char *line)
{
	if (n_lines < 16) {
		levels[n_lines] = level;
		snprintf(lines[n_lines++], sizeof(lines[0]), "%s", line);
	}
}

static bool logged(const char *line)
{
	for (int i = 0; i < n_lines; i++) {
		if (strcmp(lines[i], line) == 0) {
			return true;
		}
	}
	return false;
}

/* Never reached in these scenarios: nothing valid is ever offered. */
static int no_image(const struct flash_area *fa, void *user,
		    struct boot_slot_info *out)
{
	return BOOT_EBADIMAGE;
}

static int load_key(void *user, const struct flash_area *fa, uint8_t key[32],
		    uint8_t *len)
{
	return -1;
}

static int ctr(void *user, const uint8_t *key, uint8_t len, uint32_t poff,
	       uint8_t *buf, uint32_t n)
{
	return -1;
}

static int swap_load(const struct boot_swap_ctx *ctx,
		     const struct boot_status *bs, uint32_t last_idx)
{
	return 0;
}

static int swap_write_keys(const struct boot_swap_ctx *ctx)
{
	return 0;
}

static int swap_xform(const struct boot_swap_ctx *ctx, int slot,
		      uint32_t img_off, uint8_t *buf, uint32_t len)
{
	return 0;
}

static int swap_check(const struct boot_swap_ctx *ctx, uint32_t size)
{
	return 0;
}

/* A complete table: a default build would take it and go on booting. */
static const struct boot_enc_swap_fns swap_fns = {
	.load = swap_load, .write_keys = swap_write_keys,
	.xform = swap_xform, .check = swap_check,
};

static void setup(void)
{
	struct flash_params p = {
		.size = sizeof(mem), .page_size = SECTOR,
		.write_block_size = 8, .erased_value = 0xff,
	};

	memset(mem, 0xff, sizeof(mem));
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	pri = (struct flash_area){ FLASH_AREA_ID_IMAGE_0, "image-0", &sim.dev,
				   SECTOR, SLOT_SECTORS * SECTOR };
	sec = (struct flash_area){ FLASH_AREA_ID_IMAGE_1, "image-1", &sim.dev,
				   (1 + SLOT_SECTORS) * SECTOR,
				   SLOT_SECTORS * SECTOR };
	n_lines = 0;
}

static struct boot_config config(void)
{
	struct boot_config cfg = {
		.primary = &pri, .secondary = &sec, .validate = no_image,
		.log = log_hook, .downgrade = BOOT_DOWNGRADE_BY_VERSION,
	};

	return cfg;
}

/* Encryption asked of a core built without it: refused, nothing written. */
static void test_enc_refused(void)
{
	static const struct boot_enc_ops enc = {
		.load_key = load_key, .ctr = ctr, .key_max = 16,
		.swap = &swap_fns,
	};
	struct boot_config cfg = config();
	struct boot_rsp rsp;

	setup();
	cfg.enc = &enc;
	CHECK_EQ(boot_go(&cfg, &rsp), BOOT_ELAYOUT);
	CHECK(logged("Cannot upgrade: slots are not compatible"));
	CHECK_EQ(flash_sim_ops(&sim), 0);
}

/*
 * A test request over an empty primary (MCUboot without bootstrap leaves
 * it alone): the warning and the error reach the hook, none of the info
 * lines a default build prints on every boot (slot states, boot source,
 * swap type).
 */
static void test_log_level(void)
{
	struct boot_config cfg = config();
	struct boot_trailer_layout lay;
	struct boot_rsp rsp;

	setup();
	CHECK_EQ(boot_trailer_layout_init(&lay, &sec, 0, 0), 0);
	CHECK_EQ(boot_write_magic(&sec, &lay), 0);
	CHECK_EQ(boot_go(&cfg, &rsp), BOOT_ENOBOOT);
	CHECK(logged("Primary slot is empty: upgrade not done "
		     "(bootstrap disabled)"));
	CHECK(n_lines >= 2);
	for (int i = 0; i < n_lines; i++) {
		CHECK(levels[i] <= BOOT_LOG_LEVEL_WRN);
	}
	CHECK(!logged("Boot source: none"));
	CHECK(!logged("Image index: 0, Swap type: none"));
}

int main(void)
{
	CHECK_EQ(BOOT_ENC_IMAGES, 0);
	CHECK_EQ(BOOT_LOG_LEVEL, 2);
	test_enc_refused();
	test_log_level();
	return test_report("test_boot_options");
}
