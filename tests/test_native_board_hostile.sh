#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The native board used as a hostile (or careless) user would (issue 13).
# Each case prints "CASE <name>: PASS|FAIL"; the script fails if any did.
#   two-boards      a second board on the same --state-dir is refused
#   port-0          --port 0 logs the port it really listens on
#   sigkill         a killed board takes its image with it: the port is
#                   free again at once
#   sighup          SIGHUP powers the board off like SIGTERM
#   long-state-dir  a --state-dir too long for the path buffer is refused
#   bad-image       --image /nonexistent on a fresh board creates nothing
#   erase-bad-size  --erase remakes a flash file of the wrong size
#   serial          a board keeps one random serial in its state dir;
#                   --serial overrides it; a bad one is refused
# Usage: test_native_board_hostile.sh BOARD
set -uo pipefail
board=$(realpath "$1")
work=$(mktemp -d)
pids=()
fails=0
cleanup()
{
	local p
	for p in "${pids[@]}"; do
		pkill -9 -P "$p" 2>/dev/null
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT

result()
{
	if [ "$2" = 0 ]; then
		echo "CASE $1: PASS"
	else
		echo "CASE $1: FAIL"
		fails=$((fails + 1))
	fi
}

# start NAME ARGS...: the board in the background (no console: signals
# still work), log in $work/NAME.log; sets $pid.
start()
{
	local name=$1
	shift
	"$board" "$@" </dev/null >"$work/$name.log" 2>&1 &
	pid=$!
	pids+=("$pid")
}

# wait_log FILE PATTERN [TENTHS]: until the log has the line.
wait_log()
{
	local i
	for ((i = 0; i < ${3:-100}; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# The pid of the board started on state dir $1.
board_pid()
{
	pgrep -f -n -- "$board .*$1" || true
}

listen_port()
{
	sed -n 's/.*USB\/IP on [0-9.]*:\([0-9]*\).*/\1/p' "$1" | head -n 1
}

port_open()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# two-boards + port-0
start a --state-dir "$work/s1" --port 0
wait_log "$work/a.log" "USB DFU sample is initialized"
ok=$?
port=$(listen_port "$work/a.log")
[ $ok = 0 ] && [ -n "$port" ] && [ "$port" != 0 ] && port_open "$port"
result port-0 $?
"$board" --state-dir "$work/s1" --port 0 </dev/null >"$work/b.log" 2>&1
rc=$?
[ $rc != 0 ] && grep -q "in use by another board" "$work/b.log" &&
	[ "$(wc -l <"$work/b.log")" = 1 ]
result two-boards $?

# sigkill: the image dies with the board; the port can be reused at once
bp=$(board_pid "$work/s1")
image=$(pgrep -P "$bp" | head -n 1)
kill -9 "$bp"
for _ in $(seq 50); do
	[ -n "$image" ] && kill -0 "$image" 2>/dev/null || break
	sleep 0.1
done
gone=1
[ -n "$image" ] && ! kill -0 "$image" 2>/dev/null && gone=0
start c --state-dir "$work/s1" --port "$port"
wait_log "$work/c.log" "USB DFU sample is initialized"
[ $gone = 0 ] && [ $? = 0 ] && ! grep -q "in use" "$work/c.log"
result sigkill $?

# sighup: power off, image gone
bp=$(board_pid "$work/s1")
image=$(pgrep -P "$bp" | head -n 1)
kill -HUP "$bp"
wait_log "$work/c.log" "native_board: power off" 50
ok=$?
sleep 0.2
[ $ok = 0 ] && ! kill -0 "$bp" 2>/dev/null && ! kill -0 "$image" 2>/dev/null
result sighup $?

# long-state-dir: refused, nothing created
long=$work/$(printf 'd%.0s' $(seq 2100))
"$board" --state-dir "$long" --port 0 </dev/null >"$work/d.log" 2>&1
rc=$?
[ $rc != 0 ] && grep -q "state-dir is longer" "$work/d.log" && [ ! -e "$long" ]
result long-state-dir $?

# bad-image: no flash file left behind, the next plain start is fresh
"$board" --state-dir "$work/s2" --port 0 --image /nonexistent \
	</dev/null >"$work/e.log" 2>&1
rc=$?
[ $rc != 0 ] && grep -q "/nonexistent" "$work/e.log" &&
	[ ! -e "$work/s2/flash.bin" ]
result bad-image $?

# erase-bad-size: --erase makes the file anew
mkdir -p "$work/s3"
head -c 1000 /dev/zero >"$work/s3/flash.bin"
start f --state-dir "$work/s3" --port 0 --erase
wait_log "$work/f.log" "USB DFU sample is initialized"
result erase-bad-size $?
kill -TERM "$(board_pid "$work/s3")" 2>/dev/null

# serial: kept across starts, its own per state dir, overridable
s1=$(cat "$work/s1/serial" 2>/dev/null)
s3=$(cat "$work/s3/serial" 2>/dev/null)
grep -q "serial $s1" "$work/a.log" && grep -q "serial $s1" "$work/c.log" &&
	[ -n "$s1" ] && [ -n "$s3" ] && [ "$s1" != "$s3" ]
ok=$?
"$board" --state-dir "$work/s4" --port 0 --serial "a b" </dev/null \
	>"$work/g.log" 2>&1
[ $? != 0 ] && grep -q "serial takes" "$work/g.log" && [ $ok = 0 ]
ok=$?
start h --state-dir "$work/s4" --port 0 --serial MY-BOARD-7
wait_log "$work/h.log" "serial MY-BOARD-7" && [ $ok = 0 ]
result serial $?

echo "native board hostile cases: $fails failed"
[ $fails = 0 ]
