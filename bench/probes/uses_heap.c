/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Probe for the cortex_m4_build check (tests/footprint.cmake): portable
 * code that allocates. It compiles for Cortex-M (newlib has malloc), so
 * only the undefined-symbol check can refuse it; the test expects that.
 */
#include <stdlib.h>

int probe_uses_heap(void);

int probe_uses_heap(void)
{
	char *p = malloc(16);

	free(p);
	return p != NULL;
}
