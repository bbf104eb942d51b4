#!/usr/bin/env bash
# Runs every test: type check, unit and host tests, then the VM tests under
# QEMU. The VM tier never skips: a VM that cannot boot is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export PATH="$PWD/node_modules/.bin:$PATH"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

echo "== build"
bun build.ts || exit 1
echo "== typecheck"
tsc --noEmit -p . || status=1
echo "== unit and host tests"
bun test tests/unit tests/host 2>&1 | tee -a "$log" || status=1
echo "== VM tests (QEMU, TCG)"
bun tests/vm/image.ts || exit 1
bun scripts/vm-tests.ts 2>&1 | tee -a "$log" || status=1

passed=$(grep -E '^ *[0-9]+ pass$' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^ *[0-9]+ fail$' "$log" | awk '{s+=$1} END {print s+0}')
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
echo "tests: $passed passed, $failed failed"
exit $status
