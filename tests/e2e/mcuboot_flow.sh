#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The reference sample's MCUboot walkthrough, end to end: the real dfu-util
# in the QEMU guest downloads signed images into the native board's
# secondary slot (alt 1), and this script resets the board between them.
#
# Usage: mcuboot_flow.sh BOARD DFU_SAMPLE_SIGNED HELLO_SIGNED IMGTOOL KEY
#        [HELLO_ENC_SIGNED]
#   BOARD              the native board program (fresh state dir each run)
#   DFU_SAMPLE_SIGNED  the build's dfu_sample.signed.bin (version 1.0.0)
#   HELLO_SIGNED       the build's hello_world.signed.bin (version 2.0.0)
#   IMGTOOL            the build's imgtool
#   KEY                the board's signing key (ed25519 PEM)
#   HELLO_ENC_SIGNED   the build's hello_world.enc.signed.bin (2.0.0,
#                      encrypted for the board's key; its .dfu beside it)
# Environment: E2E_MODE (swap, the default; xip or ow: BOARD is then
#   native_board_xip or native_board_overwrite and the guest runs
#   guest/xip_flow.sh or guest/ow_flow.sh),
#   E2E_BUILD_DIR (cache/work dir, default <repo>/build-e2e),
#   E2E_SIGN_ARGS (imgtool sign options of the build; default: header 0x200,
#   align 4, the slot size of board/native/layout.h), CC (preprocessor for
#   layout.h, default cc),
#   E2E_TIMEOUT (whole guest run, default 600 s), E2E_KEEP_LOGS=1 (keep the
#   console, board and control logs and the images of a passing run too).
#
# Steps: sign-images (here), then in the guest (guest/mcuboot_flow.sh):
# fresh-runtime, download-hello, test-swap-hello, revert, with
# HELLO_ENC_SIGNED download-enc-hello, upload-enc-hello, test-swap-enc-hello,
# revert-enc (and alt 1 read back: the download, byte for byte), download-1.1.0,
# test-swap-1.1.0, confirmed-stays, refuse-other-key, refuse-corrupt,
# refuse-downgrade. Prints "STEP <name>: PASS|FAIL (<s>)" each; exits
# non-zero on any failure and then prints the board log. Exits 77
# (skipped) only when QEMU is unavailable.
#
# The guest asks for resets over HTTP: this script runs busybox httpd on a
# free port, reads request paths /req/<n>-<action> from its access log and
# answers in the served file /reply/<n> (see guest/mcuboot_flow.sh).
set -euo pipefail

source "$(dirname "$0")/common.sh"
source "$E2E_DIR/board.sh"

usage()
{
	sed -n '8,16p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

[ $# = 5 ] || [ $# = 6 ] || usage
board=$(realpath "$1")
dfu_signed=$2
hello_signed=$3
imgtool=$4
key=$5
hello_enc=${6:-}
for f in "$board" "$imgtool"; do
	[ -x "$f" ] || e2e_die "not an executable: '$f'"
done
for f in "$dfu_signed" "$hello_signed" "$key"; do
	[ -s "$f" ] || e2e_die "missing or empty: '$f'"
done

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
e2e_need_commands busybox:busybox-static od:coreutils ||
	e2e_die "the control server needs busybox httpd"
# build-guest.sh (not ours) fails now and then with 141: SIGPIPE of its
# `apt-cache show | awk '... exit'` pipe under pipefail, reported to its
# owner. Retry it; if it keeps failing, a guest it built before will do,
# said out loud.
guest_ok=0
for try in 1 2 3; do
	guest_rc=0
	"$E2E_DIR/build-guest.sh" "$E2E_GUEST_DIR" || guest_rc=$?
	[ $guest_rc = 0 ] && { guest_ok=1; break; }
	e2e_log "build-guest.sh failed with exit $guest_rc (try $try of 3)"
done
if [ $guest_ok = 0 ]; then
	if [ ! -s "$E2E_GUEST_DIR/vmlinuz" ] ||
		[ ! -s "$E2E_GUEST_DIR/initramfs.cpio.gz" ]; then
		e2e_die "no guest: build-guest.sh failed"
	fi
	e2e_log "using the guest already in $E2E_GUEST_DIR"
fi

# board_layout MACRO: a number from the board's partition table
# (board/native/layout.h), through the C preprocessor and shell arithmetic.
board_layout()
{
	local expr

	expr=$(printf '#include "board/native/layout.h"\n%s\n' "$1" |
		"${CC:-cc}" -E -P -I"$E2E_REPO" -x c - | tail -n 1 |
		sed 's/\([0-9a-fA-F]\)[uU]/\1/g')
	[[ $expr =~ ^[0-9a-fA-Fx()+*\ -]+$ ]] ||
		e2e_die "layout.h: $1 is '$expr', not a number"
	echo $((expr))
}

e2e_need_commands "${CC:-cc}:gcc" || e2e_die "no C preprocessor for layout.h"
SLOT0_OFF=$(board_layout BOARD_SLOT0_OFF)
SLOT1_OFF=$(board_layout BOARD_SLOT1_OFF)
SLOT_SIZE=$(board_layout BOARD_SLOT1_SIZE)
# How the build signs its images (apps/CMakeLists.txt passes them through
# tests/e2e-mcuboot.cmake); standalone, the same with the layout's size.
SIGN_ARGS=${E2E_SIGN_ARGS:-"--header-size 0x200 --align 4 --pad-header --slot-size $SLOT_SIZE"}

# Image header fields (MCUboot layout, little endian).
IMAGE_MAGIC=2532554813 # 0x96f3b83d

# le_uint FILE OFFSET BYTES: an unsigned little-endian number.
le_uint()
{
	od -An -v -tu1 -j "$2" -N "$3" "$1" |
		awk '{ for (i = 1; i <= NF; i++) b[n++] = $i }
			END { v = 0; for (i = n - 1; i >= 0; i--) v = v * 256 + b[i]
				printf "%.0f\n", v }'
}

# image_version FILE OFFSET: "major.minor.revision" of the image header at
# OFFSET (plus "+build" when set), or "empty" / "no-image".
image_version()
{
	local magic build

	magic=$(le_uint "$1" "$2" 4)
	if [ "$magic" != "$IMAGE_MAGIC" ]; then
		[ "$magic" = 4294967295 ] && echo empty || echo no-image
		return
	fi
	build=$(le_uint "$1" $(($2 + 24)) 4)
	printf '%s.%s.%s%s\n' "$(le_uint "$1" $(($2 + 20)) 1)" \
		"$(le_uint "$1" $(($2 + 21)) 1)" "$(le_uint "$1" $(($2 + 22)) 2)" \
		"$([ "$build" = 0 ] || echo "+$build")"
}

# The image preparation failed: say so as a step.
sign_fail()
{
	echo "STEP sign-images: FAIL ($(e2e_since "$sign_start"))"
	e2e_die "$@"
}

# payload_of SIGNED OUT: the executable a signed image carries.
payload_of()
{
	local hdr_size img_size

	[ "$(le_uint "$1" 0 4)" = "$IMAGE_MAGIC" ] || sign_fail "$1: not an image"
	hdr_size=$(le_uint "$1" 8 2)
	img_size=$(le_uint "$1" 12 4)
	# dd, not tail | head: head stops early and tail's SIGPIPE (141)
	# ended the script through pipefail, silently, now and then.
	dd if="$1" of="$2" bs=64K iflag=skip_bytes,count_bytes \
		skip="$hdr_size" count="$img_size" status=none ||
		sign_fail "$1: cannot copy its payload"
	[ "$(wc -c <"$2")" = "$img_size" ] || sign_fail "$1: truncated payload"
}

sign()
{
	# shellcheck disable=SC2086 # SIGN_ARGS is a word list on purpose.
	"$imgtool" sign $SIGN_ARGS --version "$1" -k "$2" "$3" "$4" >/dev/null ||
		sign_fail "imgtool cannot sign $3 as $1"
	[ "$(image_version "$4" 0)" = "$1" ] ||
		sign_fail "$4: signed as $1 but the header says $(image_version "$4" 0)"
}

# flip_payload_byte FILE: invert one byte in the middle of the payload.
flip_payload_byte()
{
	local off old

	off=$(($(le_uint "$1" 8 2) + $(le_uint "$1" 12 4) / 2))
	old=$(le_uint "$1" "$off" 1)
	# shellcheck disable=SC2059 # the format is the byte.
	printf "\\$(printf '%03o' $((old ^ 0xff)))" |
		dd of="$1" bs=1 seek="$off" conv=notrunc status=none
	echo "flipped byte $off of $(basename "$1"): $old -> $((old ^ 0xff))"
}

mkdir -p "$E2E_BUILD_DIR/runs"
run_dir=$(mktemp -d "$E2E_BUILD_DIR/runs/mcuboot_flow.XXXXXX")
images=$run_dir/images
ctl_dir=$run_dir/ctl
board_log=$run_dir/board.log
console_log=$run_dir/console.log
httpd_log=$run_dir/httpd.log
flash=$run_dir/state/flash.bin
mkdir -p "$images" "$ctl_dir/reply"

HTTPD_PID=
GUEST_PID=
cleanup()
{
	if [ -n "$GUEST_PID" ] && kill -0 "$GUEST_PID" 2>/dev/null; then
		kill -- "-$GUEST_PID" 2>/dev/null || true
		wait "$GUEST_PID" 2>/dev/null || true
	fi
	if [ -n "$HTTPD_PID" ]; then
		kill "$HTTPD_PID" 2>/dev/null || true
		wait "$HTTPD_PID" 2>/dev/null || true
	fi
	board_stop || true
}
trap cleanup EXIT

start=$(e2e_now)

# The host side of the walkthrough: images the guest downloads.
sign_start=$(e2e_now)
payload_of "$dfu_signed" "$images/dfu_sample.exe"
payload_of "$hello_signed" "$images/hello_world.exe"
cp "$hello_signed" "$images/hello_world.signed.bin"
# The build's DFU-suffixed copy (apps/CMakeLists.txt, dfu-suffix).
hello_dfu=${hello_signed%.bin}.dfu
[ -s "$hello_dfu" ] || e2e_die "missing or empty: '$hello_dfu' (dfu-suffix)"
cp "$hello_dfu" "$images/hello_world.signed.dfu"
enc_files=()
if [ -n "$hello_enc" ]; then
	for f in "$hello_enc" "${hello_enc%.bin}.dfu"; do
		[ -s "$f" ] || sign_fail "missing or empty: '$f'"
	done
	cp "$hello_enc" "$images/hello_world.enc.signed.bin"
	cp "${hello_enc%.bin}.dfu" "$images/hello_world.enc.signed.dfu"
	enc_files=(-f "$images/hello_world.enc.signed.bin"
		-f "$images/hello_world.enc.signed.dfu" -e E2E_ENC=1)
fi
sign 1.1.0 "$key" "$images/dfu_sample.exe" "$images/dfu_sample-1.1.0.signed.bin"
"$imgtool" keygen -k "$images/other-ed25519.pem" -t ed25519 >/dev/null ||
	sign_fail "imgtool keygen failed"
sign 1.2.0 "$images/other-ed25519.pem" "$images/dfu_sample.exe" \
	"$images/dfu_sample-otherkey.signed.bin"
sign 1.2.0 "$key" "$images/dfu_sample.exe" "$images/dfu_sample-corrupt.signed.bin"
flip_payload_byte "$images/dfu_sample-corrupt.signed.bin"
sign 0.9.0 "$key" "$images/hello_world.exe" "$images/hello_world-0.9.0.signed.bin"
sign_time=$(e2e_since "$sign_start")
echo "STEP sign-images: PASS ($sign_time)"

rc=0
board_start "$board" "$run_dir/state" "$board_log" || rc=$?
if [ $rc != 0 ]; then
	board_print_log "$board_log"
	e2e_die "the board did not start"
fi
echo "board up on 127.0.0.1:$BOARD_PORT in $(e2e_since "$start") s" \
	"(pid $BOARD_PID, logs in $run_dir)"

# httpd_start: busybox httpd on a free port; sets HTTPD_PID and CTL_PORT.
httpd_start()
{
	local i

	for _ in 1 2 3; do
		CTL_PORT=$(e2e_free_port)
		busybox httpd -f -vv -p "127.0.0.1:$CTL_PORT" -h "$ctl_dir" \
			2>"$httpd_log" &
		HTTPD_PID=$!
		for ((i = 0; i < 50; i++)); do
			board_listening "$CTL_PORT" && return 0
			kill -0 "$HTTPD_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$HTTPD_PID" 2>/dev/null || true
		wait "$HTTPD_PID" 2>/dev/null || true
		HTTPD_PID=
	done
	return 1
}
httpd_start || e2e_die "cannot start busybox httpd: $(cat "$httpd_log")"

# Board-log line count where the current excerpt starts.
MARK=0

excerpt()
{
	tail -n +$((MARK + 1)) "$board_log"
}

# reply ID FIRST_LINE: the answer the guest polls for, written atomically.
reply()
{
	{
		printf '%s\n' "$2"
		excerpt
		echo "slot image-0: $(image_version "$flash" "$SLOT0_OFF")"
		echo "slot image-1: $(image_version "$flash" "$SLOT1_OFF")"
	} >"$ctl_dir/reply/.$1"
	mv "$ctl_dir/reply/.$1" "$ctl_dir/reply/$1"
}

# The boot after the reset line got as far as it will without the host.
boot_settled()
{
	excerpt | awk '/^native_board: reset$/ { reset = 1; next }
		reset && (/USB DFU sample is initialized/ || /Hello World!/ ||
			/halted until reset/ || /Unable to find bootable image/ ||
			/cannot load the image payload/) { found = 1 }
		END { exit !found }'
}

reset_board()
{
	local id=$1 t i

	MARK=$(wc -l <"$board_log")
	t=$(e2e_now)
	kill -USR1 "$BOARD_PID" 2>/dev/null ||
		{ reply "$id" "ERR the board is not running"; return; }
	for ((i = 0; i < 600; i++)); do
		if boot_settled; then
			reply "$id" "OK reset, booted in $(e2e_since "$t") s"
			return
		fi
		kill -0 "$BOARD_PID" 2>/dev/null || break
		sleep 0.1
	done
	reply "$id" "ERR the board did not boot within 60 s after the reset"
}

handle()
{
	case $2 in
	mark)
		MARK=$(wc -l <"$board_log")
		reply "$1" OK
		;;
	log) reply "$1" OK ;;
	reset) reset_board "$1" ;;
	*) reply "$1" "ERR unknown action '$2'" ;;
	esac
}

# Answer the guest's requests until the guest run ends.
declare -A handled
serve()
{
	local id action

	while kill -0 "$GUEST_PID" 2>/dev/null; do
		while read -r id action; do
			[ -n "${handled[$id]:-}" ] && continue
			handled[$id]=1
			handle "$id" "$action"
		done < <(sed -n 's|.*url:/req/\([0-9]*\)-\([a-z]*\)$|\1 \2|p' \
			"$httpd_log")
		sleep 0.1
	done
}

guest_start=$(e2e_now)
# Own process group, so that cleanup can stop QEMU with it.
setsid "$E2E_DIR/run-guest.sh" -t "${E2E_TIMEOUT:-600}" \
	-f "$E2E_DIR/guest/lib.sh" -f "$E2E_REPO/tools/usbip-autoattach.sh" \
	-f "$E2E_DIR/guest/xip_flow.sh" -f "$E2E_DIR/guest/ow_flow.sh" \
	-f "$images/hello_world.signed.bin" \
	-f "$images/hello_world.signed.dfu" \
	-f "$images/dfu_sample-1.1.0.signed.bin" \
	-f "$images/dfu_sample-otherkey.signed.bin" \
	-f "$images/dfu_sample-corrupt.signed.bin" \
	-f "$images/hello_world-0.9.0.signed.bin" "${enc_files[@]}" \
	-e "E2E_PORT=$BOARD_PORT" -e "E2E_CTL_PORT=$CTL_PORT" \
	-e "E2E_MODE=${E2E_MODE:-swap}" \
	-l "$console_log" "$E2E_DIR/guest/mcuboot_flow.sh" &
GUEST_PID=$!
serve
rc=0
wait "$GUEST_PID" || rc=$?
GUEST_PID=
[ $rc = "$E2E_SKIP" ] && rc=1 # only e2e_skip above may skip

board_verdict "$board_log" || { [ $rc = 0 ] && rc=1; }
flow_summary "$console_log" "$guest_start" "$start"
echo "STEP sign-images: PASS ($sign_time)"
grep '^STEP ' "$console_log" || true
if [ $rc != 0 ]; then
	board_print_log "$board_log"
	echo "FAILED (exit $rc); console, board and control logs kept in $run_dir"
	exit 1
fi
if [ -n "${E2E_KEEP_LOGS:-}" ]; then
	echo "PASSED; logs kept in $run_dir"
else
	rm -rf "$run_dir"
	echo "PASSED"
fi
