/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Downloads and uploads through the virtual host: round trips at several
 * transfer sizes, block-number wrap, asynchronous backends, and every
 * error path of a transfer, each checked for "nothing corrupted".
 */
#include <stdlib.h>
#include <string.h>

#include "tests/dfu_fixture.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

static struct dfu_fixture fix;
static uint8_t img[FIX_MAX_DISK];
static uint8_t back[FIX_MAX_DISK + 65536];

static void fill_random(uint8_t *p, size_t n, unsigned int seed)
{
	srand(seed);
	for (size_t i = 0; i < n; i++) {
		p[i] = (uint8_t)rand();
	}
}

static int setup(uint16_t transfer_size, uint32_t disk_bytes)
{
	struct dfu_config cfg = {.transfer_size = transfer_size};
	int ret = fixture_init(&fix, &cfg, disk_bytes);

	return ret ?: fixture_enter_dfu(&fix);
}

/* Download len bytes with host wLength xfer, upload, compare. */
static void round_trip(uint16_t transfer_size, uint16_t xfer, size_t len,
		       uint32_t disk_bytes)
{
	size_t got = 0;

	CHECK_EQ(setup(transfer_size, disk_bytes), 0);
	fix.host.xfer = xfer;
	fill_random(img, len, (unsigned int)(len ^ xfer));
	CHECK_EQ(dfu_host_download(&fix.host, img, len), 0);
	CHECK_EQ(fix.completed_msgs, 1);
	CHECK_EQ(fix.last_completed_alt, 0);
	CHECK_EQ(dfu_host_upload_all(&fix.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, len);
	CHECK(memcmp(back, img, len) == 0);
	CHECK(memcmp(fixture_disk_mem, img, len) == 0);
}

static void test_round_trips(void)
{
	static const struct {
		uint16_t tsize, xfer;
		size_t len;
	} cases[] = {
		{4096, 4096, 1024 * 1024},     /* the sample's case */
		{4096, 4096, 1024 * 1024 - 1}, /* not a multiple of anything */
		{4096, 4096, 4096 * 3},        /* exact: ends with empty block */
		{4096, 1000, 300001},          /* dfu-util -t smaller */
		{1024, 1024, 777777},
		{64, 64, 100000},
		{65535, 65535, 1024 * 1024 + 17}, /* no 4096 cap */
		{4096, 4096, 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		round_trip(cases[i].tsize, cases[i].xfer, cases[i].len,
			   2 * 1024 * 1024);
	}
}

/* 70000 blocks: the 16-bit block number wraps and data stays in order. */
static void test_block_wrap(void)
{
	size_t len = 70000 * 64 + 5;

	round_trip(64, 64, len, FIX_MAX_DISK);
	/* Starting near the wrap point works too. */
	CHECK_EQ(setup(64, FIX_MAX_DISK), 0);
	fix.host.first_block = 65530;
	fill_random(img, 1000, 9);
	CHECK_EQ(dfu_host_download(&fix.host, img, 1000), 0);
	CHECK(memcmp(fixture_disk_mem, img, 1000) == 0);
}

static void test_oversized_dnload(void)
{
	static uint8_t big[4097];
	struct dfu_host_status st;

	CHECK_EQ(setup(4096, 1024 * 1024), 0);
	memset(fixture_disk_mem, 0xa5, 8192);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, big, 4097), -EPIPE);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_ERROR);
	CHECK_EQ(st.status, DFU_ERR_STALLEDPKT);
	CHECK_EQ(fixture_disk_mem[0], 0xa5);
	CHECK_EQ(fixture_disk_mem[4096], 0xa5);
	/* dfu-util's recovery: CLRSTATUS, then a clean download works */
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_CLRSTATUS), 0);
	fill_random(img, 5000, 3);
	CHECK_EQ(dfu_host_download(&fix.host, img, 5000), 0);
	CHECK(memcmp(fixture_disk_mem, img, 5000) == 0);
}

/* The block that passes the image end is refused; nothing past it is hit. */
static void test_past_capacity(void)
{
	uint32_t cap = 64 * 1024;
	struct dfu_host_status st;

	CHECK_EQ(setup(4096, cap), 0);
	memset(fixture_disk_mem + cap, 0x5a, 8192);
	fill_random(img, cap + 4096, 4);
	CHECK_EQ(dfu_host_download(&fix.host, img, cap), 0);
	CHECK_EQ(setup(4096, cap), 0);
	CHECK(dfu_host_download(&fix.host, img, cap + 1) != 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_ERROR);
	CHECK_EQ(st.status, DFU_ERR_ADDRESS);
	CHECK_EQ(fixture_disk_mem[cap], 0x5a);
	CHECK_EQ(fixture_disk_mem[cap + 8191], 0x5a);
}

static void test_block_order(void)
{
	struct dfu_host_status st;
	uint8_t data[64] = {1};

	/* repeated block */
	CHECK_EQ(setup(64, 64 * 1024), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, data, 64), 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, data, 64), -EPIPE);
	CHECK_EQ(fix.dm.status, DFU_ERR_STALLEDPKT);
	/* missing block */
	CHECK_EQ(setup(64, 64 * 1024), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, data, 64), 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 2, data, 64), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	/* repeated upload block */
	CHECK_EQ(setup(64, 64 * 1024), 0);
	size_t got;
	CHECK_EQ(dfu_host_upload(&fix.host, 0, data, 64, &got), 0);
	CHECK_EQ(dfu_host_upload(&fix.host, 0, data, 64, &got), -EPIPE);
}

/* An empty download is a protocol error (DNLOAD of 0 bytes in dfuIDLE). */
static void test_empty_download(void)
{
	CHECK_EQ(setup(4096, 64 * 1024), 0);
	CHECK_EQ(dfu_host_download(&fix.host, img, 0), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	CHECK_EQ(fix.completed_msgs, 0);
}

static void test_upload_edges(void)
{
	uint8_t buf[4096];
	size_t got = 0;

	CHECK_EQ(setup(4096, 64 * 1024), 0);
	fill_random(img, 4096, 5);
	CHECK_EQ(dfu_host_download(&fix.host, img, 4096), 0);
	/* exactly one full block, then an empty one ends the upload */
	CHECK_EQ(dfu_host_upload(&fix.host, 0, buf, 4096, &got), 0);
	CHECK_EQ(got, 4096);
	CHECK_EQ(fix.dm.state, DFU_STATE_UPLOAD_IDLE);
	CHECK_EQ(dfu_host_upload(&fix.host, 1, buf, 4096, &got), 0);
	CHECK_EQ(got, 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_IDLE);
	/* wLength above wTransferSize is refused */
	CHECK_EQ(setup(1024, 64 * 1024), 0);
	CHECK_EQ(dfu_host_upload(&fix.host, 0, buf, 1025, &got), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	/* upload with wLength 0 is a protocol error */
	CHECK_EQ(setup(1024, 64 * 1024), 0);
	CHECK_EQ(dfu_host_upload(&fix.host, 0, buf, 0, &got), -EPIPE);
}

/* Aborts at every step: the RAM disk never returns a half-new image. */
static void test_abort_invalidates(void)
{
	struct dfu_host_status st;
	size_t got = 1;

	CHECK_EQ(setup(1024, 64 * 1024), 0);
	fill_random(img, 10000, 6);
	CHECK_EQ(dfu_host_download(&fix.host, img, 10000), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, img + 1, 1024), 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_DNLOAD_IDLE);
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_ABORT), 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_IDLE);
	CHECK_EQ(dfu_host_upload_all(&fix.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 0);
	/* unplug mid-download: same answer, and a clean retry works */
	CHECK_EQ(dfu_host_download(&fix.host, img, 10000), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, img + 1, 1024), 0);
	vhost_detach(&fix.v);
	CHECK_EQ(vhost_attach(&fix.v), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_IDLE);
	CHECK_EQ(dfu_host_upload_all(&fix.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 0);
	CHECK_EQ(dfu_host_download(&fix.host, img, 10000), 0);
	CHECK_EQ(dfu_host_upload_all(&fix.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 10000);
	CHECK(memcmp(back, img, 10000) == 0);
	/* SET_INTERFACE mid-transfer ends the session */
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, img, 1024), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_IDLE);
	CHECK_EQ(fix.dm.alt, 1);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 2), -EPIPE);
	CHECK_EQ(fix.dm.alt, 1);
}

/* Busy backends: honest poll timeouts, every block passes dfuDNBUSY. */
static void test_async_backend(void)
{
	size_t got = 0;
	size_t len = 100000;

	CHECK_EQ(setup(4096, 64 * 1024), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	fix.ai.busy_steps = 3;
	fix.ai.poll_ms = 9;
	fill_random(img, len, 7);
	CHECK_EQ(dfu_host_download(&fix.host, img, len), 0);
	/* 25 blocks + manifestation; each reports busy until done */
	CHECK(fix.host.busy_polls >= 26);
	CHECK_EQ(fix.host.poll_sum_ms, fix.host.busy_polls * 9);
	CHECK_EQ(fix.last_completed_alt, 1);
	CHECK_EQ(dfu_host_upload_all(&fix.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, len);
	CHECK(memcmp(back, img, len) == 0);
	/* a failing write reports its own status and aborts the image */
	CHECK_EQ(setup(4096, 64 * 1024), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	fix.ai.fail_write_at = 8192;
	CHECK(dfu_host_download(&fix.host, img, len) != 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	CHECK_EQ(fix.dm.status, DFU_ERR_WRITE);
	CHECK_EQ(fix.ai.aborts, 1);
	CHECK_EQ(fix.completed_msgs, 0);
	/* a failing manifestation (e.g. bad signature) likewise */
	CHECK_EQ(setup(4096, 64 * 1024), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	fix.ai.finish_result = DFU_ERR_VERIFY;
	CHECK(dfu_host_download(&fix.host, img, 5000) != 0);
	CHECK_EQ(fix.dm.status, DFU_ERR_VERIFY);
	CHECK_EQ(fix.completed_msgs, 0);
	/* synchronous backend: never busy, bwPollTimeout 0 */
	CHECK_EQ(setup(4096, 64 * 1024), 0);
	CHECK_EQ(dfu_host_download(&fix.host, img, 60000), 0);
	CHECK_EQ(fix.host.busy_polls, 0);
}

/* wTransferSize of the functional descriptor (0x21) in the device's
 * configuration descriptor, read by the host; 0 when there is none. */
static uint16_t host_transfer_size(void)
{
	uint8_t cfg[512];
	size_t got = 0;

	if (vhost_control(&fix.v, 0x80, 0x06, 0x0200, 0, sizeof(cfg), cfg,
			  &got) != 0) {
		return 0;
	}
	for (size_t i = 0; i + 7 <= got && cfg[i] > 0; i += cfg[i]) {
		if (cfg[i + 1] == 0x21 && cfg[i] >= 7) {
			return (uint16_t)(cfg[i + 5] | cfg[i + 6] << 8);
		}
	}
	return 0;
}

/*
 * A controller that moves at most ctrl_max bytes per control transfer
 * (gadgetfs: 256) gets wTransferSize cut to it, in both personalities;
 * one that moves more, or says nothing (0), gets the configured size. A
 * host using the advertised size then round-trips an image.
 */
static void test_ctrl_max_caps_transfer_size(void)
{
	static const struct {
		uint16_t ctrl_max, want;
	} cases[] = {{256, 256}, {0, 4096}, {8192, 4096}, {4096, 4096}};
	struct dfu_config cfg = {.transfer_size = 4096};
	size_t got = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_EQ(fixture_init(&fix, &cfg, 1024 * 1024), 0);
		fix.v.dev.ctrl_max = cases[i].ctrl_max;
		CHECK_EQ(host_transfer_size(), cases[i].want); /* run-time */
		CHECK_EQ(fixture_enter_dfu(&fix), 0);
		CHECK_EQ(host_transfer_size(), cases[i].want); /* DFU mode */
	}
	/* fix is in DFU mode with ctrl_max 4096; now 256, as gadgetfs */
	CHECK_EQ(fixture_init(&fix, &cfg, 1024 * 1024), 0);
	fix.v.dev.ctrl_max = 256;
	CHECK_EQ(fixture_enter_dfu(&fix), 0);
	fix.host.xfer = host_transfer_size();
	CHECK_EQ(fix.host.xfer, 256);
	fill_random(img, 100000, 256);
	CHECK_EQ(dfu_host_download(&fix.host, img, 100000), 0);
	CHECK_EQ(dfu_host_upload_all(&fix.host, back, sizeof(back), &got), 0);
	CHECK_EQ(got, 100000);
	CHECK(memcmp(back, img, 100000) == 0);
}

/*
 * dfu_config.fixed_poll_ms (the peers' constant poll, for benchmarks):
 * every block gets one dfuDNBUSY with that bwPollTimeout, even from a
 * backend that is already done; without it the device answers
 * dfuDNLOAD-IDLE at once, or dfuDNBUSY with the backend's estimate.
 */
static void test_fixed_poll(void)
{
	struct dfu_config cfg = {.transfer_size = 1024};
	struct dfu_host_status st;
	size_t got = 0;

	fill_random(img, 4096, 8);
	for (int fixed = 0; fixed <= 1; fixed++) {
		cfg.fixed_poll_ms = fixed ? 100 : 0;
		CHECK_EQ(fixture_init(&fix, &cfg, 64 * 1024), 0);
		CHECK_EQ(fixture_enter_dfu(&fix), 0);
		/* RAM disk: the backend is done within the request */
		for (uint16_t b = 0; b < 4; b++) {
			CHECK_EQ(dfu_host_dnload(&fix.host, b, img + b * 1024,
						 1024),
				 0);
			CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
			if (fixed) {
				CHECK_EQ(st.state, DFU_STATE_DNBUSY);
				CHECK_EQ(st.poll_ms, 100);
				CHECK_EQ(dfu_host_getstatus(&fix.host, &st),
					 0);
			}
			CHECK_EQ(st.state, DFU_STATE_DNLOAD_IDLE);
			CHECK_EQ(st.poll_ms, 0);
		}
		CHECK_EQ(dfu_host_dnload(&fix.host, 4, NULL, 0), 0);
		CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
		CHECK_EQ(st.state, DFU_STATE_IDLE);
		CHECK_EQ(dfu_host_upload_all(&fix.host, back, sizeof(back),
					     &got),
			 0);
		CHECK_EQ(got, 4096);
		CHECK(memcmp(back, img, 4096) == 0);
		/* a busy backend: its estimate, or the constant instead */
		CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
		fix.ai.busy_steps = 3;
		fix.ai.poll_ms = 9;
		CHECK_EQ(dfu_host_dnload(&fix.host, 0, img, 1024), 0);
		CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
		CHECK_EQ(st.state, DFU_STATE_DNBUSY);
		CHECK_EQ(st.poll_ms, fixed ? 100 : 9);
		CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
		CHECK_EQ(st.state, DFU_STATE_DNBUSY);
		CHECK_EQ(st.poll_ms, fixed ? 100 : 9);
		CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
		CHECK_EQ(st.state, DFU_STATE_DNLOAD_IDLE);
		CHECK_EQ(st.poll_ms, 0);
		/* a whole download: one busy answer per block at least */
		fix.host.busy_polls = 0;
		fix.host.poll_sum_ms = 0;
		fix.ai.busy_steps = 0;
		CHECK_EQ(dfu_host_simple(&fix.host, DFU_ABORT), 0);
		CHECK_EQ(dfu_host_download(&fix.host, img, 4096), 0);
		CHECK_EQ(fix.host.busy_polls, fixed ? 4 : 0);
		CHECK_EQ(fix.host.poll_sum_ms, fixed ? 400 : 0);
	}
}

int main(void)
{
	test_round_trips();
	test_block_wrap();
	test_oversized_dnload();
	test_past_capacity();
	test_block_order();
	test_empty_download();
	test_upload_edges();
	test_abort_invalidates();
	test_async_backend();
	test_ctrl_max_caps_transfer_size();
	test_fixed_poll();
	return test_report("test_dfu_transfer");
}
