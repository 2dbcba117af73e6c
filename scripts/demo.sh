#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: build, start the native board and run the reference DFU
# sample's flow with the real dfu-util from a real Linux USB stack (a QEMU
# guest with vhci-hcd, usbip and dfu-util), printing every step:
#  1. run-time mode, --detach, RAM disk upload/download (alt 0), reset;
#  2. the MCUboot walkthrough: signed hello world to alt 1, reset -> test
#     swap and hello world runs, reset -> revert and the sample is back;
#     a confirmed image stays; other key, corrupted and older images refused;
#     the same test swap and revert with an encrypted hello world.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc)"
b=build
tests/e2e/dfu_sample_flow.sh $b/board/native/native_board
E2E_KEEP_LOGS=1 tests/e2e/mcuboot_flow.sh $b/board/native/native_board \
	$b/apps/dfu_sample.signed.bin $b/apps/hello_world.signed.bin \
	$b/tools/imgtool/imgtool "$(ls $b/keys/*.pem | head -n1)" \
	$b/apps/hello_world.enc.signed.bin
