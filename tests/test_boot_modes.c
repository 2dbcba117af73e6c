/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Overwrite-only and direct-xip loaders (boot/boot_modes.h) and dependency
 * TLVs in all three modes, from MCUboot's documented behaviour:
 *  - overwrite: test and permanent requests both copy; no revert; the
 *    primary reads confirmed; the secondary's trailer and header are
 *    erased; invalid / downgrading / too large / dependency-failing
 *    candidates are erased and the old image boots; a request over an
 *    empty primary is carried out;
 *  - direct-xip: the highest valid version with a trailer magic boots in
 *    place; copy_done marks the first try; an unconfirmed image is erased
 *    on the next boot and the other slot runs; no magic = never picked;
 *  - dependencies: on image 0 = the image's own version, on image 1 (the
 *    imgtool-v2 vectors: -d "(1,1.2.3+0)") = never met here.
 */
#include <string.h>

#include "boot/boot_modes.h"
#include "boot/bootutil.h"
#include "boot/bootutil_validate.h"
#include "boot/image.h"
#include "tests/test.h"
#include "tests/test_boot_fixture.h"
#include "tools/imgtool/keys.h"

TEST_MAIN_DEFS;

#define CAP (128 * 1024)

static struct boot_fixture fx;
static uint8_t img_a[CAP], img_b[CAP], img_c[CAP];
static uint32_t len_a, len_b, len_c;
static struct boot_rsp rsp;

static const struct bf_geometry geo8 = { 4096, 16, 15, 8, 0 };

enum mode { SWAP_MOVE, OVERWRITE, XIP };

static uint32_t make_dep(uint8_t *out, uint32_t size, uint8_t seed,
			 uint8_t major, uint8_t minor, int dep_id,
			 uint8_t dep_major, uint8_t dep_minor)
{
	struct bf_image im = { size, seed, { major, minor, 0, 0 }, 0, 0 };
	struct boot_slot_dep dep;
	uint32_t n;

	memset(&dep, 0, sizeof(dep));
	dep.image_id = (uint8_t)dep_id;
	dep.min_version.major = dep_major;
	dep.min_version.minor = dep_minor;
	n = bf_build_image_deps(&im, &dep, dep_id >= 0 ? 1 : 0, out, CAP);
	CHECK_EQ(n, size);
	return n;
}

static uint32_t make(uint8_t *out, uint32_t size, uint8_t seed, uint8_t major,
		     uint8_t minor)
{
	return make_dep(out, size, seed, major, minor, -1, 0, 0);
}

static int go(enum mode m)
{
	bf_log_clear(&fx);
	memset(&rsp, 0, sizeof(rsp));
	switch (m) {
	case OVERWRITE:
		return boot_go_overwrite(&fx.cfg, &rsp);
	case XIP:
		return boot_go_direct_xip(&fx.cfg, &rsp);
	default:
		return boot_go(&fx.cfg, &rsp);
	}
}

static bool range_erased(const struct flash_area *fa, uint32_t off,
			 uint32_t len)
{
	const uint8_t *p = bf_slot_mem(&fx, fa) + off;

	for (uint32_t i = 0; i < len; i++) {
		if (p[i] != 0xff) {
			return false;
		}
	}
	return true;
}

/* direct-xip's erase: header page and trailer, no image left */
static bool slot_dropped(const struct flash_area *fa)
{
	struct boot_slot_info info;

	return range_erased(fa, 0, 4096) &&
	       bf_state(&fx, fa).magic == BOOT_MAGIC_UNSET &&
	       boot_peek_image_hook(fa, NULL, &info) != 0;
}

/* ---- overwrite-only ---- */

static void ow_setup(void)
{
	bf_init(&fx, &geo8);
	fx.cfg.downgrade = BOOT_DOWNGRADE_BY_VERSION;
	len_a = make(img_a, 3 * 4096 + 100, 1, 1, 0);
	len_b = make(img_b, 5 * 4096 + 2048, 2, 1, 1);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
}

static void test_overwrite_request(bool permanent)
{
	struct boot_swap_state p;
	bool confirmed = false;

	ow_setup();
	CHECK_EQ(boot_request_upgrade(&fx.sec, permanent), 0);
	CHECK_EQ(go(OVERWRITE), 0);
	CHECK_EQ(rsp.swap_type, permanent ? BOOT_SWAP_TYPE_PERM
					  : BOOT_SWAP_TYPE_TEST);
	CHECK(rsp.fa == &fx.pri);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK_EQ(rsp.info.version.minor, 1);
	/* confirmed: nothing will ever revert it */
	p = bf_state(&fx, &fx.pri);
	CHECK_EQ(p.magic, BOOT_MAGIC_GOOD);
	CHECK_EQ(p.image_ok, BOOT_FLAG_SET);
	CHECK_EQ(boot_is_image_confirmed(&fx.pri, &confirmed), 0);
	CHECK(confirmed);
	/* the secondary: request and header gone, as MCUboot leaves it */
	CHECK_EQ(bf_state(&fx, &fx.sec).magic, BOOT_MAGIC_UNSET);
	CHECK(range_erased(&fx.sec, 0, 4096));
	/* a test request was not a test: the next boots keep B */
	CHECK_EQ(go(OVERWRITE), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	CHECK_EQ(go(OVERWRITE), 0);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
}

/* Candidates that must not be copied: erased, A keeps running. */
static void test_overwrite_refused(void)
{
	static const char *const why[] = {
		"Image in the secondary slot is not valid!",
		"insufficient version in secondary slot",
		"Image in the secondary slot is too large",
	};

	for (int c = 0; c < 3; c++) {
		ow_setup();
		if (c == 0) {
			bf_slot_mem(&fx, &fx.sec)[0x300] ^= 1;
		} else if (c == 1) {
			len_b = make(img_b, 2 * 4096, 3, 0, 9);
			bf_program_slot(&fx, &fx.sec, img_b, len_b);
		} else {
			/* fits the secondary, not the smaller primary */
			static const struct bf_geometry small_pri = {
				4096, 6, 15, 8, 0
			};

			bf_init(&fx, &small_pri);
			fx.cfg.downgrade = BOOT_DOWNGRADE_BY_VERSION;
			bf_program_slot(&fx, &fx.pri, img_a, len_a);
			len_b = make(img_b, 6 * 4096 - 40, 3, 2, 0);
			bf_program_slot(&fx, &fx.sec, img_b, len_b);
		}
		CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
		CHECK_EQ(go(OVERWRITE), 0);
		CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
		CHECK(bf_log_has(&fx, why[c]));
		CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
		CHECK(range_erased(&fx.sec, 0, fx.sec.size));
	}
	/* the largest image the primary takes: up to its swap_size field */
	{
		static const struct bf_geometry small_pri = { 4096, 6, 15, 8,
							      0 };
		struct boot_trailer_layout lay;

		bf_init(&fx, &small_pri);
		CHECK_EQ(boot_trailer_layout_init(&lay, &fx.pri, 0, 0), 0);
		len_a = make(img_a, 2 * 4096, 1, 1, 0);
		bf_program_slot(&fx, &fx.pri, img_a, len_a);
		len_b = make(img_b, boot_swap_size_off(&lay), 3, 2, 0);
		bf_program_slot(&fx, &fx.sec, img_b, len_b);
		CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
		CHECK_EQ(go(OVERWRITE), 0);
		CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_PERM);
		CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
		CHECK_EQ(go(OVERWRITE), 0);
		CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	}
	/* no request: nothing happens, B stays where it is */
	ow_setup();
	CHECK_EQ(go(OVERWRITE), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));
}

/* Overwrite does not need the old image: an empty primary is filled. */
static void test_overwrite_empty_primary(void)
{
	ow_setup();
	CHECK_EQ(flash_area_erase(&fx.pri, 0, fx.pri.size), 0);
	CHECK_EQ(go(OVERWRITE), BOOT_ENOBOOT); /* nothing asked, nothing */
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(go(OVERWRITE), 0);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
	/* bootstrap: a valid secondary and no primary, no request needed */
	ow_setup();
	CHECK_EQ(flash_area_erase(&fx.pri, 0, fx.pri.size), 0);
	fx.cfg.bootstrap = true;
	CHECK_EQ(go(OVERWRITE), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_PERM);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, len_b));
}

/* ---- direct-xip ---- */

/* A in the primary, confirmed (imgtool --pad --confirm); B in the other. */
static void xip_setup(uint8_t b_major, bool b_request)
{
	bf_init(&fx, &geo8);
	len_a = make(img_a, 3 * 4096 + 100, 1, 1, 0);
	len_b = make(img_b, 5 * 4096 + 2048, 2, b_major, 1);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	CHECK_EQ(boot_request_upgrade(&fx.pri, true), 0);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	if (b_request) {
		CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	}
}

static void test_xip_try_then_revert(void)
{
	struct boot_swap_state s;

	xip_setup(1, true);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.sec);
	CHECK_EQ(rsp.image_off, fx.sec.off);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_TEST);
	CHECK_EQ(rsp.info.version.minor, 1);
	s = bf_state(&fx, &fx.sec);
	CHECK_EQ(s.copy_done, BOOT_FLAG_SET); /* "tried" */
	CHECK_EQ(s.image_ok, BOOT_FLAG_UNSET);
	/* nothing was copied: both images where they were */
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));
	/* reset without a confirm: B is dropped, A runs */
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.pri);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_REVERT);
	CHECK(slot_dropped(&fx.sec));
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.pri);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
}

static void test_xip_confirm_then_next(void)
{
	xip_setup(1, true);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.sec);
	CHECK_EQ(boot_confirm_image(&fx.sec), 0);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.sec);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
	/* the next update goes to the slot not running: the primary */
	len_c = make(img_c, 2 * 4096, 5, 1, 2);
	bf_program_slot(&fx, &fx.pri, img_c, len_c);
	CHECK_EQ(boot_request_upgrade(&fx.pri, false), 0);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.pri);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_TEST);
	CHECK_EQ(go(XIP), 0); /* not confirmed: B again */
	CHECK(rsp.fa == &fx.sec);
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));
}

static void test_xip_selection(void)
{
	/* older image with a request: the newer confirmed one runs */
	xip_setup(0, true);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.pri);
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));
	/* newer image without a magic: never picked */
	xip_setup(2, false);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.pri);
	CHECK(bf_log_has(&fx, "Image in the secondary slot is not marked "
			      "for boot (no trailer magic)"));
	CHECK(bf_slot_equals(&fx, &fx.sec, img_b, len_b));
	/* newer and invalid: erased, A runs */
	xip_setup(2, true);
	bf_slot_mem(&fx, &fx.sec)[0x400] ^= 0x10;
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.pri);
	CHECK(slot_dropped(&fx.sec));
	/* same version in both: the primary */
	xip_setup(1, true);
	len_b = make(img_b, 2 * 4096, 7, 1, 0);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.pri);
	/* nothing runnable anywhere */
	bf_init(&fx, &geo8);
	CHECK_EQ(go(XIP), BOOT_ENOBOOT);
	/* the only image tried and never confirmed: erased, nothing boots */
	xip_setup(1, false);
	CHECK_EQ(flash_area_erase(&fx.pri, 0, fx.pri.size), 0);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	CHECK_EQ(go(XIP), 0);
	CHECK(rsp.fa == &fx.sec);
	CHECK_EQ(go(XIP), BOOT_ENOBOOT);
}

/* ---- dependencies ---- */

/*
 * A in the primary (and requested, for direct-xip), B requested in the
 * secondary, one boot: true when the mode installed / booted B.
 */
static bool offer_b(enum mode m)
{
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	if (m == XIP) {
		CHECK_EQ(boot_request_upgrade(&fx.pri, true), 0);
	}
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
	CHECK_EQ(go(m), 0);
	if (m == XIP) {
		return rsp.fa == &fx.sec;
	}
	return bf_slot_equals(&fx, &fx.pri, img_b, len_b);
}

/* B needs dep; true when the mode installs/boots it. */
static bool dep_case(enum mode m, int dep_id, uint8_t dmaj, uint8_t dmin)
{
	bf_init(&fx, &geo8);
	fx.cfg.downgrade = BOOT_DOWNGRADE_BY_VERSION;
	len_a = make(img_a, 3 * 4096 + 100, 1, 1, 0);
	len_b = make_dep(img_b, 4 * 4096, 2, 1, 3, dep_id, dmaj, dmin);
	return offer_b(m);
}

/* BOOT_MAX_DEPS + 1 dependencies on image 0 >= 0.0.0 (each one met). */
static bool too_many_deps_case(enum mode m)
{
	struct bf_image im = { 4 * 4096, 2, { 2, 1, 0, 0 }, 0, 0 };
	struct boot_slot_dep deps[BOOT_MAX_DEPS + 1];

	memset(deps, 0, sizeof(deps));
	bf_init(&fx, &geo8);
	fx.cfg.downgrade = BOOT_DOWNGRADE_BY_VERSION;
	len_a = make(img_a, 3 * 4096 + 100, 1, 1, 0);
	len_b = bf_build_image_deps(&im, deps, BOOT_MAX_DEPS + 1, img_b, CAP);
	CHECK_EQ(len_b, im.size);
	return offer_b(m);
}

static void test_dependencies(void)
{
	for (int m = SWAP_MOVE; m <= XIP; m++) {
		/* on image 0 = itself (1.3.0): met up to its own version */
		CHECK(dep_case((enum mode)m, 0, 1, 3));
		CHECK(dep_case((enum mode)m, 0, 0, 9));
		CHECK(!dep_case((enum mode)m, 0, 1, 4));
		CHECK(bf_log_has(&fx, "Image 0 depends on image 0 >= 1.4.0: "
				      "image 0 would be 1.3.0"));
		CHECK(bf_log_has(&fx, "Cannot upgrade: dependencies are not "
				      "satisfied"));
		CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
		/* on an image this single-image bootloader does not have */
		CHECK(!dep_case((enum mode)m, 1, 0, 0));
		CHECK(bf_log_has(&fx, "Image 0 depends on image 1 >= 0.0.0: "
				      "no such image"));
		CHECK(!dep_case((enum mode)m, 7, 1, 0));
		/* no dependency at all: installed */
		CHECK(dep_case((enum mode)m, -1, 0, 0));
		/* more than the bootloader keeps, each met: not installed */
		CHECK(!too_many_deps_case((enum mode)m));
		CHECK(bf_log_has(&fx, "Image 0: too many dependencies"));
	}
}

/* imgtool 2.4.0: -d "(1,1.2.3+0)", Ed25519 (trusted) and ECDSA P-256. */
static void test_dependency_vectors(void)
{
	struct boot_slot_info info;
	struct imgtool_key key;
	struct boot_image_key vkey;
	struct boot_image_verifier v = { &vkey, 1, false, false };
	uint8_t pub[IMGTOOL_KEY_DER_MAX];
	size_t pub_len;
	int n;

	for (int m = SWAP_MOVE; m <= OVERWRITE; m++) {
		bf_init(&fx, &geo8);
		len_a = make(img_a, 2 * 4096, 1, 1, 0);
		bf_program_slot(&fx, &fx.pri, img_a, len_a);
		n = bf_load("vectors/imgtool-v2/s3000-ed25519-dep.bin", img_b,
			    CAP);
		CHECK_EQ(n, 3676);
		bf_program_slot(&fx, &fx.sec, img_b, (uint32_t)n);
		CHECK_EQ(boot_validate_image_hook(&fx.sec, &fx.verifier,
						  &info), 0);
		CHECK_EQ(info.dep_count, 1);
		CHECK_EQ(info.deps[0].image_id, 1);
		CHECK_EQ(info.deps[0].min_version.major, 1);
		CHECK_EQ(info.deps[0].min_version.minor, 2);
		CHECK_EQ(info.deps[0].min_version.revision, 3);
		CHECK_EQ(boot_request_upgrade(&fx.sec, true), 0);
		CHECK_EQ(go((enum mode)m), 0);
		CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
		CHECK(bf_log_has(&fx, "Image 0 depends on image 1 >= 1.2.3: "
				      "no such image"));
		CHECK(bf_slot_equals(&fx, &fx.pri, img_a, len_a));
	}
	/* the P-256 one, with imgtool's key */
	imgtool_key_init(&key);
	CHECK_EQ(imgtool_key_load_file(&key, "vectors/imgtool-v2/keys/"
					     "ecdsa-p256.pem"), 0);
	CHECK_EQ(imgtool_key_public_raw(&key, pub, sizeof(pub), &pub_len), 0);
	imgtool_key_free(&key);
	CHECK_EQ(boot_image_key_ecdsa_p256(&vkey, pub, pub_len), 0);
	bf_init(&fx, &geo8);
	n = bf_load("vectors/imgtool-v2/s3000-ecp256-dep.bin", img_b, CAP);
	CHECK_EQ(n, 3683);
	bf_program_slot(&fx, &fx.sec, img_b, (uint32_t)n);
	CHECK_EQ(boot_validate_image_hook(&fx.sec, &v, &info), 0);
	CHECK_EQ(info.dep_count, 1);
	CHECK_EQ(info.deps[0].image_id, 1);
	CHECK_EQ(info.deps[0].min_version.revision, 3);
	CHECK(!boot_deps_met(&fx.cfg, &info));
	/* a dependency TLV of the wrong length: the image is refused */
	{
		uint8_t *p = bf_slot_mem(&fx, &fx.sec) + 0xdb8 + 4 + 2;

		CHECK_EQ(p[-2], 0x40); /* first protected TLV: DEPENDENCY */
		p[0] = 8;
		CHECK(boot_peek_image_hook(&fx.sec, NULL, &info) != 0);
	}
}

int main(void)
{
	test_overwrite_request(false);
	test_overwrite_request(true);
	test_overwrite_refused();
	test_overwrite_empty_primary();
	test_xip_try_then_revert();
	test_xip_confirm_then_next();
	test_xip_selection();
	test_dependencies();
	test_dependency_vectors();
	return test_report("test_boot_modes");
}
