#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Static analysis: scripts/lint.sh [build-dir]
#   cppcheck --enable=warning,performance,portability and clang-tidy (checks
#   in .clang-tidy) over the project's own C files, with the compile
#   commands the build exports (CMAKE_EXPORT_COMPILE_COMMANDS).
# build-dir: default build-lint, configured with clang when it has no
#   compile_commands.json yet (a gcc build's database works as well).
# clang-tidy runs once per file: clang-tidy 14 given several files in one
#   run reports va_list false positives (valist.Uninitialized) in the later
#   ones.
# Files: every .c file in the database that is in the repo, except build
#   directories and tests/ (test code is linted with LINT_TESTS=1; it is
#   not a gate). Generated sources (in the build dir) are skipped.
# Exit status 1 when either tool reports anything; the last line says so.
# Environment: LINT_TESTS=1, LINT_JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build-lint}
jobs=${LINT_JOBS:-2}

for tool in cppcheck clang-tidy python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "lint.sh: $tool not found (apt-get install -y cppcheck" \
			"clang-tidy python3)" >&2
		exit 2
	fi
done
if [ ! -f "$build/compile_commands.json" ]; then
	CC=clang cmake -S . -B "$build" -DDFU_E2E=OFF -DDFU_CORTEXM=OFF >/dev/null
fi

# The database restricted to the files linted, in its own directory.
db="$build/lint"
mkdir -p "$db"
python3 - "$build/compile_commands.json" "$db/compile_commands.json" \
	"$root" "${LINT_TESTS:-0}" <<'PY'
import json, os, sys
src, dst, root, tests = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
keep, seen = [], set()
for e in json.load(open(src)):
    f = os.path.normpath(os.path.join(e["directory"], e["file"]))
    rel = os.path.relpath(f, root)
    top = rel.split(os.sep)[0]
    if rel.startswith("..") or top.startswith("build") or f in seen:
        continue
    if top == "tests" and tests != "1":
        continue
    seen.add(f)
    keep.append(e)
json.dump(keep, open(dst, "w"), indent=1)
PY
files=$(python3 -c 'import json,sys; [print(e["file"]) for e in json.load(open(sys.argv[1]))]' \
	"$db/compile_commands.json" | sort -u)
count=$(echo "$files" | wc -l)

status=0
echo "cppcheck: $count files"
if ! cppcheck --project="$db/compile_commands.json" \
	--enable=warning,performance,portability --inline-suppr \
	--error-exitcode=1 --quiet -j "$jobs" \
	--suppress=missingIncludeSystem; then
	echo "cppcheck: FINDINGS (above)"
	status=1
fi

echo "clang-tidy: $count files (.clang-tidy)"
tidy_log="$db/clang-tidy.log"
if ! echo "$files" | xargs -P "$jobs" -n 1 clang-tidy -p "$db" --quiet \
	>"$tidy_log" 2>&1; then
	status=1
fi
if grep -qE '(warning|error): ' "$tidy_log"; then
	grep -E -A3 '(warning|error): ' "$tidy_log" | grep -v '^--$' || true
	echo "clang-tidy: FINDINGS (above; full log $tidy_log)"
	status=1
elif [ $status -ne 0 ]; then
	cat "$tidy_log"
fi

if [ $status -eq 0 ]; then
	echo "lint: clean ($count files)"
else
	echo "lint: findings"
fi
exit $status
