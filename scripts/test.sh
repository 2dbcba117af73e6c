#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# All tests: unit and end-to-end tests under ASan+UBSan (the native board
# and the images it runs are sanitizer builds), then the normal build's unit and
# end-to-end tests (real dfu-util + Linux vhci-hcd in a QEMU guest), with a
# short libFuzzer run of every fuzz target in between. The normal build also
# builds the Cortex-M4 firmware (board/mps2_an386, when arm-none-eabi-gcc is
# installed) and runs it in QEMU (ctest -L cortexm).
# The last line is ctest's summary of the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

cmake -S . -B build-asan -DDFU_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ctest --output-on-failure -j "$jobs")

# libFuzzer (clang) on every target for a short bounded time.
bash scripts/fuzz.sh "${FUZZ_SECONDS:-10}"

cmake -S . -B build >/dev/null
cmake --build build -j "$jobs"
cd build && ctest --output-on-failure
