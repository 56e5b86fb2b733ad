import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean } from '../shared/suggest.js';
import type { SpecProblem } from '../spec/types.js';
import type { LintConfig } from './types.js';

export const CONFIG_FILES = ['.sf-integration-lint.yml', '.sf-integration-lint.yaml', '.sf-integration-lint.json'];
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;

export function defaultConfig(): LintConfig {
  return {
    rules: {},
    allow: { usernames: [], profiles: [] },
    ignore: [],
    suppressions: [],
    licenseAllotment: 5,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  };
}

/** A config problem, with the file and position, for one clear error. */
export class ConfigError extends Error {
  public constructor(public readonly problems: SpecProblem[]) {
    super(problems.map((p) => `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * The first config file of the project root. One that is there in any form but a folder is the config, so reading
 * it must then succeed: an unreadable or dangling one is an error naming it, never a silent run on the defaults.
 */
async function findConfig(projectRoot: string): Promise<string | undefined> {
  for (const name of CONFIG_FILES) {
    const candidate = path.join(projectRoot, name);
    if (
      // eslint-disable-next-line no-await-in-loop
      await lstat(candidate).then(
        (s) => !s.isDirectory(),
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/**
 * Reads the config: an explicit path, else the first of CONFIG_FILES in the project root, else defaults. `ruleIds` are
 * the rules that exist: a rule id that is not one of them is an error (a typo would otherwise leave the rule running).
 */
export async function loadConfig(
  projectRoot: string,
  explicit?: string,
  ruleIds: readonly string[] = [],
): Promise<LintConfig> {
  const file = explicit ? path.resolve(explicit) : await findConfig(projectRoot);
  if (!file) return defaultConfig();
  const display = path.relative(projectRoot, file).split(path.sep).join('/') || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError([{ file: display, message: `cannot read the config file: ${(e as Error).message}` }]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file: display, line: pos.line, column: pos.col, message: `syntax error: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const validate = await configValidator();
  const problems: SpecProblem[] = [];
  if (!validate(data)) {
    for (const err of validate.errors ?? [])
      problems.push({ file: display, ...positionOf(doc, lines, err), message: describe(err) });
  }
  problems.push(...unknownRules(doc, lines, display, ruleIds));
  if (problems.length)
    throw new ConfigError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  return toConfig(data, display);
}

/** The config schema's validator, compiled on first use. */
async function configValidator(): Promise<ValidateFunction> {
  if (!validator) {
    // Loaded only when a config file exists: ajv costs start-up time a pre-commit hook should not pay for nothing.
    const { Ajv } = await import('ajv');
    const addFormats = (await import('ajv-formats')).default as unknown as (ajv: InstanceType<typeof Ajv>) => unknown;
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addFormats(ajv);
    validator = ajv.compile(require('../../schemas/lint-config.schema.json') as object);
  }
  return validator;
}

/** A validated config file's data over the defaults. */
function toConfig(data: Record<string, unknown>, display: string): LintConfig {
  const base = defaultConfig();
  const allow = (data.allow ?? {}) as Partial<LintConfig['allow']>;
  return {
    rules: (data.rules as LintConfig['rules'] | undefined) ?? base.rules,
    allow: { usernames: allow.usernames ?? [], profiles: allow.profiles ?? [] },
    ignore: (data.ignore as string[] | undefined) ?? [],
    suppressions: (data.suppressions as LintConfig['suppressions'] | undefined) ?? [],
    licenseAllotment: (data.licenseAllotment as number | undefined) ?? base.licenseAllotment,
    maxFileBytes: (data.maxFileBytes as number | undefined) ?? base.maxFileBytes,
    source: display,
  };
}

/** Where an ajv error is: the unknown key itself for additionalProperties, else the offending value. */
function positionOf(doc: Document, lines: LineCounter, err: ErrorObject): { line?: number; column?: number } {
  const at = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let range: [number, number] | undefined;
  if (err.keyword === 'additionalProperties') {
    const key = (err.params as { additionalProperty: string }).additionalProperty;
    const map = (at.length ? doc.getIn(at, true) : doc.contents) as {
      items?: Array<{ key: { value?: unknown; range?: [number, number] } }>;
    } | null;
    range = map?.items?.find((p) => isScalar(p.key) && p.key.value === key)?.key.range;
  }
  range ??= (doc.getIn(at, true) as { range?: [number, number] } | undefined)?.range;
  const pos = range ? lines.linePos(range[0]) : undefined;
  return { line: pos?.line, column: pos?.col };
}

/** An ajv error in words a user can act on: the unknown key with the nearest valid one, the valid values of an enum. */
function describe(err: ErrorObject): string {
  const where = err.instancePath ? err.instancePath.slice(1).replace(/\//g, '.') : 'the config';
  if (err.keyword === 'additionalProperties') {
    const key = (err.params as { additionalProperty: string }).additionalProperty;
    const valid = Object.keys(
      (err.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
    ).filter((k) => k !== '$schema');
    return `${where}: '${key}' is not a config key.${didYouMean(key, valid)} Valid keys: ${valid.join(', ')}.`;
  }
  if (err.keyword === 'enum') {
    const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
    return `${where} is ${JSON.stringify(err.data)}; valid values: ${allowed.join(', ')}.${typeof err.data === 'string' ? didYouMean(err.data, allowed) : ''}`;
  }
  return `${where} ${err.message ?? 'is invalid'}.`;
}

/** Rule ids under `rules:` that are no rule: a typo would leave the rule running at its default severity. */
function unknownRules(doc: Document, lines: LineCounter, display: string, ruleIds: readonly string[]): SpecProblem[] {
  const rules = doc.getIn(['rules'], true);
  if (!ruleIds.length || !isMap(rules)) return [];
  const out: SpecProblem[] = [];
  for (const pair of rules.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (id === undefined || ruleIds.includes(id)) continue;
    const range = (pair.key as { range?: [number, number] }).range;
    const pos = range ? lines.linePos(range[0]) : undefined;
    out.push({
      file: display,
      line: pos?.line,
      column: pos?.col,
      message: `rules: '${id}' is not a rule.${didYouMean(id, ruleIds)} The rules are: ${ruleIds.join(', ')}.`,
    });
  }
  return out;
}
