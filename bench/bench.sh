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
#      (tests/e2e/bench_throughput.sh), only when the guest is cached,
#      next to the rig's ceiling (bench/rig_ceiling) and the ratio
#   6. flash-timed downloads to alt 1 through the same rig
#      (tests/e2e/bench_flash.sh: the board with --flash-timing nrf52840;
#      ours vs the flash-bound limit vs fixed 100 / 10 ms polling), only
#      with BENCH_FLASH=1 in the environment: it takes about 37 minutes
# Prints figures only; nothing is asserted about speed. Exits non-zero
# when a part fails to run (a transfer or compare failed).
#
# Usage: bench.sh --out DIR --virtual EXE --boot-bench EXE
#                 [--build-type T] [--e2e-dir DIR] [--board EXE]
#                 [--ceiling EXE] [--imgtool EXE --key PEM]
#                 [--ir-lib COMPONENT=ARCHIVE]...
#   COMPONENT is dfu, usb, ramdisk or vhost (the callgrind breakdown);
#   the ceiling (bench/rig_ceiling) is the e2e rig's ceiling: our figures
#   are divided by its figures; imgtool and the board's key sign the
#   images of part 6.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out='' virt='' boot_bench='' build_type='' board='' ceiling='' imgtool='' key=''
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
	--ceiling) ceiling=$2 ;;
	--imgtool) imgtool=$2 ;;
	--key) key=$2 ;;
	--ir-lib) ir_libs+=("$2") ;;
	*) sed -n '22,29p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
	shift 2
done
if [ -z "$out" ] || [ -z "$virt" ] || [ -z "$boot_bench" ]; then
	sed -n '22,29p' "$0" | sed 's/^# \{0,1\}//' >&2
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

# e2e_run LOG PROGRAM: bench_throughput.sh on alt 0 at the script's
# default size (the board's 4 MiB RAM disk), output in LOG. Prints the
# table; returns the script's status.
e2e_run() {
	local rc=0
	E2E_BUILD_DIR=$e2e_dir E2E_RUNS=$e2e_runs \
		"$repo/tests/e2e/bench_throughput.sh" "$2" 0 >"$1" 2>&1 || rc=$?
	if [ $rc = 0 ]; then
		sed 's/^/  /' "$1"
	elif [ $rc = 77 ]; then
		echo "  e2e: skipped ($(tail -n 1 "$1"))"
	else
		echo "  e2e: FAILED (exit $rc), last lines of $1:"
		tail -n 15 "$1" | sed 's/^/  /'
	fi
	return $rc
}

# e2e_ratio: medians of all runs of all passes (the board's logs, then
# the ceiling's) and our / ceiling per transfer size and direction, from
# the rows "transfer download upload (runs / runs)".
e2e_ratio() {
	awk '
	FNR == 1 { who = FILENAME ~ /e2e\.ceiling\.[^/]*$/ ? "c" : "b" }
	$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
		if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
		runs = $0; sub(/^[^(]*\(/, "", runs); sub(/\).*/, "", runs)
		split(runs, half, "/")
		add(who "d" $1, half[1]); add(who "u" $1, half[2])
	}
	function add(key, list,   k, v, i) {
		k = split(list, v, " ")
		for (i = 1; i <= k; i++) vals[key, ++cnt[key]] = v[i]
	}
	function median(key,   m, a, i, j, t) {
		m = cnt[key]
		if (m == 0) return 0
		for (i = 1; i <= m; i++) a[i] = vals[key, i] + 0
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return m % 2 ? a[(m + 1) / 2] : int((a[m / 2] + a[m / 2 + 1]) / 2)
	}
	function pct(a, b) { return b > 0 ? sprintf("%5.1f %%", 100 * a / b) : "   n/a" }
	END {
		print "  transfer  native board KiB/s    rig ceiling KiB/s    our / ceiling"
		print "            download  upload      download  upload     download  upload"
		for (i = 1; i <= n; i++) {
			t = order[i]
			bd = median("bd" t); bu = median("bu" t)
			cd = median("cd" t); cu = median("cu" t)
			printf "  %8s  %8d  %6d      %8d  %6d     %8s  %6s\n", t,
				bd, bu, cd, cu, pct(bd, cd), pct(bu, cu)
		}
		printf "  (medians of all runs: board %d, ceiling %d per figure;" \
			" passes interleaved)\n", cnt["bd" order[1]], cnt["cd" order[1]]
	}' "$@"
}

section "End to end: dfu-util in a QEMU guest over USB/IP (tests/e2e/bench_throughput.sh)"
# With the ceiling: E2E_PASSES passes (default 2) of E2E_RUNS runs
# (default 3), board and ceiling interleaved, so that load from other
# processes on the machine falls on both; the ratio pools all runs.
e2e_runs=${E2E_RUNS:-3}
e2e_passes=${E2E_PASSES:-2}
[ -n "$ceiling" ] || { e2e_runs=${E2E_RUNS:-5}; e2e_passes=1; }
if [ -n "$board" ] && [ -s "$e2e_dir/guest/vmlinuz" ] &&
	[ -s "$e2e_dir/guest/initramfs.cpio.gz" ]; then
	e2e_logs=()
	for ((pass = 1; pass <= e2e_passes; pass++)); do
		rc=0
		echo "  -- pass $pass of $e2e_passes: the native board"
		e2e_run "$out/e2e.board.$pass.log" "$board" || rc=$?
		[ $rc = 0 ] || { [ $rc = 77 ] || status=1; break; }
		e2e_logs+=("$out/e2e.board.$pass.log")
		[ -n "$ceiling" ] || break
		echo "  -- pass $pass of $e2e_passes: the rig's ceiling" \
			"(bench/rig_ceiling: canned DFU replies at once, same USB/IP driver)"
		e2e_run "$out/e2e.ceiling.$pass.log" "$ceiling" || rc=$?
		[ $rc = 0 ] || { [ $rc = 77 ] || status=1; break; }
		e2e_logs+=("$out/e2e.ceiling.$pass.log")
	done
	if [ -n "$ceiling" ] && [ ${#e2e_logs[@]} -ge 2 ]; then
		echo
		e2e_ratio "${e2e_logs[@]}"
	fi
elif [ -z "$board" ]; then
	echo "e2e: skipped (no native_board target in this build)"
else
	echo "e2e: skipped (no QEMU guest built; run ctest -L e2e first)"
fi
section "Flash-timed downloads to alt 1 (tests/e2e/bench_flash.sh)"
if [ "${BENCH_FLASH:-0}" != 1 ]; then
	echo "  skipped (BENCH_FLASH=1 runs it: about 37 minutes of real flash time)"
elif [ -z "$board" ] || [ -z "$imgtool" ] || [ -z "$key" ]; then
	echo "  skipped (needs the native board, imgtool and the board's key)"
elif [ -s "$e2e_dir/guest/vmlinuz" ]; then
	rc=0
	# 1 MiB: median of 3; 4 MiB: one run (each takes minutes).
	for spec in 1048576:3 4161536:1; do
		E2E_BUILD_DIR=$e2e_dir BENCH_FLASH_SIZES=${spec%:*} \
			E2E_RUNS=${spec#*:} "$repo/tests/e2e/bench_flash.sh" \
			"$board" "$imgtool" "$key" >"$out/e2e.flash.${spec%:*}.log" 2>&1 ||
			rc=$?
		sed 's/^/  /' "$out/e2e.flash.${spec%:*}.log" | grep -v '^  e2e:'
		[ $rc = 0 ] || { [ $rc = 77 ] || status=1; break; }
	done
else
	echo "  skipped (no QEMU guest built; run ctest -L e2e first)"
fi
exit $status
