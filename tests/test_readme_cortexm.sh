#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The README's bootloader firmware rows (text, data, bss per algorithm) are
# the sizes of the ELF files the build linked today.
# Usage: test_readme_cortexm.sh FW_DIR
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
fw=$1
SIZE=${ARM_SIZE:-arm-none-eabi-size}
declare -A label=(
	[ed25519]="ours, Ed25519"
	[ecdsa-p256]="ours, ECDSA P-256"
	[ecdsa-p384]="ours, ECDSA P-384"
	[rsa-2048]="ours, RSA-2048"
	[rsa-3072]="ours, RSA-3072"
)
bad=0
for alg in "${!label[@]}"; do
	elf=$fw/boot-$alg.elf
	[ -s "$elf" ] || { echo "missing $elf"; bad=1; continue; }
	read -r t d b _ < <("$SIZE" -B "$elf" | tail -n 1)
	row=$(grep -F "| ${label[$alg]}" "$repo/README.md" || true)
	if [ -z "$row" ]; then
		echo "README.md has no row '${label[$alg]}'"
		bad=1
	elif ! grep -qF "| $t | $d | $b |" <<<"$row"; then
		echo "README.md: ${label[$alg]}: want $t / $d / $b, row is: $row"
		bad=1
	else
		echo "boot-$alg: $t / $d / $b as in README.md"
	fi
done
exit $bad
