/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The board's USB serial number: one per board, the same in run-time and
 * DFU mode, so that hosts (dfu-util -S) tell boards apart. A board keeps a
 * random one in its state dir (made on first use); --serial overrides it.
 */
#ifndef BOARD_NATIVE_BOARD_SERIAL_H
#define BOARD_NATIVE_BOARD_SERIAL_H

#include <stddef.h>

/* A USB string descriptor holds 126 characters. */
#define BOARD_SERIAL_MAX 126

/* 0 if s is 1..BOARD_SERIAL_MAX printable ASCII characters, else -1. */
int board_serial_valid(const char *s);

/*
 * The serial kept in dir/serial, made (16 random hex digits) when the
 * file does not exist. Returns 0, or -1 with a one-line reason in err.
 */
int board_serial_load(const char *dir, char *out, size_t cap, char *err,
		      size_t err_len);

#endif /* BOARD_NATIVE_BOARD_SERIAL_H */
