/* SPDX-License-Identifier: Apache-2.0 */
/* Enumeration and chapter 9 requests of both device personalities. */
#include <string.h>

#include "tests/dfu_fixture.h"
#include "tests/test.h"

TEST_MAIN_DEFS;

static struct dfu_fixture fix;

static int ctrl(uint8_t rt, uint8_t req, uint16_t val, uint16_t idx,
		uint16_t len, uint8_t *buf, size_t *got)
{
	return vhost_control(&fix.v, rt, req, val, idx, len, buf, got);
}

static void test_runtime_descriptors(void)
{
	struct vhost_device d;
	const uint8_t *c = d.config;
	char s[128];

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &d), 0);
	CHECK_EQ(d.dev_desc[0], 18);
	CHECK_EQ(d.dev_desc[2] | d.dev_desc[3] << 8, 0x0200);
	CHECK_EQ(d.dev_desc[8] | d.dev_desc[9] << 8, 0x2fe3);
	CHECK_EQ(d.dev_desc[17], 1);
	/* config + runtime interface FE/01/01 + functional descriptor */
	CHECK_EQ(d.config_len, 9 + 9 + 9);
	CHECK_EQ(c[4], 1);
	CHECK_EQ(c[9 + 5], 0xfe);
	CHECK_EQ(c[9 + 6], 0x01);
	CHECK_EQ(c[9 + 7], 0x01);
	CHECK_EQ(c[18 + 0], 9);
	CHECK_EQ(c[18 + 1], 0x21);
	CHECK_EQ(c[18 + 2], DFU_ATTR_DEFAULT);
	CHECK_EQ(c[18 + 5] | c[18 + 6] << 8, 4096);
	CHECK_EQ(c[18 + 7] | c[18 + 8] << 8, 0x0110);
	CHECK_EQ(d.str0_len, 4);
	CHECK_EQ(d.str0[2] | d.str0[3] << 8, 0x0409);
	CHECK(vhost_get_string(&fix.v, d.dev_desc[14], s, sizeof(s)) > 0);
	CHECK(strcmp(s, "Open DFU") == 0);
	CHECK(vhost_get_string(&fix.v, d.dev_desc[15], s, sizeof(s)) > 0);
	CHECK(strcmp(s, "DFU sample") == 0);
	CHECK_EQ(vhost_get_string(&fix.v, 40, s, sizeof(s)), -EPIPE);
	CHECK_EQ(fix.v.connects, 1);
}

static void test_dfu_mode_descriptors(void)
{
	struct vhost_device d;
	char s[128];
	struct dfu_config cfg = {.transfer_size = 65535};

	CHECK_EQ(fixture_init(&fix, &cfg, 64 * 1024), 0);
	CHECK_EQ(fixture_enter_dfu(&fix), 0);
	CHECK_EQ(fix.v.disconnects, 1);
	CHECK_EQ(fix.v.connects, 2);
	CHECK_EQ(vhost_enumerate(&fix.v, &d), 0);
	CHECK_EQ(d.dev_desc[10] | d.dev_desc[11] << 8, 0xffff);
	/* one interface, two alt settings, one functional descriptor */
	CHECK_EQ(d.config_len, 9 + 2 * 9 + 9);
	CHECK_EQ(d.config[4], 1);
	for (int alt = 0; alt < 2; alt++) {
		const uint8_t *i = d.config + 9 + 9 * alt;

		CHECK_EQ(i[1], 0x04);
		CHECK_EQ(i[2], 0);
		CHECK_EQ(i[3], alt);
		CHECK_EQ(i[7], 0x02);
		CHECK(vhost_get_string(&fix.v, i[8], s, sizeof(s)) > 0);
		CHECK(strcmp(s, alt ? "async" : "ramdisk0") == 0);
	}
	CHECK_EQ(d.config[27 + 5] | d.config[27 + 6] << 8, 65535);
}

static void test_standard_requests(void)
{
	uint8_t b[64];
	size_t n;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	/* before SET_CONFIGURATION interface requests stall */
	CHECK_EQ(ctrl(0x81, 0x0a, 0, 0, 1, b, &n), -EPIPE);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	/* GET_STATUS device: self powered */
	CHECK_EQ(ctrl(0x80, 0x00, 0, 0, 2, b, &n), 0);
	CHECK_EQ(n, 2);
	CHECK_EQ(b[0], 1);
	CHECK_EQ(ctrl(0x81, 0x00, 0, 0, 2, b, &n), 0);
	CHECK_EQ(ctrl(0x81, 0x00, 0, 5, 2, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0x82, 0x00, 0, 0x80, 2, b, &n), 0);
	CHECK_EQ(ctrl(0x82, 0x00, 0, 0x81, 2, b, &n), -EPIPE);
	/* features: remote wakeup not supported, ep0 halt accepted */
	CHECK_EQ(ctrl(0x00, 0x03, 1, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x00, 0x03, 2, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x02, 0x01, 0, 0x00, 0, NULL, NULL), 0);
	CHECK_EQ(ctrl(0x02, 0x03, 0, 0x02, 0, NULL, NULL), -EPIPE);
	/* configuration */
	CHECK_EQ(ctrl(0x80, 0x08, 0, 0, 1, b, &n), 0);
	CHECK_EQ(b[0], 1);
	CHECK_EQ(ctrl(0x00, 0x09, 2, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x80, 0x08, 0, 0, 1, b, &n), 0);
	CHECK_EQ(b[0], 1);
	/* interface */
	CHECK_EQ(ctrl(0x81, 0x0a, 0, 0, 1, b, &n), 0);
	CHECK_EQ(b[0], 0);
	CHECK_EQ(ctrl(0x01, 0x0b, 1, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x01, 0x0b, 0, 3, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x01, 0x0b, 0, 0, 0, NULL, NULL), 0);
	/* replies are cut to wLength */
	CHECK_EQ(ctrl(0x80, 0x06, 0x0200, 0, 5, b, &n), 0);
	CHECK_EQ(n, 5);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0100, 0, 1, b, &n), 0);
	CHECK_EQ(n, 1);
	/* qualifier stalls at full speed; BOS answered; unknown stall */
	CHECK_EQ(ctrl(0x80, 0x06, 0x0600, 0, 10, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0f00, 0, 64, b, &n), 0);
	CHECK_EQ(n, 12);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0201, 0, 64, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0x80, 0x06, 0x4400, 0, 64, b, &n), -EPIPE);
	/* another LANGID gets the one language (as peers answer) */
	CHECK_EQ(ctrl(0x80, 0x06, 0x0301, 0x0407, 255, b, &n), 0);
	CHECK_EQ(b[1], 0x03);
	/* SET_DESCRIPTOR, SYNCH_FRAME, vendor */
	CHECK_EQ(ctrl(0x00, 0x07, 0x0100, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x82, 0x0c, 0, 0, 2, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0xc0, 0x01, 0, 0, 4, b, &n), -EPIPE);
	/* a GET request with the OUT direction bit */
	CHECK_EQ(ctrl(0x00, 0x06, 0x0100, 0, 0, NULL, NULL), -EPIPE);
	/* SET_CONFIGURATION 0 deconfigures */
	CHECK_EQ(ctrl(0x00, 0x09, 0, 0, 0, NULL, NULL), 0);
	CHECK_EQ(ctrl(0x81, 0x0a, 0, 0, 1, b, &n), -EPIPE);
}

static void test_high_speed_qualifier(void)
{
	uint8_t b[16];
	size_t n;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	fix.v.dev.speed = UDC_SPEED_HIGH;
	CHECK_EQ(ctrl(0x80, 0x06, 0x0600, 0, 10, b, &n), 0);
	CHECK_EQ(n, 10);
	CHECK_EQ(b[1], 0x06);
}

/* USB 2.0 9.6.4: a high-speed capable device has an other-speed config. */
static void test_other_speed_configuration(void)
{
	uint8_t cfg[256], other[256];
	size_t n, m;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0700, 0, 255, other, &m), -EPIPE);
	fix.v.dev.speed = UDC_SPEED_HIGH;
	CHECK_EQ(ctrl(0x80, 0x06, 0x0600, 0, 10, cfg, &n), 0);
	CHECK_EQ(cfg[8], 1); /* bNumConfigurations (other speed) */
	CHECK_EQ(ctrl(0x80, 0x06, 0x0200, 0, 255, cfg, &n), 0);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0700, 0, 255, other, &m), 0);
	CHECK_EQ(m, n);
	CHECK_EQ(other[1], 0x07);
	CHECK_EQ(memcmp(other + 2, cfg + 2, n - 2), 0);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0701, 0, 255, other, &m), -EPIPE);
}

/*
 * USB 2.0 9.4.7: SET_CONFIGURATION with the current value leaves the
 * device configured (no reset: a transfer and dfuERROR survive); 0 goes
 * back to the Address state. Neither is a bus reset.
 */
static void test_set_configuration(void)
{
	uint8_t data[64] = {0};
	unsigned int resets;
	uint8_t b[8];
	size_t n;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(fixture_enter_dfu(&fix), 0);
	resets = fix.reset_msgs; /* the hub's resets at attach */
	CHECK_EQ(dfu_host_dnload(&fix.host, 0, data, 64), 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_DNLOAD_SYNC);
	CHECK_EQ(ctrl(0x00, 0x09, 1, 0, 0, NULL, NULL), 0);
	CHECK_EQ(fix.reset_msgs, resets);
	CHECK_EQ(fix.dm.state, DFU_STATE_DNLOAD_SYNC);
	CHECK_EQ(ctrl(0x80, 0x08, 0, 0, 1, b, &n), 0);
	CHECK_EQ(b[0], 1);
	/* dfuERROR is not wiped by a re-selected configuration */
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_CLRSTATUS), -EPIPE);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	CHECK_EQ(ctrl(0x00, 0x09, 1, 0, 0, NULL, NULL), 0);
	CHECK_EQ(fix.dm.state, DFU_STATE_ERROR);
	CHECK_EQ(fix.dm.status, DFU_ERR_STALLEDPKT);
	/* 0: Address state, the interface is gone, no replug, no reset */
	CHECK_EQ(ctrl(0x00, 0x09, 0, 0, 0, NULL, NULL), 0);
	CHECK_EQ(ctrl(0x80, 0x08, 0, 0, 1, b, &n), 0);
	CHECK_EQ(b[0], 0);
	CHECK_EQ(ctrl(0xa1, DFU_GETSTATE, 0, 0, 1, b, &n), -EPIPE);
	CHECK_EQ(fix.reset_msgs, resets);
	CHECK_EQ(fix.v.disconnects, 1); /* only the run-time -> DFU switch */
	CHECK_EQ(fix.detach_msgs, 0);
	/* in run-time mode, SET_CONFIGURATION(0) in appDETACH: no detach */
	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	fix.rt.cfg.attributes &= (uint8_t)~DFU_ATTR_WILL_DETACH;
	CHECK_EQ(dfu_host_simple(&fix.host, DFU_DETACH), 0);
	CHECK_EQ(ctrl(0x00, 0x09, 0, 0, 0, NULL, NULL), 0);
	CHECK_EQ(ctrl(0x00, 0x09, 1, 0, 0, NULL, NULL), 0);
	CHECK_EQ(fix.detach_msgs, 0);
	/* a disabled device is not visible to the host */
	CHECK_EQ(usbd_disable(&fix.rt_ctx), 0);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0100, 0, 18, data, NULL), -ENODEV);
	CHECK_EQ(vhost_attach(&fix.v), -ENODEV);
}

/* 9.4.6: the address changes after the status stage, not before. */
static void test_set_address(void)
{
	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(fix.v.address, 0);
	CHECK_EQ(vhost_control_no_status(&fix.v, 0x00, 0x05, 9, 0, 0, NULL,
					 NULL), 0);
	CHECK_EQ(fix.v.address, 0);
	CHECK_EQ(vhost_status(&fix.v), 0);
	CHECK_EQ(fix.v.address, 9);
	/* above 127, a wIndex, or in the Configured state: stall */
	CHECK_EQ(ctrl(0x00, 0x05, 128, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x00, 0x05, 3, 1, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x00, 0x09, 1, 0, 0, NULL, NULL), 0);
	CHECK_EQ(ctrl(0x00, 0x05, 3, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(fix.v.address, 9);
	/* a bus reset returns to address 0 and the Default state */
	vhost_bus_reset(&fix.v);
	CHECK_EQ(fix.v.address, 0);
	CHECK_EQ(fix.rt_ctx.dev_state, USBD_STATE_DEFAULT);
}

/* A request whose status stage never completes commits nothing. */
static void test_status_stage_commits(void)
{
	uint8_t b[8];
	size_t n;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(ctrl(0x00, 0x09, 0, 0, 0, NULL, NULL), 0);
	/* SET_CONFIGURATION abandoned by the next SETUP */
	CHECK_EQ(vhost_control_no_status(&fix.v, 0x00, 0x09, 1, 0, 0, NULL,
					 NULL), 0);
	CHECK_EQ(ctrl(0x80, 0x08, 0, 0, 1, b, &n), 0);
	CHECK_EQ(b[0], 0);
	/* ... and delayed: it takes effect when the status stage comes */
	CHECK_EQ(vhost_control_no_status(&fix.v, 0x00, 0x09, 1, 0, 0, NULL,
					 NULL), 0);
	CHECK_EQ(fix.rt_ctx.config, 0);
	CHECK_EQ(vhost_status(&fix.v), 0);
	CHECK_EQ(fix.rt_ctx.config, 1);
	CHECK_EQ(vhost_status(&fix.v), -EINVAL); /* only once */
	/* SET_INTERFACE in DFU mode: alt 1 only after its status stage */
	CHECK_EQ(fixture_enter_dfu(&fix), 0);
	CHECK_EQ(vhost_control_no_status(&fix.v, 0x01, 0x0b, 1, 0, 0, NULL,
					 NULL), 0);
	CHECK_EQ(fix.dm.alt, 0);
	vhost_bus_reset(&fix.v); /* abandons it */
	CHECK_EQ(fix.dm.alt, 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(dfu_host_set_alt(&fix.host, 1), 0);
	CHECK_EQ(fix.dm.alt, 1);
	CHECK_EQ(ctrl(0x81, 0x0a, 0, 0, 1, b, &n), 0);
	CHECK_EQ(b[0], 1);
}

/* 9.4.5 / 9.4.9 and 9.3.4: endpoint 0's halt feature, wIndex checks. */
static void test_features(void)
{
	uint8_t b[8];
	size_t n;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(ctrl(0x02, 0x03, 0, 0x00, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x02, 0x03, 0, 0x80, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x02, 0x01, 0, 0x80, 0, NULL, NULL), 0);
	CHECK_EQ(ctrl(0x82, 0x00, 0, 0x80, 2, b, &n), 0);
	CHECK_EQ(b[0], 0);
	/* a high byte in wIndex names no endpoint */
	CHECK_EQ(ctrl(0x02, 0x01, 0, 0x0100, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x82, 0x00, 0, 0x0100, 2, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0x81, 0x00, 0, 0x0100, 2, b, &n), -EPIPE);
}

/* USB 2.0 5.5.3: an IN data stage shorter than wLength that ends on a
 * packet boundary needs a zero-length packet, or the host waits. */
static void test_zero_length_packet(void)
{
	static const char s31[] = "0123456789012345678901234567890";
	uint8_t b[255];
	size_t n;
	uint8_t idx;

	CHECK(!udc_ctrl_needs_zlp(64, 64, 64));
	CHECK(udc_ctrl_needs_zlp(64, 255, 64));
	CHECK(udc_ctrl_needs_zlp(0, 255, 64));
	CHECK(!udc_ctrl_needs_zlp(63, 255, 64));
	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	idx = usbd_add_string(&fix.rt_ctx, s31); /* 2 + 62 = 64 bytes */
	CHECK(idx > 0);
	CHECK_EQ(ctrl(0x80, 0x06, (uint16_t)(0x0300 | idx), 0x0409, 255, b,
		      &n), 0);
	CHECK_EQ(n, 64);
	CHECK(fix.v.zlp);
	CHECK_EQ(fix.v.packets, 1);
	CHECK_EQ(ctrl(0x80, 0x06, (uint16_t)(0x0300 | idx), 0x0409, 64, b,
		      &n), 0);
	CHECK(!fix.v.zlp);
	/* 18 bytes for 64 asked: short packet, no ZLP */
	CHECK_EQ(ctrl(0x80, 0x06, 0x0100, 0, 64, b, &n), 0);
	CHECK_EQ(n, 18);
	CHECK(!fix.v.zlp);
}

int main(void)
{
	test_runtime_descriptors();
	test_dfu_mode_descriptors();
	test_standard_requests();
	test_high_speed_qualifier();
	test_other_speed_configuration();
	test_set_configuration();
	test_set_address();
	test_status_stage_commits();
	test_features();
	test_zero_length_packet();
	return test_report("test_usbd_ch9");
}
