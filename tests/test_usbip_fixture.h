/* SPDX-License-Identifier: Apache-2.0 */
/* Fixture for the usbip driver tests: see test_usbip_fixture.c. */
#ifndef TESTS_TEST_USBIP_FIXTURE_H
#define TESTS_TEST_USBIP_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "udc/udc_usbip.h"

#define PUMP_ROUNDS 2000
#define REC_LEN     0x138
#define REC_BUF     (REC_LEN + 32 * 4) /* device record and interfaces */
#define XFER_MAX    65536
#define LOG_KEEP    64

/*
 * The test device, on the staged control contract of udc.h. Requests it
 * answers (bmRequestType, bRequest): GET_DESCRIPTOR device/config/string
 * 0, SET_CONFIGURATION 0/1 (committed at UDC_EVT_CTRL_STATUS), 0xc0/0x01
 * wValue bytes of pattern (cut to wLength), 0x40/0x02 stores the data,
 * 0x40/0x14 receives the data then stalls, 0xc0/0x03 echoes it, 0xc0/0x05
 * sends wLength + 1 bytes (refused: stalled), 0x40/0x15 skips its data
 * stage (refused: stalled), 0x40/0x10 answers and at
 * its status stage disables + pid++ + enables, 0x40/0x11 answers twice,
 * 0x40/0x12 never answers, 0x40/0x13 calls udc_usbip_poll() from the
 * callback. Anything else stalls. trace gets one letter per event:
 * V VBUS ready, U removed, R reset, S setup, O OUT data, C status.
 */
struct tdev {
	struct udc_dev udc;
	uint16_t pid;
	bool no_descriptors;
	uint8_t config;
	uint8_t out_data[XFER_MAX];
	size_t out_len;
	struct usb_setup_packet setup; /* the request in progress */
	bool in_request;               /* SETUP seen, no status yet */
	int setups;
	int completed; /* UDC_EVT_CTRL_STATUS */
	int resets;
	int vbus_ready;
	int vbus_removed;
	int detach_ret[2];
	int second_answer_ret;
	int too_long_ret;
	int early_status_ret;
	int nested_poll_ret;
	char trace[256];
	size_t trace_len;
};

/* The device under test and the server every wait runs. */
extern struct tdev T;
/* pattern[i] = i * 7 + 1: what 0xc0/0x01 returns. */
extern uint8_t pattern[XFER_MAX];

/* The log hook given to the driver; log_has() searches the last lines. */
void test_log(const char *line);
bool log_has(const char *needle);

/* Start T on an ephemeral port (cfg: port and log are set here). */
int tdev_start_cfg(struct udc_usbip_config *cfg);
int tdev_start(int idle_ms);
void tdev_stop(void);

void pump(int rounds);
void put32(uint8_t *p, uint32_t v);
uint32_t get32(const uint8_t *p);
uint16_t get16(const uint8_t *p);

/* A non-blocking client socket connected to 127.0.0.1:port. */
int client_connect(int port);
bool send_all(int fd, const void *buf, size_t n);
bool recv_all(int fd, void *buf, size_t n);
/* Run the server until it closes fd; unexpected bytes are a failure. */
bool wait_closed(int fd);
/* Open, and nothing to read. */
bool still_open(int fd);
void close_with_reset(int fd);

/* OP_REQ_DEVLIST: the device count (rec gets the device), or -1. */
int devlist(int port, uint8_t *rec);
/* OP_REQ_IMPORT: the connected fd, or -status after a refusal. */
int import(int port, const char *busid, bool split, uint8_t *rec);

struct ret {
	uint32_t command;
	uint32_t seqnum;
	int32_t status;
	uint32_t actual;
};

/* Next seqnum, a message buffer, and where IN data lands. */
extern uint32_t seqnum;
extern uint8_t msg[48 + XFER_MAX + 1024];
extern uint8_t in_buf[XFER_MAX];

void make_submit(uint8_t *p, uint32_t seq, uint32_t dir, uint32_t ep,
		 uint32_t tbl, uint8_t bm, uint8_t req, uint16_t value,
		 uint16_t wlen);
void make_unlink(uint8_t *p, uint32_t seq, uint32_t victim);
/* devid of the commands make_submit/make_unlink build (busnum 1, devnum 2) */
extern uint32_t cmd_devid;
/* Clear T.trace. */
void trace_clear(void);
/* Read one RET_*; an IN RET_SUBMIT's data goes to in_buf. */
bool read_ret(int fd, struct ret *r, bool in_data);
/* One control transfer on ep 0. Returns the status; IN data in in_buf. */
int32_t control(int fd, uint8_t bm, uint8_t req, uint16_t value, uint16_t wlen,
		uint32_t tbl, const uint8_t *out, uint32_t *actual);

#endif /* TESTS_TEST_USBIP_FIXTURE_H */
