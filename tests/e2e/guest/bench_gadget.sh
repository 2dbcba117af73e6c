# SPDX-License-Identifier: Apache-2.0
#
# Guest half of bench_gadget.sh: guest/bench.sh's table for each device run
# inside the guest on dummy_hcd through gadgetfs: the native board (the DFU
# sample) and bench/rig_ceiling --gadgetfs (canned answers: the ceiling of
# this path). E2E_DEVICES picks them (default "board ceiling").
. /e2e/lib.sh

DEV_LOG=/tmp/device.log

load_gadget_modules()
{
	for module in $(cat /etc/e2e-gadget-modules); do
		[ -e "/sys/module/$(echo "${module%.ko}" | tr - _)" ] && continue
		insmod "/lib/modules/$module" || return 1
	done
	mkdir -p /dev/gadget
	mount -t gadgetfs gadgetfs /dev/gadget
}

start_device()
{
	case $1 in
	board)
		/e2e/native_board --udc gadgetfs --gadgetfs /dev/gadget \
			--state-dir /tmp/board --erase \
			--image /e2e/dfu_sample.signed.bin </dev/null >$DEV_LOG 2>&1 &
		;;
	ceiling)
		/e2e/rig_ceiling --gadgetfs /dev/gadget </dev/null >$DEV_LOG 2>&1 &
		;;
	esac
	DEV_PID=$!
	deadline=$(($(now_cs) + 3000))
	until grep -q "USB DFU sample is initialized" $DEV_LOG; do
		[ "$(now_cs)" -lt $deadline ] || return 1
		sleep 0.1
	done
}

load_gadget_modules || { echo "bench: gadget modules did not load"; exit 1; }
fails=0
for dev in ${E2E_DEVICES:-board ceiling}; do
	echo "BENCH == $dev (gadgetfs, dummy_hcd)"
	if ! start_device "$dev"; then
		echo "BENCH $dev did not start"
		cat $DEV_LOG
		fails=$((fails + 1))
		continue
	fi
	E2E_LOCAL_DEVICE=1 sh /e2e/bench.sh | grep '^BENCH\|^bench' ||
		fails=$((fails + 1))
	kill "$DEV_PID"
	wait "$DEV_PID"
	wait_mode none 10
done
[ $fails = 0 ]
