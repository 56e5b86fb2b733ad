import path from 'node:path';
import { loadConfig } from './config.js';
import { filesToLoad, reportScope } from './scope.js';
import { applySuppressions, readBaseline } from './suppressions.js';
import { batchesOf, isInternalError, loadShared, runRules, sharedTypes, type RunSettings } from './batches.js';
import { checkBatches, workerCount } from './parallel.js';
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

  const scope = await reportScope({ ...options, projectRoot });
  const { toLoad, problems, folders } = await filesToLoad(projectRoot, options, config, active, scope);
  const settings: RunSettings = { projectRoot, config, today, ruleIds: active.map((r) => r.meta.id) };

  // The shared files (what rules compare across the project) are read once; every other file is checked in batches.
  const sharedTypeSet = sharedTypes(active);
  const sharedFiles = toLoad.filter((f) => sharedTypeSet.has(f.type));
  const batched = toLoad.filter((f) => !sharedTypeSet.has(f.type));
  const batches = batchesOf(batched, options.batchLimits);
  const batchedPaths = new Set(batched.map((f) => f.path));
  // Workers run the built-in rules; a caller's own rules (tests) run here.
  const builtIn = active.every((rule) => RULES.includes(rule));
  // Heavy types were statted for batching; a small file counts as a few kilobytes.
  const bytes = batched.reduce((sum, f) => sum + (f.size ?? 4096), 0);
  const workers = builtIn ? workerCount(options.concurrency ?? 'auto', batches.length, bytes) : 0;
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
    workers,
  );
  // A worker that cannot start leaves its batches to this thread, so the output never shows it; this line does.
  if (process.env.SF_INTEGRATION_DEBUG === '1')
    process.stderr.write(
      `sf-integration: ${checkedByWorkers} of ${batches.length} batch(es) checked by ${workers} worker thread(s); ${folders.fromCache} of ${folders.walked} folder listing(s) from the cache\n`,
    );

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
