# SPDX-License-Identifier: Apache-2.0
#
# Guest half of two_boards_flow.sh: two boards attached over USB/IP, told
# apart by their serial numbers only.
. /e2e/lib.sh

cd /tmp || exit 1
RAMDISK=${E2E_RAMDISK_SIZE:-65536}

# count_serial LOG MODE SERIAL: dfu-util -l lines of that device in MODE
count_serial()
{
	grep "^Found $2" "$1" | grep -c "serial=\"$3\""
}

# wait_listed MODE: both boards listed in MODE, each with its serial
wait_listed()
{
	deadline=$(($(now_cs) + 3000))
	while [ "$(now_cs)" -lt $deadline ]; do
		dfu-util -l >/tmp/l.log 2>&1
		if [ "$(count_serial /tmp/l.log "$1" "$SERIAL_A")" -gt 0 ] &&
			[ "$(count_serial /tmp/l.log "$1" "$SERIAL_B")" -gt 0 ]; then
			return 0
		fi
		sleep 0.2
	done
	sed 's/^/  | /' /tmp/l.log
	return 1
}

upload()
{
	rm -f "$3"
	run_logged "$1" dfu-util -S "$2" -a 0 -U "$3" && [ -e "$3" ]
}

sha()
{
	sha256sum "$1" | cut -d' ' -f1
}

# wait_one MODE SERIAL: that board listed in MODE
wait_one()
{
	deadline=$(($(now_cs) + 3000))
	while [ "$(now_cs)" -lt $deadline ]; do
		dfu-util -l >/tmp/l1.log 2>&1
		[ "$(count_serial /tmp/l1.log "$1" "$2")" -gt 0 ] && return 0
		sleep 0.2
	done
	return 1
}

# One attach at a time: two `usbip attach` at the same moment pick the
# same free vhci port and the loser kept failing ("port 0 already used")
# in this guest. So B's helper starts once A is in, and the boards are
# detached (a replug each) one after the other.
sh /e2e/usbip-autoattach.sh -r "$E2E_HOST" -p "$PORT_A" -b "$E2E_BUSID" -i 0.1 &
ATT_A=$!
wait_one Runtime "$SERIAL_A"
sh /e2e/usbip-autoattach.sh -r "$E2E_HOST" -p "$PORT_B" -b "$E2E_BUSID" -i 0.1 &
ATT_B=$!

t=$(now_cs)
wait_listed Runtime
step_done list-both $? "$t"

t=$(now_cs)
run_logged detach-a dfu-util -S "$SERIAL_A" -e && wait_one DFU "$SERIAL_A" &&
	run_logged detach-b dfu-util -S "$SERIAL_B" -e && wait_listed DFU &&
	echo "  both in DFU mode, serials $SERIAL_A and $SERIAL_B"
step_done detach-each $? "$t"

t=$(now_cs)
upload backup-a "$SERIAL_A" a0.bin && upload backup-b "$SERIAL_B" b0.bin
step_done backups $? "$t"

head -c "$RAMDISK" /dev/urandom >r1.bin
head -c "$RAMDISK" /dev/urandom >r2.bin
t=$(now_cs)
run_logged download-a dfu-util -S "$SERIAL_A" -a 0 -D r1.bin &&
	upload check-a1 "$SERIAL_A" a1.bin && upload check-b1 "$SERIAL_B" b1.bin &&
	[ "$(sha a1.bin)" = "$(sha r1.bin)" ] && [ "$(sha b1.bin)" = "$(sha b0.bin)" ] &&
	echo "  A holds r1 ($(sha r1.bin)), B unchanged"
step_done download-a-only $? "$t"

t=$(now_cs)
run_logged download-b dfu-util -S "$SERIAL_B" -a 0 -D r2.bin &&
	upload check-a2 "$SERIAL_A" a2.bin && upload check-b2 "$SERIAL_B" b2.bin &&
	[ "$(sha a2.bin)" = "$(sha r1.bin)" ] && [ "$(sha b2.bin)" = "$(sha r2.bin)" ] &&
	echo "  B holds r2 ($(sha r2.bin)), A still r1"
step_done download-b-only $? "$t"

kill $ATT_A $ATT_B 2>/dev/null
echo "E2E SUMMARY: $FAILS failed"
[ "$FAILS" = 0 ]
