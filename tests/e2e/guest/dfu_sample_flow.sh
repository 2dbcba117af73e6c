# SPDX-License-Identifier: Apache-2.0
#
# Guest half of dfu_sample_flow.sh: the reference sample's dfu-util commands
# against the native board, attached over USB/IP by usbip-autoattach.sh.
# Prints "STEP <name>: PASS|FAIL (<seconds>)" per step; exits non-zero on
# any failure.
. /e2e/lib.sh

IMAGE_SIZE=${E2E_IMAGE_SIZE:-1048576}
ALT=${E2E_ALT:-0}
cd /tmp || exit 1

# dfu-util upload into FILE; fails if FILE is missing afterwards.
upload_to()
{
	rm -f "$2"
	run_logged "$1" dfu-util --alt "$ALT" --upload "$2" && [ -e "$2" ] &&
		echo "  uploaded $(file_size "$2") bytes"
}

echo "flow: board at $E2E_HOST:$E2E_PORT busid $E2E_BUSID, alt $ALT"

t=$(now_cs)
start_autoattach
wait_mode runtime 30
rc=$?
step_done attach $rc "$t"
abort_unless $rc "the device never showed up in run-time mode"

t=$(now_cs)
run_logged list dfu-util -l && grep -q '^Found Runtime' /tmp/list.log &&
	grep -q "serial=\"$E2E_SERIAL\"" /tmp/list.log
step_done list $? "$t"

t=$(now_cs)
dmesg_clean && lsusb_msos20 lsusb-runtime 2fe3:0005
step_done lsusb-runtime $? "$t"

t=$(now_cs)
run_logged detach dfu-util --detach
rc=$?
detach_cs=$(since "$t")
[ $rc = 0 ] && wait_mode dfu 30
rc=$?
echo "  dfu-util --detach took $detach_cs s; device back in DFU mode after $(since "$t") s"
[ $rc = 0 ] && run_logged list-dfu dfu-util -l && grep -q '^Found DFU' /tmp/list-dfu.log &&
	grep -q "serial=\"$E2E_SERIAL\"" /tmp/list-dfu.log &&
	echo "  serial \"$E2E_SERIAL\" in both modes"
rc=$?
step_done detach $rc "$t"
abort_unless $rc "the device did not come back in DFU mode"

t=$(now_cs)
dmesg_clean && lsusb_msos20 lsusb-dfu 2fe3:ffff
step_done lsusb-dfu $? "$t"

t=$(now_cs)
ensure_dfu_mode upload-backup && upload_to upload-backup ramdisk0_backup.bin
step_done upload-backup $? "$t"

t=$(now_cs)
ensure_dfu_mode download-backup &&
	run_logged download-backup dfu-util --alt "$ALT" --download ramdisk0_backup.bin
step_done download-backup $? "$t"

head -c "$IMAGE_SIZE" /dev/urandom >random.bin
t=$(now_cs)
ensure_dfu_mode download-random &&
	run_logged download-random dfu-util --alt "$ALT" --download random.bin
step_done download-random $? "$t"

t=$(now_cs)
ensure_dfu_mode upload-random && upload_to upload-random random_back.bin &&
	same_content random.bin random_back.bin
step_done upload-random $? "$t"

# dfu-util 0.11 refuses a bare -R (usage error, exit 64): -R needs an
# action, and --detach is the one without a transfer. In DFU mode it sends
# DFU_DETACH (not valid there, so a stall) and then the USB reset. --alt
# picks one interface: with several alt settings dfu-util otherwise sees
# "more than one DFU capable USB device" and stops. When the
# device comes back as a different device (run-time descriptors),
# libusb_reset_device() returns LIBUSB_ERROR_NOT_FOUND, which dfu-util 0.11
# accepts but returns as its exit code: 251 (-5). Both mean success.
t=$(now_cs)
ensure_dfu_mode reset && run_logged reset dfu-util --alt "$ALT" --detach --reset
rc=$?
if [ $rc = 251 ] && grep -q '^Resetting USB' /tmp/reset.log; then
	echo "  exit 251 = LIBUSB_ERROR_NOT_FOUND from the reset: the device re-enumerated"
	rc=0
fi
if [ $rc = 0 ]; then
	# The reset is a replug for USB/IP: wait for it to go and come back.
	wait_mode none 5 || echo "  note: the device did not drop off after the reset"
	wait_mode any 30
	rc=$?
	echo "  after the reset the device is in '$(usb_dfu_mode)' mode ($(since "$t") s)"
fi
step_done reset $rc "$t"
abort_unless $rc "the device did not come back after the reset"

# Kill dfu-util in the middle of an upload (small transfers make it long
# enough to hit), then a clean upload must recover and match.
t=$(now_cs)
rm -f partial.bin
ensure_dfu_mode upload-interrupted
dfu-util --alt "$ALT" --transfer-size 64 --upload partial.bin >/tmp/partial.log 2>&1 &
pid=$!
deadline=$(($(now_cs) + 3000))
while [ "$(file_size partial.bin)" -lt 32768 ] && kill -0 $pid 2>/dev/null &&
	[ "$(now_cs)" -lt $deadline ]; do
	sleep 0.05
done
kill -9 $pid 2>/dev/null
killed=$?
wait $pid 2>/dev/null
got=$(file_size partial.bin)
echo "  killed dfu-util after $got of $IMAGE_SIZE bytes"
show_log /tmp/partial.log | tail -n 4
[ $killed = 0 ] && [ "$got" -gt 0 ] && [ "$got" -lt "$IMAGE_SIZE" ]
step_done upload-interrupted $? "$t"

t=$(now_cs)
ensure_dfu_mode upload-retry && upload_to upload-retry retry.bin &&
	same_content random.bin retry.bin
step_done upload-retry $? "$t"

# The one-command update users type on a board in run-time mode:
# dfu-util detaches it, waits --detach-delay, finds it in DFU mode and
# downloads. First back to run-time mode with a reset, as above.
t=$(now_cs)
if [ "$(usb_dfu_mode)" != runtime ]; then
	run_logged to-runtime dfu-util --alt "$ALT" --detach --reset
	wait_mode none 5
	wait_mode runtime 30
fi
head -c "$IMAGE_SIZE" /dev/urandom >random2.bin
[ "$(usb_dfu_mode)" = runtime ] &&
	run_logged update-from-runtime dfu-util --alt "$ALT" --download random2.bin &&
	ensure_dfu_mode upload-update && upload_to upload-update random2_back.bin &&
	same_content random2.bin random2_back.bin
step_done update-from-runtime $? "$t"

finish_flow
