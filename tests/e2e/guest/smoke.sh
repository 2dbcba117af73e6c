# SPDX-License-Identifier: Apache-2.0
# Guest half of guest_smoke.sh: checks the rig itself, without a device.
# The host listens on E2E_PORT with a canned empty OP_REP_DEVLIST.
. /e2e/lib.sh

t=$(now_cs)
[ -d /sys/devices/platform/vhci_hcd.0 ] && [ -e /sys/module/vhci_hcd ]
step_done vhci-loaded $? "$t"

t=$(now_cs)
ip -4 addr show eth0 | grep -q 'inet 10.0.2.15/' &&
	ip route | grep -q '^default via 10.0.2.2'
step_done network-up $? "$t"

t=$(now_cs)
run_logged usbip-list usbip --tcp-port "$E2E_PORT" list -r "$E2E_HOST"
# An empty device list is a success for usbip; it proves both directions.
step_done usbip-list-host $? "$t"

t=$(now_cs)
run_logged dfu-list dfu-util -l &&
	! grep -q '^Found' /tmp/dfu-list.log
step_done dfu-util-list-empty $? "$t"

t=$(now_cs)
sh /e2e/usbip-autoattach.sh -r "$E2E_HOST" -p 1 -b 1-1 -i 0.1 >/tmp/aa.log 2>&1 &
aa=$!
sleep 1
kill $aa
# Nothing listens on port 1: exactly one failure line, no attach, no spam.
sed 's/^/  | /' /tmp/aa.log
[ "$(grep -c 'attach failed' /tmp/aa.log)" = 1 ] && ! grep -q attached /tmp/aa.log
step_done autoattach-quiet-on-failure $? "$t"

[ "$FAILS" = 0 ] || dump_diagnostics
echo "E2E SUMMARY: $FAILS failed"
[ "$FAILS" = 0 ]
