import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
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

export async function writeAtomically(file: string, content: string): Promise<void> {
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
 * The project a directory is in: the directory itself when it is a project (sfdx-project.json, or a metadata-format
 * src/package.xml, which has no sfdx-project.json), else the nearest enclosing sfdx-project.json (as SfProject
 * resolves it). Checking the directory first keeps a metadata-format checkout inside another project its own.
 */
async function enclosingProject(dir: string): Promise<string | undefined> {
  for (const marker of ['sfdx-project.json', path.join('src', 'package.xml'), 'package.xml']) {
    // eslint-disable-next-line no-await-in-loop
    if (await isFile(path.join(dir, marker))) return dir;
  }
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    // eslint-disable-next-line no-await-in-loop
    if (await isFile(path.join(up, 'sfdx-project.json'))) return up;
    if (path.dirname(up) === up) return undefined;
  }
}

/**
 * The project to lint: the working directory's. Outside any project, the one the named paths are all in
 * (`sf-integration lint ~/orgs/acme` from the home directory lints acme, not every folder of the home directory),
 * else the working directory itself.
 */
export async function projectRoot(cwd: string, targets: readonly string[] = []): Promise<string> {
  const own = await enclosingProject(cwd);
  if (own) return own;
  const roots = new Set(
    await Promise.all(targets.map(async (t) => enclosingProject((await isDirectory(t)) ? t : path.dirname(t)))),
  );
  const [only] = roots;
  return roots.size === 1 && only ? only : cwd;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
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
  const sourceDirs = flags['source-dir']?.map((d) => path.resolve(cwd, d));
  const targets = paths.map((p) => path.resolve(cwd, p));
  const result = await lint({
    projectRoot: await projectRoot(cwd, [...targets, ...(sourceDirs ?? [])]),
    sourceDirs,
    paths: targets,
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
