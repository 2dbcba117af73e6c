/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USB/IP wire format: every packed byte is checked at the offsets given in
 * Linux Documentation/usb/usbip_protocol.rst, and every parser is fed
 * malformed input (short, wrong type, broken chains, random bytes).
 */
#include <errno.h>
#include <string.h>

#include "tests/test.h"
#include "udc/usbip_proto.h"

TEST_MAIN_DEFS;

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void set_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void fill_info(struct usbip_device_info *d)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->path, "/sys/devices/pci0000:00/0000:00:01.2/usb1/1-1");
	strcpy(d->busid, "1-1");
	d->busnum = 1;
	d->devnum = 2;
	d->speed = USBIP_SPEED_FULL;
	d->idVendor = 0x2fe3;
	d->idProduct = 0x0100;
	d->bcdDevice = 0x0206;
	d->bDeviceClass = 0xef;
	d->bDeviceSubClass = 0x02;
	d->bDeviceProtocol = 0x01;
	d->bConfigurationValue = 1;
	d->bNumConfigurations = 1;
	d->bNumInterfaces = 2;
	d->ifaces[0] = (struct usbip_interface_info){0xfe, 0x01, 0x02};
	d->ifaces[1] = (struct usbip_interface_info){0xff, 0x42, 0x07};
}

static void test_op_header(void)
{
	uint8_t buf[8];
	struct usbip_op_header h;
	static const uint8_t req[8] = {0x01, 0x11, 0x80, 0x05, 0, 0, 0, 0};

	CHECK_EQ(usbip_pack_op_header(buf, USBIP_OP_REP_IMPORT, 4), 8);
	CHECK_EQ(be16(buf), 0x0111);
	CHECK_EQ(be16(buf + 2), 0x0003);
	CHECK_EQ(be32(buf + 4), 4);

	usbip_parse_op_header(req, &h);
	CHECK_EQ(h.version, 0x0111);
	CHECK_EQ(h.code, USBIP_OP_REQ_DEVLIST);
	CHECK_EQ(h.status, 0);
}

static void test_import_busid(void)
{
	uint8_t body[USBIP_BUSID_LEN] = "1-1";
	char out[USBIP_BUSID_LEN];

	CHECK_EQ(usbip_parse_import_busid(body, out), 0);
	CHECK(strcmp(out, "1-1") == 0);
	memset(body, 'x', sizeof(body));
	CHECK_EQ(usbip_parse_import_busid(body, out), -EBADMSG);
	body[31] = '\0';
	CHECK_EQ(usbip_parse_import_busid(body, out), 0);
	CHECK_EQ(strlen(out), 31);
}

static void test_devlist_reply(void)
{
	uint8_t buf[USBIP_DEVLIST_MAX_LEN];
	struct usbip_device_info d;
	int len;

	len = usbip_pack_devlist_reply(buf, sizeof(buf), NULL);
	CHECK_EQ(len, 12);
	CHECK_EQ(be16(buf), 0x0111);
	CHECK_EQ(be16(buf + 2), 0x0005);
	CHECK_EQ(be32(buf + 4), 0);
	CHECK_EQ(be32(buf + 8), 0);

	fill_info(&d);
	memset(buf, 0xaa, sizeof(buf));
	len = usbip_pack_devlist_reply(buf, sizeof(buf), &d);
	CHECK_EQ(len, 0x144 + 2 * 4);
	CHECK_EQ(be32(buf + 8), 1);
	CHECK(strcmp((char *)buf + 0x0c, d.path) == 0);
	/* unused path and busid bytes are zero */
	CHECK_EQ(buf[0x0c + 255], 0);
	CHECK(strcmp((char *)buf + 0x10c, "1-1") == 0);
	CHECK_EQ(buf[0x10c + 31], 0);
	CHECK_EQ(be32(buf + 0x12c), 1);
	CHECK_EQ(be32(buf + 0x130), 2);
	CHECK_EQ(be32(buf + 0x134), 2);
	CHECK_EQ(be16(buf + 0x138), 0x2fe3);
	CHECK_EQ(be16(buf + 0x13a), 0x0100);
	CHECK_EQ(be16(buf + 0x13c), 0x0206);
	CHECK_EQ(buf[0x13e], 0xef);
	CHECK_EQ(buf[0x13f], 0x02);
	CHECK_EQ(buf[0x140], 0x01);
	CHECK_EQ(buf[0x141], 1);
	CHECK_EQ(buf[0x142], 1);
	CHECK_EQ(buf[0x143], 2);
	CHECK_EQ(buf[0x144], 0xfe);
	CHECK_EQ(buf[0x145], 0x01);
	CHECK_EQ(buf[0x146], 0x02);
	CHECK_EQ(buf[0x147], 0);
	CHECK_EQ(buf[0x148], 0xff);
	CHECK_EQ(buf[0x149], 0x42);
	CHECK_EQ(buf[0x14a], 0x07);
	CHECK_EQ(buf[0x14b], 0);
	CHECK_EQ(buf[0x14c], 0xaa); /* nothing written past the end */

	CHECK_EQ(usbip_pack_devlist_reply(buf, 0x14b, &d), -ENOSPC);
	CHECK_EQ(usbip_pack_devlist_reply(buf, 11, NULL), -ENOSPC);
	d.bNumInterfaces = USBIP_MAX_INTERFACES + 1;
	CHECK_EQ(usbip_pack_devlist_reply(buf, sizeof(buf), &d), -EINVAL);
	/* A too-long busid is cut and still NUL-terminated. */
	fill_info(&d);
	memset(d.busid, 'b', sizeof(d.busid));
	len = usbip_pack_devlist_reply(buf, sizeof(buf), &d);
	CHECK_EQ(len, 0x14c);
	CHECK_EQ(buf[0x10c + 30], 'b');
	CHECK_EQ(buf[0x10c + 31], 0);
}

static void test_import_reply(void)
{
	uint8_t buf[USBIP_IMPORT_REP_LEN + 4];
	struct usbip_device_info d;

	fill_info(&d);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(usbip_pack_import_reply(buf, sizeof(buf), USBIP_ST_OK, &d),
		 0x140);
	CHECK_EQ(be16(buf), 0x0111);
	CHECK_EQ(be16(buf + 2), 0x0003);
	CHECK_EQ(be32(buf + 4), 0);
	CHECK(strcmp((char *)buf + 8, d.path) == 0);
	CHECK(strcmp((char *)buf + 0x108, "1-1") == 0);
	CHECK_EQ(be32(buf + 0x128), 1);
	CHECK_EQ(be32(buf + 0x12c), 2);
	CHECK_EQ(be32(buf + 0x130), 2);
	CHECK_EQ(be16(buf + 0x134), 0x2fe3);
	CHECK_EQ(be16(buf + 0x136), 0x0100);
	CHECK_EQ(be16(buf + 0x138), 0x0206);
	CHECK_EQ(buf[0x13a], 0xef);
	CHECK_EQ(buf[0x13d], 1);
	CHECK_EQ(buf[0x13e], 1);
	CHECK_EQ(buf[0x13f], 2);
	CHECK_EQ(buf[0x140], 0xaa); /* no interface records in an import */

	CHECK_EQ(usbip_pack_import_reply(buf, sizeof(buf), USBIP_ST_NA, NULL),
		 8);
	CHECK_EQ(be16(buf + 2), 0x0003);
	CHECK_EQ(be32(buf + 4), 1);
	CHECK_EQ(usbip_pack_import_reply(buf, sizeof(buf), USBIP_ST_OK, NULL),
		 -EINVAL);
	CHECK_EQ(usbip_pack_import_reply(buf, 0x13f, USBIP_ST_OK, &d), -ENOSPC);
	CHECK_EQ(usbip_pack_import_reply(buf, 7, USBIP_ST_NODEV, NULL),
		 -ENOSPC);
}

/* The two interrupt URBs of the protocol document's HID capture. */
/* clang-format off */
static const uint8_t cmd_intr_in[48] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x0d, 0x05, 0x00, 0x01, 0x00, 0x0f,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x40, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* clang-format on */

static void test_parse_submit(void)
{
	uint8_t buf[48];
	struct usbip_cmd cmd;

	CHECK_EQ(usbip_parse_cmd(cmd_intr_in, &cmd), 0);
	CHECK_EQ(cmd.command, USBIP_CMD_SUBMIT);
	CHECK_EQ(cmd.seqnum, 0xd05);
	CHECK_EQ(cmd.devid, 0x1000f);
	CHECK_EQ(cmd.direction, USBIP_DIR_IN);
	CHECK_EQ(cmd.ep, 1);
	CHECK_EQ(cmd.transfer_flags, 0x200);
	CHECK_EQ(cmd.transfer_buffer_length, 0x40);
	CHECK_EQ(cmd.start_frame, 0xffffffffu);
	CHECK_EQ(cmd.number_of_packets, 0);
	CHECK_EQ(cmd.interval, 4);
	CHECK(!usbip_cmd_is_iso(&cmd));
	CHECK_EQ(usbip_cmd_payload_len(&cmd), 0);

	memcpy(buf, cmd_intr_in, sizeof(buf));
	set_be32(buf + 12, USBIP_DIR_OUT);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	CHECK_EQ(usbip_cmd_payload_len(&cmd), 0x40);

	/* The setup bytes come through untouched. */
	memcpy(buf + 40, "\x80\x06\x00\x01\x00\x00\x40\x00", 8);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	CHECK(memcmp(cmd.setup, "\x80\x06\x00\x01\x00\x00\x40\x00", 8) == 0);

	/* ISO: payload plus 16 bytes per packet descriptor. */
	set_be32(buf + 32, 3);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	CHECK(usbip_cmd_is_iso(&cmd));
	CHECK_EQ(usbip_cmd_payload_len(&cmd), 0x40 + 3 * 16);
	set_be32(buf + 32, USBIP_NO_ISO);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	CHECK(!usbip_cmd_is_iso(&cmd));

	/* Largest accepted transfer, then one byte more. */
	set_be32(buf + 24, USBIP_XFER_MAX);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	CHECK(USBIP_CMD_HDR_LEN + usbip_cmd_payload_len(&cmd) <=
	      USBIP_CMD_MAX_LEN);
	set_be32(buf + 24, USBIP_XFER_MAX + 1);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);
	set_be32(buf + 24, 0xffffffffu);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);
}

static void test_parse_bad_cmds(void)
{
	uint8_t buf[48];
	struct usbip_cmd cmd;

	memcpy(buf, cmd_intr_in, sizeof(buf));
	set_be32(buf, 0);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);
	set_be32(buf, USBIP_RET_SUBMIT); /* a reply is not a command */
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);
	set_be32(buf, 0x01118005); /* an OP request after import */
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);

	memcpy(buf, cmd_intr_in, sizeof(buf));
	set_be32(buf + 12, 2);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);

	memcpy(buf, cmd_intr_in, sizeof(buf));
	set_be32(buf + 16, 15);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	set_be32(buf + 16, 16);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);

	memcpy(buf, cmd_intr_in, sizeof(buf));
	set_be32(buf + 32, USBIP_MAX_ISO_PACKETS);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	set_be32(buf + 32, USBIP_MAX_ISO_PACKETS + 1);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), -EBADMSG);
}

static void test_parse_unlink(void)
{
	uint8_t buf[48] = {0};
	struct usbip_cmd cmd;

	set_be32(buf, USBIP_CMD_UNLINK);
	set_be32(buf + 4, 0x11);
	set_be32(buf + 20, 0x10);
	/* Fields a SUBMIT would check do not matter for an UNLINK. */
	set_be32(buf + 24, 0xffffffffu);
	CHECK_EQ(usbip_parse_cmd(buf, &cmd), 0);
	CHECK_EQ(cmd.command, USBIP_CMD_UNLINK);
	CHECK_EQ(cmd.seqnum, 0x11);
	CHECK_EQ(cmd.unlink_seqnum, 0x10);
	CHECK_EQ(usbip_cmd_payload_len(&cmd), 0);
	CHECK(!usbip_cmd_is_iso(&cmd));
}

static void test_pack_rets(void)
{
	uint8_t buf[48];

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(usbip_pack_ret_submit(buf, 0xd06, 0, 0x40), 48);
	CHECK_EQ(be32(buf), 3);
	CHECK_EQ(be32(buf + 4), 0xd06);
	CHECK_EQ(be32(buf + 8), 0);  /* devid */
	CHECK_EQ(be32(buf + 12), 0); /* direction */
	CHECK_EQ(be32(buf + 16), 0); /* ep */
	CHECK_EQ(be32(buf + 20), 0);
	CHECK_EQ(be32(buf + 24), 0x40);
	CHECK_EQ(be32(buf + 28), 0); /* start_frame */
	CHECK_EQ(be32(buf + 32), 0); /* number_of_packets */
	CHECK_EQ(be32(buf + 36), 0); /* error_count */
	CHECK_EQ(be32(buf + 40), 0);
	CHECK_EQ(be32(buf + 44), 0);

	usbip_pack_ret_submit(buf, 7, -EPIPE, 0);
	CHECK_EQ(be32(buf + 20), 0xffffffe0u); /* -32 */

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(usbip_pack_ret_unlink(buf, 0x12, -ECONNRESET), 48);
	CHECK_EQ(be32(buf), 4);
	CHECK_EQ(be32(buf + 4), 0x12);
	CHECK_EQ(be32(buf + 20), 0xffffff98u); /* -104 */
	for (int i = 24; i < 48; i++) {
		CHECK_EQ(buf[i], 0);
	}
}

/* clang-format off */
static const uint8_t dev_desc[18] = {
	18, 1, 0x00, 0x02, 0xef, 0x02, 0x01, 64, 0xe3, 0x2f,
	0x00, 0x01, 0x06, 0x02, 1, 2, 3, 1,
};
/* clang-format on */

/* config 1: iface 0 (alt 0 and 1), iface 1 with a class descriptor and an
 * endpoint, then a vendor descriptor at the end. */
/* clang-format off */
static const uint8_t cfg_desc[] = {
	9, 2, 52, 0, 2, 1, 0, 0x80, 50,
	9, 4, 0, 0, 0, 0xfe, 0x01, 0x02, 0,
	9, 4, 0, 1, 0, 0xfe, 0x01, 0x02, 0,
	9, 4, 1, 0, 1, 0xff, 0x42, 0x07, 0,
	5, 0x24, 0, 0x10, 0x01,
	7, 5, 0x81, 3, 8, 0, 10,
	4, 0x41, 1, 2,
};
/* clang-format on */

static void test_descriptors(void)
{
	struct usbip_device_info d;

	CHECK_EQ(sizeof(cfg_desc), 52);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(usbip_info_from_descriptors(&d, dev_desc, 18, cfg_desc,
					     sizeof(cfg_desc)),
		 0);
	CHECK_EQ(d.idVendor, 0x2fe3);
	CHECK_EQ(d.idProduct, 0x0100);
	CHECK_EQ(d.bcdDevice, 0x0206);
	CHECK_EQ(d.bDeviceClass, 0xef);
	CHECK_EQ(d.bDeviceSubClass, 0x02);
	CHECK_EQ(d.bDeviceProtocol, 0x01);
	CHECK_EQ(d.bNumConfigurations, 1);
	CHECK_EQ(d.bConfigurationValue, 1);
	CHECK_EQ(d.bNumInterfaces, 2);
	CHECK_EQ(d.ifaces[0].bInterfaceClass, 0xfe);
	CHECK_EQ(d.ifaces[0].bInterfaceSubClass, 0x01);
	CHECK_EQ(d.ifaces[0].bInterfaceProtocol, 0x02);
	CHECK_EQ(d.ifaces[1].bInterfaceClass, 0xff);
	CHECK_EQ(d.ifaces[1].bInterfaceSubClass, 0x42);
	CHECK_EQ(d.ifaces[1].bInterfaceProtocol, 0x07);

	/* A longer buffer than wTotalLength: only wTotalLength is read. */
	{
		uint8_t longer[64];

		memset(longer, 0, sizeof(longer));
		memcpy(longer, cfg_desc, sizeof(cfg_desc));
		CHECK_EQ(usbip_info_from_descriptors(&d, dev_desc, 18, longer,
						     sizeof(longer)),
			 0);
		CHECK_EQ(d.bNumInterfaces, 2);
	}
}

static int parse_cfg(const uint8_t *cfg, size_t len)
{
	struct usbip_device_info d;

	return usbip_info_from_descriptors(&d, dev_desc, 18, cfg, len);
}

static void test_bad_descriptors(void)
{
	struct usbip_device_info d;
	uint8_t dev[18], cfg[sizeof(cfg_desc)];

	/* device descriptor: short buffer, short bLength, wrong type */
	CHECK_EQ(usbip_info_from_descriptors(&d, dev_desc, 17, cfg_desc,
					     sizeof(cfg_desc)),
		 -EBADMSG);
	memcpy(dev, dev_desc, 18);
	dev[0] = 9;
	CHECK_EQ(usbip_info_from_descriptors(&d, dev, 18, cfg_desc,
					     sizeof(cfg_desc)),
		 -EBADMSG);
	memcpy(dev, dev_desc, 18);
	dev[1] = 2;
	CHECK_EQ(usbip_info_from_descriptors(&d, dev, 18, cfg_desc,
					     sizeof(cfg_desc)),
		 -EBADMSG);

	/* every truncation of the configuration set is refused */
	for (size_t len = 0; len < sizeof(cfg_desc); len++) {
		CHECK_EQ(parse_cfg(cfg_desc, len), -EBADMSG);
	}

	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[1] = 4; /* not a configuration */
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), -EBADMSG);

	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[2] = 8; /* wTotalLength shorter than the header */
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), -EBADMSG);

	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[9] = 0; /* bLength 0 would loop forever */
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), -EBADMSG);

	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[9] = 1;
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), -EBADMSG);

	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[48] = 5; /* the last descriptor runs past wTotalLength */
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), -EBADMSG);

	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[2] = 51; /* wTotalLength cuts the last descriptor */
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), -EBADMSG);

	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[27] = 0; /* interface 1 becomes a zero-length loop */
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), -EBADMSG);

	/* The walk follows bLength: an endpoint that swallows the last
	 * descriptor but ends on wTotalLength is a valid chain. */
	memcpy(cfg, cfg_desc, sizeof(cfg));
	cfg[41] = 11;
	CHECK_EQ(parse_cfg(cfg, sizeof(cfg)), 0);
}

static void test_short_interface_and_too_many(void)
{
	uint8_t cfg[9 + 33 * 9];
	size_t len;

	/* An interface descriptor with bLength 5 (and 5 bytes) is refused. */
	{
		static const uint8_t short_if[] = {
			9, 2, 14, 0, 1, 1, 0, 0x80, 50, /* config */
			5, 4, 0,  0, 0,                 /* interface, cut */
		};

		CHECK_EQ(parse_cfg(short_if, sizeof(short_if)), -EBADMSG);
	}
	/* 32 interfaces fit, 33 do not. */
	for (int n = 32; n <= 33; n++) {
		len = 9 + (size_t)n * 9;
		memset(cfg, 0, sizeof(cfg));
		cfg[0] = 9;
		cfg[1] = 2;
		cfg[2] = (uint8_t)len;
		cfg[3] = (uint8_t)(len >> 8);
		cfg[4] = (uint8_t)n;
		cfg[5] = 1;
		for (int i = 0; i < n; i++) {
			uint8_t *p = cfg + 9 + i * 9;

			p[0] = 9;
			p[1] = 4;
			p[2] = (uint8_t)i;
			p[5] = (uint8_t)i;
		}
		CHECK_EQ(parse_cfg(cfg, len), n == 32 ? 0 : -EBADMSG);
	}
}

/* Random input never crashes a parser (run under the sanitizer build). */
static void test_random_input(void)
{
	uint32_t x = 0x12345678;
	uint8_t buf[128];
	int accepted = 0, refused = 0;

	for (int round = 0; round < 20000; round++) {
		struct usbip_cmd cmd;
		struct usbip_device_info d;
		size_t len;
		int ret;

		for (size_t i = 0; i < sizeof(buf); i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		/* Often make it look almost right, so the deep paths run. */
		if (round & 1) {
			buf[0] = 9;
			buf[1] = 2;
			buf[2] = (uint8_t)(buf[2] & 0x7f);
			buf[3] = 0;
		}
		len = (x >> 8) % sizeof(buf);
		ret = usbip_info_from_descriptors(&d, dev_desc, 18, buf, len);
		CHECK(ret == 0 || ret == -EBADMSG);
		if (ret == 0) {
			accepted++;
			CHECK(d.bNumInterfaces <= USBIP_MAX_INTERFACES);
		} else {
			refused++;
		}
		ret = usbip_parse_cmd(buf, &cmd);
		CHECK(ret == 0 || ret == -EBADMSG);
		if (ret == 0) {
			CHECK(USBIP_CMD_HDR_LEN + usbip_cmd_payload_len(&cmd) <=
			      USBIP_CMD_MAX_LEN);
		}
	}
	CHECK(accepted > 0);
	CHECK(refused > 0);
}

int main(void)
{
	test_op_header();
	test_import_busid();
	test_devlist_reply();
	test_import_reply();
	test_parse_submit();
	test_parse_bad_cmds();
	test_parse_unlink();
	test_pack_rets();
	test_descriptors();
	test_bad_descriptors();
	test_short_interface_and_too_many();
	test_random_input();
	return test_report("test_usbip_proto");
}
