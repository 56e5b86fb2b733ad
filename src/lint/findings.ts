import { createHash } from 'node:crypto';
import type { Finding, RuleFinding, RuleMeta, Severity } from './types.js';

/**
 * A finding's fingerprint: sha256 of its rule and what it is about (never a line), so it survives re-retrieves and
 * reformatting. The nth finding with the same subject gets `#n` appended. Lint and audit share it.
 */
export function fingerprintOf(ruleId: string, f: Pick<RuleFinding, 'subject'>, occurrence = 1): string {
  const s = f.subject;
  const base = createHash('sha256')
    .update(JSON.stringify([ruleId, s.type, s.name, s.element ?? '', s.detail ?? '']))
    .digest('hex')
    .slice(0, 32);
  return occurrence === 1 ? base : createHash('sha256').update(`${base}#${occurrence}`).digest('hex').slice(0, 32);
}

/** A rule's message template with the finding's data filled in. */
export function renderMessage(
  rule: { meta: RuleMeta },
  messageId: string | undefined,
  data: Record<string, string | number> = {},
): string {
  const template = messageId ? rule.meta.messages?.[messageId] : undefined;
  if (template === undefined)
    throw new Error(
      `rule ${rule.meta.id} reported message id '${messageId ?? ''}', which its meta.messages does not declare`,
    );
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => (key in data ? String(data[key]) : `{{${key}}}`));
}

/**
 * A rule's findings as reported: the message from the rule's template, the rule's id, the severity `severityOf`
 * decides, and a fingerprint (the nth finding about the same subject gets its own). Lint and audit share it.
 */
export function materialize(
  rule: { meta: RuleMeta },
  found: RuleFinding[],
  severityOf: (finding: RuleFinding) => Severity,
): Finding[] {
  const seen = new Map<string, number>();
  return found.map((f) => {
    const base = fingerprintOf(rule.meta.id, f);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const { data, ...finding } = f;
    return {
      ...finding,
      message: f.message ?? renderMessage(rule, f.messageId, data),
      ruleId: rule.meta.id,
      severity: severityOf(f),
      fingerprint: n === 1 ? base : fingerprintOf(rule.meta.id, f, n),
    };
  });
}
