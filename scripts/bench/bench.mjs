// Lint benchmark: full lint against lower bounds measured in the same run, and the pre-commit cost end to end.
//
//   bash scripts/bench.sh [--json] [--rounds N] [--runs N] [--files N] [--seed N] [--keep] [--strict]
//   BENCH_DIR=/tmp/sfint-bench bash scripts/bench.sh      # generate once, reuse afterwards
//
// Every target is a ratio of numbers measured in this one run (the machine is shared and noisy): rounds interleave
// the floor, the peer bound and lint, and the medians are compared.
//   floor       read every file lint reads (readFileSync one by one, as the engine reads them)
//   read+parse  the same files read and fully parsed (fast-xml-parser DOM, YAML/JSON; Apex read only)
//   lint        lint({ projectRoot, today }) in-process, wall time (includes discovery and config)
//   pre-commit  `node bin/run.js integration lint <5 files> --format json` from spawn to exit, and
//               `node bin/run.js --version` as the start-up floor
// Exit status: 1 when lint misses a planted finding, 2 when it crashes; with --strict also 3 when a target fails.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CONCURRENCY, loadEngine, pool, readAndParse, readFloor, relevantFiles, REPO, TODAY } from './lib.mjs';
import { buildSyntheticProject, GENERATOR_VERSION } from './synth.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

// ---------------------------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = { json: false, rounds: 5, runs: 5, files: 20000, seed: 42, keep: false, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--json') opts.json = true;
    else if (a === '--rounds') opts.rounds = num();
    else if (a === '--runs') opts.runs = num();
    else if (a === '--files') opts.files = num();
    else if (a === '--seed') opts.seed = num();
    else if (a === '--keep') opts.keep = true;
    else if (a === '--strict') opts.strict = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: bash scripts/bench.sh [--json] [--rounds N (5)] [--runs N (5)] [--files N (20000)] [--seed N (42)] [--keep] [--strict]\n  BENCH_DIR=dir reuses (or creates) the synthetic project in dir.');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (ms) => `${(ms / 1000).toFixed(3)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const log = (...a) => console.log(...a);
const progress = (s) => process.stderr.write(`[bench] ${s}\n`);

async function timed(fn) {
  gc();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Spawns `node args...` in cwd; resolves with wall time from spawn to exit, exit code, stdout, stderr. */
function runNode(args, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ ms: performance.now() - t0, code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

async function runChild(mode, projectRoot) {
  const r = await runNode([path.join(REPO, 'scripts', 'bench', 'child.mjs'), mode, projectRoot], REPO);
  if (r.code !== 0) throw new Error(`child ${mode} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return { wallMs: r.ms, ...JSON.parse(r.stdout.trim().split('\n').pop()) };
}

async function allFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) out.push(p);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The project

const MANIFEST = '.bench-manifest.json';

async function prepareProject(opts) {
  const wanted = { generatorVersion: GENERATOR_VERSION, files: opts.files, seed: opts.seed };
  let dir = process.env.BENCH_DIR ? path.resolve(process.env.BENCH_DIR) : undefined;
  let temporary = false;
  if (dir && existsSync(dir)) {
    const manifestPath = path.join(dir, MANIFEST);
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      if (manifest.generatorVersion === wanted.generatorVersion && manifest.files === wanted.files && manifest.seed === wanted.seed) {
        progress(`reusing the synthetic project in ${dir}`);
        return { project: { ...manifest, dir }, temporary };
      }
      progress(`${dir} holds another generator version or size; regenerating it`);
      await rm(dir, { recursive: true, force: true });
    } else if ((await readdir(dir)).length) {
      throw new Error(`BENCH_DIR ${dir} exists, is not empty and has no ${MANIFEST}: not writing into it. Point BENCH_DIR at a new or bench-made directory.`);
    }
  }
  if (!dir) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sfint-bench-'));
    temporary = !opts.keep;
  }
  progress(`generating ${opts.files} files (seed ${opts.seed}) in ${dir} ...`);
  const t = await timed(() => buildSyntheticProject(dir, { files: opts.files, seed: opts.seed }));
  progress(`generated in ${sec(t.ms)}`);
  await writeFile(path.join(dir, MANIFEST), `${JSON.stringify(t.value, null, 1)}\n`);
  return { project: t.value, temporary };
}

// ---------------------------------------------------------------------------------------------------------------
// Verification of the planted findings

function verify(project, result) {
  const foundByRule = {};
  const byRulePath = new Map();
  for (const f of result.findings) {
    foundByRule[f.ruleId] = (foundByRule[f.ruleId] ?? 0) + 1;
    const key = `${f.ruleId}\0${f.location.path}`;
    byRulePath.set(key, (byRulePath.get(key) ?? 0) + 1);
  }
  const wantByRulePath = new Map();
  for (const e of project.expected) {
    const key = `${e.rule}\0${e.path}`;
    wantByRulePath.set(key, [...(wantByRulePath.get(key) ?? []), e]);
  }
  const missed = [];
  for (const [key, entries] of wantByRulePath) {
    const have = byRulePath.get(key) ?? 0;
    if (have < entries.length) missed.push(...entries.slice(have));
  }
  const rules = Object.keys(project.planted);
  for (const r of Object.keys(foundByRule)) if (!rules.includes(r)) rules.push(r);
  const rows = rules.map((rule) => {
    const planted = project.planted[rule] ?? 0;
    const found = foundByRule[rule] ?? 0;
    const miss = missed.filter((m) => m.rule === rule).length;
    return { rule, planted, found, missed: miss, extra: Math.max(0, found - (planted - miss)) };
  });
  return { rows, missed };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const engine = await loadEngine();
  const { project, temporary } = await prepareProject(opts);
  const root = project.dir;
  const crashes = [];
  try {
    return await measure(opts, engine, project, root, crashes);
  } finally {
    if (temporary) await rm(root, { recursive: true, force: true });
  }
}

async function measure(opts, engine, project, root, crashes) {
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memGB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    loadavg: os.loadavg().map((l) => +l.toFixed(2)),
  };

  // The files lint reads, and their size.
  const files = await relevantFiles(engine, root);
  let readBytes = 0;
  const byType = {};
  for (const f of files) {
    const s = (await stat(f.absolute)).size;
    readBytes += s;
    byType[f.type] ??= { files: 0, bytes: 0 };
    byType[f.type].files++;
    byType[f.type].bytes += s;
  }

  // Warm the page cache: read everything in the project once.
  progress('warming the page cache ...');
  const everything = await allFiles(root);
  let projectBytes = 0;
  await pool(everything, CONCURRENCY, async (p) => {
    const buf = await readFile(p);
    projectBytes += buf.length;
  });

  // Warm-up of each measured step (JIT, module caches), not recorded.
  progress('warm-up round ...');
  const runLint = () => engine.lint({ projectRoot: root, today: TODAY });
  let lintResult;
  try {
    await readFloor(files);
    await readAndParse(engine, files);
    lintResult = await runLint();
  } catch (e) {
    crashes.push({ where: 'lint (in-process)', error: e?.stack ?? String(e) });
  }

  const samples = { floor: [], parse: [], lint: [], lintInternal: [], childLint: [], childParse: [], childFloor: [] };
  const rss = { lint: [], parse: [], floor: [] };
  let parseFailures = 0;
  if (!crashes.length) {
    const steps = {
      floor: async () => samples.floor.push((await timed(() => readFloor(files))).ms),
      parse: async () => {
        const t = await timed(() => readAndParse(engine, files));
        parseFailures = t.value.failures;
        samples.parse.push(t.ms);
      },
      lint: async () => {
        const t = await timed(runLint);
        lintResult = t.value;
        samples.lint.push(t.ms);
        samples.lintInternal.push(t.value.durationMs);
      },
    };
    const order = ['floor', 'parse', 'lint'];
    for (let r = 0; r < opts.rounds; r++) {
      progress(`round ${r + 1}/${opts.rounds} ...`);
      // Rotate the order each round so no step always runs right after the same other step.
      for (let k = 0; k < order.length; k++) await steps[order[(k + r) % order.length]]();
      // Fresh processes: peak RSS and cold-JIT time of each.
      for (const mode of r % 2 ? ['parse', 'lint', 'floor'] : ['lint', 'floor', 'parse']) {
        const c = await runChild(mode, root);
        samples[`child${mode[0].toUpperCase()}${mode.slice(1)}`].push(c.ms);
        rss[mode].push(c.maxRssKB * 1024);
      }
    }
  }

  // Pre-commit: five files of different types, end to end through the CLI.
  const pc = project.precommit;
  const pcPaths = [pc.validationRule, pc.connectedApp, pc.permissionSet, pc.flow, pc.apexClass];
  const runJs = path.join(REPO, 'bin', 'run.js');
  const pcArgs = [runJs, 'integration', 'lint', ...pcPaths, '--format', 'json'];
  const preSamples = { version: [], precommit: [] };
  let pcLast;
  progress('pre-commit runs ...');
  for (let i = 0; i <= opts.runs; i++) {
    const v = await runNode([runJs, '--version'], root);
    if (v.code !== 0) crashes.push({ where: 'bin/run.js --version', error: v.stderr });
    const p = await runNode(pcArgs, root);
    if (p.code !== 0 && p.code !== 1) crashes.push({ where: `bin/run.js integration lint (exit ${p.code})`, error: p.stderr || p.stdout });
    pcLast = p;
    if (i === 0) continue; // warm-up (node_modules into the page cache)
    preSamples.version.push(v.ms);
    preSamples.precommit.push(p.ms);
  }
  let pcReport;
  try {
    const json = JSON.parse(pcLast.stdout);
    const findings = json.findings ?? json.result?.findings ?? [];
    const perFile = pcPaths.map((p) => ({ path: p, findings: findings.filter((f) => f.location?.path === p).length }));
    pcReport = { exitCode: pcLast.code, findings: findings.length, filesRead: json.summary?.files ?? json.result?.summary?.files, perFile };
  } catch (e) {
    crashes.push({ where: 'pre-commit JSON output', error: `${e.message}\nstdout: ${pcLast.stdout.slice(0, 500)}\nstderr: ${pcLast.stderr.slice(0, 1000)}` });
  }

  // ---------------------------------------------------------------- Report
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.length ? median(v) : NaN]));
  const preMed = { version: median(preSamples.version), precommit: median(preSamples.precommit) };
  const ratios = {
    lintOverFloor: med.lint / med.floor,
    lintOverReadParse: med.lint / med.parse,
    freshLintOverFreshReadParse: med.childLint / med.childParse,
    precommitSeconds: preMed.precommit / 1000,
    precommitOverStartup: preMed.precommit / preMed.version,
  };
  const targets = {
    fullLintWithin2xOfReadParse: { value: ratios.lintOverReadParse, limit: 2, pass: ratios.lintOverReadParse <= 2 },
    precommitUnder1s: { value: ratios.precommitSeconds, limit: 1, pass: ratios.precommitSeconds < 1 },
  };
  const verification = lintResult ? verify(project, lintResult) : { rows: [], missed: [] };

  log('');
  log('sf integration lint benchmark');
  log(`Machine   ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memGB} GB RAM, ${machine.platform}, Node ${machine.node}, load ${machine.loadavg.join(' ')}`);
  log(`Project   ${root}: ${everything.length} files, ${mb(projectBytes)} (seed ${project.seed}, generator v${project.generatorVersion})`);
  log(`Lint set  ${files.length} files, ${mb(readBytes)} (discover() with the union of the rules' reads; the floor and the peer read exactly these)`);
  const topTypes = Object.entries(byType).sort((a, b) => b[1].bytes - a[1].bytes);
  log(`          ${topTypes.map(([t, v]) => `${t} ${v.files}/${mb(v.bytes)}`).join(', ')}`);
  log('');
  log(`Full project (${opts.rounds} interleaved rounds; median, min, max)`);
  const row = (name, xs, extra = '') => log(`  ${pad(name, 44)} ${lpad(sec(median(xs)), 9)} ${lpad(sec(Math.min(...xs)), 9)} ${lpad(sec(Math.max(...xs)), 9)}  ${extra}`);
  log(`  ${pad('step', 44)} ${lpad('median', 9)} ${lpad('min', 9)} ${lpad('max', 9)}`);
  if (samples.lint.length) {
    row('floor: read bytes (in-process)', samples.floor);
    row('peer: read + DOM parse (in-process)', samples.parse, parseFailures ? `(${parseFailures} file(s) did not parse)` : '');
    row('lint (in-process, wall)', samples.lint, `lint's own durationMs median ${sec(median(samples.lintInternal))}`);
    row('floor (fresh process, op only)', samples.childFloor, `peak RSS ${mb(median(rss.floor))}`);
    row('peer: read + DOM parse (fresh process)', samples.childParse, `peak RSS ${mb(median(rss.parse))}`);
    row('lint (fresh process, op only)', samples.childLint, `peak RSS ${mb(median(rss.lint))}`);
  } else log('  (lint crashed: no timings)');
  log('');
  log(`Pre-commit (${pcPaths.length} files: validation rule, connected app, permission set, flow, Apex class; ${opts.runs} runs after 1 warm-up)`);
  row('node bin/run.js --version  (start-up floor)', preSamples.version);
  row('node bin/run.js integration lint <5 files>', preSamples.precommit, pcReport ? `exit ${pcReport.exitCode}, ${pcReport.findings} finding(s), ${pcReport.filesRead} file(s) read` : '');
  if (pcReport) for (const f of pcReport.perFile) log(`    ${f.findings ? 'ok  ' : 'NONE'} ${f.findings} finding(s) in ${f.path}`);
  log('');
  log('Ratios and targets');
  log(`  lint / read-floor                  ${lpad(ratios.lintOverFloor.toFixed(1), 6)}x`);
  log(`  lint / read+parse                  ${lpad(ratios.lintOverReadParse.toFixed(2), 6)}x   target <= 2x (full lint within 2x of the lower bound)   ${targets.fullLintWithin2xOfReadParse.pass ? 'PASS' : 'FAIL'}`);
  log(`  fresh-process lint / read+parse    ${lpad(ratios.freshLintOverFreshReadParse.toFixed(2), 6)}x   (informational: cold JIT, as a CI run)`);
  log(`  pre-commit                         ${lpad(ratios.precommitSeconds.toFixed(3), 6)} s   target < 1.0 s                                        ${targets.precommitUnder1s.pass ? 'PASS' : 'FAIL'}`);
  log(`  pre-commit - start-up floor        ${lpad(((preMed.precommit - preMed.version) / 1000).toFixed(3), 6)} s`);
  log('');
  log('Findings: planted vs found (full lint)');
  log(`  ${pad('rule', 26)} ${lpad('planted', 8)} ${lpad('found', 7)} ${lpad('missed', 7)} ${lpad('extra', 6)}`);
  for (const r of verification.rows) log(`  ${pad(r.rule, 26)} ${lpad(r.planted, 8)} ${lpad(r.found, 7)} ${lpad(r.missed, 7)} ${lpad(r.extra, 6)}${r.missed ? '   MISSED' : ''}`);
  for (const m of verification.missed) log(`  MISSED ${m.rule}: ${m.path} (${m.what})`);
  for (const c of crashes) log(`  CRASH in ${c.where}:\n${c.error}`);

  const report = {
    machine,
    project: { dir: root, files: everything.length, bytes: projectBytes, seed: project.seed, generatorVersion: project.generatorVersion, lintFiles: files.length, lintBytes: readBytes, byType },
    samplesMs: samples,
    peakRssBytes: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, v.length ? median(v) : null])),
    medianMs: med,
    precommit: { paths: pcPaths, samplesMs: preSamples, medianMs: preMed, ...pcReport },
    ratios,
    targets,
    findings: verification.rows,
    missed: verification.missed,
    crashes,
  };
  if (opts.json) log(`\n${JSON.stringify(report, null, 2)}`);
  if (crashes.length) return 2;
  if (verification.missed.length) return 1;
  if (opts.strict && !(targets.fullLintWithin2xOfReadParse.pass && targets.precommitUnder1s.pass)) return 3;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.stack ?? e);
    process.exit(2);
  }
);
