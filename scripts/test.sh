#!/usr/bin/env sh
# The project's test command (npm test): type-check every workspace, lint, then run every Vitest project.
set -e
cd "$(dirname "$0")/.."
echo "== typecheck"
npm run --silent typecheck --workspaces --if-present
echo "== lint"
sh scripts/lint.sh
echo "== tests"
exec npx vitest run "$@"
