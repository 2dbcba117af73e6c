/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Probe for the cortex_m4_build check (tests/footprint.cmake): portable
 * code that prints. newlib compiles it; the undefined-symbol check must
 * refuse it (logging goes through the caller's hook in these layers).
 */
#include <stdio.h>

int probe_uses_stdio(int v);

int probe_uses_stdio(int v)
{
	return printf("%d\n", v);
}
