/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip driver over real loopback TCP: the fixture's client talks to the
 * server, driven by udc_usbip_poll() from this same thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/test.h"
#include "tests/test_usbip_fixture.h"

TEST_MAIN_DEFS;

/* ---- tests --------------------------------------------------------------- */

static void test_devlist_content(void)
{
	uint8_t rec[REC_BUF];
	struct udc_usbip_config cfg;
	int port = tdev_start(5000);

	CHECK_EQ(devlist(port, rec), 1);
	CHECK(strcmp((char *)rec,
		     "/sys/devices/pci0000:00/0000:00:01.2/usb1/1-1") == 0);
	CHECK(strcmp((char *)rec + 0x100, "1-1") == 0);
	CHECK_EQ(get32(rec + 0x120), 1);      /* busnum */
	CHECK_EQ(get32(rec + 0x124), 2);      /* devnum */
	CHECK_EQ(get32(rec + 0x128), 2);      /* full speed */
	CHECK_EQ(get16(rec + 0x12c), 0x1209); /* idVendor */
	CHECK_EQ(get16(rec + 0x12e), 0x0001); /* idProduct */
	CHECK_EQ(get16(rec + 0x130), 0x0101); /* bcdDevice */
	CHECK_EQ(rec[0x132], 0xef);
	CHECK_EQ(rec[0x133], 0x02);
	CHECK_EQ(rec[0x134], 0x01);
	CHECK_EQ(rec[0x135], 1); /* bConfigurationValue */
	CHECK_EQ(rec[0x136], 1); /* bNumConfigurations */
	CHECK_EQ(rec[0x137], 2); /* bNumInterfaces (alt 1 not counted) */
	CHECK(memcmp(rec + 0x138, "\xfe\x01\x02\x00\xff\x00\x00\x00", 8) == 0);
	CHECK_EQ(T.vbus_ready, 0); /* listing is not attaching */

	T.udc.speed = UDC_SPEED_HIGH;
	CHECK_EQ(devlist(port, rec), 1);
	CHECK_EQ(get32(rec + 0x128), 3);
	tdev_stop();

	/* Another busid: the bus number and the default path follow it. */
	udc_usbip_config_init(&cfg);
	cfg.busid = "3-2";
	port = tdev_start_cfg(&cfg);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK(strcmp((char *)rec,
		     "/sys/devices/pci0000:00/0000:00:01.2/usb3/3-2") == 0);
	CHECK(strcmp((char *)rec + 0x100, "3-2") == 0);
	CHECK_EQ(get32(rec + 0x120), 3);
	tdev_stop();

	udc_usbip_config_init(&cfg);
	cfg.path = "/sys/devices/platform/board/usb9/1-1";
	port = tdev_start_cfg(&cfg);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK(strcmp((char *)rec, "/sys/devices/platform/board/usb9/1-1") == 0);
	tdev_stop();
}

static void test_import(void)
{
	uint8_t rec[REC_BUF];
	char long_busid[33];
	int port = tdev_start(5000);
	int fd;

	CHECK_EQ(import(port, "2-1", false, rec), -4); /* ST_NODEV */
	CHECK(log_has("import of busid \"2-1\" refused: no such busid"));
	memset(long_busid, 'x', 32);
	long_busid[32] = '\0';
	CHECK_EQ(import(port, long_busid, false, rec), -4);
	CHECK_EQ(import(port, "1-1x", true, rec), -4);
	/* Issue 13: a peer's bytes >= 0x80 (and controls) never reach the
	 * log raw: printable ASCII only. */
	CHECK_EQ(import(port, "\xc3\xa9-\x1b[1m\x7f", false, rec), -4);
	CHECK(log_has("import of busid \"?" "?-?[1m?\" refused"));
	CHECK_EQ(T.vbus_ready, 0);
	CHECK(!udc_usbip_attached(&T.udc));

	fd = import(port, "1-1", true, rec);
	CHECK(fd >= 0);
	CHECK(strcmp((char *)rec + 0x100, "1-1") == 0);
	CHECK_EQ(get32(rec + 0x128), 2);
	CHECK_EQ(get16(rec + 0x12e), 0x0001);
	CHECK_EQ(rec[0x137], 2);
	CHECK_EQ(T.vbus_ready, 1);
	CHECK(udc_usbip_attached(&T.udc));
	CHECK(log_has("imported 1-1"));

	/* The importer goes away: VBUS removed, importable again. */
	close(fd);
	for (int i = 0; i < 100 && T.vbus_removed == 0; i++) {
		udc_usbip_poll(&T.udc, 5);
	}
	CHECK_EQ(T.vbus_removed, 1);
	CHECK(!udc_usbip_attached(&T.udc));
	CHECK(log_has("importer went away"));
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	CHECK_EQ(T.vbus_ready, 2);
	close(fd);
	tdev_stop();
}

static void test_control_in(int fd)
{
	uint32_t actual = 0;

	/* What Linux asks first: 64 bytes of device descriptor. */
	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 64, 64, NULL, &actual), 0);
	CHECK_EQ(actual, 18);
	CHECK_EQ(in_buf[0], 18);
	CHECK_EQ(in_buf[10], 0x01);
	CHECK_EQ(control(fd, 0x80, 6, 0x0200, 9, 9, NULL, &actual), 0);
	CHECK_EQ(actual, 9);
	CHECK_EQ(in_buf[2], 36);
	CHECK_EQ(control(fd, 0x80, 6, 0x0200, 255, 255, NULL, &actual), 0);
	CHECK_EQ(actual, 36);

	/* Cut to wLength, and to transfer_buffer_length. */
	CHECK_EQ(control(fd, 0xc0, 1, 100, 10, 10, NULL, &actual), 0);
	CHECK_EQ(actual, 10);
	CHECK(memcmp(in_buf, pattern, 10) == 0);
	CHECK_EQ(control(fd, 0xc0, 1, 100, 100, 20, NULL, &actual), 0);
	CHECK_EQ(actual, 20);
	CHECK(memcmp(in_buf, pattern, 20) == 0);
	/* A shorter reply stays short. */
	CHECK_EQ(control(fd, 0xc0, 1, 5, 100, 100, NULL, &actual), 0);
	CHECK_EQ(actual, 5);
	CHECK_EQ(control(fd, 0xc0, 1, 10, 0, 0, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	/* The largest control transfer. */
	CHECK_EQ(control(fd, 0xc0, 1, 65535, 65535, 65535, NULL, &actual), 0);
	CHECK_EQ(actual, 65535);
	CHECK(memcmp(in_buf, pattern, 65535) == 0);
}

static void test_control_out(int fd)
{
	static uint8_t data[XFER_MAX];
	uint32_t actual = 0;
	int setups;

	for (size_t i = 0; i < sizeof(data); i++) {
		data[i] = (uint8_t)(i * 13 + 5);
	}
	CHECK_EQ(control(fd, 0x00, 9, 1, 0, 0, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	CHECK_EQ(T.config, 1);
	CHECK_EQ(control(fd, 0x40, 2, 0, 1000, 1000, data, &actual), 0);
	CHECK_EQ(actual, 1000);
	CHECK_EQ(T.out_len, 1000);
	CHECK(memcmp(T.out_data, data, 1000) == 0);
	CHECK_EQ(control(fd, 0xc0, 3, 0, 4096, 4096, NULL, &actual), 0);
	CHECK_EQ(actual, 1000);
	CHECK(memcmp(in_buf, data, 1000) == 0);

	CHECK_EQ(control(fd, 0x40, 2, 0, 65535, 65535, data + 1, &actual), 0);
	CHECK_EQ(actual, 65535);
	CHECK_EQ(T.out_len, 65535);
	CHECK(memcmp(T.out_data, data + 1, 65535) == 0);

	/* wLength and the data stage disagree: stalled, the stack never
	 * sees it. */
	setups = T.setups;
	CHECK_EQ(control(fd, 0x40, 2, 0, 10, 20, data, &actual), -32);
	CHECK_EQ(actual, 0);
	CHECK_EQ(T.setups, setups);
}

static void test_stalls(int fd)
{
	uint32_t actual = 7;
	int setups;

	CHECK_EQ(control(fd, 0xc0, 0x55, 0, 8, 8, NULL, &actual), -32);
	CHECK_EQ(actual, 0);
	CHECK_EQ(control(fd, 0x80, 6, 0x0600, 10, 10, NULL, &actual), -32);
	/* No answer from the stack: stalled. */
	CHECK_EQ(control(fd, 0x40, 0x12, 0, 0, 0, NULL, &actual), -32);
	/* Answered twice: the first answer counts, the second is refused. */
	CHECK_EQ(control(fd, 0x40, 0x11, 0, 0, 0, NULL, &actual), 0);
	CHECK_EQ(T.second_answer_ret, -EALREADY);
	CHECK_EQ(control(fd, 0x40, 0x13, 0, 0, 0, NULL, &actual), 0);
	CHECK_EQ(T.nested_poll_ret, -EBUSY);

	/* An IN setup in an OUT URB with data: stalled before the stack. */
	setups = T.setups;
	make_submit(msg, seqnum, 0, 0, 4, 0x80, 6, 0x0100, 4);
	memset(msg + 48, 0, 4);
	CHECK(send_all(fd, msg, 52));
	{
		struct ret r;

		CHECK(read_ret(fd, &r, false));
		CHECK_EQ(r.seqnum, seqnum);
		CHECK_EQ(r.status, -32);
	}
	seqnum++;
	CHECK_EQ(T.setups, setups);
}

static void test_other_endpoints(int fd)
{
	struct ret r;
	uint32_t actual;

	make_submit(msg, seqnum, 1, 1, 64, 0, 0, 0, 0);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, true));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -32);
	CHECK_EQ(r.actual, 0);

	/* OUT data to ep 2 is consumed, so the next command parses. */
	make_submit(msg, seqnum, 0, 2, 64, 0, 0, 0, 0);
	memset(msg + 48, 0x5a, 64);
	CHECK(send_all(fd, msg, 48 + 64));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -32);

	/* ISO IN on ep 3 with two packet descriptors. */
	make_submit(msg, seqnum, 1, 3, 128, 0, 0, 0, 0);
	put32(msg + 32, 2);
	memset(msg + 48, 0, 32);
	CHECK(send_all(fd, msg, 48 + 32));
	CHECK(read_ret(fd, &r, true));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, -32);

	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	CHECK_EQ(actual, 18);
}

static void test_ep_api_outside_setup(void)
{
	uint8_t b = 0;

	/* ep0 data moves through udc_ctrl_*(), only inside a request */
	CHECK_EQ(udc_ctrl_send(&T.udc, &b, 1), -EINVAL);
	CHECK_EQ(udc_ctrl_recv(&T.udc, &b, 1), -EINVAL);
	CHECK_EQ(udc_ctrl_status(&T.udc), -EINVAL);
	CHECK_EQ(udc_ctrl_stall(&T.udc), -EINVAL);
	CHECK_EQ(udc_ep_enqueue(&T.udc, 0x80, &b, 1), -ENOTSUP);
	CHECK_EQ(udc_ep_set_halt(&T.udc, 0x80), -EINVAL);
	CHECK_EQ(udc_ep_enqueue(&T.udc, 0x81, &b, 1), -ENOTSUP);
	CHECK_EQ(udc_ep_set_halt(&T.udc, 0x01), -ENOTSUP);
	CHECK_EQ(udc_ep_clear_halt(&T.udc, 0x80), 0);
	CHECK_EQ(udc_ep_clear_halt(&T.udc, 0x02), -ENOTSUP);
	CHECK_EQ(udc_ep_dequeue(&T.udc, 0x00), 0);
	CHECK_EQ(udc_ep_dequeue(&T.udc, 0x81), -ENOTSUP);
}

static void test_transfers(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);

	CHECK(fd >= 0);
	test_control_in(fd);
	test_control_out(fd);
	test_stalls(fd);
	test_other_endpoints(fd);
	test_ep_api_outside_setup();
	CHECK(still_open(fd));
	CHECK_EQ(T.vbus_removed, 0);
	close(fd);
	tdev_stop();
}

/*
 * Defect 8: an UNLINK of a URB the device already executed gets
 * RET_UNLINK status 0 and the RET_SUBMIT still goes out, as from Linux's
 * stub (stub_rx.c, "not pending"); vhci_rx.c gives the URB back on the
 * RET_SUBMIT and takes the late RET_UNLINK as "already given back".
 */
static void test_unlink(void)
{
	static const uint8_t eight[8] = {8, 7, 6, 5, 4, 3, 2, 1};
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);
	uint32_t actual, a, b;
	struct ret r;

	/* Already answered: RET_UNLINK status 0. */
	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	make_unlink(msg, seqnum, seqnum - 1);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.command, 4);
	CHECK_EQ(r.seqnum, seqnum);
	CHECK_EQ(r.status, 0);
	seqnum++;

	/* Never seen: status 0 as well (Linux stub does the same). */
	make_unlink(msg, seqnum, 0xdead);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, 0);

	/* A vendor OUT and its UNLINK in one write: the data was stored,
	 * so the RET_SUBMIT says so, then RET_UNLINK 0. */
	a = seqnum++;
	make_submit(msg, a, 0, 0, 8, 0x40, 2, 0, 8);
	memcpy(msg + 48, eight, 8);
	make_unlink(msg + 56, seqnum, a);
	CHECK(send_all(fd, msg, 104));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.command, 3);
	CHECK_EQ(r.seqnum, a);
	CHECK_EQ(r.status, 0);
	CHECK_EQ(r.actual, 8);
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.command, 4);
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, 0);
	CHECK_EQ(T.out_len, 8);
	CHECK(memcmp(T.out_data, eight, 8) == 0);

	/* Two IN URBs, the first unlinked in the same write: both
	 * RET_SUBMITs intact and in order, then the RET_UNLINK. */
	a = seqnum++;
	b = seqnum++;
	make_submit(msg, a, 1, 0, 100, 0xc0, 1, 100, 100);
	make_submit(msg + 48, b, 1, 0, 50, 0xc0, 1, 50, 50);
	make_unlink(msg + 96, seqnum, a);
	CHECK(send_all(fd, msg, 144));
	CHECK(read_ret(fd, &r, true));
	CHECK_EQ(r.command, 3);
	CHECK_EQ(r.seqnum, a);
	CHECK_EQ(r.actual, 100);
	CHECK(memcmp(in_buf, pattern, 100) == 0);
	CHECK(read_ret(fd, &r, true));
	CHECK_EQ(r.command, 3);
	CHECK_EQ(r.seqnum, b);
	CHECK_EQ(r.actual, 50);
	CHECK(memcmp(in_buf, pattern, 50) == 0);
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.command, 4);
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, 0);

	CHECK(still_open(fd));
	close(fd);
	tdev_stop();
}

/* Each stage of the udc.h contract, as the device sees it. */
static void test_staged_contract(void)
{
	static const uint8_t data[16] = "0123456789abcde";
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);
	uint32_t actual = 0;

	CHECK(fd >= 0);
	CHECK_EQ(udc_mps0(&T.udc), 64);
	trace_clear();
	/* IN: SETUP answered with data, then the status stage. */
	CHECK_EQ(control(fd, 0xc0, 1, 16, 16, 16, NULL, &actual), 0);
	CHECK(strcmp(T.trace, "SC") == 0);
	/* OUT with data: SETUP, the data stage into the stack's buffer,
	 * then status. */
	trace_clear();
	CHECK_EQ(control(fd, 0x40, 2, 0, 16, 16, data, &actual), 0);
	CHECK_EQ(actual, 16);
	CHECK(strcmp(T.trace, "SOC") == 0);
	CHECK(memcmp(T.out_data, data, 16) == 0);
	/* OUT without data. */
	trace_clear();
	CHECK_EQ(control(fd, 0x40, 2, 0, 0, 0, NULL, &actual), 0);
	CHECK(strcmp(T.trace, "SC") == 0);
	/* Stalled after its data stage: no status stage. */
	trace_clear();
	CHECK_EQ(control(fd, 0x40, 0x14, 0, 16, 16, data, &actual), -32);
	CHECK_EQ(actual, 0);
	CHECK(strcmp(T.trace, "SO") == 0);
	/* More IN data than wLength is refused; unanswered, so stalled. */
	trace_clear();
	CHECK_EQ(control(fd, 0xc0, 5, 0, 8, 8, NULL, &actual), -32);
	CHECK_EQ(T.too_long_ret, -EINVAL);
	CHECK(strcmp(T.trace, "S") == 0);
	/* OUT data is due before the status stage: refused, stalled. */
	trace_clear();
	CHECK_EQ(control(fd, 0x40, 0x15, 0, 16, 16, data, &actual), -32);
	CHECK_EQ(T.early_status_ret, -EINVAL);
	CHECK(strcmp(T.trace, "S") == 0);
	/* No answer: stalled, no status stage. */
	trace_clear();
	CHECK_EQ(control(fd, 0x40, 0x12, 0, 0, 0, NULL, &actual), -32);
	CHECK(strcmp(T.trace, "S") == 0);
	/* wLength 255, the stack's 18 bytes: a short IN, completed. */
	trace_clear();
	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 255, 255, NULL, &actual), 0);
	CHECK_EQ(actual, 18);
	CHECK_EQ(in_buf[7], 64); /* bMaxPacketSize0 from udc_mps0() */
	CHECK(strcmp(T.trace, "SC") == 0);
	close(fd);
	tdev_stop();
}

/* Set configuration value; returns the URB status. */
static int32_t set_config(int fd, uint16_t value)
{
	uint32_t actual;

	return control(fd, 0x00, 9, value, 0, 0, NULL, &actual);
}

/* Issue 10 item 5: the resets USB/IP hides are raised by the driver. */
static void test_hidden_resets(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);
	int setups;
	struct ret r;

	CHECK(fd >= 0);
	trace_clear();
	CHECK_EQ(set_config(fd, 1), 0); /* Address -> Configured */
	CHECK(strcmp(T.trace, "SC") == 0);
	CHECK_EQ(T.config, 1);
	/* Re-enumeration after a reset vhci did not show: the reset comes
	 * first, then the request. */
	trace_clear();
	CHECK_EQ(set_config(fd, 1), 0);
	CHECK(strcmp(T.trace, "RSC") == 0);
	CHECK_EQ(T.resets, 1);
	CHECK_EQ(T.config, 1);
	/* SET_CONFIGURATION(0) deconfigures (9.4.7), no reset ... */
	trace_clear();
	CHECK_EQ(set_config(fd, 0), 0);
	CHECK(strcmp(T.trace, "SC") == 0);
	CHECK_EQ(T.config, 0);
	/* A stalled SET_CONFIGURATION configures nothing ... */
	trace_clear();
	CHECK_EQ(set_config(fd, 2), -32);
	CHECK(strcmp(T.trace, "S") == 0);
	/* ... so the next one configures without a reset either. */
	trace_clear();
	CHECK_EQ(set_config(fd, 1), 0);
	CHECK(strcmp(T.trace, "SC") == 0);
	trace_clear();
	CHECK_EQ(set_config(fd, 1), 0);
	CHECK(strcmp(T.trace, "RSC") == 0);
	CHECK_EQ(T.resets, 2);

	/* The port-reset signal: answered 0, never shown as a request. */
	setups = T.setups;
	trace_clear();
	make_submit(msg, seqnum, 0, 0, 0, 0x23, 3, 4, 0);
	CHECK(send_all(fd, msg, 48));
	CHECK(read_ret(fd, &r, false));
	CHECK_EQ(r.seqnum, seqnum++);
	CHECK_EQ(r.status, 0);
	CHECK_EQ(r.actual, 0);
	CHECK(strcmp(T.trace, "R") == 0);
	CHECK_EQ(T.setups, setups);
	CHECK_EQ(T.config, 0);
	/* After that reset the device is not configured: no second one. */
	trace_clear();
	CHECK_EQ(set_config(fd, 1), 0);
	CHECK(strcmp(T.trace, "SC") == 0);

	/* An unplug deconfigures too: the next host's first
	 * SET_CONFIGURATION is no reset. */
	close(fd);
	for (int i = 0; i < 100 && T.vbus_removed == 0; i++) {
		udc_usbip_poll(&T.udc, 5);
	}
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	trace_clear();
	CHECK_EQ(set_config(fd, 1), 0);
	CHECK(strcmp(T.trace, "SC") == 0);
	CHECK_EQ(T.resets, 3);
	close(fd);
	tdev_stop();
}

/* Send n URBs in one write; read n replies back, in order. */
static void pipelined(int fd, int n, bool dir_in, uint32_t len)
{
	static uint8_t big[100 * (48 + 4096)];
	size_t off = 0;
	uint32_t first = seqnum;
	struct ret r;

	CHECK(n <= 100 && len <= 4096);
	for (int i = 0; i < n; i++) {
		if (dir_in) {
			make_submit(big + off, seqnum++, 1, 0, len, 0xc0, 1,
				    (uint16_t)len, (uint16_t)len);
			off += 48;
			continue;
		}
		make_submit(big + off, seqnum++, 0, 0, len, 0x40, 2, 0,
			    (uint16_t)len);
		memset(big + off + 48, i, len);
		off += 48 + len;
	}
	CHECK(send_all(fd, big, off));
	for (int i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		if (!read_ret(fd, &r, dir_in)) {
			CHECK_EQ(i, n); /* how many replies came */
			return;
		}
		CHECK_EQ(r.command, 3);
		CHECK_EQ(r.seqnum, first + (uint32_t)i);
		CHECK_EQ(r.status, 0);
		CHECK_EQ(r.actual, len);
		if (dir_in) {
			CHECK(memcmp(in_buf, pattern, len) == 0);
		}
	}
	CHECK(still_open(fd));
}

/* Defect 7: every whole command is answered, however many came at once. */
static void test_pipelined(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);

	CHECK(fd >= 0);
	pipelined(fd, 100, true, 4096);
	pipelined(fd, 100, false, 4096);
	CHECK_EQ(T.out_len, 4096);
	CHECK_EQ(T.out_data[0], 99);
	pipelined(fd, 100, true, 18);
	close(fd);
	tdev_stop();
}

/* Defect 9 (devid): a command for another device drops the connection. */
static void test_devid(void)
{
	struct udc_usbip_config cfg;
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int fd = import(port, "1-1", false, rec);
	uint32_t actual;
	int setups = T.setups;

	CHECK(fd >= 0);
	cmd_devid = 0x00010003;
	make_submit(msg, seqnum++, 1, 0, 18, 0x80, 6, 0x0100, 18);
	CHECK(send_all(fd, msg, 48));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK(log_has("devid 0x00010003 is not 0x00010002, dropping the "
		      "connection"));
	CHECK_EQ(T.setups, setups);
	CHECK_EQ(T.vbus_removed, 1);

	/* an UNLINK is checked the same way */
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	cmd_devid = 0;
	make_unlink(msg, seqnum++, 1);
	CHECK(send_all(fd, msg, 48));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK_EQ(T.vbus_removed, 2);
	tdev_stop();

	/* busid 3-2: OP_REP_IMPORT says bus 3, device 2 */
	udc_usbip_config_init(&cfg);
	cfg.busid = "3-2";
	port = tdev_start_cfg(&cfg);
	fd = import(port, "3-2", false, rec);
	CHECK(fd >= 0);
	CHECK_EQ(get32(rec + 0x120), 3);
	CHECK_EQ(get32(rec + 0x124), 2);
	cmd_devid = 0x00030002;
	CHECK_EQ(control(fd, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	CHECK(still_open(fd));
	close(fd);
	cmd_devid = 0x00010002;
	tdev_stop();
}

static void test_second_importer(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int a = import(port, "1-1", false, rec);
	uint32_t actual;

	CHECK(a >= 0);
	CHECK_EQ(import(port, "1-1", true, rec), -1); /* ST_NA */
	CHECK(log_has("refused: already imported"));
	CHECK_EQ(T.vbus_ready, 1);
	/* devlist still answers; like usbipd it hides an imported device */
	CHECK_EQ(devlist(port, rec), 0);
	CHECK_EQ(control(a, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	CHECK_EQ(actual, 18);
	CHECK_EQ(T.vbus_removed, 0);
	close(a);
	tdev_stop();
}

static void test_disable_enable(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int a = import(port, "1-1", false, rec);

	CHECK(a >= 0);
	CHECK_EQ(udc_disable(&T.udc), 0);
	CHECK(wait_closed(a));
	close(a);
	CHECK_EQ(T.vbus_removed, 1);
	CHECK(!udc_usbip_attached(&T.udc));
	CHECK_EQ(devlist(port, rec), 0);
	CHECK_EQ(import(port, "1-1", false, rec), -4);

	T.pid = 0x0042; /* new descriptors while unplugged */
	CHECK_EQ(udc_enable(&T.udc), 0);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK_EQ(get16(rec + 0x12e), 0x0042);
	a = import(port, "1-1", false, rec);
	CHECK(a >= 0);
	CHECK_EQ(get16(rec + 0x12e), 0x0042);
	CHECK_EQ(T.vbus_ready, 2);
	close(a);
	tdev_stop();
}

static void test_detach_in_callback(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int a = import(port, "1-1", false, rec);
	uint32_t actual = 1;

	CHECK(a >= 0);
	/* The request that unplugs still completes, then the link drops. */
	CHECK_EQ(control(a, 0x40, 0x10, 0, 0, 0, NULL, &actual), 0);
	CHECK_EQ(actual, 0);
	CHECK(wait_closed(a));
	close(a);
	CHECK_EQ(T.detach_ret[0], 0);
	CHECK_EQ(T.detach_ret[1], 0);
	CHECK_EQ(T.vbus_removed, 1);
	CHECK_EQ(devlist(port, rec), 1);
	CHECK_EQ(get16(rec + 0x12e), 0x0002);
	a = import(port, "1-1", false, rec);
	CHECK(a >= 0);
	CHECK_EQ(T.vbus_ready, 2);
	close(a);
	tdev_stop();
}

static void test_bad_op_packets(int port, int importer)
{
	static const uint8_t bad_version[8] = {0x01, 0x06, 0x80, 0x05};
	static const uint8_t bad_code[8] = {0x01, 0x11, 0x80, 0x01};
	uint8_t garbage[300];
	uint32_t x = 99, actual;
	int fd;

	fd = client_connect(port);
	CHECK(send_all(fd, bad_version, 8));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK(log_has("bad version 0x0106 in OP request"));

	fd = client_connect(port);
	CHECK(send_all(fd, bad_code, 8));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK(log_has("unknown OP request 0x8001"));

	for (size_t i = 0; i < sizeof(garbage); i++) {
		x = x * 1103515245u + 12345u;
		garbage[i] = (uint8_t)(x >> 16);
	}
	garbage[0] = 0xde;
	fd = client_connect(port);
	CHECK(send_all(fd, garbage, sizeof(garbage)));
	CHECK(wait_closed(fd));
	close(fd);

	/* Truncated: half a header, or an import without its busid. */
	fd = client_connect(port);
	CHECK(send_all(fd, bad_code, 4));
	close(fd);
	fd = client_connect(port);
	CHECK(send_all(fd, "\x01\x11\x80\x03\0\0\0\0", 8));
	close(fd);
	/* A devlist asker that resets before reading the reply. */
	fd = client_connect(port);
	CHECK(send_all(fd, "\x01\x11\x80\x05\0\0\0\0", 8));
	close_with_reset(fd);
	pump(5);

	/* Only those connections went: the importer still works. */
	CHECK_EQ(control(importer, 0x80, 6, 0x0100, 18, 18, NULL, &actual), 0);
	CHECK_EQ(T.vbus_removed, 0);
}

/* Send bytes as the importer; the server must drop it (VBUS removed). */
static void importer_sends_junk(int port, const uint8_t *junk, size_t len,
				bool then_close)
{
	uint8_t rec[REC_BUF];
	int removed = T.vbus_removed;
	int fd = import(port, "1-1", false, rec);

	CHECK(fd >= 0);
	CHECK(send_all(fd, junk, len));
	if (then_close) {
		close(fd);
		for (int i = 0; i < 100 && T.vbus_removed == removed; i++) {
			udc_usbip_poll(&T.udc, 5);
		}
	} else {
		CHECK(wait_closed(fd));
		close(fd);
	}
	CHECK_EQ(T.vbus_removed, removed + 1);
	CHECK(!udc_usbip_attached(&T.udc));
}

static void test_bad_urb_packets(int port)
{
	uint8_t junk[48];
	int fd, removed;
	uint8_t rec[REC_BUF];

	make_submit(junk, 1, 0, 0, 0, 0, 0, 0, 0);
	put32(junk, 7);
	importer_sends_junk(port, junk, 48, false);
	CHECK(log_has("bad command 0x00000007"));

	make_submit(junk, 1, 0, 0, 0x7fffffff, 0x40, 2, 0, 0);
	importer_sends_junk(port, junk, 48, false);
	CHECK(log_has("length 2147483647"));

	make_submit(junk, 1, 1, 16, 8, 0x80, 6, 0x100, 8);
	importer_sends_junk(port, junk, 48, false);

	make_submit(junk, 1, 1, 0, 8, 0x80, 6, 0x100, 8);
	importer_sends_junk(port, junk, 20, true); /* half a header */

	/* An importer that floods IN requests without reading, then resets
	 * while the server is blocked on a full socket. */
	removed = T.vbus_removed;
	fd = import(port, "1-1", false, rec);
	CHECK(fd >= 0);
	for (int i = 0; i < 200; i++) {
		make_submit(msg + 48 * i, (uint32_t)i + 1, 1, 0, 65535, 0xc0, 1,
			    65535, 65535);
	}
	CHECK(send_all(fd, msg, 48 * 200));
	pump(20);
	close_with_reset(fd);
	for (int i = 0; i < 100 && T.vbus_removed == removed; i++) {
		udc_usbip_poll(&T.udc, 5);
	}
	CHECK_EQ(T.vbus_removed, removed + 1);
}

static void test_bad_packets(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);
	int importer = import(port, "1-1", false, rec);

	CHECK(importer >= 0);
	test_bad_op_packets(port, importer);
	close(importer);
	for (int i = 0; i < 100 && T.vbus_removed == 0; i++) {
		udc_usbip_poll(&T.udc, 5);
	}
	test_bad_urb_packets(port);
	/* The board keeps serving. */
	CHECK_EQ(devlist(port, rec), 1);
	importer = import(port, "1-1", false, rec);
	CHECK(importer >= 0);
	close(importer);
	tdev_stop();
}

static void test_silent_client(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(200);
	int fd = client_connect(port);
	int half;

	pump(3);
	CHECK(still_open(fd));
	CHECK(wait_closed(fd));
	close(fd);
	CHECK(log_has("no request within 200 ms"));

	/* Half a request does not keep the slot either. */
	half = client_connect(port);
	CHECK(send_all(half, "\x01\x11", 2));
	CHECK(wait_closed(half));
	close(half);

	CHECK_EQ(devlist(port, rec), 1);
	tdev_stop();
}

static void test_connection_limit(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(1000);
	int fds[UDC_USBIP_MAX_CONNS];
	int extra;

	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		fds[i] = client_connect(port);
	}
	pump(3);
	extra = client_connect(port);
	CHECK(wait_closed(extra)); /* refused at once */
	close(extra);
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		CHECK(still_open(fds[i]));
	}
	for (int i = 0; i < UDC_USBIP_MAX_CONNS; i++) {
		CHECK(wait_closed(fds[i])); /* idle timeout */
		close(fds[i]);
	}
	CHECK(log_has("refused while all 8 slots were busy"));
	CHECK_EQ(devlist(port, rec), 1);
	tdev_stop();
}

static void test_port_taken(void)
{
	struct udc_usbip_config cfg;
	struct udc_dev other = {0};
	char expect[128];
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);

	CHECK(port > 0);
	udc_usbip_config_init(&cfg);
	cfg.port = (uint16_t)port;
	cfg.log = test_log;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EADDRINUSE);
	snprintf(expect, sizeof(expect),
		 "usbip: cannot listen on 127.0.0.1:%d: Address already in use",
		 port);
	CHECK(strcmp(udc_usbip_error(&other), expect) == 0);
	udc_usbip_destroy(&other);
	CHECK_EQ(devlist(port, rec), 1); /* the first server is unharmed */
	tdev_stop();
}

static void test_listen_fd(void)
{
	struct udc_usbip_config cfg;
	struct udc_dev other = {0};
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(a);
	uint8_t rec[REC_BUF];
	char expect[128];
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	int plain = socket(AF_INET, SOCK_STREAM, 0);
	int port;

	CHECK_EQ(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(lfd, 4), 0);
	CHECK_EQ(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	udc_usbip_config_init(&cfg);
	cfg.listen_fd = lfd;
	port = tdev_start_cfg(&cfg);
	CHECK_EQ(port, ntohs(a.sin_port));
	CHECK_EQ(udc_usbip_listen_fd(&T.udc), lfd);
	CHECK(fcntl(lfd, F_GETFD) & FD_CLOEXEC);
	CHECK(fcntl(lfd, F_GETFL) & O_NONBLOCK);
	CHECK_EQ(devlist(port, rec), 1);
	tdev_stop();
	CHECK(fcntl(lfd, F_GETFD) < 0); /* the driver owned and closed it */

	udc_usbip_config_init(&cfg);
	cfg.listen_fd = plain;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -ENOTSOCK);
	snprintf(expect, sizeof(expect),
		 "usbip: listen_fd %d is not a listening socket", plain);
	CHECK(strcmp(udc_usbip_error(&other), expect) == 0);
	udc_usbip_destroy(&other);
	CHECK(fcntl(plain, F_GETFD) >= 0); /* refused: still the caller's */
	close(plain);
}

static void test_config_errors(void)
{
	struct udc_usbip_config cfg;
	struct udc_dev other = {0};

	udc_usbip_config_init(&cfg);
	cfg.busid = "0123456789012345678901234567890123";
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EINVAL);
	CHECK(strstr(udc_usbip_error(&other), "busid") != NULL);
	udc_usbip_destroy(&other);

	udc_usbip_config_init(&cfg);
	cfg.address = "localhost";
	cfg.port = 0;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EINVAL);
	CHECK(strcmp(udc_usbip_error(&other),
		     "usbip: cannot listen on localhost:0: not a numeric "
		     "address") == 0);
	udc_usbip_destroy(&other);

	udc_usbip_config_init(&cfg);
	cfg.idle_timeout_ms = 0;
	CHECK_EQ(udc_usbip_create(&other, &cfg), -EINVAL);
	udc_usbip_destroy(&other);

	/* Not a usbip device: every entry point refuses it. */
	CHECK_EQ(udc_usbip_poll(&other, 0), -EINVAL);
	CHECK_EQ(udc_usbip_port(&other), -EINVAL);
	CHECK(!udc_usbip_attached(&other));
	CHECK_EQ(udc_usbip_create(NULL, &cfg), -EINVAL);
}

static void test_no_descriptors(void)
{
	uint8_t rec[REC_BUF];
	int port = tdev_start(5000);

	T.no_descriptors = true;
	CHECK_EQ(devlist(port, rec), 0);
	CHECK_EQ(import(port, "1-1", false, rec), -3); /* ST_DEV_ERR */
	CHECK(log_has("stalled GET_DESCRIPTOR(device)"));
	CHECK_EQ(T.vbus_ready, 0);
	tdev_stop();
}

int main(void)
{
	for (size_t i = 0; i < sizeof(pattern); i++) {
		pattern[i] = (uint8_t)(i * 7 + 1);
	}
	test_devlist_content();
	test_import();
	test_transfers();
	test_unlink();
	test_staged_contract();
	test_hidden_resets();
	test_pipelined();
	test_devid();
	test_second_importer();
	test_disable_enable();
	test_detach_in_callback();
	test_bad_packets();
	test_silent_client();
	test_connection_limit();
	test_port_taken();
	test_listen_fd();
	test_config_errors();
	test_no_descriptors();
	return test_report("test_usbip");
}
