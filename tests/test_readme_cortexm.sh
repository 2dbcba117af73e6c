#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The README's bootloader firmware rows (text, data, bss per algorithm, and
# the ECDSA P-256 bootloader in the measuring harness, with and without
# log lines) are the sizes of the ELF files the build linked today.
# Usage: test_readme_cortexm.sh FW_DIR [--update]
#   --update  rewrite those rows' text/data/bss instead of checking them
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
fw=$1
update=${2:-}
SIZE=${ARM_SIZE:-arm-none-eabi-size}
declare -A label=(
	[boot-ed25519]="ours, Ed25519"
	[boot-ecdsa-p256]="ours, ECDSA P-256"
	[boot-ecdsa-p384]="ours, ECDSA P-384"
	[boot-rsa-2048]="ours, RSA-2048"
	[boot-rsa-3072]="ours, RSA-3072"
	[fp-boot-ecdsa-p256]="harness, ours, ECDSA P-256, every log line"
	[fp-boot-ecdsa-p256-nolog]="harness, ours, ECDSA P-256, no logging"
)
bad=0
for name in "${!label[@]}"; do
	elf=$fw/$name.elf
	[ -s "$elf" ] || { echo "missing $elf"; bad=1; continue; }
	read -r t d b _ < <("$SIZE" -B "$elf" | tail -n 1)
	if [ "$update" = --update ]; then
		awk -v l="| ${label[$name]}" -v t="$t" -v d="$d" -v b="$b" '
		index($0, l) == 1 {
			n = split($0, f, "|")
			if (n >= 6) { f[3] = " " t " "; f[4] = " " d " "; f[5] = " " b " " }
			s = f[1]; for (i = 2; i <= n; i++) s = s "|" f[i]
			$0 = s
		}
		{ print }' "$repo/README.md" >"$repo/README.md.tmp" &&
			mv "$repo/README.md.tmp" "$repo/README.md"
	fi
	row=$(grep -F "| ${label[$name]}" "$repo/README.md" || true)
	if [ -z "$row" ]; then
		echo "README.md has no row '${label[$name]}'"
		bad=1
	elif ! grep -qF "| $t | $d | $b |" <<<"$row"; then
		echo "README.md: ${label[$name]}: want $t / $d / $b, row is: $row"
		bad=1
	else
		echo "$name: $t / $d / $b as in README.md"
	fi
done
# The prose beside the harness rows: ours outside the crypto library.
rest=$(python3 "$repo/board/mps2_an386/qemu_board.py" beside-crypto \
	--fw-dir "$fw" fp-boot-ecdsa-p256-nolog)
if grep -qF "is $rest bytes in ours" "$repo/README.md"; then
	echo "outside BearSSL: $rest as in README.md"
else
	echo "README.md: want 'is $rest bytes in ours' (outside BearSSL)"
	bad=1
fi
exit $bad
