import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { ValidateFunction } from 'ajv';
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { SARIF_FINGERPRINT_KEY, toSarif } from '../../../src/lint/formatters/sarif.js';
import { RULES as LINT_RULES } from '../../../src/lint/rules/index.js';
import { sarifValidator } from '../../helpers/sarif.js';
import { REPO_ROOT } from '../../helpers/schema.js';
import { FINDINGS, NASTY, PROJECT_ROOT, RULES, SPACED_SPEC, makeResult } from './fixture.js';

const TOOL = { name: 'sf-integration-governance', version: '1.2.3' };

/** The taxon a relationship points at, looked up by taxonomy name and id as a SARIF consumer would. */
function taxonOf(
  run: Run,
  target: { id?: string; toolComponent?: { name?: string } },
): ReportingDescriptor | undefined {
  return run.taxonomies?.find((t) => t.name === target.toolComponent?.name)?.taxa?.find((t) => t.id === target.id);
}

function results(log: Log): Result[] {
  return log.runs[0].results ?? [];
}

describe('toSarif', () => {
  let validate: ValidateFunction;
  let log: Log;

  before(() => {
    validate = sarifValidator();
    // Round-trip through JSON: what is validated is what gets written.
    log = JSON.parse(JSON.stringify(toSarif(makeResult(), TOOL))) as Log;
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).to.deep.equal([]);
    expect(ok).to.equal(true);
  });

  it('the schema really rejects bad logs (guards the check above)', () => {
    const bad = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    bad.runs[0].results[0].level = 'fatal';
    expect(validate(bad)).to.equal(false);
    const noDriver = { version: '2.1.0', runs: [{ tool: {} }] };
    expect(validate(noDriver)).to.equal(false);
  });

  it('describes the log, the tool and the run', () => {
    expect(log.$schema).to.equal('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).to.equal('2.1.0');
    expect(log.runs).to.have.length(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).to.equal('sf-integration-governance');
    expect(run.tool.driver.version).to.equal('1.2.3');
    expect(run.tool.driver.semanticVersion).to.equal('1.2.3');
    expect(run.tool.driver.informationUri).to.equal('https://github.com/sf-integration-governance/plugin');
    expect(run.originalUriBaseIds).to.deep.equal({ '%SRCROOT%': { uri: `file://${PROJECT_ROOT}/` } });
    expect(run.invocations).to.have.length(1);
    expect(run.invocations?.[0].executionSuccessful).to.equal(true);
    expect(run.invocations?.[0].toolConfigurationNotifications?.[0].message.text).to.match(/expired on 2024-01-31/);
  });

  it('has one descriptor per rule, with docs, help and level', () => {
    const rules = log.runs[0].tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).to.deep.equal(RULES.map((r) => r.id));
    const shared = rules.find((r) => r.id === 'shared-integration-user')!;
    expect(shared.name).to.equal('SharedIntegrationUser');
    expect(shared.shortDescription?.text).to.equal(RULES[2].summary);
    expect(shared.fullDescription?.text).to.equal(RULES[2].why);
    expect(shared.help?.text).to.equal(RULES[2].howToFix);
    expect(shared.help?.markdown).to.contain(RULES[2].howToFix);
    expect(shared.helpUri).to.equal('https://github.com/sf-integration-governance/plugin#shared-integration-user');
    expect(shared.defaultConfiguration?.level).to.equal('error');
    expect(shared.properties?.tags).to.be.an('array').that.is.not.empty;
    expect(rules.find((r) => r.id === 'oauth-broad-scope')?.defaultConfiguration?.level).to.equal('warning');
    expect(rules.find((r) => r.id === 'license-allotment')?.defaultConfiguration?.level).to.equal('note');
  });

  it('meets GitHub code scanning requirements', () => {
    const rules = log.runs[0].tool.driver.rules ?? [];
    expect(new Set(rules.map((r) => r.id)).size).to.equal(rules.length);
    expect(results(log)).to.have.length(FINDINGS.length);
    for (const result of results(log)) {
      const region = result.locations?.[0].physicalLocation?.region;
      expect(region?.startLine, result.ruleId).to.be.a('number').and.at.least(1);
      expect(result.partialFingerprints?.[SARIF_FINGERPRINT_KEY]).to.match(/^[0-9a-f]{64}$/);
      expect(rules[result.ruleIndex!].id).to.equal(result.ruleId);
      expect(result.locations?.[0].physicalLocation?.artifactLocation?.uriBaseId).to.equal('%SRCROOT%');
      expect(result.locations?.[0].physicalLocation?.artifactLocation?.uri).not.to.match(/^\/|^file:/);
      for (const related of result.relatedLocations ?? []) {
        expect(related.physicalLocation?.region?.startLine).to.be.at.least(1);
      }
    }
  });

  it('maps locations, messages, levels and fingerprints', () => {
    const vr = results(log)[3];
    expect(vr.level).to.equal('error');
    expect(vr.message.text).to.equal(`${NASTY}\nFix: ${FINDINGS[3].fix!}`);
    expect(vr.locations?.[0].physicalLocation).to.deep.equal({
      artifactLocation: {
        uri: 'force-app/main/default/objects/Opportunity/validationRules/Amount_Locked.validationRule-meta.xml',
        uriBaseId: '%SRCROOT%',
      },
      region: { startLine: 6, startColumn: 5 },
    });
    expect(vr.partialFingerprints).to.deep.equal({ [SARIF_FINGERPRINT_KEY]: FINDINGS[3].fingerprint });
    expect(results(log)[1].level).to.equal('warning');
  });

  it('defaults an unknown line to 1 without a column, and percent-encodes paths', () => {
    const note = results(log)[5];
    expect(note.level).to.equal('note');
    expect(note.message.text).to.equal(FINDINGS[5].message);
    expect(note.locations?.[0].physicalLocation?.region).to.deep.equal({ startLine: 1 });
    expect(note.locations?.[0].physicalLocation?.artifactLocation?.uri).to.equal(
      'integrations/billing%20sync.integration.yml',
    );
    expect(decodeURIComponent(note.locations![0].physicalLocation!.artifactLocation!.uri!)).to.equal(SPACED_SPEC);
  });

  it('reports related locations', () => {
    const shared = results(log)[6];
    expect(shared.relatedLocations).to.deep.equal([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'integrations/billing%20sync.integration.yml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 3 },
        },
      },
      {
        id: 2,
        physicalLocation: {
          artifactLocation: { uri: 'config/erp-user-def.json', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1 },
        },
      },
    ]);
  });

  it('keeps suppressed and baselined findings as results with external suppressions', () => {
    const [baselined, , configured] = results(log);
    expect(baselined.suppressions).to.deep.equal([
      {
        kind: 'external',
        status: 'accepted',
        justification: FINDINGS[0].suppressed!.reason,
        properties: { source: 'baseline' },
      },
    ]);
    expect(configured.suppressions?.[0].kind).to.equal('external');
    expect(configured.suppressions?.[0].justification).to.equal('Decommissioned in Q3 & "tracked" in <JIRA-123>');
    expect(results(log).filter((r) => r.suppressions)).to.have.length(2);
  });

  it('handles off rules, unlisted rule ids and roots with a trailing slash', () => {
    const rules = RULES.map((r) => (r.id === 'api-only-user' ? { ...r, severity: 'off' as const } : r));
    const stray = { ...FINDINGS[1], ruleId: 'parse-error', fingerprint: 'f'.repeat(64) };
    const other = toSarif(
      makeResult({ rules, findings: [...FINDINGS, stray], projectRoot: '/tmp/x/', expiredSuppressions: [] }),
      TOOL,
    );
    expect(validate(JSON.parse(JSON.stringify(other)))).to.equal(true);
    const driverRules = other.runs[0].tool.driver.rules!;
    expect(driverRules.find((r) => r.id === 'api-only-user')?.defaultConfiguration).to.deep.equal({
      enabled: false,
      level: 'error',
    });
    const last = other.runs[0].results!.at(-1)!;
    expect(driverRules[last.ruleIndex!].id).to.equal('parse-error');
    expect(other.runs[0].originalUriBaseIds?.['%SRCROOT%'].uri).to.equal('file:///tmp/x/');
    expect(other.runs[0].invocations).to.deep.equal([{ executionSuccessful: true }]);
  });

  it('names the plugin, from its own package.json, when no tool is given', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    const driver = toSarif(makeResult()).runs[0].tool.driver;
    expect([driver.name, driver.version, driver.semanticVersion]).to.deep.equal([pkg.name, pkg.version, pkg.version]);
  });

  it("carries the rules' references as taxonomies with only the taxa referred to, in definition order", () => {
    const run = log.runs[0];
    expect(run.tool.driver.supportedTaxonomies).to.deep.equal([{ name: 'OWASP-NHI' }, { name: 'NIST-CSF' }]);
    expect(run.taxonomies?.map((t) => [t.name, t.organization, t.version])).to.deep.equal([
      ['OWASP-NHI', 'OWASP', '2025'],
      ['NIST-CSF', 'NIST', '2.0'],
    ]);
    const [nhi, csf] = run.taxonomies!;
    expect(nhi.fullName).to.equal('OWASP Non-Human Identities Top 10');
    expect(nhi.informationUri).to.equal('https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025/');
    expect(nhi.taxa).to.deep.equal([
      {
        id: 'NHI5',
        name: 'OverprivilegedNHI',
        shortDescription: { text: 'Overprivileged NHI' },
        helpUri: 'https://owasp.org/www-project-non-human-identities-top-10/2025/5-overprivileged-nhi/',
      },
      {
        id: 'NHI9',
        name: 'NHIReuse',
        shortDescription: { text: 'NHI Reuse' },
        helpUri: 'https://owasp.org/www-project-non-human-identities-top-10/2025/9-nhi-reuse/',
      },
    ]);
    expect(csf.informationUri).to.equal('https://www.nist.gov/cyberframework');
    expect(csf.taxa).to.deep.equal([
      {
        id: 'PR.AA',
        name: 'IdentityManagementAuthenticationAndAccessControl',
        shortDescription: { text: 'Identity Management, Authentication, and Access Control' },
      },
    ]);
  });

  it('relates each rule to its taxa (superset: every finding is one; relevant: part of it) and tags it for code scanning filters', () => {
    const rules = log.runs[0].tool.driver.rules ?? [];
    const shared = rules.find((r) => r.id === 'shared-integration-user')!;
    expect(shared.relationships).to.deep.equal([
      { target: { id: 'NHI9', toolComponent: { name: 'OWASP-NHI' } }, kinds: ['superset'] },
      { target: { id: 'PR.AA', toolComponent: { name: 'NIST-CSF' } }, kinds: ['superset'] },
    ]);
    expect(shared.properties?.tags).to.include.members(['external/owasp-nhi/nhi9', 'external/nist-csf/pr.aa']);
    const scope = rules.find((r) => r.id === 'oauth-broad-scope')!;
    expect(scope.relationships).to.deep.equal([
      { target: { id: 'NHI5', toolComponent: { name: 'OWASP-NHI' } }, kinds: ['relevant'] },
    ]);
    const plain = rules.find((r) => r.id === 'api-only-user')!;
    expect(plain.relationships).to.equal(undefined);
    expect(plain.properties?.tags).to.deep.equal(['salesforce', 'integration', 'governance']);
    for (const rule of rules) {
      for (const relation of rule.relationships ?? [])
        expect(taxonOf(log.runs[0], relation.target), `${rule.id} -> ${relation.target.id!}`).to.not.equal(undefined);
    }
  });

  it("the plugin's own rules: valid SARIF, every reference resolves to a taxon, only referenced taxa listed", () => {
    const rules = LINT_RULES.map((r) => ({ ...r.meta, severity: r.meta.defaultSeverity }));
    const own = JSON.parse(
      JSON.stringify(toSarif(makeResult({ rules, findings: [], expiredSuppressions: [] }), TOOL)),
    ) as Log;
    expect(validate(own), JSON.stringify(validate.errors)).to.equal(true);
    const run = own.runs[0];
    const related = new Set<string>();
    for (const rule of run.tool.driver.rules ?? []) {
      for (const relation of rule.relationships ?? []) {
        const taxon = taxonOf(run, relation.target);
        expect(taxon, `${rule.id} -> ${relation.target.id!}`).to.not.equal(undefined);
        expect(relation.kinds).to.satisfy(
          (kinds: string[]) => kinds.length === 1 && ['superset', 'relevant'].includes(kinds[0]),
        );
        related.add(`${relation.target.toolComponent!.name!}/${relation.target.id!}`);
      }
    }
    const listed = (run.taxonomies ?? []).flatMap((t) => (t.taxa ?? []).map((x) => `${t.name}/${x.id}`));
    expect(new Set(listed)).to.deep.equal(related);
    expect(run.tool.driver.rules?.find((r) => r.id === 'secret-in-source')?.relationships?.[0]).to.deep.equal({
      target: { id: 'NHI2', toolComponent: { name: 'OWASP-NHI' } },
      kinds: ['superset'],
    });
  });

  it('leaves taxonomies out when no rule that ran has references', () => {
    const bare = toSarif(
      makeResult({
        rules: RULES.map((rule) => ({ ...rule, references: undefined })),
        findings: [],
        expiredSuppressions: [],
      }),
      TOOL,
    );
    expect(bare.runs[0].taxonomies).to.equal(undefined);
    expect(bare.runs[0].tool.driver.supportedTaxonomies).to.equal(undefined);
  });

  it('validates an empty run', () => {
    const empty = toSarif(makeResult({ findings: [], expiredSuppressions: [] }), TOOL);
    expect(validate(JSON.parse(JSON.stringify(empty)))).to.equal(true);
    expect(empty.runs[0].results).to.deep.equal([]);
  });
});
