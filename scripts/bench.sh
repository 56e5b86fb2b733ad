#!/usr/bin/env bash
# Lint benchmark: full lint vs read / read+parse lower bounds, and the pre-commit run end to end.
# Usage: bash scripts/bench.sh [--json] [--rounds N] [--runs N]; BENCH_DIR=/tmp/sfint-bench reuses the generated project.
source "$(dirname "$0")/env.sh"
npm run build --silent
node scripts/bench/bench.mjs "$@"
