#!/usr/bin/env sh
# The project's lint (npm run lint, also run by npm test): ESLint finds mistakes, Prettier checks the formatting.
# `npm run format` rewrites files to Prettier's format.
set -e
cd "$(dirname "$0")/.."
npx eslint --max-warnings=0 .
npx prettier --check --log-level=warn .
