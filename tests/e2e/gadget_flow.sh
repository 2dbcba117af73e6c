#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The seed's flows on the gadgetfs controller (udc/udc_gadgetfs.c): the
# native board runs inside the QEMU guest on dummy_hcd's device controller
# (native_board --udc gadgetfs), and the guest's real dfu-util 0.11 talks to
# it through the same kernel's host stack. No USB/IP anywhere.
#
# Usage: gadget_flow.sh BOARD DFU_SAMPLE HELLO_WORLD
#   BOARD        the native board program (build/board/native/native_board)
#   DFU_SAMPLE   the dfu_sample program; its .signed.bin (flashed into the
#                fresh board) is next to it
#   HELLO_WORLD  the hello_world program; its .signed.dfu is next to it
# The programs' shared libraries (ldd) go into the guest with them, the
# images' payloads' too: a sanitizer build runs there as it is.
# Environment: E2E_BUILD_DIR, E2E_IMAGE_SIZE (random image, default
#   1048576), E2E_TIMEOUT (whole guest run, default 900 s), E2E_KEEP_LOGS=1.
#
# Steps (guest/gadget_flow.sh): gadget-modules, board-runtime, list,
# lsusb-runtime, detach, lsusb-dfu, upload-backup, download-backup,
# download-random, upload-random (sha256), usb-reset, download-hello,
# test-swap-hello, revert, board-log-clean, dmesg-clean. Exits 77 (skipped)
# only when QEMU is unavailable.
set -euo pipefail

source "$(dirname "$0")/common.sh"

[ $# = 3 ] || { sed -n '8,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
board=$(realpath "$1")
dfu_sample=$(realpath "$2")
hello=$(realpath "$3")
for f in "$board" "$dfu_sample" "$hello"; do
	[ -x "$f" ] || e2e_die "not a program: '$f'"
done
for f in "$dfu_sample.signed.bin" "$hello.signed.dfu"; do
	[ -s "$f" ] || e2e_die "missing image '$f'"
done

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR"

mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/gadget_flow.XXXXXX")
console_log=$run_dir/console.log

start=$(e2e_now)
rc=0
# A sanitizer build is slower under TCG: more memory and time for it.
"$E2E_DIR/run-guest.sh" -t "${E2E_TIMEOUT:-900}" -m 1024 \
	-f "$E2E_DIR/guest/lib.sh" -b "$board" -d "$dfu_sample" -d "$hello" \
	-f "$dfu_sample.signed.bin" -f "$hello.signed.dfu" \
	-e "E2E_IMAGE_SIZE=${E2E_IMAGE_SIZE:-1048576}" \
	-l "$console_log" "$E2E_DIR/guest/gadget_flow.sh" >/dev/null || rc=$?
[ $rc = "$E2E_SKIP" ] && rc=1 # only e2e_skip above may skip

grep -v '^\[' "$console_log" | sed -n '/^E2E-BOOTED/,$p'
echo "guest run took $(e2e_since "$start") s"
if [ $rc != 0 ]; then
	echo "FAILED (exit $rc); console log kept in $run_dir"
	exit 1
fi
[ -n "${E2E_KEEP_LOGS:-}" ] || rm -rf "$run_dir"
echo "PASSED"
