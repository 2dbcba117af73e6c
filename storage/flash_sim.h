/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NOR flash simulator over caller-owned memory.
 *
 * The memory is a static array in tests or an mmap'd file on the native
 * board; the simulator does no I/O, allocates nothing and never sleeps.
 * flash_sim_init() does not touch the memory, so data persists across
 * re-initialisation (a simulated reset).
 *
 * Rules enforced (all through the flash_dev API of storage/flash.h):
 * - every range must lie inside the device: -EINVAL;
 * - read: any offset and length;
 * - write: offset and length aligned to write_block_size (-EINVAL); every
 *   target byte must read as erased_value, otherwise the whole write is
 *   refused with -EROFS and nothing is programmed (writing the erased value
 *   onto erased bytes is allowed and leaves them erased);
 * - erase: offset and length aligned to page_size (-EINVAL);
 * - zero-length reads, writes and erases at a valid offset succeed, do
 *   nothing and are not counted;
 * - after a power cut every call (read, write, erase) returns -EIO until
 *   flash_sim_power_on().
 * Refused calls (-EINVAL, -EROFS, -EIO) never reach the medium: they change
 * neither memory, nor statistics, nor the operation count.
 *
 * Power cuts: flash_sim_cut_power_at(sim, n, mode) arms a cut on the n-th
 * write or erase that reaches the medium from now on (1 = the next one).
 * - FLASH_SIM_CUT_BEFORE: that operation changes nothing, returns -EIO and
 *   power is lost.
 * - FLASH_SIM_CUT_TORN: only the first len/2 bytes (rounded down) of that
 *   operation's range take effect, then it returns -EIO and power is lost.
 *   A torn write of several write blocks therefore programs its first half,
 *   and one whose half falls inside a write block leaves that block half
 *   programmed (first part new data, rest still erased). A torn erase
 *   erases the first half of its range: the first half of a single page,
 *   or for three pages the first one and a half. With write_block_size 1 a
 *   torn one-byte write programs nothing.
 * A cut before the operation leaves no trace in the statistics; a torn one
 * counts as one operation with the bytes it did. The cut is one-shot: once
 * it fired nothing is armed, and after flash_sim_power_on() operations
 * work again.
 *
 * Timing: with a timing model set, every erase adds page_erase_us per page
 * it touched and every write adds word_program_us per word it touched
 * (ceil(bytes / word_size)) to stats.busy_us; torn operations count only
 * what they did. A board turns busy_us into sleeps or a simulated clock.
 */
#ifndef STORAGE_FLASH_SIM_H
#define STORAGE_FLASH_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/flash.h"

/* nRF52840-like: 85000 us per page erase, 41 us per 4-byte word */
struct flash_sim_timing {
	uint32_t page_erase_us;
	uint32_t word_program_us;
	uint32_t word_size; /* bytes per programmed word; 0 is taken as 1 */
};

/* Counts only operations that reached the medium (including a torn one). */
struct flash_sim_stats {
	uint32_t reads, writes, erases;
	uint64_t bytes_read, bytes_written, bytes_erased;
	uint64_t busy_us; /* simulated time spent erasing/programming */
};

enum flash_sim_cut {
	FLASH_SIM_CUT_BEFORE,
	FLASH_SIM_CUT_TORN,
};

struct flash_sim {
	struct flash_dev dev; /* first member: &sim->dev is the device */
	uint8_t *mem;
	struct flash_sim_timing timing;
	bool timed;
	struct flash_sim_stats stats;
	uint32_t ops;           /* writes + erases that reached the medium */
	uint32_t cut_countdown; /* ops left until the cut, 0 = none armed */
	enum flash_sim_cut cut_mode;
	bool power_lost;
};

/*
 * Returns 0, or -EINVAL when mem is NULL or the geometry is unusable:
 * size, page_size and write_block_size must be non-zero, write_block_size
 * a power of two dividing page_size, and size a multiple of page_size.
 * Statistics, operation count, power state and timing start fresh.
 */
int flash_sim_init(struct flash_sim *sim, uint8_t *mem,
		   const struct flash_params *params);

/* The model is copied. NULL = no timing (busy_us stays 0). */
void flash_sim_set_timing(struct flash_sim *sim,
			  const struct flash_sim_timing *t);

/* nth counts writes + erases from now, 1-based; 0 disarms. */
void flash_sim_cut_power_at(struct flash_sim *sim, uint32_t nth,
			    enum flash_sim_cut mode);

bool flash_sim_power_lost(const struct flash_sim *sim);

/* After a cut: operations work again, no cut armed. */
void flash_sim_power_on(struct flash_sim *sim);

const struct flash_sim_stats *flash_sim_get_stats(const struct flash_sim *sim);

void flash_sim_reset_stats(struct flash_sim *sim);

/* Writes + erases so far, for enumerating fault points. */
uint32_t flash_sim_ops(const struct flash_sim *sim);

/* What the timing model charges, without doing anything (0 untimed). */
uint64_t flash_sim_erase_cost_us(const struct flash_sim *sim, size_t len);
uint64_t flash_sim_write_cost_us(const struct flash_sim *sim, size_t len);

#endif /* STORAGE_FLASH_SIM_H */
