/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hello world for the native board. It does not confirm itself, so an
 * MCUboot test swap of it is reverted on the next reset.
 */
#include <unistd.h>

#include "board/native/board.h"

int main(int argc, char **argv)
{
	static struct board b;

	if (board_init(&b, argc, argv) < 0) {
		return 1;
	}
	board_log("Hello World! %s", b.name);
	for (;;) {
		pause(); /* until the board resets us */
	}
}
