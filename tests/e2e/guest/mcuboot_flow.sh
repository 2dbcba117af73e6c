# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
#
# Guest half of mcuboot_flow.sh: the reference sample's MCUboot walkthrough
# with the real dfu-util. Downloads signed images to alt 1 (the secondary
# slot) and asks the host side to reset the board between them.
#
# Host control channel (the console is buffered, so it cannot carry
# requests): a static HTTP server on the host at $E2E_CTL_PORT. The guest
# requests /req/<n>-<action> (a 404, but the host reads its access log),
# then polls /reply/<n> until the host has written the answer: a first line
# "OK" or "ERR <why>", then the board log since the last mark and the
# versions of the images in the two slots, read from the flash file.
# Actions: mark (start a new board-log excerpt), log (the excerpt so far),
# reset (SIGUSR1; the excerpt from the reset until the board has settled).
#
# Prints "STEP <name>: PASS|FAIL (<seconds>)" per step; exits non-zero on
# any failure.
# shellcheck disable=SC1091 # run-guest.sh puts lib.sh there.
. /e2e/lib.sh

CTL=http://$E2E_HOST:${E2E_CTL_PORT:?}
REPLY=/tmp/reply.txt
REQ_N=0
cd /tmp || exit 1

abort_if_failed()
{
	[ "$FAILS" = 0 ] && return
	echo "ABORT: $1; the remaining steps were not run"
	finish_flow
}

# http_get PATH OUT: the body of http://<host>:$E2E_CTL_PORT/PATH in OUT;
# succeeds on a 200. busybox wget crashes in this guest (static glibc
# resolver), so this speaks HTTP/1.0 through nc.
http_get()
{
	printf 'GET %s HTTP/1.0\r\n\r\n' "$1" |
		nc -w 5 "$E2E_HOST" "$E2E_CTL_PORT" >/tmp/http.raw 2>/dev/null ||
		return 1
	head -n 1 /tmp/http.raw | grep -q '^HTTP/1\.[01] 200' || return 1
	tr -d '\r' </tmp/http.raw | sed '1,/^$/d' >"$2"
}

# host_call ACTION: have the host do ACTION; its reply lands in $REPLY.
# Succeeds when the host answered OK. The request is repeated every
# second until answered (the host ignores repeats of one number).
host_call()
{
	REQ_N=$((REQ_N + 1))
	call_deadline=$(($(now_cs) + 9000))
	next_send=0
	rm -f "$REPLY"
	while :; do
		if [ "$(now_cs)" -ge $next_send ]; then
			http_get "/req/$REQ_N-$1" /dev/null
			next_send=$(($(now_cs) + 100))
		fi
		http_get "/reply/$REQ_N" "$REPLY" && break
		if [ "$(now_cs)" -ge $call_deadline ]; then
			echo "  host did not answer '$1' within 90 s"
			return 1
		fi
		sleep 0.2
	done
	if head -n 1 "$REPLY" | grep -q '^OK'; then
		return 0
	fi
	echo "  host: $(head -n 1 "$REPLY")"
	return 1
}

# show_reply: the host's board-log excerpt, indented.
show_reply()
{
	sed -n '2,$s/^/  board| /p' "$REPLY"
}

# expect TEXT...: every TEXT occurs (fixed string) in the last reply.
expect()
{
	for text in "$@"; do
		if ! grep -qF -- "$text" "$REPLY"; then
			echo "  MISSING in the board log: '$text'"
			return 1
		fi
	done
	echo "  board log has: $*" | cut -c 1-200
}

# expect_not TEXT...: no TEXT occurs in the last reply.
expect_not()
{
	for text in "$@"; do
		if grep -qF -- "$text" "$REPLY"; then
			echo "  UNEXPECTED in the board log: '$text'"
			return 1
		fi
	done
}

# primary_is VERSION: the host read VERSION in the primary slot's header.
primary_is()
{
	expect "slot image-0: $1"
}

# board_log_wait TEXT SECONDS: poll the excerpt since the last mark.
# (sh has no local variables: each helper's deadline has its own name.)
board_log_wait()
{
	log_deadline=$(($(now_cs) + $2 * 100))
	while host_call log; do
		grep -qF -- "$1" "$REPLY" && return 0
		[ "$(now_cs)" -lt $log_deadline ] || break
		sleep 0.3
	done
	show_reply
	echo "  MISSING in the board log: '$1'"
	return 1
}

# reset_board: the host resets the board; the reply holds the boot.
reset_board()
{
	host_call reset
	reset_rc=$?
	echo "  host: $(head -n 1 "$REPLY")"
	show_reply
	return $reset_rc
}

# From run-time mode to DFU mode, as the sample's README does it.
detach()
{
	wait_mode runtime 30 || {
		echo "  device not in run-time mode (it is '$(usb_dfu_mode)')"
		return 1
	}
	run_logged detach dfu-util --detach && wait_mode dfu 30
}

# download NAME FILE: dfu-util --alt 1 --download FILE; returns its status.
download()
{
	run_logged "$1" dfu-util --alt 1 --download "/e2e/$2"
}

# What the sample promises for a requested upgrade, per strategy.
case ${E2E_MODE:-swap} in
ow) PENDING="image pending: overwrite on next reset (no revert)" ;;
xip) PENDING="image pending: tried in place on next reset" ;;
*) PENDING="image pending: test swap on next reset" ;;
esac

# download_ok NAME FILE: detach, download, and the sample requested the
# upgrade with the line of this strategy.
download_ok()
{
	host_call mark || return 1
	if [ "${3:-}" = one-command ]; then
		# dfu-util on the run-time device: detach, wait, download
		wait_mode runtime 30 || return 1
	else
		detach || return 1
	fi
	download "$1" "$2" || return 1
	if grep -q dfuERROR "/tmp/$1.log"; then
		echo "  the device refused the download"
		host_call log && grep -F "rejected" "$REPLY" | sed 's/^/  board| /'
		return 1
	fi
	board_log_wait "$PENDING" 10 && echo "  the sample logged: $PENDING"
}

# The device left after a reset and came back in run-time mode.
back_in_runtime()
{
	if wait_mode runtime 30; then
		echo "  device back in run-time mode"
		return 0
	fi
	echo "  device did not come back in run-time mode ('$(usb_dfu_mode)')"
	return 1
}

# dfu_util_refused EXIT NAME: dfu-util showed the device's verify error:
# state dfuERROR with status errVERIFY (7). dfu-util 0.11 prints the status
# it reads after the zero-length download, then "Done!" and exits 0 even
# when it is an error, so the printed status is what counts here.
dfu_util_refused()
{
	if ! grep -q 'dfuERROR, status(7)' "/tmp/$2.log"; then
		echo "  dfu-util (exit $1) showed no dfuERROR / errVERIFY status"
		return 1
	fi
	echo "  dfu-util showed dfuERROR, status errVERIFY (exit $1)"
}

# refuse NAME FILE: the download is refused (dfu-util error status, the
# sample's rejection line), and a reset keeps the running sample.
refuse()
{
	host_call mark || return 1
	detach || return 1
	download "$1" "$2"
	dfu_util_refused $? "$1" || return 1
	board_log_wait "Downloaded image rejected" 10 || return 1
	grep -F "Downloaded image rejected" "$REPLY" | sed 's/^/  board| /'
	expect_not "Secondary image pending" || return 1
	still_runs_after_reset
}

# After a failed refusal step the next one still runs if the sample is
# back in run-time mode (reset once more if it is not).
recover_or_abort()
{
	[ "$FAILS" = 0 ] && return
	wait_mode runtime 5 && return
	echo "  recovering: the device is in '$(usb_dfu_mode)' mode; resetting"
	reset_board && wait_mode runtime 30 && return
	echo "ABORT: the sample is not back; the remaining steps were not run"
	finish_flow
}

# A reset with no swap: the sample (still $RUNNING_VERSION) comes back.
still_runs_after_reset()
{
	reset_board && expect "Swap type: none" "Jumping to the first image slot" \
		"USB DFU sample is initialized" &&
		expect_not "Starting swap" "Swap type: test" "Swap type: revert" &&
		primary_is "$RUNNING_VERSION" && back_in_runtime
}

# fresh_runtime [LINE...]: the first step of every strategy's walkthrough:
# the fresh board's sample in run-time mode, 1.0.0 in the primary, and
# these lines in the board log.
fresh_runtime()
{
	t=$(now_cs)
	start_autoattach
	wait_mode runtime 30 && run_logged list dfu-util -l &&
		grep -q '^Found Runtime' /tmp/list.log && host_call log &&
		primary_is 1.0.0 && expect "$@"
	step_done fresh-runtime $? "$t"
	abort_if_failed \
		"the fresh board's sample never showed up in run-time mode"
}

echo "mcuboot flow: board at $E2E_HOST:$E2E_PORT busid $E2E_BUSID," \
	"control at $CTL, mode ${E2E_MODE:-swap}"
case ${E2E_MODE:-swap} in
xip | ow)
	# The other bootloader strategies' steps (guest/xip_flow.sh,
	# guest/ow_flow.sh), with the helpers above.
	# shellcheck disable=SC1090 # run-guest.sh puts them there.
	. "/e2e/${E2E_MODE}_flow.sh"
	finish_flow
	;;
esac
# shellcheck disable=SC2012 # names are ours, the listing is for humans.
ls -l /e2e/*.bin | sed 's/^/  /'

fresh_runtime

# 1. A test swap to hello world, reverted by the next reset.
t=$(now_cs)
# The suffixed file: dfu-util checks the suffix (CRC, IDs), strips it and
# does not warn.
download_ok download-hello hello_world.signed.dfu &&
	if grep -q 'Invalid DFU suffix' /tmp/download-hello.log; then
		echo "  dfu-util warned about the DFU suffix"
		false
	else
		echo "  no DFU suffix warning"
	fi
step_done download-hello $? "$t"
abort_if_failed "no test swap requested"

# Alt 1 reads back exactly the stored image, not the whole erased slot.
t=$(now_cs)
rm -f hello_back.bin
run_logged upload-hello dfu-util --alt 1 --upload hello_back.bin &&
	[ "$(sha256sum <hello_back.bin)" = "$(sha256sum </e2e/hello_world.signed.bin)" ] &&
	echo "  alt 1 read back $(file_size hello_back.bin) bytes, identical"
step_done upload-hello $? "$t"

t=$(now_cs)
reset_board && expect "Swap type: test" "Starting swap using move algorithm." \
	"Jumping to the first image slot" "Hello World! native_sim" &&
	primary_is 2.0.0 && expect "slot image-1: 1.0.0" && wait_mode none 10 &&
	echo "  the USB device is gone (hello world has none)"
step_done test-swap-hello $? "$t"

t=$(now_cs)
reset_board && expect "Swap type: revert" "Starting swap using move algorithm." \
	"USB DFU sample is initialized" && primary_is 1.0.0 &&
	expect "slot image-1: 2.0.0" && back_in_runtime
step_done revert $? "$t"
abort_if_failed "the sample did not come back"

# 1b. The same with hello world encrypted (imgtool sign -E): the secondary
# keeps the ciphertext, the bootloader decrypts it into the primary and
# re-encrypts it on the revert; alt 1 reads back the download both times.
# upload_is NAME FILE: alt 1 reads back exactly FILE.
upload_is()
{
	rm -f "/tmp/$1.bin"
	run_logged "$1" dfu-util --alt 1 --upload "/tmp/$1.bin" &&
		[ "$(sha256sum <"/tmp/$1.bin")" = "$(sha256sum <"/e2e/$2")" ] &&
		echo "  alt 1 read back $(file_size "/tmp/$1.bin") bytes," \
			"identical to $2"
}

if [ "${E2E_ENC:-}" = 1 ]; then
	t=$(now_cs)
	download_ok download-enc-hello hello_world.enc.signed.dfu
	step_done download-enc-hello $? "$t"
	abort_if_failed "no test swap requested for the encrypted image"

	t=$(now_cs)
	upload_is upload-enc-hello hello_world.enc.signed.bin
	step_done upload-enc-hello $? "$t"

	t=$(now_cs)
	reset_board && expect "Swap type: test" \
		"Starting swap using move algorithm." \
		"Jumping to the first image slot" "Hello World! native_sim" &&
		primary_is 2.0.0 && expect "slot image-1: 1.0.0" &&
		wait_mode none 10 && echo "  the decrypted hello world runs"
	step_done test-swap-enc-hello $? "$t"

	t=$(now_cs)
	reset_board && expect "Swap type: revert" \
		"Starting swap using move algorithm." \
		"USB DFU sample is initialized" && primary_is 1.0.0 &&
		expect "slot image-1: 2.0.0" && back_in_runtime &&
		detach && upload_is upload-enc-reverted hello_world.enc.signed.bin &&
		echo "  re-encrypted on the revert: the secondary is the download"
	step_done revert-enc $? "$t"
	abort_if_failed "the sample did not come back after the encrypted swap"
	# leave DFU mode for the next step's run-time start
	reset_board >/dev/null && wait_mode runtime 30
fi

# 2. A confirmed image stays.
t=$(now_cs)
download_ok download-1.1.0 dfu_sample-1.1.0.signed.bin one-command
step_done download-1.1.0 $? "$t"
abort_if_failed "no test swap requested"

t=$(now_cs)
reset_board && expect "Swap type: test" "Starting swap using move algorithm." \
	"USB DFU sample is initialized" && expect_not "Cannot confirm" &&
	primary_is 1.1.0 && expect "slot image-1: 1.0.0" && back_in_runtime
step_done test-swap-1.1.0 $? "$t"
abort_if_failed "1.1.0 does not run"

RUNNING_VERSION=1.1.0
t=$(now_cs)
still_runs_after_reset &&
	grep -q "Primary image: magic=good.*image_ok=0x1" "$REPLY" &&
	echo "  the primary is confirmed (image_ok set)"
step_done confirmed-stays $? "$t"
abort_if_failed "the confirmed image did not stay"

# 3. Refusals.
t=$(now_cs)
refuse refuse-other-key dfu_sample-otherkey.signed.bin
step_done refuse-other-key $? "$t"
recover_or_abort

t=$(now_cs)
refuse refuse-corrupt dfu_sample-corrupt.signed.bin
step_done refuse-corrupt $? "$t"
recover_or_abort

# Downgrade prevention: the sample may refuse the older image at download
# (any DFU error status) or accept it and leave the refusal to the
# bootloader at the next reset. Either counts; the output says which.
t=$(now_cs)
step_rc=1
if host_call mark && detach; then
	download refuse-downgrade hello_world-0.9.0.signed.bin
	dl_rc=$?
	if grep -q 'dfuERROR' /tmp/refuse-downgrade.log; then
		echo "  dfu-util (exit $dl_rc) showed:" \
			"$(grep -o 'dfuERROR, status([0-9]*) = .*' /tmp/refuse-downgrade.log)"
		board_log_wait "Downloaded image rejected" 10 &&
			grep -F "Downloaded image rejected" "$REPLY" |
			sed 's/^/  board| /' &&
			echo "  refused by the download" &&
			expect_not "Secondary image pending" && still_runs_after_reset
		step_rc=$?
	elif [ $dl_rc = 0 ] &&
		board_log_wait "Secondary image pending" 10; then
		echo "  the download accepted 0.9.0; the bootloader must refuse it"
		still_runs_after_reset &&
			expect "insufficient version in secondary slot" &&
			echo "  refused by the bootloader at reset"
		step_rc=$?
	fi
fi
step_done refuse-downgrade $step_rc "$t"

finish_flow
