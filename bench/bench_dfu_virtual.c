/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host benchmark of the DFU class through the in-process virtual host
 * (tests/dfu_host.h), no USB transport: what the stack itself costs.
 *
 *  1. RAM disk (alt 0 of the sample fixture): download and upload of a
 *     4 MiB image at wTransferSize 1024 and 4096, median of 5 runs, MiB/s
 *     of wall-clock time. Every run is read back and compared.
 *  2. Flash backend (dfu_flash_image + stream_flash + flash_map) over the
 *     NOR simulator with the nRF52840-like timing model (85 ms per page
 *     erase, 41 us per 4-byte word). The simulator never sleeps, so this
 *     reports the simulated flash busy time and operation counts next to
 *     the flash-bound minimum (every page erased once, every word
 *     programmed once), the longest busy time charged inside a single
 *     request, and how often the device answered dfuDNBUSY.
 *
 * Usage: bench_dfu_virtual             all of the above
 *        bench_dfu_virtual --once XFER one 4 MiB RAM disk download (for
 *                                      valgrind --tool=callgrind)
 * Prints figures; asserts only that every transfer succeeded and read back
 * equal (exit 1 otherwise). Timings are never asserted.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "class/dfu/dfu.h"
#include "class/dfu/dfu_flash_image.h"
#include "storage/flash_sim.h"
#include "tests/dfu_fixture.h"
#include "tests/dfu_host.h"

#define IMAGE_SIZE (4u * 1024 * 1024)
#define RUNS 5
#define PAGE 4096u
#define SLOT (IMAGE_SIZE + PAGE) /* image + one trailer page */

static const uint16_t xfer_sizes[] = { 1024, 4096 };

static uint8_t image[IMAGE_SIZE];
static uint8_t back[IMAGE_SIZE + 65536];
static struct dfu_fixture fx;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static double mib_per_s(size_t bytes, double seconds)
{
	return bytes / (1024.0 * 1024.0) / seconds;
}

/* A different pattern per run, so a stale image cannot pass the compare. */
static void fill_image(unsigned int seed)
{
	uint32_t x = 2463534242u ^ (seed * 2654435761u);

	for (size_t i = 0; i < IMAGE_SIZE; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		image[i] = (uint8_t)x;
	}
}

static int fail(const char *what, int ret)
{
	fprintf(stderr, "bench_dfu_virtual: %s failed (%d)\n", what, ret);
	return 1;
}

static int ramdisk_setup(uint16_t xfer)
{
	struct dfu_config cfg = { .transfer_size = xfer };
	int ret;

	ret = fixture_init(&fx, &cfg, IMAGE_SIZE);
	ret = ret ?: fixture_enter_dfu(&fx);
	fx.host.iface = 0;
	return ret ?: dfu_host_set_alt(&fx.host, 0);
}

/* One download + upload of the whole image; times in seconds. */
static int ramdisk_run(double *dn_s, double *up_s)
{
	size_t got = 0;
	double t0 = now_s();
	int ret = dfu_host_download(&fx.host, image, IMAGE_SIZE);

	*dn_s = now_s() - t0;
	if (ret != 0) {
		return fail("RAM disk download", ret);
	}
	t0 = now_s();
	ret = dfu_host_upload_all(&fx.host, back, sizeof(back), &got);
	*up_s = now_s() - t0;
	if (ret != 0) {
		return fail("RAM disk upload", ret);
	}
	if (got != IMAGE_SIZE || memcmp(back, image, IMAGE_SIZE) != 0) {
		return fail("RAM disk read-back compare", (int)got);
	}
	return 0;
}

static int bench_ramdisk(void)
{
	for (size_t x = 0; x < sizeof(xfer_sizes) / sizeof(xfer_sizes[0]);
	     x++) {
		double dn[RUNS], up[RUNS];

		if (ramdisk_setup(xfer_sizes[x]) != 0) {
			return fail("fixture setup", -1);
		}
		for (unsigned int r = 0; r < RUNS; r++) {
			fill_image(r + 1);
			if (ramdisk_run(&dn[r], &up[r]) != 0) {
				return 1;
			}
		}
		printf("  RAM disk 4 MiB, wTransferSize %-5u download %8.1f "
		       "MiB/s   upload %8.1f MiB/s   (median of %d)\n",
		       xfer_sizes[x], mib_per_s(IMAGE_SIZE, median(dn, RUNS)),
		       mib_per_s(IMAGE_SIZE, median(up, RUNS)), RUNS);
	}
	return 0;
}

/* --- flash backend over the NOR simulator --- */

static uint8_t flash_mem[SLOT];
static uint8_t flash_wbuf[PAGE]; /* as apps/dfu: one page */
static uint8_t flash_xfer_buf[4096];

static struct {
	struct udc_virtual v;
	struct usbd_context ctx;
	struct dfu_mode dm;
	struct flash_sim sim;
	struct flash_area fa;
	struct dfu_flash_image fi;
	struct dfu_image img;
	struct dfu_host host;
	uint32_t stored;
} fl;

/* Bench hooks: no image format here, so no signature check. */
static enum dfu_status fl_check(void *user, const struct flash_area *fa,
				uint32_t len, uint32_t *poll_ms)
{
	fl.stored = len;
	return DFU_STATUS_OK;
}

static uint32_t fl_stored_len(void *user, const struct flash_area *fa)
{
	return fl.stored;
}

/* The bwPollTimeout estimate, from the simulator's timing model. */
static uint32_t fl_cost_us(void *user, uint32_t erases, uint32_t bytes)
{
	return (uint32_t)(flash_sim_erase_cost_us(&fl.sim, erases * PAGE) +
			  flash_sim_write_cost_us(&fl.sim, bytes));
}

static int flash_setup(uint16_t xfer)
{
	static const struct flash_params params = {
		.size = SLOT, .page_size = PAGE, .write_block_size = 4,
		.erased_value = 0xff,
	};
	static const struct flash_sim_timing nrf52840 = { 85000, 41, 4 };
	static const struct usbd_device_info info = {
		.vid = 0x2fe3, .pid = 0xffff, .manufacturer = "bench",
		.product = "flash bench",
	};
	struct dfu_config cfg = { .transfer_size = xfer };
	struct dfu_flash_image_cfg fcfg = {
		.fa = &fl.fa, .reserved_tail = PAGE, .check = fl_check,
		.stored_len = fl_stored_len, .buf = flash_wbuf,
		.buf_len = sizeof(flash_wbuf), .cost_us = fl_cost_us,
	};
	int ret;

	memset(&fl, 0, sizeof(fl));
	memset(flash_mem, 0xff, sizeof(flash_mem));
	ret = flash_sim_init(&fl.sim, flash_mem, &params);
	flash_sim_set_timing(&fl.sim, &nrf52840);
	fl.fa = (struct flash_area){ FLASH_AREA_ID_IMAGE_1, "image-1",
				     &fl.sim.dev, 0, SLOT };
	udc_virtual_init(&fl.v, UDC_SPEED_FULL);
	ret = ret ?: dfu_flash_image_init(&fl.fi, &fl.img, "image-1", &fcfg);
	ret = ret ?: udc_init(&fl.v.dev, NULL, NULL);
	ret = ret ?: usbd_init(&fl.ctx, &fl.v.dev, &info);
	ret = ret ?: dfu_mode_init(&fl.dm, &cfg, &fl.img, 1, flash_xfer_buf,
				   sizeof(flash_xfer_buf));
	ret = ret ?: dfu_mode_register(&fl.ctx, &fl.dm);
	ret = ret ?: usbd_enable(&fl.ctx);
	ret = ret ?: vhost_attach(&fl.v);
	ret = ret ?: vhost_enumerate(&fl.v, &(struct vhost_device){ 0 });
	fl.host = (struct dfu_host){ .v = &fl.v, .xfer = xfer };
	return ret;
}

struct flash_run {
	double wall_s;
	uint64_t max_request_us; /* most flash time charged in one request */
	unsigned int busy_answers; /* GETSTATUS answered dfuDNBUSY/MANIFEST */
	struct flash_sim_stats st;
};

/* One request (DNLOAD or GETSTATUS), noting the flash time it charged. */
static void note_request(struct flash_run *run, uint64_t busy_before)
{
	uint64_t spent = flash_sim_get_stats(&fl.sim)->busy_us - busy_before;

	if (spent > run->max_request_us) {
		run->max_request_us = spent;
	}
}

/* Poll like dfu-util until the device is no longer busy. */
static int flash_wait(struct flash_run *run, struct dfu_host_status *st)
{
	for (unsigned int i = 0; i < 100000; i++) {
		uint64_t busy = flash_sim_get_stats(&fl.sim)->busy_us;
		int ret = dfu_host_getstatus(&fl.host, st);

		note_request(run, busy);
		if (ret != 0) {
			return ret;
		}
		if (st->state != DFU_STATE_DNBUSY &&
		    st->state != DFU_STATE_MANIFEST &&
		    st->state != DFU_STATE_DNLOAD_SYNC &&
		    st->state != DFU_STATE_MANIFEST_SYNC) {
			return 0;
		}
		run->busy_answers++;
		usbd_poll(&fl.ctx);
	}
	return -1;
}

static int flash_block(struct flash_run *run, uint16_t block,
		       const uint8_t *data, uint16_t len)
{
	uint64_t busy = flash_sim_get_stats(&fl.sim)->busy_us;
	struct dfu_host_status st;
	int ret = dfu_host_dnload(&fl.host, block, data, len);

	note_request(run, busy);
	ret = ret ?: flash_wait(run, &st);
	if (ret != 0) {
		return ret;
	}
	return st.state == (len ? DFU_STATE_DNLOAD_IDLE : DFU_STATE_IDLE) ? 0
									    : -1;
}

/* The download dfu-util does, block by block, then the read-back. */
static int flash_run_once(struct flash_run *run)
{
	uint16_t xfer = fl.host.xfer, block = 0;
	size_t got = 0;
	double t0;

	memset(run, 0, sizeof(*run));
	flash_sim_reset_stats(&fl.sim);
	t0 = now_s();
	for (uint32_t off = 0; off < IMAGE_SIZE; off += xfer) {
		uint16_t n = IMAGE_SIZE - off < xfer ? IMAGE_SIZE - off : xfer;

		if (flash_block(run, block++, image + off, n) != 0) {
			return fail("flash download block", (int)off);
		}
	}
	if (flash_block(run, block, NULL, 0) != 0) {
		return fail("flash download end", 0);
	}
	run->wall_s = now_s() - t0;
	run->st = *flash_sim_get_stats(&fl.sim);
	if (dfu_host_upload_all(&fl.host, back, sizeof(back), &got) != 0 ||
	    got != IMAGE_SIZE || memcmp(back, image, IMAGE_SIZE) != 0) {
		return fail("flash read-back compare", (int)got);
	}
	return 0;
}

static void print_flash(uint16_t xfer, const struct flash_run *run,
			double wall_median)
{
	uint64_t min_us = flash_sim_erase_cost_us(&fl.sim, IMAGE_SIZE) +
			  flash_sim_write_cost_us(&fl.sim, IMAGE_SIZE);
	const struct flash_sim_stats *s = &run->st;

	printf("  flash 4 MiB, wTransferSize %-5u host CPU %8.1f MiB/s "
	       "(median of %d, flash not waited for)\n", xfer,
	       mib_per_s(IMAGE_SIZE, wall_median), RUNS);
	printf("    simulated flash busy %.2f s -> %.1f KiB/s; flash-bound "
	       "limit %.2f s -> %.1f KiB/s (%.1f%% of limit)\n",
	       s->busy_us / 1e6, IMAGE_SIZE / 1024.0 / (s->busy_us / 1e6),
	       min_us / 1e6, IMAGE_SIZE / 1024.0 / (min_us / 1e6),
	       100.0 * min_us / s->busy_us);
	printf("    erases %u (%llu B), writes %u (%llu B), reads %u; longest "
	       "flash time inside one request %.1f ms; dfuDNBUSY answers %u\n",
	       s->erases, (unsigned long long)s->bytes_erased, s->writes,
	       (unsigned long long)s->bytes_written, s->reads,
	       run->max_request_us / 1e3, run->busy_answers);
}

static int bench_flash(void)
{
	for (size_t x = 0; x < sizeof(xfer_sizes) / sizeof(xfer_sizes[0]);
	     x++) {
		struct flash_run run;
		double wall[RUNS];

		if (flash_setup(xfer_sizes[x]) != 0) {
			return fail("flash setup", -1);
		}
		for (unsigned int r = 0; r < RUNS; r++) {
			fill_image(100 + r);
			if (flash_run_once(&run) != 0) {
				return 1;
			}
			wall[r] = run.wall_s;
		}
		print_flash(xfer_sizes[x], &run, median(wall, RUNS));
	}
	return 0;
}

/* One RAM disk download, nothing else: the unit callgrind counts. */
static int once(const char *arg)
{
	long xfer = strtol(arg, NULL, 10);
	int ret;

	if (xfer < 1 || xfer > 65535) {
		fprintf(stderr, "bench_dfu_virtual: bad transfer size %s\n",
			arg);
		return 2;
	}
	fill_image(1);
	ret = ramdisk_setup((uint16_t)xfer);
	ret = ret ?: dfu_host_download(&fx.host, image, IMAGE_SIZE);
	if (ret != 0 || memcmp(fixture_disk_mem, image, IMAGE_SIZE) != 0) {
		return fail("RAM disk download", ret);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--once") == 0) {
		return once(argv[2]);
	}
	if (argc != 1) {
		fprintf(stderr, "usage: bench_dfu_virtual [--once XFER]\n");
		return 2;
	}
	printf("DFU class through the in-process virtual host (no USB "
	       "transport)\n");
	return bench_ramdisk() ?: bench_flash();
}
