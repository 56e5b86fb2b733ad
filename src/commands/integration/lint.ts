import { Messages, SfError } from '@salesforce/core';
import { Args } from '@oclif/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { ConfigError } from '../../lint/config.js';
import { installedSchema } from '../../shared/plugin.js';
import { LintUsageError } from '../../lint/errors.js';
import { REPORT_FORMATS } from '../../lint/formatters/index.js';
import { ReportWriteError, runLint } from '../../lint/run.js';
import { THRESHOLDS, type LintResult } from '../../lint/types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-integration-governance', 'integration.lint');

export type IntegrationLintResult = LintResult;

export default class IntegrationLint extends SfCommand<IntegrationLintResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly strict = false;

  public static readonly args = {
    paths: Args.string({ description: messages.getMessage('args.paths.summary'), required: false }),
  };

  public static readonly flags = {
    'source-dir': Flags.directory({
      summary: messages.getMessage('flags.source-dir.summary'),
      char: 'd',
      multiple: true,
    }),
    'changed-since': Flags.string({ summary: messages.getMessage('flags.changed-since.summary') }),
    format: Flags.option({
      summary: messages.getMessage('flags.format.summary'),
      description: messages.getMessage('flags.format.description'),
      char: 'f',
      options: REPORT_FORMATS,
      default: 'human',
    })(),
    'output-file': Flags.file({ summary: messages.getMessage('flags.output-file.summary') }),
    'severity-threshold': Flags.option({
      summary: messages.getMessage('flags.severity-threshold.summary'),
      options: THRESHOLDS,
      default: 'error',
    })(),
    config: Flags.file({ summary: messages.getMessage('flags.config.summary') }),
    baseline: Flags.file({ summary: messages.getMessage('flags.baseline.summary') }),
    'write-baseline': Flags.file({ summary: messages.getMessage('flags.write-baseline.summary') }),
    concurrency: Flags.string({
      summary: messages.getMessage('flags.concurrency.summary'),
      description: messages.getMessage('flags.concurrency.description'),
      default: 'auto',
    }),
  };

  public async run(): Promise<IntegrationLintResult> {
    const { flags, argv } = await this.parse(IntegrationLint);
    try {
      return await runLint(flags, argv as string[], process.cwd(), {
        log: (line) => this.log(line),
        write: (text) => process.stdout.write(text),
        json: this.jsonEnabled(),
      });
    } catch (e) {
      if (e instanceof ConfigError)
        throw messages.createError('error.Config', [e.message], [installedSchema('lint-config')], e);
      // The engine says what to do about each usage error: show it as the error's actions, exit 1.
      if (e instanceof LintUsageError)
        throw new SfError(messages.getMessage('error.Usage', [e.message]), 'UsageError', e.actions, 1, e);
      if (e instanceof ReportWriteError) throw messages.createError('error.WriteReport', [e.file, e.message], [], e);
      throw e;
    }
  }
}
