#!/usr/bin/env bash
# Installs, builds, type-checks, lints, checks for unused files, exports and dependencies, and runs every test (unit, schema, end-to-end through the real sf CLI).
source "$(dirname "$0")/env.sh"
echo "node $(node --version)"
npm run build --silent
npx tsc -p test --noEmit
npx eslint src test --max-warnings 0
npx prettier --check "src/**/*.ts" "test/**/*.ts" "scripts/**/*.{ts,mjs}" "bin/*.js"
npx knip --no-progress
npx mocha "test/**/*.test.ts" "test/nuts/**/*.nut.ts"
