import type { Finding, LintResult, Location, RuleSetting } from '../types.js';
import { ruleHelpUri } from './sarif.js';

const SUITES_NAME = 'sf-integration-lint';

type Suite = { name: string; setting?: RuleSetting; docs?: string; findings: Finding[] };
type Counts = { tests: number; failures: number; skipped: number };

/**
 * JUnit XML for CI test reports (Jenkins, GitLab, Azure DevOps): one testsuite per rule, one testcase per finding.
 * Errors and warnings are failures, notes pass with their text in system-out, suppressed findings are skipped, and a
 * rule without findings gets one passing testcase so its suite is not empty.
 */
export function toJUnit(result: LintResult): string {
  const suites = collectSuites(result);
  const total: Counts = { tests: 0, failures: 0, skipped: 0 };
  const body: string[] = [];
  for (const suite of suites) {
    const { lines, counts } = renderSuite(suite);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.skipped += counts.skipped;
    body.push(...lines);
  }
  const time = (Math.max(0, result.durationMs) / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${SUITES_NAME}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="${time}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Characters XML 1.0 does not allow at all (not even as references): C0 controls but tab/LF/CR, U+FFFE/F, lone surrogates. */
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes text for element content: markup characters become entities, characters XML forbids are dropped. */
export function xmlText(value: string): string {
  return value.replace(XML_ILLEGAL, '').replace(/[&<>"'\r]/g, (c) => ENTITIES[c]);
}

/** Escapes text for an attribute value; tabs and line breaks become references so parsers do not normalise them away. */
export function xmlAttr(value: string): string {
  return value.replace(XML_ILLEGAL, '').replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c]);
}

function collectSuites(result: LintResult): Suite[] {
  const byRule = new Map<string, Suite>();
  for (const rule of result.rules) {
    if (!byRule.has(rule.id))
      byRule.set(rule.id, { name: rule.id, setting: rule.severity, docs: rule.docs, findings: [] });
  }
  for (const finding of result.findings) {
    let suite = byRule.get(finding.ruleId);
    if (!suite) {
      suite = { name: finding.ruleId, findings: [] };
      byRule.set(finding.ruleId, suite);
    }
    suite.findings.push(finding);
  }
  return [...byRule.values()];
}

function renderSuite(suite: Suite): { lines: string[]; counts: Counts } {
  const counts: Counts = { tests: 0, failures: 0, skipped: 0 };
  const cases: string[] = [];
  for (const finding of suite.findings) {
    counts.tests++;
    if (finding.suppressed) counts.skipped++;
    else if (finding.severity !== 'note') counts.failures++;
    cases.push(...renderCase(finding, suite.docs));
  }
  if (suite.findings.length === 0) {
    counts.tests++;
    const name = xmlAttr(`${suite.name}: no findings`);
    if (suite.setting === 'off') {
      counts.skipped++;
      cases.push(`    <testcase classname="${SUITES_NAME}" name="${name}" time="0">`);
      cases.push('      <skipped message="rule is off"/>', '    </testcase>');
    } else {
      cases.push(`    <testcase classname="${SUITES_NAME}" name="${name}" time="0"/>`);
    }
  }
  const open =
    `  <testsuite name="${xmlAttr(suite.name)}" tests="${counts.tests}" failures="${counts.failures}" ` +
    `errors="0" skipped="${counts.skipped}">`;
  return { lines: [open, ...cases, '  </testsuite>'], counts };
}

function renderCase(finding: Finding, docs: string | undefined): string[] {
  const { location, subject } = finding;
  const line = location.line !== undefined && location.line >= 1 ? ` (line ${location.line})` : '';
  const name = `${finding.ruleId} ${subject.type} ${subject.name}${line}`;
  const open = `    <testcase classname="${xmlAttr(location.path)}" name="${xmlAttr(name)}" file="${xmlAttr(location.path)}" time="0">`;
  const details = xmlText(describe(finding, docs));
  let inner: string;
  if (finding.suppressed) {
    inner = `      <skipped message="${xmlAttr(finding.suppressed.reason)}"/>`;
  } else if (finding.severity === 'note') {
    inner = `      <system-out>${details}</system-out>`;
  } else {
    inner = `      <failure message="${xmlAttr(finding.message)}" type="${finding.severity}">${details}</failure>`;
  }
  return [open, inner, '    </testcase>'];
}

function describe(finding: Finding, docs: string | undefined): string {
  const lines = [`${finding.severity}: ${finding.message}`, `at ${where(finding.location)}`];
  if (finding.fix) lines.push(`Fix: ${finding.fix}`);
  if (finding.related && finding.related.length > 0) lines.push(`Related: ${finding.related.map(where).join(', ')}`);
  lines.push(docs ? `Rule: ${finding.ruleId} (${ruleHelpUri(docs)})` : `Rule: ${finding.ruleId}`);
  lines.push(`Fingerprint: ${finding.fingerprint}`);
  return lines.join('\n');
}

function where(loc: Location): string {
  if (loc.line === undefined) return loc.path;
  return loc.column === undefined ? `${loc.path}:${loc.line}` : `${loc.path}:${loc.line}:${loc.column}`;
}
