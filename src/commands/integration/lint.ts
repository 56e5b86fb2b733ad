import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Messages, SfError, SfProject } from '@salesforce/core';
import { Args } from '@oclif/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { ConfigError } from '../../lint/config.js';
import { lint, LintUsageError } from '../../lint/engine.js';
import { formatReport, type ReportFormat } from '../../lint/formatters/index.js';
import { toHuman } from '../../lint/formatters/human.js';
import type { LintResult } from '../../lint/types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-integration-governance', 'integration.lint');

export type IntegrationLintResult = LintResult;

async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content, 'utf8');
  await rename(temp, file);
}

async function writeReport(file: string, content: string): Promise<void> {
  try {
    await writeAtomically(file, content);
  } catch (e) {
    throw messages.createError('error.WriteReport', [file, (e as Error).message], [], e as Error);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false
  );
}

/**
 * The project to lint: the working directory when it is a project itself (sfdx-project.json, or a metadata-format
 * src/package.xml, which has no sfdx-project.json), else the nearest enclosing sfdx-project.json, else the working
 * directory. Checking the working directory first keeps a metadata-format checkout inside another project its own.
 */
async function projectRoot(cwd: string): Promise<string> {
  for (const marker of ['sfdx-project.json', path.join('src', 'package.xml'), 'package.xml']) {
    // eslint-disable-next-line no-await-in-loop
    if (await exists(path.join(cwd, marker))) return cwd;
  }
  try {
    return await SfProject.resolveProjectPath(cwd);
  } catch {
    return cwd;
  }
}

export default class IntegrationLint extends SfCommand<IntegrationLintResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly strict = false;

  public static readonly args = {
    paths: Args.string({ description: messages.getMessage('args.paths.summary'), required: false }),
  };

  public static readonly flags = {
    'source-dir': Flags.directory({ summary: messages.getMessage('flags.source-dir.summary'), char: 'd', multiple: true }),
    'changed-since': Flags.string({ summary: messages.getMessage('flags.changed-since.summary') }),
    format: Flags.option({
      summary: messages.getMessage('flags.format.summary'),
      description: messages.getMessage('flags.format.description'),
      char: 'f',
      options: ['human', 'json', 'sarif', 'junit', 'csv'] as const,
      default: 'human',
    })(),
    'output-file': Flags.file({ summary: messages.getMessage('flags.output-file.summary') }),
    'severity-threshold': Flags.option({
      summary: messages.getMessage('flags.severity-threshold.summary'),
      options: ['error', 'warning', 'note', 'none'] as const,
      default: 'error',
    })(),
    config: Flags.file({ summary: messages.getMessage('flags.config.summary') }),
    baseline: Flags.file({ summary: messages.getMessage('flags.baseline.summary') }),
    'write-baseline': Flags.file({ summary: messages.getMessage('flags.write-baseline.summary') }),
  };

  public async run(): Promise<IntegrationLintResult> {
    const { flags, argv } = await this.parse(IntegrationLint);
    const cwd = process.cwd();
    const root = await projectRoot(cwd);
    let result: LintResult;
    try {
      result = await lint({
        projectRoot: root,
        sourceDirs: flags['source-dir']?.map((d) => path.resolve(cwd, d)),
        paths: (argv as string[]).map((p) => path.resolve(cwd, p)),
        changedSince: flags['changed-since'],
        configPath: flags.config ? path.resolve(cwd, flags.config) : undefined,
        baselinePath: flags['write-baseline'] ? undefined : flags.baseline ? path.resolve(cwd, flags.baseline) : undefined,
        threshold: flags['severity-threshold'],
      });
    } catch (e) {
      if (e instanceof ConfigError) throw messages.createError('error.Config', [e.message], [], e);
      // The engine says what to do about each usage error: show it as the error's actions, exit 1.
      if (e instanceof LintUsageError) throw new SfError(messages.getMessage('error.Usage', [e.message]), 'UsageError', e.actions, 1, e);
      throw e;
    }

    if (flags['write-baseline']) {
      const file = path.resolve(cwd, flags['write-baseline']);
      const baseline = {
        version: 1,
        tool: 'sf-integration-lint',
        findings: result.findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.ruleId, path: f.location.path, message: f.message })),
      };
      await writeReport(file, `${JSON.stringify(baseline, null, 2)}\n`);
      this.log(`Wrote ${baseline.findings.length} finding(s) to the baseline ${path.relative(cwd, file) || file}.`);
      return { ...result, failed: false };
    }

    const format = flags.format as ReportFormat;
    if (flags['output-file']) {
      const file = path.resolve(cwd, flags['output-file']);
      await writeReport(file, formatReport(result, format));
      if (!this.jsonEnabled()) for (const line of toHuman(result, { color: Boolean(process.stdout.isTTY) })) this.log(line);
      this.log(`Report (${format}) written to ${path.relative(cwd, file) || file}.`);
    } else if (format === 'human') {
      for (const line of toHuman(result, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })) this.log(line);
    } else if (!this.jsonEnabled()) {
      process.stdout.write(formatReport(result, format));
    }
    if (result.failed) process.exitCode = 1;
    return result;
  }

}
