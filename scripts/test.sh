#!/usr/bin/env bash
# Installs everything berth's tests need and runs all of them: lint, unit tests, and the end-to-end
# tests of the bundled action against a real engine and registry that this script starts and stops.
# Run as root on Debian: `bash scripts/test.sh`. Extra arguments are test files to run instead of all.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "packages"
bash scripts/testbed.sh install

step "node modules"
npm ci --no-audit --no-fund --loglevel=error

step "build"
npm run --silent build
if [ -n "$(git status --porcelain -- dist 2>/dev/null)" ]; then
  echo "dist/ does not match src/: run 'npm run build' and commit dist/" >&2
  [ "${CI:-}" = "true" ] && exit 1
fi

step "lint"
npm run --silent lint

step "testbed"
trap 'bash scripts/testbed.sh down' EXIT
bash scripts/testbed.sh up
# shellcheck disable=SC1091
source "${BERTH_TESTBED_DIR:-/tmp/berth-testbed}/env"

step "tests"
if [ "$#" -gt 0 ]; then files=("$@"); else
  mapfile -t files < <(find lib/__tests__ -name '*.test.js' | sort)
fi
node --test --test-concurrency=2 "${files[@]}"
