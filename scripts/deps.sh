#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install what building and testing need (Debian 12 packages). Needs root
# (or sudo). The QEMU rig's guest kernel is fetched later by
# tests/e2e/build-guest.sh with apt-get download.
set -euo pipefail
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
# Source packages: the Cortex-M firmware compiles BearSSL, mbedTLS and wolfSSL
# from their Debian sources (apt-get source), so deb-src must be on.
src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && ! grep -q '^Types:.*deb-src' "$src"; then
	$sudo sed -i 's/^Types: deb$/Types: deb deb-src/' "$src"
fi
if [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list &&
	! grep -q '^deb-src ' /etc/apt/sources.list; then
	sed -n 's/^deb /deb-src /p' /etc/apt/sources.list |
		$sudo tee /etc/apt/sources.list.d/deb-src.list >/dev/null
fi
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends \
	build-essential cmake pkg-config ca-certificates \
	libbearssl-dev libmbedtls-dev libsodium-dev libwolfssl-dev \
	qemu-system-x86 qemu-system-arm dfu-util usbip udev usbutils busybox-static cpio kmod xz-utils \
	zstd procps iproute2 psmisc openssl gawk diffutils \
	gcc-arm-none-eabi libnewlib-arm-none-eabi \
	clang libclang-rt-14-dev clang-tidy cppcheck valgrind python3
