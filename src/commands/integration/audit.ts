import path from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { audit, AuditRegisterError, NothingSeenError, type AuditResult } from '../../audit/audit.js';
import { exportCommands, windowStart } from '../../audit/queries.js';
import { AUDIT_FORMATS, AUDIT_FORMATTERS, auditHuman } from '../../audit/report.js';
import { AuditInputError, connectionSource, directorySource, type AuditSource } from '../../audit/sources.js';
import { projectRoot, ReportWriteError, useColor, writeAtomically } from '../../lint/run.js';
import { THRESHOLDS } from '../../lint/types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-integration-governance', 'integration.audit');

/** The audit, or with --print-queries the export commands. */
export type IntegrationAuditResult = AuditResult | { queries: string[] };

export default class IntegrationAudit extends SfCommand<IntegrationAuditResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.optionalOrg({ summary: messages.getMessage('flags.target-org.summary') }),
    'api-version': Flags.orgApiVersion({ summary: messages.getMessage('flags.api-version.summary') }),
    'from-dir': Flags.directory({ summary: messages.getMessage('flags.from-dir.summary'), exists: true }),
    'print-queries': Flags.boolean({ summary: messages.getMessage('flags.print-queries.summary') }),
    spec: Flags.string({ summary: messages.getMessage('flags.spec.summary'), char: 's', multiple: true }),
    since: Flags.integer({ summary: messages.getMessage('flags.since.summary'), min: 1, default: 90 }),
    'stale-days': Flags.integer({ summary: messages.getMessage('flags.stale-days.summary'), min: 1, default: 90 }),
    format: Flags.option({
      summary: messages.getMessage('flags.format.summary'),
      char: 'f',
      options: AUDIT_FORMATS,
      default: 'human',
    })(),
    'output-file': Flags.file({ summary: messages.getMessage('flags.output-file.summary') }),
    'severity-threshold': Flags.option({
      summary: messages.getMessage('flags.severity-threshold.summary'),
      options: THRESHOLDS,
      default: 'error',
    })(),
  };

  public async run(): Promise<IntegrationAuditResult> {
    const { flags } = await this.parse(IntegrationAudit);
    const org = flags['target-org'];
    if (flags['print-queries']) {
      const queries = exportCommands(windowStart(new Date(), flags.since), org?.getUsername());
      queries.forEach((q) => this.log(q));
      return { queries };
    }
    const cwd = process.cwd();
    let source: AuditSource;
    if (flags['from-dir']) source = directorySource(path.resolve(cwd, flags['from-dir']), flags['from-dir']);
    else if (org)
      source = connectionSource(
        org.getConnection(flags['api-version']),
        `org ${org.getUsername() ?? ''} (${org.getOrgId()})`,
      );
    else throw messages.createError('error.NoSource');

    let result: AuditResult;
    try {
      result = await audit({
        projectRoot: await projectRoot(cwd),
        cwd,
        source,
        specs: flags.spec,
        windowDays: flags.since,
        staleDays: flags['stale-days'],
        threshold: flags['severity-threshold'],
      });
    } catch (e) {
      if (e instanceof AuditRegisterError) throw messages.createError('error.Register', [e.message], [], e);
      if (e instanceof NothingSeenError) throw messages.createError('error.NothingSeen', [e.message], [], e);
      if (e instanceof AuditInputError)
        throw messages.createError(
          'error.Input',
          [`${e.file}${e.line ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.message}`],
          [],
          e,
        );
      throw e;
    }

    const format = flags.format;
    if (flags['output-file']) {
      const file = path.resolve(cwd, flags['output-file']);
      try {
        await writeAtomically(file, AUDIT_FORMATTERS[format](result));
      } catch (e) {
        if (e instanceof ReportWriteError) throw messages.createError('error.WriteReport', [e.file, e.message], [], e);
        throw e;
      }
      auditHuman(result, useColor()).forEach((line) => this.log(line));
      this.log(messages.getMessage('info.Written', [format, path.relative(cwd, file) || file]));
    } else if (format === 'human') auditHuman(result, useColor()).forEach((line) => this.log(line));
    else if (!this.jsonEnabled()) process.stdout.write(AUDIT_FORMATTERS[format](result));
    if (result.failed) process.exitCode = 1;
    return result;
  }
}
