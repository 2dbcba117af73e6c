/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usbip connections: fixed receive and send buffers on a non-blocking
 * socket. Reading, queueing, flushing and closing; what the bytes mean is
 * usbip_server.c's (OP phase) and udc_usbip.c's (URBs) business.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "udc/usbip_priv.h"

void conn_reset(struct conn *c)
{
	c->fd = -1;
	c->state = CONN_FREE;
	c->rx = c->op_rx;
	c->rx_cap = sizeof(c->op_rx);
	c->rx_len = 0;
	c->tx = c->op_tx;
	c->tx_cap = sizeof(c->op_tx);
	c->tx_len = 0;
	c->tx_off = 0;
	c->deadline_ms = 0;
	c->peer[0] = '\0';
}

/* Close a connection; the importer's end is the host's unplug. */
void conn_close(struct usbip_server *s, struct conn *c, bool notify)
{
	bool was_importer = (c == s->importer);

	close(c->fd);
	conn_reset(c);
	if (s->refused) {
		usbip_log(s,
			  "usbip: %u connection(s) refused while all %d slots "
			  "were busy",
			  s->refused, UDC_USBIP_MAX_CONNS);
		s->refused = 0;
	}
	if (!was_importer) {
		return;
	}
	s->importer = NULL;
	s->configured = false;
	if (notify) {
		struct udc_event evt = {.type = UDC_EVT_VBUS_REMOVED};

		udc_submit_event(s->dev, &evt);
	}
}

/* Stop reading; close once the queued replies are out (or time is up). */
void conn_finish(struct usbip_server *s, struct conn *c)
{
	c->state = CONN_CLOSING;
	c->deadline_ms = usbip_now_ms() + s->idle_timeout_ms;
}

/* Room for need more bytes of replies, moving the unsent tail forward. */
bool conn_tx_room(struct conn *c, size_t need)
{
	if (c->tx_cap - c->tx_len < need && c->tx_off > 0) {
		memmove(c->tx, c->tx + c->tx_off, c->tx_len - c->tx_off);
		c->tx_len -= c->tx_off;
		c->tx_off = 0;
	}
	return c->tx_cap - c->tx_len >= need;
}

/* Read what is there; false if the connection was closed. */
bool conn_read(struct usbip_server *s, struct conn *c)
{
	while (c->rx_len < c->rx_cap) {
		ssize_t n = recv(c->fd, c->rx + c->rx_len,
				 c->rx_cap - c->rx_len, 0);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			return true;
		}
		if (n <= 0) {
			if (c == s->importer) {
				usbip_log(s, "usbip: %s: importer went away",
					  c->peer);
			}
			conn_close(s, c, true);
			return false;
		}
		c->rx_len += (size_t)n;
	}
	return true;
}

/* A CLOSING connection whose replies are out: close it gracefully. */
static void conn_finished(struct usbip_server *s, struct conn *c)
{
	/* Unread input would turn our FIN into a RST: drain it. */
	uint8_t sink[256];

	while (recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT) > 0) {
	}
	conn_close(s, c, true);
}

/*
 * Send what is queued. Returns false if the connection was closed (error,
 * or a CLOSING connection that is done).
 */
bool conn_flush(struct usbip_server *s, struct conn *c)
{
	while (c->tx_off < c->tx_len) {
		ssize_t n = send(c->fd, c->tx + c->tx_off,
				 c->tx_len - c->tx_off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			return true;
		}
		if (n <= 0) {
			if (c == s->importer && c->state == CONN_IMPORTED) {
				usbip_log(s, "usbip: %s: send failed: %s",
					  c->peer, strerror(errno));
			}
			conn_close(s, c, true);
			return false;
		}
		c->tx_off += (size_t)n;
	}
	c->tx_off = 0;
	c->tx_len = 0;
	if (c->state == CONN_CLOSING) {
		conn_finished(s, c);
		return false;
	}
	return true;
}

short conn_events(const struct conn *c)
{
	short ev = 0;

	if ((c->state == CONN_OP || c->state == CONN_IMPORTED) &&
	    c->rx_len < c->rx_cap) {
		ev |= POLLIN;
	}
	if (c->tx_off < c->tx_len) {
		ev |= POLLOUT;
	}
	return ev;
}
