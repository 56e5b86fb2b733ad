import type { LintResult } from '../types.js';

/**
 * Key order per object shape. Keys listed come first in this order; any other key (a field added to the result type
 * later) follows in alphabetical order, so the output is stable whatever order the engine built objects in.
 */
const ORDER = {
  result: ['projectRoot', 'failed', 'threshold', 'summary', 'rules', 'findings', 'expiredSuppressions', 'durationMs'],
  summary: ['files', 'errors', 'warnings', 'notes', 'suppressed', 'baselined'],
  rule: ['id', 'severity', 'defaultSeverity', 'summary', 'why', 'howToFix', 'docs'],
  finding: ['ruleId', 'severity', 'message', 'fix', 'location', 'related', 'subject', 'fingerprint', 'suppressed'],
  location: ['path', 'line', 'column'],
  subject: ['type', 'name', 'element', 'detail'],
  suppressedBy: ['kind', 'reason'],
  expired: ['suppression', 'message'],
  suppression: ['fingerprint', 'rule', 'path', 'reason', 'expires'],
} satisfies Record<string, string[]>;

type Shape = keyof typeof ORDER;

/** Which shape the value of a key has, inside an object of a given shape (arrays: the shape of their items). */
const CHILDREN: Partial<Record<Shape, Record<string, Shape>>> = {
  result: { summary: 'summary', rules: 'rule', findings: 'finding', expiredSuppressions: 'expired' },
  finding: { location: 'location', related: 'location', subject: 'subject', suppressed: 'suppressedBy' },
  expired: { suppression: 'suppression' },
};

/** The result as JSON: 2-space indent, stable key order, undefined members left out, trailing newline. */
export function toJson(result: LintResult): string {
  return JSON.stringify(ordered(result, 'result'), null, 2) + '\n';
}

function ordered(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, shape));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const known: readonly string[] = shape ? ORDER[shape] : [];
  const keys = [
    ...known.filter((k) => k in record),
    ...Object.keys(record)
      .filter((k) => !known.includes(k))
      .sort(),
  ];
  const children = shape ? CHILDREN[shape] : undefined;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (record[key] === undefined) continue;
    out[key] = ordered(record[key], children?.[key]);
  }
  return out;
}
