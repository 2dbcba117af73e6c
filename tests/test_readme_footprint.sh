#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The README's footprint rows are what scripts/footprint.sh measures today:
# every Markdown row the script prints must be in README.md, word for word.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rows=$(bash "$repo/scripts/footprint.sh" -m | grep '^|')
[ -n "$rows" ] || { echo "footprint.sh -m printed no rows"; exit 1; }
missing=0
while IFS= read -r row; do
	if ! grep -qxF "$row" "$repo/README.md"; then
		echo "README.md lacks: $row"
		missing=$((missing + 1))
	fi
done <<<"$rows"
[ $missing = 0 ] || { echo "$missing footprint row(s) stale in README.md"; exit 1; }
echo "README footprint: $(wc -l <<<"$rows") rows match"
