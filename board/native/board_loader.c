/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

#include "board/native/board_enc.h"
#include "board/native/board_image.h"
#include "board/native/board_loader.h"
#include "board/native/flash_file.h"
#include "boot/boot_modes.h"
#include "boot/bootutil.h"
#include "boot/bootutil_validate.h"

/*
 * The bootloader's upgrade strategy, one per build (board/native/
 * CMakeLists.txt): 0 swap-using-move (default), 1 overwrite-only,
 * 2 direct-xip with revert.
 */
#ifndef BOARD_BOOT_MODE
#define BOARD_BOOT_MODE 0
#endif
#if BOARD_BOOT_MODE == 1
#define board_boot_go boot_go_overwrite
#define BOARD_BOOT_MODE_NAME "overwrite-only"
#elif BOARD_BOOT_MODE == 2
#define board_boot_go boot_go_direct_xip
#define BOARD_BOOT_MODE_NAME "direct-xip"
#else
#define board_boot_go boot_go
#define BOARD_BOOT_MODE_NAME "swap-using-move"
#endif

extern char **environ;

/* "Flash" a signed image file into slot 0, as a programmer would. */
static int flash_image_file(struct board_loader *ld, const char *image_path)
{
	const struct flash_area *fa = board_area(&ld->flash,
						 FLASH_AREA_ID_IMAGE_0);
	static uint8_t buf[BOARD_SLOT0_SIZE];
	FILE *f;
	size_t n;

	if (!image_path || !*image_path) {
		fprintf(stderr, "native_board: fresh board and no --image\n");
		return -1;
	}
	f = fopen(image_path, "rb");
	if (!f) {
		fprintf(stderr, "native_board: cannot open %s: %s\n",
			image_path, strerror(errno));
		return -1;
	}
	memset(buf, 0xff, sizeof(buf));
	n = fread(buf, 1, sizeof(buf), f);
	if (!feof(f) || n == 0) {
		fprintf(stderr, "native_board: %s: %s\n", image_path,
			n ? "too large for slot 0" : "empty or unreadable");
		fclose(f);
		return -1;
	}
	fclose(f);
	n = (n + BOARD_FLASH_WRITE_BLOCK - 1) / BOARD_FLASH_WRITE_BLOCK *
	    BOARD_FLASH_WRITE_BLOCK;
	if (flash_area_erase(&ld->flash.areas[0], 0, BOARD_FLASH_SIZE) < 0 ||
	    flash_area_write(fa, 0, buf, n) < 0) {
		fprintf(stderr, "native_board: cannot program slot 0\n");
		return -1;
	}
	printf("native_board: flashed %s (%zu bytes) into image-0\n",
	       image_path, n);
#if BOARD_BOOT_MODE == 2
	/* direct-xip boots only a slot with a trailer magic: program it as
	 * imgtool --pad --confirm would (magic and image_ok) */
	if (boot_request_upgrade_ex(fa, true, BOARD_BOOT_MAX_ALIGN,
				    BOARD_BOOT_MAX_SECTORS) != 0) {
		fprintf(stderr, "native_board: cannot confirm image-0\n");
		return -1;
	}
#endif
	return 0;
}

/* What a fresh board is flashed with must be there before anything of
 * the old board is touched. */
static int image_file_usable(const char *image_path)
{
	struct stat st;

	if (!image_path || !*image_path) {
		fprintf(stderr, "native_board: fresh board and no --image\n");
		return -1;
	}
	errno = 0;
	if (stat(image_path, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "native_board: cannot use %s: %s\n", image_path,
			errno ? strerror(errno) : "not a file");
		return -1;
	}
	if (st.st_size == 0 || st.st_size > BOARD_SLOT0_SIZE) {
		fprintf(stderr, "native_board: %s: %s\n", image_path,
			st.st_size ? "too large for slot 0" : "empty");
		return -1;
	}
	return 0;
}

int board_loader_open(struct board_loader *ld, const char *path, bool erase,
		      const char *image_path)
{
	char err[256];
	bool created;

	memset(ld, 0, sizeof(*ld));
	errno = 0;
	if ((erase || access(path, F_OK) < 0) &&
	    image_file_usable(image_path) < 0) {
		return -1;
	}
	/* A fresh board: whatever file was there (even of the wrong size)
	 * goes, and is made anew. */
	if (erase && unlink(path) < 0 && errno != ENOENT) {
		fprintf(stderr, "native_board: cannot remove %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	ld->mem = flash_file_open(path, BOARD_FLASH_SIZE, &ld->flash_fd,
				  &created, err, sizeof(err));
	if (!ld->mem) {
		fprintf(stderr, "native_board: %s\n", err);
		return -1;
	}
	if (board_flash_init(&ld->flash, ld->mem) < 0) {
		fprintf(stderr, "native_board: bad flash layout\n");
		return -1;
	}
	/* The whole device as one area, for the programmer's erase. */
	ld->flash.areas[0].off = 0;
	ld->flash.areas[0].size = BOARD_FLASH_SIZE;
	if (created || erase) {
		if (flash_image_file(ld, image_path) < 0) {
			/* A start that failed leaves nothing behind: the next
			 * plain start must not boot a blank flash. */
			unlink(path);
			return -1;
		}
	}
	return board_flash_init(&ld->flash, ld->mem);
}

static void boot_log(void *user, enum boot_log_level level, const char *line)
{
	static const char prefix[] = {'E', 'W', 'I', 'D'};

	if (level <= BOOT_LOG_LEVEL_INF) {
		printf("%c: %s\n", prefix[level], line);
	}
}

/* Copy the verified payload out of flash into an executable memfd. */
static int payload_memfd(struct board_loader *ld, const struct boot_rsp *rsp)
{
	struct boot_image_header hdr;
	const struct flash_area *fa = rsp->fa;
	uint8_t buf[4096];
	int fd;

	if (flash_area_read(fa, 0, buf, 32) < 0) {
		return -1;
	}
	hdr.hdr_size = (uint16_t)(buf[8] | buf[9] << 8);
	hdr.img_size = (uint32_t)(buf[12] | buf[13] << 8 | buf[14] << 16 |
				  (uint32_t)buf[15] << 24);
	fd = memfd_create("zephyr.exe", MFD_CLOEXEC);
	if (fd < 0) {
		return -1;
	}
	for (uint32_t off = 0; off < hdr.img_size;) {
		size_t n = hdr.img_size - off < sizeof(buf) ? hdr.img_size - off
							    : sizeof(buf);

		if (flash_area_read(fa, hdr.hdr_size + off, buf, n) < 0 ||
		    write(fd, buf, n) != (ssize_t)n) {
			close(fd);
			return -1;
		}
		off += (uint32_t)n;
	}
	return fd;
}

/* The image's controller arguments: the USB/IP socket or gadgetfs. */
static void udc_args(const struct board_loader *ld, int listen_fd,
		     char *udc_arg, char *extra_arg, size_t len)
{
	if (!ld->gadgetfs) {
		snprintf(udc_arg, len, "--listen-fd=%d", listen_fd);
		extra_arg[0] = '\0';
		return;
	}
	snprintf(udc_arg, len, "--gadgetfs=%s", ld->gadgetfs);
	if (ld->gadget_udc) {
		snprintf(extra_arg, len, "--gadget-udc=%s", ld->gadget_udc);
	} else {
		extra_arg[0] = '\0';
	}
}

static pid_t exec_image(struct board_loader *ld, int exe_fd, int listen_fd,
			const struct board_image_opts *opts, int slot)
{
	char flash_arg[32], udc_arg[600], extra_arg[600], timing_arg[64];
	char poll_arg[32], serial_arg[160], slot_arg[32];
	char *argv[12] = {
		"zephyr.exe",
		flash_arg,
		udc_arg,
		opts->flash_backend ? "--flash-backend" : "--no-flash-backend",
	};
	int argc = 4;
	pid_t pid;

	snprintf(flash_arg, sizeof(flash_arg), "--flash-fd=%d", ld->flash_fd);
	udc_args(ld, listen_fd, udc_arg, extra_arg, sizeof(udc_arg));
	if (extra_arg[0]) {
		argv[argc++] = extra_arg;
	}
	/* Only when set: images built before these options still boot. */
	if (strcmp(opts->flash_timing, "none") != 0) {
		snprintf(timing_arg, sizeof(timing_arg), "--flash-timing=%s",
			 opts->flash_timing);
		argv[argc++] = timing_arg;
	}
	if (opts->fixed_poll_ms) {
		snprintf(poll_arg, sizeof(poll_arg), "--fixed-poll-ms=%u",
			 (unsigned int)opts->fixed_poll_ms);
		argv[argc++] = poll_arg;
	}
	if (opts->serial) {
		snprintf(serial_arg, sizeof(serial_arg), "--serial=%s",
			 opts->serial);
		argv[argc++] = serial_arg;
	}
	/* as MCUboot's boot_rsp: where the image runs (direct-xip) */
	if (slot != 0) {
		snprintf(slot_arg, sizeof(slot_arg), "--boot-slot=%d", slot);
		argv[argc++] = slot_arg;
	}
	/*
	 * What a requested upgrade will do (a firmware knows its bootloader's
	 * strategy from its build, as Zephyr's MCUboot mode options): the
	 * default is swap-using-move.
	 */
	if (BOARD_BOOT_MODE != 0) {
		argv[argc++] = "--boot-mode=" BOARD_BOOT_MODE_NAME;
	}
	argv[argc] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* The image dies with the board, however the board dies: it
		 * must not keep serving USB on the board's port. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1) {
			_exit(127); /* the board died before the prctl */
		}
		fcntl(ld->flash_fd, F_SETFD, 0); /* hand the flash over */
		fexecve(exe_fd, argv, environ);
		fprintf(stderr, "native_board: cannot execute image: %s\n",
			strerror(errno));
		_exit(127);
	}
	return pid;
}

pid_t board_loader_power_on(struct board_loader *ld, int listen_fd,
			    const struct board_image_opts *opts)
{
	struct boot_config cfg = {
		.primary = board_area(&ld->flash, FLASH_AREA_ID_IMAGE_0),
		.secondary = board_area(&ld->flash, FLASH_AREA_ID_IMAGE_1),
		.validate = boot_validate_image_hook,
		.validate_user = (void *)board_verifier(),
		.peek = boot_peek_image_hook,
		.log = boot_log,
		.max_align = BOARD_BOOT_MAX_ALIGN,
		.max_sectors = BOARD_BOOT_MAX_SECTORS,
		.downgrade = BOOT_DOWNGRADE_BY_VERSION,
	};
	struct boot_rsp rsp;
	pid_t pid;
	int fd;

#if BOARD_BOOT_MODE == 0
	/* swap-using-move decrypts; the other strategies take clear images */
	board_enc_setup(&cfg);
#endif
	printf("*** Booting MCUboot-compatible bootloader on %s ***\n",
	       BOARD_NAME);
	printf("I: Starting bootloader\n");
	printf("I: Upgrade strategy: %s\n", BOARD_BOOT_MODE_NAME);
	if (board_boot_go(&cfg, &rsp) != 0) {
		printf("E: Unable to find bootable image\n");
		return -1;
	}
	fd = payload_memfd(ld, &rsp);
	if (fd < 0) {
		printf("E: cannot load the image payload\n");
		return -1;
	}
	pid = exec_image(ld, fd, listen_fd, opts,
			 rsp.fa == cfg.primary ? 0 : 1);
	close(fd);
	return pid;
}
