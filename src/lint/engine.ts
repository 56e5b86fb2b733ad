import path from 'node:path';
import { loadConfig } from './config.js';
import { filesToLoad, reportScope, type ReportScope } from './scope.js';
import { applySuppressions, readBaseline } from './suppressions.js';
import {
  batchesOf,
  isInternalError,
  loadShared,
  runRules,
  sharedTypes,
  type RuleFindings,
  type RunSettings,
} from './batches.js';
import { checkBatches, workerCount, WorkerThreads } from './parallel.js';
import type { Loaded } from './loading.js';
import { RULES } from './rules/index.js';
import { materialize } from './findings.js';
import { saveDiskStores } from './diskCache.js';
import {
  severityRank,
  type Finding,
  type LintConfig,
  type LintOptions,
  type LintResult,
  type ProjectFile,
  type Rule,
  type RuleFinding,
  type Severity,
} from './types.js';

export { LintUsageError } from './errors.js';

function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function effectiveSeverity(rule: Rule, config: LintConfig, finding: RuleFinding): Severity {
  const setting = config.rules[rule.meta.id];
  return setting && setting !== 'off' ? setting : (finding.severity ?? rule.meta.defaultSeverity);
}

type Checked = {
  scope: ReportScope | undefined;
  toLoad: ProjectFile[];
  /** Per rule, its findings on the shared files alone; then per batch, per rule. */
  onShared: RuleFinding[][];
  perBatch: RuleFindings[];
};

/** Finds the files and checks them: the shared files once, every other file in batches, on threads where it pays. */
async function findAndCheck(
  options: LintOptions,
  settings: RunSettings,
  active: readonly Rule[],
  builtIn: boolean,
  early: WorkerThreads | undefined,
): Promise<Checked> {
  const { projectRoot, config } = settings;
  const scope = await reportScope(options);
  const { toLoad, problems, folders } = await filesToLoad(projectRoot, options, config, active, scope);
  // The shared files (what rules compare across the project) are read once; every other file is checked in batches.
  const sharedTypeSet = sharedTypes(active);
  const sharedFiles = toLoad.filter((f) => sharedTypeSet.has(f.type));
  const batched = toLoad.filter((f) => !sharedTypeSet.has(f.type));
  const batches = batchesOf(batched, options.batchLimits);
  const batchedPaths = new Set(batched.map((f) => f.path));
  // Heavy types were statted for batching; a small file counts as a few kilobytes.
  const bytes = batched.reduce((sum, f) => sum + (f.size ?? 4096), 0);
  const workers = builtIn ? workerCount(options.concurrency ?? 'auto', batches.length, bytes) : 0;
  early?.keep(workers);
  const threads = early ?? (workers > 0 ? await WorkerThreads.start(workers, settings) : undefined);
  let onShared: RuleFinding[][] = [];
  // The shared files are read and checked here while the workers start (they read the shared files themselves).
  const prepare = async (): Promise<Loaded> => {
    const shared = loadShared(sharedFiles, config, active);
    shared.problems.push(...problems);
    // Findings on the shared files alone are reported only where the scope takes them in: a pre-commit run of files
    // that are none of them (and the project-level '.', never in a path scope) needs no such run.
    const reportable =
      !scope || scope('.') || sharedFiles.some((f) => scope(f.path)) || problems.some((p) => scope(p.file.path));
    onShared = reportable
      ? (await runRules(active, shared, settings)).map((list) => list.filter((f) => !batchedPaths.has(f.location.path)))
      : active.map(() => []);
    return shared;
  };
  const { found: perBatch, checkedByWorkers } = await checkBatches(
    batches,
    { files: sharedFiles, prepare },
    active,
    settings,
    threads,
  );
  // A worker that cannot start leaves its batches to this thread, so the output never shows it; this line does.
  if (process.env.SF_INTEGRATION_DEBUG === '1')
    process.stderr.write(
      `sf-integration: ${checkedByWorkers} of ${batches.length} batch(es) checked by ${threads?.slots.length ?? 0} worker thread(s); ${folders.fromCache} of ${folders.walked} folder listing(s) from the cache\n`,
    );
  return { scope, toLoad, onShared, perBatch };
}

export async function lint(options: LintOptions, rules: readonly Rule[] = RULES): Promise<LintResult> {
  const started = process.hrtime.bigint();
  const projectRoot = path.resolve(options.projectRoot);
  const config = await loadConfig(
    projectRoot,
    options.configPath,
    rules.map((r) => r.meta.id),
  );
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const active = rules.filter((r) => config.rules[r.meta.id] !== 'off');

  const settings: RunSettings = { projectRoot, config, today, ruleIds: active.map((r) => r.meta.id) };
  // Workers run the built-in rules; a caller's own rules (tests) run here.
  const builtIn = active.every((rule) => RULES.includes(rule));
  const concurrency = options.concurrency ?? 'auto';
  // An explicit number of threads is known before the files are: its threads start now and load their modules
  // while this one finds the files. `auto` decides on the project's size, after discovery.
  const early =
    builtIn && typeof concurrency === 'number' && concurrency > 1
      ? await WorkerThreads.start(concurrency - 1, settings)
      : undefined;
  let checked: Checked;
  try {
    checked = await findAndCheck({ ...options, projectRoot }, settings, active, builtIn, early);
  } finally {
    early?.close();
  }
  const { scope, toLoad, onShared, perBatch } = checked;

  // What this run read for the first time is kept for the next one (a pre-commit hook runs again and again).
  saveDiskStores();
  const findings: Finding[] = [];
  active.forEach((rule, i) => {
    const raw = [onShared[i], ...perBatch.map((found) => found[i])].flat();
    // A rule that fails in several batches is reported once.
    const failures = raw.filter(isInternalError);
    const kept = [...raw.filter((x) => !isInternalError(x)), ...failures.slice(0, 1)];
    findings.push(...materialize(rule, kept, (f) => effectiveSeverity(rule, config, f)));
  });
  const reported = (scope ? findings.filter((f) => scope(f.location.path)) : findings).sort(compareFindings);
  const baseline = await readBaseline(projectRoot, options.baselinePath);
  const expiredSuppressions = applySuppressions(reported, config, baseline, today);
  const threshold = options.threshold ?? 'error';
  const open = reported.filter((f) => !f.suppressed);
  const count = (s: Severity): number => open.filter((f) => f.severity === s).length;
  return {
    projectRoot,
    findings: reported,
    summary: {
      files: toLoad.length,
      errors: count('error'),
      warnings: count('warning'),
      notes: count('note'),
      suppressed: reported.filter((f) => f.suppressed?.kind === 'config').length,
      baselined: reported.filter((f) => f.suppressed?.kind === 'baseline').length,
    },
    rules: active.map((r) => ({ ...r.meta, severity: config.rules[r.meta.id] ?? r.meta.defaultSeverity })),
    threshold,
    failed: threshold !== 'none' && open.some((f) => severityRank(f.severity) >= severityRank(threshold)),
    expiredSuppressions,
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
  };
}
