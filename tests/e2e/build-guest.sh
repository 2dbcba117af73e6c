#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Build the QEMU guest of the real-client rig from Debian packages only:
#   OUTDIR/vmlinuz            the stock Debian kernel (linux-image-6.1.*-amd64)
#   OUTDIR/initramfs.cpio.gz  busybox, dfu-util, usbip, lsusb, udevadm (udevd) and
#                             their libraries, the project's udev rule, the
#                             USB/IP and virtio-net modules, /init
#   OUTDIR/stamp              what they were built from
#
# Usage: build-guest.sh [OUTDIR]     (default $E2E_BUILD_DIR/guest)
#
# Cached and idempotent: when OUTDIR/stamp matches the inputs (this script,
# guest-init.sh, the kernel package version, the busybox, dfu-util and usbip
# binaries and their libraries) it does nothing. The kernel .deb is kept in
# OUTDIR/cache/ and downloaded only once.
#
# Host packages used (installed with apt-get when missing and running as
# root): busybox-static cpio dfu-util usbip udev usbutils kmod (depmod) dpkg apt; running the
# guest also needs qemu-system-x86 (see run-guest.sh).
# Environment: KERNEL_PKG=linux-image-<version>-amd64 overrides the kernel.
set -euo pipefail

source "$(dirname "$0")/common.sh"

OUTDIR=$(realpath -m "${1:-$E2E_GUEST_DIR}")
INIT_SRC=$E2E_DIR/guest-init.sh
UDEV_RULE=$E2E_DIR/../../contrib/udev/70-open-dfu.rules
BINARIES="busybox dfu-util usbip udevadm lsusb"
# Modules the guest loads; their dependencies come from modules.dep.
MODULE_ROOTS="vhci-hcd virtio_pci virtio_net"

# Resolve the real kernel package behind the linux-image-amd64 metapackage.
kernel_package()
{
	if [ -n "${KERNEL_PKG:-}" ]; then
		echo "$KERNEL_PKG"
		return
	fi
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ && p == "" { p = $2 }
			END { print p }'
}

# Shared libraries and dynamic loader of an ELF binary (none if static).
binary_libs()
{
	ldd "$1" 2>/dev/null | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }'
}

all_host_files()
{
	local bin

	for bin in $BINARIES; do
		command -v "$bin"
		binary_libs "$(command -v "$bin")"
	done | sort -u
}

# Everything the image depends on, as one hash.
input_key()
{
	{
		echo "kernel $KPKG $KVER_PKG"
		cat "$0" "$INIT_SRC" "$E2E_DIR/common.sh" "$UDEV_RULE" | sha256sum
		all_host_files | xargs -r sha256sum
	} | sha256sum | cut -d' ' -f1
}

fetch_kernel_deb()
{
	local deb

	mkdir -p "$OUTDIR/cache"
	deb=$(ls "$OUTDIR/cache/${KPKG}_${KVER_PKG//:/%3a}_"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		e2e_log "downloading $KPKG $KVER_PKG"
		# _apt cannot write to our cache dir; download as ourselves.
		for try in 1 2 3; do
			(cd "$OUTDIR/cache" &&
				apt-get -q -o APT::Sandbox::User=root \
					download "$KPKG=$KVER_PKG" >&2) && break
			e2e_log "apt-get download failed (try $try of 3)"
			sleep 5
		done
		deb=$(ls "$OUTDIR/cache/${KPKG}_"*.deb | head -n1)
	fi
	echo "$deb"
}

# Print module paths (relative to the modules dir) in load order: each
# module after everything it depends on.
module_load_order()
{
	local moddir=$1

	awk -v roots="$MODULE_ROOTS" '
		function name(path,  n) {
			n = path; sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n)
			gsub(/-/, "_", n); return n
		}
		function visit(n,  i, k, parts) {
			if (done[n]++) return
			if (!(n in path)) { print "missing module " n > "/dev/stderr"; exit 1 }
			k = split(deps[n], parts, " ")
			for (i = k; i >= 1; i--) visit(name(parts[i]))
			print path[n]
		}
		{
			sub(/:$/, "", $1); n = name($1); path[n] = $1
			deps[n] = ""
			for (i = 2; i <= NF; i++) deps[n] = deps[n] " " $i
		}
		END {
			k = split(roots, r, " ")
			for (i = 1; i <= k; i++) { gsub(/-/, "_", r[i]); visit(r[i]) }
		}' "$moddir/modules.dep"
}

install_modules()
{
	local kroot=$1 root=$2 kver moddir order rel base

	kver=$(ls "$kroot/lib/modules")
	moddir=$kroot/lib/modules/$kver
	depmod -b "$kroot" "$kver"
	order=$(module_load_order "$moddir")
	mkdir -p "$root/lib/modules"
	: >"$root/etc/e2e-modules"
	for rel in $order; do
		base=$(basename "$rel")
		case "$base" in
		*.ko.xz) xz -dc "$moddir/$rel" >"$root/lib/modules/${base%.xz}" ;;
		*.ko.zst) zstd -qdc "$moddir/$rel" >"$root/lib/modules/${base%.zst}" ;;
		*.ko.gz) gzip -dc "$moddir/$rel" >"$root/lib/modules/${base%.gz}" ;;
		*) cp "$moddir/$rel" "$root/lib/modules/$base" ;;
		esac
		echo "${base%.ko*}.ko" >>"$root/etc/e2e-modules"
	done
	echo "$kver" >"$root/etc/e2e-kernel-release"
	cp "$kroot"/boot/vmlinuz-"$kver" "$OUTDIR/vmlinuz.tmp"
}

install_busybox()
{
	local root=$1 bb applet

	bb=$(command -v busybox)
	install -D -m 755 "$bb" "$root/bin/busybox"
	for applet in $("$bb" --list-full); do
		[ -e "$root/$applet" ] && continue
		mkdir -p "$root/$(dirname "$applet")"
		ln -s /bin/busybox "$root/$applet"
	done
}

# Copy a binary and the shared objects it loads to the same paths.
install_binary()
{
	local root=$1 bin=$2 lib

	install -D -m 755 "$bin" "$root$bin"
	for lib in $(binary_libs "$bin"); do
		[ -e "$root$lib" ] || install -D -m 755 "$(realpath "$lib")" "$root$lib"
	done
}

build_rootfs()
{
	local root=$1 ids

	mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,var,root,e2e,usr/bin,usr/sbin}
	ln -s ../run "$root/var/run"
	install_busybox "$root"
	install_binary "$root" "$(command -v dfu-util)"
	install_binary "$root" "$(command -v usbip)"
	# udevd: libusb (built with libudev) learns of devices that appear
	# while a program runs only from udevd's events. dfu-util waits in
	# one process for the device to come back in DFU mode after a detach:
	# without udevd it never sees it ("Lost device after RESET?").
	install_binary "$root" "$(command -v lsusb)"
	install_binary "$root" "$(command -v udevadm)"
	mkdir -p "$root/lib/systemd" "$root/etc/udev/rules.d"
	ln -s "$(command -v udevadm)" "$root/lib/systemd/systemd-udevd"
	install -m 644 "$UDEV_RULE" "$root/etc/udev/rules.d/"
	# Optional: usbip (which looks in misc/) prints names with it.
	for ids in /usr/share/misc/usb.ids /usr/share/hwdata/usb.ids; do
		if [ -r "$ids" ]; then
			install -D -m 644 "$(realpath "$ids")" "$root/usr/share/misc/usb.ids"
			mkdir -p "$root/usr/share/hwdata"
			ln -s ../misc/usb.ids "$root/usr/share/hwdata/usb.ids"
			break
		fi
	done
	install -m 755 "$INIT_SRC" "$root/init"
	echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
	printf 'root:x:0:\nplugdev:x:46:\n' >"$root/etc/group"
}

pack_initramfs()
{
	local root=$1

	(cd "$root" && find . -print | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -6 >"$OUTDIR/initramfs.tmp"
}

main()
{
	local start key work deb

	start=$(e2e_now)
	e2e_need_commands busybox:busybox-static cpio:cpio dfu-util:dfu-util \
		usbip:usbip udevadm:udev lsusb:usbutils depmod:kmod dpkg-deb:dpkg apt-get:apt ||
		e2e_die "host tools missing (see the header of $0)"

	# apt's cache can be briefly unreadable while another apt-get
	# rewrites it: look a few times before giving up. (awk reads to the
	# end: apt-cache killed by SIGPIPE would fail the pipeline.)
	for _ in 1 2 3 4 5; do
		KPKG=$(kernel_package)
		[ -n "$KPKG" ] && break
		sleep 3
	done
	[ -n "$KPKG" ] || e2e_die "cannot resolve linux-image-amd64 (run apt-get update?)"
	KVER_PKG=$(apt-cache show --no-all-versions "$KPKG" 2>/dev/null |
		awk '$1 == "Version:" && v == "" { v = $2 } END { print v }')
	[ -n "$KVER_PKG" ] || e2e_die "no version known for $KPKG"

	key=$(input_key)
	if [ -f "$OUTDIR/stamp" ] && [ "$(cat "$OUTDIR/stamp")" = "$key" ] &&
		[ -s "$OUTDIR/vmlinuz" ] && [ -s "$OUTDIR/initramfs.cpio.gz" ]; then
		e2e_log "guest in $OUTDIR is up to date"
		return 0
	fi

	mkdir -p "$OUTDIR"
	rm -f "$OUTDIR/stamp"
	deb=$(fetch_kernel_deb)
	work=$OUTDIR/work
	rm -rf "$work"
	mkdir -p "$work/root/etc"
	e2e_log "unpacking $(basename "$deb")"
	dpkg -x "$deb" "$work/kernel"
	install_modules "$work/kernel" "$work/root"
	build_rootfs "$work/root"
	pack_initramfs "$work/root"
	mv "$OUTDIR/vmlinuz.tmp" "$OUTDIR/vmlinuz"
	mv "$OUTDIR/initramfs.tmp" "$OUTDIR/initramfs.cpio.gz"
	cp "$work/root/etc/e2e-kernel-release" "$OUTDIR/kernel-release"
	# The unpacked kernel is 400 MB; the .deb in cache/ is enough to redo it.
	rm -rf "$work"
	echo "$key" >"$OUTDIR/stamp"
	e2e_log "guest built in $OUTDIR ($(cat "$OUTDIR/kernel-release")," \
		"initramfs $(du -k "$OUTDIR/initramfs.cpio.gz" | cut -f1) KiB)" \
		"in $(e2e_since "$start") s"
}

# One builder at a time per OUTDIR (ctest in two build trees may share it).
mkdir -p "$OUTDIR"
exec 9>"$OUTDIR/.lock"
flock 9
main
