#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# dfu-util download and upload throughput through the real-client rig (QEMU
# guest, vhci-hcd, usbip, dfu-util 0.11) against the native board.
#
# Usage: bench_throughput.sh BOARD [ALT] [SIZE|FILE]
#   BOARD  the native board program (or bench/rig_ceiling, the rig's
#          ceiling); ALT the alt setting (default 0);
#   SIZE   size of a random image in bytes (default 4194304: the native
#          board's ramdisk0 and its image-1 slot are 4 MiB);
#   FILE   an image file to use instead (alt 1 takes only signed images,
#          e.g. build/apps/hello_world.signed.bin)
# Environment: E2E_TRANSFER_SIZES (default "1024 4096"), E2E_RUNS (default 3),
#   E2E_BUILD_DIR, BOARD_ARGS.
# Prints a table of KiB/s, median of the runs; each upload is compared with
# the downloaded file. A benchmark: it asserts no speed.
set -euo pipefail

source "$(dirname "$0")/common.sh"
source "$E2E_DIR/board.sh"

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
	sed -n '7,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
board=$(realpath "$1")
alt=${2:-0}
size=${3:-4194304}
image_args=()
if [ -f "$size" ]; then
	mkdir -p "$E2E_BUILD_DIR/runs"
	image_copy=$(mktemp -d "$E2E_BUILD_DIR/runs/bench-image.XXXXXX")
	cp "$size" "$image_copy/bench-image.bin"
	image_args=(-f "$image_copy/bench-image.bin")
	size=$(stat -c %s "$size")
elif ! [[ $size =~ ^[0-9]+$ ]]; then
	e2e_die "SIZE must be a byte count or an existing file, got '$size'"
fi

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR"

mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/bench.XXXXXX")
trap 'board_stop || true; rm -rf "${image_copy:-}"' EXIT
rc=0
board_start "$board" "$run_dir/state" "$run_dir/board.log" || rc=$?
if [ $rc != 0 ]; then
	board_print_log "$run_dir/board.log"
	e2e_die "the board did not start"
fi

rc=0
"$E2E_DIR/run-guest.sh" -t 1800 -m 768 \
	-f "$E2E_DIR/guest/lib.sh" -f "$E2E_REPO/tools/usbip-autoattach.sh" \
	-e "E2E_PORT=$BOARD_PORT" -e "E2E_IMAGE_SIZE=$size" -e "E2E_ALT=$alt" \
	-e "E2E_TRANSFER_SIZES=${E2E_TRANSFER_SIZES:-1024 4096}" \
	-e "E2E_RUNS=${E2E_RUNS:-3}" "${image_args[@]+"${image_args[@]}"}" \
	-l "$run_dir/console.log" "$E2E_DIR/guest/bench.sh" >/dev/null || rc=$?
board_stop || rc=1

echo "dfu-util throughput, $(basename "$board") over USB/IP, QEMU TCG guest"
sed -n 's/^BENCH //p' "$run_dir/console.log"
if [ $rc != 0 ]; then
	grep -v '^\[' "$run_dir/console.log" | tail -n 60
	board_print_log "$run_dir/board.log"
	echo "bench FAILED; logs in $run_dir"
	exit 1
fi
rm -rf "$run_dir"
