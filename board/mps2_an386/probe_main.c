/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main() of the probe-heap firmware: links bench/probes/uses_heap.c (which
 * calls malloc) into a board firmware, so the firmware symbol check has a
 * firmware it must refuse (tests/cortexm.cmake).
 */
int probe_uses_heap(void);
int main(void);

int main(void)
{
	return probe_uses_heap();
}
