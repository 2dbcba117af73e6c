# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
#
# Direct-xip steps of the MCUboot walkthrough (sourced by
# guest/mcuboot_flow.sh with E2E_MODE=xip; its helpers). The board runs
# native_board_xip: nothing is copied, the newest image with a trailer
# magic runs in place, an unconfirmed one is dropped at the next reset, and
# the DFU sample's alt 1 is always the slot that is not running.

fresh_runtime "Upgrade strategy: direct-xip"

# 1. Hello world into image-1, tried once, dropped by the next reset.
t=$(now_cs)
download_ok download-hello hello_world.signed.dfu &&
	host_call log && expect "slot image-1: 2.0.0" "slot image-0: 1.0.0"
step_done download-hello $? "$t"
abort_if_failed "no request for the new image"

t=$(now_cs)
reset_board && expect "Image in the secondary slot is executed in place" \
	"Hello World! native_sim" && expect_not "Starting swap" &&
	primary_is 1.0.0 && expect "slot image-1: 2.0.0" && wait_mode none 10 &&
	echo "  hello world runs from image-1, nothing copied"
step_done try-hello $? "$t"

t=$(now_cs)
reset_board && expect "was tried and not confirmed: erasing it (revert)" \
	"Image in the primary slot is executed in place" \
	"USB DFU sample is initialized" && primary_is 1.0.0 &&
	expect "slot image-1: empty" && back_in_runtime
step_done revert $? "$t"
abort_if_failed "the sample did not come back"

# 2. 1.1.0 into image-1, confirms itself and stays.
t=$(now_cs)
download_ok download-1.1.0 dfu_sample-1.1.0.signed.bin &&
	reset_board && expect "Image in the secondary slot is executed in place" \
	"Running from image-1 (direct-xip): alt 1 is image-0" \
	"USB DFU sample is initialized" && expect_not "Cannot confirm" &&
	back_in_runtime
step_done try-1.1.0 $? "$t"
abort_if_failed "1.1.0 does not run from image-1"

t=$(now_cs)
reset_board && expect "Image in the secondary slot is executed in place" \
	"Secondary image: magic=good" "image_ok=0x1" &&
	expect_not "erasing it" && expect "slot image-1: 1.1.0" &&
	back_in_runtime
step_done confirmed-stays $? "$t"
abort_if_failed "the confirmed image did not stay"

# 3. The next download goes to the slot not running: image-0.
t=$(now_cs)
download_ok download-to-image-0 hello_world.signed.dfu &&
	host_call log && expect "slot image-0: 2.0.0" "slot image-1: 1.1.0" &&
	echo "  alt 1 wrote image-0, the running image-1 is intact"
step_done download-to-image-0 $? "$t"
abort_if_failed "the download did not go to image-0"

t=$(now_cs)
reset_board && expect "Image in the primary slot is executed in place" \
	"Hello World! native_sim" && wait_mode none 10
step_done try-image-0 $? "$t"

t=$(now_cs)
reset_board && expect "was tried and not confirmed: erasing it (revert)" \
	"Image in the secondary slot is executed in place" \
	"USB DFU sample is initialized" && expect "slot image-0: empty" &&
	expect "slot image-1: 1.1.0" && back_in_runtime
step_done revert-to-image-1 $? "$t"
