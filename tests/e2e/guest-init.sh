#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# /init of the e2e guest (busybox sh, PID 1). Mounts the pseudo file
# systems, loads the USB/IP and virtio-net modules, configures QEMU's user
# network (the host's 127.0.0.1 is 10.0.2.2), runs /e2e/run.sh (added by
# run-guest.sh as a second cpio archive) and powers off. The script's exit
# code is printed as "E2E-EXIT=<n>" for run-guest.sh.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root

uptime_s()
{
	cut -d' ' -f1 /proc/uptime
}

finish()
{
	echo "E2E-EXIT=$1"
	sync
	poweroff -f
	# Not reached unless poweroff failed; -no-reboot turns the panic
	# into a QEMU exit.
	exit "$1"
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /run/vhci_hcd

# udevd, as Debian's initramfs runs it: libusb hears of new devices
# through it (see build-guest.sh); our udev rule sets their group.
if [ -x /lib/systemd/systemd-udevd ]; then
	mkdir -p /run/udev
	/lib/systemd/systemd-udevd --daemon --resolve-names=never ||
		echo "e2e-init: udevd did not start"
fi

for module in $(cat /etc/e2e-modules); do
	insmod "/lib/modules/$module" || echo "e2e-init: insmod $module failed"
done

# virtio_net probes asynchronously on some kernels: give eth0 a moment.
tries=0
while [ ! -e /sys/class/net/eth0 ] && [ $tries -lt 50 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
ip link set lo up
ip addr add 10.0.2.15/24 dev eth0
ip link set eth0 up
ip route add default via 10.0.2.2
echo "nameserver 10.0.2.3" >/etc/resolv.conf

if [ -x /lib/systemd/systemd-udevd ]; then
	udevadm trigger --action=add >/dev/null 2>&1
	udevadm settle -t 5 || echo "e2e-init: udev did not settle"
fi

echo "E2E-BOOTED uptime=$(uptime_s) kernel=$(uname -r)"

if [ ! -r /e2e/run.sh ]; then
	echo "e2e-init: no /e2e/run.sh in the initramfs"
	finish 126
fi
[ -r /e2e/env ] && . /e2e/env
cd /e2e || finish 126
sh /e2e/run.sh
finish $?
