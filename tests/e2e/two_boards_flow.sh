#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Two native boards on one host (issue 13): each on its own port, both
# attached in the QEMU guest; dfu-util -l lists both with their own serial
# numbers, dfu-util -S picks each, and a download to one never touches the
# other (sha256 of both RAM disks after each download).
#
# Usage: two_boards_flow.sh BOARD
# Prints "STEP <name>: PASS|FAIL (<s>)"; exits non-zero on any failure.
set -euo pipefail

source "$(dirname "$0")/common.sh"
source "$E2E_DIR/board.sh"

[ $# = 1 ] || { sed -n '9,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
board=$(realpath "$1")
[ -x "$board" ] || e2e_die "no board program at '$1'"

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR"

mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/two_boards.XXXXXX")
console_log=$run_dir/console.log
PID_A= PID_B=
cleanup()
{
	local p
	for p in $PID_A $PID_B; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	return 0
}
trap cleanup EXIT

start=$(e2e_now)
SERIAL_A=board-a-$$
SERIAL_B=board-b-$$
BOARD_ARGS="--serial $SERIAL_A" board_start "$board" "$run_dir/a" "$run_dir/a.log" ||
	{ board_print_log "$run_dir/a.log"; e2e_die "board A did not start"; }
PID_A=$BOARD_PID PORT_A=$BOARD_PORT
BOARD_ARGS="--serial $SERIAL_B" board_start "$board" "$run_dir/b" "$run_dir/b.log" ||
	{ board_print_log "$run_dir/b.log"; e2e_die "board B did not start"; }
PID_B=$BOARD_PID PORT_B=$BOARD_PORT
echo "boards: A $SERIAL_A on $PORT_A, B $SERIAL_B on $PORT_B"

guest_start=$(e2e_now)
rc=0
"$E2E_DIR/run-guest.sh" -t "${E2E_TIMEOUT:-600}" \
	-f "$E2E_DIR/guest/lib.sh" -f "$E2E_REPO/tools/usbip-autoattach.sh" \
	-e "PORT_A=$PORT_A" -e "PORT_B=$PORT_B" \
	-e "SERIAL_A=$SERIAL_A" -e "SERIAL_B=$SERIAL_B" \
	-l "$console_log" "$E2E_DIR/guest/two_boards_flow.sh" || rc=$?
[ $rc = "$E2E_SKIP" ] && rc=1

BOARD_PID=$PID_A
board_verdict "$run_dir/a.log" || { [ $rc = 0 ] && rc=1; }
BOARD_PID=$PID_B
board_verdict "$run_dir/b.log" || { [ $rc = 0 ] && rc=1; }
PID_A= PID_B=
flow_summary "$console_log" "$guest_start" "$start"
grep '^STEP ' "$console_log" || true
if [ $rc != 0 ]; then
	board_print_log "$run_dir/a.log"
	board_print_log "$run_dir/b.log"
	echo "FAILED (exit $rc); logs kept in $run_dir"
	exit 1
fi
[ -n "${E2E_KEEP_LOGS:-}" ] || rm -rf "$run_dir"
echo "PASSED"
