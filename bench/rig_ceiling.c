/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rig_ceiling: a MEASURING INSTRUMENT, not a device implementation.
 *
 * The e2e benchmark (tests/e2e/bench_throughput.sh) times dfu-util in a
 * QEMU guest over vhci-hcd and USB/IP. Most of that time is the rig itself
 * (TCG, the guest's USB stack, the TCP path). This program measures the
 * rig's ceiling: the real USB/IP driver (udc/udc_usbip.c) with an event
 * callback that answers every request at once from canned descriptors and
 * a plain byte buffer (DNLOAD data lands in it straight from the driver),
 * so the throughput it reaches is what the rig allows to any device.
 * `make bench` divides the native board's figures by it.
 *
 * It is deliberately NOT built on usbd/ or class/dfu/: it shows a
 * DFU-mode device (one interface FE/01/02, alt 0 "ramdisk0", the board's
 * wTransferSize 4096, can-dnload | can-upload | manifest-tolerant) and
 * keeps only the state dfu-util 0.11 needs for a download then an upload:
 *  - DNLOAD with data appends it (any wLength up to 65535); state
 *    dfuDNLOAD-IDLE; a zero-length DNLOAD ends it: dfuIDLE, and the bytes
 *    received become the image an UPLOAD returns.
 *  - UPLOAD returns the next wLength bytes of that image; the short (or
 *    empty) block at its end returns to dfuIDLE.
 *  - GETSTATUS: status OK, bwPollTimeout 0, the state; ABORT and
 *    CLRSTATUS: dfuIDLE; GETSTATE: the state.
 *  - A download past the buffer (CEILING_IMAGE_MAX) stalls and enters
 *    dfuERROR (errADDRESS); any other request it does not know stalls.
 *
 * Usage: rig_ceiling [--state-dir DIR] [--port P] [--address A]
 * (the arguments board.sh passes to a board; the state dir is ignored).
 * rig_ceiling --gadgetfs DIR: the same over the gadgetfs driver
 * (udc/udc_gadgetfs.c) mounted at DIR, the ceiling of the dummy_hcd path
 * (tests/e2e/bench_gadget.sh); wTransferSize is cut to the controller's
 * longest control transfer (udc_ctrl_max(), 256 there).
 * Prints the ready line board.sh waits for once it listens.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "udc/udc_gadgetfs.h"
#include "udc/udc_usbip.h"

/* Twice the board's 4 MiB RAM disk: any bench image fits. */
#define CEILING_IMAGE_MAX (8u * 1024 * 1024)
#define CEILING_XFER_SIZE 4096 /* the DFU sample's wTransferSize */

#define REQ_GET_STATUS     0x00
#define REQ_GET_DESCRIPTOR 0x06
#define REQ_GET_CONFIG     0x08
#define REQ_SET_CONFIG     0x09
#define REQ_GET_INTERFACE  0x0a
#define REQ_SET_INTERFACE  0x0b

#define DFU_DETACH    0
#define DFU_DNLOAD    1
#define DFU_UPLOAD    2
#define DFU_GETSTATUS 3
#define DFU_CLRSTATUS 4
#define DFU_GETSTATE  5
#define DFU_ABORT     6

#define DFU_STATE_IDLE        2
#define DFU_STATE_DNLOAD_IDLE 5
#define DFU_STATE_UPLOAD_IDLE 9
#define DFU_STATE_ERROR       10
#define DFU_STATUS_OK         0x00
#define DFU_STATUS_ERR_ADDRESS 0x08

static const uint8_t device_desc[18] = {
	18, 0x01, 0x00, 0x02, /* USB 2.0 */
	0x00, 0x00, 0x00, 64, /* class in the interface, ep0 64 bytes */
	0xe3, 0x2f, 0xfe, 0xff, /* 2fe3:fffe (the sample's DFU mode is ffff) */
	0x00, 0x01, 1, 2, 3, 1,
};

static uint8_t config_desc[27] = { /* wTransferSize set in main() */
	9, 0x02, 27, 0, 1, 1, 0, 0xc0, 50, /* self powered, 100 mA */
	9, 0x04, 0, 0, 0, 0xfe, 0x01, 0x02, 4, /* DFU mode, "ramdisk0" */
	/* DFU functional: can-dnload | can-upload | manifest-tolerant,
	 * detach timeout 255 ms, wTransferSize, DFU 1.1 */
	9, 0x21, 0x0b, 0xff, 0x00, CEILING_XFER_SIZE & 0xff,
	CEILING_XFER_SIZE >> 8, 0x10, 0x01,
};

static const char *const strings[] = {
	NULL, "Open DFU", "rig ceiling (measuring instrument)",
	"CEILING000000001", "ramdisk0",
};

struct ceiling {
	uint8_t *image;  /* CEILING_IMAGE_MAX bytes */
	size_t received; /* bytes of the download in progress */
	size_t stored;   /* length of the last download: what UPLOAD returns */
	size_t sent;     /* bytes of the upload in progress */
	uint8_t state;
	uint8_t status;
};

static volatile sig_atomic_t stop_requested;
static const char *gadget_dir; /* --gadgetfs: the controller is gadgetfs */

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* An IN data stage, cut to wLength as the controller contract asks. */
static int send_in(struct udc_dev *dev, const struct usb_setup_packet *s,
		   const void *data, size_t len)
{
	if (len > s->wLength) {
		len = s->wLength;
	}
	return udc_ctrl_send(dev, data, len);
}

/* UTF-16LE string descriptor of an ASCII string (or the language list). */
static size_t string_desc(uint8_t index, uint8_t *out)
{
	const char *s;
	size_t n;

	if (index == 0) {
		memcpy(out, (const uint8_t[]){4, 0x03, 0x09, 0x04}, 4);
		return 4;
	}
	if (index >= sizeof(strings) / sizeof(strings[0])) {
		return 0;
	}
	s = strings[index];
	n = strlen(s);
	out[0] = (uint8_t)(2 + 2 * n);
	out[1] = 0x03;
	for (size_t i = 0; i < n; i++) {
		out[2 + 2 * i] = (uint8_t)s[i];
		out[3 + 2 * i] = 0;
	}
	return 2 + 2 * n;
}

static int get_descriptor(struct udc_dev *dev,
			  const struct usb_setup_packet *s)
{
	uint8_t str[2 + 2 * 64];
	size_t len;

	switch (s->wValue >> 8) {
	case 0x01:
		return send_in(dev, s, device_desc, sizeof(device_desc));
	case 0x02:
		if ((s->wValue & 0xff) != 0) {
			return udc_ctrl_stall(dev);
		}
		return send_in(dev, s, config_desc, sizeof(config_desc));
	case 0x03:
		len = string_desc((uint8_t)(s->wValue & 0xff), str);
		return len ? send_in(dev, s, str, len) : udc_ctrl_stall(dev);
	default: /* device qualifier, BOS, ...: a full-speed USB 2.0 device */
		return udc_ctrl_stall(dev);
	}
}

static int standard_request(struct udc_dev *dev,
			    const struct usb_setup_packet *s)
{
	static const uint8_t zeros[2];
	static const uint8_t config_one = 1;

	switch (s->bRequest) {
	case REQ_GET_DESCRIPTOR:
		return get_descriptor(dev, s);
	case REQ_GET_STATUS:
		return send_in(dev, s, zeros, 2);
	case REQ_GET_CONFIG:
		return send_in(dev, s, &config_one, 1);
	case REQ_GET_INTERFACE:
		return send_in(dev, s, zeros, 1);
	case REQ_SET_CONFIG:
	case REQ_SET_INTERFACE:
		return udc_ctrl_status(dev);
	default:
		return udc_ctrl_stall(dev);
	}
}

/* DNLOAD's setup stage: the data goes straight into the image. */
static int dfu_dnload(struct udc_dev *dev, struct ceiling *c,
		      const struct usb_setup_packet *s)
{
	if (c->state == DFU_STATE_IDLE) {
		c->received = 0;
	} else if (c->state != DFU_STATE_DNLOAD_IDLE) {
		return udc_ctrl_stall(dev);
	}
	if (s->wLength == 0) {
		c->stored = c->received;
		c->state = DFU_STATE_IDLE; /* manifest-tolerant, nothing to do */
		return udc_ctrl_status(dev);
	}
	if (s->wLength > CEILING_IMAGE_MAX - c->received) {
		c->state = DFU_STATE_ERROR;
		c->status = DFU_STATUS_ERR_ADDRESS;
		return udc_ctrl_stall(dev);
	}
	return udc_ctrl_recv(dev, c->image + c->received, s->wLength);
}

/* DNLOAD's data stage has arrived where dfu_dnload() pointed it. */
static int dfu_dnload_data(struct udc_dev *dev, struct ceiling *c,
			   const struct udc_event *evt)
{
	c->received += evt->data_len;
	c->state = DFU_STATE_DNLOAD_IDLE;
	return udc_ctrl_status(dev);
}

static int dfu_upload(struct udc_dev *dev, struct ceiling *c,
		      const struct usb_setup_packet *s)
{
	size_t len;

	if (c->state == DFU_STATE_IDLE) {
		c->sent = 0;
	} else if (c->state != DFU_STATE_UPLOAD_IDLE) {
		return udc_ctrl_stall(dev);
	}
	len = c->stored - c->sent;
	if (len > s->wLength) {
		len = s->wLength;
	}
	c->state = len < s->wLength ? DFU_STATE_IDLE : DFU_STATE_UPLOAD_IDLE;
	c->sent += len;
	return udc_ctrl_send(dev, len ? c->image + c->sent - len : NULL, len);
}

static int dfu_request(struct udc_dev *dev, struct ceiling *c,
		       const struct udc_event *evt)
{
	const struct usb_setup_packet *s = evt->setup;
	uint8_t status[6] = {0};

	switch (s->bRequest) {
	case DFU_DNLOAD:
		return dfu_dnload(dev, c, s);
	case DFU_UPLOAD:
		return dfu_upload(dev, c, s);
	case DFU_GETSTATUS:
		status[0] = c->status; /* bwPollTimeout 0, iString 0 */
		status[4] = c->state;
		return send_in(dev, s, status, sizeof(status));
	case DFU_GETSTATE:
		return send_in(dev, s, &c->state, 1);
	case DFU_CLRSTATUS:
	case DFU_ABORT:
		c->state = DFU_STATE_IDLE;
		c->status = DFU_STATUS_OK;
		return udc_ctrl_status(dev);
	case DFU_DETACH: /* already in DFU mode: nothing to do */
		return udc_ctrl_status(dev);
	default:
		return udc_ctrl_stall(dev);
	}
}

static void on_event(struct udc_dev *dev, const struct udc_event *evt,
		     void *user)
{
	struct ceiling *c = user;
	uint8_t type;

	if (evt->type == UDC_EVT_VBUS_REMOVED) {
		c->state = DFU_STATE_IDLE; /* a new host starts afresh */
		c->status = DFU_STATUS_OK;
	}
	if (evt->type == UDC_EVT_CTRL_OUT) {
		dfu_dnload_data(dev, c, evt); /* the only OUT data stage */
		return;
	}
	if (evt->type != UDC_EVT_SETUP) {
		return;
	}
	type = evt->setup->bmRequestType & USB_REQTYPE_TYPE_MASK;
	if (type == USB_REQTYPE_TYPE_STANDARD) {
		standard_request(dev, evt->setup);
	} else if (type == USB_REQTYPE_TYPE_CLASS &&
		   (evt->setup->bmRequestType & USB_REQTYPE_RCPT_MASK) ==
			   USB_REQTYPE_RCPT_INTERFACE &&
		   evt->setup->wIndex == 0) {
		dfu_request(dev, c, evt);
	} else {
		udc_ctrl_stall(dev);
	}
}

static int parse_args(int argc, char **argv, struct udc_usbip_config *cfg)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, 's'},
		{"port", required_argument, NULL, 'p'},
		{"address", required_argument, NULL, 'a'},
		{"gadgetfs", required_argument, NULL, 'g'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	long port;
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's': /* a board's state; the ceiling keeps none */
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || port < 0 ||
			    port > 65535) {
				fprintf(stderr, "rig_ceiling: bad port '%s'\n",
					optarg);
				return -EINVAL;
			}
			cfg->port = (uint16_t)port;
			break;
		case 'a':
			cfg->address = optarg;
			break;
		case 'g':
			gadget_dir = optarg;
			break;
		default:
			return -EINVAL;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "rig_ceiling: unexpected argument '%s'\n",
			argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static int serve(struct udc_dev *dev)
{
	int ret = 0;

	while (!stop_requested && ret >= 0) {
		ret = gadget_dir ? udc_gadgetfs_poll(dev, 200)
				 : udc_usbip_poll(dev, 200);
	}
	if (ret < 0) {
		fprintf(stderr, "rig_ceiling: poll failed: %s\n",
			strerror(-ret));
		return 1;
	}
	return 0;
}

/* The controller: USB/IP (default) or gadgetfs. */
static int create_udc(struct udc_dev *dev, const struct udc_usbip_config *cfg)
{
	struct udc_gadgetfs_config gcfg;
	int ret;

	if (!gadget_dir) {
		ret = udc_usbip_create(dev, cfg);
		if (ret < 0) {
			fprintf(stderr, "%s\n", dev->priv ? udc_usbip_error(dev)
							   : strerror(-ret));
		}
		return ret;
	}
	udc_gadgetfs_config_init(&gcfg);
	gcfg.dir = gadget_dir;
	ret = udc_gadgetfs_create(dev, &gcfg);
	if (ret < 0) {
		fprintf(stderr, "%s\n", dev->priv ? udc_gadgetfs_error(dev)
						   : strerror(-ret));
	}
	return ret;
}

static void destroy_udc(struct udc_dev *dev)
{
	if (!dev->priv) {
		return;
	}
	if (gadget_dir) {
		udc_gadgetfs_destroy(dev);
	} else {
		udc_usbip_destroy(dev);
	}
}

/* The board's wTransferSize, or less when the controller moves less. */
static void set_transfer_size(const struct udc_dev *dev)
{
	uint16_t xfer = CEILING_XFER_SIZE < udc_ctrl_max(dev)
				? CEILING_XFER_SIZE
				: udc_ctrl_max(dev);

	config_desc[23] = (uint8_t)(xfer & 0xff);
	config_desc[24] = (uint8_t)(xfer >> 8);
}

int main(int argc, char **argv)
{
	static struct ceiling c = {.state = DFU_STATE_IDLE};
	struct udc_usbip_config cfg;
	struct udc_dev dev = {0};
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	udc_usbip_config_init(&cfg);
	if (parse_args(argc, argv, &cfg) < 0) {
		fprintf(stderr, "usage: rig_ceiling [--state-dir DIR] "
				"[--port P] [--address A] [--gadgetfs DIR]\n");
		return 2;
	}
	c.image = malloc(CEILING_IMAGE_MAX);
	if (!c.image) {
		fprintf(stderr, "rig_ceiling: out of memory\n");
		return 1;
	}
	ret = create_udc(&dev, &cfg);
	if (ret < 0) {
		destroy_udc(&dev);
		free(c.image);
		return 1;
	}
	set_transfer_size(&dev);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	udc_init(&dev, on_event, &c);
	udc_enable(&dev);
	/* board.sh waits for the sample's ready line: say it, and what we are. */
	if (gadget_dir) {
		printf("rig_ceiling on gadgetfs in %s (a measuring instrument "
		       "with canned replies): USB DFU sample is initialized\n",
		       gadget_dir);
	} else {
		printf("rig_ceiling listening on %s:%d (a measuring instrument "
		       "with canned replies): USB DFU sample is initialized\n",
		       cfg.address, udc_usbip_port(&dev));
	}
	ret = serve(&dev);
	destroy_udc(&dev);
	free(c.image);
	return ret;
}
