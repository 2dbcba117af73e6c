/* SPDX-License-Identifier: Apache-2.0 */
/* NOR flash simulator: rules, statistics and power cuts in flash_sim.h. */
#include "storage/flash_sim.h"

#include <errno.h>
#include <string.h>

static struct flash_sim *to_sim(struct flash_dev *dev)
{
	return (struct flash_sim *)dev->priv;
}

static bool in_range(const struct flash_params *p, uint32_t off, size_t len)
{
	return off <= p->size && len <= p->size - off;
}

static bool aligned(uint32_t off, size_t len, uint32_t unit)
{
	return off % unit == 0 && len % unit == 0;
}

static uint64_t div_round_up(uint64_t n, uint64_t d)
{
	return (n + d - 1) / d;
}

uint64_t flash_sim_erase_cost_us(const struct flash_sim *sim, size_t len)
{
	if (!sim->timed) {
		return 0;
	}
	return div_round_up(len, sim->dev.params.page_size) *
	       sim->timing.page_erase_us;
}

uint64_t flash_sim_write_cost_us(const struct flash_sim *sim, size_t len)
{
	uint32_t word = sim->timing.word_size ? sim->timing.word_size : 1;

	if (!sim->timed) {
		return 0;
	}
	return div_round_up(len, word) * sim->timing.word_program_us;
}

/*
 * Counts a write or erase that reached the medium and fires an armed cut.
 * Returns how many bytes of len take effect: len, len / 2 (torn) or 0.
 */
static size_t start_op(struct flash_sim *sim, size_t len)
{
	sim->ops++;
	if (sim->cut_countdown == 0 || --sim->cut_countdown != 0) {
		return len;
	}
	sim->power_lost = true;
	return sim->cut_mode == FLASH_SIM_CUT_TORN ? len / 2 : 0;
}

/* The operation just started was cut before it did anything. */
static bool cut_before(const struct flash_sim *sim)
{
	return sim->power_lost && sim->cut_mode == FLASH_SIM_CUT_BEFORE;
}

static int sim_read(struct flash_dev *dev, uint32_t off, void *buf, size_t len)
{
	struct flash_sim *sim = to_sim(dev);

	if (sim->power_lost) {
		return -EIO;
	}
	if (!in_range(&dev->params, off, len)) {
		return -EINVAL;
	}
	if (len == 0) {
		return 0;
	}
	memcpy(buf, sim->mem + off, len);
	sim->stats.reads++;
	sim->stats.bytes_read += len;
	return 0;
}

static bool all_erased(const uint8_t *p, size_t len, uint8_t erased)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] != erased) {
			return false;
		}
	}
	return true;
}

static int sim_write(struct flash_dev *dev, uint32_t off, const void *buf,
		     size_t len)
{
	struct flash_sim *sim = to_sim(dev);
	size_t done;

	if (sim->power_lost) {
		return -EIO;
	}
	if (!in_range(&dev->params, off, len) ||
	    !aligned(off, len, dev->params.write_block_size)) {
		return -EINVAL;
	}
	if (len == 0) {
		return 0;
	}
	if (!all_erased(sim->mem + off, len, dev->params.erased_value)) {
		return -EROFS;
	}
	done = start_op(sim, len);
	if (cut_before(sim)) {
		return -EIO;
	}
	memcpy(sim->mem + off, buf, done);
	sim->stats.writes++;
	sim->stats.bytes_written += done;
	sim->stats.busy_us += flash_sim_write_cost_us(sim, done);
	return sim->power_lost ? -EIO : 0;
}

static int sim_erase(struct flash_dev *dev, uint32_t off, size_t len)
{
	struct flash_sim *sim = to_sim(dev);
	size_t done;

	if (sim->power_lost) {
		return -EIO;
	}
	if (!in_range(&dev->params, off, len) ||
	    !aligned(off, len, dev->params.page_size)) {
		return -EINVAL;
	}
	if (len == 0) {
		return 0;
	}
	done = start_op(sim, len);
	if (cut_before(sim)) {
		return -EIO;
	}
	memset(sim->mem + off, dev->params.erased_value, done);
	sim->stats.erases++;
	sim->stats.bytes_erased += done;
	sim->stats.busy_us += flash_sim_erase_cost_us(sim, done);
	return sim->power_lost ? -EIO : 0;
}

static const struct flash_api flash_sim_api = {
	.read = sim_read,
	.write = sim_write,
	.erase = sim_erase,
};

static bool geometry_ok(const struct flash_params *p)
{
	uint32_t wbs = p->write_block_size;

	return p->size != 0 && p->page_size != 0 && wbs != 0 &&
	       (wbs & (wbs - 1)) == 0 && p->page_size % wbs == 0 &&
	       p->size % p->page_size == 0;
}

int flash_sim_init(struct flash_sim *sim, uint8_t *mem,
		   const struct flash_params *params)
{
	if (sim == NULL || mem == NULL || params == NULL ||
	    !geometry_ok(params)) {
		return -EINVAL;
	}
	memset(sim, 0, sizeof(*sim));
	sim->dev.api = &flash_sim_api;
	sim->dev.params = *params;
	sim->dev.priv = sim;
	sim->mem = mem;
	return 0;
}

void flash_sim_set_timing(struct flash_sim *sim,
			  const struct flash_sim_timing *t)
{
	sim->timed = t != NULL;
	if (t != NULL) {
		sim->timing = *t;
	} else {
		memset(&sim->timing, 0, sizeof(sim->timing));
	}
}

void flash_sim_cut_power_at(struct flash_sim *sim, uint32_t nth,
			    enum flash_sim_cut mode)
{
	sim->cut_countdown = nth;
	sim->cut_mode = mode;
}

bool flash_sim_power_lost(const struct flash_sim *sim)
{
	return sim->power_lost;
}

void flash_sim_power_on(struct flash_sim *sim)
{
	sim->power_lost = false;
}

const struct flash_sim_stats *flash_sim_get_stats(const struct flash_sim *sim)
{
	return &sim->stats;
}

void flash_sim_reset_stats(struct flash_sim *sim)
{
	memset(&sim->stats, 0, sizeof(sim->stats));
}

uint32_t flash_sim_ops(const struct flash_sim *sim)
{
	return sim->ops;
}
