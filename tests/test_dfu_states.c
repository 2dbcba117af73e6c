/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every DFU request in every state, against DFU 1.1 appendix A. Each row
 * drives a fresh device into the state through the virtual host, sends
 * one request and checks the wire answer (stall or not), the state after
 * it (GETSTATE) and bStatus (GETSTATUS).
 */
#include <string.h>

#include "tests/dfu_fixture.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

static struct dfu_fixture fix;

#define S_STALL 1
#define S_OK 0
#define SAME 0xff /* the state does not change */

struct row {
	uint8_t state;
	uint8_t req;
	int stall;
	uint8_t next;
	uint8_t status;
};

/* Rows of DFU 1.1 A.2 (DFU mode). Requests with a data stage use 64 bytes. */
static const struct row dfu_mode_rows[] = {
	/* A.2.3 dfuIDLE */
	{DFU_STATE_IDLE, DFU_DETACH, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_IDLE, DFU_DNLOAD, S_OK, DFU_STATE_DNLOAD_SYNC, 0},
	{DFU_STATE_IDLE, DFU_UPLOAD, S_OK, DFU_STATE_UPLOAD_IDLE, 0},
	{DFU_STATE_IDLE, DFU_GETSTATUS, S_OK, SAME, 0},
	{DFU_STATE_IDLE, DFU_CLRSTATUS, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_IDLE, DFU_GETSTATE, S_OK, SAME, 0},
	{DFU_STATE_IDLE, DFU_ABORT, S_OK, SAME, 0},
	/* A.2.4 dfuDNLOAD-SYNC: GETSTATUS and GETSTATE only */
	{DFU_STATE_DNLOAD_SYNC, DFU_DETACH, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNLOAD_SYNC, DFU_DNLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNLOAD_SYNC, DFU_UPLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNLOAD_SYNC, DFU_GETSTATUS, S_OK, DFU_STATE_DNLOAD_IDLE, 0},
	{DFU_STATE_DNLOAD_SYNC, DFU_CLRSTATUS, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNLOAD_SYNC, DFU_GETSTATE, S_OK, SAME, 0},
	{DFU_STATE_DNLOAD_SYNC, DFU_ABORT, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	/* A.2.5 dfuDNBUSY: any request stalls; GETSTATUS is taken as the
	 * poll timeout having expired (host and device clocks differ) */
	{DFU_STATE_DNBUSY, DFU_DETACH, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNBUSY, DFU_DNLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNBUSY, DFU_UPLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNBUSY, DFU_GETSTATUS, S_OK, DFU_STATE_DNLOAD_IDLE, 0},
	{DFU_STATE_DNBUSY, DFU_CLRSTATUS, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNBUSY, DFU_GETSTATE, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNBUSY, DFU_ABORT, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	/* A.2.6 dfuDNLOAD-IDLE */
	{DFU_STATE_DNLOAD_IDLE, DFU_DETACH, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNLOAD_IDLE, DFU_DNLOAD, S_OK, DFU_STATE_DNLOAD_SYNC, 0},
	{DFU_STATE_DNLOAD_IDLE, DFU_UPLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNLOAD_IDLE, DFU_GETSTATUS, S_OK, SAME, 0},
	{DFU_STATE_DNLOAD_IDLE, DFU_CLRSTATUS, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_DNLOAD_IDLE, DFU_GETSTATE, S_OK, SAME, 0},
	{DFU_STATE_DNLOAD_IDLE, DFU_ABORT, S_OK, DFU_STATE_IDLE, 0},
	/* A.2.7 dfuMANIFEST-SYNC: GETSTATUS and GETSTATE only */
	{DFU_STATE_MANIFEST_SYNC, DFU_DETACH, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST_SYNC, DFU_DNLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST_SYNC, DFU_UPLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST_SYNC, DFU_GETSTATUS, S_OK, DFU_STATE_IDLE, 0},
	{DFU_STATE_MANIFEST_SYNC, DFU_CLRSTATUS, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST_SYNC, DFU_GETSTATE, S_OK, SAME, 0},
	{DFU_STATE_MANIFEST_SYNC, DFU_ABORT, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	/* A.2.8 dfuMANIFEST: as dfuDNBUSY */
	{DFU_STATE_MANIFEST, DFU_DETACH, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST, DFU_DNLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST, DFU_UPLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST, DFU_GETSTATUS, S_OK, DFU_STATE_IDLE, 0},
	{DFU_STATE_MANIFEST, DFU_CLRSTATUS, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST, DFU_GETSTATE, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_MANIFEST, DFU_ABORT, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	/* A.2.9 dfuMANIFEST-WAIT-RESET: nothing but a reset gets out */
	{DFU_STATE_MANIFEST_WAIT_RESET, DFU_DETACH, S_STALL, SAME, 0},
	{DFU_STATE_MANIFEST_WAIT_RESET, DFU_DNLOAD, S_STALL, SAME, 0},
	{DFU_STATE_MANIFEST_WAIT_RESET, DFU_UPLOAD, S_STALL, SAME, 0},
	{DFU_STATE_MANIFEST_WAIT_RESET, DFU_GETSTATUS, S_STALL, SAME, 0},
	{DFU_STATE_MANIFEST_WAIT_RESET, DFU_CLRSTATUS, S_STALL, SAME, 0},
	{DFU_STATE_MANIFEST_WAIT_RESET, DFU_GETSTATE, S_STALL, SAME, 0},
	{DFU_STATE_MANIFEST_WAIT_RESET, DFU_ABORT, S_STALL, SAME, 0},
	/* A.2.10 dfuUPLOAD-IDLE */
	{DFU_STATE_UPLOAD_IDLE, DFU_DETACH, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_UPLOAD_IDLE, DFU_DNLOAD, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_UPLOAD_IDLE, DFU_UPLOAD, S_OK, SAME, 0},
	{DFU_STATE_UPLOAD_IDLE, DFU_GETSTATUS, S_OK, SAME, 0},
	{DFU_STATE_UPLOAD_IDLE, DFU_CLRSTATUS, S_STALL, DFU_STATE_ERROR, DFU_ERR_STALLEDPKT},
	{DFU_STATE_UPLOAD_IDLE, DFU_GETSTATE, S_OK, SAME, 0},
	{DFU_STATE_UPLOAD_IDLE, DFU_ABORT, S_OK, DFU_STATE_IDLE, 0},
	/* A.2.11 dfuERROR: only CLRSTATUS clears it; a stray request keeps
	 * the first error (errSTALLEDPKT from goto_state) */
	{DFU_STATE_ERROR, DFU_DETACH, S_STALL, SAME, DFU_ERR_STALLEDPKT},
	{DFU_STATE_ERROR, DFU_DNLOAD, S_STALL, SAME, DFU_ERR_STALLEDPKT},
	{DFU_STATE_ERROR, DFU_UPLOAD, S_STALL, SAME, DFU_ERR_STALLEDPKT},
	{DFU_STATE_ERROR, DFU_GETSTATUS, S_OK, SAME, DFU_ERR_STALLEDPKT},
	{DFU_STATE_ERROR, DFU_CLRSTATUS, S_OK, DFU_STATE_IDLE, 0},
	{DFU_STATE_ERROR, DFU_GETSTATE, S_OK, SAME, DFU_ERR_STALLEDPKT},
	{DFU_STATE_ERROR, DFU_ABORT, S_STALL, SAME, DFU_ERR_STALLEDPKT},
};

static uint8_t pattern[4096];

/* Drive a fresh DFU-mode device into state; returns 0 when there. */
static int goto_state(uint8_t state)
{
	struct dfu_config cfg = {0};
	struct dfu_host_status st;
	struct dfu_host *h = &fix.host;
	size_t got;
	uint8_t buf[64];
	int ret;

	if (state == DFU_STATE_MANIFEST_WAIT_RESET) {
		cfg.attributes = DFU_ATTR_CAN_DNLOAD | DFU_ATTR_CAN_UPLOAD |
				 DFU_ATTR_WILL_DETACH;
	}
	cfg.transfer_size = 64;
	ret = fixture_init(&fix, &cfg, 64 * 1024);
	ret = ret ?: fixture_enter_dfu(&fix);
	if (ret) {
		return ret;
	}
	/* DNBUSY and MANIFEST need the asynchronous image (alt 1). */
	if (state == DFU_STATE_DNBUSY || state == DFU_STATE_MANIFEST) {
		fix.ai.busy_steps = 2;
		fix.ai.poll_ms = 7;
		ret = dfu_host_set_alt(h, 1);
	}
	switch (state) {
	case DFU_STATE_IDLE:
		break;
	case DFU_STATE_DNLOAD_SYNC:
		ret = ret ?: dfu_host_dnload(h, 0, pattern, 64);
		break;
	case DFU_STATE_DNBUSY:
	case DFU_STATE_DNLOAD_IDLE:
		ret = ret ?: dfu_host_dnload(h, 0, pattern, 64);
		ret = ret ?: dfu_host_getstatus(h, &st);
		break;
	case DFU_STATE_MANIFEST_SYNC:
		ret = ret ?: dfu_host_dnload(h, 0, pattern, 64);
		ret = ret ?: dfu_host_getstatus(h, &st);
		ret = ret ?: dfu_host_dnload(h, 1, NULL, 0);
		break;
	case DFU_STATE_MANIFEST:
	case DFU_STATE_MANIFEST_WAIT_RESET:
		ret = ret ?: dfu_host_dnload(h, 0, pattern, 64);
		ret = ret ?: dfu_host_getstatus(h, &st);
		ret = ret ?: dfu_host_getstatus(h, &st); /* async: 2 polls */
		ret = ret ?: dfu_host_dnload(h, 1, NULL, 0);
		ret = ret ?: dfu_host_getstatus(h, &st);
		/* not tolerant: dfuMANIFEST until its poll timeout ends */
		if (state == DFU_STATE_MANIFEST_WAIT_RESET) {
			usbd_poll(&fix.dfu_ctx);
		}
		break;
	case DFU_STATE_UPLOAD_IDLE:
		ret = dfu_host_upload(h, 0, buf, 64, &got);
		break;
	case DFU_STATE_ERROR:
		ret = dfu_host_simple(h, DFU_CLRSTATUS) == -EPIPE ? 0 : -1;
		break;
	default:
		return -1;
	}
	if (ret) {
		return ret;
	}
	return fix.dm.state == state ? 0 : -1;
}

static int send_request(uint8_t req, uint16_t block)
{
	struct dfu_host *h = &fix.host;
	struct dfu_host_status st;
	uint8_t buf[64];
	uint8_t state;
	size_t got;

	switch (req) {
	case DFU_DNLOAD:
		return dfu_host_dnload(h, block, pattern, 64);
	case DFU_UPLOAD:
		return dfu_host_upload(h, block, buf, 64, &got);
	case DFU_GETSTATUS:
		return dfu_host_getstatus(h, &st);
	case DFU_GETSTATE:
		return dfu_host_getstate(h, &state);
	default:
		return dfu_host_simple(h, req);
	}
}

/* The next block number the device expects in this state. */
static uint16_t next_block(uint8_t state)
{
	return (state == DFU_STATE_DNLOAD_IDLE ||
		state == DFU_STATE_UPLOAD_IDLE) ? 1 : 0;
}

static void run_dfu_mode_rows(void)
{
	for (size_t i = 0; i < sizeof(dfu_mode_rows) / sizeof(dfu_mode_rows[0]);
	     i++) {
		const struct row *r = &dfu_mode_rows[i];
		uint8_t want = r->next == SAME ? r->state : r->next;
		int ret;

		if (goto_state(r->state) != 0) {
			fprintf(stderr, "row %zu: cannot reach state %u\n", i,
				r->state);
			CHECK(0);
			continue;
		}
		ret = send_request(r->req, next_block(r->state));
		if ((ret == -EPIPE) != (r->stall == S_STALL) ||
		    (ret != 0 && ret != -EPIPE) || fix.dm.state != want ||
		    fix.dm.status != r->status) {
			fprintf(stderr,
				"row %zu: state %u req %u: ret %d state %u "
				"status %u, want stall %d state %u status %u\n",
				i, r->state, r->req, ret, fix.dm.state,
				fix.dm.status, r->stall, want, r->status);
			CHECK(0);
		} else {
			CHECK(1);
		}
	}
}

/* DFU 1.1 A.1: run-time mode. */
static void run_runtime_rows(void)
{
	static const uint8_t reqs[] = {DFU_DNLOAD, DFU_UPLOAD, DFU_CLRSTATUS,
				       DFU_ABORT};
	struct dfu_host_status st;
	uint8_t state;

	for (size_t i = 0; i < sizeof(reqs); i++) {
		CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
		CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
		CHECK_EQ(send_request(reqs[i], 0), -EPIPE);
		CHECK_EQ(fix.rt.state, DFU_STATE_APP_IDLE);
		/* appDETACH: the same requests stall and go back to appIDLE */
		fix.rt.cfg.attributes &= (uint8_t)~DFU_ATTR_WILL_DETACH;
		CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), 0);
		CHECK_EQ(fix.rt.state, DFU_STATE_APP_DETACH);
		CHECK_EQ(send_request(reqs[i], 0), -EPIPE);
		CHECK_EQ(fix.rt.state, DFU_STATE_APP_IDLE);
	}
	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_APP_IDLE);
	CHECK_EQ(st.status, 0);
	CHECK_EQ(st.poll_ms, 0);
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), 0);
	CHECK_EQ(state, DFU_STATE_APP_IDLE);
	/* With bitWillDetach the application hears about it at once. */
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), 0);
	CHECK_EQ(fix.detach_msgs, 1);
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), 0);
	CHECK_EQ(state, DFU_STATE_APP_DETACH);
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), -EPIPE);
	CHECK_EQ(fix.rt.state, DFU_STATE_APP_IDLE);
	/* Without it, the bus reset after DETACH is the trigger. */
	fix.rt.cfg.attributes &= (uint8_t)~DFU_ATTR_WILL_DETACH;
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), 0);
	CHECK_EQ(fix.detach_msgs, 1);
	vhost_bus_reset(&fix.v);
	CHECK_EQ(fix.detach_msgs, 2);
	CHECK_EQ(fix.rt.state, DFU_STATE_APP_IDLE);
}

/* Wrong direction bits and unknown requests are protocol errors. */
static void run_malformed_requests(void)
{
	uint8_t buf[8];
	size_t got;

	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(vhost_control(&fix.v, 0x21, DFU_GETSTATUS, 0, 0, 6, buf,
			       &got), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(vhost_control(&fix.v, 0xa1, DFU_DNLOAD, 0, 0, 6, buf, &got),
		 -EPIPE);
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(vhost_control(&fix.v, 0x21, 7, 0, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(fix.dm.status, DFU_ERR_STALLEDPKT);
	/* GETSTATUS with wLength < 6 cannot carry the answer */
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(vhost_control(&fix.v, 0xa1, DFU_GETSTATUS, 0, 0, 5, buf,
			       &got), -EPIPE);
	/* A class request to an interface that does not exist */
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(vhost_control(&fix.v, 0xa1, DFU_GETSTATUS, 0, 1, 6, buf,
			       &got), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_IDLE);
	/* DNLOAD with wLength 0 in dfuIDLE */
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, NULL, 0), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	/* A reset in dfuMANIFEST-WAIT-RESET returns to dfuIDLE */
	CHECK_EQ(goto_state(DFU_STATE_MANIFEST_WAIT_RESET), 0);
	vhost_bus_reset(&fix.v);
	CHECK_EQ(fix.dm.state, DFU_STATE_IDLE);
}

/* Issue 10.1: a backend's errTARGET reaches the host as errTARGET. */
static void test_backend_status_codes(void)
{
	struct dfu_host_status st;
	static const enum dfu_status codes[] = {DFU_ERR_TARGET, DFU_ERR_PROG,
						DFU_ERR_VERIFY};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
		CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
		fix.ai.fail_write_at = 0;
		fix.ai.fail_status = codes[i];
		CHECK_EQ(dfu_host_dnload(&fix.host, 0, pattern, 64), 0);
		CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
		CHECK_EQ(st.state, DFU_STATE_ERROR);
		CHECK_EQ(st.status, codes[i]);
	}
	/* a value that is no bStatus is reported as errUNKNOWN */
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	fix.ai.fail_write_at = 0;
	fix.ai.fail_status = (enum dfu_status)0x42;
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, pattern, 64), 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.status, DFU_ERR_UNKNOWN);
}

/* Issue 10.3, A.2.5/A.2.8: after bwPollTimeout, GETSTATE is legal. */
static void test_busy_timers(void)
{
	uint8_t state;

	CHECK_EQ(goto_state(DFU_STATE_DNBUSY), 0);
	CHECK_EQ(fix.dm.poll_timeout_ms, 7);
	fix.now_ms += 6;
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	CHECK_EQ(goto_state(DFU_STATE_DNBUSY), 0);
	fix.now_ms += 7;
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), 0);
	CHECK_EQ(state, DFU_STATE_DNLOAD_SYNC);
	CHECK_EQ(fix.ai.aborts, 0); /* the image is not thrown away */
	/* the clock wraps */
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	fix.now_ms = 0xfffffffc;
	fix.ai.busy_steps = 2;
	fix.ai.poll_ms = 7;
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, pattern, 64), 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &(struct dfu_host_status){0}),
		 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_DNBUSY);
	fix.now_ms += 7;
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), 0);
	CHECK_EQ(state, DFU_STATE_DNLOAD_SYNC);
	/* dfuMANIFEST -> dfuMANIFEST-SYNC (tolerant) */
	CHECK_EQ(goto_state(DFU_STATE_MANIFEST), 0);
	fix.now_ms += fix.dm.busy_timeout_ms;
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), 0);
	CHECK_EQ(state, DFU_STATE_MANIFEST_SYNC);
}

/* Issue 10.2, A.2.1/A.2.2: the detach timer, and an unplug is no reset. */
static void test_detach_timer(void)
{
	uint8_t state;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	fix.rt.cfg.attributes &= (uint8_t)~DFU_ATTR_WILL_DETACH;
	/* wTimeout 1000 from dfu-util, wDetachTimeOut 1000: 1000 ms */
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), 0);
	fix.now_ms += 999;
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), 0);
	CHECK_EQ(state, DFU_STATE_APP_DETACH);
	fix.now_ms += 1;
	CHECK_EQ(dfu_host_getstate(&fix.host, &state), 0);
	CHECK_EQ(state, DFU_STATE_APP_IDLE);
	vhost_bus_reset(&fix.v);
	CHECK_EQ(fix.detach_msgs, 0);
	/* min(wTimeout, wDetachTimeOut): a host's shorter wTimeout wins */
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(vhost_control(&fix.v, 0x21, DFU_DETACH, 10, 0, 0, NULL, NULL),
		 0);
	fix.now_ms += 10;
	usbd_poll(&fix.rt_ctx);
	CHECK_EQ(fix.rt.state, DFU_STATE_APP_IDLE);
	vhost_bus_reset(&fix.v);
	CHECK_EQ(fix.detach_msgs, 0);
	/* an unplug in appDETACH does not enter DFU mode */
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), 0);
	vhost_detach(&fix.v);
	CHECK_EQ(fix.detach_msgs, 0);
	CHECK_EQ(fix.rt.state, DFU_STATE_APP_IDLE);
	/* a reset while the timer runs does */
	CHECK_EQ(vhost_attach(&fix.v), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), 0);
	fix.now_ms += 500;
	vhost_bus_reset(&fix.v);
	CHECK_EQ(fix.detach_msgs, 1);
}

/* Issue 10.9: a stray request in dfuERROR keeps the first error. */
static void test_first_error_kept(void)
{
	struct dfu_host_status st;

	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	fix.ai.fail_write_at = 0;
	fix.ai.fail_status = DFU_ERR_PROG;
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, pattern, 64), 0);
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_ABORT), -EPIPE);
	CHECK_EQ(dfu_host_dnload(&fix.host, 1, pattern, 64), -EPIPE);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.status, DFU_ERR_PROG);
}

/* A request commits at its status stage: lost ones change nothing. */
static void test_status_stage_commits(void)
{
	struct dfu_host_status st;
	uint8_t buf[64];
	size_t got;

	/* DNLOAD whose status stage is lost, then retried: stored once */
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	CHECK_EQ(vhost_control_no_status(&fix.v, 0x21, DFU_DNLOAD, 0, 0, 64,
					 pattern, NULL), 0);
	CHECK_EQ(fix.ai.writes, 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, pattern, 64), 0);
	CHECK_EQ(fix.ai.writes, 1);
	CHECK_EQ(fix.dm.offset, 64);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	/* a delayed status stage commits once */
	CHECK_EQ(vhost_control_no_status(&fix.v, 0x21, DFU_DNLOAD, 1, 0, 64,
					 pattern + 1, NULL), 0);
	CHECK_EQ(fix.ai.writes, 1);
	CHECK_EQ(vhost_status(&fix.v), 0);
	CHECK_EQ(fix.ai.writes, 2);
	CHECK_EQ(fix.dm.offset, 128);
	CHECK_EQ(vhost_status(&fix.v), -EINVAL);
	CHECK_EQ(fix.ai.writes, 2);
	/* UPLOAD whose status stage is lost: the same block again */
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(vhost_control_no_status(&fix.v, 0xa1, DFU_UPLOAD, 0, 0, 64,
					 buf, &got), 0);
	CHECK_EQ(got, 64);
	CHECK_EQ(fix.dm.state, DFU_STATE_IDLE);
	CHECK_EQ(dfu_host_upload(&fix.host, 0, buf, 64, &got), 0);
	CHECK_EQ(fix.dm.offset, 64);
	CHECK_EQ(memcmp(buf, fixture_disk_mem, 64), 0);
	/* DETACH with bitWillDetach: nothing before its status stage */
	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(vhost_control_no_status(&fix.v, 0x21, DFU_DETACH, 1000, 0, 0,
					 NULL, NULL), 0);
	CHECK_EQ(fix.detach_msgs, 0);
	CHECK_EQ(fix.rt.state, DFU_STATE_APP_IDLE);
	CHECK_EQ(vhost_status(&fix.v), 0);
	CHECK_EQ(fix.detach_msgs, 1);
	CHECK_EQ(fix.rt.state, DFU_STATE_APP_DETACH);
}

/* A block lost on the way shows at the final zero-length DNLOAD. */
static void test_lost_last_block(void)
{
	struct dfu_host_status st;

	CHECK_EQ(goto_state(DFU_STATE_DNLOAD_IDLE), 0); /* block 0 stored */
	CHECK_EQ(dfu_host_dnload(&fix.host, 2, NULL, 0), -EPIPE);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_ERROR);
	CHECK_EQ(st.status, DFU_ERR_STALLEDPKT);
	CHECK_EQ(fix.completed_msgs, 0);
	/* the right one manifests */
	CHECK_EQ(goto_state(DFU_STATE_DNLOAD_IDLE), 0);
	CHECK_EQ(dfu_host_dnload(&fix.host, 1, NULL, 0), 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_IDLE);
	CHECK_EQ(fix.completed_msgs, 1);
}

/* Manifestation runs after the request, from the poll loop. */
static void test_manifestation_off_request(void)
{
	struct dfu_host_status st;

	CHECK_EQ(goto_state(DFU_STATE_DNLOAD_IDLE), 0);
	/* goto_state used the RAM disk; take the asynchronous image */
	CHECK_EQ(goto_state(DFU_STATE_IDLE), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	fix.ai.busy_steps = 3;
	fix.ai.poll_ms = 5;
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, pattern, 64), 0);
	while (fix.dm.busy) {
		usbd_poll(&fix.dfu_ctx);
	}
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_DNLOAD_IDLE);
	CHECK_EQ(dfu_host_dnload(&fix.host, 1, NULL, 0), 0);
	CHECK_EQ(fix.ai.finishes, 1);
	CHECK_EQ(fix.completed_msgs, 0);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_MANIFEST);
	CHECK_EQ(st.poll_ms, 5);
	while (fix.dm.busy) {
		usbd_poll(&fix.dfu_ctx);
	}
	CHECK_EQ(fix.completed_msgs, 1);
	CHECK_EQ(dfu_host_getstatus(&fix.host, &st), 0);
	CHECK_EQ(st.state, DFU_STATE_IDLE);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(pattern); i++) {
		pattern[i] = (uint8_t)(i * 7 + 3);
	}
	run_dfu_mode_rows();
	run_runtime_rows();
	run_malformed_requests();
	test_backend_status_codes();
	test_busy_timers();
	test_detach_timer();
	test_first_error_kept();
	test_status_stage_commits();
	test_manifestation_off_request();
	test_lost_last_block();
	return test_report("test_dfu_states");
}
