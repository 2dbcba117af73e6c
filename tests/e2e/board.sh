# SPDX-License-Identifier: Apache-2.0
# Start and stop the native board for the e2e scripts (bash). Source it
# after common.sh.
#
# board_start BOARD STATE_DIR LOG: starts BOARD on a free port, waits until it
# says it is ready and listens; sets BOARD_PID and BOARD_PORT. Extra board
# arguments come from $BOARD_ARGS.

BOARD_PID=
BOARD_PORT=

board_listening()
{
	local hex

	hex=$(printf '%04X' "$1")
	awk -v p=":$hex" 'NR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { f = 1 }
		END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# One attempt; returns 2 when the port was taken (try another one).
board_try_start()
{
	local board=$1 state=$2 log=$3 port=$4 i status

	: >"$log" # exists before the board's first line, for the polls below
	# shellcheck disable=SC2086 # BOARD_ARGS is a word list on purpose.
	"$board" --state-dir "$state" --port "$port" ${BOARD_ARGS:-} >"$log" 2>&1 &
	BOARD_PID=$!
	BOARD_PORT=$port
	for ((i = 0; i < 300; i++)); do
		if ! kill -0 "$BOARD_PID" 2>/dev/null; then
			status=0
			wait "$BOARD_PID" || status=$?
			e2e_log "board exited with status $status before it was ready"
			BOARD_PID=
			grep -qi "in use" "$log" && return 2
			return 1
		fi
		if grep -q "USB DFU sample is initialized" "$log" &&
			board_listening "$port"; then
			return 0
		fi
		sleep 0.1
	done
	e2e_log "board not ready after 30 s (no 'USB DFU sample is initialized'" \
		"or nothing listening on 127.0.0.1:$port)"
	return 1
}

board_start()
{
	local rc

	[ -x "$1" ] || e2e_die "no board program at '$1' (build native_board first)"
	for _ in 1 2 3; do
		mkdir -p "$2"
		rc=0
		board_try_start "$1" "$2" "$3" "$(e2e_free_port)" || rc=$?
		[ $rc = 2 ] || return $rc
		e2e_log "port $BOARD_PORT was taken, retrying"
	done
	return 1
}

# Stops the board; returns non-zero if it had died on its own (a crash).
# True when the board log holds an ASan/UBSan/LSan report.
board_sanitizer_report()
{
	grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1"
}

# Stop the board after a flow; false if it had died or a sanitizer spoke.
board_verdict()
{
	local ok=0

	if ! board_stop; then
		echo "STEP board-alive: FAIL (the board died during the flow)"
		ok=1
	fi
	# A sanitizer build of the board and its images reports here.
	if board_sanitizer_report "$1"; then
		echo "STEP sanitizers: FAIL (see the board log)"
		ok=1
	fi
	return $ok
}

# flow_summary CONSOLE_LOG GUEST_START START: the timing lines of a flow.
flow_summary()
{
	echo "---------------- summary ----------------"
	echo "guest boot to /init: $(sed -n 's/^E2E-BOOTED uptime=\([0-9.]*\).*/\1/p' "$1") s;" \
		"guest run: $(e2e_since "$2") s; total: $(e2e_since "$3") s"
}

board_stop()
{
	local rc=0 i

	[ -n "$BOARD_PID" ] || return 0
	if kill -0 "$BOARD_PID" 2>/dev/null; then
		kill "$BOARD_PID" 2>/dev/null || true
		for ((i = 0; i < 50; i++)); do
			kill -0 "$BOARD_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$BOARD_PID" 2>/dev/null || true
		wait "$BOARD_PID" 2>/dev/null || true
	else
		wait "$BOARD_PID" 2>/dev/null || rc=$?
		e2e_log "the board had exited on its own with status $rc"
		[ $rc = 0 ] && rc=1
	fi
	BOARD_PID=
	return $rc
}

board_print_log()
{
	echo "---------------- board log ($1) ----------------"
	cat "$1"
	echo "---------------- end of board log ----------------"
}
