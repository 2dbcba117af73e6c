#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The README's bootloader flash-operation rows (384 KiB image, 4 KiB pages)
# are what tests/test_boot_bench prints today: read ops, write ops and
# erases of the test swap, the revert, the overwrite-only upgrade and the
# direct-xip first try and revert.
# Usage: test_readme_boot_bench.sh TEST_BOOT_BENCH (run from tests/)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$("$1")
declare -A label=(
	["test swap"]="test swap (swap-using-move)"
	["revert"]="revert"
	["overwrite"]="upgrade, overwrite-only (no revert)"
	["xip try"]="first try, direct-xip (nothing copied)"
	["xip revert"]="revert, direct-xip (the tried slot dropped)"
)
bad=0
for name in "${!label[@]}"; do
	# "NAME   reads   R (...)  writes   W (...)  erases   E (...)"
	read -r r w e < <(awk -v n="$name" '
		index($0, n " ") == 1 && $0 ~ /reads/ {
			for (i = 1; i <= NF; i++) {
				if ($i == "reads") r = $(i + 1)
				if ($i == "writes") w = $(i + 1)
				if ($i == "erases") e = $(i + 1)
			}
			print r, w, e; exit
		}' <<<"$out")
	if [ -z "${r:-}" ]; then
		echo "test_boot_bench printed no '$name' line"
		bad=1
		continue
	fi
	row=$(grep -F "| ${label[$name]} | " "$repo/README.md" || true)
	wops="$w ops"
	[ "$w" = 1 ] && wops="1 op"
	[ "$w" = 0 ] && wops="0"
	if [ -z "$row" ]; then
		echo "README.md has no row '${label[$name]}'"
		bad=1
	elif ! grep -qF "| $r ops, " <<<"$row" ||
		! grep -qE "\| $wops[ ,|]" <<<"$row" ||
		! grep -qE "\| $e \|" <<<"$row"; then
		echo "README.md: ${label[$name]}: want $r reads, $wops writes," \
			"$e erases; row is: $row"
		bad=1
	else
		echo "$name: $r reads, writes $wops, $e erases as in README.md"
	fi
done
exit $bad
