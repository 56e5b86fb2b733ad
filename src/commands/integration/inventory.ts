import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { inventory, type InventoryResult } from '../../inventory/inventory.js';
import { ConfigError } from '../../lint/config.js';
import { LintUsageError } from '../../lint/errors.js';
import { projectRoot } from '../../lint/run.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-integration-governance', 'integration.inventory');

export type IntegrationInventoryResult = InventoryResult;

export default class IntegrationInventory extends SfCommand<IntegrationInventoryResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'output-dir': Flags.directory({ summary: messages.getMessage('flags.output-dir.summary') }),
    'source-dir': Flags.directory({
      summary: messages.getMessage('flags.source-dir.summary'),
      char: 'd',
      multiple: true,
    }),
    config: Flags.file({ summary: messages.getMessage('flags.config.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
    'license-allotment': Flags.integer({
      summary: messages.getMessage('flags.license-allotment.summary'),
      description: messages.getMessage('flags.license-allotment.description'),
    }),
  };

  public async run(): Promise<IntegrationInventoryResult> {
    const { flags } = await this.parse(IntegrationInventory);
    const allotment = flags['license-allotment'];
    if (allotment !== undefined && allotment < 0) throw messages.createError('error.LicenseAllotment', [allotment]);
    const cwd = process.cwd();
    const sourceDirs = flags['source-dir']?.map((d) => path.resolve(cwd, d));
    const root = await projectRoot(cwd, sourceDirs ?? []);
    let result: InventoryResult;
    try {
      result = await inventory({
        projectRoot: root,
        outputDir: flags['output-dir'] ? path.resolve(cwd, flags['output-dir']) : undefined,
        sourceDirs,
        configPath: flags.config ? path.resolve(cwd, flags.config) : undefined,
        mode: flags['dry-run'] ? 'dry-run' : 'write',
        force: flags.force,
        licenseAllotment: flags['license-allotment'],
      });
    } catch (e) {
      if (e instanceof ConfigError) throw messages.createError('error.Config', [e.message], [], e);
      if (e instanceof LintUsageError)
        throw new SfError(messages.getMessage('error.Usage', [e.message]), 'UsageError', e.actions, 1, e);
      throw e;
    }
    this.report(result);
    return result;
  }

  /** The summary, the shared identities, what could not be read and what was written. */
  private report(result: InventoryResult): void {
    const s = result.summary;
    this.log(messages.getMessage('info.Summary', [s.identities, s.shared, s.systems, s.credentials, s.filesRead]));
    for (const identity of result.identities.filter((i) => i.shared))
      this.log(messages.getMessage('info.Shared', [identity.username, identity.systems.map((x) => x.name).join('; ')]));
    const { needed, allotment } = s.licenses;
    this.log(
      messages.getMessage(needed > allotment ? 'info.LicensesOver' : 'info.Licenses', [
        needed,
        allotment,
        needed - allotment,
      ]),
    );
    if (result.drafts.length)
      this.log(messages.getMessage('info.Drafts', [result.drafts.length, `${result.outputDir}/drafts`]));
    for (const draft of result.drafts.filter((d) => d.problems.length))
      this.warn(messages.getMessage('warn.DraftProblems', [draft.path, draft.problems.join(' ')]));
    for (const problem of result.problems)
      this.warn(
        messages.getMessage('warn.Unread', [
          [problem.path, problem.line, problem.column].filter((x) => x !== undefined).join(':'),
          problem.message,
        ]),
      );
    const verb = result.mode === 'dry-run' ? messages.getMessage('info.WouldWrite') : messages.getMessage('info.Wrote');
    for (const file of result.files) {
      if (file.status === 'skipped') this.warn(messages.getMessage('warn.Skipped', [file.path, file.reason ?? '']));
      else this.log(`${file.status === 'unchanged' ? messages.getMessage('info.Unchanged') : verb} ${file.path}`);
    }
  }
}
