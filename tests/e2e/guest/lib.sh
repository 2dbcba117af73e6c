# SPDX-License-Identifier: Apache-2.0
# Helpers for the scripts that run inside the e2e guest (busybox sh).
# run-guest.sh copies this file to /e2e/lib.sh; source it.

E2E_HOST=${E2E_HOST:-10.0.2.2}
E2E_PORT=${E2E_PORT:-3240}
E2E_BUSID=${E2E_BUSID:-1-1}
FAILS=0

# Centiseconds since boot (busybox date has no sub-second format).
now_cs()
{
	read -r up _ </proc/uptime
	cs=${up#*.}
	cs=${cs#0}
	echo $((${up%.*} * 100 + cs))
}

fmt_cs()
{
	printf '%d.%02d' $(($1 / 100)) $(($1 % 100))
}

# since START_CS: seconds elapsed, 2 decimals.
since()
{
	fmt_cs $(($(now_cs) - $1))
}

# step_done NAME STATUS START_CS: report one step; STATUS 0 is a pass.
step_done()
{
	if [ "$2" = 0 ]; then
		echo "STEP $1: PASS ($(since "$3"))"
	else
		echo "STEP $1: FAIL ($(since "$3"))"
		FAILS=$((FAILS + 1))
	fi
}

# Mode of the attached DFU-capable device from sysfs: runtime, dfu or none
# (also none while it is not configured: interfaces appear with the
# configuration).
usb_dfu_mode()
{
	for intf in /sys/bus/usb/devices/*:*; do
		[ -r "$intf/bInterfaceClass" ] || continue
		[ "$(cat "$intf/bInterfaceClass")" = fe ] || continue
		[ "$(cat "$intf/bInterfaceSubClass")" = 01 ] || continue
		case $(cat "$intf/bInterfaceProtocol") in
		01) echo runtime; return ;;
		02) echo dfu; return ;;
		esac
	done
	echo none
}

# wait_mode MODE SECONDS: wait until the device is in MODE (runtime, dfu,
# none, or "any" = runtime or dfu).
wait_mode()
{
	deadline=$(($(now_cs) + $2 * 100))
	while :; do
		mode=$(usb_dfu_mode)
		if [ "$mode" = "$1" ] ||
			{ [ "$1" = any ] && [ "$mode" != none ]; }; then
			return 0
		fi
		[ "$(now_cs)" -lt $deadline ] || return 1
		sleep 0.05
	done
}

# E2E_LOCAL_DEVICE=1: the device runs in the guest (gadgetfs): no USB/IP.
start_autoattach()
{
	[ -n "${E2E_LOCAL_DEVICE:-}" ] && return 0
	sh /e2e/usbip-autoattach.sh -r "$E2E_HOST" -p "$E2E_PORT" \
		-b "$E2E_BUSID" -i 0.1 &
	AUTOATTACH_PID=$!
}

stop_autoattach()
{
	[ -n "${AUTOATTACH_PID:-}" ] && kill "$AUTOATTACH_PID" 2>/dev/null
	AUTOATTACH_PID=
}

# run_logged NAME CMD...: run CMD with a timeout, output in NAME.log,
# shown indented. Returns CMD's exit code.
run_logged()
{
	log=/tmp/$1.log
	shift
	timeout "${E2E_CMD_TIMEOUT:-180}" "$@" >"$log" 2>&1
	rc=$?
	echo "  \$ $* -> exit $rc"
	show_log "$log"
	return $rc
}

# show_log FILE: dfu-util output without its banner, and of the progress
# bar (redrawn with carriage returns) only the last state.
show_log()
{
	tr '\r' '\n' <"$1" | grep -v -e '^Copyright' -e '^This program is Free' \
		-e '^Please report bugs' -e '^dfu-util 0' -e '^$' |
		awk '/^(Upload|Download)\t\[/ { bar = $0; next }
			bar != "" { print bar; bar = "" }
			{ print }
			END { if (bar != "") print bar }' | sed 's/^/  | /'
}

sha256_of()
{
	sha256sum "$1" | cut -d' ' -f1
}

file_size()
{
	if [ -e "$1" ]; then wc -c <"$1"; else echo 0; fi
}

dump_diagnostics()
{
	echo "---- guest: usbip port ----"
	usbip port 2>&1
	echo "---- guest: /sys/devices/platform/vhci_hcd.0/status ----"
	grep -v ' 004 ' /sys/devices/platform/vhci_hcd.0/status 2>&1
	echo "---- guest: dmesg (last 80 lines) ----"
	dmesg | tail -n 80
}

# lsusb_msos20 NAME VID:PID: lsusb -v decodes every descriptor, BOS with
# the MS OS 2.0 platform capability included, with no warning, and the
# kernel logged no warning about the device while it enumerated.
lsusb_msos20()
{
	dmesg -c >/dev/null
	lsusb -v -d "$2" >"/tmp/$1.log" 2>"/tmp/$1.err"
	rc=$?
	grep -i "platform device capability\|d8dd60df" "/tmp/$1.log" | sed 's/^/  /' | head -n 3
	if [ $rc != 0 ] || [ -s "/tmp/$1.err" ] ||
		grep -qi "warning\|invalid\|can't\|error" "/tmp/$1.log"; then
		echo "  lsusb -v $2: exit $rc"
		sed 's/^/  | /' "/tmp/$1.err" | head -n 10
		grep -i "warning\|invalid\|can't\|error" "/tmp/$1.log" | head -n 10
		return 1
	fi
	grep -qi "d8dd60df-4589-4cc7-9cd2-659d9e648a9f" "/tmp/$1.log" || {
		echo "  lsusb -v shows no MS OS 2.0 platform capability"
		return 1
	}
	return 0
}

# The kernel's log of an enumeration, without warnings.
dmesg_clean()
{
	if dmesg | grep -i "usb.*\(warn\|invalid\|error\|fail\)"; then
		echo "  kernel warnings above"
		return 1
	fi
	return 0
}

# ---- flow helpers (sample, Cortex-M4, MCUboot and flash-timing flows) ----

# abort_unless STATUS REASON: every later step needs the device, so stop
# when one of the steps that bring it back failed (STATUS non-zero).
abort_unless()
{
	[ "$1" = 0 ] && return
	echo "ABORT: $2; the remaining steps were not run"
	finish_flow
}

# finish_flow: stop, print the summary and exit with it (a flow that
# attached with start_autoattach).
finish_flow()
{
	stop_autoattach
	[ "$FAILS" = 0 ] || dump_diagnostics
	echo "E2E SUMMARY: $FAILS failed"
	[ "$FAILS" = 0 ] && exit 0
	exit 1
}

# Transfers need DFU mode. Say so when the device is not in it (after a
# manifestation or a reset it may have gone back to run-time mode) and
# detach it again, as a user would.
ensure_dfu_mode()
{
	wait_mode any 10
	mode=$(usb_dfu_mode)
	[ "$mode" = dfu ] && return 0
	echo "  note: device is in '$mode' mode before $1; detaching it again"
	run_logged redetach dfu-util --detach || return 1
	wait_mode dfu 30
}

# same_content A B: the files have the same bytes (sha256).
same_content()
{
	if [ "$(sha256_of "$1")" = "$(sha256_of "$2")" ]; then
		echo "  $2 matches $1 (sha256 $(sha256_of "$1"))"
		return 0
	fi
	echo "  MISMATCH: $1 $(file_size "$1") bytes sha256 $(sha256_of "$1")"
	echo "            $2 $(file_size "$2") bytes sha256 $(sha256_of "$2")"
	cmp "$1" "$2" 2>&1 | sed 's/^/  /'
	return 1
}
