#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Flash-timed download throughput: the native board with --flash-timing
# nrf52840 (every erase and program takes real time, 85 ms per 4 KiB page
# erase, 41 us per 4-byte word), signed images downloaded to alt 1 (the
# secondary slot, flash backend) by the real dfu-util through the QEMU rig
# (tests/e2e/bench_throughput.sh does each measurement). Compared: ours
# (honest bwPollTimeout), the flash-bound limit (the image's page erases
# and word programs, computed), and the peers' fixed bwPollTimeout of 100
# ms and 10 ms (the DFU sample's --fixed-poll-ms, benchmark only).
#
# Usage: bench_flash.sh BOARD IMGTOOL KEY
#   BOARD    the native board program; IMGTOOL the build's imgtool; KEY
#            the board's signing key
# Environment: BENCH_FLASH_SIZES (default "1048576 4161536": total signed
#   image bytes; the 4 MiB slot holds at most 4177920 beside its trailer),
#   BENCH_FLASH_MODES (default "0 100 10": 0 = ours, N = fixed N ms),
#   E2E_TRANSFER_SIZES (default "1024 4096"), E2E_RUNS (default 1),
#   BENCH_FLASH_MAX_S (default 420: a configuration whose predicted run is
#   longer is not measured, and the table says so), BOARD_ARGS (more
#   board arguments, e.g. --image), E2E_BUILD_DIR.
# Prints a table of download KiB/s (median of E2E_RUNS; each timing
# includes dfu-util's start-up and the image check); uploads are compared
# with the download by bench_throughput.sh. Asserts no speed.
set -euo pipefail

source "$(dirname "$0")/common.sh"

[ $# = 3 ] || { sed -n '13,26p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
board=$(realpath "$1")
imgtool=$2
key=$3
sizes=${BENCH_FLASH_SIZES:-1048576 4161536}
modes=${BENCH_FLASH_MODES:-0 100 10}
xfers=${E2E_TRANSFER_SIZES:-1024 4096}
runs=${E2E_RUNS:-1}
max_s=${BENCH_FLASH_MAX_S:-420}

# The nRF52840 model of board/native/flash_timing.c.
PAGE=4096 ERASE_US=85000 WORD=4 WORD_US=41
# The signed image's header + TLVs (imgtool sign, ed25519, header 0x200).
SIGN_OVERHEAD=656

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
mkdir -p "$E2E_BUILD_DIR/runs"
work=$(mktemp -d "$E2E_BUILD_DIR/runs/bench-flash.XXXXXX")
trap 'rm -rf "$work"' EXIT

# bound_us SIZE: flash time the image needs at least (page erases + words).
bound_us()
{
	echo $((($1 + PAGE - 1) / PAGE * ERASE_US + ($1 + WORD - 1) / WORD * WORD_US))
}

# predict_s SIZE XFER MODE: rough duration of one download, for the cut-off.
predict_s()
{
	echo $((($(bound_us "$1") + ($1 + $2 - 1) / $2 * $3 * 1000) / 1000000))
}

# make_image SIZE: a signed image of exactly SIZE bytes (random payload,
# version 9.0.0 so that the sample's no-downgrade check passes).
make_image()
{
	local out=$work/image-$1.bin
	head -c $(($1 - SIGN_OVERHEAD)) /dev/urandom >"$work/payload.bin"
	"$imgtool" sign --header-size 0x200 --align 4 --pad-header \
		--slot-size 0x400000 --version 9.0.0 -k "$key" \
		"$work/payload.bin" "$out" >/dev/null
	[ "$(stat -c %s "$out")" = "$1" ] ||
		e2e_die "signed image is $(stat -c %s "$out") bytes, want $1"
	echo "$out"
}

declare -A result
for size in $sizes; do
	image=$(make_image "$size")
	for mode in $modes; do
		todo=
		for x in $xfers; do
			if [ "$(predict_s "$size" "$x" "$mode")" -gt "$max_s" ]; then
				result[$size,$x,$mode]="not run (> ${max_s} s)"
			else
				todo="$todo $x"
			fi
		done
		[ -n "$todo" ] || continue
		args="${BOARD_ARGS:-} --flash-timing nrf52840"
		[ "$mode" = 0 ] || args="$args --fixed-poll-ms $mode"
		log=$work/run-$size-$mode.log
		e2e_log "size $size, mode ${mode} ms, transfer sizes$todo, $runs run(s)"
		rc=0
		BOARD_ARGS=$args E2E_TRANSFER_SIZES=${todo# } E2E_RUNS=$runs \
			"$E2E_DIR/bench_throughput.sh" "$board" 1 "$image" >"$log" 2>&1 || rc=$?
		if [ $rc != 0 ]; then
			cat "$log"
			[ $rc = 77 ] && exit 77
			e2e_die "bench_throughput.sh failed (size $size, mode $mode)"
		fi
		# Rows: transfer, download, upload, (runs / runs)
		while read -r x dn _ rest; do
			result[$size,$x,$mode]="$dn"
			result[$size,$x,$mode,runs]=$(sed 's/^(\(.*\)\/.*/\1/' <<<"$rest")
		done < <(awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/' "$log")
	done
done

echo "Flash-timed download to alt 1 (native board --flash-timing nrf52840:"
echo "85 ms per 4 KiB page erase, 41 us per 4-byte word), real dfu-util in"
echo "the QEMU guest, KiB/s, median of $runs run(s); the limit is the image's"
echo "page erases + word programs alone."
printf '%-10s %-8s %8s %8s %14s %14s\n' "image" "transfer" "limit" "ours" \
	"fixed 100 ms" "fixed 10 ms"
for size in $sizes; do
	limit=$((size * 1000000 / 1024 / $(bound_us "$size")))
	for x in $xfers; do
		printf '%-10s %-8s %8s %8s %14s %14s\n' "$size" "$x" "$limit" \
			"${result[$size,$x,0]:--}" "${result[$size,$x,100]:--}" \
			"${result[$size,$x,10]:--}"
	done
done
echo "runs (KiB/s):"
for key in "${!result[@]}"; do
	if [[ $key == *,runs ]]; then
		echo "  ${key%,runs} (size,transfer,mode):${result[$key]}"
	fi
done | sort
