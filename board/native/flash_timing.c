/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <time.h>

#include "board/native/flash_timing.h"

/* The model bench_dfu_virtual measures with: 4 KiB pages, 4-byte words. */
static const struct flash_sim_timing nrf52840 = {
	.page_erase_us = 85000,
	.word_program_us = 41,
	.word_size = 4,
};

int board_flash_timing_lookup(const char *name,
			      const struct flash_sim_timing **t)
{
	if (strcmp(name, "none") == 0) {
		*t = NULL;
		return 0;
	}
	if (strcmp(name, "nrf52840") == 0) {
		*t = &nrf52840;
		return 0;
	}
	return -1;
}

static struct board_flash *to_board_flash(struct flash_dev *dev)
{
	return (struct board_flash *)dev->priv;
}

/*
 * Sleep the simulated time the operation just added. Each operation
 * sleeps its own time rather than keeping a deadline: a stalled CPU does
 * not catch up on time it lost elsewhere.
 */
static void sleep_busy(struct board_flash *bf, uint64_t busy_before)
{
	uint64_t us = flash_sim_get_stats(&bf->sim)->busy_us - busy_before;
	struct timespec ts = {
		.tv_sec = (time_t)(us / 1000000u),
		.tv_nsec = (long)(us % 1000000u) * 1000,
	};

	while (us && nanosleep(&ts, &ts) < 0 && errno == EINTR) {
	}
}

static int timed_read(struct flash_dev *dev, uint32_t off, void *buf,
		      size_t len)
{
	return flash_read(&to_board_flash(dev)->sim.dev, off, buf, len);
}

static int timed_write(struct flash_dev *dev, uint32_t off, const void *buf,
		       size_t len)
{
	struct board_flash *bf = to_board_flash(dev);
	uint64_t before = flash_sim_get_stats(&bf->sim)->busy_us;
	int ret = flash_write(&bf->sim.dev, off, buf, len);

	sleep_busy(bf, before);
	return ret;
}

static int timed_erase(struct flash_dev *dev, uint32_t off, size_t len)
{
	struct board_flash *bf = to_board_flash(dev);
	uint64_t before = flash_sim_get_stats(&bf->sim)->busy_us;
	int ret = flash_erase(&bf->sim.dev, off, len);

	sleep_busy(bf, before);
	return ret;
}

static const struct flash_api timed_api = {
	.read = timed_read,
	.write = timed_write,
	.erase = timed_erase,
};

void board_flash_set_timing(struct board_flash *bf,
			    const struct flash_sim_timing *t)
{
	struct flash_dev *dev = t ? &bf->timed : &bf->sim.dev;

	flash_sim_set_timing(&bf->sim, t);
	bf->timed = (struct flash_dev){
		.api = &timed_api,
		.params = bf->sim.dev.params,
		.priv = bf,
	};
	for (int i = 0; i < BOARD_NUM_AREAS; i++) {
		bf->areas[i].dev = dev;
	}
}
