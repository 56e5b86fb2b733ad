import { expect } from 'chai';
import { audit, type AuditResult } from '../../src/audit/audit.js';
import { DEMO_FINDINGS, DEMO_NOW, demoOrg } from '../fixtures/audit/demoOrg.js';
import { login, type FixtureOrg } from '../helpers/orgFixture.js';
import { simulatedOrgSources } from '../helpers/orgAudit.js';
import type { OrgSimulator, SimulatorOptions } from '../helpers/orgSimulator.js';
import { copyExampleProject, remove } from '../helpers/project.js';

/**
 * The org path through @salesforce/core's real Connection, its HTTP requests answered by the org simulator through
 * TestContext's fakeConnectionRequest, as Salesforce's own plugins test.
 */
describe('audit --target-org through Connection (TestContext)', () => {
  const sourceFor = simulatedOrgSources();
  let root: string;

  beforeEach(() => {
    root = copyExampleProject();
  });
  afterEach(() => remove(root));

  async function auditThrough(
    org: FixtureOrg,
    options: SimulatorOptions = {},
  ): Promise<{ result: AuditResult; simulator: OrgSimulator }> {
    const { source, simulator } = await sourceFor(org, options);
    const result = await audit({ projectRoot: root, source, windowDays: 90, staleDays: 90, now: DEMO_NOW });
    return { result, simulator };
  }

  it('finds in the org what it finds in the export, and makes only GET requests (describe, query, queryMore)', async () => {
    const { result, simulator } = await auditThrough(demoOrg());
    // Every finding kind and near miss of the export's test, through the Connection.
    expect(result.findings.map((f) => `${f.ruleId} ${f.subject.name} ${f.messageId ?? ''}`).sort()).to.deep.equal(
      DEMO_FINDINGS,
    );
    expect(result.findings.length).to.equal(12);
    // The event log files were listed and downloaded: the same calls as the export's CSV files.
    expect(result.users.find((u) => u.username === 'snowflake.extract@example.com')?.apiCalls?.days).to.deep.equal([
      { date: '2026-11-30', calls: 9 },
    ]);
    expect(result.summary.complete).to.equal(true);
    expect(simulator.requests.length).to.be.greaterThan(10);
    expect(
      simulator.requests.filter((r) => r.method !== 'GET'),
      'read-only',
    ).to.deep.equal([]);
    for (const r of simulator.requests)
      expect(r.path).to.match(
        /\/(sobjects\/\w+\/describe|sobjects\/EventLogFile\/\w+\/LogFile|query(\/[\w-]+)?(\?q=.*)?)$/,
      );
  });

  it('asks only for the fields the org has: the permission fields it described, never the token columns', async () => {
    const { simulator } = await auditThrough(demoOrg());
    const queries = simulator.requests
      .map((r) => decodeURIComponent(r.path.replace(/\+/g, ' ')))
      .filter((p) => p.includes('?q='));
    const permissionSet = queries.find((q) => q.endsWith(' FROM PermissionSet'));
    expect(permissionSet).to.contain('PermissionsModifyAllData');
    expect(permissionSet, 'not on any fixture row, so not described').not.to.contain('PermissionsManageEncryptionKeys');
    expect(queries.find((q) => q.includes('FROM OauthToken'))).not.to.match(/AccessToken|RefreshToken/);
  });

  it('pages beyond 2,000 rows with queryMore and counts every row', async () => {
    const org = demoOrg();
    const extra = Array.from({ length: 4500 }, (_, i) =>
      login(2, {
        time: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:00:00.000+0000`,
        app: 'NetSuite Connector',
      }),
    );
    org.LoginHistory = [...org.LoginHistory, ...extra];
    const { result, simulator } = await auditThrough(org);
    expect(result.coverage.find((c) => c.object === 'LoginHistory')).to.include({ status: 'read', rows: 4525 });
    expect(simulator.requests.filter((r) => r.path.includes('/query/01gSIM')).length, 'two queryMore calls').to.equal(
      2,
    );
    const netsuite = result.users.find((u) => u.username === 'netsuite.integration@example.com');
    expect(netsuite?.logins.total).to.equal(4507);
  });

  it('an object the org lacks, and one the user may not read: not seen, with the reason, and not checked', async () => {
    const { result } = await auditThrough(demoOrg(), { missing: ['SetupAuditTrail'], denied: ['LoginHistory'] });
    const seen = (o: string): AuditResult['coverage'][number] | undefined =>
      result.coverage.find((c) => c.object === o);
    expect(seen('SetupAuditTrail')?.status).to.equal('not-seen');
    expect(seen('SetupAuditTrail')?.reason).to.match(/does not expose SetupAuditTrail.*NOT_FOUND/);
    expect(seen('LoginHistory')?.status).to.equal('not-seen');
    expect(seen('LoginHistory')?.reason).to.match(/lacks the permission to read LoginHistory.*INSUFFICIENT_ACCESS/);
    expect(result.notChecked.map((n) => n.rule)).to.include.members(['setup-change-by-integration', 'login-failures']);
    expect(result.findings.map((f) => f.ruleId)).not.to.include.members([
      'setup-change-by-integration',
      'login-failures',
    ]);
    expect(result.summary.complete).to.equal(false);
  });
});
