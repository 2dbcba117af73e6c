/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream writer: odd chunk sizes against a reference copy, exact fill,
 * -ENOSPC without side effects, progressive erase, flush, power cuts.
 * Every case runs with write blocks of 1, 4, 8 and 16 bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "storage/flash_sim.h"
#include "storage/stream_flash.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

#define PAGE 1024u
#define DEV_SIZE (48 * PAGE)
#define AREA_OFF (4 * PAGE)
#define AREA_SIZE (40 * PAGE)
#define OLD 0x3c /* what the device held before: an old image */

static uint8_t mem[DEV_SIZE];
static uint8_t snap[DEV_SIZE];
static uint8_t ref[AREA_SIZE + 1];
static uint8_t buf[512];
static struct flash_sim sim;
static struct flash_area area;
static uint32_t rng = 1;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Device full of an old image, the area in its middle. */
static void setup(uint32_t wbs, uint8_t erased)
{
	struct flash_params p = {
		.size = DEV_SIZE,
		.page_size = PAGE,
		.write_block_size = wbs,
		.erased_value = erased,
	};

	memset(mem, OLD, DEV_SIZE);
	CHECK_EQ(flash_sim_init(&sim, mem, &p), 0);
	area = (struct flash_area){ FLASH_AREA_ID_IMAGE_1, "image-1",
				    &sim.dev, AREA_OFF, AREA_SIZE };
	CHECK_EQ(flash_map_check(&area, 1), 0);
	for (size_t i = 0; i < sizeof(ref); i++) {
		ref[i] = (uint8_t)next_rand();
	}
}

static uint32_t round_up(uint32_t n, uint32_t unit)
{
	return (n + unit - 1) / unit * unit;
}

/*
 * After total bytes and a flush: data, then the pad and the rest of the
 * last page erased, then the old image untouched; nothing outside the area.
 */
static void check_area(uint32_t total, uint8_t erased)
{
	uint32_t erased_end = round_up(total, PAGE);
	const uint8_t *a = mem + AREA_OFF;
	size_t bad = SIZE_MAX;

	CHECK(memcmp(a, ref, total) == 0);
	for (size_t i = total; i < AREA_SIZE && bad == SIZE_MAX; i++) {
		if (a[i] != (i < erased_end ? erased : OLD)) {
			bad = i;
		}
	}
	CHECK(bad == SIZE_MAX);
	for (size_t i = 0; i < AREA_OFF && bad == SIZE_MAX; i++) {
		if (mem[i] != OLD || mem[AREA_OFF + AREA_SIZE + i] != OLD) {
			bad = i;
		}
	}
	CHECK(bad == SIZE_MAX);
}

enum chunking { CHUNK_FIXED, CHUNK_RANDOM };

/* Streams total bytes in chunks of size (or random 1..size), checking
 * what each chunk erased and wrote against the prediction. */
static void stream(struct stream_flash *s, uint32_t total, uint32_t size,
		   enum chunking how)
{
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);
	uint32_t done = (uint32_t)stream_flash_bytes_written(s);

	while (done < total) {
		uint32_t n = how == CHUNK_RANDOM ? 1 + next_rand() % size : size;
		uint32_t erases = st->erases;
		uint32_t want;

		if (n > total - done) {
			n = total - done;
		}
		want = stream_flash_erases_needed(s, n);
		CHECK_EQ(stream_flash_write(s, ref + done, n), 0);
		CHECK_EQ(st->erases - erases, want);
		done += n;
		/* erased exactly the pages the accepted bytes landed in */
		CHECK_EQ(stream_flash_erased_end(s), round_up(done, PAGE));
	}
	CHECK_EQ(stream_flash_bytes_written(s), total);
}

static void odd_sizes(uint32_t wbs, uint8_t erased, size_t buf_len)
{
	static const uint32_t chunks[] = { 1, 3, 511, 4097 };
	/* not a multiple of any write block; the whole area, exactly */
	static const uint32_t totals[] = { 10007, AREA_SIZE };
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);
	struct stream_flash s;

	for (size_t t = 0; t < 2; t++) {
		for (size_t c = 0; c < 5; c++) {
			uint32_t total = totals[t];
			uint32_t padded = round_up(total, wbs);

			setup(wbs, erased);
			CHECK_EQ(stream_flash_init(&s, &area, buf, buf_len),
				 0);
			CHECK_EQ(st->erases + st->writes, 0);
			if (c < 4) {
				stream(&s, total, chunks[c], CHUNK_FIXED);
			} else {
				stream(&s, total, 700, CHUNK_RANDOM);
			}
			CHECK_EQ(stream_flash_flush(&s), 0);
			CHECK_EQ(stream_flash_bytes_written(&s), total);
			check_area(total, erased);
			/* one erase per page; full buffers plus the tail */
			CHECK_EQ(st->erases, round_up(total, PAGE) / PAGE);
			CHECK_EQ(st->bytes_erased, round_up(total, PAGE));
			CHECK_EQ(st->writes, round_up(padded, buf_len) /
						     buf_len);
			CHECK_EQ(st->bytes_written, padded);
		}
	}
}

static void progressive_erase(uint32_t wbs, size_t buf_len)
{
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);
	struct stream_flash s;

	setup(wbs, 0xff);
	CHECK_EQ(stream_flash_init(&s, &area, buf, buf_len), 0);
	CHECK_EQ(stream_flash_erases_needed(&s, 3), 1);
	CHECK_EQ(stream_flash_write(&s, ref, 3), 0);
	/* only the first page, at once, even if nothing is flushed yet */
	CHECK_EQ(st->erases, 1);
	CHECK_EQ(stream_flash_erased_end(&s), PAGE);
	CHECK_EQ(mem[AREA_OFF + PAGE - 1], 0xff);
	CHECK_EQ(mem[AREA_OFF + PAGE], OLD);
	CHECK_EQ(stream_flash_erases_needed(&s, PAGE - 3), 0);
	CHECK_EQ(stream_flash_erases_needed(&s, PAGE - 2), 1);
	CHECK_EQ(stream_flash_write(&s, ref + 3, PAGE - 3), 0);
	CHECK_EQ(st->erases, 1);
	CHECK_EQ(stream_flash_write(&s, ref + PAGE, 1), 0);
	CHECK_EQ(st->erases, 2);
	CHECK_EQ(mem[AREA_OFF + 2 * PAGE], OLD);
	/* a chunk spanning three pages erases them as it goes */
	CHECK_EQ(stream_flash_erases_needed(&s, 3 * PAGE), 3);
	CHECK_EQ(stream_flash_write(&s, ref + PAGE + 1, 3 * PAGE), 0);
	CHECK_EQ(st->erases, 5);
	CHECK_EQ(stream_flash_erased_end(&s), 5 * PAGE);
	CHECK_EQ(mem[AREA_OFF + 5 * PAGE], OLD);
	CHECK_EQ(stream_flash_flush(&s), 0);
	check_area(4 * PAGE + 1, 0xff);
}


/* Field by field: struct flash_sim_stats has padding bytes. */
static bool stats_equal(const struct flash_sim_stats *a,
			const struct flash_sim_stats *b)
{
	return a->reads == b->reads && a->writes == b->writes &&
	       a->erases == b->erases && a->bytes_read == b->bytes_read &&
	       a->bytes_written == b->bytes_written &&
	       a->bytes_erased == b->bytes_erased && a->busy_us == b->busy_us;
}

static void no_space(uint32_t wbs, size_t buf_len)
{
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);
	struct flash_sim_stats before;
	struct stream_flash s;

	/* one byte past the end in one go: nothing erased, nothing taken */
	setup(wbs, 0xff);
	CHECK_EQ(stream_flash_init(&s, &area, buf, buf_len), 0);
	CHECK_EQ(stream_flash_erases_needed(&s, AREA_SIZE + 1), 0);
	CHECK_EQ(stream_flash_write(&s, ref, AREA_SIZE + 1), -ENOSPC);
	CHECK_EQ(stream_flash_bytes_written(&s), 0);
	CHECK_EQ(flash_sim_ops(&sim), 0);
	CHECK_EQ(mem[AREA_OFF], OLD);

	/* the stream survives it: fill the area, then one byte too many */
	stream(&s, AREA_SIZE - 3, 4097, CHUNK_FIXED);
	memcpy(snap, mem, DEV_SIZE);
	before = *st;
	CHECK_EQ(stream_flash_write(&s, ref + AREA_SIZE - 3, 4), -ENOSPC);
	CHECK_EQ(stream_flash_bytes_written(&s), AREA_SIZE - 3);
	CHECK(memcmp(snap, mem, DEV_SIZE) == 0);
	CHECK(stats_equal(&before, st));
	CHECK_EQ(stream_flash_write(&s, ref + AREA_SIZE - 3, 3), 0);
	CHECK_EQ(stream_flash_write(&s, ref + AREA_SIZE, 1), -ENOSPC);
	CHECK_EQ(stream_flash_write(&s, ref, 0), 0);
	CHECK_EQ(stream_flash_bytes_written(&s), AREA_SIZE);
	CHECK_EQ(stream_flash_flush(&s), 0);
	CHECK_EQ(stream_flash_write(&s, ref, 1), -ENOSPC);
	check_area(AREA_SIZE, 0xff);
}

static void flush_rules(uint32_t wbs, size_t buf_len)
{
	const struct flash_sim_stats *st = flash_sim_get_stats(&sim);
	struct stream_flash s;

	setup(wbs, 0xff);
	CHECK_EQ(stream_flash_init(&s, &area, buf, buf_len), 0);
	/* nothing buffered: no flash write */
	CHECK_EQ(stream_flash_flush(&s), 0);
	CHECK_EQ(st->writes, 0);
	/* a whole number of write blocks: flushed without padding, the
	 * stream goes on where it was */
	CHECK_EQ(stream_flash_write(&s, ref, 2 * wbs), 0);
	CHECK_EQ(stream_flash_flush(&s), 0);
	CHECK_EQ(stream_flash_flush(&s), 0);
	CHECK_EQ(stream_flash_write(&s, ref + 2 * wbs, 5), 0);
	CHECK_EQ(stream_flash_flush(&s), 0);
	check_area(2 * wbs + 5, 0xff);
	if (wbs == 1 || 5 % wbs == 0) {
		return;
	}
	/* padded: the block is programmed, the stream is over */
	memcpy(snap, mem, DEV_SIZE);
	CHECK_EQ(stream_flash_write(&s, ref + 2 * wbs + 5, 1), -EALREADY);
	CHECK_EQ(stream_flash_flush(&s), 0);
	CHECK_EQ(stream_flash_bytes_written(&s), 2 * wbs + 5);
	CHECK(memcmp(snap, mem, DEV_SIZE) == 0);
}

static void bad_init(uint32_t wbs)
{
	struct stream_flash s;
	struct flash_area odd = area;

	setup(wbs, 0xff);
	CHECK_EQ(stream_flash_init(&s, &area, buf, 0), -EINVAL);
	CHECK_EQ(stream_flash_init(&s, &area, NULL, wbs), -EINVAL);
	CHECK_EQ(stream_flash_init(&s, NULL, buf, wbs), -EINVAL);
	CHECK_EQ(stream_flash_init(NULL, &area, buf, wbs), -EINVAL);
	if (wbs > 1) {
		CHECK_EQ(stream_flash_init(&s, &area, buf, wbs + 1), -EINVAL);
		CHECK_EQ(stream_flash_init(&s, &area, buf, wbs / 2), -EINVAL);
	}
	odd.size = AREA_SIZE - wbs;
	CHECK_EQ(stream_flash_init(&s, &odd, buf, wbs), -EINVAL);
	odd.size = 0;
	CHECK_EQ(stream_flash_init(&s, &odd, buf, wbs), -EINVAL);
	odd = area;
	odd.dev = NULL;
	CHECK_EQ(stream_flash_init(&s, &odd, buf, wbs), -EINVAL);
	CHECK_EQ(stream_flash_init(&s, &area, buf, wbs), 0);
	CHECK_EQ(stream_flash_write(&s, NULL, 1), -EINVAL);
	CHECK_EQ(stream_flash_bytes_written(&s), 0);
	CHECK_EQ(flash_sim_ops(&sim), 0);
}

/*
 * A cut at every flash operation of a 5000-byte stream: the failing call
 * reports -EIO, the stream stays dead after power comes back, and what
 * reached flash before the cut is the reference prefix.
 */
static void power_cuts(uint32_t wbs, size_t buf_len)
{
	const uint32_t total = 5000;
	struct stream_flash s;
	uint32_t ops;

	setup(wbs, 0xff);
	CHECK_EQ(stream_flash_init(&s, &area, buf, buf_len), 0);
	stream(&s, total, 777, CHUNK_FIXED);
	CHECK_EQ(stream_flash_flush(&s), 0);
	ops = flash_sim_ops(&sim);

	for (uint32_t k = 1; k <= ops; k += 1 + ops / 23) {
		uint32_t done = 0;
		int err = 0;

		setup(wbs, 0xff);
		CHECK_EQ(stream_flash_init(&s, &area, buf, buf_len), 0);
		flash_sim_cut_power_at(&sim, k, FLASH_SIM_CUT_BEFORE);
		while (done < total && !err) {
			uint32_t n = total - done < 777 ? total - done : 777;

			err = stream_flash_write(&s, ref + done, n);
			done += err ? 0 : n;
		}
		if (!err) {
			err = stream_flash_flush(&s);
		}
		CHECK_EQ(err, -EIO);
		CHECK_EQ(flash_sim_ops(&sim), k);
		flash_sim_power_on(&sim);
		CHECK_EQ(stream_flash_write(&s, ref + done, 1), -EIO);
		CHECK_EQ(stream_flash_flush(&s), -EIO);
		CHECK_EQ(flash_sim_ops(&sim), k);
		CHECK(memcmp(mem + AREA_OFF, ref, stream_flash_flushed(&s)) ==
		      0);
		CHECK(stream_flash_flushed(&s) <= stream_flash_bytes_written(&s));
	}
}

int main(void)
{
	static const uint32_t wbs[] = { 1, 4, 8, 16 };

	for (size_t i = 0; i < sizeof(wbs) / sizeof(wbs[0]); i++) {
		uint32_t w = wbs[i];

		odd_sizes(w, 0xff, w);
		odd_sizes(w, 0x00, 4 * w);
		odd_sizes(w, 0xff, sizeof(buf));
		progressive_erase(w, w);
		progressive_erase(w, sizeof(buf));
		no_space(w, w);
		no_space(w, 2 * w);
		flush_rules(w, w);
		flush_rules(w, sizeof(buf));
		bad_init(w);
		power_cuts(w, 4 * w);
	}
	return test_report("test_flash_stream");
}
