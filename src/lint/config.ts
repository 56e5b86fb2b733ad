import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { LineCounter, parseDocument } from 'yaml';
import type { ValidateFunction } from 'ajv';
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

async function exists(file: string): Promise<boolean> {
  try {
    await readFile(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads the config: an explicit path, else the first of CONFIG_FILES in the project root, else defaults. */
export async function loadConfig(projectRoot: string, explicit?: string): Promise<LintConfig> {
  let file: string | undefined;
  if (explicit) file = path.resolve(explicit);
  else {
    for (const name of CONFIG_FILES) {
      const candidate = path.join(projectRoot, name);
      // eslint-disable-next-line no-await-in-loop
      if (await exists(candidate)) {
        file = candidate;
        break;
      }
    }
  }
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
      })
    );
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (!validator) {
    // Loaded only when a config file exists: ajv costs start-up time a pre-commit hook should not pay for nothing.
    const { Ajv } = await import('ajv');
    const addFormats = (await import('ajv-formats')).default as unknown as (ajv: InstanceType<typeof Ajv>) => unknown;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(require('../../schemas/lint-config.schema.json') as object);
  }
  if (!validator(data)) {
    throw new ConfigError(
      (validator.errors ?? []).map((err) => {
        const at = err.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        const node = doc.getIn(at, true) as { range?: [number, number] } | undefined;
        const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
        const extra = err.keyword === 'additionalProperties' ? ` '${String((err.params as { additionalProperty: string }).additionalProperty)}'` : '';
        return { file: display, line: pos?.line, column: pos?.col, message: `${err.instancePath || 'config'} ${err.message ?? 'is invalid'}${extra}.` };
      })
    );
  }
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
