#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# One report of the project's figures (`make bench` runs this):
#   1. footprint on Cortex-M4 (scripts/footprint.sh)
#   2. DFU class throughput through the in-process virtual host, RAM disk
#      and flash backend on the NOR simulator (bench_dfu_virtual)
#   3. instructions per 4 MiB RAM disk download, by component
#      (valgrind --tool=callgrind), when valgrind is installed
#   4. bootloader flash operations for a test swap and a revert of a
#      384 KiB image (tests/test_boot_bench)
#   5. dfu-util throughput end to end through the QEMU rig
#      (tests/e2e/bench_throughput.sh), only when the guest is cached
# Prints figures only; nothing is asserted about speed. Exits non-zero
# when a part fails to run (a transfer or compare failed).
#
# Usage: bench.sh --out DIR --virtual EXE --boot-bench EXE
#                 [--build-type T] [--e2e-dir DIR] [--board EXE]
#                 [--ir-lib COMPONENT=ARCHIVE]...
#   COMPONENT is dfu, usb, ramdisk or vhost (the callgrind breakdown)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out='' virt='' boot_bench='' build_type='' board=''
e2e_dir=$repo/build-e2e
ir_libs=()
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2 ;;
	--virtual) virt=$2 ;;
	--boot-bench) boot_bench=$2 ;;
	--build-type) build_type=$2 ;;
	--e2e-dir) e2e_dir=$2 ;;
	--board) board=$2 ;;
	--ir-lib) ir_libs+=("$2") ;;
	*) sed -n '17,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
	shift 2
done
if [ -z "$out" ] || [ -z "$virt" ] || [ -z "$boot_bench" ]; then
	sed -n '17,20p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
mkdir -p "$out"
status=0

section() {
	echo
	echo "== $* =="
}

echo "Benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU(s)," \
	"host build type '${build_type:-none (no optimisation flags)}'"

section "Footprint on Cortex-M4"
"$repo/scripts/footprint.sh" -o "$out/footprint" | sed 1d || status=1

section "DFU class through the in-process virtual host"
"$virt" | sed 1d || status=1

# ir_component FUNCTION: component of a function of the bench binary,
# from the symbol tables of the libraries it was linked from.
ir_symbol_map() {
	local spec comp lib
	for spec in "${ir_libs[@]}"; do
		comp=${spec%%=*} lib=${spec#*=}
		nm --defined-only "$lib" 2>/dev/null |
			awk -v c="$comp" 'NF == 3 && $2 ~ /[tT]/ { print $3, c }'
	done
}

ir_report() { # XFER
	local xfer=$1 cg=$out/callgrind.$1.out
	if ! valgrind --tool=callgrind --toggle-collect=dfu_host_download \
		--callgrind-out-file="$cg" "$virt" --once "$xfer" \
		>"$out/callgrind.$xfer.log" 2>&1; then
		echo "  wTransferSize $xfer: valgrind run failed" \
			"(see $out/callgrind.$xfer.log)"
		return 1
	fi
	callgrind_annotate --threshold=100 "$cg" 2>/dev/null |
		awk -v map="$(ir_symbol_map)" -v xfer="$xfer" '
		BEGIN {
			n = split(map, l, "\n")
			for (i = 1; i <= n; i++) { split(l[i], f, " "); comp[f[1]] = f[2] }
		}
		/PROGRAM TOTALS/ { next }
		/^ *[0-9,]+ \(/ && /:/ {
			ir = $1; gsub(/,/, "", ir)
			fn = $0; sub(/^ *[0-9,]+ \([^)]*\) +/, "", fn)
			obj = fn; sub(/ \[.*/, "", fn); sub(/^.*:/, "", fn)
			if (fn in comp) c = comp[fn]
			else if (obj ~ /libc\.so/) c = "libc"
			else c = "other"
			sum[c] += ir; total += ir
		}
		END {
			mib = 4 * 1024 * 1024
			dev = sum["dfu"] + sum["usb"] + sum["ramdisk"]
			printf "  wTransferSize %-5d all %6.2f M Ir (%5.2f Ir/byte);" \
				" device side (class + stack + RAM disk) %6.2f M" \
				" (%5.3f Ir/byte)\n", xfer, total / 1e6, total / mib,
				dev / 1e6, dev / mib
			printf "    DFU class %.2f M, USB stack %.2f M, RAM disk" \
				" %.2f M, libc mem*/str* %.2f M, virtual host +" \
				" controller %.2f M, other %.2f M\n",
				sum["dfu"] / 1e6, sum["usb"] / 1e6,
				sum["ramdisk"] / 1e6, sum["libc"] / 1e6,
				sum["vhost"] / 1e6, sum["other"] / 1e6
		}'
}

section "Instructions per 4 MiB RAM disk download (callgrind, inside dfu_host_download)"
if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
	for xfer in 1024 4096; do
		ir_report "$xfer" || status=1
	done
	echo "  (libc mem*/str* is the copying both sides do; x86-64 counts)"
else
	echo "  skipped (valgrind not installed: apt-get install valgrind)"
fi

section "Bootloader flash operations (tests/test_boot_bench)"
(cd "$repo/tests" && "$boot_bench") | grep -v '^[0-9]* checks\|^PASS\|^ok' ||
	status=1

section "End to end: dfu-util in a QEMU guest over USB/IP (tests/e2e/bench_throughput.sh)"
if [ -n "$board" ] && [ -s "$e2e_dir/guest/vmlinuz" ] &&
	[ -s "$e2e_dir/guest/initramfs.cpio.gz" ]; then
	# alt 0 (ramdisk0) at the script's default size, which follows the
	# board's RAM disk; 5 runs as above unless E2E_RUNS says otherwise.
	rc=0
	E2E_BUILD_DIR=$e2e_dir E2E_RUNS=${E2E_RUNS:-5} \
		"$repo/tests/e2e/bench_throughput.sh" "$board" 0 \
		>"$out/e2e.log" 2>&1 || rc=$?
	if [ $rc = 0 ]; then
		sed 's/^/  /' "$out/e2e.log"
	elif [ $rc = 77 ]; then
		echo "  e2e: skipped ($(tail -n 1 "$out/e2e.log"))"
	else
		echo "  e2e: FAILED (exit $rc), last lines of $out/e2e.log:"
		tail -n 15 "$out/e2e.log" | sed 's/^/  /'
		status=1
	fi
elif [ -z "$board" ]; then
	echo "e2e: skipped (no native_board target in this build)"
else
	echo "e2e: skipped (no QEMU guest built; run ctest -L e2e first)"
fi
exit $status
