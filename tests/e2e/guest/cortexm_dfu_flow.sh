# SPDX-License-Identifier: Apache-2.0
#
# Guest half of cortexm_dfu_flow.py: dfu-util against the DFU sample running
# as Cortex-M4 firmware in qemu-system-arm, exported over USB/IP by
# udc_bridge_host. Steps: attach, list, lsusb -v (MS OS 2.0 descriptors)
# in both modes, detach, alt 0 download + upload
# (sha256), alt 1 download of the signed hello world (/e2e/hello.bin) and
# its upload (sha256). Prints "STEP <name>: PASS|FAIL (<s>)" and, per
# transfer, "RATE <name> <bytes> <centiseconds>"; exits non-zero on any
# failure.
. /e2e/lib.sh

SIZE=${E2E_IMAGE_SIZE:-32768}
cd /tmp || exit 1

# timed NAME BYTES CMD...: run_logged with a RATE line on success.
timed()
{
	name=$1
	bytes=$2
	shift 2
	t0=$(now_cs)
	run_logged "$name" "$@" || return 1
	echo "RATE $name $bytes $(($(now_cs) - t0))"
}

echo "flow: Cortex-M4 board at $E2E_HOST:$E2E_PORT, $SIZE-byte RAM disk image"

t=$(now_cs)
start_autoattach
wait_mode runtime 60
rc=$?
step_done attach $rc "$t"
abort_unless $rc "the device never showed up in run-time mode"

t=$(now_cs)
run_logged list dfu-util -l && grep -q '^Found Runtime' /tmp/list.log
step_done list $? "$t"

# Both personalities carry Microsoft OS 2.0 descriptors (the shared
# sample, apps/dfu/dfu_sample.c): lsusb -v decodes the BOS with its
# platform capability, the kernel logs no warning.
t=$(now_cs)
dmesg_clean && lsusb_msos20 lsusb-runtime 2fe3:0005
step_done lsusb-runtime $? "$t"

t=$(now_cs)
run_logged detach dfu-util --detach && wait_mode dfu 30 &&
	run_logged list-dfu dfu-util -l && grep -q '^Found DFU' /tmp/list-dfu.log
rc=$?
step_done detach $rc "$t"
abort_unless $rc "the device did not come back in DFU mode"

t=$(now_cs)
dmesg_clean && lsusb_msos20 lsusb-dfu 2fe3:ffff
step_done lsusb-dfu $? "$t"

head -c "$SIZE" /dev/urandom >random.bin
t=$(now_cs)
timed alt0-download "$SIZE" dfu-util --alt 0 --download random.bin
step_done alt0-download $? "$t"

t=$(now_cs)
rm -f back.bin
ensure_dfu_mode alt0-upload && timed alt0-upload "$SIZE" dfu-util --alt 0 --upload back.bin &&
	same_content random.bin back.bin
step_done alt0-upload $? "$t"

# Throughput only (cortexm_dfu_flow.py --big IMAGE, not in CI): a large
# signed image through alt 1 and back.
if [ -e /e2e/big.bin ]; then
	big_size=$(file_size /e2e/big.bin)
	t=$(now_cs)
	ensure_dfu_mode big-download &&
		timed big-download "$big_size" dfu-util --alt 1 --download /e2e/big.bin
	step_done big-download $? "$t"
	t=$(now_cs)
	rm -f big_back.bin
	ensure_dfu_mode big-upload &&
		timed big-upload "$big_size" dfu-util --alt 1 --upload big_back.bin &&
		same_content /e2e/big.bin big_back.bin
	step_done big-upload $? "$t"
fi

hello_size=$(file_size /e2e/hello.bin)
t=$(now_cs)
ensure_dfu_mode alt1-download &&
	timed alt1-download "$hello_size" dfu-util --alt 1 --download /e2e/hello.bin
step_done alt1-download $? "$t"

t=$(now_cs)
rm -f hello_back.bin
ensure_dfu_mode alt1-upload && run_logged alt1-upload dfu-util --alt 1 --upload hello_back.bin &&
	same_content /e2e/hello.bin hello_back.bin
step_done alt1-upload $? "$t"

finish_flow
