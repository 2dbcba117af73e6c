/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power cuts at every flash write and erase of the overwrite-only and
 * direct-xip loaders (boot/boot_modes.h) and of the application's requests
 * and confirms in those modes, with the operation either not done at all
 * (BEFORE) or half done (TORN), and for the loaders also a second cut
 * during the first recovery boot. After each cut the board boots until the
 * loader succeeds (at most 8 tries); the image it boots must be byte for
 * byte one of ours, and the outcome one the mode's rules allow:
 *  - overwrite, request accepted: B in the primary, confirmed, no request
 *    left (the copy restarts from the intact secondary until it is done);
 *  - overwrite, candidate refused: A untouched, no request left;
 *  - overwrite, request write cut: A untouched and no request, or B in;
 *  - direct-xip first try: B runs as a first try, or (cut inside the
 *    copy_done write only) A runs and B is gone, never booted untried twice;
 *  - direct-xip revert: A runs and B never boots again;
 *  - direct-xip confirm cut: B stays (confirmed) or A runs (reverted).
 * Counts are printed per case and in total.
 */
#include <stdlib.h>
#include <string.h>

#include "boot/boot_modes.h"
#include "boot/bootutil.h"
#include "tests/test.h"
#include "tests/test_boot_fixture.h"

TEST_MAIN_DEFS;

#define CAP (64 * 1024)

static struct boot_fixture fx;
static uint8_t img_a[CAP], img_b[CAP];
static uint32_t len_a, len_b;
static uint8_t snap[BF_MEM_MAX];
static uint32_t flash_size;
static const struct bf_geometry geo8 = { 4096, 16, 15, 8, 0 };
static const struct bf_geometry *geo = &geo8;

enum action {
	OW_TEST,     /* overwrite: boot with a test request */
	OW_PERM,     /* ... with a permanent request */
	OW_REJECT,   /* ... with an invalid candidate */
	OW_REQ,      /* the application's test request */
	XIP_TRY,     /* direct-xip: first boot of B */
	XIP_REVERT,  /* ... the boot after it, B not confirmed */
	XIP_CONFIRM, /* the application's confirm of B */
	XIP_REQ,     /* the application's request for B */
	ACTION_COUNT,
};

static const char *const names[ACTION_COUNT] = {
	"ow test copy", "ow perm copy", "ow reject", "ow request",
	"xip first try", "xip revert", "xip confirm", "xip request",
};

static bool is_xip(enum action a)
{
	return a >= XIP_TRY;
}

static int loader(enum action a, struct boot_rsp *rsp)
{
	return is_xip(a) ? boot_go_direct_xip(&fx.cfg, rsp)
			 : boot_go_overwrite(&fx.cfg, rsp);
}

static bool is_loader_action(enum action a)
{
	return a != OW_REQ && a != XIP_CONFIRM && a != XIP_REQ;
}

static int run(enum action a)
{
	struct boot_rsp rsp;

	switch (a) {
	case OW_REQ:
		return boot_request_upgrade_ex(&fx.sec, false, geo->max_align,
					       0);
	case XIP_REQ:
		return boot_request_upgrade_ex(&fx.sec, false, geo->max_align,
					       0);
	case XIP_CONFIRM:
		return boot_confirm_image_ex(&fx.sec, geo->max_align, 0);
	default:
		return loader(a, &rsp);
	}
}

static void prepare(enum action a, uint32_t size_a, uint32_t size_b)
{
	struct bf_image ia = { size_a, 1, { 1, 0, 0, 0 }, 0, 0 };
	struct bf_image ib = { size_b, 2, { 1, 1, 0, 0 }, 0, 0 };
	struct boot_rsp rsp;

	bf_init(&fx, geo);
	fx.cfg.downgrade = BOOT_DOWNGRADE_BY_VERSION;
	flash_size = fx.sim.dev.params.size;
	len_a = bf_build_image(&ia, img_a, sizeof(img_a));
	len_b = bf_build_image(&ib, img_b, sizeof(img_b));
	CHECK(len_a == size_a && len_b == size_b);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	if (is_xip(a)) {
		/* A as a programmer leaves it: --pad --confirm */
		CHECK_EQ(boot_request_upgrade_ex(&fx.pri, true,
						 geo->max_align, 0), 0);
	}
	if (a == OW_REJECT) {
		bf_slot_mem(&fx, &fx.sec)[0x200 + 77] ^= 0x04;
	}
	if (a == OW_TEST || a == OW_REJECT || a == XIP_TRY ||
	    a == XIP_REVERT || a == XIP_CONFIRM) {
		CHECK_EQ(boot_request_upgrade_ex(&fx.sec, false,
						 geo->max_align, 0), 0);
	}
	if (a == OW_PERM) {
		CHECK_EQ(boot_request_upgrade_ex(&fx.sec, true, geo->max_align,
						 0), 0);
	}
	if (a == XIP_REVERT || a == XIP_CONFIRM) {
		CHECK_EQ(boot_go_direct_xip(&fx.cfg, &rsp), 0);
		CHECK(rsp.fa == &fx.sec);
	}
}

static bool no_request(void)
{
	return bf_state(&fx, &fx.sec).magic != BOOT_MAGIC_GOOD;
}

static bool b_installed(void)
{
	struct boot_swap_state p = bf_state(&fx, &fx.pri);

	return bf_slot_equals(&fx, &fx.pri, img_b, len_b) &&
	       p.magic == BOOT_MAGIC_GOOD && p.image_ok == BOOT_FLAG_SET &&
	       no_request();
}

static bool a_untouched(void)
{
	return bf_slot_equals(&fx, &fx.pri, img_a, len_a);
}

/* A boot after the outcome: the same image again, nothing changes. */
static bool stable(enum action a, const struct boot_rsp *first)
{
	struct boot_rsp again;

	return loader(a, &again) == 0 && again.fa == first->fa &&
	       again.swap_type == BOOT_SWAP_TYPE_NONE;
}

static bool outcome_ok(enum action a, const struct boot_rsp *rsp,
		       bool cut_in_try)
{
	struct boot_swap_state s = bf_state(&fx, &fx.sec);
	bool on_a = rsp->fa == &fx.pri && a_untouched();
	bool on_b = rsp->fa == &fx.sec &&
		    bf_slot_equals(&fx, &fx.sec, img_b, len_b);

	switch (a) {
	case OW_TEST:
	case OW_PERM:
		return rsp->fa == &fx.pri && b_installed() && stable(a, rsp);
	case OW_REJECT:
		return rsp->fa == &fx.pri && a_untouched() && no_request() &&
		       stable(a, rsp);
	case OW_REQ:
		return rsp->fa == &fx.pri &&
		       ((a_untouched() && no_request()) || b_installed());
	case XIP_TRY:
		if (on_b) {
			return s.copy_done == BOOT_FLAG_SET &&
			       s.image_ok == BOOT_FLAG_UNSET;
		}
		/* only a cut in the copy_done write may cost the update */
		return cut_in_try && on_a && stable(a, rsp);
	case XIP_REVERT:
		return on_a && stable(a, rsp);
	case XIP_CONFIRM:
		return (on_b && s.image_ok == BOOT_FLAG_SET &&
			stable(a, rsp)) ||
		       (on_a && stable(a, rsp));
	case XIP_REQ:
		return on_a || (on_b && s.copy_done == BOOT_FLAG_SET);
	default:
		return false;
	}
}

static void save(void)
{
	memcpy(snap, bf_mem, flash_size);
}

static void restore(void)
{
	memcpy(bf_mem, snap, flash_size);
	flash_sim_power_on(&fx.sim);
	flash_sim_cut_power_at(&fx.sim, 0, FLASH_SIM_CUT_BEFORE);
}

static int cut_op(void *user)
{
	return run(*(enum action *)user);
}

static int cut_boot(void *user, struct boot_rsp *rsp)
{
	return loader(*(enum action *)user, rsp);
}

static bool one_cut(enum action a, uint32_t k, enum flash_sim_cut mode,
		    uint32_t second_cut)
{
	const struct bf_cut cut = { cut_op, cut_boot, NULL, &a };
	struct boot_rsp rsp;
	uint32_t boots;

	restore();
	if (bf_cut_and_boot(&fx, &cut, k, mode, second_cut, &rsp, &boots) !=
	    0) {
		return false;
	}
	if (!bf_slot_equals(&fx, rsp.fa, img_a, len_a) &&
	    !bf_slot_equals(&fx, rsp.fa, img_b, len_b)) {
		fprintf(stderr, "booted slot holds neither image, cut %u\n",
			k);
		return false;
	}
	/* XIP_TRY has one flash op, the copy_done write itself */
	if (!outcome_ok(a, &rsp, a == XIP_TRY)) {
		struct boot_swap_state s = bf_state(&fx, &fx.sec);

		fprintf(stderr, "  outcome: booted %s, sec magic %u copy_done "
			"%u image_ok %u\n", rsp.fa == &fx.pri ? "pri" : "sec",
			s.magic, s.copy_done, s.image_ok);
		return false;
	}
	return true;
}

struct pf_result {
	uint32_t points;
	uint32_t failures;
};

static struct pf_result sweep(enum action a, uint32_t size_a, uint32_t size_b,
			      enum flash_sim_cut mode, bool double_cut)
{
	struct pf_result r = { 0, 0 };
	uint32_t ops0, n;

	prepare(a, size_a, size_b);
	save();
	ops0 = flash_sim_ops(&fx.sim);
	CHECK_EQ(run(a), 0);
	n = flash_sim_ops(&fx.sim) - ops0;
	CHECK(n > 0);
	for (uint32_t k = 1; k <= n; k++) {
		uint32_t second = double_cut ? 1 + (k * 7) % 23 : 0;
		bool ok = one_cut(a, k, mode, second);

		r.points++;
		CHECK(ok);
		if (!ok) {
			fprintf(stderr, "  %s, %s: cut at op %u of %u (second "
				"cut %u) failed\n", names[a],
				mode == FLASH_SIM_CUT_TORN ? "torn" : "before",
				k, n, second);
			r.failures++;
		}
	}
	return r;
}

int main(void)
{
	static const uint32_t sizes[][2] = {
		{ 3000, 4096 },
		{ 3 * 4096 + 5, 5 * 4096 + 2048 },
		{ 13 * 4096 + 77, 14 * 4096 },
	};
	static const char *const size_names[] = { "1 sector", "5.5 sectors",
						  "14 sectors" };
	static const struct bf_geometry g4 = { 4096, 16, 15, 4, 0 };
	static const struct bf_geometry g16 = { 4096, 16, 15, 16, 0 };
	uint32_t total_ow = 0, total_xip = 0;

	for (int a = 0; a < ACTION_COUNT; a++) {
		for (int s = 0; s < 3; s++) {
			for (int m = 0; m < 2; m++) {
				for (int d = 0; d < 2; d++) {
					struct pf_result r;

					if (d && !is_loader_action(
							 (enum action)a)) {
						continue;
					}
					r = sweep((enum action)a, sizes[s][0],
						  sizes[s][1],
						  m ? FLASH_SIM_CUT_TORN
						    : FLASH_SIM_CUT_BEFORE,
						  d);
					printf("power cut %-6s %-13s %-11s%s: "
					       "%3u points, %u failed\n",
					       m ? "torn" : "before", names[a],
					       size_names[s],
					       d ? " +2nd cut" : "",
					       r.points, r.failures);
					CHECK_EQ(r.failures, 0);
					*(is_xip((enum action)a) ? &total_xip
								 : &total_ow) +=
						r.points;
				}
			}
		}
	}
	/* write blocks 4 and 16, 5.5-sector image, single cuts */
	for (int g = 0; g < 2; g++) {
		geo = g ? &g16 : &g4;
		for (int a = 0; a < ACTION_COUNT; a++) {
			for (int m = 0; m < 2; m++) {
				struct pf_result r = sweep(
					(enum action)a, sizes[1][0],
					sizes[1][1],
					m ? FLASH_SIM_CUT_TORN
					  : FLASH_SIM_CUT_BEFORE, false);

				CHECK_EQ(r.failures, 0);
				*(is_xip((enum action)a) ? &total_xip
							 : &total_ow) +=
					r.points;
			}
		}
	}
	geo = &geo8;
	printf("power cut: overwrite-only %u interruption points, direct-xip "
	       "%u, all cut points\n", total_ow, total_xip);
	return test_report("test_boot_modes_powerfail");
}
