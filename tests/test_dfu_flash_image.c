/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The DFU flash backend on the NOR simulator, driven through the DFU class
 * by the virtual host: round trips, the slot tail (trailer) protection,
 * rejected images, aborts, and writes past the slot.
 */
#include <string.h>

#include "class/dfu/dfu.h"
#include "class/dfu/dfu_flash_image.h"
#include "storage/flash_sim.h"
#include "tests/dfu_host.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

#define PAGE 4096
#define SLOT (64 * PAGE)
#define TAIL 3000 /* rounds up to one page */

static uint8_t flash_mem[2 * SLOT];
static uint8_t img[SLOT + PAGE];
static uint8_t back[SLOT + PAGE];
static uint8_t xfer_buf[4096];
static uint8_t wbuf[256];
static uint8_t stage[4096];

static struct {
	struct udc_virtual v;
	struct usbd_context ctx;
	struct dfu_mode dm;
	struct flash_sim sim;
	struct flash_area fa;
	struct dfu_flash_image fi;
	struct dfu_image image;
	struct dfu_host host;
	enum dfu_status check_result;
	unsigned int checks;
} t;

static enum dfu_status check(void *user, const struct flash_area *fa,
			     uint32_t len, uint32_t *poll_ms)
{
	t.checks++;
	return t.check_result;
}

/* The "format" of this test: the first 4 bytes hold the length. */
static uint32_t stored_len(void *user, const struct flash_area *fa)
{
	uint32_t len;

	flash_area_read(fa, 0, &len, 4);
	return len == 0xffffffff ? 0 : len;
}

/* The sample's estimate: the simulator's own timing model. */
static uint32_t cost_us(void *user, uint32_t erases, uint32_t bytes)
{
	return (uint32_t)(flash_sim_erase_cost_us(&t.sim,
						  (size_t)erases * PAGE) +
			  flash_sim_write_cost_us(&t.sim, bytes));
}

static void main_loop(void *user)
{
	(void)user;
	if (t.dm.bg_poll) {
		usbd_poll(&t.ctx);
	}
}

static bool no_stage; /* program from the class's buffer */

static void setup(void)
{
	static const struct flash_params params = {
		.size = 2 * SLOT, .page_size = PAGE, .write_block_size = 8,
		.erased_value = 0xff,
	};
	static const struct usbd_device_info info = {
		.vid = 1, .pid = 2, .manufacturer = "t", .product = "t",
	};
	struct dfu_flash_image_cfg cfg = {
		.reserved_tail = TAIL,
		.check = check,
		.stored_len = stored_len,
		.buf = wbuf,
		.buf_len = sizeof(wbuf),
		.stage = stage,
		.stage_len = sizeof(stage),
		.cost_us = cost_us,
	};

	memset(&t, 0, sizeof(t));
	memset(flash_mem, 0xff, sizeof(flash_mem));
	CHECK_EQ(flash_sim_init(&t.sim, flash_mem, &params), 0);
	/* the slot is the second half: the first half must never change */
	memset(flash_mem, 0x11, SLOT);
	t.fa = (struct flash_area){2, "image-1", &t.sim.dev, SLOT, SLOT};
	cfg.fa = &t.fa;
	if (no_stage) {
		cfg.stage = NULL;
		cfg.stage_len = 0;
	}
	udc_virtual_init(&t.v, UDC_SPEED_FULL);
	CHECK_EQ(dfu_flash_image_init(&t.fi, &t.image, "image-1", &cfg), 0);
	CHECK_EQ(t.image.capacity, SLOT - PAGE);
	CHECK_EQ(udc_init(&t.v.dev, NULL, NULL), 0);
	CHECK_EQ(usbd_init(&t.ctx, &t.v.dev, &info), 0);
	CHECK_EQ(dfu_mode_init(&t.dm, NULL, &t.image, 1, xfer_buf,
			       sizeof(xfer_buf)), 0);
	CHECK_EQ(dfu_mode_register(&t.ctx, &t.dm), 0);
	CHECK_EQ(usbd_enable(&t.ctx), 0);
	CHECK_EQ(vhost_attach(&t.v), 0);
	CHECK_EQ(vhost_enumerate(&t.v, &(struct vhost_device){0}), 0);
	t.host = (struct dfu_host){.v = &t.v, .xfer = 4096};
	/* GETSTATUS drives the flash work until the test runs usbd_poll;
	 * from then on the "main loop" must keep running between polls. */
	t.host.idle = main_loop;
}

static void make_image(uint32_t len, uint8_t seed)
{
	for (uint32_t i = 0; i < len; i++) {
		img[i] = (uint8_t)(i * 31 + seed);
	}
	memcpy(img, &len, 4);
}

static bool lower_half_intact(void)
{
	for (size_t i = 0; i < SLOT; i++) {
		if (flash_mem[i] != 0x11) {
			return false;
		}
	}
	return true;
}

static void test_round_trip(void)
{
	static const uint32_t sizes[] = {5, 4096, 4097, 100001, SLOT - PAGE};
	size_t got;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		setup();
		/* an old upgrade request sits in the trailer page */
		memset(flash_mem + 2 * SLOT - 16, 0x77, 16);
		make_image(sizes[i], (uint8_t)i);
		t.host.xfer = i % 2 ? 1000 : 4096;
		CHECK_EQ(dfu_host_download(&t.host, img, sizes[i]), 0);
		CHECK_EQ(t.checks, 1);
		CHECK(memcmp(flash_mem + SLOT, img, sizes[i]) == 0);
		CHECK_EQ(flash_mem[2 * SLOT - 1], 0xff); /* request erased */
		CHECK_EQ(dfu_host_upload_all(&t.host, back, sizeof(back),
					     &got), 0);
		CHECK_EQ(got, sizes[i]);
		CHECK(memcmp(back, img, sizes[i]) == 0);
		CHECK(lower_half_intact());
	}
}

static void test_past_slot(void)
{
	struct dfu_host_status st;

	setup();
	make_image(SLOT - PAGE + 1, 1);
	CHECK(dfu_host_download(&t.host, img, SLOT - PAGE + 1) != 0);
	CHECK_EQ(dfu_host_getstatus(&t.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_ERROR);
	CHECK_EQ(st.status, DFU_ERR_ADDRESS);
	CHECK_EQ(t.checks, 0);
	/* the trailer page was never programmed */
	for (size_t i = 2 * SLOT - PAGE; i < 2 * SLOT; i++) {
		if (flash_mem[i] != 0xff) {
			CHECK(0);
			break;
		}
	}
	/* the partial image is gone: nothing to upload */
	CHECK_EQ(stored_len(NULL, &t.fa), 0);
	CHECK(lower_half_intact());
}

static void test_rejected_and_aborted(void)
{
	struct dfu_host_status st;
	size_t got = 1;

	setup();
	t.check_result = DFU_ERR_VERIFY;
	make_image(50000, 2);
	CHECK(dfu_host_download(&t.host, img, 50000) != 0);
	CHECK_EQ(t.dm.status, DFU_ERR_VERIFY);
	CHECK_EQ(flash_mem[SLOT], 0xff); /* header page erased */
	CHECK_EQ(dfu_host_simple(&t.host, DFU_CLRSTATUS), 0);
	CHECK_EQ(dfu_host_upload_all(&t.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 0);
	/* abort mid-download */
	t.check_result = DFU_STATUS_OK;
	CHECK_EQ(dfu_host_dnload(&t.host, 0, img, 4096), 0);
	/* A.2.4/A.2.5: ABORT only once the block is in (dfuDNLOAD-IDLE) */
	CHECK_EQ(dfu_host_simple(&t.host, DFU_ABORT), -EPIPE);
	CHECK_EQ(t.dm.state, DFU_STATE_ERROR);
	CHECK_EQ(dfu_host_simple(&t.host, DFU_CLRSTATUS), 0);
	CHECK_EQ(dfu_host_dnload(&t.host, 0, img, 4096), 0);
	do {
		CHECK_EQ(dfu_host_getstatus(&t.host, &st), 0);
	} while (st.state == DFU_STATE_DNBUSY);
	CHECK_EQ(st.state, DFU_STATE_DNLOAD_IDLE);
	CHECK_EQ(dfu_host_simple(&t.host, DFU_ABORT), 0);
	/* the header erase runs from the main loop, not in the request */
	CHECK(t.dm.bg_image != NULL);
	while (t.dm.bg_image) {
		usbd_poll(&t.ctx);
	}
	CHECK_EQ(flash_mem[SLOT], 0xff);
	CHECK_EQ(dfu_host_upload_all(&t.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 0);
	/* and a clean retry */
	CHECK_EQ(dfu_host_download(&t.host, img, 50000), 0);
	CHECK_EQ(dfu_host_upload_all(&t.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 50000);
	CHECK(lower_half_intact());
}

static void test_flash_failure(void)
{
	setup();
	make_image(20000, 3);
	/* power is lost at the 3rd flash operation of the download */
	flash_sim_cut_power_at(&t.sim, 3, FLASH_SIM_CUT_BEFORE);
	CHECK(dfu_host_download(&t.host, img, 20000) != 0);
	CHECK_EQ(t.dm.state, DFU_STATE_ERROR);
	CHECK(t.dm.status == DFU_ERR_PROG || t.dm.status == DFU_ERR_ERASE);
	CHECK_EQ(t.checks, 0);
}

/*
 * With a timing model, every estimate is the flash time the backend then
 * really spends until it is done (simulated time, so exact): the one made
 * when a block (or the end of the download) is handed over, and each
 * bwPollTimeout a GETSTATUS reports while the work goes on. A block that
 * only fills the write buffer costs nothing; the one that fills it pays
 * for all of it.
 */
static void check_estimates(uint16_t block, const uint8_t *data, uint16_t len)
{
	const struct flash_sim_stats *fs = flash_sim_get_stats(&t.sim);
	uint64_t at[64];
	uint32_t told[64];
	unsigned int n = 0;
	struct dfu_host_status st;

	CHECK_EQ(dfu_host_dnload(&t.host, block, data, len), 0);
	at[n] = fs->busy_us;
	told[n++] = t.dm.poll_timeout_ms; /* the backend's first answer */
	do {
		CHECK_EQ(dfu_host_getstatus(&t.host, &st), 0);
		at[n] = fs->busy_us;
		told[n++] = st.poll_ms;
	} while ((st.state == DFU_STATE_DNBUSY ||
		  st.state == DFU_STATE_MANIFEST) &&
		 n < 64);
	CHECK_EQ(st.state, len ? DFU_STATE_DNLOAD_IDLE : DFU_STATE_IDLE);
	for (unsigned int i = 0; i < n; i++) {
		CHECK_EQ(told[i], (fs->busy_us - at[i] + 999) / 1000);
	}
}

static void test_honest_estimate(void)
{
	static const struct flash_sim_timing nrf52840 = {85000, 41, 4};
	static const uint16_t xfers[] = {1024, 4096, 1000};
	uint32_t len = 10 * PAGE + 100;
	size_t got;

	for (size_t x = 0; x < sizeof(xfers) / sizeof(xfers[0]); x++) {
		uint16_t block = 0;
		uint32_t off = 0;

		setup();
		/* GETSTATUS does the work, one step each: no main loop */
		t.host.idle = NULL;
		flash_sim_set_timing(&t.sim, &nrf52840);
		make_image(len, (uint8_t)x);
		while (off < len) {
			uint16_t n =
				(uint16_t)(len - off < xfers[x] ? len - off
								: xfers[x]);

			check_estimates(block++, img + off, n);
			off += n;
		}
		check_estimates(block, NULL, 0);
		CHECK_EQ(t.checks, 1);
		t.host.xfer = 4096;
		CHECK_EQ(dfu_host_upload_all(&t.host, back, sizeof(back), &got),
			 0);
		CHECK_EQ(got, len);
		CHECK(memcmp(back, img, len) == 0);
	}
}

/*
 * Issue 12.6: power lost while image B is downloaded over image A. After
 * the restart the slot holds no image (never B's header over A's tail),
 * and B's header appears only once every other byte is in flash.
 */
static void test_power_cut_mid_download(void)
{
	static uint8_t saved[sizeof(flash_mem)];
	struct dfu_host_status st;
	size_t got = 1;

	setup();
	make_image(50000, 3);
	CHECK_EQ(dfu_host_download(&t.host, img, 50000), 0);
	CHECK_EQ(stored_len(NULL, &t.fa), 50000);
	make_image(40000, 9);
	for (uint16_t b = 0; b < 5; b++) {
		CHECK_EQ(dfu_host_dnload(&t.host, b, img + b * 4096, 4096), 0);
		do {
			CHECK_EQ(dfu_host_getstatus(&t.host, &st), 0);
		} while (st.state == DFU_STATE_DNBUSY);
	}
	/* B's bytes are in flash but its first write block is held back */
	CHECK_EQ(memcmp(flash_mem + SLOT + 8, img + 8, 5 * 4096 - 8), 0);
	CHECK_EQ(stored_len(NULL, &t.fa), 0);
	/* the power cut: a new board over the same flash */
	memcpy(saved, flash_mem, sizeof(flash_mem));
	setup();
	memcpy(flash_mem, saved, sizeof(flash_mem));
	CHECK_EQ(dfu_host_upload_all(&t.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 0);
	/* the whole of B: committed at manifestation, then checked */
	CHECK_EQ(dfu_host_download(&t.host, img, 40000), 0);
	CHECK_EQ(stored_len(NULL, &t.fa), 40000);
	CHECK_EQ(dfu_host_upload_all(&t.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 40000);
	CHECK_EQ(memcmp(back, img, 40000), 0);
	CHECK(lower_half_intact());
}

/* Without a stage the block is programmed from the class's buffer: no
 * other DNLOAD may land there while the backend is busy. */
static void test_block_buffer_kept(void)
{
	struct dfu_host_status st;
	static uint8_t stray[4096];

	setup();
	make_image(8192, 5);
	memset(stray, 0x5a, sizeof(stray));
	CHECK_EQ(dfu_host_dnload(&t.host, 0, img, 4096), 0);
	CHECK_EQ(dfu_host_getstatus(&t.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_DNBUSY);
	CHECK_EQ(dfu_host_dnload(&t.host, 1, stray, 4096), -EPIPE);
	CHECK_EQ(memcmp(xfer_buf, img, 4096), 0);
	CHECK_EQ(t.dm.state, DFU_STATE_ERROR);
	for (size_t i = 0; i < 2 * 4096; i++) {
		if (flash_mem[SLOT + i] == 0x5a && img[i] != 0x5a) {
			CHECK(0);
			break;
		}
	}
}

static void run_all(void)
{
	test_round_trip();
	test_past_slot();
	test_rejected_and_aborted();
	test_flash_failure();
	test_honest_estimate();
	test_power_cut_mid_download();
	test_block_buffer_kept();
}

int main(void)
{
	run_all();
	no_stage = true;
	run_all();
	return test_report("test_dfu_flash_image");
}
