#!/usr/bin/env bash
# The main job: set up, build dist/mpathbox, and run the VM demo of real
# dm-multipath maps with path failover.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
bun build.ts
bun tests/vm/demo.ts
