# SPDX-License-Identifier: Apache-2.0
#
# Guest half of gadget_flow.sh: the native board runs inside the guest on
# dummy_hcd's device controller through gadgetfs (native_board --udc
# gadgetfs), and the real dfu-util of the same guest talks to it through
# the kernel's host stack. The seed's flows: dfu-util -l, --detach, lsusb -v
# of both personalities, alt 0 upload/download, a random round trip, a USB
# reset back to run-time mode, alt 1 download of the signed hello world,
# board reset into the test swap, hello world, reset into the revert.
# Prints "STEP <name>: PASS|FAIL (<seconds>)" per step.
. /e2e/lib.sh

IMAGE_SIZE=${E2E_IMAGE_SIZE:-1048576}
BOARD_LOG=/tmp/board.log
cd /tmp || exit 1

finish_flow()
{
	[ -n "${BOARD_PID:-}" ] && kill "$BOARD_PID" 2>/dev/null
	if [ "$FAILS" != 0 ]; then
		dump_diagnostics
		echo "---- guest: board log ----"
		sed 's/^/  | /' "$BOARD_LOG"
	fi
	echo "E2E SUMMARY: $FAILS failed"
	[ "$FAILS" = 0 ] && exit 0
	exit 1
}

abort_unless()
{
	[ "$1" = 0 ] && return
	echo "ABORT: $2; the remaining steps were not run"
	finish_flow
}

load_gadget_modules()
{
	for module in $(cat /etc/e2e-gadget-modules); do
		[ -e "/sys/module/$(echo "${module%.ko}" | tr - _)" ] && continue
		insmod "/lib/modules/$module" || return 1
	done
	mkdir -p /dev/gadget
	mount -t gadgetfs gadgetfs /dev/gadget && ls /dev/gadget
}

# board_has TEXT [SECONDS]: wait until the board's log has TEXT after the
# mark set by mark_log.
mark_log()
{
	LOG_MARK=$(wc -l <"$BOARD_LOG")
}

board_has()
{
	deadline=$(($(now_cs) + ${2:-30} * 100))
	while ! tail -n +$((LOG_MARK + 1)) "$BOARD_LOG" | grep -qF -- "$1"; do
		[ "$(now_cs)" -lt $deadline ] || {
			echo "  board log lacks '$1'"
			return 1
		}
		sleep 0.1
	done
	echo "  board: $(tail -n +$((LOG_MARK + 1)) "$BOARD_LOG" |
		grep -F -- "$1" | head -n 1)"
}

reset_board()
{
	mark_log
	kill -USR1 "$BOARD_PID"
}

dmesg_clean()
{
	if dmesg | grep -i "warn\|invalid\|error\|fail\|call trace\|bug"; then
		echo "  kernel warnings above"
		return 1
	fi
	return 0
}

# lsusb -v decodes every descriptor with no warning. gadgetfs sets bcdUSB
# to 2.00, so the host asks for no BOS (no MS OS 2.0 capability here).
lsusb_check()
{
	lsusb -v -d "$2" >"/tmp/$1.log" 2>"/tmp/$1.err"
	rc=$?
	grep -e "bcdUSB" -e "iProduct" -e "wTransferSize" "/tmp/$1.log" |
		sed 's/^/  /'
	if [ $rc != 0 ] || [ -s "/tmp/$1.err" ] ||
		grep -qi "warning\|invalid\|can't\|error" "/tmp/$1.log"; then
		echo "  lsusb -v $2: exit $rc"
		sed 's/^/  | /' "/tmp/$1.err" | head -n 10
		return 1
	fi
	grep -q "iProduct .*$3" "/tmp/$1.log" &&
		grep -q "Device Firmware Upgrade" "/tmp/$1.log"
}

upload_to()
{
	rm -f "$3"
	run_logged "$1" dfu-util --alt "$2" --upload "$3" && [ -e "$3" ] &&
		echo "  uploaded $(file_size "$3") bytes"
}

same_content()
{
	[ "$(sha256_of "$1")" = "$(sha256_of "$2")" ] && {
		echo "  $2 matches $1 (sha256 $(sha256_of "$1"))"
		return 0
	}
	echo "  MISMATCH: $1 $(file_size "$1") bytes, $2 $(file_size "$2") bytes"
	return 1
}

detach_to_dfu()
{
	run_logged "$1" dfu-util --detach && wait_mode dfu 30 &&
		run_logged "$1-list" dfu-util -l &&
		grep -q '^Found DFU' "/tmp/$1-list.log"
}

t=$(now_cs)
load_gadget_modules
rc=$?
step_done gadget-modules $rc "$t"
abort_unless $rc "dummy_hcd or gadgetfs did not load"

t=$(now_cs)
dmesg -c >/dev/null
mark_log
/e2e/native_board --udc gadgetfs --gadgetfs /dev/gadget \
	--state-dir /tmp/board --erase --image /e2e/dfu_sample.signed.bin \
	</dev/null >"$BOARD_LOG" 2>&1 &
BOARD_PID=$!
board_has "USB DFU sample is initialized" && wait_mode runtime 30
rc=$?
step_done board-runtime $rc "$t"
abort_unless $rc "the board never showed up in run-time mode"

t=$(now_cs)
run_logged list dfu-util -l && grep -q '^Found Runtime' /tmp/list.log
step_done list $? "$t"

t=$(now_cs)
dmesg_clean && lsusb_check lsusb-runtime 2fe3:0005 "USBD DFU sample"
step_done lsusb-runtime $? "$t"

t=$(now_cs)
dmesg -c >/dev/null
detach_to_dfu detach
rc=$?
step_done detach $rc "$t"
abort_unless $rc "the device did not come back in DFU mode"

t=$(now_cs)
dmesg_clean && lsusb_check lsusb-dfu 2fe3:ffff "(DFU mode)"
step_done lsusb-dfu $? "$t"

t=$(now_cs)
upload_to upload-backup 0 ramdisk0_backup.bin &&
	[ "$(file_size ramdisk0_backup.bin)" -gt 0 ]
step_done upload-backup $? "$t"

t=$(now_cs)
run_logged download-backup dfu-util --alt 0 --download ramdisk0_backup.bin
step_done download-backup $? "$t"

head -c "$IMAGE_SIZE" /dev/urandom >random.bin
t=$(now_cs)
run_logged download-random dfu-util --alt 0 --download random.bin
step_done download-random $? "$t"

t=$(now_cs)
upload_to upload-random 0 random_back.bin && same_content random.bin random_back.bin
step_done upload-random $? "$t"

# A USB reset of the configured DFU-mode device: gadgetfs reports it as a
# disconnect, the driver as UDC_EVT_RESET, the sample goes back to
# run-time mode. dfu-util 0.11 returns 251 when the device came back as
# another one (see tests/e2e/README.md).
t=$(now_cs)
mark_log
run_logged usb-reset dfu-util --alt 0 --detach --reset
rc=$?
[ $rc = 251 ] && grep -q '^Resetting USB' /tmp/usb-reset.log && rc=0
[ $rc = 0 ] && board_has "USBD message: Bus reset" 10 && wait_mode runtime 30
step_done usb-reset $? "$t"

t=$(now_cs)
mark_log
wait_mode runtime 10 && detach_to_dfu detach-again &&
	run_logged download-hello dfu-util --alt 1 \
		--download /e2e/hello_world.signed.dfu &&
	! grep -q 'Invalid DFU suffix' /tmp/download-hello.log &&
	board_has "test swap on next reset" 10
rc=$?
step_done download-hello $rc "$t"

t=$(now_cs)
reset_board
board_has "Swap type: test" && board_has "Starting swap using move algorithm." &&
	board_has "Jumping to the first image slot" &&
	board_has "Hello World! native_sim" && wait_mode none 10
step_done test-swap-hello $? "$t"

t=$(now_cs)
reset_board
board_has "Swap type: revert" && board_has "USB DFU sample is initialized" &&
	wait_mode runtime 30 && run_logged list-reverted dfu-util -l &&
	grep -q '^Found Runtime' /tmp/list-reverted.log
step_done revert $? "$t"

t=$(now_cs)
! grep -i "cannot stall\|refused by the stack\|gadgetfs: .*: " "$BOARD_LOG"
step_done board-log-clean $? "$t"

t=$(now_cs)
dmesg_clean
step_done dmesg-clean $? "$t"

finish_flow
