/* SPDX-License-Identifier: Apache-2.0 */
/* The board's flash as a file: it persists across resets and runs. */
#ifndef BOARD_NATIVE_FLASH_FILE_H
#define BOARD_NATIVE_FLASH_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Open (creating it erased, 0xff, if missing) and map path. *created tells
 * whether it was new. Returns the mapping or NULL with a message in err.
 */
uint8_t *flash_file_open(const char *path, size_t size, int *fd_out,
			 bool *created, char *err, size_t err_len);
/* Map an already open flash file (an fd handed over by the board). */
uint8_t *flash_file_map_fd(int fd, size_t size, char *err, size_t err_len);

#endif /* BOARD_NATIVE_FLASH_FILE_H */
