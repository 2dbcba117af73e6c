/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whole update flows through boot_go() with the real validator: test swap
 * and revert, confirm, permanent, invalid secondaries, downgrade
 * prevention, no bootable image, bootstrap, an imgtool-signed image, and
 * the same upgrade/revert at write alignments 4, 8, 16 and 32.
 */
#include <errno.h>
#include <string.h>

#include "boot/bootutil.h"
#include "boot/bootutil_validate.h"
#include "boot/image.h"
#include "tests/test.h"
#include "tests/test_boot_fixture.h"

TEST_MAIN_DEFS;

static struct boot_fixture fx;
static uint8_t img_a[512 * 1024], img_b[512 * 1024];
static uint32_t len_a, len_b;

static const struct bf_geometry geo8 = { 4096, 16, 15, 8, 0 };

static uint32_t make(uint8_t *out, uint32_t size, uint8_t seed, uint8_t major,
		     uint8_t minor, uint32_t sec_cnt, int key)
{
	struct bf_image im = { size, seed, { major, minor, 0, 0 }, sec_cnt,
			       key };
	uint32_t n = bf_build_image(&im, out, 512 * 1024);

	CHECK_EQ(n, size);
	return n;
}

/* Primary A (factory-programmed, no trailer), secondary B. */
static void setup(const struct bf_geometry *g, uint32_t size_a,
		  uint32_t size_b)
{
	bf_init(&fx, g);
	len_a = make(img_a, size_a, 1, 1, 0, 1, 0);
	len_b = make(img_b, size_b, 2, 1, 1, 2, 0);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
}

static bool slot_erased(const struct flash_area *fa)
{
	const uint8_t *p = bf_slot_mem(&fx, fa);

	for (uint32_t i = 0; i < fa->size; i++) {
		if (p[i] != 0xff) {
			return false;
		}
	}
	return true;
}

static struct boot_rsp last_rsp;

static int rsp_major(void)
{
	return last_rsp.info.version.major;
}

/* One boot that must succeed; returns the swap type it did. */
static uint32_t boot_once(void)
{
	struct boot_rsp rsp;
	int rc;

	bf_log_clear(&fx);
	rc = boot_go(&fx.cfg, &rsp);
	CHECK_EQ(rc, 0);
	if (rc == 0) {
		CHECK(rsp.fa == &fx.pri);
		CHECK_EQ(rsp.image_off, fx.pri.off);
		CHECK(bf_log_has(&fx, "Jumping to the first image slot"));
	}
	last_rsp = rsp;
	return rsp.swap_type;
}

static void test_test_then_revert(const struct bf_geometry *g)
{
	struct boot_swap_state st;

	setup(g, 5 * g->sector + g->sector / 2, 3 * g->sector + 100);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_log_has(&fx, "Image index: 0, Swap type: none"));
	CHECK(bf_log_has(&fx, "Boot source: none"));
	CHECK(bf_log_has(&fx, "Bootloader chainload address offset: 0x1000") ||
	      g->sector != 4096);

	CHECK_EQ(boot_request_upgrade_ex(&fx.sec, false, g->max_align, 0), 0);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_TEST);
	CHECK(bf_log_has(&fx, "Secondary image: magic=good, swap_type=0x2, "
			      "copy_done=0x3, image_ok=0x3"));
	CHECK(bf_log_has(&fx, "Image index: 0, Swap type: test"));
	CHECK(bf_log_has(&fx, "Starting swap using move algorithm."));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_a, len_a));
	st = bf_state(&fx, &fx.pri);
	CHECK_EQ(st.magic, BOOT_MAGIC_GOOD);
	CHECK_EQ(st.swap_type, BOOT_SWAP_TYPE_TEST);
	CHECK_EQ(st.copy_done, BOOT_FLAG_SET);
	CHECK_EQ(st.image_ok, BOOT_FLAG_UNSET);
	CHECK_EQ(bf_state(&fx, &fx.sec).magic, BOOT_MAGIC_UNSET);

	/* not confirmed: the next boot reverts */
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_REVERT);
	CHECK(bf_log_has(&fx, "Primary image: magic=good, swap_type=0x2, "
			      "copy_done=0x1, image_ok=0x3"));
	CHECK(bf_log_has(&fx, "Image index: 0, Swap type: revert"));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));
	CHECK_EQ(bf_state(&fx, &fx.sec).magic, BOOT_MAGIC_UNSET);

	/* and stays there */
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_log_has(&fx, "Primary image: magic=good, swap_type=0x4, "
			      "copy_done=0x1, image_ok=0x1"));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
}

static void test_confirm_and_perm(void)
{
	bool ok = false;

	setup(&geo8, 4 * 4096, 6 * 4096 + 7);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_TEST);
	CHECK_EQ(boot_is_image_confirmed(&fx.pri, &ok), 0);
	CHECK(!ok);
	CHECK_EQ(boot_confirm_image(&fx.pri), 0);
	CHECK_EQ(boot_is_image_confirmed(&fx.pri, &ok), 0);
	CHECK(ok);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));

	/* without the peek hook the primary is fully validated instead */
	setup(&geo8, 4 * 4096, 6 * 4096 + 7);
	fx.cfg.peek = NULL;
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_PERM);
	CHECK(bf_log_has(&fx, "Image index: 0, Swap type: perm"));
	CHECK_EQ(bf_state(&fx, &fx.pri).image_ok, BOOT_FLAG_SET);
	CHECK_EQ(bf_state(&fx, &fx.pri).copy_done, BOOT_FLAG_SET);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	/* the old image is still in the secondary, without a request */
	CHECK(bf_slot_equals(&fx, &fx.sec, img_a, len_a));
}

enum corruption { BAD_SIG, BAD_PAYLOAD, OTHER_KEY, UNSIGNED, BAD_HEADER };

static void test_invalid_secondary(enum corruption c)
{
	setup(&geo8, 4 * 4096, 5 * 4096);
	if (c == OTHER_KEY || c == UNSIGNED) {
		len_b = make(img_b, len_b, 2, 1, 1, 0, c == OTHER_KEY ? 1 : -1);
		bf_program_slot(&fx, &fx.sec, img_b, len_b);
	}
	if (c == BAD_SIG) {
		bf_slot_mem(&fx, &fx.sec)[len_b - 10] ^= 0x01;
	} else if (c == BAD_PAYLOAD) {
		bf_slot_mem(&fx, &fx.sec)[0x200 + 1234] ^= 0x80;
	} else if (c == BAD_HEADER) {
		bf_slot_mem(&fx, &fx.sec)[1] ^= 0xff;
	}
	CHECK_EQ(boot_request_upgrade(&fx.sec, c == BAD_HEADER), 0);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_log_has(&fx, "Image in the secondary slot is not valid!"));
	CHECK(bf_log_has(&fx, "Image index: 0, Swap type: none"));
	CHECK(!bf_log_has(&fx, "Starting swap using move algorithm."));
	CHECK(slot_erased(&fx.sec));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
}

static void test_too_big(void)
{
	/* 14 sectors fit (first trailer sector 15, one for the move) */
	setup(&geo8, 4096, 14 * 4096 + 1);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_log_has(&fx, "Not enough free space to run swap upgrade"));
	CHECK(slot_erased(&fx.sec));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));

	setup(&geo8, 4096, 14 * 4096);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
}

static void downgrade_case(enum boot_downgrade_prevention mode,
			   uint8_t minor_b, uint32_t cnt_b, bool refused)
{
	setup(&geo8, 3 * 4096, 3 * 4096);
	/* primary 1.5.0 with security counter 5 */
	len_a = make(img_a, len_a, 1, 1, 5, 5, 0);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	len_b = make(img_b, len_b, 2, 1, minor_b, cnt_b, 0);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	fx.cfg.downgrade = mode;
	if (minor_b == 6) {
		fx.cfg.peek = NULL; /* the same decision from a full check */
	}
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	if (refused) {
		CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
		CHECK(bf_log_has(&fx,
				 "insufficient version in secondary slot"));
		CHECK(slot_erased(&fx.sec));
		CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
		return;
	}
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	/* the revert to the older image is never blocked */
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_REVERT);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
}

static void test_downgrade(void)
{
	downgrade_case(BOOT_DOWNGRADE_ALLOW, 4, 1, false);
	downgrade_case(BOOT_DOWNGRADE_BY_VERSION, 4, 9, true);
	downgrade_case(BOOT_DOWNGRADE_BY_VERSION, 5, 1, false); /* equal */
	downgrade_case(BOOT_DOWNGRADE_BY_VERSION, 6, 1, false);
	downgrade_case(BOOT_DOWNGRADE_BY_SEC_COUNTER, 9, 4, true);
	downgrade_case(BOOT_DOWNGRADE_BY_SEC_COUNTER, 4, 5, false);
	downgrade_case(BOOT_DOWNGRADE_BY_SEC_COUNTER, 4, 6, false);
}

static void test_no_bootable(void)
{
	struct boot_rsp rsp;

	bf_init(&fx, &geo8);
	bf_log_clear(&fx);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), BOOT_ENOBOOT);
	CHECK(bf_log_has(&fx, "no bootable image"));
	CHECK(rsp.fa == NULL);

	/* corrupt primary, valid secondary, no request: as MCUboot, no boot */
	setup(&geo8, 3 * 4096, 3 * 4096);
	bf_slot_mem(&fx, &fx.pri)[0x300] ^= 1;
	bf_log_clear(&fx);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), BOOT_ENOBOOT);
	CHECK(bf_log_has(&fx, "Image in the primary slot is not valid!"));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));

	/* ... but with bootstrap the secondary is installed */
	fx.cfg.bootstrap = true;
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_PERM);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);

	/* corrupt primary and a requested valid secondary: swap, then boot */
	setup(&geo8, 3 * 4096, 3 * 4096);
	bf_slot_mem(&fx, &fx.pri)[0x300] ^= 1;
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	/*
	 * A revert validates what it brings back (as MCUboot): the corrupt
	 * old image is wiped instead, and the new one keeps booting.
	 */
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_log_has(&fx, "Image in the secondary slot is not valid!"));
	CHECK(slot_erased(&fx.sec));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
}

static void test_bad_layout(void)
{
	struct bf_geometry g = { 4096, 16, 14, 8, 0 };
	struct boot_rsp rsp;

	bf_init(&fx, &g);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), BOOT_ELAYOUT);
	bf_init(&fx, &geo8);
	fx.cfg.validate = NULL;
	CHECK_EQ(boot_go(&fx.cfg, &rsp), BOOT_ELAYOUT);
	bf_init(&fx, &geo8);
	fx.cfg.secondary = NULL;
	CHECK_EQ(boot_go(&fx.cfg, &rsp), BOOT_ELAYOUT);
	/* flash gone: the error comes back, nothing is decided */
	bf_init(&fx, &geo8);
	flash_sim_cut_power_at(&fx.sim, 1, FLASH_SIM_CUT_BEFORE);
	CHECK_EQ(flash_area_erase(&fx.pri, 0, 4096), -EIO);
	CHECK(flash_sim_power_lost(&fx.sim));
	CHECK_EQ(boot_go(&fx.cfg, &rsp), -EIO);
	flash_sim_power_on(&fx.sim);
}

/*
 * imgtool 2.4.0 output (Ed25519, --pad --test) in a 0x60000 slot; the
 * fixture trusts that key (tests/vectors/boot/ed25519.pem).
 */
static void imgtool_vector_setup(const struct bf_geometry *g)
{
	uint8_t tail[256];
	int n;

	bf_init(&fx, g);
	n = bf_load("vectors/boot/s3000-ed25519.bin", img_b, sizeof(img_b));
	CHECK_EQ(n, 3656);
	len_b = (uint32_t)n;
	CHECK_EQ(bf_load("vectors/boot/s3000-ed25519-pad-test.tail256.bin",
			 tail, sizeof(tail)),
		 256);
	len_a = make(img_a, 10 * 4096 + 33, 1, 1, 0, 0, BF_KEY_RSA);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	/* the padded file's tail; --align 4 fits the 4-byte write blocks */
	CHECK_EQ(flash_area_write(&fx.sec, fx.sec.size - 256, tail, 256), 0);
}

static void test_imgtool_image(void)
{
	struct bf_geometry g = { 4096, 97, 96, 4, 0 };

	imgtool_vector_setup(&g);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_a, len_a));
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_REVERT);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));

	/* the same image when its key is not trusted: refused and wiped */
	imgtool_vector_setup(&g);
	fx.verifier.keys = &fx.keys[1]; /* ECDSA and RSA only */
	fx.verifier.key_count = 2;
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_NONE);
	CHECK(bf_log_has(&fx, "Image in the secondary slot is not valid!"));
	CHECK(slot_erased(&fx.sec));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
}

/*
 * issue 12 defect 4: a permanent request over imgtool's --pad trailer (a
 * test request already) stays a test swap, as MCUboot's boot_set_pending(1).
 */
static void test_perm_over_pad(void)
{
	struct bf_geometry g = { 4096, 97, 96, 4, 0 };

	imgtool_vector_setup(&g);
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
	CHECK_EQ(bf_state(&fx, &fx.sec).image_ok, BOOT_FLAG_UNSET);
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_REVERT);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
}

/*
 * issue 12 defect 5: a request over an empty primary. MCUboot without
 * MCUBOOT_BOOTSTRAP leaves it and boots nothing; with it, installs it.
 */
static void test_empty_primary(bool permanent)
{
	struct boot_rsp rsp;

	bf_init(&fx, &geo8);
	len_b = make(img_b, 3 * 4096 + 7, 2, 1, 1, 2, 0);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	CHECK_EQ(boot_request_upgrade(&fx.sec, permanent), 0);
	bf_log_clear(&fx);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), BOOT_ENOBOOT);
	CHECK(bf_log_has(&fx, "Primary slot is empty: upgrade not done "
			      "(bootstrap disabled)"));
	CHECK(slot_erased(&fx.pri));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));
	CHECK_EQ(bf_state(&fx, &fx.sec).magic, BOOT_MAGIC_GOOD);

	fx.cfg.bootstrap = true;
	CHECK_EQ(boot_once(), permanent ? BOOT_SWAP_TYPE_PERM
					: BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK_EQ(rsp_major(), 1);
	/* nothing valid to revert to: the new image keeps booting */
	boot_once();
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
}

/* issue 12 defect 1: header flags the boot hook refuses to run. */
static void test_flag_images(void)
{
	static const struct {
		const char *path;
		int rc;
	} cases[] = {
		{ "vectors/imgtool-v2/s3000-ed25519.bin", 0 },
		{ "vectors/imgtool-v2/s3000-ed25519-nonboot.bin",
		  BOOT_IMAGE_ENON_BOOTABLE },
		{ "vectors/imgtool-v2/s3000-ed25519-loadaddr.bin",
		  BOOT_IMAGE_ELOAD },
		{ "vectors/imgtool-v2/s3000-ed25519-romfixed.bin",
		  BOOT_IMAGE_ELOAD },
		{ "vectors/imgtool-v2/s3000-ed25519-lzma2.bin",
		  BOOT_IMAGE_ECOMPRESSED },
	};
	struct boot_slot_info info;
	int n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bf_init(&fx, &geo8);
		n = bf_load(cases[i].path, img_b, sizeof(img_b));
		CHECK(n > 0);
		bf_program_slot(&fx, &fx.sec, img_b, (uint32_t)n);
		CHECK_EQ(boot_validate_image_hook(&fx.sec, &fx.verifier,
						  &info),
			 cases[i].rc);
		/* and a request for it is never carried out */
		CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
		len_a = make(img_a, 2 * 4096, 1, 1, 0, 1, 0);
		bf_program_slot(&fx, &fx.pri, img_a, len_a);
		CHECK_EQ(boot_once(), cases[i].rc ? BOOT_SWAP_TYPE_NONE
						  : BOOT_SWAP_TYPE_PERM);
	}
}

/* Images signed with each algorithm the validator knows swap alike. */
static void test_algorithms(void)
{
	static const int algs[] = { BF_KEY_ED25519, BF_KEY_ECDSA, BF_KEY_RSA };

	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		setup(&geo8, 2 * 4096, 4 * 4096 + 300);
		len_b = make(img_b, len_b, 9, 2, 0, 0, algs[i]);
		bf_program_slot(&fx, &fx.sec, img_b, len_b);
		CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
		CHECK_EQ(boot_once(), BOOT_SWAP_TYPE_PERM);
		CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
		CHECK_EQ(rsp_major(), 2);
	}
}

int main(void)
{
	static const struct bf_geometry aligns[] = {
		{ 4096, 16, 15, 8, 0 },  { 4096, 16, 15, 4, 0 },
		{ 4096, 16, 15, 16, 0 }, { 4096, 16, 16, 32, 0 },
		{ 4096, 16, 15, 4, 16 }, { 2048, 24, 24, 8, 0 },
	};

	for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		test_test_then_revert(&aligns[i]);
	}
	test_confirm_and_perm();
	test_invalid_secondary(BAD_SIG);
	test_invalid_secondary(BAD_PAYLOAD);
	test_invalid_secondary(OTHER_KEY);
	test_invalid_secondary(UNSIGNED);
	test_invalid_secondary(BAD_HEADER);
	test_too_big();
	test_downgrade();
	test_no_bootable();
	test_bad_layout();
	test_imgtool_image();
	test_algorithms();
	test_perm_over_pad();
	test_empty_primary(false);
	test_empty_primary(true);
	test_flag_images();
	return test_report("test_boot_flow");
}
