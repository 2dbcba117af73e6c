/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power cuts at every flash write and erase of (a) a test swap, (b) the
 * revert that follows it, (c) the trailer writes of an upgrade request
 * (test and permanent), for three image sizes, with the operation either
 * not done at all (BEFORE) or half done (TORN). After each cut the board
 * powers on and boots again until boot_go succeeds; the primary must then
 * hold a valid image, byte for byte the expected one, and both trailers
 * must be in the state MCUboot's rules give for the finished operation.
 * A second cut during the recovery boot is tried too (swap and revert).
 */
#include <stdlib.h>
#include <string.h>

#include "boot/bootutil.h"
#include "tests/test.h"
#include "tests/test_boot_fixture.h"

TEST_MAIN_DEFS;

static struct boot_fixture fx;
static uint8_t img_a[64 * 1024], img_b[64 * 1024];
static uint32_t len_a, len_b;
static uint8_t snap[BF_MEM_MAX];
static uint32_t flash_size;

static const struct bf_geometry geo8 = { 4096, 16, 15, 8, 0 };
static const struct bf_geometry *geo = &geo8;
static bool swap_was_complete;

enum action { SWAP, REVERT, REQ_TEST, REQ_PERM, PERM_SWAP, REJECT };

static const char *const action_names[] = {
	"test swap", "revert", "request (test)", "request (perm)",
	"perm swap", "reject bad",
};

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

static int run(enum action a)
{
	struct boot_rsp rsp;

	switch (a) {
	case REQ_TEST:
		return boot_request_upgrade(&fx.sec, false);
	case REQ_PERM:
		return boot_request_upgrade(&fx.sec, true);
	default:
		return boot_go(&fx.cfg, &rsp);
	}
}

/* The flash state the action starts from. */
static void prepare(enum action a, uint32_t size_a, uint32_t size_b)
{
	struct bf_image ia = { size_a, 1, { 1, 0, 0, 0 }, 0, 0 };
	struct bf_image ib = { size_b, 2, { 1, 1, 0, 0 }, 0, 0 };
	struct boot_rsp rsp;

	bf_init(&fx, geo);
	flash_size = fx.sim.dev.params.size;
	len_a = bf_build_image(&ia, img_a, sizeof(img_a));
	len_b = bf_build_image(&ib, img_b, sizeof(img_b));
	CHECK(len_a == size_a && len_b == size_b);
	bf_program_slot(&fx, &fx.pri, img_a, len_a);
	bf_program_slot(&fx, &fx.sec, img_b, len_b);
	if (a == REJECT) {
		/* one payload bit off: the hash no longer matches */
		bf_slot_mem(&fx, &fx.sec)[0x200 + 77] ^= 0x04;
	}
	if (a == SWAP || a == REVERT || a == REJECT) {
		CHECK_EQ(boot_request_upgrade_ex(&fx.sec, false,
						 geo->max_align, 0), 0);
	}
	if (a == PERM_SWAP) {
		CHECK_EQ(boot_request_upgrade_ex(&fx.sec, true,
						 geo->max_align, 0), 0);
	}
	if (a == REVERT) {
		CHECK_EQ(boot_go(&fx.cfg, &rsp), 0);
		CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_TEST);
	}
}

static bool sec_request_gone(void)
{
	return bf_state(&fx, &fx.sec).magic == BOOT_MAGIC_UNSET;
}

/* New image B runs as a test: a revert is due on the next boot. */
static bool state_b_testing(void)
{
	struct boot_swap_state p = bf_state(&fx, &fx.pri);

	return bf_slot_equals(&fx, &fx.pri, img_b, len_b) &&
	       bf_slot_equals(&fx, &fx.sec, img_a, len_a) &&
	       p.magic == BOOT_MAGIC_GOOD && p.copy_done == BOOT_FLAG_SET &&
	       p.image_ok == BOOT_FLAG_UNSET && sec_request_gone();
}

/* B installed for good. */
static bool state_b_perm(void)
{
	struct boot_swap_state p = bf_state(&fx, &fx.pri);

	return bf_slot_equals(&fx, &fx.pri, img_b, len_b) &&
	       bf_slot_equals(&fx, &fx.sec, img_a, len_a) &&
	       p.magic == BOOT_MAGIC_GOOD && p.copy_done == BOOT_FLAG_SET &&
	       p.image_ok == BOOT_FLAG_SET && sec_request_gone();
}

/* A back in the primary for good, B in the secondary without a request. */
static bool state_a_reverted(void)
{
	struct boot_swap_state p = bf_state(&fx, &fx.pri);

	return bf_slot_equals(&fx, &fx.pri, img_a, len_a) &&
	       bf_slot_equals(&fx, &fx.sec, img_b, len_b) &&
	       p.image_ok == BOOT_FLAG_SET && sec_request_gone();
}

/* Request did not take effect: A runs untouched, B waits in place. */
static bool state_a_untouched(void)
{
	return bf_slot_equals(&fx, &fx.pri, img_a, len_a) &&
	       bf_slot_equals(&fx, &fx.sec, img_b, len_b);
}

/* After the recovery boot(s): is the outcome one the rules allow? */
static bool outcome_ok(enum action a, const struct boot_rsp *rsp)
{
	struct boot_rsp again;
	uint8_t type = 0;

	switch (a) {
	case SWAP:
		return state_b_testing() ||
		       (swap_was_complete && state_a_reverted() &&
			rsp->swap_type == BOOT_SWAP_TYPE_REVERT);
	case REVERT:
		if (!state_a_reverted()) {
			return false;
		}
		/* and it stays: the next boot does nothing */
		return boot_go(&fx.cfg, &again) == 0 &&
		       again.swap_type == BOOT_SWAP_TYPE_NONE &&
		       bf_slot_equals(&fx, &fx.pri, img_a, len_a);
	case REQ_TEST:
		if (state_b_testing()) {
			return true;
		}
		if (!state_a_untouched() ||
		    rsp->swap_type != BOOT_SWAP_TYPE_NONE) {
			return false;
		}
		/* it did not take: asking again works */
		return boot_pending_swap_type(&fx.pri, &fx.sec, &type) == 0 &&
		       type == BOOT_SWAP_TYPE_NONE &&
		       boot_request_upgrade(&fx.sec, false) == 0 &&
		       boot_go(&fx.cfg, &again) == 0 && state_b_testing();
	case PERM_SWAP:
		return state_b_perm() && boot_go(&fx.cfg, &again) == 0 &&
		       again.swap_type == BOOT_SWAP_TYPE_NONE && state_b_perm();
	case REJECT:
		/* A untouched, the request gone, and it stays that way */
		return bf_slot_equals(&fx, &fx.pri, img_a, len_a) &&
		       bf_state(&fx, &fx.sec).magic != BOOT_MAGIC_GOOD &&
		       rsp->swap_type == BOOT_SWAP_TYPE_NONE &&
		       boot_go(&fx.cfg, &again) == 0 &&
		       again.swap_type == BOOT_SWAP_TYPE_NONE &&
		       bf_slot_equals(&fx, &fx.pri, img_a, len_a);
	case REQ_PERM:
		/* image_ok is written before the magic: never a test swap */
		if (state_b_perm()) {
			return true;
		}
		if (!state_a_untouched() ||
		    rsp->swap_type != BOOT_SWAP_TYPE_NONE) {
			return false;
		}
		return boot_request_upgrade(&fx.sec, true) == 0 &&
		       boot_go(&fx.cfg, &again) == 0 && state_b_perm();
	}
	return false;
}

struct pf_result {
	uint32_t points;
	uint32_t failures;
	uint32_t max_boots;
};

static int cut_op(void *user)
{
	return run(*(enum action *)user);
}

static int cut_boot(void *user, struct boot_rsp *rsp)
{
	return boot_go(&fx.cfg, rsp);
}

/*
 * A cut (or the recovery boot's second one) may have hit the very last
 * write of a swap, after which it is complete: then the next boot
 * rightly reverts (never confirmed).
 */
static void cut_seen(void *user)
{
	if (*(enum action *)user == SWAP && state_b_testing()) {
		swap_was_complete = true;
	}
}

/* Cuts at op k (1..n), then boots like a board until one succeeds. */
static bool one_cut(enum action a, uint32_t k, enum flash_sim_cut mode,
		    uint32_t second_cut, uint32_t *boots)
{
	const struct bf_cut cut = { cut_op, cut_boot, cut_seen, &a };
	struct boot_rsp rsp;

	restore();
	swap_was_complete = false;
	if (bf_cut_and_boot(&fx, &cut, k, mode, second_cut, &rsp, boots) !=
	    0) {
		return false;
	}
	/* a valid primary image booted, byte for byte one of ours */
	if (!bf_slot_equals(&fx, &fx.pri, img_a, len_a) &&
	    !bf_slot_equals(&fx, &fx.pri, img_b, len_b)) {
		fprintf(stderr, "primary is neither image after cut %u\n", k);
		return false;
	}
	if (!outcome_ok(a, &rsp)) {
		struct boot_swap_state p = bf_state(&fx, &fx.pri);

		fprintf(stderr, "  outcome: rsp type %u, pri=%s magic %u "
			"copy_done %u image_ok %u, sec=%s magic %u, "
			"complete-before %d\n", rsp.swap_type,
			bf_slot_equals(&fx, &fx.pri, img_a, len_a) ? "A" : "B",
			p.magic, p.copy_done, p.image_ok,
			bf_slot_equals(&fx, &fx.sec, img_a, len_a) ? "A" :
			bf_slot_equals(&fx, &fx.sec, img_b, len_b) ? "B" : "?",
			bf_state(&fx, &fx.sec).magic, swap_was_complete);
		return false;
	}
	return true;
}

static struct pf_result sweep(enum action a, uint32_t size_a, uint32_t size_b,
			      enum flash_sim_cut mode, bool double_cut)
{
	struct pf_result r = { 0, 0, 0 };
	uint32_t ops0, n;

	prepare(a, size_a, size_b);
	save();
	ops0 = flash_sim_ops(&fx.sim);
	CHECK_EQ(run(a), 0);
	n = flash_sim_ops(&fx.sim) - ops0;
	CHECK(n > 0);
	for (uint32_t k = 1; k <= n; k++) {
		uint32_t boots = 0;
		/* second cut somewhere in the recovery, varying with k */
		uint32_t second = double_cut ? 1 + (k * 7) % 23 : 0;
		bool ok = one_cut(a, k, mode, second, &boots);

		r.points++;
		CHECK(ok);
		if (!ok) {
			fprintf(stderr, "  %s, %s, size %u: cut at op %u of %u "
				"(second cut %u) failed\n", action_names[a],
				mode == FLASH_SIM_CUT_TORN ? "torn" : "before",
				size_b, k, n, second);
			r.failures++;
		}
		if (boots > r.max_boots) {
			r.max_boots = boots;
		}
	}
	return r;
}

int main(void)
{
	/* 1 sector, 5.5 sectors, the largest image the layout takes */
	static const uint32_t sizes[][2] = {
		{ 3000, 4096 },
		{ 3 * 4096 + 5, 5 * 4096 + 2048 },
		{ 13 * 4096 + 77, 14 * 4096 },
	};
	static const char *const size_names[] = { "1 sector", "5.5 sectors",
						  "14 of 14 sectors" };
	uint32_t total = 0;

	for (int a = SWAP; a <= REQ_PERM; a++) {
		for (int s = 0; s < 3; s++) {
			for (int m = 0; m < 2; m++) {
				enum flash_sim_cut mode =
					m ? FLASH_SIM_CUT_TORN
					  : FLASH_SIM_CUT_BEFORE;
				struct pf_result r = sweep(
					(enum action)a, sizes[s][0],
					sizes[s][1], mode, false);

				printf("power cut %-6s %-15s image %-16s: "
				       "%3u points, %u failed, <= %u boots\n",
				       m ? "torn" : "before", action_names[a],
				       size_names[s], r.points, r.failures,
				       r.max_boots);
				CHECK_EQ(r.failures, 0);
				total += r.points;
				if (a > REVERT) {
					continue;
				}
				r = sweep((enum action)a, sizes[s][0],
					  sizes[s][1], mode, true);
				printf("power cut %-6s %-15s image %-16s: "
				       "%3u points + a 2nd cut in recovery, "
				       "%u failed\n", m ? "torn" : "before",
				       action_names[a], size_names[s],
				       r.points, r.failures);
				CHECK_EQ(r.failures, 0);
				total += r.points;
			}
		}
	}
	/* more paths and write alignments, 5.5-sector image, single cuts */
	{
		static const struct bf_geometry g4 = { 4096, 16, 15, 4, 0 };
		static const struct bf_geometry g16 = { 4096, 16, 15, 16, 0 };
		static const struct bf_geometry g4m16 = { 4096, 16, 15, 4, 16 };
		static const struct {
			const struct bf_geometry *g;
			enum action a;
			const char *name;
		} extra[] = {
			{ &geo8, PERM_SWAP, "align 8" },
			{ &geo8, REJECT, "align 8" },
			{ &g4, SWAP, "align 4" },
			{ &g4, REVERT, "align 4" },
			{ &g16, SWAP, "align 16" },
			{ &g16, REVERT, "align 16" },
			{ &g4m16, SWAP, "align 4/max 16" },
		};

		for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
			for (int m = 0; m < 2; m++) {
				struct pf_result r;

				geo = extra[i].g;
				r = sweep(extra[i].a, sizes[1][0], sizes[1][1],
					  m ? FLASH_SIM_CUT_TORN
					    : FLASH_SIM_CUT_BEFORE, false);
				printf("power cut %-6s %-15s %-14s 5.5 sectors: "
				       "%3u points, %u failed\n",
				       m ? "torn" : "before",
				       action_names[extra[i].a], extra[i].name,
				       r.points, r.failures);
				CHECK_EQ(r.failures, 0);
				total += r.points;
			}
		}
		geo = &geo8;
	}
	printf("power cut: %u interruption points in all\n", total);
	return test_report("test_boot_powerfail");
}
