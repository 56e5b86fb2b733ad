import path from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import fg from 'fast-glob';
import { installedSchema } from '../shared/plugin.js';
import { GLOBAL_OAUTH_FORCEIGNORE } from '../shared/platformRules.js';
import { loadSpecs } from '../spec/load.js';
import type { ResolvedIntegration, SpecProblem } from '../spec/types.js';
import { licenseWarning, planFiles } from './plan.js';
import { commit, decide, findStale, readManifest, type FileOutcome, type WriteMode } from './writer.js';

export const DEFAULT_SPEC_GLOB = 'integrations/*.{yaml,yml,json}';
export const DEFAULT_LICENSE_ALLOTMENT = 5;
/** External Client Apps with client credentials and certificates need API 60.0. */
const MIN_ECA_API_VERSION = 60;

export type GenerateOptions = {
  projectRoot: string;
  /** Where spec globs are resolved from (the shell's working directory). */
  cwd: string;
  /** Files or globs; default integrations/*.yaml (and .yml, .json) under the project root. */
  specs?: string[];
  /** Absolute directory for the metadata (the default package directory's main/default unless --output-dir). */
  metadataDir: string;
  apiVersion: string;
  mode: WriteMode;
  force: boolean;
  licenseAllotment?: number;
};

export type IntegrationSummary = {
  name: string;
  apiName: string;
  username: string;
  license: 'integration' | 'salesforce';
  permissionSet: string;
  customPermission?: string;
  /** The formula fragment for validation rules and flows. */
  bypassFormula?: string;
  app?: string;
  appType?: string;
  flow: string;
  spec: string;
  /** Permissions added because others depend on them. */
  implied: string[];
  /** Where the platform grants access differently from how the spec words it. */
  notes: string[];
};

export type GenerateResult = {
  mode: WriteMode;
  apiVersion: string;
  outputDir: string;
  integrations: IntegrationSummary[];
  files: FileOutcome[];
  written: string[];
  unchanged: string[];
  skipped: string[];
  /** With --check: files whose content differs from what the specs produce. */
  drift: string[];
  warnings: string[];
  /** The .forceignore line that keeps External Client Apps' global OAuth settings out of retrieves, when the project lacks it. */
  forceignoreProposal?: string;
};

/** Problems in the specs or the options: each names a file and, where known, line and column. */
export class SpecError extends Error {
  public constructor(
    public readonly problems: SpecProblem[],
    message: string,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

/** Whether the project's .forceignore already keeps global OAuth settings files out (a line naming their suffix). */
async function ignoresGlobalOauth(projectRoot: string): Promise<boolean> {
  try {
    const text = await readFile(path.join(projectRoot, '.forceignore'), 'utf8');
    return text
      .split(/\r?\n/)
      .some(
        (line) =>
          !line.trim().startsWith('#') && !line.trim().startsWith('!') && line.includes('.ecaGlblOauth-meta.xml'),
      );
  } catch {
    return false;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Expands files and globs; a pattern that matches nothing is a problem, not a silent skip. */
export const NO_MATCH = 'no spec file matches this pattern.';

export async function resolveSpecFiles(
  patterns: string[],
  cwd: string,
): Promise<{ files: string[]; problems: SpecProblem[] }> {
  const files = new Set<string>();
  const problems: SpecProblem[] = [];
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    // eslint-disable-next-line no-await-in-loop
    if (await isDirectory(absolute)) {
      problems.push({
        file: pattern,
        message: 'is a directory; pass spec files or a glob such as integrations/*.yaml.',
      });
      continue;
    }
    const isGlob = fg.isDynamicPattern(pattern);
    const matched = isGlob
      ? // eslint-disable-next-line no-await-in-loop
        await fg(fg.convertPathToPattern(cwd) + '/' + pattern.replace(/^\.\//, ''), {
          absolute: true,
          onlyFiles: true,
          dot: false,
        })
      : [absolute];
    if (isGlob && matched.length === 0) problems.push({ file: pattern, message: NO_MATCH });
    for (const m of matched) files.add(path.resolve(m));
  }
  return { files: [...files].sort(), problems };
}

function summarise(i: ResolvedIntegration): IntegrationSummary {
  return {
    name: i.label,
    apiName: i.apiName,
    username: i.spec.user.username,
    license: i.license,
    permissionSet: i.permissionSetName,
    customPermission: i.customPermissionName,
    bypassFormula: i.bypassFormula,
    app: i.appName,
    appType: i.appName ? (i.app === 'connected-app' ? 'ConnectedApp' : 'ExternalClientApplication') : undefined,
    flow: i.flow,
    spec: i.specPath,
    implied: i.implied,
    notes: i.notes,
  };
}

function collectWarnings(
  integrations: ResolvedIntegration[],
  outcomes: FileOutcome[],
  allotment: number,
  subset: boolean,
): string[] {
  const warnings: string[] = [];
  const license = licenseWarning(integrations, allotment);
  if (license) warnings.push(license);
  if (subset) {
    warnings.push(
      'The register (integrations/register.md and .csv) was not rewritten because --spec names a subset; run without --spec to rebuild it from every spec.',
    );
  }
  const today = new Date().toISOString().slice(0, 10);
  for (const i of integrations) {
    const expires = i.spec.lifecycle?.expires;
    if (expires && expires < today)
      warnings.push(
        `${i.specPath}: lifecycle.expires ${expires} has passed; offboard ${i.label} or extend its contract and the date.`,
      );
    for (const w of i.accessWarnings) warnings.push(`${i.specPath}: ${w}`);
    if (i.app === 'connected-app') {
      warnings.push(
        `${i.specPath}: auth.app connected-app writes the connected app ${i.appName ?? ''}, but since Spring '26 Salesforce refuses to create new connected apps (in Setup and through the Metadata API) unless Salesforce Support enables it for the org. Keep it only for an app that already exists there; otherwise remove auth.app to get an External Client App.`,
      );
    }
  }
  for (const o of outcomes.filter((x) => x.status === 'skipped'))
    warnings.push(`${o.path} was not overwritten: ${o.reason ?? ''}.`);
  for (const o of outcomes.filter((x) => x.status === 'stale')) warnings.push(`${o.path} is stale: ${o.reason ?? ''}.`);
  return warnings;
}

/** The spec files' globs: the ones given, else integrations/*.yaml of the project, relative to the working directory. */
function specPatterns(options: GenerateOptions): string[] {
  if (options.specs?.length) return options.specs;
  return [
    path
      .join(path.relative(options.cwd, options.projectRoot) || '.', DEFAULT_SPEC_GLOB)
      .split(path.sep)
      .join('/'),
  ];
}

/** What is wrong with --api-version: no API version, or too old for the External Client Apps the specs ask for. */
function apiVersionProblems(apiVersion: string, integrations: Array<{ app: string; specPath: string }>): SpecProblem[] {
  if (!/^\d{2,3}\.0$/.test(apiVersion))
    return [{ file: '--api-version', message: `'${apiVersion}' is not an API version such as 66.0.` }];
  if (Number.parseFloat(apiVersion) >= MIN_ECA_API_VERSION) return [];
  return integrations
    .filter((x) => x.app === 'external-client-app')
    .map((i) => ({
      file: i.specPath,
      message: `External Client Apps need API version ${MIN_ECA_API_VERSION}.0 or later (got ${apiVersion}); raise sourceApiVersion or use --api-version.`,
    }));
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { projectRoot } = options;
  const explicit = Boolean(options.specs?.length);
  const patterns = specPatterns(options);
  const found = await resolveSpecFiles(patterns, options.cwd);
  // Without --spec, an empty integrations/ is a project that has not started: say how to, not that a glob missed.
  if (!explicit) found.problems = found.problems.filter((p) => p.message !== NO_MATCH);
  if (found.problems.length) throw new SpecError(found.problems, 'spec files not found');
  if (found.files.length === 0) {
    throw new SpecError(
      [
        {
          file: patterns.join(', '),
          message: `no spec files found. Write one per external system as integrations/<name>.yaml (its keys are described in ${installedSchema('integration-spec')}), or run "sf integration inventory" to draft one per system from the org's source into integrations/inventory/drafts/.`,
        },
      ],
      'no specs',
    );
  }
  const { integrations, problems } = await loadSpecs(found.files, projectRoot);
  problems.push(...apiVersionProblems(options.apiVersion, integrations));
  if (problems.length) throw new SpecError(problems, 'invalid specs');

  const licenseAllotment = options.licenseAllotment ?? DEFAULT_LICENSE_ALLOTMENT;
  const specDir = path.relative(projectRoot, path.dirname(found.files[0])).split(path.sep).join('/') || '.';
  const planned = planFiles(integrations, {
    projectRoot,
    metadataDir: options.metadataDir,
    register: !explicit,
    specDir,
    licenseAllotment,
    apiVersion: options.apiVersion,
  });
  const manifest = await readManifest(projectRoot);
  const outcomes = await decide(planned, projectRoot, manifest, options.force || options.mode === 'check');
  if (options.mode === 'write') await commit(planned, outcomes, projectRoot, manifest);
  // Only a run over every spec can tell that a generated file lost its spec.
  if (!explicit) outcomes.push(...(await findStale(planned, projectRoot, manifest)));

  const warnings = collectWarnings(integrations, outcomes, licenseAllotment, explicit);
  const forceignoreProposal =
    integrations.some((i) => i.app === 'external-client-app') && !(await ignoresGlobalOauth(projectRoot))
      ? GLOBAL_OAUTH_FORCEIGNORE
      : undefined;
  const changed = outcomes.filter((o) => o.status !== 'unchanged');
  return {
    mode: options.mode,
    apiVersion: options.apiVersion,
    outputDir: path.relative(projectRoot, options.metadataDir).split(path.sep).join('/') || '.',
    integrations: integrations.map(summarise),
    files: outcomes,
    written:
      options.mode === 'write'
        ? changed.filter((o) => o.status !== 'skipped' && o.status !== 'stale').map((o) => o.path)
        : [],
    unchanged: outcomes.filter((o) => o.status === 'unchanged').map((o) => o.path),
    skipped: outcomes.filter((o) => o.status === 'skipped').map((o) => o.path),
    drift: options.mode === 'check' ? changed.map((o) => o.path) : [],
    warnings,
    ...(forceignoreProposal ? { forceignoreProposal } : {}),
  };
}
