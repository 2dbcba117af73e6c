/* SPDX-License-Identifier: Apache-2.0 */
#include "board/mps2_an386/flash_ssram.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "board/mps2_an386/board.h"

static struct flash_ssram *to_ssram(struct flash_dev *dev)
{
	return (struct flash_ssram *)dev->priv;
}

/* The chip is memory-mapped, as NOR flash on an MCU reads. */
static uint8_t *cell(const struct flash_ssram *f, uint32_t off)
{
	return (uint8_t *)(f->base + off);
}

static bool in_range(const struct flash_dev *dev, uint32_t off, size_t len)
{
	return off <= dev->params.size && len <= dev->params.size - off;
}

/* Counts one write or erase; true when power fails during it. */
static bool cut_now(struct flash_ssram *f)
{
	if (!f->cut) {
		return false;
	}
	f->cut->ops++;
	return f->cut->at != 0 && f->cut->ops == f->cut->at;
}

static void __attribute__((noreturn)) power_lost(void)
{
	board_puts("flash: power cut");
	/* The host dumps the flash now and kills QEMU. */
	for (;;) {
		__asm volatile("wfi");
	}
}

static int ssram_read(struct flash_dev *dev, uint32_t off, void *buf,
		      size_t len)
{
	if (!in_range(dev, off, len)) {
		return -EINVAL;
	}
	memcpy(buf, cell(to_ssram(dev), off), len);
	return 0;
}

static int ssram_write(struct flash_dev *dev, uint32_t off, const void *buf,
		       size_t len)
{
	struct flash_ssram *f = to_ssram(dev);
	const uint8_t *in = buf;
	uint32_t mask = dev->params.write_block_size - 1;
	size_t n = len;

	if (!in_range(dev, off, len) || (off & mask) || (len & mask)) {
		return -EINVAL;
	}
	/* NOR programs 1 -> 0 only: refuse before touching anything. */
	for (size_t i = 0; i < len; i++) {
		if ((in[i] & ~cell(f, off)[i]) != 0) {
			return -EROFS;
		}
	}
	if (len && cut_now(f)) {
		if (f->cut->mode != FLASH_SSRAM_CUT_TORN) {
			power_lost();
		}
		n = len / 2;
	}
	memcpy(cell(f, off), in, n);
	if (n != len) {
		power_lost();
	}
	return 0;
}

static int ssram_erase(struct flash_dev *dev, uint32_t off, size_t len)
{
	struct flash_ssram *f = to_ssram(dev);
	uint32_t page = dev->params.page_size;
	size_t n = len;

	if (!in_range(dev, off, len) || off % page || len % page) {
		return -EINVAL;
	}
	if (len && cut_now(f)) {
		if (f->cut->mode != FLASH_SSRAM_CUT_TORN) {
			power_lost();
		}
		n = len / 2;
	}
	memset(cell(f, off), dev->params.erased_value, n);
	if (n != len) {
		power_lost();
	}
	return 0;
}

static const struct flash_api ssram_api = {
	.read = ssram_read,
	.write = ssram_write,
	.erase = ssram_erase,
};

int flash_ssram_init(struct flash_ssram *f, uintptr_t base,
		     const struct flash_params *params,
		     struct flash_ssram_cut *cut)
{
	uint32_t wbs = params->write_block_size;

	if (!params->size || !params->page_size || !wbs || (wbs & (wbs - 1)) ||
	    params->page_size % wbs || params->size % params->page_size) {
		return -EINVAL;
	}
	f->dev.api = &ssram_api;
	f->dev.params = *params;
	f->dev.priv = f;
	f->base = base;
	f->cut = cut;
	return 0;
}
