import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { lint, LintUsageError } from '../../src/lint/engine.js';
import { ConfigError } from '../../src/lint/config.js';
import { copyExampleProject, remove } from '../helpers/project.js';
import { run as generate } from '../helpers/generate.js';
import { ADMIN_PERMISSIONS } from '../../src/shared/adminPermissions.js';
import type { SpecError } from '../../src/generate/generate.js';
import type { LintResult } from '../../src/lint/types.js';
import { REPO_ROOT } from '../helpers/schema.js';

const TODAY = '2026-11-23';
const NS = 'http://soap.sforce.com/2006/04/metadata';

const connectedApp = (name: string, user: string, indent = '    '): string => `<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="${NS}">
${indent}<contactEmail>it@acme-corp.com</contactEmail>
${indent}<label>${name}</label>
${indent}<oauthConfig>
${indent}${indent}<callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>
${indent}${indent}<isAdminApproved>true</isAdminApproved>
${indent}${indent}<isClientCredentialEnabled>true</isClientCredentialEnabled>
${indent}${indent}<oauthClientCredentialUser>${user}</oauthClientCredentialUser>
${indent}${indent}<scopes>Api</scopes>
${indent}</oauthConfig>
${indent}<oauthPolicy>
${indent}${indent}<ipRelaxation>ENFORCE</ipRelaxation>
${indent}${indent}<refreshTokenPolicy>zero</refreshTokenPolicy>
${indent}</oauthPolicy>
${indent}<permissionSetName>${name}_Integration</permissionSetName>
</ConnectedApp>
`;

const validationRule = (formula: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<ValidationRule xmlns="${NS}">
    <fullName>Discount_Cap</fullName>
    <active>true</active>
    <errorConditionFormula>${formula}</errorConditionFormula>
    <errorMessage>Discount above 20% needs approval.</errorMessage>
</ValidationRule>
`;

/** A small source-format project: files by project-relative path. */
function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-lint-'));
  const all: Record<string, string | Buffer> = {
    'sfdx-project.json': JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }],
      sourceApiVersion: '66.0',
    }),
    ...files,
  };
  for (const [rel, content] of Object.entries(all)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

const APPS = 'force-app/main/default/connectedApps';
const SHARED = {
  [`${APPS}/Talkdesk.connectedApp-meta.xml`]: connectedApp('Talkdesk', 'crm.bridge@acme-corp.com'),
  [`${APPS}/Zendesk.connectedApp-meta.xml`]: connectedApp('Zendesk', 'crm.bridge@acme-corp.com'),
};
const VR = 'force-app/main/default/objects/Opportunity/validationRules/Discount_Cap.validationRule-meta.xml';

function ids(result: LintResult): string[] {
  return result.findings
    .filter((f) => !f.suppressed)
    .map((f) => `${f.ruleId}@${f.location.path}:${f.location.line ?? 0}`);
}

describe('lint engine', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string | Buffer>): string => {
    const d = project(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach(remove));

  it('finds a username shared by two connected apps, at both places, and fails the run', async () => {
    const dir = make(SHARED);
    const r = await lint({ projectRoot: dir, today: TODAY });
    const shared = r.findings.filter((f) => f.ruleId === 'shared-integration-user');
    expect(shared.map((f) => `${f.location.path}:${f.location.line ?? 0}:${f.location.column ?? 0}`)).to.deep.equal([
      `${APPS}/Talkdesk.connectedApp-meta.xml:9:9`,
      `${APPS}/Zendesk.connectedApp-meta.xml:9:9`,
    ]);
    expect(shared[0].related).to.deep.equal([{ path: `${APPS}/Zendesk.connectedApp-meta.xml`, line: 9, column: 9 }]);
    expect(r.failed).to.equal(true);
    expect(r.summary.errors).to.equal(2);
  });

  it('fingerprints survive reformatting and re-ordering, and differ between subjects', async () => {
    const a = await lint({ projectRoot: make(SHARED), today: TODAY });
    const b = await lint({
      projectRoot: make({
        [`${APPS}/Talkdesk.connectedApp-meta.xml`]: `\n\n${connectedApp('Talkdesk', 'crm.bridge@acme-corp.com', '  ')}`,
        [`${APPS}/Zendesk.connectedApp-meta.xml`]: connectedApp('Zendesk', 'crm.bridge@acme-corp.com', '\t'),
      }),
      today: TODAY,
    });
    expect(b.findings.map((f) => f.location.line)).not.to.deep.equal(a.findings.map((f) => f.location.line));
    expect(b.findings.map((f) => f.fingerprint).sort()).to.deep.equal(a.findings.map((f) => f.fingerprint).sort());
    expect(new Set(a.findings.map((f) => f.fingerprint)).size).to.equal(a.findings.length);
  });

  it('config: rules off, severities changed, usernames allowed', async () => {
    const dir = make({
      ...SHARED,
      '.sf-integration-lint.yml': 'rules:\n  shared-integration-user: warning\n',
    });
    const r = await lint({ projectRoot: dir, today: TODAY });
    expect(r.findings.every((f) => f.severity === 'warning')).to.equal(true);
    expect(r.failed).to.equal(false);
    expect((await lint({ projectRoot: dir, today: TODAY, threshold: 'warning' })).failed).to.equal(true);
    writeFileSync(path.join(dir, '.sf-integration-lint.yml'), 'allow:\n  usernames: [CRM.Bridge@Acme-Corp.com]\n');
    expect(ids(await lint({ projectRoot: dir, today: TODAY }))).to.deep.equal([]);
    writeFileSync(path.join(dir, '.sf-integration-lint.yml'), 'rules:\n  shared-integration-user: off\n');
    const off = await lint({ projectRoot: dir, today: TODAY });
    expect(off.findings).to.deep.equal([]);
    expect(off.rules.map((x) => x.id)).not.to.include('shared-integration-user');
  });

  it('config: ignore globs skip files entirely', async () => {
    const dir = make({ ...SHARED, '.sf-integration-lint.yml': 'ignore:\n  - "**/Zendesk.*"\n' });
    expect(ids(await lint({ projectRoot: dir, today: TODAY }))).to.deep.equal([]);
  });

  it('config errors name the file, line and column', async () => {
    const dir = make({
      '.sf-integration-lint.yml': 'rules:\n  shared-integration-user: loud\nsuppressions:\n  - path: "**"\n',
    });
    try {
      await lint({ projectRoot: dir, today: TODAY });
      expect.fail('accepted a bad config');
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).to.contain(
        '.sf-integration-lint.yml:2:28: rules.shared-integration-user is "loud"; valid values: off, error, warning, note.',
      );
      expect(msg).to.contain(".sf-integration-lint.yml:4:5: suppressions.0 must have required property 'reason'.");
    }
  });

  it('a config file that is there but cannot be read is an error naming it, not a run on the defaults', async () => {
    const dir = make({});
    symlinkSync(path.join(dir, 'gone.yml'), path.join(dir, '.sf-integration-lint.yml'));
    try {
      await lint({ projectRoot: dir, today: TODAY });
      expect.fail('ran without its config');
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      expect((e as Error).message).to.contain('.sf-integration-lint.yml: cannot read the config file: ENOENT');
    }
  });

  it('config typos: an unknown rule id or key is an error naming it and the nearest valid one; a near-valid value is suggested', async () => {
    const dir = make({
      '.sf-integration-lint.yml':
        'rules:\n  oauth-app-policies: off\n  secret-in-source: warn\nalow:\n  usernames: [a@b.com]\n',
    });
    const error = await lint({ projectRoot: dir, today: TODAY }).then(
      () => expect.fail('accepted a config with typos'),
      (e: Error) => e,
    );
    expect(error).to.be.instanceOf(ConfigError);
    const lines = error.message.split('\n');
    expect(lines[0]).to.match(
      /^\.sf-integration-lint\.yml:2:3: rules: 'oauth-app-policies' is not a rule\. Did you mean 'oauth-app-policy'\? The rules are: shared-integration-user, /,
    );
    expect(lines[1]).to.equal(
      '.sf-integration-lint.yml:3:21: rules.secret-in-source is "warn"; valid values: off, error, warning, note. Did you mean \'warning\'?',
    );
    expect(lines[2]).to.match(
      /^\.sf-integration-lint\.yml:4:1: the config: 'alow' is not a config key\. Did you mean 'allow'\? Valid keys: rules, allow, /,
    );
    expect(lines).to.have.length(3);
  });

  it('a path that does not exist or lies outside the project is a usage error, not "no problems in 0 files"', async () => {
    const dir = make(SHARED);
    for (const p of [path.join(dir, 'force-app/main/default/nope.xml'), os.tmpdir()]) {
      // eslint-disable-next-line no-await-in-loop
      const e = await lint({ projectRoot: dir, today: TODAY, paths: [p] }).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(e, p).to.be.instanceOf(LintUsageError);
      expect(e?.message).to.match(/does not exist|is outside the project/);
    }
  });

  it('a folder that is no Salesforce project is a usage error; an empty package directory of a real project is not', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'sfint-lint-'));
    writeFileSync(path.join(empty, 'notes.txt'), 'nothing here');
    const e = await lint({ projectRoot: empty, today: TODAY }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(e).to.be.instanceOf(LintUsageError);
    expect(e?.message).to.contain('is not a Salesforce project');
    const docs = await lint({ projectRoot: empty, today: TODAY, sourceDirs: [empty] }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(docs?.message).to.contain('holds no Salesforce metadata files');
    remove(empty);
    const fresh = make({ 'force-app/main/default/.gitkeep': '' });
    expect((await lint({ projectRoot: fresh, today: TODAY })).summary.files).to.equal(0);
  });

  it('a package directory of sfdx-project.json that does not exist is a usage error (sf refuses the project too)', async () => {
    const dir = make(SHARED);
    writeFileSync(
      path.join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app' }, { path: 'unpackaged' }] }),
    );
    const e = await lint({ projectRoot: dir, today: TODAY }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(e).to.be.instanceOf(LintUsageError);
    expect(e?.message).to.equal('the source directory unpackaged does not exist (from sfdx-project.json).');
  });

  it('only files that are metadata are read as metadata: a README.md, markdown and XML inside static resources and LWC are content', async () => {
    const dir = make({
      'force-app/main/default/README.md': '# Our org\n\nSome <b>notes</b> & things.\n',
      'force-app/main/default/staticresources/docs/README.md': '# bundled docs & more\n',
      'force-app/main/default/staticresources/docs/objects/Bad.object': '<not xml',
      'force-app/main/default/staticresources/docs.resource-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<StaticResource xmlns="${NS}"><cacheControl>Public</cacheControl><contentType>application/zip</contentType></StaticResource>\n`,
      'force-app/main/default/lwc/widget/__tests__/data/connectedApps/X.connectedApp-meta.xml': '<broken',
      'force-app/main/default/customMetadata/Api_Setting.Default.md-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<CustomMetadata xmlns="${NS}"><label>Default</label></CustomMetadata>\n`,
    });
    const r = await lint({ projectRoot: dir, today: TODAY });
    expect(r.findings).to.deep.equal([]);
    expect(r.summary.files).to.equal(1);
  });

  it('honours .forceignore as a deploy does (source-deploy-retrieve semantics)', async () => {
    const dir = make({
      ...SHARED,
      '.forceignore': '# vendor copies we do not deploy\n**/Zendesk.connectedApp-meta.xml\n',
    });
    const r = await lint({ projectRoot: dir, today: TODAY });
    expect(ids(r)).to.deep.equal([]);
    expect(r.summary.files).to.equal(1);
    writeFileSync(path.join(dir, '.forceignore'), '**/jsconfig.json\n');
    expect(ids(await lint({ projectRoot: dir, today: TODAY }))).to.have.length(2);
  });

  it('Apex outside classes/ counts only with its -meta.xml beside it, as SDR resolves it', async () => {
    const cls =
      "public class Gate {\n    public static Boolean skip() { return UserInfo.getUserName() == 'etl@acme-corp.com'; }\n}\n";
    const dir = make({
      'force-app/main/default/apex/Gate.cls': cls,
      'force-app/main/default/scripts/Gate.cls': cls,
      'force-app/main/default/apex/Gate.cls-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="${NS}"><apiVersion>66.0</apiVersion><status>Active</status></ApexClass>\n`,
    });
    expect(ids(await lint({ projectRoot: dir, today: TODAY }))).to.deep.equal([
      'username-exception@force-app/main/default/apex/Gate.cls:2',
    ]);
  });

  it('suppressions need a reason and an expiry; an expired one stops suppressing and says so', async () => {
    const first = await lint({ projectRoot: make(SHARED), today: TODAY });
    const fp = first.findings[0].fingerprint;
    const config = (expires: string): string =>
      `suppressions:\n  - fingerprint: ${fp}\n    reason: "Vendor migration, ticket OPS-123"\n    expires: ${expires}\n  - path: "${APPS}/Zendesk.*"\n    rule: shared-integration-user\n    reason: Zendesk is being retired\n    expires: 2027-01-31\n`;
    const dir = make({ ...SHARED, '.sf-integration-lint.yml': config('2027-01-31') });
    const active = await lint({ projectRoot: dir, today: TODAY });
    expect(ids(active)).to.deep.equal([]);
    expect(active.summary.suppressed).to.equal(2);
    expect(active.failed).to.equal(false);
    writeFileSync(path.join(dir, '.sf-integration-lint.yml'), config('2026-11-01'));
    const expired = await lint({ projectRoot: dir, today: TODAY });
    expect(ids(expired)).to.deep.equal([`shared-integration-user@${APPS}/Talkdesk.connectedApp-meta.xml:9`]);
    expect(expired.expiredSuppressions).to.have.length(1);
    expect(expired.expiredSuppressions[0].message).to.contain('expired on 2026-11-01');
    expect(expired.failed).to.equal(true);
  });

  it('a baseline accepts today’s findings and fails only on new ones', async () => {
    const dir = make(SHARED);
    const before = await lint({ projectRoot: dir, today: TODAY });
    const baseline = path.join(dir, 'baseline.json');
    writeFileSync(
      baseline,
      JSON.stringify({ version: 1, findings: before.findings.map((f) => ({ fingerprint: f.fingerprint })) }),
    );
    const same = await lint({ projectRoot: dir, today: TODAY, baselinePath: baseline });
    expect(same.failed).to.equal(false);
    expect(same.summary.baselined).to.equal(before.findings.length);
    mkdirSync(path.dirname(path.join(dir, VR)), { recursive: true });
    writeFileSync(
      path.join(dir, VR),
      validationRule("AND(Discount__c &gt; 0.2, $User.Username &lt;&gt; 'integration@acme-corp.com')"),
    );
    const after = await lint({ projectRoot: dir, today: TODAY, baselinePath: baseline });
    expect(ids(after)).to.deep.equal([`username-exception@${VR}:5`]);
    expect(after.failed).to.equal(true);
  });

  it('a missing or broken baseline is a usage error', async () => {
    const dir = make(SHARED);
    await lint({ projectRoot: dir, baselinePath: 'nope.json' }).then(
      () => expect.fail('accepted a missing baseline'),
      (e: Error) => expect(e).to.be.instanceOf(LintUsageError),
    );
  });

  it('paths limit what is reported while cross-file rules still see the whole project', async () => {
    const dir = make({ ...SHARED, [VR]: validationRule("$User.Username = 'ops@acme-corp.com'") });
    const r = await lint({
      projectRoot: dir,
      today: TODAY,
      paths: [path.join(dir, APPS, 'Zendesk.connectedApp-meta.xml')],
    });
    expect(ids(r)).to.deep.equal([`shared-integration-user@${APPS}/Zendesk.connectedApp-meta.xml:9`]);
    const vr = await lint({ projectRoot: dir, today: TODAY, paths: [path.join(dir, VR)] });
    expect(ids(vr)).to.deep.equal([`username-exception@${VR}:5`]);
  });

  it('a run on one file reports exactly what the whole-project run reports in that file, for every file of the fixtures', async () => {
    const key = (f: LintResult['findings'][number]): string =>
      [f.ruleId, f.severity, f.location.path, f.location.line, f.location.column, f.fingerprint, f.message].join('|');
    for (const fixture of ['source-project', 'metadata-project', 'broken-project']) {
      const root = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', fixture);
      // eslint-disable-next-line no-await-in-loop
      const full = await lint({ projectRoot: root, today: TODAY, concurrency: 'off' });
      const files = [...new Set(full.findings.map((f) => f.location.path))].filter((p) => p !== '.');
      expect(files.length, fixture).to.be.greaterThan(2);
      for (const file of files) {
        // eslint-disable-next-line no-await-in-loop
        const one = await lint({ projectRoot: root, today: TODAY, concurrency: 'off', paths: [path.join(root, file)] });
        expect(one.findings.map(key), `${fixture}: ${file}`).to.deep.equal(
          full.findings.filter((f) => f.location.path === file).map(key),
        );
      }
    }
  });

  it('--changed-since reports only files changed since the ref, committed or not', async () => {
    const dir = make(SHARED);
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base', '--allow-empty');
    git('add', '-A');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'apps');
    writeFileSync(
      path.join(dir, APPS, 'Zendesk.connectedApp-meta.xml'),
      connectedApp('Zendesk', 'crm.bridge@acme-corp.com', '  '),
    );
    const r = await lint({ projectRoot: dir, today: TODAY, changedSince: 'HEAD' });
    expect(ids(r)).to.deep.equal([`shared-integration-user@${APPS}/Zendesk.connectedApp-meta.xml:9`]);
    const all = await lint({ projectRoot: dir, today: TODAY, changedSince: 'HEAD~1' });
    expect(ids(all)).to.have.length(2);
    await lint({ projectRoot: dir, changedSince: 'no-such-branch' }).then(
      () => expect.fail('accepted a bad ref'),
      (e: Error) => expect(e.message).to.contain("'no-such-branch' is not a commit"),
    );
  });

  describe('files that cannot be read or parsed', () => {
    const PS = 'force-app/main/default/permissionsets';
    let result: LintResult;
    before(async () => {
      const dir = make({
        ...SHARED,
        [`${PS}/Broken.permissionset-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="${NS}">\n    <label>Broken</label>\n    <userPermissions>\n        <name>ApiEnabled</name>\n</PermissionSet>\n`,
        [`${PS}/Empty.permissionset-meta.xml`]: '',
        [`${PS}/Blob.permissionset-meta.xml`]: Buffer.from([
          0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01,
        ]),
        [VR]: `\uFEFF${validationRule("$Profile.Name = 'System Administrator'")}`,
        [`${APPS}/Huge.connectedApp-meta.xml`]: connectedApp('Huge', `${'x'.repeat(5000)}@acme-corp.com`),
        '.sf-integration-lint.yml': 'maxFileBytes: 4096\n',
      });
      symlinkSync(path.join(dir, 'does-not-exist.xml'), path.join(dir, PS, 'Dangling.permissionset-meta.xml'));
      result = await lint({ projectRoot: dir, today: TODAY });
    });

    it('malformed XML: a finding with line and column', () => {
      const f = result.findings.find((x) => x.location.path.endsWith('Broken.permissionset-meta.xml'))!;
      expect(f.ruleId).to.equal('parse-error');
      expect(f.message).to.equal('malformed XML: closing tag </PermissionSet> does not match <userPermissions>');
      expect(f.location).to.deep.include({ line: 6, column: 1 });
    });

    it('empty, binary, too large and unreadable files: each a finding', () => {
      const byFile = (name: string): string | undefined =>
        result.findings.find((x) => x.location.path.endsWith(name))?.message;
      expect(byFile('Empty.permissionset-meta.xml')).to.contain('the file is empty');
      expect(byFile('Blob.permissionset-meta.xml')).to.contain('the file is binary');
      expect(byFile('Huge.connectedApp-meta.xml')).to.contain('above the 0 MB limit');
      expect(byFile('Dangling.permissionset-meta.xml')).to.contain('cannot read the file: ENOENT');
    });

    it('a file with a BOM is linted normally, and the rest of the project still is', () => {
      expect(result.findings.find((x) => x.location.path === VR)?.ruleId).to.equal('username-exception');
      expect(result.findings.filter((x) => x.ruleId === 'shared-integration-user').length).to.be.greaterThan(0);
    });
  });

  it('files of a text-filtered type are parsed only when their text matches: a broken flow that mentions no identity is not read, one that does is', async () => {
    const FLOWS = 'force-app/main/default/flows';
    const broken = (formula: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<Flow xmlns="${NS}">\n    <formulas>\n        <name>Gate</name>\n        <expression>${formula}</expression>\n    </formulas>\n    <label>x\n</Flow>\n`;
    const dir = make({
      ...SHARED,
      [`${FLOWS}/Plain.flow-meta.xml`]: broken('{!$Record.Amount} > 100'),
      [`${FLOWS}/Gated.flow-meta.xml`]: broken("{!$User.Username} = 'ops@acme-corp.com'"),
    });
    const result = await lint({ projectRoot: dir, today: TODAY });
    const onFlows = result.findings.filter((f) => f.location.path.startsWith(FLOWS));
    expect(onFlows.map((f) => `${f.ruleId}@${path.basename(f.location.path)}:${f.location.line ?? 0}`)).to.deep.equal([
      'parse-error@Gated.flow-meta.xml:8',
    ]);
  });

  it('output of sf integration generate lints without errors or warnings on the generated metadata', async () => {
    const dir = copyExampleProject();
    dirs.push(dir);
    await generate(dir);
    const r = await lint({ projectRoot: dir, today: TODAY });
    const onMetadata = r.findings.filter((f) => !f.location.path.startsWith('integrations/'));
    expect(onMetadata).to.deep.equal([]);
    expect(r.summary.errors).to.equal(0);
    expect(r.summary.files).to.be.greaterThan(30);
  });

  it('generate and lint agree: every user permission generate accepts (the warning tier included) lints without an error', async () => {
    const dir = copyExampleProject();
    dirs.push(dir);
    const warningTier = Object.keys(ADMIN_PERMISSIONS).filter((p) => ADMIN_PERMISSIONS[p] === 'warning');
    const spec = readFileSync(path.join(dir, 'integrations', 'snowflake.yaml'), 'utf8');
    const withPermissions = (list: string): string =>
      spec.replace('    Case: [read, viewAll]\n', `    Case: [read, viewAll]\n  userPermissions: [${list}]\n`);
    writeFileSync(path.join(dir, 'integrations', 'snowflake.yaml'), withPermissions(warningTier.join(', ')));
    const generated = await generate(dir);
    expect(generated.warnings.filter((w) => w.includes('rarely needs'))).to.have.length(warningTier.length);
    const r = await lint({ projectRoot: dir, today: TODAY });
    expect(
      r.summary.errors,
      JSON.stringify(r.findings.filter((f) => f.severity === 'error').map((f) => f.message)),
    ).to.equal(0);
    const broad = r.findings.filter((f) => f.messageId === 'broadPermissions');
    expect(broad).to.have.length(1);
    expect(broad[0].message).to.contain(warningTier.join(', '));
    // The error tier is refused by generate, so it never reaches the org.
    writeFileSync(path.join(dir, 'integrations', 'snowflake.yaml'), withPermissions('AssignPermissionSets'));
    const refused = await generate(dir).then(
      () => undefined,
      (e: SpecError) => e,
    );
    expect(refused?.problems.map((p) => p.message).join('\n')).to.contain(
      'AssignPermissionSets is an admin-equivalent permission',
    );
  });

  it('a missing --source-dir is a usage error', async () => {
    await lint({ projectRoot: make(SHARED), sourceDirs: ['nope'] }).then(
      () => expect.fail('accepted a missing dir'),
      (e: Error) => expect(e.message).to.contain('source directory nope does not exist'),
    );
  });
});

describe('lint: decomposed permission sets (sourceBehaviorOptions decomposePermissionSetBeta2)', () => {
  it('reads the user permissions file of a decomposed permission set under the permission set’s name and license', async () => {
    const dir = project({
      'force-app/main/default/permissionsets/Mule_Integration/Mule_Integration.permissionset-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="${NS}">
    <hasActivationRequired>false</hasActivationRequired>
    <label>Mule</label>
    <license>Salesforce API Integration</license>
</PermissionSet>
`,
      'force-app/main/default/permissionsets/Mule_Integration/Mule_Integration.userPermission-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="${NS}">
    <userPermissions>
        <enabled>true</enabled>
        <name>ApiEnabled</name>
    </userPermissions>
    <userPermissions>
        <enabled>true</enabled>
        <name>ViewAllData</name>
    </userPermissions>
</PermissionSet>
`,
      'force-app/main/default/permissionsets/Mule_Integration/objectSettings/Account.objectSettings-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="${NS}">
    <objectPermissions>
        <allowCreate>false</allowCreate>
        <allowDelete>false</allowDelete>
        <allowEdit>false</allowEdit>
        <allowRead>true</allowRead>
        <modifyAllRecords>false</modifyAllRecords>
        <object>Account</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
</PermissionSet>
`,
    });
    try {
      const r = await lint({ projectRoot: dir, today: TODAY });
      expect(
        r.findings.map((f) => `${f.ruleId}:${f.subject.name}:${f.subject.detail ?? ''}@${f.location.line ?? 0}`),
      ).to.deep.equal(['admin-profile:Mule_Integration:error@9']);
      expect(r.findings[0].message).to.contain('on the Salesforce Integration license');
    } finally {
      remove(dir);
    }
  });
});

describe('lint: component names from file names', () => {
  it('decodes encoded profile names so references by name match (Custom%3A API.profile-meta.xml is "Custom: API")', async () => {
    const dir = project({
      'config/erp-user-def.json': JSON.stringify(
        { Username: 'erp.sync@acme-corp.com', profileName: 'Custom: API', permsets: [] },
        null,
        2,
      ),
      'force-app/main/default/profiles/Custom%3A API.profile-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="${NS}">
    <custom>true</custom>
    <userPermissions>
        <enabled>true</enabled>
        <name>ModifyAllData</name>
    </userPermissions>
</Profile>
`,
    });
    try {
      const r = await lint({ projectRoot: dir, today: TODAY });
      expect(r.findings.map((f) => `${f.ruleId}:${f.subject.name}:${f.subject.detail ?? ''}`)).to.deep.equal([
        'admin-profile:Custom: API:error',
      ]);
      expect(r.findings[0].message).to.contain('used by user definition config/erp-user-def.json');
    } finally {
      remove(dir);
    }
  });
});

describe('lint: shared-integration-user grouping', () => {
  const pesc = (name: string, user: string): Record<string, string> => ({
    [`force-app/main/default/PlatformEventSubscriberConfigs/${name}.platformEventSubscriberConfig-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<PlatformEventSubscriberConfig xmlns="${NS}">
    <batchSize>200</batchSize>
    <masterLabel>${name}</masterLabel>
    <platformEventConsumer>${name.replace('Config', '')}</platformEventConsumer>
    <user>${user}</user>
</PlatformEventSubscriberConfig>
`,
  });

  it('several platform event triggers running as one automation user are one identity (near miss)', async () => {
    const dir = project({
      ...pesc('OrderEventTriggerConfig', 'automation.events@acme-corp.com'),
      ...pesc('InvoiceEventTriggerConfig', 'automation.events@acme-corp.com'),
    });
    try {
      expect((await lint({ projectRoot: dir, today: TODAY })).findings).to.deep.equal([]);
    } finally {
      remove(dir);
    }
  });

  it('the same user also running an external system’s connected app is shared (positive)', async () => {
    const dir = project({
      ...pesc('OrderEventTriggerConfig', 'automation.events@acme-corp.com'),
      [`${APPS}/Talkdesk.connectedApp-meta.xml`]: connectedApp('Talkdesk', 'automation.events@acme-corp.com'),
    });
    try {
      const r = await lint({ projectRoot: dir, today: TODAY });
      expect(r.findings.map((f) => `${f.ruleId}:${f.subject.type}`).sort()).to.deep.equal([
        'shared-integration-user:ConnectedApp',
        'shared-integration-user:PlatformEventSubscriberConfig',
      ]);
    } finally {
      remove(dir);
    }
  });
});

describe('lint: metadata-format project (src/package.xml)', () => {
  it('a broken .object is a parse-error with its position; the embedded rules of the other objects are still linted', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-mdapi-'));
    const write = (rel: string, content: string): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    };
    write(
      'src/package.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="${NS}">\n    <version>66.0</version>\n</Package>\n`,
    );
    write(
      'src/objects/Case.object',
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="${NS}">\n    <validationRules>\n        <fullName>Lock</fullName>\n        <active>true</active>\n        <errorConditionFormula>$Profile.Name = 'Support' &amp;&amp; IsClosed</errorConditionFormula>\n        <errorMessage>Closed cases are locked.</errorMessage>\n    </validationRules>\n</CustomObject>\n`,
    );
    write(
      'src/objects/Lead.object',
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="${NS}">\n    <validationRules>\n        <fullName>Broken\n</CustomObject>\n`,
    );
    try {
      const r = await lint({ projectRoot: dir, today: TODAY });
      expect(r.findings.map((f) => `${f.ruleId}@${f.location.path}:${f.location.line ?? 0}`)).to.deep.equal([
        'username-exception@src/objects/Case.object:6',
        'parse-error@src/objects/Lead.object:5',
      ]);
      expect(r.findings[0].subject.name).to.equal('Case.Lock');
    } finally {
      remove(dir);
    }
  });
});
