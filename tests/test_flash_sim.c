/* SPDX-License-Identifier: Apache-2.0 */
/* NOR flash simulator: rules, persistence, statistics, timing, power cuts. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "storage/flash_sim.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

#define PAGE 256u
#define PAGES 8u
#define SIZE (PAGE * PAGES)

static uint8_t mem[SIZE];
static uint8_t snap[SIZE];
static uint8_t data[SIZE];
static uint8_t got[SIZE];

static const struct flash_sim_timing nrf52840 = {
	.page_erase_us = 85000,
	.word_program_us = 41,
	.word_size = 4,
};

static void fill_pattern(uint8_t *p, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* Pattern bytes that never equal the erased value, so writes always show. */
static void fill_programmed(uint8_t *p, size_t len, uint32_t seed,
			    uint8_t erased)
{
	fill_pattern(p, len, seed);
	for (size_t i = 0; i < len; i++) {
		if (p[i] == erased) {
			p[i] ^= 0x5a;
		}
	}
}

static struct flash_params params(uint32_t wbs, uint8_t erased)
{
	struct flash_params p = {
		.size = SIZE,
		.page_size = PAGE,
		.write_block_size = wbs,
		.erased_value = erased,
	};
	return p;
}

static void test_init_rejects_bad_geometry(void)
{
	struct flash_sim sim;
	struct flash_params p = params(4, 0xff);

	CHECK_EQ(flash_sim_init(&sim, NULL, &p), -EINVAL);
	CHECK_EQ(flash_sim_init(&sim, mem, NULL), -EINVAL);
	p.write_block_size = 3;
	CHECK_EQ(flash_sim_init(&sim, mem, &p), -EINVAL);
	p.write_block_size = 0;
	CHECK_EQ(flash_sim_init(&sim, mem, &p), -EINVAL);
	p.write_block_size = 512; /* larger than a page */
	CHECK_EQ(flash_sim_init(&sim, mem, &p), -EINVAL);
	p = params(4, 0xff);
	p.page_size = 0;
	CHECK_EQ(flash_sim_init(&sim, mem, &p), -EINVAL);
	p = params(4, 0xff);
	p.size = SIZE + 4; /* not whole pages */
	CHECK_EQ(flash_sim_init(&sim, mem, &p), -EINVAL);
	p.size = 0;
	CHECK_EQ(flash_sim_init(&sim, mem, &p), -EINVAL);
	p = params(4, 0xff);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	CHECK(&sim.dev == (struct flash_dev *)&sim);
	CHECK_EQ(sim.dev.params.page_size, PAGE);
}

/* Snapshot, then after a refused call: memory, ops and stats unchanged. */
struct unchanged {
	uint32_t ops;
	struct flash_sim_stats stats;
};

static struct unchanged take(const struct flash_sim *sim)
{
	struct unchanged u = { .ops = flash_sim_ops(sim),
			       .stats = *flash_sim_get_stats(sim) };

	memcpy(snap, mem, SIZE);
	return u;
}

static void check_unchanged(const struct flash_sim *sim,
			    const struct unchanged *u)
{
	CHECK(memcmp(snap, mem, SIZE) == 0);
	CHECK_EQ(flash_sim_ops(sim), u->ops);
	/* Field by field: the struct has padding bytes. */
	const struct flash_sim_stats *st = flash_sim_get_stats(sim);

	CHECK_EQ(st->reads, u->stats.reads);
	CHECK_EQ(st->writes, u->stats.writes);
	CHECK_EQ(st->erases, u->stats.erases);
	CHECK_EQ(st->bytes_read, u->stats.bytes_read);
	CHECK_EQ(st->bytes_written, u->stats.bytes_written);
	CHECK_EQ(st->bytes_erased, u->stats.bytes_erased);
	CHECK_EQ(st->busy_us, u->stats.busy_us);
}

static void nor_rules(uint32_t wbs, uint8_t erased)
{
	struct flash_params p = params(wbs, erased);
	struct flash_sim sim;
	struct flash_dev *dev = &sim.dev;
	struct unchanged u;

	memset(mem, erased ^ 0x33, SIZE); /* not erased until told */
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);

	/* writing onto never-erased memory is refused */
	fill_programmed(data, SIZE, wbs, erased);
	u = take(&sim);
	CHECK_EQ(flash_write(dev, 0, data, wbs), -EROFS);
	check_unchanged(&sim, &u);

	CHECK_EQ(flash_erase(dev, 0, SIZE), 0);
	for (size_t i = 0; i < SIZE; i++) {
		if (mem[i] != erased) {
			CHECK_EQ(mem[i], erased);
			break;
		}
	}

	/* a plain aligned write lands and reads back */
	CHECK_EQ(flash_write(dev, PAGE, data, 4 * wbs), 0);
	CHECK_EQ(flash_read(dev, PAGE, got, 4 * wbs), 0);
	CHECK(memcmp(got, data, 4 * wbs) == 0);

	/* over programmed bytes: refused, nothing written */
	u = take(&sim);
	CHECK_EQ(flash_write(dev, PAGE, data + 64, 4 * wbs), -EROFS);
	check_unchanged(&sim, &u);
	/* same bytes again count as non-erased too */
	CHECK_EQ(flash_write(dev, PAGE, data, wbs), -EROFS);
	/* straddling: erased head, programmed tail -> nothing written */
	CHECK_EQ(flash_write(dev, PAGE - 2 * wbs, data, 4 * wbs), -EROFS);
	check_unchanged(&sim, &u);
	CHECK_EQ(mem[PAGE - 1], erased);

	/* writing the erased value keeps bytes erased: writable again */
	memset(got, erased, 2 * wbs);
	CHECK_EQ(flash_write(dev, 2 * PAGE, got, 2 * wbs), 0);
	CHECK_EQ(flash_write(dev, 2 * PAGE, data, 2 * wbs), 0);
	CHECK(memcmp(mem + 2 * PAGE, data, 2 * wbs) == 0);

	/* misaligned offset or length: refused, nothing written */
	u = take(&sim);
	if (wbs > 1) {
		CHECK_EQ(flash_write(dev, 3 * PAGE + 1, data, wbs), -EINVAL);
		CHECK_EQ(flash_write(dev, 3 * PAGE, data, wbs + 1), -EINVAL);
		CHECK_EQ(flash_write(dev, 3 * PAGE, data, wbs - 1), -EINVAL);
		CHECK_EQ(flash_write(dev, 3 * PAGE + wbs / 2, data, wbs),
			 -EINVAL);
	}
	/* partial pages cannot be erased */
	CHECK_EQ(flash_erase(dev, PAGE + wbs, PAGE), -EINVAL);
	CHECK_EQ(flash_erase(dev, PAGE, PAGE - wbs), -EINVAL);
	CHECK_EQ(flash_erase(dev, PAGE, PAGE + 1), -EINVAL);
	CHECK_EQ(flash_erase(dev, 1, PAGE), -EINVAL);
	/* ranges outside the device */
	CHECK_EQ(flash_read(dev, SIZE, got, 1), -EINVAL);
	CHECK_EQ(flash_read(dev, SIZE - 1, got, 2), -EINVAL);
	CHECK_EQ(flash_read(dev, UINT32_MAX, got, 1), -EINVAL);
	CHECK_EQ(flash_read(dev, 0, got, SIZE + 1), -EINVAL);
	CHECK_EQ(flash_write(dev, SIZE, data, wbs), -EINVAL);
	CHECK_EQ(flash_write(dev, SIZE - wbs, data, 2 * wbs), -EINVAL);
	CHECK_EQ(flash_write(dev, UINT32_MAX - wbs + 1, data, wbs), -EINVAL);
	CHECK_EQ(flash_erase(dev, SIZE, PAGE), -EINVAL);
	CHECK_EQ(flash_erase(dev, SIZE - PAGE, 2 * PAGE), -EINVAL);
	CHECK_EQ(flash_erase(dev, 0, SIZE + PAGE), -EINVAL);
	CHECK_EQ(flash_erase(dev, UINT32_MAX - PAGE + 1, PAGE), -EINVAL);
	check_unchanged(&sim, &u);

	/* zero-length calls at valid offsets: no-ops, not counted */
	CHECK_EQ(flash_read(dev, SIZE, got, 0), 0);
	CHECK_EQ(flash_write(dev, SIZE, data, 0), 0);
	CHECK_EQ(flash_erase(dev, 0, 0), 0);
	check_unchanged(&sim, &u);

	/* the last block and the last page are reachable */
	CHECK_EQ(flash_write(dev, SIZE - wbs, data, wbs), 0);
	CHECK(memcmp(mem + SIZE - wbs, data, wbs) == 0);
	CHECK_EQ(flash_erase(dev, SIZE - PAGE, PAGE), 0);
	CHECK_EQ(mem[SIZE - 1], erased);

	/* erase affects its pages only */
	CHECK_EQ(flash_erase(dev, 2 * PAGE, PAGE), 0);
	CHECK_EQ(mem[2 * PAGE], erased);
	CHECK(memcmp(mem + PAGE, data, 4 * wbs) == 0);
	CHECK_EQ(flash_write(dev, 2 * PAGE, data + 7 * wbs, wbs), 0);
	CHECK(memcmp(mem + 2 * PAGE, data + 7 * wbs, wbs) == 0);
}

static void test_nor_rules(void)
{
	static const uint32_t sizes[] = { 1, 4, 8, 16 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		nor_rules(sizes[i], 0xff);
		nor_rules(sizes[i], 0x00);
	}
}

static void test_erased_value_honoured(void)
{
	struct flash_params p = params(4, 0x00);
	struct flash_sim sim;
	uint8_t ones[4] = { 0xff, 0xff, 0xff, 0xff };

	memset(mem, 0xff, SIZE); /* "erased" for 0xff parts, not for this */
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	CHECK_EQ(flash_write(&sim.dev, 0, ones, 4), -EROFS);
	CHECK_EQ(flash_erase(&sim.dev, 0, PAGE), 0);
	CHECK_EQ(mem[0], 0x00);
	CHECK_EQ(mem[PAGE - 1], 0x00);
	CHECK_EQ(mem[PAGE], 0xff);
	CHECK_EQ(flash_write(&sim.dev, 0, ones, 4), 0);
	CHECK_EQ(mem[3], 0xff);
}

static void test_persistence(void)
{
	struct flash_params p = params(8, 0xff);
	struct flash_sim sim, again;

	memset(mem, 0, SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	CHECK_EQ(flash_erase(&sim.dev, 0, SIZE), 0);
	fill_programmed(data, SIZE, 77, 0xff);
	CHECK_EQ(flash_write(&sim.dev, 3 * PAGE, data, 2 * PAGE), 0);
	CHECK(flash_sim_ops(&sim) == 2);

	/* re-initialising (a reset) keeps the data and starts fresh counts */
	CHECK_EQ(flash_sim_init(&again, mem, &p), 0);
	CHECK_EQ(flash_sim_ops(&again), 0);
	CHECK_EQ(flash_sim_get_stats(&again)->writes, 0);
	CHECK_EQ(flash_read(&again.dev, 3 * PAGE, got, 2 * PAGE), 0);
	CHECK(memcmp(got, data, 2 * PAGE) == 0);
	CHECK_EQ(flash_read(&again.dev, 0, got, 1), 0);
	CHECK_EQ(got[0], 0xff);
	/* and the NOR state persisted too: programmed bytes stay locked */
	CHECK_EQ(flash_write(&again.dev, 3 * PAGE, data, 8), -EROFS);

	/* memory that was never erased is not erased by init either */
	fill_pattern(mem, SIZE, 5);
	memcpy(snap, mem, SIZE);
	CHECK_EQ(flash_sim_init(&again, mem, &p), 0);
	CHECK(memcmp(snap, mem, SIZE) == 0);
}

static void test_counters_and_timing(void)
{
	struct flash_params p = params(1, 0xff);
	struct flash_sim sim;
	const struct flash_sim_stats *st;

	memset(mem, 0, SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	st = flash_sim_get_stats(&sim);
	flash_sim_set_timing(&sim, &nrf52840);

	/* 3 pages in one call: one erase op, 3 x 85000 us */
	CHECK_EQ(flash_erase(&sim.dev, 0, 3 * PAGE), 0);
	CHECK_EQ(st->erases, 1);
	CHECK_EQ(st->bytes_erased, 3 * PAGE);
	CHECK_EQ(st->busy_us, 255000);
	/* then 3 single-page calls: 3 more ops, same time again */
	for (uint32_t i = 3; i < 6; i++) {
		CHECK_EQ(flash_erase(&sim.dev, i * PAGE, PAGE), 0);
	}
	CHECK_EQ(st->erases, 4);
	CHECK_EQ(st->busy_us, 510000);

	/* 256 bytes = 64 words x 41 us; 5 bytes start 2 words */
	fill_programmed(data, SIZE, 9, 0xff);
	CHECK_EQ(flash_write(&sim.dev, 0, data, PAGE), 0);
	CHECK_EQ(st->busy_us, 510000 + 64 * 41);
	CHECK_EQ(flash_write(&sim.dev, PAGE, data, 5), 0);
	CHECK_EQ(st->busy_us, 510000 + 66 * 41);
	CHECK_EQ(st->writes, 2);
	CHECK_EQ(st->bytes_written, PAGE + 5);
	CHECK_EQ(flash_sim_write_cost_us(&sim, 5), 82);
	CHECK_EQ(flash_sim_write_cost_us(&sim, 4096), 1024 * 41);
	CHECK_EQ(flash_sim_erase_cost_us(&sim, 2 * PAGE), 170000);
	CHECK_EQ(flash_sim_erase_cost_us(&sim, PAGE + 1), 170000);

	CHECK_EQ(flash_read(&sim.dev, 0, got, 10), 0);
	CHECK_EQ(flash_read(&sim.dev, 10, got, 20), 0);
	CHECK_EQ(st->reads, 2);
	CHECK_EQ(st->bytes_read, 30);
	CHECK_EQ(flash_sim_ops(&sim), 6);

	/* refused calls cost nothing */
	CHECK_EQ(flash_write(&sim.dev, 0, data, 1), -EROFS);
	CHECK_EQ(flash_erase(&sim.dev, 1, PAGE), -EINVAL);
	CHECK_EQ(st->busy_us, 510000 + 66 * 41);
	CHECK_EQ(flash_sim_ops(&sim), 6);

	flash_sim_reset_stats(&sim);
	CHECK_EQ(st->reads + st->writes + st->erases, 0);
	CHECK_EQ(st->bytes_read + st->bytes_written + st->bytes_erased, 0);
	CHECK_EQ(st->busy_us, 0);
	CHECK_EQ(flash_sim_ops(&sim), 6); /* not a statistic: a fault index */

	/* a word size of 0 counts bytes; no timing adds nothing */
	struct flash_sim_timing bytewise = { 10, 3, 0 };

	flash_sim_set_timing(&sim, &bytewise);
	CHECK_EQ(flash_write(&sim.dev, 2 * PAGE, data, 7), 0);
	CHECK_EQ(st->busy_us, 21);
	flash_sim_set_timing(&sim, NULL);
	CHECK_EQ(flash_erase(&sim.dev, 0, PAGE), 0);
	CHECK_EQ(flash_write(&sim.dev, 0, data, 64), 0);
	CHECK_EQ(st->busy_us, 21);
	CHECK_EQ(st->erases, 1);
	CHECK_EQ(flash_sim_erase_cost_us(&sim, PAGE), 0);
}

/* After a cut everything fails with -EIO and changes nothing. */
static void check_dead(struct flash_sim *sim)
{
	struct unchanged u = take(sim);

	CHECK(flash_sim_power_lost(sim));
	CHECK_EQ(flash_read(&sim->dev, 0, got, 4), -EIO);
	CHECK_EQ(flash_write(&sim->dev, 7 * PAGE, data, 4), -EIO);
	CHECK_EQ(flash_erase(&sim->dev, 0, PAGE), -EIO);
	CHECK_EQ(flash_erase(&sim->dev, 0, SIZE), -EIO);
	check_unchanged(sim, &u);
}

static void test_cut_before(void)
{
	struct flash_params p = params(4, 0xff);
	struct flash_sim sim;
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);

	memset(mem, 0xff, SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	flash_sim_set_timing(&sim, &nrf52840);
	fill_programmed(data, SIZE, 11, 0xff);
	CHECK_EQ(flash_write(&sim.dev, 0, data, 16), 0);

	flash_sim_cut_power_at(&sim, 3, FLASH_SIM_CUT_BEFORE);
	CHECK(!flash_sim_power_lost(&sim));
	/* refused calls and reads are not ops: they do not move the cut */
	CHECK_EQ(flash_write(&sim.dev, 0, data, 16), -EROFS);
	CHECK_EQ(flash_read(&sim.dev, 0, got, 16), 0);
	CHECK_EQ(flash_write(&sim.dev, 16, data + 16, 16), 0);   /* 1 */
	CHECK_EQ(flash_erase(&sim.dev, PAGE, PAGE), 0);         /* 2 */
	memcpy(snap, mem, SIZE);
	CHECK_EQ(flash_write(&sim.dev, 32, data + 32, 16), -EIO); /* 3 */
	CHECK(memcmp(snap, mem, SIZE) == 0);
	CHECK_EQ(flash_sim_ops(&sim), 4);
	CHECK_EQ(st->writes, 2);
	CHECK_EQ(st->erases, 1);
	CHECK_EQ(st->busy_us, 8 * 41 + 85000);
	check_dead(&sim);

	flash_sim_power_on(&sim);
	CHECK(!flash_sim_power_lost(&sim));
	CHECK_EQ(flash_read(&sim.dev, 0, got, 48), 0);
	CHECK(memcmp(got, data, 32) == 0);
	CHECK_EQ(got[32], 0xff);
	/* one-shot: the same write now works, and so do many more */
	CHECK_EQ(flash_write(&sim.dev, 32, data + 32, 16), 0);
	for (uint32_t i = 0; i < 8; i++) {
		CHECK_EQ(flash_erase(&sim.dev, 2 * PAGE, PAGE), 0);
	}
	CHECK(!flash_sim_power_lost(&sim));

	/* a cut at 1 hits the very next op, an erase this time */
	flash_sim_cut_power_at(&sim, 1, FLASH_SIM_CUT_BEFORE);
	CHECK_EQ(flash_erase(&sim.dev, 0, PAGE), -EIO);
	CHECK(memcmp(mem, data, 48) == 0);
	check_dead(&sim);
	flash_sim_power_on(&sim);

	/* 0 disarms */
	flash_sim_cut_power_at(&sim, 2, FLASH_SIM_CUT_BEFORE);
	flash_sim_cut_power_at(&sim, 0, FLASH_SIM_CUT_BEFORE);
	for (uint32_t i = 0; i < 4; i++) {
		CHECK_EQ(flash_erase(&sim.dev, 3 * PAGE, PAGE), 0);
	}
	CHECK(!flash_sim_power_lost(&sim));
}

static void test_cut_torn_write(void)
{
	struct flash_params p = params(4, 0xff);
	struct flash_sim sim;
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);

	memset(mem, 0xff, SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	fill_programmed(data, SIZE, 13, 0xff);

	/* 4 blocks torn: the first 8 bytes land, the rest stays erased */
	flash_sim_cut_power_at(&sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(flash_write(&sim.dev, 0, data, 16), -EIO);
	CHECK(memcmp(mem, data, 8) == 0);
	for (size_t i = 8; i < 16; i++) {
		CHECK_EQ(mem[i], 0xff);
	}
	CHECK_EQ(st->writes, 1);
	CHECK_EQ(st->bytes_written, 8);
	check_dead(&sim);
	flash_sim_power_on(&sim);
	/* the untouched half can be written, the torn part cannot */
	CHECK_EQ(flash_write(&sim.dev, 8, data + 8, 8), 0);
	CHECK_EQ(flash_write(&sim.dev, 0, data, 4), -EROFS);

	/* 3 blocks torn: 6 bytes, the second block left half programmed */
	flash_sim_cut_power_at(&sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(flash_write(&sim.dev, 64, data + 64, 12), -EIO);
	flash_sim_power_on(&sim);
	CHECK(memcmp(mem + 64, data + 64, 6) == 0);
	CHECK_EQ(mem[70], 0xff);
	CHECK_EQ(mem[71], 0xff);
	CHECK_EQ(flash_write(&sim.dev, 68, data + 68, 4), -EROFS);
	CHECK_EQ(flash_write(&sim.dev, 72, data + 72, 4), 0);

	/* 1 block torn: half a block */
	flash_sim_cut_power_at(&sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(flash_write(&sim.dev, 128, data + 128, 4), -EIO);
	flash_sim_power_on(&sim);
	CHECK(memcmp(mem + 128, data + 128, 2) == 0);
	CHECK_EQ(mem[130], 0xff);
	CHECK_EQ(mem[131], 0xff);

	/* write block 1: a torn single byte programs nothing */
	struct flash_params p1 = params(1, 0xff);

	CHECK_EQ(flash_sim_init(&sim, mem, &p1), 0);
	flash_sim_cut_power_at(&sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(flash_write(&sim.dev, 200, data, 1), -EIO);
	CHECK_EQ(mem[200], 0xff);
	CHECK(flash_sim_power_lost(&sim));
	CHECK_EQ(st->writes, 1);
	CHECK_EQ(st->bytes_written, 0);
}

static void test_cut_torn_erase(void)
{
	struct flash_params p = params(4, 0xff);
	struct flash_sim sim;
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);

	memset(mem, 0x11, SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	flash_sim_set_timing(&sim, &nrf52840);

	/* one page: its first half erased, the second half untouched */
	flash_sim_cut_power_at(&sim, 1, FLASH_SIM_CUT_TORN);
	CHECK_EQ(flash_erase(&sim.dev, PAGE, PAGE), -EIO);
	CHECK_EQ(mem[PAGE - 1], 0x11);
	CHECK_EQ(mem[PAGE], 0xff);
	CHECK_EQ(mem[PAGE + PAGE / 2 - 1], 0xff);
	CHECK_EQ(mem[PAGE + PAGE / 2], 0x11);
	CHECK_EQ(mem[2 * PAGE - 1], 0x11);
	CHECK_EQ(st->erases, 1);
	CHECK_EQ(st->bytes_erased, PAGE / 2);
	CHECK_EQ(st->busy_us, 85000);
	check_dead(&sim);
	flash_sim_power_on(&sim);

	/* three pages: one and a half erased */
	flash_sim_cut_power_at(&sim, 2, FLASH_SIM_CUT_TORN);
	CHECK_EQ(flash_erase(&sim.dev, 7 * PAGE, PAGE), 0);
	CHECK_EQ(flash_erase(&sim.dev, 3 * PAGE, 3 * PAGE), -EIO);
	CHECK_EQ(mem[3 * PAGE], 0xff);
	CHECK_EQ(mem[4 * PAGE + PAGE / 2 - 1], 0xff);
	CHECK_EQ(mem[4 * PAGE + PAGE / 2], 0x11);
	CHECK_EQ(mem[6 * PAGE - 1], 0x11);
	CHECK_EQ(mem[6 * PAGE], 0x11);
	CHECK_EQ(st->busy_us, 85000 + 85000 + 2 * 85000);
}

/* The op count lets a test put a cut at every point of a sequence. */
static int run_sequence(struct flash_sim *sim)
{
	int err = 0;

	for (uint32_t i = 0; i < 3 && !err; i++) {
		err = flash_erase(&sim->dev, i * PAGE, PAGE);
		if (!err) {
			err = flash_write(&sim->dev, i * PAGE, data + i * PAGE,
					  PAGE);
		}
	}
	return err;
}

static void test_fault_enumeration(void)
{
	struct flash_params p = params(4, 0xff);
	struct flash_sim sim;
	uint32_t total;

	fill_programmed(data, SIZE, 17, 0xff);
	memset(mem, 0, SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	CHECK_EQ(run_sequence(&sim), 0);
	total = flash_sim_ops(&sim);
	CHECK_EQ(total, 6);

	for (uint32_t k = 1; k <= total; k++) {
		uint32_t whole_pages = (k - 1) / 2;

		memset(mem, 0, SIZE);
		CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
		flash_sim_cut_power_at(&sim, k, FLASH_SIM_CUT_BEFORE);
		CHECK_EQ(run_sequence(&sim), -EIO);
		CHECK_EQ(flash_sim_ops(&sim), k);
		/* everything before op k is done, nothing after it */
		CHECK(memcmp(mem, data, whole_pages * PAGE) == 0);
		CHECK_EQ(mem[whole_pages * PAGE], k % 2 ? 0x00 : 0xff);
		CHECK_EQ(mem[SIZE - 1], 0x00);
	}
}

int main(void)
{
	test_init_rejects_bad_geometry();
	test_nor_rules();
	test_erased_value_honoured();
	test_persistence();
	test_counters_and_timing();
	test_cut_before();
	test_cut_torn_write();
	test_cut_torn_erase();
	test_fault_enumeration();
	return test_report("test_flash_sim");
}
