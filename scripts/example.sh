#!/usr/bin/env bash
# Installs, builds and runs `sf integration generate` on the example specs in integrations/ of this repo, then
# `sf integration lint` on the result (the example has six integrations: one more than the free license allotment,
# which lint reports as a warning), and `sf integration inventory` into .tmp/inventory.
source "$(dirname "$0")/env.sh"
npm run build --silent
node bin/run.js integration generate "$@"
echo
echo "--- sf integration lint on the example project ---"
node bin/run.js integration lint
echo
echo "--- sf integration inventory on the example project (written to .tmp/inventory, outside the committed tree) ---"
node bin/run.js integration inventory --output-dir .tmp/inventory
echo
echo "--- sf integration audit of the example register against the demo org (the org simulator on 127.0.0.1; report in .tmp/audit) ---"
npx tsx scripts/audit-demo.ts
