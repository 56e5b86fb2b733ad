import { formatReport } from '../lint/formatters/index.js';
import { findingLines } from '../lint/formatters/human.js';
import { markdownTable as table } from '../shared/markdown.js';
import type { AuditedUser, AuditResult } from './audit.js';
import { AUDIT_QUERIES } from './queries.js';

/** A Mermaid label: quotes and brackets would end it. */
function label(text: string): string {
  return text
    .replace(/["[\]{}()<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the audit could not see, in words; the first thing a reader must know about the rest. */
export function coverageLines(result: AuditResult): string[] {
  const lines: string[] = [];
  for (const c of result.coverage.filter((x) => x.status !== 'read' && !x.supplementary))
    lines.push(
      `${c.object}: ${c.status === 'partial' ? 'partly seen' : 'not seen'} (${c.reason ?? ''}); without it: ${c.purpose}.`,
    );
  for (const n of result.notChecked) lines.push(`Rule ${n.rule} not checked: ${n.because}.`);
  return lines;
}

/**
 * What the org or export did not have that only adds to the report (API calls per day, the connected apps), and the
 * optional fields it lacked (read as empty): said, but no gap in the findings.
 */
export function supplementaryLines(result: AuditResult): string[] {
  return [
    ...result.coverage
      .filter((c) => c.status !== 'read' && c.supplementary)
      .map((c) => `${c.object} not seen (${c.reason ?? ''}); not in the report: ${c.purpose.replace(/ \(.*$/, '')}.`),
    ...result.coverage
      .filter((c) => c.missingFields?.length)
      .map((c) => `${c.object}: no ${(c.missingFields ?? []).join(', ')} (read as empty).`),
  ];
}

/** Terminal output: the findings as lint shows them, then what was read, what was not, and the totals. */
export function auditHuman(result: AuditResult, color: boolean): string[] {
  const s = result.summary;
  const gaps = coverageLines(result);
  return [
    ...findingLines(result.findings, { color }),
    `Audited ${result.source.description}: ${s.rows} rows over ${result.window.days} days (since ${result.window.since.slice(0, 10)}); ${s.registered} integration(s) in the register, ${s.integrationUsers} active integration user(s).`,
    ...(gaps.length
      ? ['Not everything could be seen; these are not clean results:', ...gaps.map((g) => `  - ${g}`)]
      : []),
    ...supplementaryLines(result),
    `${s.errors} error(s), ${s.warnings} warning(s), ${s.notes} note(s).${s.complete ? '' : ' The audit is incomplete (see above).'}`,
  ];
}

function userRows(users: AuditedUser[]): Array<Array<string | number | undefined>> {
  return users.map((u) => [
    u.integration ?? '(unregistered)',
    u.username,
    u.owners ? `${u.owners.business}; ${u.owners.technical}` : '',
    !u.found ? 'not in the org' : `${u.active ? 'active' : 'inactive'}${u.frozen ? ', frozen' : ''}`,
    u.license,
    u.lastLogin?.slice(0, 10) ?? (u.found ? 'never' : ''),
    u.tokens.map((t) => `${t.app}: ${t.lastUsed?.slice(0, 10) ?? 'never'}`).join('; '),
    u.permissions
      .filter((p) => p.tier)
      .map((p) => p.name)
      .join(', ') || 'none',
  ]);
}

/** A Mermaid bar chart of one user's logins by application (GitHub renders it). */
function loginChart(user: AuditedUser): string[] {
  const apps = user.logins.byApplication.slice(0, 12);
  if (!apps.length) return [];
  return [
    '```mermaid',
    'xychart-beta',
    `    title "Logins of ${label(user.username)} by application"`,
    `    x-axis [${apps.map((a) => `"${label(a.application) || 'N/A'}"`).join(', ')}]`,
    `    y-axis "logins"`,
    `    bar [${apps.map((a) => a.logins).join(', ')}]`,
    '```',
    '',
  ];
}

/** A Mermaid chart of one user's API calls per day, with the register's expected daily volume as a line. */
function apiCallChart(user: AuditedUser): string[] {
  const days = user.apiCalls?.days.slice(-31) ?? [];
  if (!days.length) return [];
  const expected = typeof user.expectedDailyVolume === 'number' ? user.expectedDailyVolume : undefined;
  return [
    '```mermaid',
    'xychart-beta',
    `    title "API calls per day of ${label(user.username)}${expected !== undefined ? ` (register: ${expected} a day)` : ''}"`,
    `    x-axis [${days.map((d) => `"${d.date.slice(5)}"`).join(', ')}]`,
    '    y-axis "calls"',
    `    bar [${days.map((d) => d.calls).join(', ')}]`,
    ...(expected !== undefined ? [`    line [${days.map(() => expected).join(', ')}]`] : []),
    '```',
    '',
  ];
}

/**
 * The evidence report an auditor files: the source and window, what could not be seen, then per integration its
 * owner, what it is granted, its last login and token use, its findings; the licenses; and the queries behind it.
 */
export function auditMarkdown(result: AuditResult): string {
  const lines: string[] = [
    '# Integration user audit',
    '',
    `- Source: ${result.source.description}`,
    `- Window: ${result.window.since} to ${result.window.until} (${result.window.days} days); stale after ${result.staleDays} days`,
    `- Register: ${result.summary.registered} integration(s); ${result.summary.integrationUsers} active integration user(s) in the org`,
    `- Findings: ${result.summary.errors} error(s), ${result.summary.warnings} warning(s), ${result.summary.notes} note(s)`,
    '',
  ];
  const gaps = coverageLines(result);
  const extra = supplementaryLines(result);
  if (extra.length) lines.push(...extra.map((g) => `- ${g}`), '');
  if (gaps.length)
    lines.push(
      '## What the audit could not see',
      '',
      'These are gaps, not clean results.',
      '',
      ...gaps.map((g) => `- ${g}`),
      '',
    );
  lines.push(
    '## Integrations',
    '',
    ...table(
      ['Integration', 'User', 'Owners', 'State', 'License', 'Last login', 'Token use', 'Admin-equivalent'],
      userRows(result.users),
    ),
    '',
  );
  for (const user of result.users) {
    const own = result.findings.filter((f) => f.subject.name === user.username.toLowerCase());
    lines.push(`### ${user.integration ?? user.username}`, '');
    if (user.evidence) lines.push(`Not in the register; an integration user because ${user.evidence}.`, '');
    if (user.specPath) lines.push(`Spec: \`${user.specPath}\`${user.expires ? `; expires ${user.expires}` : ''}`, '');
    if (user.permissions.length)
      lines.push(
        ...user.permissions.map((p) => `- ${p.name}${p.tier ? ` (${p.tier})` : ''}: ${p.sources.join(', ')}`),
        '',
      );
    lines.push(...loginChart(user), ...apiCallChart(user));
    if (own.length) lines.push(...own.map((f) => `- **${f.severity}** ${f.ruleId}: ${f.message}`), '');
    else lines.push('No findings.', '');
  }
  if (result.licenses.length)
    lines.push(
      '## Licenses',
      '',
      ...table(
        ['License', 'Used', 'Owned'],
        result.licenses.map((l) => [l.label, l.used, l.total]),
      ),
      '',
    );
  if (result.apps.length)
    lines.push(
      '## Applications and OAuth apps of integration users',
      '',
      ...table(
        ['Application', 'Connected app in the org', 'Admin-approved users only', 'Integration users'],
        result.apps.map((a) => [
          a.name,
          a.connectedApp === undefined
            ? 'not seen'
            : a.connectedApp
              ? 'yes'
              : 'no (an External Client App, or a client name)',
          a.adminApprovedOnly === undefined ? '' : a.adminApprovedOnly ? 'yes' : 'no: users may self-authorize',
          a.users.join(', '),
        ]),
      ),
      '',
    );
  const orgWide = result.findings.filter((f) => !result.users.some((u) => u.username.toLowerCase() === f.subject.name));
  if (orgWide.length)
    lines.push('## Other findings', '', ...orgWide.map((f) => `- **${f.severity}** ${f.ruleId}: ${f.message}`), '');
  lines.push(
    '## Queries',
    '',
    ...table(
      ['Object', 'Rows', 'Seen', 'Query'],
      result.coverage.map((c) => [c.object, c.rows, c.status, `\`${c.query}\``]),
    ),
    '',
    `Produced by sf integration audit from the ${AUDIT_QUERIES.length} queries above; read-only.`,
    '',
  );
  return lines.join('\n');
}

/** Every audit report format by name: lint's machine formats read the findings, `md` is the evidence report. */
export const AUDIT_FORMATTERS = {
  human: (result: AuditResult) => auditHuman(result, false).join('\n') + '\n',
  json: (result: AuditResult) => JSON.stringify(result, null, 2) + '\n',
  csv: (result: AuditResult) => formatReport(result, 'csv'),
  sarif: (result: AuditResult) => formatReport(result, 'sarif'),
  junit: (result: AuditResult) => formatReport(result, 'junit'),
  md: (result: AuditResult) => auditMarkdown(result),
} as const satisfies Record<string, (result: AuditResult) => string>;

export type AuditFormat = keyof typeof AUDIT_FORMATTERS;
export const AUDIT_FORMATS = Object.keys(AUDIT_FORMATTERS) as AuditFormat[];
