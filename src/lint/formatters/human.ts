import { styleText } from 'node:util';
import type { Finding, LintResult, Location, Severity } from '../types.js';

/** `color`: whether to colour; the caller decides (useColor: a terminal, and no NO_COLOR). */
export type HumanOptions = { color: boolean };

type Style = 'bold' | 'dim' | 'underline' | 'red' | 'green' | 'yellow' | 'cyan';

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

/**
 * eslint-stylish-like output: findings grouped under their file, sorted by line, in aligned columns
 * (`line:col  severity  message  rule-id`), the fix on the next line; suppressed findings are left out but counted;
 * then a summary. ANSI colour only when options.color.
 */
export function toHuman(result: LintResult, options: HumanOptions): string[] {
  return [...findingLines(result.findings, options), ...summaryLines(result, painter(options.color))];
}

/** The unsuppressed findings grouped under their file, without the summary (audit writes its own). */
export function findingLines(findings: Finding[], options: HumanOptions): string[] {
  const paint = painter(options.color);
  const lines: string[] = [];
  for (const [path, group] of groupByFile(findings.filter((f) => !f.suppressed))) {
    lines.push(paint(oneLine(path), 'underline'), ...fileRows(group, paint), '');
  }
  return lines;
}

type Paint = (text: string, ...styles: Style[]) => string;

function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  // Node's own styling; the stream check is the caller's (it already knows whether colour is wanted).
  return (text, ...styles) => (styles.length === 0 ? text : styleText(styles, text, { validateStream: false }));
}

function groupByFile(findings: Finding[]): Array<[string, Finding[]]> {
  const byPath = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byPath.get(finding.location.path);
    if (group) group.push(finding);
    else byPath.set(finding.location.path, [finding]);
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([path, group]): [string, Finding[]] => [path, [...group].sort(byPosition)]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Unknown lines (file-level findings) first, then by line, column, rule. */
function byPosition(a: Finding, b: Finding): number {
  return (
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    compare(a.ruleId, b.ruleId)
  );
}

function fileRows(findings: Finding[], paint: Paint): string[] {
  const rows = findings.map((f) => ({ finding: f, pos: position(f.location), message: oneLine(f.message) }));
  const posWidth = Math.max(...rows.map((r) => r.pos.length));
  const sevWidth = Math.max(...rows.map((r) => r.finding.severity.length));
  const msgWidth = Math.max(...rows.map((r) => r.message.length));
  const indent = ' '.repeat(2 + posWidth + 2 + sevWidth + 2);
  const out: string[] = [];
  for (const { finding, pos, message } of rows) {
    out.push(
      '  ' +
        paint(pos.padEnd(posWidth), 'dim') +
        '  ' +
        paint(finding.severity.padEnd(sevWidth), SEVERITY_STYLE[finding.severity]) +
        '  ' +
        message.padEnd(msgWidth) +
        '  ' +
        paint(finding.ruleId, 'dim'),
    );
    if (finding.fix) out.push(indent + paint(`Fix: ${oneLine(finding.fix)}`, 'green'));
    if (finding.related && finding.related.length > 0) {
      out.push(indent + paint(`Related: ${finding.related.map(where).join(', ')}`, 'dim'));
    }
  }
  return out;
}

function summaryLines(result: LintResult, paint: Paint): string[] {
  const { errors, warnings, notes, suppressed, baselined, files } = result.summary;
  const problems = errors + warnings + notes;
  const lines: string[] = [];
  if (problems > 0) {
    const counts = `${count(errors, 'error')}, ${count(warnings, 'warning')}, ${count(notes, 'note')}`;
    const style: Style = errors > 0 ? 'red' : warnings > 0 ? 'yellow' : 'cyan';
    lines.push(paint(`✖ ${count(problems, 'problem')} (${counts})`, style, 'bold'));
  } else {
    lines.push(paint(`✔ No integration-governance problems found in ${count(files, 'file')}.`, 'green'));
  }
  const hidden: string[] = [];
  if (suppressed > 0) hidden.push(`${suppressed} suppressed by config`);
  if (baselined > 0) hidden.push(`${baselined} accepted by the baseline`);
  if (hidden.length > 0) lines.push(paint(`  Not shown: ${hidden.join(', ')}.`, 'dim'));
  const expired = result.expiredSuppressions;
  if (expired.length > 0) {
    const verb = expired.length === 1 ? 'has expired and no longer applies' : 'have expired and no longer apply';
    lines.push(paint(`⚠ ${count(expired.length, 'suppression')} ${verb}:`, 'yellow'));
    for (const e of expired) lines.push(paint(`  - ${oneLine(e.message)}`, 'yellow'));
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function position(loc: Location): string {
  if (loc.line === undefined) return '-';
  return loc.column === undefined ? String(loc.line) : `${loc.line}:${loc.column}`;
}

function where(loc: Location): string {
  const pos = loc.line === undefined ? '' : `:${position(loc)}`;
  return `${loc.path}${pos}`;
}

/** One terminal line: line breaks collapsed, control characters (escape sequences from file content) removed. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
}
