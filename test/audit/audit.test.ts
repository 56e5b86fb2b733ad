import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { audit, AuditRegisterError, NothingSeenError, type AuditResult } from '../../src/audit/audit.js';
import { AUDIT_QUERIES, exportCommands, windowStart } from '../../src/audit/queries.js';
import { AUDIT_FORMATTERS } from '../../src/audit/report.js';
import { AUDIT_RULES } from '../../src/audit/rules.js';
import { AuditInputError, directorySource, type AuditSource } from '../../src/audit/sources.js';
import { DEMO_FINDINGS, DEMO_NOW, DEMO_USERS, demoOrg } from '../fixtures/audit/demoOrg.js';
import { login, sfId, token, user, writeExport, type FixtureOrg } from '../helpers/orgFixture.js';
import { simulatedOrgSources } from '../helpers/orgAudit.js';
import { copyExampleProject } from '../helpers/project.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes the org as an export folder (`sf data query --json` files); `omit` leaves objects out. */
function exportOf(org: FixtureOrg, omit: string[] = []): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-export-'));
  dirs.push(dir);
  writeExport(org, dir, omit);
  return dir;
}

function project(): string {
  const dir = copyExampleProject();
  dirs.push(dir);
  return dir;
}

/** The audit of a source with the tests' window (90 days) and clock. */
function auditOf(source: AuditSource, root = project()): Promise<AuditResult> {
  return audit({ projectRoot: root, source, windowDays: 90, staleDays: 90, now: DEMO_NOW });
}

async function run(org: FixtureOrg, options: { omit?: string[]; root?: string } = {}): Promise<AuditResult> {
  return auditOf(directorySource(exportOf(org, options.omit)), options.root);
}

/** What a promise rejects with, or undefined when it resolves. */
const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** `rule username [messageId]` of every finding, sorted: what the tests compare. */
function summary(result: AuditResult): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.subject.name}${f.messageId ? ` ${f.messageId}` : ''}`).sort();
}

describe('audit: the demo org against the example register', () => {
  it('finds every planted problem and nothing else', async () => {
    const result = await run(demoOrg());
    expect(summary(result)).to.deep.equal(DEMO_FINDINGS);
    expect(result.summary.complete).to.equal(true);
    expect(result.notChecked).to.deep.equal([]);
    expect(result.failed).to.equal(true);
  });

  it('names where an admin permission comes from: the group, not just the user', async () => {
    const result = await run(demoOrg());
    const snowflake = result.findings.find(
      (f) => f.ruleId === 'admin-access' && f.subject.name.startsWith('snowflake'),
    );
    expect(snowflake?.message).to.equal(
      'snowflake.extract@example.com holds admin-equivalent permissions: ViewAllData (permission set group Data_Ops).',
    );
    expect(snowflake?.location.path).to.equal('integrations/snowflake.yaml');
    const shared = result.findings.find(
      (f) => f.ruleId === 'admin-access' && f.subject.name.startsWith('integration@'),
    );
    expect(shared?.message).to.contain(
      'CustomizeApplication, ManageUsers, ModifyAllData, ViewAllData, ViewSetup (profile System Administrator)',
    );
    expect(shared?.severity).to.equal('error');
  });

  it('near misses: one system under two names, an expired assignment, a person with Data Loader, platform and inactive users', async () => {
    const result = await run(demoOrg());
    const about = (name: string): string[] => summary(result).filter((s) => s.includes(` ${name}`));
    expect(
      about('marketo.sync@example.com'),
      'Marketo and Marketo Sync are one system; the admin set expired',
    ).to.deep.equal([]);
    expect(about('jane.doe@example.com'), 'a person who also uses Data Loader').to.deep.equal([]);
    expect(about('autoproc@'), 'Automated Process').to.deep.equal([]);
    expect(about('old.erp@example.com'), 'inactive and frozen').to.deep.equal([]);
  });

  it("finds a profile's permissions when the export's assignments leave profile-owned ones out", async () => {
    const org = demoOrg();
    const profileOwned = new Set(org.PermissionSet.filter((ps) => ps.IsOwnedByProfile).map((ps) => ps.Id));
    org.PermissionSetAssignment = org.PermissionSetAssignment.filter((a) => !profileOwned.has(a.PermissionSetId));
    const result = await run(org);
    const shared = result.findings.find(
      (f) => f.ruleId === 'admin-access' && f.subject.name.startsWith('integration@'),
    );
    expect(shared?.message).to.contain('ModifyAllData, ViewAllData, ViewSetup (profile System Administrator)');
    // By profile name when the export has no ProfileId.
    org.User = org.User.map((u) => Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'ProfileId')));
    const byName = await run(org);
    expect(summary(byName)).to.include('admin-access integration@example.com admin');
  });

  it('counts the shared account by its systems, leaving the browser out', async () => {
    const result = await run(demoOrg());
    const shared = result.findings.find(
      (f) => f.ruleId === 'runtime-shared-user' && f.subject.name.startsWith('integration@'),
    );
    expect(shared?.message).to.equal(
      'integration@example.com is used by 2 different systems in the last 90 days: Informatica Cloud (3 login(s)); Zapier (1 login(s), OAuth tokens used).',
    );
  });

  it('gives every finding a stable fingerprint and a rule that declares its message', async () => {
    const first = await run(demoOrg());
    const second = await run(demoOrg());
    expect(first.findings.map((f) => f.fingerprint)).to.deep.equal(second.findings.map((f) => f.fingerprint));
    expect(new Set(first.findings.map((f) => f.fingerprint)).size).to.equal(first.findings.length);
    for (const f of first.findings) {
      const rule = AUDIT_RULES.find((r) => r.meta.id === f.ruleId);
      expect(rule?.meta.messages?.[f.messageId ?? ''], f.ruleId).to.be.a('string');
    }
  });
});

// Every rule's positives and near misses, through the export and through the org (the simulator behind Connection).
for (const via of ['export', 'org'] as const)
  describe(`audit rules through the ${via}: positives and near misses`, () => {
    const base = demoOrg;
    const sourceFor = via === 'org' ? simulatedOrgSources() : undefined;
    const check = async (org: FixtureOrg, options: { root?: string } = {}): Promise<AuditResult> =>
      sourceFor ? auditOf((await sourceFor(org)).source, options.root) : run(org, options);

    it('register-expired: past lifecycle.expires and active; offboarded users are not', async () => {
      const root = project();
      const spec = path.join(root, 'integrations', 'marketo.yaml');
      const { readFileSync } = await import('node:fs');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace(/expires: \S+/, 'expires: 2026-11-01'));
      const expired = await check(base(), { root });
      expect(summary(expired)).to.include('register-expired marketo.sync@example.com expired');
      // The same expiry with the user deactivated: offboarded as the register says, neither expired nor missing.
      const org = base();
      org.User = org.User.map((u) => (u.Username === 'marketo.sync@example.com' ? { ...u, IsActive: false } : u));
      const offboarded = await check(org, { root });
      expect(summary(offboarded).filter((s) => s.includes('marketo.sync'))).to.deep.equal([]);
    });

    it('register-user-missing: inactive and frozen users; a sandbox copy of the username is the user', async () => {
      const org = base();
      org.User = org.User.map((u) => {
        if (u.Username === 'snowflake.extract@example.com') return { ...u, IsActive: false };
        if (u.Username === 'marketo.sync@example.com') return { ...u, Username: 'marketo.sync@example.com.uat' };
        return u;
      });
      org.UserLogin = [
        ...org.UserLogin,
        { attributes: { type: 'UserLogin' }, UserId: sfId('005', DEMO_USERS.dnc), IsFrozen: true },
      ];
      const result = await check(org);
      const missing = summary(result).filter((s) => s.startsWith('register-user-missing'));
      expect(missing).to.deep.equal([
        'register-user-missing dnc.compliance@example.com frozen',
        'register-user-missing snowflake.extract@example.com inactive',
        'register-user-missing talkdesk.integration@example.com missing',
      ]);
    });

    it('stale-access: an unused token of an active user; a user created within the period is not stale', async () => {
      const org = base();
      org.OauthToken = [...org.OauthToken, token(DEMO_USERS.marketo, 'Marketo Legacy', '2026-03-01T00:00:00.000+0000')];
      org.User = [
        ...org.User,
        user({
          n: 30,
          username: 'new.system@example.com',
          profile: 'Minimum Access - API Only Integrations',
          license: 'Salesforce Integration',
          lastLogin: null,
          created: '2026-11-20T00:00:00.000+0000',
        }),
        user({
          n: 31,
          username: 'never.used@example.com',
          profile: 'Minimum Access - API Only Integrations',
          license: 'Salesforce Integration',
          lastLogin: null,
          created: '2025-01-20T00:00:00.000+0000',
        }),
      ];
      const result = await check(org);
      const stale = result.findings.filter((f) => f.ruleId === 'stale-access').map((f) => f.message);
      expect(stale).to.include(
        "marketo.sync@example.com's OAuth token(s) for Marketo Legacy have not been used for 275 days (last used 2026-03-01).",
      );
      expect(stale).to.include(
        'never.used@example.com has not logged in or used a token for 680 days (never used, created 2025-01-20).',
      );
      expect(stale.join('\n')).not.to.contain('new.system@example.com');
    });

    it('login-failures: counts by reason and source; successful logins alone are not reported', async () => {
      const result = await check(base());
      const failures = result.findings.filter((f) => f.ruleId === 'login-failures');
      expect(failures.map((f) => f.message)).to.deep.equal([
        'netsuite.integration@example.com had 3 failed login(s) in the last 90 days: 3 × Invalid client credentials; from 3 × 198.51.100.7.',
      ]);
    });

    it('unregistered-integration-user: on the integration license, or API only; not when a spec names it', async () => {
      const org = base();
      org.User = [
        ...org.User,
        user({
          n: 40,
          username: 'boomi@example.com',
          profile: 'Minimum Access - API Only Integrations',
          license: 'Salesforce Integration',
        }),
      ];
      org.LoginHistory = [...org.LoginHistory, login(40, { time: '2026-11-20T00:00:00.000+0000', app: 'Boomi' })];
      const result = await check(org);
      expect(summary(result)).to.include('unregistered-integration-user boomi@example.com unregistered');
      const boomi = result.findings.find((f) => f.subject.name === 'boomi@example.com');
      expect(boomi?.message).to.contain('it is on the Salesforce Integration license');
      expect(summary(result).filter((s) => s.startsWith('unregistered') && s.includes('marketo'))).to.deep.equal([]);
    });

    it("unregistered-integration-user: a generic name used by a system is one; used by its owner's tools, or the mobile app only, it is not", async () => {
      const org = base();
      const standard = { profile: 'Standard User', license: 'Salesforce' };
      org.User = [
        ...org.User,
        user({ n: 41, username: 'admin@example.com', ...standard }),
        user({ n: 42, username: 'api.user@example.com', ...standard }),
        user({ n: 43, username: 'sam.field@example.com', ...standard }),
      ];
      org.LoginHistory = [
        ...org.LoginHistory,
        login(41, { time: '2026-11-20T08:00:00.000+0000', type: 'Application', app: 'Browser' }),
        login(41, { time: '2026-11-21T08:00:00.000+0000', app: 'Salesforce CLI' }),
        login(42, { time: '2026-11-20T08:00:00.000+0000', type: 'Application', app: 'Browser' }),
        login(42, { time: '2026-11-21T08:00:00.000+0000', app: 'Jitterbit Harmony' }),
        login(43, { time: '2026-11-21T08:00:00.000+0000', app: 'Salesforce for iOS' }),
      ];
      const result = await check(org);
      const unregistered = result.findings
        .filter((f) => f.ruleId === 'unregistered-integration-user')
        .map((f) => f.subject.name);
      expect(unregistered).to.include('api.user@example.com');
      expect(unregistered).not.to.include.members(['admin@example.com', 'sam.field@example.com']);
      expect(result.findings.find((f) => f.subject.name === 'api.user@example.com')?.message).to.contain(
        'its username names no person and it is used by Jitterbit Harmony',
      );
    });

    it("runtime-shared-user: the org's own name joins no two systems; a shared vendor word does", async () => {
      const org = base();
      org.LoginHistory = [
        ...org.LoginHistory,
        login(DEMO_USERS.snowflake, { time: '2026-11-20T08:00:00.000+0000', app: 'Example ERP Sync' }),
        login(DEMO_USERS.snowflake, { time: '2026-11-21T08:00:00.000+0000', app: 'Example Snowflake Loader' }),
      ];
      const result = await check(org);
      const shared = result.findings.find(
        (f) => f.ruleId === 'runtime-shared-user' && f.subject.name.startsWith('snowflake'),
      );
      // Snowflake and Example Snowflake Loader are one system (snowflake); Example ERP Sync is another.
      expect(shared?.message).to.equal(
        'snowflake.extract@example.com is used by 2 different systems in the last 90 days: Example ERP Sync (1 login(s)); Example Snowflake Loader (1 login(s)) / Snowflake (2 login(s), OAuth tokens used).',
      );
    });

    it('stale-access: a user never used, in an export without CreatedDate, is reported as never used', async () => {
      const org = base();
      org.User = [
        ...org.User.map((u) => Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'CreatedDate'))),
        Object.fromEntries(
          Object.entries(
            user({
              n: 32,
              username: 'quiet.system@example.com',
              profile: 'Minimum Access - API Only Integrations',
              license: 'Salesforce Integration',
              lastLogin: null,
            }),
          ).filter(([k]) => k !== 'CreatedDate'),
        ),
      ];
      const result = await check(org);
      const quiet = result.findings.find(
        (f) => f.subject.name === 'quiet.system@example.com' && f.ruleId === 'stale-access',
      );
      expect(quiet?.message).to.equal('quiet.system@example.com has never logged in or used a token.');
    });

    it('license-budget: an expired integration needs no license', async () => {
      const root = project();
      const spec = path.join(root, 'integrations', 'talkdesk.yaml');
      const { readFileSync } = await import('node:fs');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace(/expires: \S+/, 'expires: 2026-11-01'));
      const result = await check(base(), { root });
      expect(summary(result).filter((s) => s.startsWith('license-budget') || s.includes('talkdesk'))).to.deep.equal([]);
    });

    it('license-budget: nothing when the register fits the licenses owned', async () => {
      const org = base();
      org.UserLicense = org.UserLicense.map((l) =>
        l.Name === 'Salesforce Integration' ? { ...l, TotalLicenses: 10 } : l,
      );
      org.PermissionSetLicense = org.PermissionSetLicense.map((l) => ({ ...l, TotalLicenses: 10 }));
      const result = await check(org);
      expect(summary(result).filter((s) => s.startsWith('license-budget'))).to.deep.equal([]);
    });
  });

describe('audit: what it could not see is said, never clean', () => {
  it('a missing export file: the object is not seen and the rules that need it are not checked', async () => {
    const result = await run(demoOrg(), { omit: ['LoginHistory'] });
    const logins = result.coverage.find((c) => c.object === 'LoginHistory');
    expect(logins?.status).to.equal('not-seen');
    expect(logins?.reason).to.match(/LoginHistory\.json is not in the export/);
    expect(result.notChecked).to.deep.include({ rule: 'login-failures', because: 'LoginHistory not seen' });
    expect(result.summary.complete).to.equal(false);
    expect(AUDIT_FORMATTERS.human(result)).to.contain('these are not clean results');
  });

  it("an export whose query failed in the org: the org's reason is kept", async () => {
    const dir = exportOf(demoOrg());
    writeFileSync(
      path.join(dir, 'OauthToken.json'),
      JSON.stringify({ status: 1, name: 'INVALID_TYPE', message: "sObject type 'OauthToken' is not supported." }),
    );
    const result = await auditOf(directorySource(dir));
    const tokens = result.coverage.find((c) => c.object === 'OauthToken');
    expect(tokens?.status).to.equal('not-seen');
    expect(tokens?.reason).to.contain("INVALID_TYPE: sObject type 'OauthToken' is not supported.");
    expect(result.notChecked.map((n) => n.rule)).to.include('stale-access');
  });

  it('a truncated export (sf data query stopped at its row limit) is partial', async () => {
    const dir = exportOf(demoOrg());
    const rows = demoOrg().LoginHistory;
    writeFileSync(
      path.join(dir, 'LoginHistory.json'),
      JSON.stringify({ status: 0, result: { records: rows, totalSize: 50_000 + rows.length, done: true } }),
    );
    const result = await auditOf(directorySource(dir));
    const logins = result.coverage.find((c) => c.object === 'LoginHistory');
    expect(logins?.status).to.equal('partial');
    expect(logins?.reason).to.contain('SF_ORG_MAX_QUERY_LIMIT');
    expect(result.summary.complete).to.equal(false);
  });

  it("rows read as a user without Manage Users are that user's own: partial", async () => {
    const org = demoOrg();
    org.UserPermissionAccess = [
      {
        attributes: { type: 'UserPermissionAccess' },
        PermissionsManageUsers: false,
        PermissionsViewSetup: true,
        PermissionsMonitorLoginHistory: false,
      },
    ];
    const result = await run(org);
    expect(result.coverage.find((c) => c.object === 'LoginHistory')?.status).to.equal('partial');
    expect(result.coverage.find((c) => c.object === 'OauthToken')?.status).to.equal('partial');
    expect(result.coverage.find((c) => c.object === 'SetupAuditTrail')?.status).to.equal('read');
  });

  it('an export without a required field is not seen, naming the field', async () => {
    const org = demoOrg();
    org.OauthToken = org.OauthToken.map((u) =>
      Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'LastUsedDate')),
    );
    const result = await run(org);
    const tokens = result.coverage.find((c) => c.object === 'OauthToken');
    expect(tokens?.status).to.equal('not-seen');
    expect(tokens?.reason).to.contain('lacks the field(s) LastUsedDate');
    expect(result.notChecked.map((n) => n.rule)).to.deep.equal(['stale-access']);
  });

  it('an export in which no rule can be checked (users without a needed field) is an error naming why', async () => {
    const org = demoOrg();
    org.User = org.User.map((u) => Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'LastLoginDate')));
    const failure = await failureOf(run(org));
    expect(failure).to.be.instanceOf(NothingSeenError);
    expect((failure as Error).message).to.match(
      /^No rule could be checked: .*User\.json lacks the field\(s\) LastLoginDate/,
    );
  });

  it('a broken export file is an error naming the file, line and column', async () => {
    const dir = exportOf(demoOrg());
    writeFileSync(path.join(dir, 'User.json'), '{\n  "status": 0,\n  "result": { "records": [ }\n}\n');
    const failure = await failureOf(auditOf(directorySource(dir, 'export')));
    expect(failure).to.be.instanceOf(AuditInputError);
    const error = failure as AuditInputError;
    expect(error.file).to.equal(path.join('export', 'User.json'));
    expect(error.line).to.equal(3);
    expect(error.column).to.be.a('number');
    expect(error.message).to.match(/^is not valid JSON \(Unexpected token/);
  });

  it('a folder with none of the export files is an error, not an audit of nothing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'sfint-export-'));
    dirs.push(empty);
    const failure = await failureOf(auditOf(directorySource(empty, 'export')));
    expect(failure).to.be.instanceOf(NothingSeenError);
    expect((failure as Error).message).to.match(
      /^Nothing could be read from export export: export\/User\.json is not in the export; /,
    );
  });

  it('a register that does not load is an error with the spec problems', async () => {
    const root = project();
    writeFileSync(path.join(root, 'integrations', 'broken.yaml'), 'name: Broken\nuser: [\n');
    const failure = await failureOf(run(demoOrg(), { root }));
    expect(failure).to.be.instanceOf(AuditRegisterError);
    expect((failure as Error).message).to.match(/^integrations\/broken\.yaml:\d+:\d+: /);
  });

  it('an empty register: every integration user is unregistered', async () => {
    const root = project();
    for (const f of ['dnc-compliance', 'intake-portal', 'marketo', 'netsuite', 'snowflake', 'talkdesk'])
      rmSync(path.join(root, 'integrations', `${f}.yaml`));
    const result = await run(demoOrg(), { root });
    expect(result.summary.registered).to.equal(0);
    expect(summary(result).filter((s) => s.startsWith('unregistered')).length).to.equal(7);
  });
});

describe('audit: the apps integration users use', () => {
  it('says which are connected apps of the org and which let users self-authorize', async () => {
    const result = await run(demoOrg());
    const apps = Object.fromEntries(result.apps.map((a) => [a.name, a]));
    expect(apps.Zapier).to.deep.equal({
      name: 'Zapier',
      connectedApp: true,
      adminApprovedOnly: false,
      users: ['integration@example.com'],
    });
    expect(apps.Snowflake).to.deep.equal({
      name: 'Snowflake',
      connectedApp: false,
      users: ['snowflake.extract@example.com'],
    });
    expect(apps['N/A'], 'anonymous clients are no app').to.equal(undefined);
    expect(AUDIT_FORMATTERS.md(result)).to.contain(
      '| Zapier | yes | no: users may self-authorize | integration@example.com |',
    );
    const without = await run(demoOrg(), { omit: ['ConnectedApplication'] });
    expect(without.apps.find((a) => a.name === 'Zapier')).to.deep.equal({
      name: 'Zapier',
      users: ['integration@example.com'],
    });
    expect(without.summary.complete, 'supplementary').to.equal(true);
  });
});

describe('audit: API calls per day (ApiTotalUsage event log files)', () => {
  it("counts each integration user's calls by day and client, beside the register's expected volume", async () => {
    const result = await run(demoOrg());
    const marketo = result.users.find((u) => u.username === 'marketo.sync@example.com');
    expect(marketo?.apiCalls).to.deep.equal({
      total: 12,
      days: [
        { date: '2026-11-28', calls: 4 },
        { date: '2026-11-29', calls: 4 },
        { date: '2026-11-30', calls: 4 },
      ],
      byClient: [{ client: 'Marketo', calls: 12 }],
    });
    expect(marketo?.expectedDailyVolume).to.equal(40_000);
    expect(AUDIT_FORMATTERS.md(result)).to.contain(
      'title "API calls per day of marketo.sync@example.com (register: 40000 a day)"',
    );
  });

  it('an export without the log files is still complete: the report says it has no API calls per day', async () => {
    const result = await run(demoOrg(), { omit: ['ApiTotalUsage'] });
    expect(result.coverage.find((c) => c.object === 'ApiTotalUsage')).to.include({
      status: 'not-seen',
      supplementary: true,
    });
    expect(result.summary.complete).to.equal(true);
    expect(result.users.every((u) => u.apiCalls === undefined)).to.equal(true);
    expect(AUDIT_FORMATTERS.human(result)).to.match(
      /ApiTotalUsage not seen \(no .*ApiTotalUsage\/\*\.csv in the export\); not in the report: API calls per day/,
    );
  });
});

describe('audit: --print-queries and the export contract', () => {
  it('prints one sf data query line per object, into the file --from-dir reads', () => {
    const lines = exportCommands(windowStart(DEMO_NOW, 90), 'prod');
    const objects = AUDIT_QUERIES.filter((q) => !q.eventLog);
    for (const q of objects)
      expect(
        lines.filter((l) => l.endsWith(`--target-org prod --json > ${q.file}`)),
        q.object,
      ).to.have.length(1);
    // The event log files: their list, then each one downloaded into the folder.
    expect(lines.slice(objects.length)).to.deep.equal([
      `mkdir -p ApiTotalUsage && sf data query --query "SELECT Id, LogDate FROM EventLogFile WHERE EventType = 'ApiTotalUsage' AND LogDate >= 2026-09-02T12:00:00Z AND Interval = 'Daily'" --target-org prod --json > ApiTotalUsage.json`,
      `for id in $(grep -o '"Id": *"[^"]*"' ApiTotalUsage.json | cut -d'"' -f4); do sf api request rest "/services/data/v66.0/sobjects/EventLogFile/$id/LogFile" --target-org prod > ApiTotalUsage/$id.csv; done`,
    ]);
    const logins = lines.find((l) => l.includes('FROM LoginHistory'));
    expect(logins).to.equal(
      'SF_ORG_MAX_QUERY_LIMIT=10000000 sf data query --query "SELECT UserId, LoginTime, LoginType, Status, Application, ApiType, SourceIp FROM LoginHistory WHERE LoginTime >= 2026-09-02T12:00:00Z" --target-org prod --json > LoginHistory.json',
    );
    // Never the token columns.
    expect(lines.find((l) => l.includes('FROM OauthToken'))).not.to.match(
      /AccessToken|RefreshToken|DeleteToken|RequestToken/,
    );
    expect(lines.find((l) => l.includes('FROM PermissionSet"'))).to.contain('FIELDS(STANDARD)');
  });

  it('every rule is documented in the README and its messages', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    for (const rule of AUDIT_RULES) {
      expect(readme, rule.meta.id).to.contain(`<a id="${rule.meta.docs.slice(1)}"></a>`);
      expect(Object.keys(rule.meta.messages ?? {}).length, rule.meta.id).to.be.greaterThan(0);
    }
  });
});

describe('audit reports', () => {
  it('md is an evidence report: per integration, the gaps first, the queries last', async () => {
    const result = await run(demoOrg(), { omit: ['SetupAuditTrail'] });
    const md = AUDIT_FORMATTERS.md(result);
    expect(md).to.match(/^# Integration user audit\n/);
    expect(md.indexOf('## What the audit could not see')).to.be.lessThan(md.indexOf('## Integrations'));
    expect(md).to.contain('SetupAuditTrail: not seen');
    expect(md).to.contain('### NetSuite');
    expect(md).to.contain('```mermaid\nxychart-beta');
    expect(md).to.contain('| LoginHistory | 25 | read |');
  });

  it('sarif points at the spec file of the integration', async () => {
    const result = await run(demoOrg());
    const sarif = JSON.parse(AUDIT_FORMATTERS.sarif(result)) as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
        }>;
      }>;
    };
    const admin = sarif.runs[0].results.find(
      (r) => r.ruleId === 'admin-access' && r.locations[0].physicalLocation.artifactLocation.uri.includes('snowflake'),
    );
    expect(admin?.locations[0].physicalLocation.artifactLocation.uri).to.equal('integrations/snowflake.yaml');
  });

  it('every format is byte-stable for the same input', async () => {
    const root = project();
    const dir = exportOf(demoOrg());
    const once = (): Promise<AuditResult> => auditOf(directorySource(dir), root);
    const a = await once();
    const b = await once();
    for (const format of Object.keys(AUDIT_FORMATTERS) as Array<keyof typeof AUDIT_FORMATTERS>) {
      const strip = (text: string): string => text.replace(/"durationMs": \d+/, '').replace(/time="[^"]*"/g, '');
      expect(strip(AUDIT_FORMATTERS[format](a)), format).to.equal(strip(AUDIT_FORMATTERS[format](b)));
    }
  });
});

// A directory that does not exist is refused by the command's flag (exists: true); the source itself says not seen.
describe('directorySource', () => {
  it('reads a file that holds a plain list of rows (another tool) as well as sf data query --json output', async () => {
    const dir = exportOf(demoOrg());
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'UserLicense.json'), JSON.stringify(demoOrg().UserLicense));
    const result = await auditOf(directorySource(dir));
    expect(result.coverage.find((c) => c.object === 'UserLicense')).to.include({ status: 'read', rows: 2 });
  });
});
