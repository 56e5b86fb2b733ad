import type { GenerateResult } from '../generate/generate.js';

const VERB = {
  write: {
    created: 'created',
    updated: 'updated',
    overwritten: 'overwritten',
    skipped: 'skipped',
    unchanged: 'unchanged',
    stale: 'stale',
  },
  'dry-run': {
    created: 'would create',
    updated: 'would update',
    overwritten: 'would overwrite',
    skipped: 'would skip',
    unchanged: 'unchanged',
    stale: 'stale',
  },
  check: {
    created: 'missing',
    updated: 'differs',
    overwritten: 'differs',
    skipped: 'differs',
    unchanged: 'up to date',
    stale: 'stale',
  },
} as const;

/** Human-readable lines for the generate result; the JSON result stays the plain object. */
export function formatGenerateResult(result: GenerateResult): string[] {
  const lines: string[] = [];
  const verbs = VERB[result.mode];
  const width = Math.max(...Object.values(verbs).map((v) => v.length));
  for (const f of result.files) {
    if (f.status === 'unchanged' && result.mode !== 'check') continue;
    lines.push(`${verbs[f.status].padEnd(width)}  ${f.path}${f.reason ? `  (${f.reason})` : ''}`);
  }
  const count = (s: string): number => result.files.filter((f) => f.status === s).length;
  lines.push(
    `${result.integrations.length} integration(s), ${result.files.length} file(s): ${count('created')} new, ${count('updated') + count('overwritten')} changed, ${count('unchanged')} unchanged, ${count('skipped')} skipped${count('stale') ? `, ${count('stale')} stale` : ''}${result.mode === 'write' ? '' : ` (${result.mode}: nothing written)`}.`,
  );
  const bypass = result.integrations.filter((i) => i.bypassFormula);
  if (bypass.length) {
    lines.push('', 'Validation-rule and flow bypass, per integration (use instead of username or profile checks):');
    for (const i of bypass) lines.push(`  ${i.name}: ${i.bypassFormula ?? ''}`);
  }
  const implied = result.integrations.flatMap((i) => groupImplied(i.implied).map((m) => `  ${i.name}: ${m}`));
  if (implied.length) lines.push('', 'Permissions added because others depend on them:', ...implied);
  const notes = result.integrations.flatMap((i) => i.notes.map((m) => `  ${i.name}: ${m}`));
  if (notes.length) lines.push('', 'Written as the platform grants it, not as the spec words it:', ...notes);
  if (result.forceignoreProposal) {
    lines.push(
      '',
      `Once stage 3 of the setup checklists has created the External Client Apps, add this line to .forceignore, so no retrieve writes their consumer keys and secrets into git: ${result.forceignoreProposal}`,
    );
  }
  return lines;
}

const FIELD_READ = /^(\w+\.\w+): read added because edit needs it$/;

/** One line for all fields that got read because edit was asked, instead of one line each. */
function groupImplied(implied: string[]): string[] {
  const fields = implied.map((m) => FIELD_READ.exec(m)?.[1]).filter((f): f is string => f !== undefined);
  const others = implied.filter((m) => !FIELD_READ.test(m));
  return fields.length
    ? [...others, `read added to ${fields.length} field(s) because edit needs it: ${fields.join(', ')}`]
    : others;
}
