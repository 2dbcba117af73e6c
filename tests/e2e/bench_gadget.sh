#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# dfu-util throughput through dummy_hcd and gadgetfs: the native board and
# the trivial gadget that answers every request at once (bench/rig_ceiling
# --gadgetfs, the ceiling of this path) both run inside the QEMU guest,
# dfu-util too. Compare with bench_throughput.sh (USB/IP).
#
# Usage: bench_gadget.sh BOARD DFU_SAMPLE CEILING
#   BOARD       build/board/native/native_board
#   DFU_SAMPLE  build/apps/dfu_sample (its .signed.bin is next to it)
#   CEILING     build/bench/rig_ceiling
# Environment: E2E_IMAGE_SIZE (default 4194304), E2E_TRANSFER_SIZES (default
#   "256": gadgetfs moves at most 256 bytes per control transfer, so the
#   device offers wTransferSize 256 and -t 1024 or 4096 is stalled),
#   E2E_RUNS (default 1), E2E_BUILD_DIR.
# Prints the tables; a benchmark: it asserts no speed.
set -euo pipefail

source "$(dirname "$0")/common.sh"

[ $# = 3 ] || { sed -n '9,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
board=$(realpath "$1")
dfu_sample=$(realpath "$2")
ceiling=$(realpath "$3")

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR"
mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/bench_gadget.XXXXXX")

rc=0
"$E2E_DIR/run-guest.sh" -t 3000 -m 1024 \
	-f "$E2E_DIR/guest/lib.sh" -f "$E2E_DIR/guest/bench.sh" \
	-b "$board" -b "$ceiling" -d "$dfu_sample" -f "$dfu_sample.signed.bin" \
	-e "E2E_IMAGE_SIZE=${E2E_IMAGE_SIZE:-4194304}" \
	-e "E2E_TRANSFER_SIZES=${E2E_TRANSFER_SIZES:-256}" \
	-e "E2E_RUNS=${E2E_RUNS:-1}" \
	-l "$run_dir/console.log" "$E2E_DIR/guest/bench_gadget.sh" >/dev/null || rc=$?

echo "dfu-util throughput through dummy_hcd + gadgetfs, QEMU TCG guest"
sed -n 's/^BENCH //p' "$run_dir/console.log"
if [ $rc != 0 ]; then
	grep -v '^\[' "$run_dir/console.log" | tail -n 40
	echo "bench FAILED; logs in $run_dir"
	exit 1
fi
rm -rf "$run_dir"
