#!/usr/bin/env bash
# Runs the browser end-to-end tests (ctest -L e2e sets the environment).
# Exit 77 (skipped) only when Chromium is not installed.
set -euo pipefail
cd "$(dirname "$0")"
chromium=${CARTABLE_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "SKIPPED: $chromium is not installed (bash tests/tools/setup.sh installs it)"
  exit 77
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 --test-reporter=spec specs/
