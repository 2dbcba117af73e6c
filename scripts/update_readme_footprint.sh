#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Rewrite the README's footprint rows with what scripts/footprint.sh
# measures now (tests/test_readme_footprint.sh fails until this is run
# after a change that moves them).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rows=$(bash "$repo/scripts/footprint.sh" -m | grep '^|')
python3 - "$repo/README.md" "$rows" <<'PY'
import sys
path, rows = sys.argv[1], sys.argv[2].splitlines()
text = open(path).read().split('\n')
labels = {r.split(' | ')[0] for r in rows}
out, used = [], set()
for line in text:
    key = line.split(' | ')[0]
    if line.startswith('| ') and key in labels:
        # rows with the same label (libc, fill) are taken in order
        for i, r in enumerate(rows):
            if i not in used and r.split(' | ')[0] == key:
                used.add(i)
                line = r
                break
    out.append(line)
if len(used) != len(rows):
    sys.exit('README.md lacks %d footprint row(s): add them by hand'
             % (len(rows) - len(used)))
open(path, 'w').write('\n'.join(out))
PY
echo "README footprint rows updated"
