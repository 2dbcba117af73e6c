#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install what building and testing need (Debian 12 packages). Needs root
# (or sudo). The QEMU rig's guest kernel is fetched later by
# tests/e2e/build-guest.sh with apt-get download.
set -euo pipefail
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends \
	build-essential cmake pkg-config ca-certificates \
	libmbedtls-dev libsodium-dev \
	qemu-system-x86 dfu-util usbip busybox-static cpio kmod xz-utils \
	zstd procps iproute2 psmisc openssl gawk diffutils \
	gcc-arm-none-eabi libnewlib-arm-none-eabi \
	clang libclang-rt-14-dev clang-tidy cppcheck valgrind python3
