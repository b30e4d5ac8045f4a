#!/usr/bin/env bash
# Installs the npm test tools next to this file, once: `npm ci` only when the lock file changed
# since the last install (npm writes node_modules/.package-lock.json on every install).
# Without npm the build goes on: the tests that need these tools skip and say why.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v npm >/dev/null 2>&1; then
  echo "tools/node: npm not found; fauxqs and hcl2json tests will skip" >&2
  exit 0
fi
if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
