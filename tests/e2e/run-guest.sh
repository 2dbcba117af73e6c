#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Boot the e2e guest under QEMU TCG and run one shell script in it.
#
# Usage: run-guest.sh [options] SCRIPT
#   -g DIR       guest built by build-guest.sh (default $E2E_BUILD_DIR/guest)
#   -t SECONDS   whole-run timeout (default 600)
#   -f FILE      copy FILE into the guest's /e2e/ (repeatable)
#   -b FILE      copy the program FILE into /e2e/ and the shared libraries
#                it loads (ldd) to their own paths (repeatable)
#   -d FILE      only the shared libraries of the program FILE (repeatable;
#                e.g. an executable the guest runs from a signed image)
#   -e VAR=VALUE export VAR to the guest script (repeatable)
#   -l LOG       also write the serial console to LOG
#   -m MIB       guest memory (default 512)
#
# The guest reaches the host's 127.0.0.1 as 10.0.2.2. SCRIPT runs as
# /e2e/run.sh with /e2e as working directory; the console (kernel messages
# and the script's output) goes to stdout.
#
# Exit code: the guest script's exit code; 124 on timeout; 125 when the
# guest stopped without reporting one (kernel panic, crash); 77 only when
# QEMU is not installed or does not start.
set -euo pipefail

source "$(dirname "$0")/common.sh"

usage()
{
	sed -n '4,25p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

guest_dir=$E2E_GUEST_DIR
timeout_s=600
memory=512
log=
files=()
envs=()
libs_of=()
while getopts "g:t:f:b:d:e:l:m:h" opt; do
	case $opt in
	g) guest_dir=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	f) files+=("$OPTARG") ;;
	b) files+=("$OPTARG") libs_of+=("$OPTARG") ;;
	d) libs_of+=("$OPTARG") ;;
	e) envs+=("$OPTARG") ;;
	l) log=$OPTARG ;;
	m) memory=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
script=$1

e2e_qemu_usable || e2e_skip "qemu-system-x86_64 is not available or does not start"
[ -s "$guest_dir/vmlinuz" ] && [ -s "$guest_dir/initramfs.cpio.gz" ] ||
	e2e_die "no guest in $guest_dir: run tests/e2e/build-guest.sh first"

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/e2e-run.XXXXXX")
trap 'rm -rf "$run_dir"' EXIT

# The per-run archive: the kernel unpacks concatenated archives in order,
# so these files land on top of the base initramfs.
mkdir -p "$run_dir/root/e2e"
install -m 755 "$script" "$run_dir/root/e2e/run.sh"
for f in "${files[@]+"${files[@]}"}"; do
	install -m 755 "$f" "$run_dir/root/e2e/"
done
for kv in "${envs[@]+"${envs[@]}"}"; do
	[[ $kv == *=* ]] || e2e_die "-e wants VAR=VALUE, got '$kv'"
	printf "export %s='%s'\n" "${kv%%=*}" "${kv#*=}" >>"$run_dir/root/e2e/env"
done
# Shared libraries at their paths, as build-guest.sh installs dfu-util's
# (the base initramfs has some of them already: same files).
for bin in "${libs_of[@]+"${libs_of[@]}"}"; do
	[ -x "$bin" ] || e2e_die "-b/-d want a program, got '$bin'"
	for lib in $(ldd "$bin" 2>/dev/null | awk '
			$2 == "=>" && $3 ~ /^\// { print $3 }
			$1 ~ /^\// { print $1 }'); do
		[ -e "$run_dir/root$lib" ] ||
			install -D -m 755 "$(realpath "$lib")" "$run_dir/root$lib"
	done
done
(cd "$run_dir/root" && find . -mindepth 1 -print | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$run_dir/run.cpio.gz"
cat "$guest_dir/initramfs.cpio.gz" "$run_dir/run.cpio.gz" >"$run_dir/initrd"

console=${log:-$run_dir/console.log}
set +e
# stdin from /dev/null: the serial port is output only, and QEMU must not
# touch the caller's terminal settings.
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
	-accel tcg -m "$memory" -smp 1 \
	-nodefaults -no-user-config -display none -no-reboot \
	-serial stdio \
	-netdev user,id=net0 -device virtio-net-pci,netdev=net0 \
	-kernel "$guest_dir/vmlinuz" -initrd "$run_dir/initrd" \
	-append "console=ttyS0,115200 loglevel=${E2E_GUEST_LOGLEVEL:-4} panic=-1 quiet" \
	</dev/null 2>&1 | tr -d '\r' | tee "$console"
qemu_rc=${PIPESTATUS[0]}
set -e

code=$(sed -n 's/^E2E-EXIT=\([0-9]\{1,3\}\)$/\1/p' "$console" | tail -n1)
if [ -n "$code" ]; then
	exit "$code"
fi
if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
	e2e_log "guest timed out after $timeout_s s"
	exit 124
fi
e2e_log "guest stopped without an exit code (qemu exit $qemu_rc)"
exit 125
