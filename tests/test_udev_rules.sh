#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The shipped udev rule covers exactly the VID:PID pairs the DFU sample
# enumerates with, in both modes, and every rule line has the keys that
# give access (uaccess tag, mode, group).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rules=$repo/contrib/udev/70-open-dfu.rules
app=$repo/apps/dfu/dfu_sample.c

# ".vid = 0x2fe3, .pid = 0x0005" from each usbd_device_info of the sample
want=$(grep -o '\.vid = 0x[0-9a-f]*, \.pid = 0x[0-9a-f]*' "$app" |
	sed 's/\.vid = 0x\([0-9a-f]*\), \.pid = 0x\([0-9a-f]*\)/\1:\2/' | sort -u)
have=$(grep -v '^#' "$rules" | grep . |
	sed 's/.*ATTR{idVendor}=="\([0-9a-f]*\)".*ATTR{idProduct}=="\([0-9a-f]*\)".*/\1:\2/' |
	sort -u)
[ "$(echo "$want" | wc -l)" = 2 ] || { echo "expected 2 VID:PID pairs in $app, got: $want"; exit 1; }
if [ "$want" != "$have" ]; then
	echo "udev rule covers [$have], the sample enumerates as [$want]"
	exit 1
fi
bad=$(grep -v '^#' "$rules" | grep . | grep -v 'TAG+="uaccess"' || true)
bad+=$(grep -v '^#' "$rules" | grep . | grep -v 'MODE="0660", GROUP="plugdev"' || true)
if [ -n "$bad" ]; then
	echo "rule lines without access keys: $bad"
	exit 1
fi
echo "udev rule: $(echo "$have" | tr '\n' ' ')ok"
