/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Flash operation counts of a test swap and of the revert after it for a
 * 384 KiB image with 4 KiB pages, next to what swap-using-move needs at
 * the least; then the same image through the overwrite-only and
 * direct-xip loaders (boot/boot_modes.h). Prints numbers; asserts only
 * that the updates happened and that no count is below the minimum
 * (timings are never asserted).
 */
#include <string.h>

#include "boot/boot_modes.h"
#include "boot/bootutil.h"
#include "tests/test.h"
#include "tests/test_boot_fixture.h"

TEST_MAIN_DEFS;

#define PAGE 4096u
#define IMAGE (384u * 1024u)
#define SECTORS (IMAGE / PAGE)

static struct boot_fixture fx;
static uint8_t img_a[IMAGE], img_b[IMAGE];

/* nRF52840-like timing, only to print a simulated busy time */
static const struct flash_sim_timing nrf52 = { 85000, 41, 4 };

static void print_stats(const char *what, const struct flash_sim_stats *s)
{
	printf("%-12s reads %6u (%7llu B)  writes %5u (%7llu B)  erases %4u "
	       "(%7llu B)  simulated busy %.2f s\n", what, s->reads,
	       (unsigned long long)s->bytes_read, s->writes,
	       (unsigned long long)s->bytes_written, s->erases,
	       (unsigned long long)s->bytes_erased, s->busy_us / 1e6);
}

static void check_minimum(const struct flash_sim_stats *s)
{
	/* every sector is erased and programmed three times: move, 2 swaps */
	CHECK(s->erases >= 3 * SECTORS);
	CHECK(s->bytes_written >= 3ull * IMAGE);
	CHECK(s->bytes_read >= 3ull * IMAGE);
}

/* Overwrite-only: the same upgrade, copied once (no revert exists). */
static void bench_overwrite(const struct bf_geometry *g,
			    const struct bf_image *a)
{
	struct boot_rsp rsp;
	struct flash_sim_stats st;

	bf_init(&fx, g);
	bf_program_slot(&fx, &fx.pri, img_a, IMAGE);
	bf_program_slot(&fx, &fx.sec, img_b, IMAGE);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	flash_sim_set_timing(&fx.sim, &nrf52);
	printf("overwrite-only, same image and geometry; minimum: %u B "
	       "written, %u sector erases (+ the trailers)\n", IMAGE,
	       SECTORS);
	flash_sim_reset_stats(&fx.sim);
	CHECK_EQ(boot_go_overwrite(&fx.cfg, &rsp), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, IMAGE));
	st = *flash_sim_get_stats(&fx.sim);
	print_stats("overwrite", &st);
	CHECK(st.erases >= SECTORS && st.bytes_written >= IMAGE);
	(void)a;
}

/* Direct-xip: a first try, the revert after it, a plain boot. */
static void bench_xip(const struct bf_geometry *g)
{
	struct boot_rsp rsp;
	struct flash_sim_stats st;

	bf_init(&fx, g);
	bf_program_slot(&fx, &fx.pri, img_a, IMAGE);
	CHECK_EQ(boot_request_upgrade(&fx.pri, true), 0);
	bf_program_slot(&fx, &fx.sec, img_b, IMAGE);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	flash_sim_set_timing(&fx.sim, &nrf52);
	printf("direct-xip, same images (A confirmed in the primary, B "
	       "requested in the secondary)\n");
	flash_sim_reset_stats(&fx.sim);
	CHECK_EQ(boot_go_direct_xip(&fx.cfg, &rsp), 0);
	CHECK(rsp.fa == &fx.sec);
	st = *flash_sim_get_stats(&fx.sim);
	print_stats("xip try", &st);
	flash_sim_reset_stats(&fx.sim);
	CHECK_EQ(boot_go_direct_xip(&fx.cfg, &rsp), 0);
	CHECK(rsp.fa == &fx.pri);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_REVERT);
	st = *flash_sim_get_stats(&fx.sim);
	print_stats("xip revert", &st);
	flash_sim_reset_stats(&fx.sim);
	CHECK_EQ(boot_go_direct_xip(&fx.cfg, &rsp), 0);
	st = *flash_sim_get_stats(&fx.sim);
	print_stats("xip plain", &st);
	CHECK_EQ(st.writes + st.erases, 0);
}

int main(void)
{
	struct bf_geometry g = { PAGE, SECTORS + 2, SECTORS + 1, 8, 0 };
	struct bf_image a = { IMAGE, 1, { 1, 0, 0, 0 }, 0, 0 };
	struct bf_image b = { IMAGE, 2, { 1, 1, 0, 0 }, 0, 0 };
	struct boot_rsp rsp;
	struct flash_sim_stats st;

	bf_init(&fx, &g);
	CHECK_EQ(bf_build_image(&a, img_a, IMAGE), IMAGE);
	CHECK_EQ(bf_build_image(&b, img_b, IMAGE), IMAGE);
	bf_program_slot(&fx, &fx.pri, img_a, IMAGE);
	bf_program_slot(&fx, &fx.sec, img_b, IMAGE);
	CHECK_EQ(boot_request_upgrade(&fx.sec, false), 0);
	flash_sim_set_timing(&fx.sim, &nrf52);

	printf("swap-using-move, %u KiB image, %u-byte pages, write block 8, "
	       "%u sectors\n", IMAGE / 1024, PAGE, SECTORS);
	printf("minimum      data read %u B, data written %u B, sector erases "
	       "%u (move + 2 swaps per sector), status entries %u, "
	       "simulated erase time %.2f s\n", 3 * IMAGE, 3 * IMAGE,
	       3 * SECTORS, 3 * SECTORS, 3 * SECTORS * 0.085);
	printf("             (+ one validation pass over each image: %u B "
	       "read before the swap, %u B after)\n", IMAGE, IMAGE);

	flash_sim_reset_stats(&fx.sim);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_TEST);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_b, IMAGE));
	st = *flash_sim_get_stats(&fx.sim);
	print_stats("test swap", &st);
	check_minimum(&st);

	flash_sim_reset_stats(&fx.sim);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_REVERT);
	CHECK(bf_slot_equals(&fx, &fx.pri, img_a, IMAGE));
	st = *flash_sim_get_stats(&fx.sim);
	print_stats("revert", &st);
	check_minimum(&st);

	flash_sim_reset_stats(&fx.sim);
	CHECK_EQ(boot_go(&fx.cfg, &rsp), 0);
	CHECK_EQ(rsp.swap_type, BOOT_SWAP_TYPE_NONE);
	st = *flash_sim_get_stats(&fx.sim);
	print_stats("plain boot", &st);
	CHECK_EQ(st.writes + st.erases, 0);
	bench_overwrite(&g, &a);
	bench_xip(&g);
	return test_report("test_boot_bench");
}
