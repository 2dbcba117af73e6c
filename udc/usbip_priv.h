/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the three files of the usbip driver share (private, host only):
 *  - usbip_conn.c    connection buffers: read, queue, flush, close
 *  - usbip_server.c  listening socket, accept, OP phase (devlist,
 *                    import), idle expiry, the poll loop, configuration
 *  - udc_usbip.c     the controller driver: endpoint 0 on the staged
 *                    contract of udc.h, URB and unlink handling, the
 *                    transport's hidden resets, the udc_api
 */
#ifndef UDC_USBIP_PRIV_H
#define UDC_USBIP_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "udc/udc_usbip.h"
#include "udc/usbip_proto.h"

#define USB_DESC_SET_MAX 65535
#define PEER_NAME_MAX    80
#define ADDRESS_MAX      64
#define ERROR_MAX        192
/*
 * The importer's replies may fill this much before its commands wait:
 * two of the largest RET_SUBMITs, so one can be in the socket while the
 * next is built.
 */
#define IMPORTER_TX_LEN (2 * USBIP_RET_MAX_LEN)

enum conn_state {
	CONN_FREE,
	CONN_OP,       /* waiting for OP_REQ_DEVLIST / OP_REQ_IMPORT */
	CONN_IMPORTED, /* URB traffic with the importer */
	CONN_CLOSING,  /* send what is queued, then close */
};

struct conn {
	int fd;
	enum conn_state state;
	/* Where this connection's bytes live: the op_* arrays or, for the
	 * importer, the server's large buffers. */
	uint8_t *rx;
	size_t rx_cap;
	size_t rx_len;
	uint8_t *tx;
	size_t tx_cap;
	size_t tx_len;       /* bytes queued ... */
	size_t tx_off;       /* ... of which already sent */
	int64_t deadline_ms; /* drop at this time; 0 = never */
	char peer[PEER_NAME_MAX];
	uint8_t op_rx[USBIP_IMPORT_REQ_LEN];
	uint8_t op_tx[USBIP_DEVLIST_MAX_LEN];
};

/* Which stage of a control transfer the stack is answering. */
enum ep0_stage {
	EP0_IDLE,     /* no callback running: udc_ctrl_*() refused */
	EP0_SETUP,    /* inside UDC_EVT_SETUP */
	EP0_DATA_OUT, /* inside UDC_EVT_CTRL_OUT */
};

enum ep0_answer {
	EP0_NONE,
	EP0_SEND,   /* IN data stage */
	EP0_RECV,   /* OUT data stage armed */
	EP0_STATUS, /* status stage */
	EP0_STALL,
};

/* The control transfer the stack is answering right now. */
struct ep0_xfer {
	enum ep0_stage stage;
	enum ep0_answer answer;
	struct usb_setup_packet setup;
	uint8_t *in_buf; /* where IN data goes ... */
	size_t in_cap;   /* ... cut to this (the URB's buffer) */
	size_t in_len;
	uint8_t *out_buf; /* the stack's buffer from udc_ctrl_recv() */
};

struct usbip_server {
	struct udc_dev *dev;
	char address[ADDRESS_MAX];
	char busid[USBIP_BUSID_LEN];
	char path[USBIP_PATH_LEN];
	uint32_t busnum;
	int idle_timeout_ms;
	void (*log)(const char *line);
	int listen_fd;
	int port;
	bool enabled;
	bool in_poll;
	/* A SET_CONFIGURATION(n > 0) completed since the last (hidden)
	 * reset, import or unplug: see udc_usbip.h on resets. */
	bool configured;
	unsigned int refused; /* connections refused since a slot was free */
	struct conn conns[UDC_USBIP_MAX_CONNS];
	struct conn *importer;
	struct ep0_xfer ep0;
	struct usbip_device_info info;
	char error[ERROR_MAX];
	uint8_t importer_rx[USBIP_CMD_MAX_LEN];
	uint8_t importer_tx[IMPORTER_TX_LEN];
	uint8_t desc_buf[USB_DESC_SET_MAX];
};

/* usbip_server.c */
struct usbip_server *usbip_server_of(const struct udc_dev *dev);
int64_t usbip_now_ms(void);
__attribute__((format(printf, 2, 3))) void usbip_log(struct usbip_server *s,
						     const char *fmt, ...);
/* busnum << 16 | devnum, as OP_REP_IMPORT told the importer. */
uint32_t usbip_devid(const struct usbip_server *s);

/* usbip_conn.c */
void conn_reset(struct conn *c);
void conn_close(struct usbip_server *s, struct conn *c, bool notify);
void conn_finish(struct usbip_server *s, struct conn *c);
bool conn_tx_room(struct conn *c, size_t need);
bool conn_read(struct usbip_server *s, struct conn *c);
bool conn_flush(struct usbip_server *s, struct conn *c);
short conn_events(const struct conn *c);

/* udc_usbip.c */
int usbip_refresh_device_info(struct usbip_server *s);
/* Handle the whole commands in the importer's rx buffer that fit in its
 * tx buffer; returns the bytes consumed, or -1 if c was dropped. */
long usbip_importer_process(struct usbip_server *s, struct conn *c);

#endif /* UDC_USBIP_PRIV_H */
