# SPDX-License-Identifier: Apache-2.0
#
# Guest half of flash_timing_flow.sh: a signed image (/e2e/image.bin) to
# alt 1 of a board whose flash takes real time, and back. Prints "STEP
# <name>: PASS|FAIL (<seconds>)" per step; exits non-zero on any failure.
. /e2e/lib.sh

cd /tmp || exit 1

echo "flow: board at $E2E_HOST:$E2E_PORT busid $E2E_BUSID, flash-timed"
cp /e2e/image.bin image.bin

t=$(now_cs)
start_autoattach
wait_mode runtime 30
rc=$?
step_done attach $rc "$t"
[ $rc = 0 ] || finish_flow

t=$(now_cs)
run_logged detach dfu-util --detach && wait_mode dfu 20
rc=$?
step_done detach $rc "$t"
[ $rc = 0 ] || finish_flow

t=$(now_cs)
run_logged download dfu-util --alt 1 -t 4096 --download image.bin
step_done download-timed $? "$t"

t=$(now_cs)
wait_mode dfu 20
rm -f back.bin
run_logged upload dfu-util --alt 1 -t 4096 --upload back.bin &&
	[ "$(sha256_of back.bin)" = "$(sha256_of image.bin)" ]
rc=$?
echo "  uploaded $(file_size back.bin) of $(file_size image.bin) bytes"
step_done upload-matches $rc "$t"
finish_flow
