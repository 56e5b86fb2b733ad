import type { Finding, LintResult } from '../types.js';
import { csvCell } from '../../shared/csv.js';

export { csvCell };

export const CSV_HEADER = [
  'severity',
  'rule',
  'path',
  'line',
  'column',
  'type',
  'component',
  'element',
  'message',
  'fix',
  'fingerprint',
  'suppressed',
] as const;

/**
 * One row per finding (suppressed ones too: the last column says by what, `config` or `baseline`), RFC 4180 quoting,
 * LF line ends and a trailing newline. Cells that a spreadsheet would run as a formula get a leading apostrophe.
 */
export function toCsv(result: LintResult): string {
  const rows = [CSV_HEADER.map((h) => h as string), ...result.findings.map(row)];
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

function row(finding: Finding): string[] {
  const { location, subject } = finding;
  return [
    finding.severity,
    finding.ruleId,
    location.path,
    location.line === undefined ? '' : String(location.line),
    location.column === undefined ? '' : String(location.column),
    subject.type,
    subject.name,
    subject.element ?? '',
    finding.message,
    finding.fix ?? '',
    finding.fingerprint,
    finding.suppressed?.kind ?? '',
  ];
}
