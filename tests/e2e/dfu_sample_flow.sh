#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The main end-to-end test: the reference DFU sample's dfu-util commands,
# run by a real Linux (QEMU guest: vhci-hcd, usbip, dfu-util 0.11) against
# the native board over USB/IP.
#
# Usage: dfu_sample_flow.sh BOARD
#   BOARD  the native board program (build/board/native/native_board); it is
#          started as BOARD --state-dir <fresh dir> --port <free port>
#          (plus $BOARD_ARGS).
# Environment: E2E_BUILD_DIR (cache/work dir, default <repo>/build-e2e),
#   E2E_IMAGE_SIZE (random image, default 1048576), E2E_ALT (default 0),
#   E2E_TIMEOUT (whole guest run, default 600 s), E2E_KEEP_LOGS=1 (keep the
#   console and board logs of a passing run too).
#
# Steps (see guest/dfu_sample_flow.sh): attach, list, detach, upload-backup,
# download-backup, download-random, upload-random (sha256), reset,
# upload-interrupted, upload-retry (sha256). Prints "STEP <name>: PASS|FAIL
# (<s>)" each; exits non-zero on any failure and then prints the board log.
# Exits 77 (skipped) only when QEMU is unavailable.
set -euo pipefail

source "$(dirname "$0")/common.sh"
source "$E2E_DIR/board.sh"

[ $# = 1 ] || { sed -n '7,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
board=$(realpath "$1")
[ -x "$board" ] || e2e_die "no board program at '$1'"

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR"

mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/dfu_sample_flow.XXXXXX")
board_log=$run_dir/board.log
console_log=$run_dir/console.log
cleanup()
{
	board_stop || true
}
trap cleanup EXIT

start=$(e2e_now)
rc=0
# A serial number of the test's own: the guest checks both modes show it.
E2E_SERIAL=e2e-$$-$RANDOM
BOARD_ARGS="${BOARD_ARGS:-} --serial $E2E_SERIAL"
board_start "$board" "$run_dir/state" "$board_log" || rc=$?
if [ $rc != 0 ]; then
	board_print_log "$board_log"
	e2e_die "the board did not start"
fi
echo "board up on 127.0.0.1:$BOARD_PORT in $(e2e_since "$start") s (pid $BOARD_PID, logs in $run_dir)"

guest_start=$(e2e_now)
rc=0
"$E2E_DIR/run-guest.sh" -t "${E2E_TIMEOUT:-600}" \
	-f "$E2E_DIR/guest/lib.sh" -f "$E2E_REPO/tools/usbip-autoattach.sh" \
	-e "E2E_PORT=$BOARD_PORT" -e "E2E_IMAGE_SIZE=${E2E_IMAGE_SIZE:-1048576}" \
	-e "E2E_ALT=${E2E_ALT:-0}" -e "E2E_SERIAL=$E2E_SERIAL" \
	-l "$console_log" "$E2E_DIR/guest/dfu_sample_flow.sh" || rc=$?
[ $rc = "$E2E_SKIP" ] && rc=1 # only e2e_skip above may skip

board_verdict "$board_log" || { [ $rc = 0 ] && rc=1; }
flow_summary "$console_log" "$guest_start" "$start"
grep '^STEP ' "$console_log" || true
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
