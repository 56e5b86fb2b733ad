import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import picomatch from 'picomatch';
import { loadConfig } from './config.js';
import { LintUsageError } from './errors.js';
import { defaultSourceDirs, discover, loadForceIgnore, toPosix, type ProjectDirs } from './discovery.js';
import { batchesOf, isInternalError, loadShared, runRules, sharedTypes, type RunSettings } from './batches.js';
import { checkBatches, workerCount } from './parallel.js';
import { RULES } from './rules/index.js';
import {
  severityRank,
  type ExpiredSuppression,
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

const execFileAsync = promisify(execFile);

/** Project-relative paths changed since a git ref (committed, staged, unstaged and untracked). */
export async function changedFiles(projectRoot: string, ref: string): Promise<Set<string>> {
  const git = async (args: string[]): Promise<string> =>
    (await execFileAsync('git', args, { cwd: projectRoot, maxBuffer: 256 * 1024 * 1024 })).stdout;
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new LintUsageError(`--changed-since needs a git repository, and ${projectRoot} is not in one.`, [
      'Run it inside a git clone, or pass the changed files as arguments.',
    ]);
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new LintUsageError(`--changed-since: '${ref}' is not a commit, branch or tag in this repository.`, [
      'In a pull-request pipeline, fetch the base branch first (for example: git fetch origin main --depth=1) and pass origin/main.',
    ]);
  }
  const diff = await git(['diff', '--name-only', '-z', '--no-renames', ref, '--']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z']);
  const out = new Set<string>();
  for (const p of [...diff.split('\0'), ...untracked.split('\0')].filter(Boolean)) {
    out.add(toPosix(path.relative(projectRoot, path.join(top, p))));
  }
  return out;
}

function fingerprintOf(ruleId: string, f: RuleFinding): string {
  const s = f.subject;
  return createHash('sha256')
    .update(JSON.stringify([ruleId, s.type, s.name, s.element ?? '', s.detail ?? '']))
    .digest('hex')
    .slice(0, 32);
}

/** A rule's message template with the finding's data filled in. */
export function renderMessage(
  rule: Rule,
  messageId: string | undefined,
  data: Record<string, string | number> = {},
): string {
  const template = messageId ? rule.meta.messages?.[messageId] : undefined;
  if (template === undefined)
    throw new Error(
      `rule ${rule.meta.id} reported message id '${messageId ?? ''}', which its meta.messages does not declare`,
    );
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => (key in data ? String(data[key]) : `{{${key}}}`));
}

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

/** Applies config suppressions (reason and expiry required) and the baseline; reports expired suppressions. */
function applySuppressions(
  findings: Finding[],
  config: LintConfig,
  baseline: Set<string>,
  today: string,
): ExpiredSuppression[] {
  const expired: ExpiredSuppression[] = [];
  const matchers = config.suppressions.map((s) => ({
    s,
    glob: s.path ? picomatch(s.path, { dot: true }) : undefined,
    used: false,
  }));
  for (const f of findings) {
    for (const m of matchers) {
      const hit =
        (m.s.fingerprint ? m.s.fingerprint === f.fingerprint : true) &&
        (m.glob ? m.glob(f.location.path) : true) &&
        (m.s.rule ? m.s.rule === f.ruleId : true);
      if (!hit) continue;
      if (m.s.expires < today) {
        if (!m.used) {
          expired.push({
            suppression: m.s,
            message: `suppression of ${m.s.fingerprint ?? m.s.path ?? ''} ("${m.s.reason}") expired on ${m.s.expires}; its findings are reported again. Fix them or renew the suppression with a new date.`,
          });
        }
        m.used = true;
        continue;
      }
      m.used = true;
      f.suppressed = { kind: 'config', reason: m.s.reason };
      break;
    }
    if (!f.suppressed && baseline.has(f.fingerprint)) f.suppressed = { kind: 'baseline', reason: 'in the baseline' };
  }
  return expired;
}

async function readBaseline(projectRoot: string, baselinePath?: string): Promise<Set<string>> {
  if (!baselinePath) return new Set();
  const file = path.resolve(projectRoot, baselinePath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LintUsageError(`cannot read the baseline ${baselinePath}: ${(e as Error).message}`, [
      'Write one first with --write-baseline.',
    ]);
  }
  try {
    const parsed = JSON.parse(text) as { findings?: Array<{ fingerprint?: string }> };
    return new Set((parsed.findings ?? []).map((f) => f.fingerprint).filter((f): f is string => typeof f === 'string'));
  } catch (e) {
    throw new LintUsageError(`the baseline ${baselinePath} is not valid JSON: ${(e as Error).message}`, [
      'Write it again with --write-baseline.',
    ]);
  }
}

/** The directories to lint (each must exist) and what named them; the paths to report on are checked too. */
async function resolveProject(projectRoot: string, options: LintOptions): Promise<ProjectDirs & { explicit: boolean }> {
  const explicit = options.sourceDirs?.length ? options.sourceDirs.map((d) => path.resolve(projectRoot, d)) : undefined;
  const project: ProjectDirs = explicit
    ? { dirs: explicit, marker: '--source-dir' }
    : await defaultSourceDirs(projectRoot);
  for (const d of project.dirs) {
    if (
      // eslint-disable-next-line no-await-in-loop
      !(await stat(d).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    ) {
      throw new LintUsageError(
        `the source directory ${toPosix(path.relative(projectRoot, d)) || d} does not exist (from ${project.marker ?? 'the project'}).`,
        ['Check --source-dir and the packageDirectories of sfdx-project.json.'],
      );
    }
  }
  await checkPaths(projectRoot, options.paths ?? []);
  return { ...project, explicit: Boolean(explicit) };
}

/** Paths to report on must exist and lie inside the project: anything else would report nothing and pass. */
async function checkPaths(projectRoot: string, paths: string[]): Promise<void> {
  for (const p of paths) {
    const absolute = path.resolve(p);
    const rel = path.relative(projectRoot, absolute);
    if (
      // eslint-disable-next-line no-await-in-loop
      !(await stat(absolute).then(
        () => true,
        () => false,
      ))
    ) {
      throw new LintUsageError(`the path ${p} does not exist.`, [
        'Pass files or folders of the project, or no path to lint the whole project.',
      ]);
    }
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new LintUsageError(`the path ${p} is outside the project ${projectRoot}.`, [
        'Run the command from the project that holds the file, or pass paths inside it.',
      ]);
    }
  }
}

/** Scope of reporting: explicit paths and/or files changed since a ref; undefined when the whole project. */
async function reportScope(options: LintOptions): Promise<((p: string) => boolean) | undefined> {
  const sets: Array<(p: string) => boolean> = [];
  if (options.paths?.length) {
    const rel = options.paths.map((p) =>
      toPosix(path.relative(options.projectRoot, path.resolve(p))).replace(/\/$/, ''),
    );
    const exact = new Set(rel);
    sets.push((p) => exact.has(p) || rel.some((r) => r === '' || p.startsWith(`${r}/`)));
  }
  if (options.changedSince) {
    const changed = await changedFiles(options.projectRoot, options.changedSince);
    sets.push((p) => changed.has(p));
  }
  if (!sets.length) return undefined;
  return (p) => sets.every((s) => s(p));
}

/**
 * The files a run reads: discovery over the project's directories (refusing a folder that holds no metadata), cut to
 * the reporting scope plus what cross-file rules need, and to what .forceignore lets through.
 */
async function filesToLoad(
  projectRoot: string,
  options: LintOptions,
  config: LintConfig,
  active: readonly Rule[],
  scope: ((p: string) => boolean) | undefined,
): Promise<{ toLoad: ProjectFile[]; unreadable: Array<{ path: string; reason: string }> }> {
  const project = await resolveProject(projectRoot, options);
  const sourceDirs = project.dirs;
  const wanted = new Set(active.flatMap((r) => [...r.reads]));
  const crossFile = new Set(active.flatMap((r) => [...(r.crossFile ?? [])]));
  const countAll = !project.marker || project.explicit;
  const discovered = await discover(
    projectRoot,
    sourceDirs,
    wanted,
    config.ignore,
    countAll,
    scope && { inScope: scope, crossFile },
  );
  if (countAll && discovered.metadataFiles === 0 && !discovered.files.length) {
    throw new LintUsageError(
      project.explicit
        ? `--source-dir ${sourceDirs.map((d) => toPosix(path.relative(projectRoot, d)) || '.').join(', ')} holds no Salesforce metadata files.`
        : `${projectRoot} is not a Salesforce project: it has no sfdx-project.json, no package.xml and no metadata files.`,
      [
        'Run the command in a Salesforce DX project (or a metadata-format retrieve with package.xml), or pass --source-dir <folder with metadata>.',
      ],
    );
  }
  // Outside the reporting scope, read only what cross-file rules need to see the whole project.
  const inScope = scope ? discovered.files.filter((f) => scope(f.path) || crossFile.has(f.type)) : discovered.files;
  // .forceignore last, on what is left: SDR's check stats every file it is asked about.
  const forceIgnore = await loadForceIgnore(projectRoot);
  const toLoad = forceIgnore
    ? inScope.filter((f) => f.format === 'spec' || f.format === 'config' || !forceIgnore.deniesFile(f.absolute, f.path))
    : inScope;
  return { toLoad, unreadable: discovered.unreadable };
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
  const { toLoad, unreadable } = await filesToLoad(projectRoot, options, config, active, scope);
  const settings: RunSettings = { projectRoot, config, today, ruleIds: active.map((r) => r.meta.id) };

  // The shared files (what rules compare across the project) are read once; every other file is checked in batches.
  const sharedTypeSet = sharedTypes(active);
  const sharedFiles = toLoad.filter((f) => sharedTypeSet.has(f.type));
  const batched = toLoad.filter((f) => !sharedTypeSet.has(f.type));
  const shared = loadShared(sharedFiles, config, active);
  for (const u of unreadable) {
    shared.problems.push({
      file: { path: u.path, type: 'Directory', fullName: u.path },
      messageId: 'unreadableDirectory',
      data: { reason: u.reason },
    });
  }
  const batches = batchesOf(batched, options.batchLimits);
  const batchedPaths = new Set(batched.map((f) => f.path));
  const onShared = (await runRules(active, shared, settings, undefined, shared)).map((list) =>
    list.filter((f) => !batchedPaths.has(f.location.path)),
  );
  // Workers run the built-in rules; a caller's own rules (tests) run here.
  const builtIn = active.every((rule) => RULES.includes(rule));
  // Heavy types were statted for batching; a small file counts as a few kilobytes.
  const bytes = batched.reduce((sum, f) => sum + (f.size ?? 4096), 0);
  const workers = builtIn ? workerCount(options.concurrency ?? 'auto', batches.length, bytes) : 0;
  const { found: perBatch } = await checkBatches(
    batches,
    { loaded: shared, files: sharedFiles },
    active,
    settings,
    workers,
  );

  const findings: Finding[] = [];
  active.forEach((rule, i) => {
    const raw = [onShared[i], ...perBatch.map((found) => found[i])].flat();
    // A rule that fails in several batches is reported once.
    const failures = raw.filter(isInternalError);
    const seen = new Map<string, number>();
    for (const f of [...raw.filter((x) => !isInternalError(x)), ...failures.slice(0, 1)]) {
      const base = fingerprintOf(rule.meta.id, f);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const { data, ...finding } = f;
      findings.push({
        ...finding,
        message: f.message ?? renderMessage(rule, f.messageId, data),
        ruleId: rule.meta.id,
        severity: effectiveSeverity(rule, config, f),
        fingerprint: n === 1 ? base : createHash('sha256').update(`${base}#${n}`).digest('hex').slice(0, 32),
      });
    }
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
