import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { TAXONOMIES, type RuleReference } from '../../src/lint/references.js';
import { RULES } from '../../src/lint/rules/index.js';
import { REPO_ROOT } from '../helpers/schema.js';

/** "**NHI9** NHI Reuse; NHI5 Overprivileged NHI" -> references (bold: superset), checking each title against the taxa. */
function parseCell(
  cell: string,
  taxonomy: RuleReference['taxonomy'],
): Array<{ taxonomy: string; id: string; kind: string }> {
  if (cell.trim() === '—') return [];
  return cell.split('; ').map((entry) => {
    const m = /^(\*\*)?([A-Z0-9.]+)\1 (.+)$/.exec(entry.trim());
    expect(m, `README reference "${entry}"`).to.not.equal(null);
    const [, bold, id, title] = m!;
    expect(title, `README title of ${id}`).to.equal(TAXONOMIES[taxonomy].taxa[id]?.name);
    return { taxonomy, id, kind: bold ? 'superset' : 'relevant' };
  });
}

describe('rule references', () => {
  it('name taxa that references.ts defines, once each per rule', () => {
    for (const rule of RULES) {
      const refs = rule.meta.references ?? [];
      for (const r of refs) expect(TAXONOMIES[r.taxonomy].taxa[r.id], `${rule.meta.id} -> ${r.id}`).to.be.an('object');
      expect(new Set(refs.map((r) => `${r.taxonomy}/${r.id}`)).size, rule.meta.id).to.equal(refs.length);
    }
  });

  it('define the OWASP NHI Top 10 (2025) in full, each risk with its page', () => {
    const taxa = TAXONOMIES['OWASP-NHI'].taxa;
    expect(Object.keys(taxa)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `NHI${i + 1}`));
    expect(taxa.NHI3.helpUri).to.equal(
      'https://owasp.org/www-project-non-human-identities-top-10/2025/3-vulnerable-third-party-nhi/',
    );
    expect(taxa.NHI10.helpUri).to.equal(
      'https://owasp.org/www-project-non-human-identities-top-10/2025/10-human-use-of-nhi/',
    );
  });

  it('are the table in the README, rule by rule', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('### References: OWASP NHI Top 10 and NIST CSF');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const rows = new Map(
      section
        .split('\n')
        .filter((line) => /^\| [a-z][a-z-]* \|/.test(line) && !line.startsWith('| rule |'))
        .map((line) => {
          const [id, nhi, csf] = line
            .split('|')
            .slice(1, 4)
            .map((c) => c.trim());
          return [id, [...parseCell(nhi, 'OWASP-NHI'), ...parseCell(csf, 'NIST-CSF')]] as const;
        }),
    );
    expect([...rows.keys()]).to.deep.equal(RULES.map((r) => r.meta.id));
    for (const rule of RULES) {
      expect(rows.get(rule.meta.id), rule.meta.id).to.deep.equal(
        (rule.meta.references ?? []).map(({ taxonomy, id, kind }) => ({ taxonomy, id, kind })),
      );
    }
  });
});
