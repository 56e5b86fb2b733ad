// One measurement in a fresh Node process, for peak RSS (process.resourceUsage().maxRSS) and cold-JIT timings.
//   node scripts/bench/child.mjs <floor|parse|lint> <projectRoot> [concurrency: off|auto|N]
// Prints one JSON line: { mode, ms, maxRssKB, ... }. `ms` times the operation only (after module loading).
import { loadEngine, readAndParse, readFloor, relevantFiles, TODAY } from './lib.mjs';

const [mode, projectRoot, concurrencyArg = 'off'] = process.argv.slice(2);
const concurrency = /^\d+$/.test(concurrencyArg) ? Number(concurrencyArg) : concurrencyArg;
const engine = await loadEngine();
const files = mode === 'lint' ? undefined : await relevantFiles(engine, projectRoot);
const out = { mode };
const t0 = performance.now();
if (mode === 'floor') Object.assign(out, await readFloor(files));
else if (mode === 'parse') Object.assign(out, await readAndParse(engine, files));
else if (mode === 'lint') {
  const result = await lint();
  out.findings = result.findings.length;
  out.adminProfile = result.findings.filter((f) => f.ruleId === 'admin-profile').length;
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
out.ms = performance.now() - t0;
out.maxRssKB = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify(out)}\n`);

function lint() {
  return engine.lint({ projectRoot, today: TODAY, concurrency });
}
