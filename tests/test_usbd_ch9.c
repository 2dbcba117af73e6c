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
	CHECK_EQ(d.dev_desc[2] | d.dev_desc[3] << 8, 0x0201);
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
	CHECK_EQ(n, 12 + 28);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0201, 0, 64, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0x80, 0x06, 0x4400, 0, 64, b, &n), -EPIPE);
	/* another LANGID gets the one language (as peers answer) */
	CHECK_EQ(ctrl(0x80, 0x06, 0x0301, 0x0407, 255, b, &n), 0);
	CHECK_EQ(b[1], 0x03);
	/* SET_DESCRIPTOR, SYNCH_FRAME, vendor */
	CHECK_EQ(ctrl(0x00, 0x07, 0x0100, 0, 0, NULL, NULL), -EPIPE);
	CHECK_EQ(ctrl(0x82, 0x0c, 0, 0, 2, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0xc0, 0x01, 0, 0, 4, b, &n), -EPIPE);
	CHECK_EQ(ctrl(0xc0, 0x20, 0, 4, 4, b, &n), -EPIPE); /* not index 7 */
	CHECK_EQ(ctrl(0x40, 0x20, 0, 7, 0, NULL, NULL), -EPIPE);
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

static unsigned int le16(const uint8_t *p)
{
	return (unsigned int)(p[0] | p[1] << 8);
}

static unsigned long le32(const uint8_t *p)
{
	return le16(p) | (unsigned long)le16(p + 2) << 16;
}

/* A UTF-16LE, NUL-terminated string of ASCII equals s. */
static bool utf16z_is(const uint8_t *p, size_t bytes, const char *s)
{
	size_t n = strlen(s) + 1;

	if (bytes < 2 * n) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[2 * i] != (uint8_t)s[i] || p[2 * i + 1] != 0) {
			return false;
		}
	}
	return true;
}

/* Compatible ID + registry property at p; returns their length. */
static size_t check_msos20_function(const uint8_t *p)
{
	const uint8_t *q = p + 20;
	size_t name_len, data_len;

	/* MS OS 2.0 spec table 13: compatible ID descriptor */
	CHECK_EQ(le16(p), 20);
	CHECK_EQ(le16(p + 2), 0x03);
	CHECK_EQ(memcmp(p + 4, "WINUSB\0\0", 8), 0);
	for (int i = 12; i < 20; i++) {
		CHECK_EQ(p[i], 0);
	}
	/* table 14: registry property descriptor */
	CHECK_EQ(le16(q + 2), 0x04);
	CHECK_EQ(le16(q + 4), 7); /* REG_MULTI_SZ */
	name_len = le16(q + 6);
	CHECK_EQ(name_len, 42);
	CHECK(utf16z_is(q + 8, name_len, "DeviceInterfaceGUIDs"));
	data_len = le16(q + 8 + name_len);
	CHECK_EQ(data_len, 80);
	CHECK(utf16z_is(q + 10 + name_len, data_len,
			fixture_msos20.interface_guid));
	CHECK_EQ(q[10 + name_len + data_len - 2], 0);
	CHECK_EQ(q[10 + name_len + data_len - 1], 0);
	CHECK_EQ(le16(q), 10 + name_len + data_len);
	return 20 + le16(q);
}

/* Every field of the BOS platform capability and the descriptor set. */
static void test_msos20(void)
{
	static const uint8_t uuid[16] = {0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45,
					 0xc7, 0x4c, 0x9c, 0xd2, 0x65, 0x9d,
					 0x9e, 0x64, 0x8a, 0x9f};
	uint8_t b[512];
	const uint8_t *cap;
	size_t n, total;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	CHECK_EQ(vhost_enumerate(&fix.v, &(struct vhost_device){0}), 0);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0100, 0, 18, b, &n), 0);
	CHECK_EQ(le16(b + 2), 0x0201); /* Windows reads BOS from 2.01 on */
	CHECK_EQ(ctrl(0x80, 0x06, 0x0f00, 0, 5, b, &n), 0);
	CHECK_EQ(b[0], 5);
	CHECK_EQ(b[1], 0x0f);
	total = le16(b + 2);
	CHECK_EQ(b[4], 2);
	CHECK_EQ(ctrl(0x80, 0x06, 0x0f00, 0, (uint16_t)total, b, &n), 0);
	CHECK_EQ(n, total);
	CHECK_EQ(b[5], 7); /* USB 2.0 extension first */
	cap = b + 5 + 7;
	CHECK_EQ(5 + 7 + cap[0], total);
	/* MS OS 2.0 spec table 4: platform capability + descriptor set info */
	CHECK_EQ(cap[0], 28);
	CHECK_EQ(cap[1], 0x10);
	CHECK_EQ(cap[2], 0x05);
	CHECK_EQ(cap[3], 0);
	CHECK_EQ(memcmp(cap + 4, uuid, 16), 0);
	CHECK_EQ(le32(cap + 20), 0x06030000);
	total = le16(cap + 24);
	CHECK_EQ(cap[26], 0x20);
	CHECK_EQ(cap[27], 0);
	/* table 10: set header; one interface: no subsets */
	CHECK_EQ(ctrl(0xc0, 0x20, 0, 7, (uint16_t)total, b, &n), 0);
	CHECK_EQ(n, total);
	CHECK_EQ(le16(b), 10);
	CHECK_EQ(le16(b + 2), 0x00);
	CHECK_EQ(le32(b + 4), 0x06030000);
	CHECK_EQ(le16(b + 8), total);
	CHECK_EQ(10 + check_msos20_function(b + 10), total);
	CHECK_EQ(total, 162);
	/* in DFU mode too (the same single interface) */
	CHECK_EQ(fixture_enter_dfu(&fix), 0);
	CHECK_EQ(ctrl(0xc0, 0x20, 0, 7, 255, b, &n), 0);
	CHECK_EQ(n, 162);
}

/* Several interfaces: a configuration subset, a function subset each. */
static void test_msos20_composite(void)
{
	static struct dfu_runtime rt2;
	uint8_t b[512];
	const uint8_t *p;
	size_t n, total;

	CHECK_EQ(fixture_init(&fix, NULL, 64 * 1024), 0);
	usbd_disable(&fix.rt_ctx);
	CHECK_EQ(dfu_runtime_init(&rt2, NULL), 0);
	CHECK_EQ(dfu_runtime_register(&fix.rt_ctx, &rt2), 0);
	CHECK_EQ(usbd_enable(&fix.rt_ctx), 0);
	CHECK_EQ(vhost_attach(&fix.v), 0);
	CHECK_EQ(ctrl(0xc0, 0x20, 0, 7, 512, b, &n), 0);
	total = le16(b + 8);
	CHECK_EQ(n, total);
	p = b + 10;
	/* table 11: configuration subset header */
	CHECK_EQ(le16(p), 8);
	CHECK_EQ(le16(p + 2), 0x01);
	CHECK_EQ(p[4], 0);
	CHECK_EQ(le16(p + 6), total - 10);
	p += 8;
	for (uint8_t i = 0; i < 2; i++) {
		/* table 12: function subset header */
		CHECK_EQ(le16(p), 8);
		CHECK_EQ(le16(p + 2), 0x02);
		CHECK_EQ(p[4], i);
		CHECK_EQ(le16(p + 6), 8 + check_msos20_function(p + 8));
		p += le16(p + 6);
	}
	CHECK_EQ((size_t)(p - b), total);
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
	test_msos20();
	test_msos20_composite();
	return test_report("test_usbd_ch9");
}
