#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: build, start the native board and run the reference DFU
# sample's dfu-util commands against it from a real Linux USB stack (a QEMU
# guest with vhci-hcd, usbip and dfu-util), printing every step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc)"
exec tests/e2e/dfu_sample_flow.sh build/board/native/native_board
