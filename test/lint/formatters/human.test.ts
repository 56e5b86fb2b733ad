import { expect } from 'chai';
import { toHuman } from '../../../src/lint/formatters/human.js';
import { FINDINGS, FORMULA, cleanResult, makeResult } from './fixture.js';

const BILLING_APP = 'force-app/main/default/connectedApps/Billing_Sync.connectedApp-meta.xml';
const VR = 'force-app/main/default/objects/Opportunity/validationRules/Amount_Locked.validationRule-meta.xml';
const SPACED = 'integrations/billing sync.integration.yml';
const ERP = 'integrations/erp.integration.yml';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

describe('toHuman', () => {
  // Findings handed over in reverse: the formatter sorts by file, then line, itself.
  const lines = toHuman(makeResult({ findings: [...FINDINGS].reverse() }), { color: false });
  const text = lines.join('\n');

  it('groups findings under file headers, files in path order', () => {
    const headers = lines.filter((l) => l !== '' && !l.startsWith(' ') && !/^[✖✔⚠]/.test(l));
    expect(headers).to.deep.equal([BILLING_APP, VR, SPACED, ERP]);
    const vr = lines.indexOf(VR);
    expect(lines[vr + 1]).to.match(/^ {2}6:5 {2}error {2}Opportunity\.Amount_Locked bypasses/);
    expect(lines[vr + 2]).to.match(/^ +Fix: Create custom permission Bypass_Amount_Lock/);
    expect(lines[vr + 3]).to.match(/^ {2}9:5 {2}error {2}Formula tests/);
    expect(lines[vr + 4]).to.equal('');
  });

  it('sorts by line within a file, unknown lines first', () => {
    const base = makeResult();
    const atEnd = { ...FINDINGS[1], location: { path: BILLING_APP, line: 30, column: 1 }, fingerprint: 'a'.repeat(64) };
    const unknown = { ...FINDINGS[1], location: { path: BILLING_APP }, fingerprint: 'b'.repeat(64) };
    const out = toHuman({ ...base, findings: [atEnd, FINDINGS[1], unknown] }, { color: false });
    const rows = out.filter((l) => /^ {2}(-|\d+:\d+) {2,}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(rows).to.deep.equal(['-', '14:9', '30:1']);
  });

  it('aligns columns within a file', () => {
    const vr = lines.indexOf(VR);
    const [first, fix, second] = lines.slice(vr + 1, vr + 4);
    expect(first.indexOf('Opportunity.Amount_Locked')).to.equal(second.indexOf('Formula tests'));
    expect(first.indexOf('Opportunity.Amount_Locked')).to.equal(fix.indexOf('Fix:'));
    expect(first.lastIndexOf('hardcoded-integration-username')).to.equal(
      second.lastIndexOf('hardcoded-integration-username'),
    );
  });

  it('writes each finding on one line, unknown positions as a dash, related places after the fix', () => {
    expect(text).not.to.contain('\u0007');
    expect(lines.find((l) => l.includes('Formula tests'))).to.contain('(a bell, and a line break)');
    expect(lines[lines.indexOf(SPACED) + 1]).to.equal(`  -  note  ${FORMULA}  license-allotment`);
    const erp = lines.indexOf(ERP);
    expect(lines[erp + 2].trim()).to.equal('Fix: Give erp its own user, e.g. erp.integration@acme.com.');
    expect(lines[erp + 3].trim()).to.equal(
      'Related: integrations/billing sync.integration.yml:3:3, config/erp-user-def.json',
    );
  });

  it('hides suppressed and baselined findings but counts them', () => {
    expect(text).not.to.contain('Legacy_ETL');
    expect(text).not.to.contain('LegacySync');
    expect(lines).to.include('  Not shown: 1 suppressed by config, 1 accepted by the baseline.');
  });

  it('ends with the summary and the expired suppressions', () => {
    expect(lines.slice(-4)).to.deep.equal([
      '✖ 5 problems (3 errors, 1 warning, 1 note)',
      '  Not shown: 1 suppressed by config, 1 accepted by the baseline.',
      '⚠ 1 suppression has expired and no longer applies:',
      '  - Suppression of oauth-broad-scope for force-app/**/Old_*.connectedApp-meta.xml expired on 2024-01-31.',
    ]);
  });

  it('says so when nothing is found', () => {
    expect(toHuman(cleanResult(), { color: false })).to.deep.equal([
      '✔ No integration-governance problems found in 1 file.',
      '  Not shown: 1 accepted by the baseline.',
    ]);
    const none = makeResult({
      findings: [],
      summary: { files: 12, errors: 0, warnings: 0, notes: 0, suppressed: 0, baselined: 0 },
      expiredSuppressions: [],
    });
    expect(toHuman(none, { color: false })).to.deep.equal(['✔ No integration-governance problems found in 12 files.']);
  });

  it('uses ANSI colour only when asked, and the same text either way', () => {
    expect(text).not.to.match(ANSI);
    const coloured = toHuman(makeResult({ findings: [...FINDINGS].reverse() }), { color: true });
    expect(coloured.join('\n')).to.match(ANSI);
    expect(coloured.find((l) => l.includes('error'))).to.contain('\u001b[31merror');
    expect(coloured.map((l) => l.replace(ANSI, ''))).to.deep.equal(lines);
  });
});
