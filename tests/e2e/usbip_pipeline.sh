#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# End-to-end check of issue 10 defect 7 without a guest: a host-side USB/IP
# client (tests/usbip_pipeline_client.c) imports busid 1-1 from the real
# native board and pipelines 100 control URBs in one write; all 100 must
# be answered.
#
# Usage: usbip_pipeline.sh BOARD CLIENT [N]
#   BOARD   the native board program, started as BOARD --state-dir <fresh
#           dir> --port <free port> (plus $BOARD_ARGS)
#   CLIENT  the usbip_pipeline_client program
# Prints "STEP pipeline-100: PASS|FAIL"; on failure, the board log.
set -euo pipefail

source "$(dirname "$0")/common.sh"
source "$E2E_DIR/board.sh"

[ $# -ge 2 ] || { sed -n '8,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
board=$(realpath "$1")
client=$(realpath "$2")
count=${3:-100}
[ -x "$client" ] || e2e_die "no client program at '$2'"

mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/usbip_pipeline.XXXXXX")
board_log=$run_dir/board.log
trap 'board_stop || true' EXIT

if ! board_start "$board" "$run_dir/state" "$board_log"; then
	board_print_log "$board_log"
	e2e_die "the board did not start"
fi
rc=0
"$client" "$BOARD_PORT" 1-1 "$count" || rc=$?
[ $rc = 0 ] && step=PASS || step=FAIL
echo "STEP pipeline-$count: $step"
board_verdict "$board_log" || rc=1
if [ $rc != 0 ]; then
	board_print_log "$board_log"
	exit 1
fi
[ -n "${E2E_KEEP_LOGS:-}" ] || rm -rf "$run_dir"
