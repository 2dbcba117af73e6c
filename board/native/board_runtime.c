/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "board/native/board.h"
#include "board/native/flash_file.h"
#include "board/native/board_serial.h"
#include "board/native/flash_timing.h"
#include "udc/udc_gadgetfs.h"
#include "udc/udc_usbip.h"

void board_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void udc_log(const char *line)
{
	board_log("%s", line);
}

struct board_args {
	int flash_fd;
	int listen_fd;
	const char *state_dir;
	const char *address;
	int port;
	bool flash_backend;
	const char *gadgetfs; /* mount point: gadgetfs instead of USB/IP */
	const char *gadget_udc;
	const struct flash_sim_timing *timing;
	int fixed_poll_ms;
	const char *serial;
	int boot_slot;
	const char *boot_mode;
};

/* A whole decimal number in [lo, hi], or -1. */
static int parse_int(const char *str, int lo, int hi)
{
	char *end;
	long v = strtol(str, &end, 10);

	if (*str == '\0' || *end != '\0' || v < lo || v > hi) {
		return -1;
	}
	return (int)v;
}

static int parse_args(struct board_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{"flash-fd", required_argument, NULL, 'f'},
		{"listen-fd", required_argument, NULL, 'l'},
		{"state-dir", required_argument, NULL, 's'},
		{"address", required_argument, NULL, 'a'},
		{"port", required_argument, NULL, 'p'},
		{"flash-backend", no_argument, NULL, 'F'},
		{"no-flash-backend", no_argument, NULL, 'N'},
		{"gadgetfs", required_argument, NULL, 'g'},
		{"gadget-udc", required_argument, NULL, 'u'},
		{"flash-timing", required_argument, NULL, 't'},
		{"fixed-poll-ms", required_argument, NULL, 'P'},
		{"serial", required_argument, NULL, 'S'},
		{"boot-slot", required_argument, NULL, 'B'},
		{"boot-mode", required_argument, NULL, 'M'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*a = (struct board_args){.flash_fd = -1,
				 .listen_fd = -1,
				 .state_dir = ".",
				 .address = "127.0.0.1",
				 .port = 3240,
				 .flash_backend = true};
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->flash_fd = parse_int(optarg, 0, 1 << 20);
			if (a->flash_fd < 0) {
				return -EINVAL;
			}
			break;
		case 'l':
			a->listen_fd = parse_int(optarg, 0, 1 << 20);
			if (a->listen_fd < 0) {
				return -EINVAL;
			}
			break;
		case 's':
			a->state_dir = optarg;
			break;
		case 'a':
			a->address = optarg;
			break;
		case 'p':
			a->port = parse_int(optarg, 0, 65535);
			if (a->port < 0) {
				return -EINVAL;
			}
			break;
		case 'F':
			a->flash_backend = true;
			break;
		case 'N':
			a->flash_backend = false;
			break;
		case 'g':
			a->gadgetfs = optarg;
			break;
		case 'u':
			a->gadget_udc = optarg;
			break;
		case 't':
			if (board_flash_timing_lookup(optarg, &a->timing) < 0) {
				return -EINVAL;
			}
			break;
		case 'S':
			if (board_serial_valid(optarg) < 0) {
				return -EINVAL;
			}
			a->serial = optarg;
			break;
		case 'B':
			a->boot_slot = parse_int(optarg, 0, 1);
			if (a->boot_slot < 0) {
				return -EINVAL;
			}
			break;
		case 'M':
			if (strcmp(optarg, "swap-using-move") != 0 &&
			    strcmp(optarg, "overwrite-only") != 0 &&
			    strcmp(optarg, "direct-xip") != 0) {
				return -EINVAL;
			}
			a->boot_mode = optarg;
			break;
		case 'P':
			a->fixed_poll_ms = parse_int(optarg, 0, 60000);
			if (a->fixed_poll_ms < 0) {
				return -EINVAL;
			}
			break;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

static uint8_t *board_map_flash(const struct board_args *a)
{
	char err[256];
	char path[4096];
	uint8_t *mem;
	bool created;
	int fd;

	if (a->flash_fd >= 0) {
		mem = flash_file_map_fd(a->flash_fd, BOARD_FLASH_SIZE, err,
					sizeof(err));
	} else {
		snprintf(path, sizeof(path), "%s/flash.bin", a->state_dir);
		mem = flash_file_open(path, BOARD_FLASH_SIZE, &fd, &created,
				      err, sizeof(err));
	}
	if (!mem) {
		fprintf(stderr, "board: %s\n", err);
	}
	return mem;
}

static int board_usbip(struct board *b, const struct board_args *a)
{
	struct udc_usbip_config cfg;
	int ret;

	udc_usbip_config_init(&cfg);
	cfg.address = a->address;
	cfg.port = (uint16_t)a->port;
	cfg.listen_fd = a->listen_fd;
	cfg.log = udc_log;
	ret = udc_usbip_create(&b->udc, &cfg);
	if (ret < 0) {
		fprintf(stderr, "%s\n", udc_usbip_error(&b->udc));
	}
	return ret;
}

/* A real (or dummy_hcd) device controller through Linux's gadgetfs. */
static int board_gadgetfs(struct board *b, const struct board_args *a)
{
	struct udc_gadgetfs_config cfg;
	int ret;

	udc_gadgetfs_config_init(&cfg);
	cfg.dir = a->gadgetfs;
	cfg.udc = a->gadget_udc;
	cfg.log = udc_log;
	ret = udc_gadgetfs_create(&b->udc, &cfg);
	if (ret < 0) {
		fprintf(stderr, "%s\n", udc_gadgetfs_error(&b->udc));
	}
	return ret;
}

int board_init(struct board *b, int argc, char **argv)
{
	struct board_args a;
	uint8_t *mem;

	memset(b, 0, sizeof(*b));
	b->name = BOARD_NAME;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(&a, argc, argv) < 0) {
		fprintf(stderr, "board: bad arguments\n");
		return -EINVAL;
	}
	b->flash_backend = a.flash_backend;
	b->fixed_poll_ms = (uint32_t)a.fixed_poll_ms;
	b->boot_slot = (uint8_t)a.boot_slot;
	b->boot_mode = a.boot_mode ? a.boot_mode : "swap-using-move";
	if (a.serial) {
		snprintf(b->serial, sizeof(b->serial), "%s", a.serial);
	} else {
		char err[256];

		/* Started by hand: the serial of its state dir. */
		if (board_serial_load(a.state_dir, b->serial,
				      sizeof(b->serial), err,
				      sizeof(err)) < 0) {
			fprintf(stderr, "board: %s\n", err);
			return -EINVAL;
		}
	}
	b->flash_timed = a.timing != NULL;
	mem = board_map_flash(&a);
	if (!mem || board_flash_init(&b->flash, mem) < 0) {
		return -EIO;
	}
	board_flash_set_timing(&b->flash, a.timing);
	b->gadgetfs = a.gadgetfs != NULL;
	return b->gadgetfs ? board_gadgetfs(b, &a) : board_usbip(b, &a);
}

int board_poll(struct board *b, int timeout_ms)
{
	if (b->gadgetfs) {
		return udc_gadgetfs_poll(&b->udc, timeout_ms);
	}
	return udc_usbip_poll(&b->udc, timeout_ms);
}

uint32_t board_now_ms(void *user)
{
	struct timespec ts;

	(void)user;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * 1000u +
			  (uint64_t)ts.tv_nsec / 1000000u);
}

void board_reboot(struct board *b)
{
	fflush(stdout);
	_exit(BOARD_EXIT_REBOOT);
}
