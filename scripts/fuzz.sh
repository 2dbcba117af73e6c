#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Longer fuzzing runs: scripts/fuzz.sh [seconds-per-target] [target...]
# Configures a clang libFuzzer build (build-fuzz, -DDFU_FUZZ=ON), runs each
# target (default: all in fuzz/targets.cmake) for the given time (default
# 60 s) on its seed corpus, and prints executions per target. New inputs
# are kept in build-fuzz/fuzz/corpus/<target>, crashes in
# build-fuzz/fuzz/artifacts/. Exit status 1 if any target crashed.
# Environment: FUZZ_BUILD (build dir), FUZZ_JOBS (make -j, default 2),
# FUZZ_MAX_LEN (default 20000), FUZZ_SOURCE (source tree to configure,
# default the repo).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
build=${FUZZ_BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-2}
max_len=${FUZZ_MAX_LEN:-20000}
root=$PWD

if [ $# -gt 0 ]; then
	targets="$*"
else
	targets=$(sed -n 's/^set(DFU_FUZZ_TARGETS \(.*\))$/\1/p' \
		fuzz/targets.cmake)
fi

CC=clang cmake -S "${FUZZ_SOURCE:-.}" -B "$build" -DDFU_FUZZ=ON -DDFU_E2E=OFF -DDFU_CORTEXM=OFF >/dev/null
if ! grep -q '^fuzz_[a-z_]*:' "$build/fuzz/Makefile" 2>/dev/null; then
	echo "fuzz.sh: no fuzz targets: add fuzz to the folder list of the" \
		"top-level CMakeLists.txt" >&2
	exit 2
fi
for t in $targets; do
	cmake --build "$build" -j "$jobs" --target "fuzz_$t" >/dev/null
done

out="$build/fuzz"
mkdir -p "$out/artifacts"
status=0
total=0
printf '%-14s %12s %10s %6s  %s\n' target executions exec/s cov result
for t in $targets; do
	mkdir -p "$out/corpus/$t"
	log="$out/$t.log"
	result=ok
	if ! (cd "$out" && "./fuzz_$t" -max_total_time="$secs" \
		-timeout=10 -max_len="$max_len" -print_final_stats=1 \
		-artifact_prefix="artifacts/$t-" \
		"corpus/$t" "$root/fuzz/corpus/$t") >"$log" 2>&1; then
		result="CRASH (see $log, $out/artifacts/)"
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	printf '%-14s %12s %10s %6s  %s\n' "$t" "${execs:-?}" "${rate:-?}" \
		"${cov:-?}" "$result"
	total=$((total + ${execs:-0}))
done
echo "total executions: $total"
exit $status
