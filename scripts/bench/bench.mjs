// Lint benchmark: every target is a ratio of numbers measured in this one run (the machine is shared and noisy).
//
//   bash scripts/bench.sh [--json] [--rounds N] [--runs N] [--files N] [--seed N] [--concurrency N] [--big-mb N] [--keep] [--strict]
//   BENCH_DIR=/tmp/sfint-bench BENCH_BIG_DIR=/tmp/sfint-bench-big bash scripts/bench.sh   # generate once, reuse afterwards
//
// On a synthetic 20,000-file org, rounds interleave (medians compared):
//   floor          read, decode and run one regex over every file lint reads (one by one, as the engine reads)
//   read+parse     the same files read and fully parsed (informational peer bound)
//   lint           lint() in-process with --concurrency off, and with --concurrency N (default 2)
//   fresh process  the same in a new Node process each, for peak RSS
// Pre-commit: one file through `sf-integration lint` and through the real `sf integration lint` (isolated home,
// plugin linked), with `sf --version` for scale. Then a project of multi-megabyte profiles and permission sets
// (1.5 GB by default) for peak RSS, which must not grow with the project.
// Exit status: 1 when lint misses a planted finding, 2 when it crashes; with --strict also 3 when a target fails.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CONCURRENCY, loadEngine, pool, readAndParse, readFloor, relevantFiles, REPO, TODAY } from './lib.mjs';
import { buildSyntheticProject, GENERATOR_VERSION } from './synth.mjs';
import { buildBigProject, BIG_GENERATOR_VERSION } from './synthBig.mjs';
import { sfSandboxEnv } from '../sfSandboxEnv.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

// ---------------------------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = {
    json: false,
    rounds: 5,
    runs: 5,
    files: 20000,
    seed: 42,
    keep: false,
    strict: false,
    bigMB: 1536,
    concurrency: 2,
  };
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
    else if (a === '--big-mb') opts.bigMB = Number(argv[++i]);
    else if (a === '--concurrency') opts.concurrency = num();
    else if (a === '--strict') opts.strict = true;
    else if (a === '-h' || a === '--help') {
      console.log(
        'usage: bash scripts/bench.sh [--json] [--rounds N (5)] [--runs N (5)] [--files N (20000)] [--seed N (42)] [--concurrency N (2)] [--big-mb N (1536; 0 skips)] [--keep] [--strict]\n  BENCH_DIR=dir reuses (or creates) the synthetic project in dir; BENCH_BIG_DIR the one of large profiles.',
      );
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
function runProcess(command, args, cwd, env = process.env) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => resolve({ ms: performance.now() - t0, code: -1, stdout: '', stderr: e.message }));
    child.on('close', (code, signal) =>
      resolve({
        ms: performance.now() - t0,
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
  });
}

const runNode = (args, cwd, env) => runProcess(process.execPath, args, cwd, env);

async function runChild(mode, projectRoot, concurrency = 'off') {
  const r = await runNode(
    [path.join(REPO, 'scripts', 'bench', 'child.mjs'), mode, projectRoot, String(concurrency)],
    REPO,
  );
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
      if (
        manifest.generatorVersion === wanted.generatorVersion &&
        manifest.files === wanted.files &&
        manifest.seed === wanted.seed
      ) {
        progress(`reusing the synthetic project in ${dir}`);
        return { project: { ...manifest, dir }, temporary };
      }
      progress(`${dir} holds another generator version or size; regenerating it`);
      await rm(dir, { recursive: true, force: true });
    } else if ((await readdir(dir)).length) {
      throw new Error(
        `BENCH_DIR ${dir} exists, is not empty and has no ${MANIFEST}: not writing into it. Point BENCH_DIR at a new or bench-made directory.`,
      );
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
// The real sf CLI, in a home of its own that is removed afterwards (never the caller's sf)

/**
 * sf with this plugin installed as users install it: the packed tarball through `sf plugins install`, allow-listed
 * (README's install recipe), so sf runs the compiled lib/ with the dependencies npm resolves for it. A linked plugin
 * is no stand-in: sf runs a linked plugin's TypeScript sources through tsx, which costs more than the lint itself.
 * Only when the install fails (no registry) is the plugin linked, and the report says so.
 */
async function sfSandbox() {
  const home = await mkdtemp(path.join(os.tmpdir(), 'sfint-bench-home-'));
  const env = sfSandboxEnv(home);
  const sf = path.join(REPO, 'node_modules', '.bin', 'sf');
  const dispose = () => rm(home, { recursive: true, force: true });
  try {
    // bench.sh has just built lib/; --ignore-scripts skips prepack's second build.
    const packed = await runProcess(
      'npm',
      ['pack', '--ignore-scripts', '--silent', '--pack-destination', home],
      REPO,
      env,
    );
    const pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8'));
    const tarball = `file://${path.join(home, `${pkg.name}-${pkg.version}.tgz`)}`;
    if (packed.code === 0) {
      await mkdir(env.SF_CONFIG_DIR, { recursive: true });
      await writeFile(path.join(env.SF_CONFIG_DIR, 'unsignedPluginAllowList.json'), JSON.stringify([tarball]));
      const installed = await runNode([sf, 'plugins', 'install', tarball], home, env);
      const pluginRoot = path.join(env.SF_DATA_DIR, 'node_modules', pkg.name);
      if (installed.code === 0) return { env, sf, pluginRoot, how: 'installed from the packed tarball', dispose };
      progress(`sf plugins install failed (${installed.stderr.trim().split('\n').pop()}); linking instead`);
    } else progress(`npm pack failed (${packed.stderr.trim().split('\n').pop()}); linking instead`);
    const link = await runNode([sf, 'plugins', 'link', REPO, '--no-install'], REPO, env);
    if (link.code !== 0) throw new Error(`sf plugins link failed: ${link.stderr}`);
    return {
      env,
      sf,
      pluginRoot: REPO,
      how: 'linked (sf transpiles its TypeScript sources with tsx: slower than users see)',
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The project of large profiles and permission sets

async function prepareBigProject(megabytes) {
  const wanted = { generatorVersion: BIG_GENERATOR_VERSION, megabytes };
  let dir = process.env.BENCH_BIG_DIR ? path.resolve(process.env.BENCH_BIG_DIR) : undefined;
  if (dir && existsSync(path.join(dir, MANIFEST))) {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8'));
    if (manifest.generatorVersion === wanted.generatorVersion && manifest.megabytes === megabytes)
      return { project: { ...manifest, dir }, temporary: false };
    await rm(dir, { recursive: true, force: true });
  }
  const temporary = !dir;
  dir ??= await mkdtemp(path.join(os.tmpdir(), 'sfint-bench-big-'));
  progress(`generating ${megabytes} MB of profiles and permission sets in ${dir} ...`);
  const project = { ...(await buildBigProject(dir, { megabytes })), megabytes };
  await writeFile(path.join(dir, MANIFEST), `${JSON.stringify(project)}\n`);
  return { project: { ...project, dir }, temporary };
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
  // lint's cache (folder listings, parsed YAML specs) in a folder of this run's own: the warm-up run fills it, as a
  // hook's first run does, and the caller's cache is neither used nor changed.
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'sfint-bench-cache-'));
  process.env.SF_INTEGRATION_CACHE_DIR = cacheDir;
  try {
    return await measure(opts, engine, project, root, crashes);
  } finally {
    if (temporary) await rm(root, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
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
  const N = opts.concurrency;
  const runLint = () => engine.lint({ projectRoot: root, today: TODAY, concurrency: 'off' });
  const runLintN = () => engine.lint({ projectRoot: root, today: TODAY, concurrency: N });
  let lintResult;
  let lintNResult;
  try {
    await readFloor(files);
    await readAndParse(engine, files);
    lintResult = await runLint();
    lintNResult = await runLintN();
  } catch (e) {
    crashes.push({ where: 'lint (in-process)', error: e?.stack ?? String(e) });
  }

  const samples = { floor: [], parse: [], lint: [], lintN: [], childLint: [], childLintN: [], childFloor: [] };
  const rss = { lint: [], lintN: [], floor: [] };
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
      },
      lintN: async () => {
        const t = await timed(runLintN);
        lintNResult = t.value;
        samples.lintN.push(t.ms);
      },
    };
    const order = ['floor', 'parse', 'lint', 'lintN'];
    for (let r = 0; r < opts.rounds; r++) {
      progress(`round ${r + 1}/${opts.rounds} ...`);
      // Rotate the order each round so no step always runs right after the same other step.
      for (let k = 0; k < order.length; k++) await steps[order[(k + r) % order.length]]();
      // Fresh processes: peak RSS and cold-JIT time of each.
      for (const mode of r % 2 ? ['lintN', 'lint', 'floor'] : ['lint', 'floor', 'lintN']) {
        const c = await runChild(mode === 'lintN' ? 'lint' : mode, root, mode === 'lintN' ? N : 'off');
        samples[`child${mode[0].toUpperCase()}${mode.slice(1)}`].push(c.ms);
        rss[mode].push(c.maxRssKB * 1024);
      }
    }
  }
  const sameInEveryMode =
    lintResult &&
    lintNResult &&
    JSON.stringify({ ...lintResult, durationMs: 0 }) === JSON.stringify({ ...lintNResult, durationMs: 0 });
  if (lintResult && lintNResult && !sameInEveryMode)
    crashes.push({ where: `lint --concurrency ${N}`, error: 'the result differs from --concurrency off' });

  // Pre-commit: one file, end to end, through the standalone executable and through the real sf, with sf --version.
  const pcFile = project.precommit.validationRule;
  const standalone = path.join(REPO, 'bin', 'sf-integration.js');
  const preSamples = {
    sfVersion: [],
    sfCommandBase: [],
    standalone: [],
    standaloneUncached: [],
    sf: [],
    standaloneSmall: [],
    sfSmall: [],
  };
  // The same in the README's example project (a few dozen files), where the project-wide part of a run is small.
  const smallFile = 'force-app/main/default/permissionsets/Marketo_Integration.permissionset-meta.xml';
  const pcRuns = {};
  let sfHow = '';
  progress('pre-commit runs ...');
  const sandbox = await sfSandbox();
  try {
    const commands = {
      sfVersion: [[sandbox.sf, '--version'], sandbox.env, root],
      // What every sf command built on SfCommand pays before it runs: its base class imports @salesforce/core whole.
      sfCommandBase: [
        [
          '--input-type=module',
          '-e',
          `await import(${JSON.stringify(pathToFileURL(createRequire(path.join(sandbox.pluginRoot, 'package.json')).resolve('@salesforce/sf-plugins-core')).href)})`,
        ],
        sandbox.env,
        root,
      ],
      standalone: [[standalone, 'lint', pcFile, '--format', 'json'], process.env, root],
      // The same without lint's cache (folder listings, parsed specs): what a hook's first run in a project costs.
      standaloneUncached: [
        [standalone, 'lint', pcFile, '--format', 'json'],
        { ...process.env, SF_INTEGRATION_CACHE: 'off' },
        root,
      ],
      sf: [[sandbox.sf, 'integration', 'lint', pcFile, '--format', 'json'], sandbox.env, root],
      standaloneSmall: [[standalone, 'lint', smallFile, '--format', 'json'], process.env, REPO],
      sfSmall: [[sandbox.sf, 'integration', 'lint', smallFile, '--format', 'json'], sandbox.env, REPO],
    };
    sfHow = sandbox.how;
    for (let i = 0; i <= opts.runs; i++) {
      for (const [name, [args, env, cwd]] of Object.entries(commands)) {
        const r = await runNode(args, cwd, env);
        if (r.code !== 0 && !(name !== 'sfVersion' && name !== 'sfCommandBase' && r.code === 1))
          crashes.push({ where: `${name} (exit ${r.code})`, error: r.stderr || r.stdout });
        pcRuns[name] = r;
        if (i > 0) preSamples[name].push(r.ms); // run 0 warms the page cache, the compile cache and lint's cache
      }
    }
  } finally {
    await sandbox.dispose();
  }
  let pcReport;
  try {
    const findings = JSON.parse(pcRuns.standalone.stdout).findings;
    const viaSf = JSON.parse(pcRuns.sf.stdout).findings;
    if (JSON.stringify(findings) !== JSON.stringify(viaSf))
      crashes.push({ where: 'pre-commit', error: 'sf-integration and sf report different findings' });
    pcReport = {
      exitCode: pcRuns.standalone.code,
      findings: findings.filter((f) => f.location?.path === pcFile).length,
    };
  } catch (e) {
    crashes.push({
      where: 'pre-commit JSON output',
      error: `${e.message}\nstdout: ${pcRuns.standalone?.stdout.slice(0, 500)}\nstderr: ${pcRuns.standalone?.stderr.slice(0, 1000)}`,
    });
  }

  // The project of large profiles and permission sets: peak memory must not grow with it.
  let big;
  if (opts.bigMB > 0) {
    const { project: bigProject, temporary } = await prepareBigProject(opts.bigMB);
    try {
      progress(`large-profile project: ${bigProject.files} files, ${mb(bigProject.bytes)} ...`);
      const bigFloor = await runChild('floor', bigProject.dir);
      const bigLint = await runChild('lint', bigProject.dir, 'off');
      const bigLintN = await runChild('lint', bigProject.dir, N);
      big = {
        files: bigProject.files,
        bytes: bigProject.bytes,
        planted: bigProject.expected.length,
        floor: bigFloor,
        lint: bigLint,
        lintN: bigLintN,
      };
      for (const run of [bigLint, bigLintN]) {
        if (run.adminProfile !== bigProject.expected.length)
          crashes.push({
            where: 'large-profile project',
            error: `${run.adminProfile} admin-profile findings, ${bigProject.expected.length} planted`,
          });
      }
    } finally {
      if (temporary || !opts.keep) await rm(bigProject.dir, { recursive: true, force: true });
    }
  }

  // ---------------------------------------------------------------- Report
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.length ? median(v) : NaN]));
  const preMed = Object.fromEntries(Object.entries(preSamples).map(([k, v]) => [k, v.length ? median(v) : NaN]));
  const peakRss = Math.max(...rss.lint, ...rss.lintN, big?.lint.maxRssKB * 1024 || 0, big?.lintN.maxRssKB * 1024 || 0);
  const ratios = {
    lintOverFloor: med.lint / med.floor,
    lintNOverFloor: med.lintN / med.floor,
    lintOverReadParse: med.lint / med.parse,
    standaloneOverSfVersion: preMed.standalone / preMed.sfVersion,
    standaloneUncachedOverSfVersion: preMed.standaloneUncached / preMed.sfVersion,
    sfOverSfVersion: preMed.sf / preMed.sfVersion,
    standaloneSmallOverSfVersion: preMed.standaloneSmall / preMed.sfVersion,
    sfSmallOverSfVersion: preMed.sfSmall / preMed.sfVersion,
    sfCommandBaseOverSfVersion: preMed.sfCommandBase / preMed.sfVersion,
  };
  const target = (value, limit) => ({ value, limit, pass: value <= limit });
  const targets = {
    lintWithin3xOfFloor: target(ratios.lintOverFloor, 3),
    lintConcurrentWithin2xOfFloor: target(ratios.lintNOverFloor, 2),
    precommitStandaloneWithin0_5xOfSfVersion: target(ratios.standaloneOverSfVersion, 0.5),
    precommitSfWithin1_3xOfSfVersion: target(ratios.sfOverSfVersion, 1.3),
    peakRssUnder300MB: target(peakRss / 1024 / 1024, 300),
  };
  const verification = lintResult ? verify(project, lintResult) : { rows: [], missed: [] };

  log('');
  log('sf integration lint benchmark');
  log(
    `Machine   ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memGB} GB RAM, ${machine.platform}, Node ${machine.node}, load ${machine.loadavg.join(' ')}`,
  );
  log(
    `Project   ${root}: ${everything.length} files, ${mb(projectBytes)} (seed ${project.seed}, generator v${project.generatorVersion})`,
  );
  log(
    `Lint set  ${files.length} files, ${mb(readBytes)} (discover() with the union of the rules' reads; the floor reads exactly these)`,
  );
  const topTypes = Object.entries(byType).sort((a, b) => b[1].bytes - a[1].bytes);
  log(`          ${topTypes.map(([t, v]) => `${t} ${v.files}/${mb(v.bytes)}`).join(', ')}`);
  log('');
  log(`Full project (${opts.rounds} interleaved rounds; median, min, max)`);
  const row = (name, xs, extra = '') =>
    log(
      `  ${pad(name, 48)} ${lpad(sec(median(xs)), 9)} ${lpad(sec(Math.min(...xs)), 9)} ${lpad(sec(Math.max(...xs)), 9)}  ${extra}`,
    );
  log(`  ${pad('step', 48)} ${lpad('median', 9)} ${lpad('min', 9)} ${lpad('max', 9)}`);
  if (samples.lint.length) {
    row('floor: read, decode, one regex (in-process)', samples.floor);
    row(
      'peer: read + DOM parse (in-process)',
      samples.parse,
      parseFailures ? `(${parseFailures} file(s) did not parse)` : '',
    );
    row('lint --concurrency off (in-process)', samples.lint);
    row(
      `lint --concurrency ${N} (in-process)`,
      samples.lintN,
      sameInEveryMode ? 'same result as off' : 'RESULT DIFFERS',
    );
    row('floor (fresh process)', samples.childFloor, `peak RSS ${mb(median(rss.floor))}`);
    row('lint --concurrency off (fresh process)', samples.childLint, `peak RSS ${mb(median(rss.lint))}`);
    row(`lint --concurrency ${N} (fresh process)`, samples.childLintN, `peak RSS ${mb(median(rss.lintN))}`);
  } else log('  (lint crashed: no timings)');
  log('');
  log(`Pre-commit: 1 file (${pcFile}), ${opts.runs} runs after 1 warm-up`);
  row('sf --version  (for scale)', preSamples.sfVersion);
  row('node: import @salesforce/sf-plugins-core', preSamples.sfCommandBase, "SfCommand's floor, in sf's plugin tree");
  row(
    'sf-integration lint <file>',
    preSamples.standalone,
    pcReport ? `exit ${pcReport.exitCode}, ${pcReport.findings} finding(s) in the file` : '',
  );
  row(
    'sf-integration lint <file>, no cache',
    preSamples.standaloneUncached,
    "SF_INTEGRATION_CACHE=off: a hook's first run",
  );
  row('sf integration lint <file>', preSamples.sf, `plugin ${sfHow}`);
  log(`  in the example project (${smallFile}):`);
  row('sf-integration lint <file>', preSamples.standaloneSmall);
  row('sf integration lint <file>', preSamples.sfSmall);
  if (big) {
    log('');
    log(
      `Large profiles and permission sets: ${big.files} files, ${mb(big.bytes)}, ${big.planted} planted admin-profile findings (fresh processes)`,
    );
    log(`  ${pad('floor', 48)} ${lpad(sec(big.floor.ms), 9)}  peak RSS ${mb(big.floor.maxRssKB * 1024)}`);
    log(
      `  ${pad('lint --concurrency off', 48)} ${lpad(sec(big.lint.ms), 9)}  peak RSS ${mb(big.lint.maxRssKB * 1024)}, ${big.lint.adminProfile} admin-profile finding(s)`,
    );
    log(
      `  ${pad(`lint --concurrency ${N}`, 48)} ${lpad(sec(big.lintN.ms), 9)}  peak RSS ${mb(big.lintN.maxRssKB * 1024)}, ${big.lintN.adminProfile} admin-profile finding(s)`,
    );
  }
  log('');
  log('Ratios and targets (measured in this run)');
  const line = (name, t, unit = 'x') =>
    log(
      `  ${pad(name, 48)} ${lpad(t.value.toFixed(2), 7)}${unit}   target <= ${t.limit}${unit}   ${t.pass ? 'PASS' : 'FAIL'}`,
    );
  line('lint --concurrency off / read floor', targets.lintWithin3xOfFloor);
  line(`lint --concurrency ${N} / read floor`, targets.lintConcurrentWithin2xOfFloor);
  log(`  ${pad('lint / read + DOM parse', 48)} ${lpad(ratios.lintOverReadParse.toFixed(2), 7)}x   (informational)`);
  line('sf-integration lint <file> / sf --version', targets.precommitStandaloneWithin0_5xOfSfVersion);
  log(
    `  ${pad('  the same without the cache (a first run)', 48)} ${lpad(ratios.standaloneUncachedOverSfVersion.toFixed(2), 7)}x   (informational)`,
  );
  line('sf integration lint <file> / sf --version', targets.precommitSfWithin1_3xOfSfVersion);
  log(
    `  ${pad('  the same in the example project', 48)} ${lpad(ratios.standaloneSmallOverSfVersion.toFixed(2), 7)}x and ${ratios.sfSmallOverSfVersion.toFixed(2)}x (informational)`,
  );
  log(
    `  ${pad('  importing SfCommand alone / sf --version', 48)} ${lpad(ratios.sfCommandBaseOverSfVersion.toFixed(2), 7)}x   (informational: sf adds its own start-up to this)`,
  );
  line('peak RSS of any lint run', targets.peakRssUnder300MB, ' MB');
  log('');
  log('Findings: planted vs found (full lint)');
  log(`  ${pad('rule', 26)} ${lpad('planted', 8)} ${lpad('found', 7)} ${lpad('missed', 7)} ${lpad('extra', 6)}`);
  for (const r of verification.rows)
    log(
      `  ${pad(r.rule, 26)} ${lpad(r.planted, 8)} ${lpad(r.found, 7)} ${lpad(r.missed, 7)} ${lpad(r.extra, 6)}${r.missed ? '   MISSED' : ''}`,
    );
  for (const m of verification.missed) log(`  MISSED ${m.rule}: ${m.path} (${m.what})`);
  for (const c of crashes) log(`  CRASH in ${c.where}:\n${c.error}`);

  const report = {
    machine,
    project: {
      dir: root,
      files: everything.length,
      bytes: projectBytes,
      seed: project.seed,
      generatorVersion: project.generatorVersion,
      lintFiles: files.length,
      lintBytes: readBytes,
      byType,
    },
    samplesMs: samples,
    peakRssBytes: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, v.length ? median(v) : null])),
    medianMs: med,
    precommit: { path: pcFile, samplesMs: preSamples, medianMs: preMed, ...pcReport },
    big,
    ratios,
    targets,
    findings: verification.rows,
    missed: verification.missed,
    crashes,
  };
  if (opts.json) log(`\n${JSON.stringify(report, null, 2)}`);
  if (crashes.length) return 2;
  if (verification.missed.length) return 1;
  if (opts.strict && !Object.values(targets).every((t) => t.pass)) return 3;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.stack ?? e);
    process.exit(2);
  },
);
