#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Keep a USB/IP device attached: whenever no vhci port holds it, run
# `usbip attach`. A DFU device that switches mode (detach, reset) closes its
# USB/IP connection and exports new descriptors under the same busid; this
# re-attaches it within about one polling interval.
#
# Usage: usbip-autoattach.sh [-r HOST] [-p PORT] [-b BUSID] [-i SECONDS] [-v]
#   -r HOST     USB/IP server (default 127.0.0.1)
#   -p PORT     its TCP port (default 3240)
#   -b BUSID    exported bus id (default 1-1)
#   -i SECONDS  polling interval (default 0.2)
#   -v          also print every failed attach attempt
# Runs until killed; needs root (usbip attach) and the vhci-hcd module.
# Prints one line per attach and one when the device goes away; a failing
# attach is printed once per distinct error message.
# Works with busybox sh and bash.

host=127.0.0.1
port=3240
busid=1-1
interval=0.2
verbose=0

usage()
{
	sed -n '9,15p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while getopts "r:p:b:i:vh" opt; do
	case $opt in
	r) host=$OPTARG ;;
	p) port=$OPTARG ;;
	b) busid=$OPTARG ;;
	i) interval=$OPTARG ;;
	v) verbose=1 ;;
	*) usage ;;
	esac
done

say()
{
	echo "usbip-autoattach: $*"
}

vhci=/sys/devices/platform/vhci_hcd.0
if [ ! -d "$vhci" ]; then
	modprobe vhci-hcd 2>/dev/null
	[ -d "$vhci" ] || { say "no vhci_hcd in sysfs (load vhci-hcd)"; exit 1; }
fi

strip_zeros()
{
	num=$1
	while [ "${num#0}" != "$num" ] && [ ${#num} -gt 1 ]; do
		num=${num#0}
	done
	echo "$num"
}

# Succeeds when a vhci port in use was attached by usbip to host:port/busid.
# Reads sysfs and usbip's port records directly: cheaper than running
# `usbip port` several times a second in a slow guest.
attached()
{
	for status in "$vhci"/status "$vhci"/status.*; do
		[ -r "$status" ] || continue
		while read -r _hub vport state _rest; do
			# 005: attached, not yet enumerated; 006: in use.
			case $state in 005 | 006) ;; *) continue ;; esac
			record=/var/run/vhci_hcd/port$(strip_zeros "$vport")
			[ -r "$record" ] || continue
			read -r r_host r_port r_busid <"$record"
			if [ "$r_host" = "$host" ] && [ "$r_port" = "$port" ] &&
				[ "$r_busid" = "$busid" ]; then
				return 0
			fi
		done <"$status"
	done
	return 1
}

was_attached=0
last_error=
while :; do
	if attached; then
		was_attached=1
	else
		if [ $was_attached = 1 ]; then
			say "$host:$port/$busid went away"
			was_attached=0
		fi
		if out=$(usbip --tcp-port "$port" attach -r "$host" -b "$busid" 2>&1); then
			say "attached $host:$port/$busid"
			was_attached=1
			last_error=
		elif [ $verbose = 1 ] || [ "$out" != "$last_error" ]; then
			say "attach failed: $(echo "$out" | tr '\n' ' ')"
			last_error=$out
		fi
	fi
	sleep "$interval"
done
