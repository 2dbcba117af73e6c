/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip_pipeline_client: a host-side USB/IP client for the e2e suite. It
 * imports a busid from a running board and sends N control URBs in ONE
 * write, as a host that queues URBs does (libusb async, fwupd), then
 * requires exactly one RET_SUBMIT for each: status 0 and the whole
 * device descriptor (GET_DESCRIPTOR(device, 18)), bLength 18, type 1.
 * Issue 10 defect 7: a server that stops after a few rounds leaves the
 * rest unanswered.
 *
 * Usage: usbip_pipeline_client PORT [BUSID [N]]   (127.0.0.1, "1-1", 100)
 * Exits 0 when all N were answered; prints one line saying how many.
 * Its own byte packing (not the driver's). A poll() timeout only turns a
 * hang into a failure that says how many answers came.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HDR_LEN      48
#define DEV_REC_LEN  0x138
#define DESC_LEN     18
#define MAX_URBS     10000
#define HANG_GUARD_S 60
#define RX_LEN       (64 * 1024)

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static bool send_all(int fd, const uint8_t *buf, size_t n)
{
	while (n > 0) {
		ssize_t r = send(fd, buf, n, MSG_NOSIGNAL);

		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return false;
		}
		buf += r;
		n -= (size_t)r;
	}
	return true;
}

static bool recv_all(int fd, uint8_t *buf, size_t n)
{
	while (n > 0) {
		ssize_t r = recv(fd, buf, n, 0);

		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return false;
		}
		buf += r;
		n -= (size_t)r;
	}
	return true;
}

static int connect_board(int port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		fprintf(stderr, "pipeline: connect to 127.0.0.1:%d: %s\n", port,
			strerror(errno));
		exit(1);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

/* OP_REQ_IMPORT; returns the devid the commands must carry. */
static uint32_t import(int fd, const char *busid)
{
	uint8_t req[40] = {0x01, 0x11, 0x80, 0x03};
	uint8_t rep[8 + DEV_REC_LEN];

	strncpy((char *)req + 8, busid, 31);
	if (!send_all(fd, req, sizeof(req)) || !recv_all(fd, rep, 8)) {
		fprintf(stderr, "pipeline: no import reply\n");
		exit(1);
	}
	if (get32(rep) != 0x01110003 || get32(rep + 4) != 0) {
		fprintf(stderr, "pipeline: import of %s refused (%08x %u)\n",
			busid, get32(rep), get32(rep + 4));
		exit(1);
	}
	if (!recv_all(fd, rep + 8, DEV_REC_LEN)) {
		fprintf(stderr, "pipeline: short import reply\n");
		exit(1);
	}
	/* busnum and devnum follow the 256-byte path and 32-byte busid */
	return get32(rep + 8 + 0x120) << 16 | get32(rep + 8 + 0x124);
}

/* CMD_SUBMIT GET_DESCRIPTOR(device, 18) on endpoint 0, direction IN. */
static void pack_get_device(uint8_t *p, uint32_t seq, uint32_t devid)
{
	memset(p, 0, HDR_LEN);
	put32(p, 1);
	put32(p + 4, seq);
	put32(p + 8, devid);
	put32(p + 12, 1);
	put32(p + 24, DESC_LEN);
	p[40] = 0x80;
	p[41] = 0x06;
	p[43] = 0x01;
	p[46] = DESC_LEN;
}

/*
 * Check the RET_SUBMIT at the start of buf (len bytes). Returns its
 * length, 0 if it is not all there yet, or -1 (and why) if it is wrong.
 */
static long check_answer(const uint8_t *buf, size_t len, int n, bool *seen)
{
	uint32_t seq, actual;
	int32_t status;

	if (len < HDR_LEN) {
		return 0;
	}
	seq = get32(buf + 4);
	status = (int32_t)get32(buf + 20);
	actual = get32(buf + 24);
	if (get32(buf) != 3 || seq < 1 || seq > (uint32_t)n || seen[seq]) {
		fprintf(stderr, "pipeline: unexpected reply %08x seqnum %u\n",
			get32(buf), seq);
		return -1;
	}
	if (status != 0 || actual != DESC_LEN) {
		fprintf(stderr, "pipeline: seqnum %u: status %d, %u bytes\n",
			seq, status, actual);
		return -1;
	}
	if (len < HDR_LEN + DESC_LEN) {
		return 0;
	}
	if (buf[HDR_LEN] != DESC_LEN || buf[HDR_LEN + 1] != 1) {
		fprintf(stderr,
			"pipeline: seqnum %u: not a device descriptor\n", seq);
		return -1;
	}
	seen[seq] = true;
	return HDR_LEN + DESC_LEN;
}

/* Take in what arrived; returns the answers it completed, or -1. */
static int receive(int fd, uint8_t *rx, size_t *rx_len, int n, bool *seen)
{
	ssize_t r = recv(fd, rx + *rx_len, RX_LEN - *rx_len, MSG_DONTWAIT);
	size_t off = 0;
	int answers = 0;
	long used;

	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
		fprintf(stderr, "pipeline: the board closed the connection\n");
		return -1;
	}
	*rx_len += r > 0 ? (size_t)r : 0;
	while ((used = check_answer(rx + off, *rx_len - off, n, seen)) > 0) {
		off += (size_t)used;
		answers++;
	}
	memmove(rx, rx + off, *rx_len - off);
	*rx_len -= off;
	return used < 0 ? -1 : answers;
}

/*
 * Offer all commands at once and read the answers meanwhile, as vhci's
 * separate tx and rx threads do: a large batch must not deadlock on two
 * full socket buffers. Returns how many were answered.
 */
static int exchange(int fd, const uint8_t *cmds, size_t len, int n, bool *seen)
{
	static uint8_t rx[RX_LEN];
	size_t rx_len = 0, sent = 0;
	int answered = 0;

	while (answered < n) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int got;

		if (sent < len) {
			p.events |= POLLOUT;
		}
		if (poll(&p, 1, HANG_GUARD_S * 1000) == 0) {
			fprintf(stderr,
				"pipeline: nothing from the board for "
				"%d s\n",
				HANG_GUARD_S);
			break;
		}
		if (p.revents & POLLOUT) {
			ssize_t w = send(fd, cmds + sent, len - sent,
					 MSG_DONTWAIT | MSG_NOSIGNAL);

			sent += w > 0 ? (size_t)w : 0;
		}
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) {
			continue;
		}
		got = receive(fd, rx, &rx_len, n, seen);
		if (got < 0) {
			break;
		}
		answered += got;
	}
	return answered;
}

/* A decimal number in [lo, hi], or -1. */
static long number(const char *arg, long lo, long hi)
{
	char *end;
	long v = strtol(arg, &end, 10);

	return *arg && !*end && v >= lo && v <= hi ? v : -1;
}

int main(int argc, char **argv)
{
	static uint8_t cmds[MAX_URBS * HDR_LEN];
	static bool seen[MAX_URBS + 1];
	const char *busid = argc > 2 ? argv[2] : "1-1";
	int n = argc > 3 ? (int)number(argv[3], 1, MAX_URBS) : 100;
	int port = argc > 1 ? (int)number(argv[1], 1, 65535) : -1;
	int answered;
	uint32_t devid;
	int fd;

	if (argc < 2 || argc > 4 || n < 1 || port < 1) {
		fprintf(stderr,
			"usage: usbip_pipeline_client PORT [BUSID [N]]"
			" (N <= %d)\n",
			MAX_URBS);
		return 2;
	}
	fd = connect_board(port);
	devid = import(fd, busid);
	for (int i = 0; i < n; i++) {
		pack_get_device(cmds + (size_t)i * HDR_LEN, (uint32_t)i + 1,
				devid);
	}
	answered = exchange(fd, cmds, (size_t)n * HDR_LEN, n, seen);
	printf("pipeline: %d of %d control URBs sent in one write answered\n",
	       answered, n);
	close(fd);
	return answered == n ? 0 : 1;
}
