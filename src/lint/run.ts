import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isFile } from './discovery.js';
import { lint } from './engine.js';
import { parseConcurrency } from './parallel.js';
import { formatReport, type ReportFormat } from './formatters/index.js';
import { toHuman } from './formatters/human.js';
import type { LintResult, Threshold } from './types.js';

/**
 * What `sf integration lint` does once its flags are parsed, shared by the sf command and the standalone
 * `sf-integration` executable. It imports nothing of the sf stack (`@salesforce/core` alone costs most of a pre-commit
 * run's time); the command turns the errors below into SfErrors with its messages.
 */
export type LintRunFlags = {
  'source-dir'?: string[];
  'changed-since'?: string;
  format: ReportFormat;
  'output-file'?: string;
  'severity-threshold': Threshold;
  config?: string;
  baseline?: string;
  'write-baseline'?: string;
  concurrency?: string;
};

/** Where the command prints: `log` is a line (as SfCommand's `log`), `write` is raw text; `json` silences both. */
export type LintOutput = { json: boolean; log(line: string): void; write(text: string): void };

/** The report or baseline file could not be written. */
export class ReportWriteError extends Error {
  public constructor(
    public readonly file: string,
    cause: Error,
  ) {
    super(cause.message, { cause });
  }
}

async function writeAtomically(file: string, content: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, content, 'utf8');
    await rename(temp, file);
  } catch (e) {
    throw new ReportWriteError(file, e as Error);
  }
}

/**
 * The project to lint: the working directory when it is a project itself (sfdx-project.json, or a metadata-format
 * src/package.xml, which has no sfdx-project.json), else the nearest enclosing sfdx-project.json (as SfProject
 * resolves it), else the working directory. Checking the working directory first keeps a metadata-format checkout
 * inside another project its own.
 */
export async function projectRoot(cwd: string): Promise<string> {
  for (const marker of ['sfdx-project.json', path.join('src', 'package.xml'), 'package.xml']) {
    // eslint-disable-next-line no-await-in-loop
    if (await isFile(path.join(cwd, marker))) return cwd;
  }
  for (let dir = path.dirname(cwd); ; dir = path.dirname(dir)) {
    // eslint-disable-next-line no-await-in-loop
    if (await isFile(path.join(dir, 'sfdx-project.json'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

/** Colour for people at a terminal, never when NO_COLOR is set (https://no-color.org) or output is piped. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.FORCE_COLOR !== '0';
}

export async function runLint(flags: LintRunFlags, paths: string[], cwd: string, out: LintOutput): Promise<LintResult> {
  const log = (line: string): void => {
    if (!out.json) out.log(line);
  };
  const result = await lint({
    projectRoot: await projectRoot(cwd),
    sourceDirs: flags['source-dir']?.map((d) => path.resolve(cwd, d)),
    paths: paths.map((p) => path.resolve(cwd, p)),
    changedSince: flags['changed-since'],
    configPath: flags.config ? path.resolve(cwd, flags.config) : undefined,
    baselinePath: flags['write-baseline'] ? undefined : flags.baseline ? path.resolve(cwd, flags.baseline) : undefined,
    threshold: flags['severity-threshold'],
    concurrency: parseConcurrency(flags.concurrency),
  });

  if (flags['write-baseline']) {
    const file = path.resolve(cwd, flags['write-baseline']);
    const baseline = {
      version: 1,
      tool: 'sf-integration-lint',
      findings: result.findings.map((f) => ({
        fingerprint: f.fingerprint,
        rule: f.ruleId,
        path: f.location.path,
        message: f.message,
      })),
    };
    await writeAtomically(file, `${JSON.stringify(baseline, null, 2)}\n`);
    log(`Wrote ${baseline.findings.length} finding(s) to the baseline ${path.relative(cwd, file) || file}.`);
    return { ...result, failed: false };
  }

  const format = flags.format;
  if (flags['output-file']) {
    const file = path.resolve(cwd, flags['output-file']);
    await writeAtomically(file, formatReport(result, format));
    for (const line of toHuman(result, { color: useColor() })) log(line);
    log(`Report (${format}) written to ${path.relative(cwd, file) || file}.`);
  } else if (format === 'human') {
    for (const line of toHuman(result, { color: useColor() })) log(line);
  } else if (!out.json) {
    out.write(formatReport(result, format));
  }
  if (result.failed) process.exitCode = 1;
  return result;
}
