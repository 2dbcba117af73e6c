/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USB/IP wire format (udc/usbip_proto.c): every parser, and every packer
 * fed with what the parsers produced, into buffers of exactly the
 * capacity claimed (so ASan sees any write past it).
 *
 * Input: one selector byte, then the message bytes.
 */
#include <errno.h>

#include "fuzz/fuzz.h"
#include "udc/usbip_proto.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void fuzz_op(const uint8_t *d, size_t n)
{
	struct usbip_op_header hdr;
	uint8_t *copy;
	char busid[USBIP_BUSID_LEN];

	if (n < USBIP_OP_HDR_LEN) {
		return;
	}
	/* exact-size copies: reading one byte too far is an ASan report */
	copy = malloc(USBIP_OP_HDR_LEN);
	memcpy(copy, d, USBIP_OP_HDR_LEN);
	usbip_parse_op_header(copy, &hdr);
	free(copy);
	if (n < USBIP_IMPORT_REQ_LEN) {
		return;
	}
	copy = malloc(USBIP_BUSID_LEN);
	memcpy(copy, d + USBIP_OP_HDR_LEN, USBIP_BUSID_LEN);
	if (usbip_parse_import_busid(copy, busid) == 0) {
		FUZZ_CHECK(memchr(busid, 0, sizeof(busid)) != NULL);
		FUZZ_CHECK(strcmp(busid, (const char *)copy) == 0);
	} else {
		FUZZ_CHECK(memchr(copy, 0, USBIP_BUSID_LEN) == NULL);
	}
	free(copy);
}

static void fuzz_cmd(const uint8_t *d, size_t n)
{
	struct usbip_cmd cmd;
	uint8_t *copy;
	size_t payload;

	if (n < USBIP_CMD_HDR_LEN) {
		return;
	}
	copy = malloc(USBIP_CMD_HDR_LEN);
	memcpy(copy, d, USBIP_CMD_HDR_LEN);
	if (usbip_parse_cmd(copy, &cmd) == 0) {
		FUZZ_CHECK(cmd.command == USBIP_CMD_SUBMIT ||
			   cmd.command == USBIP_CMD_UNLINK);
		payload = usbip_cmd_payload_len(&cmd);
		/* the server sizes its receive buffer by this bound */
		FUZZ_CHECK(payload <= USBIP_CMD_MAX_LEN - USBIP_CMD_HDR_LEN);
		/* an UNLINK's direction and ep are not used: not checked */
		if (cmd.command == USBIP_CMD_SUBMIT) {
			FUZZ_CHECK(cmd.direction <= USBIP_DIR_IN);
			FUZZ_CHECK(cmd.ep <= 15);
			FUZZ_CHECK(cmd.transfer_buffer_length <=
				   USBIP_XFER_MAX);
		} else {
			FUZZ_CHECK(payload == 0 && !usbip_cmd_is_iso(&cmd));
		}
	}
	free(copy);
}

/* A device record from descriptors, then both replies that carry it. */
static void fuzz_descriptors(const uint8_t *d, size_t n)
{
	struct usbip_device_info info;
	size_t dev_len, cap, want;
	uint8_t *dev, *cfg, *out;
	int ret;

	if (n < 3) {
		return;
	}
	dev_len = d[0] % 32;
	cap = (size_t)d[1] * 2;
	d += 2;
	n -= 2;
	if (dev_len > n) {
		dev_len = n;
	}
	dev = malloc(dev_len ? dev_len : 1);
	cfg = malloc(n - dev_len ? n - dev_len : 1);
	memcpy(dev, d, dev_len);
	memcpy(cfg, d + dev_len, n - dev_len);
	memset(&info, 0, sizeof(info));
	snprintf(info.busid, sizeof(info.busid), "1-1");
	snprintf(info.path, sizeof(info.path), "/sys/devices/fuzz/1-1");
	ret = usbip_info_from_descriptors(&info, dev, dev_len, cfg,
					  n - dev_len);
	free(dev);
	free(cfg);
	if (ret != 0) {
		FUZZ_CHECK(ret == -EBADMSG);
		return;
	}
	FUZZ_CHECK(info.bNumInterfaces <= USBIP_MAX_INTERFACES);
	want = USBIP_DEVLIST_HDR_LEN + USBIP_DEVICE_LEN +
	       (size_t)info.bNumInterfaces * USBIP_INTERFACE_LEN;
	out = malloc(cap ? cap : 1);
	ret = usbip_pack_devlist_reply(out, cap, &info);
	FUZZ_CHECK(cap >= want ? ret == (int)want : ret == -ENOSPC);
	ret = usbip_pack_import_reply(out, cap, USBIP_ST_OK, &info);
	FUZZ_CHECK(cap >= USBIP_IMPORT_REP_LEN ? ret == USBIP_IMPORT_REP_LEN
					       : ret == -ENOSPC);
	ret = usbip_pack_import_reply(out, cap, USBIP_ST_NODEV, NULL);
	FUZZ_CHECK(cap >= USBIP_OP_HDR_LEN ? ret == USBIP_OP_HDR_LEN
					   : ret == -ENOSPC);
	free(out);
}

/* Packed replies parse back to what was packed. */
static void fuzz_pack(const uint8_t *d, size_t n)
{
	uint8_t *buf = malloc(USBIP_CMD_HDR_LEN);
	struct usbip_op_header hdr;
	uint32_t seq, len;

	if (n < 10) {
		free(buf);
		return;
	}
	memcpy(&seq, d, 4);
	memcpy(&len, d + 4, 4);
	FUZZ_CHECK(usbip_pack_op_header(buf, (uint16_t)seq, len) ==
		   USBIP_OP_HDR_LEN);
	usbip_parse_op_header(buf, &hdr);
	FUZZ_CHECK(hdr.version == USBIP_VERSION);
	FUZZ_CHECK(hdr.code == (uint16_t)seq && hdr.status == len);
	FUZZ_CHECK(usbip_pack_ret_submit(buf, seq, (int32_t)len, len) ==
		   USBIP_CMD_HDR_LEN);
	FUZZ_CHECK(usbip_pack_ret_unlink(buf, seq, (int32_t)len) ==
		   USBIP_CMD_HDR_LEN);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) {
		return 0;
	}
	switch (data[0] % 4) {
	case 0:
		fuzz_op(data + 1, size - 1);
		break;
	case 1:
		fuzz_cmd(data + 1, size - 1);
		break;
	case 2:
		fuzz_descriptors(data + 1, size - 1);
		break;
	default:
		fuzz_pack(data + 1, size - 1);
		break;
	}
	return 0;
}
