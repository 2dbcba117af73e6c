/* SPDX-License-Identifier: Apache-2.0 */
/* USB/IP wire format: big-endian packing and checked parsing, no I/O. */
#include <errno.h>
#include <string.h>

#include "udc/usbip_proto.h"

#define USB_DESC_DEVICE        0x01
#define USB_DESC_CONFIGURATION 0x02
#define USB_DESC_INTERFACE     0x04
#define USB_DEVICE_DESC_LEN    18
#define USB_CONFIG_DESC_LEN    9
#define USB_INTERFACE_DESC_LEN 9

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

/* A string field: zero-filled, always NUL-terminated on the wire. */
static void put_string(uint8_t *p, size_t field_len, const char *s)
{
	size_t n = 0;

	while (n < field_len - 1 && s[n] != '\0') {
		n++;
	}
	memset(p, 0, field_len);
	memcpy(p, s, n);
}

size_t usbip_pack_op_header(uint8_t *buf, uint16_t code, uint32_t status)
{
	put_be16(buf, USBIP_VERSION);
	put_be16(buf + 2, code);
	put_be32(buf + 4, status);
	return USBIP_OP_HDR_LEN;
}

void usbip_parse_op_header(const uint8_t *buf, struct usbip_op_header *hdr)
{
	hdr->version = get_be16(buf);
	hdr->code = get_be16(buf + 2);
	hdr->status = get_be32(buf + 4);
}

int usbip_parse_import_busid(const uint8_t *body, char *out)
{
	const void *nul = memchr(body, 0, USBIP_BUSID_LEN);

	if (!nul) {
		return -EBADMSG;
	}
	memcpy(out, body, USBIP_BUSID_LEN);
	return 0;
}

/* struct usbip_usb_device: the record shared by devlist and import. */
static void pack_device(uint8_t *p, const struct usbip_device_info *dev)
{
	put_string(p, USBIP_PATH_LEN, dev->path);
	put_string(p + 0x100, USBIP_BUSID_LEN, dev->busid);
	put_be32(p + 0x120, dev->busnum);
	put_be32(p + 0x124, dev->devnum);
	put_be32(p + 0x128, dev->speed);
	put_be16(p + 0x12c, dev->idVendor);
	put_be16(p + 0x12e, dev->idProduct);
	put_be16(p + 0x130, dev->bcdDevice);
	p[0x132] = dev->bDeviceClass;
	p[0x133] = dev->bDeviceSubClass;
	p[0x134] = dev->bDeviceProtocol;
	p[0x135] = dev->bConfigurationValue;
	p[0x136] = dev->bNumConfigurations;
	p[0x137] = dev->bNumInterfaces;
}

int usbip_pack_devlist_reply(uint8_t *buf, size_t cap,
			     const struct usbip_device_info *dev)
{
	size_t len = USBIP_DEVLIST_HDR_LEN;
	uint8_t *p;

	if (dev) {
		if (dev->bNumInterfaces > USBIP_MAX_INTERFACES) {
			return -EINVAL;
		}
		len += USBIP_DEVICE_LEN +
		       (size_t)dev->bNumInterfaces * USBIP_INTERFACE_LEN;
	}
	if (cap < len) {
		return -ENOSPC;
	}
	usbip_pack_op_header(buf, USBIP_OP_REP_DEVLIST, USBIP_ST_OK);
	put_be32(buf + USBIP_OP_HDR_LEN, dev ? 1 : 0);
	if (!dev) {
		return (int)len;
	}
	p = buf + USBIP_DEVLIST_HDR_LEN;
	pack_device(p, dev);
	p += USBIP_DEVICE_LEN;
	for (unsigned int i = 0; i < dev->bNumInterfaces; i++) {
		p[0] = dev->ifaces[i].bInterfaceClass;
		p[1] = dev->ifaces[i].bInterfaceSubClass;
		p[2] = dev->ifaces[i].bInterfaceProtocol;
		p[3] = 0; /* padding */
		p += USBIP_INTERFACE_LEN;
	}
	return (int)len;
}

int usbip_pack_import_reply(uint8_t *buf, size_t cap, uint32_t status,
			    const struct usbip_device_info *dev)
{
	if (status != USBIP_ST_OK) {
		if (cap < USBIP_OP_HDR_LEN) {
			return -ENOSPC;
		}
		return (int)usbip_pack_op_header(buf, USBIP_OP_REP_IMPORT,
						 status);
	}
	if (!dev) {
		return -EINVAL;
	}
	if (cap < USBIP_IMPORT_REP_LEN) {
		return -ENOSPC;
	}
	usbip_pack_op_header(buf, USBIP_OP_REP_IMPORT, USBIP_ST_OK);
	pack_device(buf + USBIP_OP_HDR_LEN, dev);
	return USBIP_IMPORT_REP_LEN;
}

bool usbip_cmd_is_iso(const struct usbip_cmd *cmd)
{
	return cmd->command == USBIP_CMD_SUBMIT &&
	       cmd->number_of_packets != 0 &&
	       cmd->number_of_packets != USBIP_NO_ISO;
}

int usbip_parse_cmd(const uint8_t *buf, struct usbip_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->command = get_be32(buf);
	cmd->seqnum = get_be32(buf + 4);
	cmd->devid = get_be32(buf + 8);
	cmd->direction = get_be32(buf + 12);
	cmd->ep = get_be32(buf + 16);

	if (cmd->command == USBIP_CMD_UNLINK) {
		cmd->unlink_seqnum = get_be32(buf + 20);
		return 0;
	}
	if (cmd->command != USBIP_CMD_SUBMIT) {
		return -EBADMSG;
	}
	cmd->transfer_flags = get_be32(buf + 20);
	cmd->transfer_buffer_length = get_be32(buf + 24);
	cmd->start_frame = get_be32(buf + 28);
	cmd->number_of_packets = get_be32(buf + 32);
	cmd->interval = get_be32(buf + 36);
	memcpy(cmd->setup, buf + 40, sizeof(cmd->setup));

	if (cmd->direction != USBIP_DIR_OUT && cmd->direction != USBIP_DIR_IN) {
		return -EBADMSG;
	}
	if (cmd->ep > 15) {
		return -EBADMSG;
	}
	if (cmd->transfer_buffer_length > USBIP_XFER_MAX) {
		return -EBADMSG;
	}
	if (usbip_cmd_is_iso(cmd) &&
	    cmd->number_of_packets > USBIP_MAX_ISO_PACKETS) {
		return -EBADMSG;
	}
	return 0;
}

size_t usbip_cmd_payload_len(const struct usbip_cmd *cmd)
{
	size_t len = 0;

	if (cmd->command != USBIP_CMD_SUBMIT) {
		return 0;
	}
	if (cmd->direction == USBIP_DIR_OUT) {
		len += cmd->transfer_buffer_length;
	}
	if (usbip_cmd_is_iso(cmd)) {
		len += (size_t)cmd->number_of_packets * USBIP_ISO_DESC_LEN;
	}
	return len;
}

size_t usbip_pack_ret_submit(uint8_t *buf, uint32_t seqnum, int32_t status,
			     uint32_t actual_length)
{
	memset(buf, 0, USBIP_CMD_HDR_LEN);
	put_be32(buf, USBIP_RET_SUBMIT);
	put_be32(buf + 4, seqnum);
	put_be32(buf + 20, (uint32_t)status);
	put_be32(buf + 24, actual_length);
	/* start_frame, number_of_packets, error_count, padding: 0 */
	return USBIP_CMD_HDR_LEN;
}

size_t usbip_pack_ret_unlink(uint8_t *buf, uint32_t seqnum, int32_t status)
{
	memset(buf, 0, USBIP_CMD_HDR_LEN);
	put_be32(buf, USBIP_RET_UNLINK);
	put_be32(buf + 4, seqnum);
	put_be32(buf + 20, (uint32_t)status);
	return USBIP_CMD_HDR_LEN;
}

static int parse_device_desc(struct usbip_device_info *info, const uint8_t *d,
			     size_t len)
{
	if (len < USB_DEVICE_DESC_LEN || d[0] < USB_DEVICE_DESC_LEN ||
	    d[1] != USB_DESC_DEVICE) {
		return -EBADMSG;
	}
	info->bDeviceClass = d[4];
	info->bDeviceSubClass = d[5];
	info->bDeviceProtocol = d[6];
	info->idVendor = get_le16(d + 8);
	info->idProduct = get_le16(d + 10);
	info->bcdDevice = get_le16(d + 12);
	info->bNumConfigurations = d[17];
	return 0;
}

/* Record an interface's alternate setting 0; later alt settings repeat it. */
static int add_interface(struct usbip_device_info *info, const uint8_t *d)
{
	struct usbip_interface_info *ifc;

	if (d[0] < USB_INTERFACE_DESC_LEN) {
		return -EBADMSG;
	}
	if (d[3] != 0) {
		return 0;
	}
	if (info->bNumInterfaces >= USBIP_MAX_INTERFACES) {
		return -EBADMSG;
	}
	ifc = &info->ifaces[info->bNumInterfaces++];
	ifc->bInterfaceClass = d[5];
	ifc->bInterfaceSubClass = d[6];
	ifc->bInterfaceProtocol = d[7];
	return 0;
}

static int parse_config_desc(struct usbip_device_info *info, const uint8_t *c,
			     size_t len)
{
	size_t total;
	size_t off;

	if (len < USB_CONFIG_DESC_LEN || c[0] < USB_CONFIG_DESC_LEN ||
	    c[1] != USB_DESC_CONFIGURATION) {
		return -EBADMSG;
	}
	total = get_le16(c + 2);
	if (total < c[0] || total > len) {
		return -EBADMSG;
	}
	info->bConfigurationValue = c[5];
	info->bNumInterfaces = 0;
	/* Walk the chain; every descriptor must fit inside wTotalLength. */
	for (off = c[0]; off < total; off += c[off]) {
		if (total - off < 2 || c[off] < 2 || c[off] > total - off) {
			return -EBADMSG;
		}
		if (c[off + 1] == USB_DESC_INTERFACE) {
			int ret = add_interface(info, c + off);

			if (ret) {
				return ret;
			}
		}
	}
	return 0;
}

int usbip_info_from_descriptors(struct usbip_device_info *info,
				const uint8_t *dev_desc, size_t dev_len,
				const uint8_t *cfg_desc, size_t cfg_len)
{
	int ret = parse_device_desc(info, dev_desc, dev_len);

	if (ret) {
		return ret;
	}
	return parse_config_desc(info, cfg_desc, cfg_len);
}
