#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The native board with --flash-timing nrf52840 (erases and programs take
# real time): the real dfu-util in the QEMU guest downloads a small signed
# image to alt 1 (the flash backend) and uploads it back; the board log
# must show the flash time the download cost.
#
# Usage: flash_timing_flow.sh BOARD IMGTOOL KEY
#   BOARD the native board program; IMGTOOL the build's imgtool; KEY the
#   board's signing key
# Environment: E2E_BUILD_DIR, E2E_IMAGE_SIZE (signed image bytes, default
#   65536), E2E_KEEP_LOGS=1 (keep the logs of a passing run too).
# Steps: attach, detach, download-timed, upload-matches (in the guest),
#   flash-time (here: the sample's "Flash busy N ms" line, simulated time,
#   at least the image's own page erases and word programs). Exits 77
#   (skipped) only when QEMU is unavailable.
set -euo pipefail

source "$(dirname "$0")/common.sh"
source "$E2E_DIR/board.sh"

[ $# = 3 ] || { sed -n '9,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
board=$(realpath "$1")
imgtool=$2
key=$3
size=${E2E_IMAGE_SIZE:-65536}
[ -x "$board" ] || e2e_die "no board program at '$1'"

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR"

mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/flash_timing_flow.XXXXXX")
board_log=$run_dir/board.log
console_log=$run_dir/console.log
trap 'board_stop || true' EXIT

# A signed image of exactly $size bytes (ed25519: header 0x200 + 144 bytes
# of TLVs); version 9.0.0 passes the sample's no-downgrade check.
head -c $((size - 656)) /dev/urandom >"$run_dir/payload.bin"
"$imgtool" sign --header-size 0x200 --align 4 --pad-header \
	--slot-size 0x400000 --version 9.0.0 -k "$key" \
	"$run_dir/payload.bin" "$run_dir/image.bin" >/dev/null
[ "$(stat -c %s "$run_dir/image.bin")" = "$size" ] ||
	e2e_die "signed image is not $size bytes"

start=$(e2e_now)
rc=0
BOARD_ARGS="--flash-timing nrf52840 ${BOARD_ARGS:-}" \
	board_start "$board" "$run_dir/state" "$board_log" || rc=$?
if [ $rc != 0 ]; then
	board_print_log "$board_log"
	e2e_die "the board did not start"
fi

guest_start=$(e2e_now)
rc=0
"$E2E_DIR/run-guest.sh" -t 300 \
	-f "$E2E_DIR/guest/lib.sh" -f "$E2E_REPO/tools/usbip-autoattach.sh" \
	-f "$run_dir/image.bin" -e "E2E_PORT=$BOARD_PORT" \
	-l "$console_log" "$E2E_DIR/guest/flash_timing_flow.sh" >/dev/null || rc=$?
[ $rc = "$E2E_SKIP" ] && rc=1 # only e2e_skip above may skip

board_verdict "$board_log" || { [ $rc = 0 ] && rc=1; }
flow_summary "$console_log" "$guest_start" "$start"
grep '^STEP ' "$console_log" || true

# The image alone needs its page erases (85 ms) and word programs (41 us).
min_ms=$((((size + 4095) / 4096 * 85000 + size / 4 * 41) / 1000))
busy_ms=$(sed -n 's/.*Flash busy \([0-9]*\) ms.*/\1/p' "$board_log" | tail -n 1)
if [ -n "$busy_ms" ] && [ "$busy_ms" -ge "$min_ms" ]; then
	echo "STEP flash-time: PASS (flash busy $busy_ms ms, image alone $min_ms ms)"
else
	echo "STEP flash-time: FAIL (flash busy '${busy_ms}' ms, want >= $min_ms)"
	[ $rc = 0 ] && rc=1
fi
grep -E 'timing|Flash busy' "$board_log" | sed 's/^/  board: /'
if [ $rc != 0 ]; then
	board_print_log "$board_log"
	echo "FAILED (exit $rc); console and board logs kept in $run_dir"
	exit 1
fi
if [ -n "${E2E_KEEP_LOGS:-}" ]; then
	echo "PASSED; logs kept in $run_dir"
else
	rm -rf "$run_dir"
	echo "PASSED"
fi
