# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
#
# Overwrite-only steps of the MCUboot walkthrough (sourced by
# guest/mcuboot_flow.sh with E2E_MODE=ow; its helpers). The board runs
# native_board_overwrite: a requested image is copied over the primary,
# confirmed at once, never reverted; the secondary is emptied after it.

fresh_runtime "Upgrade strategy: overwrite-only"

# 1. 1.1.0 is copied in; the test request does not make it a test.
t=$(now_cs)
download_ok download-1.1.0 dfu_sample-1.1.0.signed.bin
step_done download-1.1.0 $? "$t"
abort_if_failed "no request for the new image"

t=$(now_cs)
reset_board && expect "Swap type: test (overwrite)" \
	"Image 0 copying the secondary slot to the primary slot" \
	"USB DFU sample is initialized" && expect_not "Starting swap" &&
	primary_is 1.1.0 && expect "slot image-1: empty" && back_in_runtime
step_done overwrite-1.1.0 $? "$t"
abort_if_failed "1.1.0 was not copied in"

RUNNING_VERSION=1.1.0
t=$(now_cs)
reset_board && expect "Primary image: magic=good" "image_ok=0x1" \
	"USB DFU sample is initialized" && expect_not "copying" &&
	primary_is 1.1.0 && back_in_runtime
step_done no-revert $? "$t"
abort_if_failed "1.1.0 did not stay"

# 2. An older image is refused (by the sample or the bootloader).
t=$(now_cs)
step_rc=1
if host_call mark && detach; then
	download refuse-downgrade hello_world-0.9.0.signed.bin
	if grep -q 'dfuERROR' /tmp/refuse-downgrade.log; then
		board_log_wait "Downloaded image rejected" 10 &&
			reset_board && primary_is 1.1.0 && back_in_runtime
		step_rc=$?
	elif board_log_wait "image pending" 10; then
		reset_board && expect "insufficient version in secondary slot" &&
			primary_is 1.1.0 && back_in_runtime
		step_rc=$?
	fi
fi
step_done refuse-downgrade $step_rc "$t"
abort_if_failed "the downgrade was not refused"

# 3. Hello world (which never confirms itself) stays anyway.
t=$(now_cs)
download_ok download-hello hello_world.signed.dfu &&
	reset_board && expect "Hello World! native_sim" && primary_is 2.0.0 &&
	expect "slot image-1: empty" && wait_mode none 10
step_done overwrite-hello $? "$t"

t=$(now_cs)
reset_board && expect "Hello World! native_sim" && expect_not "copying" &&
	primary_is 2.0.0
step_done hello-stays $? "$t"
