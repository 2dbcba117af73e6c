/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS's default allocator pair (mbedtls_config.h). The bootloader
 * installs the static-buffer allocator before any crypto runs, so these
 * only answer if that ever was forgotten: no memory, and no libc heap.
 * board_mbedtls_exit: the allocator found its buffer corrupted; fault
 * (the board's fault handler reports it) instead of libc's exit().
 */
#include <stddef.h>

#include "board/mps2_an386/mbedtls_config.h"

void *board_mbedtls_no_calloc(size_t n, size_t size)
{
	(void)n;
	(void)size;
	return NULL;
}

void board_mbedtls_no_free(void *p)
{
	(void)p;
}

void board_mbedtls_exit(int status)
{
	(void)status;
	__builtin_trap();
}
