// Bundles the standalone `sf-integration lint` path (lib/cli/standalone.js and the worker thread it starts) into
// lib/bundle/, as esbuild chunks: resolving and loading ~190 modules (yaml alone is 72) is a third of a one-file
// pre-commit run. Dynamic imports stay chunks loaded on demand (ajv only when a config file is validated). The bundle
// sits two levels under the package root like every lib/<area>/<module>.js, so the package-relative paths the
// modules open at run time (package.json, schemas/, SDR's registry through createRequire) resolve the same.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'lib', 'bundle');
await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // Named as in lib/lint/, so parallel.ts's `new URL('./worker.js', import.meta.url)` finds the bundled worker.
  // engine: the same lint() the CLI runs, for the benchmark (scripts/bench/lib.mjs) to measure what users run.
  entryPoints: { standalone: 'lib/cli/standalone.js', worker: 'lib/lint/worker.js', engine: 'lib/lint/engine.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // CommonJS dependencies bundled into ESM call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __sfIntegrationRequire } from 'node:module';\nconst require = __sfIntegrationRequire(import.meta.url);",
  },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`lib/bundle: ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KB`);
