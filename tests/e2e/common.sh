# SPDX-License-Identifier: Apache-2.0
# Shared helpers for the host-side e2e scripts (bash). Source it; do not run it.
#
# E2E_BUILD_DIR holds everything generated (guest image, downloads, logs);
# it defaults to <repo>/build-e2e and is never committed.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_REPO=$(cd "$E2E_DIR/../.." && pwd)
E2E_BUILD_DIR=${E2E_BUILD_DIR:-$E2E_REPO/build-e2e}
E2E_GUEST_DIR=${E2E_GUEST_DIR:-$E2E_BUILD_DIR/guest}

# Exit code ctest treats as "skipped" (SKIP_RETURN_CODE in tests/e2e.cmake).
E2E_SKIP=77

e2e_log()
{
	printf '%s\n' "e2e: $*" >&2
}

e2e_die()
{
	e2e_log "error: $*"
	exit 1
}

# Seconds since the epoch with milliseconds, for step timings.
e2e_now()
{
	date +%s.%3N
}

# e2e_since START: seconds elapsed since START (from e2e_now), 2 decimals.
e2e_since()
{
	awk -v a="$1" -v b="$(e2e_now)" 'BEGIN { printf "%.2f", b - a }'
}

# Install the Debian packages that provide the given commands, when missing.
# Arguments are command:package pairs. Returns non-zero if some command is
# still missing afterwards (not root, no apt-get, package not found).
e2e_need_commands()
{
	local pair cmd missing_pkgs=()

	for pair in "$@"; do
		cmd=${pair%%:*}
		command -v "$cmd" >/dev/null 2>&1 || missing_pkgs+=("${pair#*:}")
	done
	[ ${#missing_pkgs[@]} -eq 0 ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		e2e_log "installing ${missing_pkgs[*]} with apt-get"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			"${missing_pkgs[@]}" >&2 || true
	fi
	for pair in "$@"; do
		cmd=${pair%%:*}
		if ! command -v "$cmd" >/dev/null 2>&1; then
			e2e_log "missing command $cmd (Debian package ${pair#*:})"
			return 1
		fi
	done
	return 0
}

# Succeeds when QEMU is present (installing it if we may) and starts.
# The only condition under which the e2e tests report "skipped".
e2e_qemu_usable()
{
	e2e_need_commands qemu-system-x86_64:qemu-system-x86 || return 1
	qemu-system-x86_64 -version >/dev/null 2>&1
}

e2e_skip()
{
	echo "*****************************************************************"
	echo "*** SKIPPED: $*"
	echo "*****************************************************************"
	exit "$E2E_SKIP"
}

# A TCP port on 127.0.0.1 that nobody listens on right now (racy by nature:
# callers retry with another port if the bind fails).
e2e_free_port()
{
	local port used

	used=$(awk 'NR > 1 && $4 == "0A" { split($2, a, ":"); print a[2] }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null)
	while :; do
		port=$((20000 + RANDOM % 40000))
		if ! grep -qix "$(printf '%04X' "$port")" <<<"$used"; then
			echo "$port"
			return 0
		fi
	done
}
