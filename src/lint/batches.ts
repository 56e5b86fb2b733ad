import { contextOf, loadAll, sizeOf, textFilters, type Loaded } from './loading.js';
import type { LintConfig, ProjectFile, Rule, RuleFinding } from './types.js';

/**
 * How a run is divided so that memory stays bounded and batches can be checked in parallel.
 *
 * The *shared* files are the types some active rule must see project-wide (`crossFile`: apps, specs, run-as users:
 * the identity graph). They are small, read once and kept. Every other file is checked in a *batch*: the batch's
 * files with the shared ones, then dropped, so a 3 MB profile is held only while its batch runs. A rule's findings in
 * a batch's files come from that batch; its findings anywhere else (the shared files, the project) come from one run
 * on the shared files alone. Rules never compare two files of a batched type (that is what `crossFile` declares), so
 * the findings are those of one run over everything, and the same however batches are spread over threads.
 */
const MB = 1024 * 1024;
/**
 * Upper bounds of one batch: large enough that the shared files' analysis is repeated rarely, small enough for memory.
 * On 1.5 GB of 3 MB permission sets with two threads, 8 MB batches peaked at 300–305 MB and 4 MB batches at 255–290 MB,
 * in the same time (the 20,000-file org took no longer either).
 */
export const BATCH_LIMITS = { files: 5000, bytes: 4 * MB };

/** One run's settings, as a worker thread needs them to check a batch the way the main thread does. */
export type RunSettings = { projectRoot: string; config: LintConfig; today: string; ruleIds: string[] };

/** Per active rule (in order), the findings it reported. */
export type RuleFindings = RuleFinding[][];

/** The types the active rules need project-wide. */
export function sharedTypes(active: readonly Rule[]): Set<string> {
  return new Set(active.flatMap((r) => [...(r.crossFile ?? [])]));
}

/** A component's files stay in one batch (a decomposed permission set, an object and its fields). */
function componentKey(file: ProjectFile): string {
  return `${file.type}:${file.fullName.split('.')[0]}`;
}

/**
 * Types whose files can weigh megabytes (a profile or permission set lists every object and field of the org): they
 * are statted to size batches. Other files count toward a batch's file limit only.
 */
const HEAVY_TYPES = new Set([
  'Profile',
  'PermissionSet',
  'MutingPermissionSet',
  'CustomObject',
  'CustomObjectTranslation',
  'Flow',
  'Workflow',
  'Layout',
  'ApexClass',
]);

/** The batched files in path order, cut into batches at component boundaries. */
export function batchesOf(files: readonly ProjectFile[], limits = BATCH_LIMITS): ProjectFile[][] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const batches: ProjectFile[][] = [];
  let current: ProjectFile[] = [];
  let bytes = 0;
  let key = '';
  for (const file of sorted) {
    const size = HEAVY_TYPES.has(file.type) ? sizeOf(file) : 0;
    const next = componentKey(file);
    if (current.length && next !== key && (current.length >= limits.files || bytes >= limits.bytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += typeof size === 'number' ? size : 0;
    key = next;
  }
  if (current.length) batches.push(current);
  return batches;
}

function internalError(rule: Rule, e: unknown): RuleFinding {
  return {
    severity: 'error',
    message: `the ${rule.meta.id} rule failed and its findings are missing: ${(e as Error).message}. Please report this with the file that caused it.`,
    location: { path: '.' },
    subject: { type: 'Rule', name: rule.meta.id, detail: 'internal-error' },
  };
}

export const isInternalError = (f: RuleFinding): boolean =>
  f.subject.type === 'Rule' && f.subject.detail === 'internal-error';

/** Each rule's findings on the loaded files; one rule failing must not cost the whole report: it becomes a finding. */
export async function runRules(
  active: readonly Rule[],
  loaded: Loaded,
  settings: RunSettings,
  include?: (rule: Rule) => boolean,
  shared?: Loaded,
): Promise<RuleFindings> {
  const ctx = contextOf(loaded, settings.projectRoot, settings.config, settings.today, shared);
  const out: RuleFindings = [];
  for (const rule of active) {
    if (include && !include(rule)) {
      out.push([]);
      continue;
    }
    try {
      // eslint-disable-next-line no-await-in-loop
      out.push(await rule.run(ctx));
    } catch (e) {
      out.push([internalError(rule, e)]);
    }
  }
  return out;
}

/** The files every batch is checked with. */
export function loadShared(files: readonly ProjectFile[], config: LintConfig, active: readonly Rule[]): Loaded {
  return loadAll(files, config, textFilters(active));
}

/** The findings located in a batch's files, from its files checked with the shared ones. */
export async function checkBatch(
  batch: readonly ProjectFile[],
  shared: Loaded,
  active: readonly Rule[],
  settings: RunSettings,
): Promise<RuleFindings> {
  const own = loadAll(batch, settings.config, textFilters(active));
  const types = new Set(batch.map((f) => f.type));
  const paths = new Set(batch.map((f) => f.path));
  // A rule that reads none of the batch's types has nothing to say about its files; one that reads nothing works on
  // what the engine hands it (parse problems).
  const relevant = (rule: Rule): boolean => !rule.reads.length || rule.reads.some((t) => types.has(t));
  // Rules report on the batch's files and learn from the shared ones (ctx.project): the shared files' own findings
  // come from their run, once, instead of being redone and dropped in every batch.
  const found = await runRules(active, own, settings, relevant, shared);
  return found.map((list) => list.filter((f) => paths.has(f.location.path) || isInternalError(f)));
}
