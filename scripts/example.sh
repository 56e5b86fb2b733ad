#!/usr/bin/env bash
# Installs, builds and runs `sf integration generate` on the example specs in integrations/ of this repo.
source "$(dirname "$0")/env.sh"
npm run build --silent
node bin/run.js integration generate "$@"
