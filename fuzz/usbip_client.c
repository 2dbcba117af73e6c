/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Oracles on a session (usbip_client.h): the replies, read back as vhci
 * would (an import reply, then RET_SUBMIT / RET_UNLINK):
 *  - every CMD_SUBMIT gets exactly one answer: one RET_SUBMIT, or one
 *    RET_UNLINK -ECONNRESET naming it (then never a RET_SUBMIT: vhci
 *    drops the device), and every CMD_UNLINK exactly one RET_UNLINK;
 *    a reply that answers nothing or answers twice is a failure;
 *  - a RET_SUBMIT carries no more bytes than its transfer_buffer_length
 *    (vhci drops the device otherwise);
 *  - while the server keeps the connection open, every whole command
 *    sent is answered (none waits for more bytes); a server that closes
 *    it (an unplug, a bad command) has answered a prefix of them.
 * After the client has gone the server detaches within a bounded number
 * of event-loop rounds, and has accepted every connection (none left
 * waiting in the listening socket's queue).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "fuzz/usbip_client.h"
#include "udc/udc_usbip.h"
#include "udc/usbip_proto.h"

#define QUIET_ROUNDS 4
#define MAX_ROUNDS   400

static struct udc_dev *server;

#define MAX_CMDS  512
#define REPLY_CAP (4u << 20)

/* What the client sent, as the server should have framed it. */
struct sent_cmd {
	uint32_t command;
	uint32_t seqnum;
	uint32_t direction;
	uint32_t length;        /* CMD_SUBMIT: transfer_buffer_length */
	uint32_t unlink_seqnum; /* CMD_UNLINK: the victim */
	bool answered;
};

static struct sent_cmd cmds[MAX_CMDS];
static size_t cmd_count;
static bool cmds_cut; /* more commands than MAX_CMDS were sent */
static uint8_t *reply;
static size_t reply_len;
static bool server_closed; /* the server ended the connection */

/*
 * Connect without blocking: a SYN can meet a TIME_WAIT entry of an earlier
 * connection and wait for a retransmission, and libFuzzer's timer signals
 * would interrupt a blocking connect(). Aborts with the reason on failure.
 */
static int connect_client(int port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	struct pollfd p = {.fd = fd, .events = POLLOUT};
	int one = 1;
	int err = 0;
	socklen_t len = sizeof(err);

	/* Nagle would hold the chunks back until the server's delayed ACK */
	if (fd < 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one))) {
		err = errno;
	} else if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		err = errno;
		if (err == EINPROGRESS || err == EINTR) {
			while (poll(&p, 1, 10000) < 0 && errno == EINTR) {
			}
			err = ETIMEDOUT;
			if (p.revents &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)) {
				err = errno;
			}
		}
	}
	if (err) {
		fprintf(stderr, "usbip client: connect: %s\n", strerror(err));
		abort();
	}
	return fd;
}

static bool send_all_polled(int fd, const uint8_t *data, size_t n)
{
	size_t sent = 0;

	for (int i = 0; i < MAX_ROUNDS && sent < n; i++) {
		ssize_t r = send(fd, data + sent, n - sent,
				 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (r > 0) {
			sent += (size_t)r;
		} else if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			return false;
		} else {
			FUZZ_CHECK(udc_usbip_poll(server, 1) >= 0);
		}
	}
	return sent == n;
}

/* Keep what the server sent; true if anything came. */
static bool drain(int fd, bool *closed)
{
	uint8_t buf[4096];
	bool got = false;

	for (;;) {
		ssize_t r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (r > 0) {
			size_t n = (size_t)r;

			if (n > REPLY_CAP - reply_len) {
				n = REPLY_CAP - reply_len;
			}
			memcpy(reply + reply_len, buf, n);
			reply_len += n;
			got = true;
			continue;
		}
		if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			*closed = true;
			server_closed = true;
		}
		return got;
	}
}

/* Run the server until it has nothing more to say to fd. */
static bool settle(int fd)
{
	bool closed = false;
	int quiet = 0;

	for (int i = 0; i < MAX_ROUNDS && quiet < QUIET_ROUNDS; i++) {
		int active = udc_usbip_poll(server, 0);

		FUZZ_CHECK(active >= 0);
		if (drain(fd, &closed) || active > 0) {
			quiet = 0;
		} else {
			quiet++;
		}
		if (closed) {
			break;
		}
	}
	return closed;
}

static void send_chunks(int fd, const uint8_t *data, size_t size, size_t chunk)
{
	bool closed = false;

	while (size > 0 && !closed) {
		size_t n = size < chunk ? size : chunk;

		if (!send_all_polled(fd, data, n)) {
			return;
		}
		data += n;
		size -= n;
		closed = settle(fd);
	}
}

/* The whole commands after an OP_REQ_IMPORT, framed as the server does. */
static void parse_sent(const uint8_t *d, size_t n)
{
	struct usbip_op_header op;
	size_t off = USBIP_IMPORT_REQ_LEN;

	cmd_count = 0;
	cmds_cut = false;
	if (n < USBIP_IMPORT_REQ_LEN) {
		return;
	}
	usbip_parse_op_header(d, &op);
	if (op.code != USBIP_OP_REQ_IMPORT) {
		return;
	}
	while (n - off >= USBIP_CMD_HDR_LEN) {
		struct usbip_cmd c;
		size_t total;

		if (usbip_parse_cmd(d + off, &c) != 0) {
			break;
		}
		total = USBIP_CMD_HDR_LEN + usbip_cmd_payload_len(&c);
		if (total > n - off) {
			break; /* never whole: owes no answer */
		}
		if (cmd_count == MAX_CMDS) {
			cmds_cut = true;
			break;
		}
		cmds[cmd_count++] = (struct sent_cmd){
			.command = c.command,
			.seqnum = c.seqnum,
			.direction = c.direction,
			.length = c.transfer_buffer_length,
			.unlink_seqnum = c.unlink_seqnum,
		};
		off += total;
	}
}

/* The first unanswered command (before index end) a reply can answer. */
static struct sent_cmd *find_unanswered(uint32_t command, uint32_t seq,
					size_t end)
{
	for (size_t i = 0; i < end && i < cmd_count; i++) {
		if (!cmds[i].answered && cmds[i].command == command &&
		    cmds[i].seqnum == seq) {
			return &cmds[i];
		}
	}
	return NULL;
}

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/* A RET_UNLINK: it answers its CMD_UNLINK, and with -ECONNRESET the URB. */
static void answer_unlink(uint32_t seq, int32_t status)
{
	struct sent_cmd *sc = find_unanswered(USBIP_CMD_UNLINK, seq, cmd_count);
	struct sent_cmd *victim;

	FUZZ_CHECK(sc != NULL);
	sc->answered = true;
	if (status != -ECONNRESET) {
		return;
	}
	victim = find_unanswered(USBIP_CMD_SUBMIT, sc->unlink_seqnum,
				 (size_t)(sc - cmds));
	FUZZ_CHECK(victim != NULL); /* cancelled twice, or never sent */
	victim->answered = true;
}

/* Read the replies back, matching each to the command it answers. */
static void match_replies(void)
{
	size_t off = USBIP_IMPORT_REP_LEN;
	unsigned int checked = 0;

	while (reply_len - off >= USBIP_CMD_HDR_LEN) {
		const uint8_t *h = reply + off;
		uint32_t command = be32(h);
		uint32_t seq = be32(h + 4);
		int32_t status = (int32_t)be32(h + 20);
		uint32_t actual = be32(h + 24);
		struct sent_cmd *sc;

		FUZZ_CHECK(command == USBIP_RET_SUBMIT ||
			   command == USBIP_RET_UNLINK);
		off += USBIP_CMD_HDR_LEN;
		FUZZ_LOG("reply %u: command %u seqnum %u status %d actual %u\n",
			 ++checked, command, seq, status, actual);
		if (command == USBIP_RET_UNLINK) {
			answer_unlink(seq, status);
			continue;
		}
		sc = find_unanswered(USBIP_CMD_SUBMIT, seq, cmd_count);
		FUZZ_CHECK(sc != NULL); /* answers nothing, or twice */
		sc->answered = true;
		FUZZ_CHECK(actual <= sc->length);
		if (sc->direction == USBIP_DIR_IN) {
			off += actual;
		}
		if (off > reply_len) {
			return; /* cut by REPLY_CAP */
		}
	}
}

/* Exactly one answer each: all of them, or a prefix if the link died. */
static void check_replies(void)
{
	struct usbip_op_header op;
	size_t answered = 0;

	if (reply_len < USBIP_OP_HDR_LEN) {
		return;
	}
	usbip_parse_op_header(reply, &op);
	if (op.code != USBIP_OP_REP_IMPORT || op.status != USBIP_ST_OK ||
	    reply_len < USBIP_IMPORT_REP_LEN) {
		return;
	}
	match_replies();
	while (answered < cmd_count && cmds[answered].answered) {
		answered++;
	}
	for (size_t i = answered; i < cmd_count; i++) {
		FUZZ_CHECK(!cmds[i].answered);
	}
	FUZZ_LOG("%zu of %zu commands answered%s\n", answered, cmd_count,
		 server_closed ? ", then the server closed" : "");
	if (!server_closed && !cmds_cut && reply_len < REPLY_CAP) {
		FUZZ_CHECK(answered == cmd_count);
	}
}

static void close_with_reset(int fd)
{
	struct linger l = {.l_onoff = 1, .l_linger = 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

/* Connections waiting in the listening socket's queue (Linux TCP_INFO). */
static unsigned int accept_queue(struct udc_dev *dev)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	FUZZ_CHECK(getsockopt(udc_usbip_listen_fd(dev), IPPROTO_TCP, TCP_INFO,
			      &ti, &len) == 0);
	return ti.tcpi_unacked;
}

size_t usbip_client_reply(const uint8_t **out)
{
	*out = reply;
	return reply_len;
}

void usbip_client_session(struct udc_dev *dev, int port, const uint8_t *data,
			  size_t size, size_t chunk)
{
	int fd;
	int i;

	server = dev;
	if (!reply) {
		reply = malloc(REPLY_CAP);
		FUZZ_CHECK(reply != NULL);
	}
	reply_len = 0;
	server_closed = false;
	parse_sent(data, size);
	fd = connect_client(port);
	send_chunks(fd, data, size, chunk ? chunk : size);
	settle(fd);
	FUZZ_LOG("sent %zu bytes in chunks of %zu, %zu bytes back\n", size,
		 chunk, reply_len);
	check_replies();
	/* no TIME_WAIT: 10^5 runs must not use up the ephemeral ports */
	close_with_reset(fd);
	for (i = 0; i < MAX_ROUNDS && udc_usbip_attached(dev); i++) {
		FUZZ_CHECK(udc_usbip_poll(dev, 1) >= 0);
	}
	FUZZ_CHECK(!udc_usbip_attached(dev));
	FUZZ_CHECK(accept_queue(dev) == 0);
}
