/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The native board: a simulated SoC. Power-on runs the MCUboot-compatible
 * bootloader on the persistent flash file, then executes the image in the
 * primary slot for real: its payload is a host executable, started from
 * the verified bytes in flash through a memfd. The image gets the flash
 * and the USB/IP listening socket as file descriptors; with --udc
 * gadgetfs its USB device controller is instead a Linux device controller
 * (a real one, or dummy_hcd's) through gadgetfs.
 *
 * --flash-timing makes every erase and program take the time of a real
 * chip (board/native/flash_timing.h), in the bootloader and in the image.
 *
 * Reset: SIGUSR1, "reset" on the console (stdin), or the image exiting
 * with BOARD_EXIT_REBOOT. The image is killed (its USB device disappears
 * as on real hardware) and the board powers on again. SIGINT/SIGTERM or
 * "off" power the board off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "board/native/board_image.h"
#include "board/native/board_loader.h"
#include "board/native/board_serial.h"
#include "board/native/flash_file.h"
#include "board/native/flash_timing.h"
#include "board/native/layout.h"
#include "udc/udc_usbip.h"

#ifndef NATIVE_BOARD_DEFAULT_IMAGE
#define NATIVE_BOARD_DEFAULT_IMAGE ""
#endif

struct options {
	char state_dir[2048];
	const char *address;
	int port;
	const char *image;
	bool erase;
	bool gadgetfs;          /* --udc gadgetfs */
	const char *gadget_dir; /* where gadgetfs is mounted */
	const char *gadget_udc; /* the controller's file there, or NULL */
	struct board_image_opts img;
	const struct flash_sim_timing *timing;
	const char *serial_opt; /* --serial, or NULL: the state dir's */
	char serial[BOARD_SERIAL_MAX + 1];
};

static volatile sig_atomic_t reset_requested;
static volatile sig_atomic_t off_requested;

static void on_signal(int sig)
{
	if (sig == SIGUSR1) {
		reset_requested = 1;
	} else {
		off_requested = 1;
	}
}

static void usage(void)
{
	printf("usage: native_board [--state-dir DIR] [--address A] "
	       "[--port P]\n"
	       "                    [--image SIGNED.bin] [--erase] "
	       "[--no-flash-backend]\n"
	       "                    [--flash-timing MODEL] "
	       "[--fixed-poll-ms N]\n"
	       "  --state-dir DIR  where the flash file lives "
	       "(default ~/.local/state/open-dfu/native_sim)\n"
	       "  --image FILE     signed image flashed into slot 0 of a "
	       "fresh board\n"
	       "                   (default: the DFU sample of this build)\n"
	       "  --erase          start from an erased flash (fresh board)\n"
	       "  --address/--port USB/IP server (default 127.0.0.1:3240)\n"
	       "  --udc usbip|gadgetfs  the USB device controller (default "
	       "usbip)\n"
	       "  --gadgetfs DIR   where gadgetfs is mounted (default "
	       "/dev/gadget)\n"
	       "  --gadget-udc N   the controller's file in DIR (default: "
	       "the only one)\n"
	       "  --flash-timing MODEL  erases and programs take real "
	       "time: " BOARD_FLASH_TIMING_NAMES " (default none)\n"
	       "  --serial S       USB serial number (default: a random one "
	       "kept in DIR/serial)\n"
	       "  --fixed-poll-ms N  DFU sample, benchmarks only: a constant "
	       "bwPollTimeout\n"
	       "                   of N ms after every block, as peers do "
	       "(default 0: honest)\n"
	       "Console: 'reset' or SIGUSR1 resets; 'off', SIGINT or SIGTERM "
	       "power off.\n");
}

static int parse_udc(struct options *o, const char *name)
{
	if (strcmp(name, "usbip") == 0 || strcmp(name, "gadgetfs") == 0) {
		o->gadgetfs = name[0] == 'g';
		return 0;
	}
	fprintf(stderr, "native_board: --udc is usbip or gadgetfs, not '%s'\n",
		name);
	return -1;
}

static int parse_options(struct options *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, 's'},
		{"address", required_argument, NULL, 'a'},
		{"port", required_argument, NULL, 'p'},
		{"image", required_argument, NULL, 'i'},
		{"erase", no_argument, NULL, 'e'},
		{"no-flash-backend", no_argument, NULL, 'N'},
		{"udc", required_argument, NULL, 'U'},
		{"gadgetfs", required_argument, NULL, 'g'},
		{"gadget-udc", required_argument, NULL, 'G'},
		{"flash-timing", required_argument, NULL, 't'},
		{"fixed-poll-ms", required_argument, NULL, 'P'},
		{"serial", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *home = getenv("HOME");
	char *end;
	long v;
	int c;

	*o = (struct options){
		.address = "127.0.0.1",
		.port = 3240,
		.image = NATIVE_BOARD_DEFAULT_IMAGE,
		.gadget_dir = "/dev/gadget",
		.img = {.flash_backend = true, .flash_timing = "none"}};
	snprintf(o->state_dir, sizeof(o->state_dir),
		 "%s/.local/state/open-dfu/native_sim", home ? home : ".");
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			/* Room for "/flash.bin" too: never a truncated path
			 * that lands somewhere else. */
			if (strlen(optarg) + sizeof("/flash.bin") >
			    sizeof(o->state_dir)) {
				fprintf(stderr,
					"native_board: --state-dir is longer "
					"than %zu bytes\n",
					sizeof(o->state_dir) -
						sizeof("/flash.bin"));
				return -1;
			}
			snprintf(o->state_dir, sizeof(o->state_dir), "%s",
				 optarg);
			break;
		case 'a':
			o->address = optarg;
			break;
		case 'p':
			o->port = (int)strtol(optarg, &end, 10);
			if (*end || o->port < 0 || o->port > 65535) {
				fprintf(stderr, "native_board: bad port '%s'\n",
					optarg);
				return -1;
			}
			break;
		case 'i':
			o->image = optarg;
			break;
		case 'e':
			o->erase = true;
			break;
		case 'N':
			o->img.flash_backend = false;
			break;
		case 't':
			if (board_flash_timing_lookup(optarg, &o->timing) < 0) {
				fprintf(stderr,
					"native_board: unknown flash timing "
					"'%s' (%s)\n",
					optarg, BOARD_FLASH_TIMING_NAMES);
				return -1;
			}
			o->img.flash_timing = optarg;
			break;
		case 'P':
			/* bwPollTimeout is 24 bits; dfu-util sleeps it */
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || v < 0 || v > 60000) {
				fprintf(stderr,
					"native_board: bad poll time '%s' "
					"(0..60000 ms)\n",
					optarg);
				return -1;
			}
			o->img.fixed_poll_ms = (uint32_t)v;
			break;
		case 'S':
			if (board_serial_valid(optarg) < 0) {
				fprintf(stderr,
					"native_board: --serial takes 1-%d "
					"printable characters\n",
					BOARD_SERIAL_MAX);
				return -1;
			}
			o->serial_opt = optarg;
			break;
		case 'U':
			if (parse_udc(o, optarg) < 0) {
				return -1;
			}
			break;
		case 'g':
			o->gadget_dir = optarg;
			break;
		case 'G':
			o->gadget_udc = optarg;
			break;
		case 'h':
			usage();
			exit(0);
		default:
			usage();
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "native_board: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	return 0;
}

/* mkdir -p */
static int make_dirs(const char *path)
{
	char buf[2048];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
				return -1;
			}
			*p = '/';
		}
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* One board per state dir: a second one would share the flash file. */
static int lock_state_dir(const char *dir)
{
	char path[sizeof(((struct options *)0)->state_dir) + 16];
	int fd;

	snprintf(path, sizeof(path), "%s/lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "native_board: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		fprintf(stderr,
			"native_board: %s is in use by another board "
			"(one board per --state-dir)\n",
			dir);
		close(fd);
		return -1;
	}
	return fd; /* held until the board exits */
}

/* The USB/IP socket outlives every image: open it once, here. */
static int open_listen_socket(struct options *o)
{
	struct udc_usbip_config cfg;
	struct udc_dev dev = {0};
	int fd = -1;

	udc_usbip_config_init(&cfg);
	cfg.address = o->address;
	cfg.port = (uint16_t)o->port;
	if (udc_usbip_create(&dev, &cfg) < 0) {
		fprintf(stderr, "native_board: %s\n", udc_usbip_error(&dev));
	} else {
		fd = dup(udc_usbip_listen_fd(&dev)); /* without CLOEXEC */
		o->port = udc_usbip_port(&dev); /* the real one, for --port 0 */
	}
	if (dev.priv) {
		udc_usbip_destroy(&dev);
	}
	return fd;
}

/* Console and signals; returns true when the board must reset. */
static bool wait_event(int timeout_ms)
{
	static bool console_closed;
	struct pollfd pfd = {.fd = console_closed ? -1 : STDIN_FILENO,
			     .events = POLLIN};
	char line[64];

	if (poll(&pfd, 1, timeout_ms) > 0 && pfd.revents) {
		ssize_t n = read(STDIN_FILENO, line, sizeof(line) - 1);

		/* No console (CI, nohup): signals still work. */
		console_closed = n <= 0;
		if (n > 0) {
			line[n] = '\0';
			if (strncmp(line, "reset", 5) == 0) {
				reset_requested = 1;
			} else if (strncmp(line, "off", 3) == 0) {
				off_requested = 1;
			}
		}
	}
	return reset_requested || off_requested;
}

static void stop_image(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/* Run the image until it exits or the board is reset/powered off. */
static void run_until_reset(pid_t pid)
{
	int status;

	for (;;) {
		if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid) {
			if (WIFEXITED(status) &&
			    WEXITSTATUS(status) == BOARD_EXIT_REBOOT) {
				reset_requested = 1;
				return;
			}
			printf("native_board: image stopped (%s %d); halted "
			       "until reset\n",
			       WIFEXITED(status) ? "exit" : "signal",
			       WIFEXITED(status) ? WEXITSTATUS(status)
						 : WTERMSIG(status));
			fflush(stdout);
			pid = 0;
		}
		if (wait_event(pid > 0 ? 50 : 200)) {
			stop_image(pid);
			return;
		}
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_signal};
	struct board_loader ld;
	struct options o;
	char path[2300];
	int listen_fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_options(&o, argc, argv) < 0) {
		return 2;
	}
	if (make_dirs(o.state_dir) < 0) {
		fprintf(stderr, "native_board: cannot create %s: %s\n",
			o.state_dir, strerror(errno));
		return 1;
	}
	if (lock_state_dir(o.state_dir) < 0) {
		return 1;
	}
	if (o.serial_opt) {
		snprintf(o.serial, sizeof(o.serial), "%s", o.serial_opt);
	} else if (board_serial_load(o.state_dir, o.serial, sizeof(o.serial),
				     path, sizeof(path)) < 0) {
		fprintf(stderr, "native_board: %s\n", path);
		return 1;
	}
	o.img.serial = o.serial;
	/* The port first: a board that cannot be reached changes nothing. */
	listen_fd = o.gadgetfs ? -1 : open_listen_socket(&o);
	if (listen_fd < 0 && !o.gadgetfs) {
		return 1;
	}
	snprintf(path, sizeof(path), "%s/flash.bin", o.state_dir);
	if (board_loader_open(&ld, path, o.erase, o.image) < 0) {
		return 1;
	}
	if (o.gadgetfs) {
		ld.gadgetfs = o.gadget_dir;
		ld.gadget_udc = o.gadget_udc;
	}
	/* After the programmer's flashing: a programmer is not timed. */
	board_flash_set_timing(&ld.flash, o.timing);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL); /* a closed terminal powers off */
	signal(SIGPIPE, SIG_IGN);
	if (o.gadgetfs) {
		printf("native_board: flash %s (timing %s), USB device "
		       "controller through gadgetfs in %s\n",
		       path, o.img.flash_timing, o.gadget_dir);
	} else {
		printf("native_board: flash %s (timing %s), USB/IP on %s:%d, "
		       "serial %s\n",
		       path, o.img.flash_timing, o.address, o.port, o.serial);
	}
	while (!off_requested) {
		reset_requested = 0;
		run_until_reset(board_loader_power_on(&ld, listen_fd, &o.img));
		if (reset_requested && !off_requested) {
			printf("native_board: reset\n");
		}
	}
	printf("native_board: power off\n");
	return 0;
}
