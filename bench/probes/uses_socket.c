/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Probe for the cortex_m4_build check (tests/footprint.cmake): portable
 * code that opens a socket. A bare-metal C library has no <sys/socket.h>,
 * so the compile step must refuse it.
 */
#include <sys/socket.h>

int probe_uses_socket(void);

int probe_uses_socket(void)
{
	return socket(AF_INET, SOCK_STREAM, 0);
}
