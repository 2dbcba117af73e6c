#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Checks the rig without a device: the guest boots under TCG, loads vhci-hcd,
# brings the network up, `usbip list -r 10.0.2.2` reaches a listener on the
# host's 127.0.0.1 (the request bytes must arrive there) and dfu-util runs.
#
# Usage: guest_smoke.sh    (E2E_BUILD_DIR selects the build/cache dir)
set -euo pipefail

source "$(dirname "$0")/common.sh"

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR"
e2e_need_commands busybox:busybox-static || e2e_die "busybox needed for the listener"

work=$(mktemp -d "${TMPDIR:-/tmp}/e2e-smoke.XXXXXX")
listener=
cleanup()
{
	if [ -n "$listener" ]; then
		kill "$listener" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

port=$(e2e_free_port)
# OP_REP_DEVLIST: version 0x0111, code 0x0005, status 0, 0 devices.
printf '\001\021\000\005\000\000\000\000\000\000\000\000' >"$work/reply"
busybox nc -l -p "$port" <"$work/reply" >"$work/received" &
listener=$!

start=$(e2e_now)
set +e
"$E2E_DIR/run-guest.sh" -t 300 -f "$E2E_DIR/guest/lib.sh" \
	-f "$E2E_REPO/tools/usbip-autoattach.sh" -e "E2E_PORT=$port" \
	-l "$work/console.log" "$E2E_DIR/guest/smoke.sh"
rc=$?
set -e
echo "guest run took $(e2e_since "$start") s," \
	"$(sed -n 's/^E2E-BOOTED uptime=\([0-9.]*\).*/\1/p' "$work/console.log") s to /init"
[ $rc = "$E2E_SKIP" ] && exit "$E2E_SKIP"

# OP_REQ_DEVLIST as usbip sends it: version 0x0111, code 0x8005, status 0.
want=0111800500000000
got=$(od -An -tx1 -v "$work/received" | tr -d ' \n')
if [ "$got" = "$want" ]; then
	echo "STEP host-received-devlist-request: PASS"
else
	echo "STEP host-received-devlist-request: FAIL (got '$got', want '$want')"
	rc=1
fi
exit $rc
