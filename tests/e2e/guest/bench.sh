# SPDX-License-Identifier: Apache-2.0
#
# Guest half of bench_throughput.sh: dfu-util download and upload throughput
# of an E2E_IMAGE_SIZE random file (or of /e2e/bench-image.bin when
# present) on alt E2E_ALT at each transfer size in
# E2E_TRANSFER_SIZES, median of E2E_RUNS runs, as a table.
. /e2e/lib.sh

SIZE=${E2E_IMAGE_SIZE:-1048576}
ALT=${E2E_ALT:-0}
RUNS=${E2E_RUNS:-3}
cd /tmp || exit 1

# KiB/s for BYTES in CS centiseconds.
kib_per_s()
{
	[ "$2" -gt 0 ] || { echo 0; return; }
	echo $(($1 * 100 / 1024 / $2))
}

# median VALUES...: the middle one; "FAIL" when there is none.
median()
{
	if [ $# = 0 ]; then
		echo FAIL
		return
	fi
	echo "$@" | tr ' ' '\n' | sort -n | sed -n "$((($# + 1) / 2))p"
}

# timed_cs CMD...: runs CMD quietly, prints its duration in centiseconds,
# fails with it.
timed_cs()
{
	t0=$(now_cs)
	timeout 600 "$@" >/tmp/bench-cmd.log 2>&1
	rc=$?
	echo $(($(now_cs) - t0))
	return $rc
}

start_autoattach
# The native board starts in run-time mode; bench/rig_ceiling is DFU-only.
wait_mode any 30 || { echo "bench: no device"; dump_diagnostics; exit 1; }
[ "$(usb_dfu_mode)" = runtime ] && dfu-util --detach >/dev/null 2>&1
wait_mode dfu 30 || { echo "bench: device not in DFU mode"; dump_diagnostics; exit 1; }
if [ -r /e2e/bench-image.bin ]; then
	cp /e2e/bench-image.bin image.bin
	SIZE=$(file_size image.bin)
else
	head -c "$SIZE" /dev/urandom >image.bin
fi
# Fixed cost inside each timing (process start, enumeration, GETSTATUS):
# `dfu-util -l`, median of 3.
startup=
for run in 1 2 3; do
	startup="$startup $(timed_cs dfu-util -l)"
done
errors=0
table="transfer  download KiB/s  upload KiB/s  (runs: download / upload)"

for ts in ${E2E_TRANSFER_SIZES:-1024 4096}; do
	dn=
	up=
	run=1
	while [ $run -le "$RUNS" ]; do
		wait_mode dfu 20 || dfu-util --detach >/dev/null 2>&1
		wait_mode dfu 20
		if cs=$(timed_cs dfu-util --alt "$ALT" -t "$ts" --download image.bin); then
			dn="$dn $(kib_per_s "$SIZE" "$cs")"
		else
			echo "bench: download failed (-t $ts, run $run), upload not measured:"
			show_log /tmp/bench-cmd.log | tail -n 3
			errors=$((errors + 1))
			run=$((run + 1))
			continue
		fi
		wait_mode dfu 20 || dfu-util --detach >/dev/null 2>&1
		wait_mode dfu 20
		rm -f back.bin
		if cs=$(timed_cs dfu-util --alt "$ALT" -t "$ts" --upload back.bin); then
			got=$(file_size back.bin)
			up="$up $(kib_per_s "$got" "$cs")"
			if [ "$(sha256_of back.bin)" != "$(sha256_of image.bin)" ]; then
				echo "bench: upload (-t $ts, run $run) differs from the download ($got bytes)"
				errors=$((errors + 1))
			fi
		else
			echo "bench: upload failed (-t $ts, run $run):"
			show_log /tmp/bench-cmd.log | tail -n 3
			errors=$((errors + 1))
		fi
		run=$((run + 1))
	done
	# shellcheck disable=SC2086 # word lists on purpose
	table="$table
$(printf '%8s  %14s  %12s  (%s /%s)' "$ts" "$(median $dn)" "$(median $up)" "${dn# }" "$up")"
done
stop_autoattach

echo "BENCH alt $ALT, image $SIZE bytes, median of $RUNS (guest clock, 10 ms resolution)"
# shellcheck disable=SC2086 # word list on purpose
echo "BENCH each timing includes dfu-util's start-up; \`dfu-util -l\` takes $(fmt_cs "$(median $startup)") s"
echo "$table" | sed 's/^/BENCH /'
[ $errors = 0 ]
