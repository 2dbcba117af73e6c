/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USB/IP wire format (Linux Documentation/usb/usbip_protocol.rst, version
 * 1.1.1): packing and parsing only, no I/O, so it can be fuzzed on its own.
 * All wire fields are big-endian; the structs below hold host order.
 */
#ifndef UDC_USBIP_PROTO_H
#define UDC_USBIP_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USBIP_VERSION 0x0111

/* Connection set-up ("OP") messages. */
#define USBIP_OP_REQ_DEVLIST 0x8005
#define USBIP_OP_REP_DEVLIST 0x0005
#define USBIP_OP_REQ_IMPORT  0x8003
#define USBIP_OP_REP_IMPORT  0x0003

/* OP reply status codes, as the usbip tools name and print them. */
#define USBIP_ST_OK       0
#define USBIP_ST_NA       1 /* "Request Failed" (Linux: device busy) */
#define USBIP_ST_DEV_BUSY 2
#define USBIP_ST_DEV_ERR  3
#define USBIP_ST_NODEV    4 /* "Device not found" */

#define USBIP_OP_HDR_LEN     8
#define USBIP_BUSID_LEN      32
#define USBIP_PATH_LEN       256
#define USBIP_IMPORT_REQ_LEN (USBIP_OP_HDR_LEN + USBIP_BUSID_LEN)
/* struct usbip_usb_device on the wire: path, busid, 6 numbers, 6 bytes. */
#define USBIP_DEVICE_LEN    0x138
#define USBIP_INTERFACE_LEN 4
/* A configuration has at most 32 interfaces (USB 2.0, 9.6.3). */
#define USBIP_MAX_INTERFACES  32
#define USBIP_DEVLIST_HDR_LEN (USBIP_OP_HDR_LEN + 4)
#define USBIP_DEVLIST_MAX_LEN                                                  \
	(USBIP_DEVLIST_HDR_LEN + USBIP_DEVICE_LEN +                            \
	 USBIP_MAX_INTERFACES * USBIP_INTERFACE_LEN)
#define USBIP_IMPORT_REP_LEN (USBIP_OP_HDR_LEN + USBIP_DEVICE_LEN)

/* URB traffic after a successful import. */
#define USBIP_CMD_SUBMIT   0x00000001
#define USBIP_CMD_UNLINK   0x00000002
#define USBIP_RET_SUBMIT   0x00000003
#define USBIP_RET_UNLINK   0x00000004
#define USBIP_DIR_OUT      0
#define USBIP_DIR_IN       1
#define USBIP_CMD_HDR_LEN  48
#define USBIP_ISO_DESC_LEN 16

/*
 * Largest transfer_buffer_length accepted: a control transfer carries at
 * most 65535 bytes (wLength), a bulk URB of 64 KiB is common. Anything
 * larger is a protocol error and drops the connection.
 */
#define USBIP_XFER_MAX 65536
/* Linux stub_rx.c refuses more ISO packets than this, so do we. */
#define USBIP_MAX_ISO_PACKETS 1024
/* A non-ISO URB carries number_of_packets 0 (vhci) or 0xffffffff (docs). */
#define USBIP_NO_ISO 0xffffffffu
/* Largest command on the wire: header, OUT payload, ISO descriptors. */
#define USBIP_CMD_MAX_LEN                                                      \
	(USBIP_CMD_HDR_LEN + USBIP_XFER_MAX +                                  \
	 USBIP_MAX_ISO_PACKETS * USBIP_ISO_DESC_LEN)
/* Largest reply we send: RET_SUBMIT header and an IN payload. */
#define USBIP_RET_MAX_LEN (USBIP_CMD_HDR_LEN + USBIP_XFER_MAX)

/* usbip speed numbers (enum usb_device_speed in Linux). */
#define USBIP_SPEED_LOW  1
#define USBIP_SPEED_FULL 2
#define USBIP_SPEED_HIGH 3

struct usbip_op_header {
	uint16_t version;
	uint16_t code;
	uint32_t status;
};

struct usbip_interface_info {
	uint8_t bInterfaceClass;
	uint8_t bInterfaceSubClass;
	uint8_t bInterfaceProtocol;
};

/* What OP_REP_DEVLIST and OP_REP_IMPORT say about the exported device. */
struct usbip_device_info {
	char path[USBIP_PATH_LEN];
	char busid[USBIP_BUSID_LEN];
	uint32_t busnum;
	uint32_t devnum;
	uint32_t speed;
	uint16_t idVendor;
	uint16_t idProduct;
	uint16_t bcdDevice;
	uint8_t bDeviceClass;
	uint8_t bDeviceSubClass;
	uint8_t bDeviceProtocol;
	uint8_t bConfigurationValue;
	uint8_t bNumConfigurations;
	uint8_t bNumInterfaces;
	struct usbip_interface_info ifaces[USBIP_MAX_INTERFACES];
};

/* CMD_SUBMIT and CMD_UNLINK share one 48-byte header layout. */
struct usbip_cmd {
	uint32_t command;
	uint32_t seqnum;
	uint32_t devid;
	uint32_t direction;
	uint32_t ep;
	/* CMD_SUBMIT */
	uint32_t transfer_flags;
	uint32_t transfer_buffer_length;
	uint32_t start_frame;
	uint32_t number_of_packets;
	uint32_t interval;
	uint8_t setup[8];
	/* CMD_UNLINK */
	uint32_t unlink_seqnum;
};

/* Write an 8-byte OP header; returns USBIP_OP_HDR_LEN. */
size_t usbip_pack_op_header(uint8_t *buf, uint16_t code, uint32_t status);

/* Read an 8-byte OP header (any version/code; the caller judges them). */
void usbip_parse_op_header(const uint8_t *buf, struct usbip_op_header *hdr);

/*
 * Copy the NUL-terminated busid of an OP_REQ_IMPORT body (32 bytes) into
 * out (USBIP_BUSID_LEN). Returns 0, or -EBADMSG if the field has no NUL.
 */
int usbip_parse_import_busid(const uint8_t *body, char *out);

/*
 * OP_REP_DEVLIST with one device (dev != NULL) or none. Returns the
 * length written, or -ENOSPC if cap is too small.
 */
int usbip_pack_devlist_reply(uint8_t *buf, size_t cap,
			     const struct usbip_device_info *dev);

/*
 * OP_REP_IMPORT: with status USBIP_ST_OK the device record follows,
 * otherwise the reply is the 8-byte header alone. Returns the length
 * written, or -ENOSPC / -EINVAL (OK without a device).
 */
int usbip_pack_import_reply(uint8_t *buf, size_t cap, uint32_t status,
			    const struct usbip_device_info *dev);

/*
 * Parse and check a 48-byte command header. Returns 0, or -EBADMSG for an
 * unknown command, a direction other than 0/1, an endpoint above 15, a
 * transfer longer than USBIP_XFER_MAX or too many ISO packets.
 */
int usbip_parse_cmd(const uint8_t *buf, struct usbip_cmd *cmd);

/* Bytes that follow a parsed command's header on the wire. */
size_t usbip_cmd_payload_len(const struct usbip_cmd *cmd);

/* True if a CMD_SUBMIT describes an isochronous URB. */
bool usbip_cmd_is_iso(const struct usbip_cmd *cmd);

/*
 * RET_SUBMIT header (48 bytes): devid, direction and ep are 0 as the
 * protocol asks of a server; number_of_packets is 0 (a non-ISO URB).
 */
size_t usbip_pack_ret_submit(uint8_t *buf, uint32_t seqnum, int32_t status,
			     uint32_t actual_length);

/* RET_UNLINK (48 bytes). */
size_t usbip_pack_ret_unlink(uint8_t *buf, uint32_t seqnum, int32_t status);

/*
 * Fill the descriptor-derived fields of info from a device descriptor
 * (18 bytes) and a whole configuration descriptor set. Only interfaces'
 * alternate setting 0 are listed. Returns 0 or -EBADMSG if a descriptor
 * is short, has the wrong type, or the set does not chain.
 */
int usbip_info_from_descriptors(struct usbip_device_info *info,
				const uint8_t *dev_desc, size_t dev_len,
				const uint8_t *cfg_desc, size_t cfg_len);

#endif /* UDC_USBIP_PROTO_H */
