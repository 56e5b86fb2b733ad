import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { copyExampleProject, listFiles, remove, snapshot } from '../helpers/project.js';
import { requireMetadataXsd, validateAgainstXsd } from '../helpers/schema.js';
import { resolveComponent } from '../helpers/sdr.js';
import { run } from '../helpers/generate.js';
import type { GenerateResult } from '../../src/generate/generate.js';

const METADATA_TYPES = new Set([
  'PermissionSet',
  'CustomPermission',
  'ConnectedApp',
  'ExternalClientApplication',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'Profile',
]);

describe('generate on the example project', () => {
  let dir: string;
  let result: GenerateResult;

  before(async () => {
    dir = copyExampleProject();
    result = await run(dir);
  });
  after(() => remove(dir));

  it('writes metadata, user definitions, checklists and the register for all six examples', () => {
    expect(result.integrations.map((i) => i.apiName)).to.deep.equal([
      'DNC_Compliance',
      'Intake_Portal',
      'Marketo',
      'NetSuite',
      'Snowflake',
      'Talkdesk',
    ]);
    const files = listFiles(dir);
    expect(files).to.include.members([
      'force-app/main/default/permissionsets/Talkdesk_Integration.permissionset-meta.xml',
      'force-app/main/default/customPermissions/Talkdesk_Bypass_Validation.customPermission-meta.xml',
      'force-app/main/default/externalClientApps/Talkdesk_Integration.eca-meta.xml',
      'force-app/main/default/extlClntAppGlobalOauthSets/Talkdesk_Integration_glbloauth.ecaGlblOauth-meta.xml',
      'force-app/main/default/extlClntAppOauthSettings/Talkdesk_Integration_oauth.ecaOauth-meta.xml',
      'force-app/main/default/extlClntAppOauthPolicies/Talkdesk_Integration_oauthPlcy.ecaOauthPlcy-meta.xml',
      'force-app/main/default/extlClntAppPolicies/Talkdesk_Integration_plcy.ecaPlcy-meta.xml',
      'force-app/main/default/profiles/Talkdesk_API_Only.profile-meta.xml',
      'force-app/main/default/externalClientApps/DNC_Compliance_Integration.eca-meta.xml',
      'force-app/main/default/profiles/Intake_Portal_API_Only.profile-meta.xml',
      'config/Talkdesk-user-def.json',
      'integrations/setup/Talkdesk.md',
      'integrations/register.md',
      'integrations/register.csv',
      'integrations/.generated-files.json',
    ]);
    expect(result.written).to.have.length(result.files.length);
    expect(result.unchanged).to.be.empty;
  });

  it('every generated XML file validates against the Metadata API schema', async function () {
    const xsd = requireMetadataXsd(this);
    const xml = listFiles(dir).filter((f) => f.startsWith('force-app/') && f.endsWith('.xml'));
    expect(xml.length).to.equal(46);
    const errors = await validateAgainstXsd(
      xsd,
      xml.map((f) => ({ path: f, contents: readFileSync(path.join(dir, f), 'utf8') })),
    );
    expect(errors).to.deep.equal([]);
  });

  it('source-deploy-retrieve resolves each metadata file to the intended type and name', () => {
    const metadata = result.files.filter((f) => METADATA_TYPES.has(f.type));
    expect(metadata).to.have.length(46);
    for (const f of metadata) {
      expect(resolveComponent(path.join(dir, f.path)), f.path).to.deep.equal({ type: f.type, fullName: f.name });
    }
  });

  it('writes in the format Salesforce retrieve writes: UTF-8 declaration, 4-space indent, trailing newline', () => {
    for (const f of listFiles(dir).filter((x) => x.endsWith('.xml'))) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), f).to.equal(true);
      expect(text.endsWith('>\n'), f).to.equal(true);
      for (const line of text.split('\n').slice(1, -1)) {
        expect(/^( {4})*<[^ ]/.test(line) || /^-----|^[A-Za-z0-9+/=]+$/.test(line), `${f}: ${line}`).to.equal(true);
      }
    }
  });

  it('closes permission dependencies and says so', () => {
    const portal = result.integrations.find((i) => i.apiName === 'Intake_Portal')!;
    expect(portal.implied).to.include('Case: read added because create needs it');
    const ps = new XMLParser().parse(
      readFileSync(
        path.join(dir, 'force-app/main/default/permissionsets/Intake_Portal_Integration.permissionset-meta.xml'),
        'utf8',
      ),
    ) as {
      PermissionSet: {
        objectPermissions: Array<Record<string, unknown>>;
        customPermissions: Record<string, unknown>;
        license: string;
      };
    };
    const caseGrant = ps.PermissionSet.objectPermissions.find((o) => o.object === 'Case')!;
    expect(caseGrant).to.include({ allowCreate: true, allowRead: true, allowEdit: false, allowDelete: false });
    expect(ps.PermissionSet.customPermissions).to.deep.equal({
      enabled: true,
      name: 'Intake_Portal_Bypass_Validation',
    });
    expect(ps.PermissionSet.license).to.equal('SalesforceAPIIntegrationPsl');
  });

  it('pre-authorises the permission set, admin approval only, IP enforced, client-credentials user set', () => {
    const policy = readFileSync(
      path.join(
        dir,
        'force-app/main/default/extlClntAppOauthPolicies/Intake_Portal_Integration_oauthPlcy.ecaOauthPlcy-meta.xml',
      ),
      'utf8',
    );
    expect(policy).to.contain('<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>');
    expect(policy).to.contain('<commaSeparatedPermissionSet>Intake_Portal_Integration</commaSeparatedPermissionSet>');
    expect(policy).to.contain(
      '<clientCredentialsFlowUser>intake.portal.integration@example.com</clientCredentialsFlowUser>',
    );
    expect(policy).to.contain('<ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>');
    expect(policy).to.contain('<refreshTokenPolicyType>Zero</refreshTokenPolicyType>');
    // The policy record is labelled with its name, as the platform creates it and a retrieve writes it.
    expect(policy).to.contain('<label>Intake_Portal_Integration_oauthPlcy</label>');
  });

  it('never writes a secret', () => {
    for (const f of listFiles(dir)) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.to.match(/<consumerSecret>|<consumerKey>|BEGIN [A-Z ]*PRIVATE KEY|"password"/i);
    }
  });

  it('writes a user definition for sf org create user', () => {
    const def = JSON.parse(readFileSync(path.join(dir, 'config/Talkdesk-user-def.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(def).to.deep.include({
      Username: 'talkdesk.integration@example.com',
      Email: 'telephony-support@example.com',
      profileName: 'Talkdesk_API_Only',
    });
    // The permission set needs the integration permission set license, which a definition cannot assign first.
    expect(def).not.to.have.property('permsets');
    const portal = JSON.parse(readFileSync(path.join(dir, 'config/Intake_Portal-user-def.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    // Login IP ranges bring a profile of the integration's own; without them, the license's standard profile.
    expect(portal.profileName).to.equal('Intake_Portal_API_Only');
    const marketo = JSON.parse(readFileSync(path.join(dir, 'config/Marketo-user-def.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(marketo.profileName).to.equal('Minimum Access - API Only Integrations');
  });

  it('writes the register with every spec, the bypass formula and the license warning', () => {
    const md = readFileSync(path.join(dir, 'integrations/register.md'), 'utf8');
    expect(md).to.contain('6 integrations use the Salesforce Integration user license');
    expect(md).to.contain('`NOT($Permission.Talkdesk_Bypass_Validation)`');
    expect(
      md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Integration') && !l.startsWith('| ---')),
    ).to.have.length(6);
    const csv = readFileSync(path.join(dir, 'integrations/register.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).to.have.length(7);
    expect(csv[0]).to.match(/^integration,api_name,username,/);
    expect(result.warnings.some((w) => w.includes('include 5'))).to.equal(true);
  });

  it('generating twice gives identical bytes and reports everything unchanged', async () => {
    const before = snapshot(dir);
    const second = await run(dir);
    expect(snapshot(dir)).to.deep.equal(before);
    expect(second.written).to.be.empty;
    expect(second.unchanged).to.have.length(second.files.length);
  });

  it('--check passes right after generating and fails after a hand edit', async () => {
    expect((await run(dir, { mode: 'check' })).drift).to.be.empty;
    const edited = path.join(dir, 'force-app/main/default/permissionsets/Marketo_Integration.permissionset-meta.xml');
    const original = readFileSync(edited, 'utf8');
    writeFileSync(edited, original.replace('<allowDelete>false</allowDelete>', '<allowDelete>true</allowDelete>'));
    const check = await run(dir, { mode: 'check' });
    expect(check.drift).to.deep.equal([
      'force-app/main/default/permissionsets/Marketo_Integration.permissionset-meta.xml',
    ]);
    expect(readFileSync(edited, 'utf8')).not.to.equal(original);
    writeFileSync(edited, original);
  });

  it('does not overwrite a hand-edited file without --force, and does with it', async () => {
    const edited = path.join(dir, 'integrations/setup/Marketo.md');
    appendFileSync(edited, '\nNote from the admin team.\n');
    const handEdited = readFileSync(edited, 'utf8');
    const plain = await run(dir);
    expect(plain.skipped).to.deep.equal(['integrations/setup/Marketo.md']);
    expect(plain.warnings.join('\n')).to.contain('edited by hand');
    expect(readFileSync(edited, 'utf8')).to.equal(handEdited);
    const forced = await run(dir, { force: true });
    expect(forced.files.find((f) => f.path === 'integrations/setup/Marketo.md')?.status).to.equal('overwritten');
    expect(readFileSync(edited, 'utf8')).not.to.contain('Note from the admin team');
  });

  it('does not overwrite a file it never wrote', async () => {
    const fresh = copyExampleProject();
    try {
      const foreign = path.join(
        fresh,
        'force-app/main/default/permissionsets/Snowflake_Integration.permissionset-meta.xml',
      );
      await run(fresh, { specs: ['integrations/marketo.yaml'] });
      const { mkdirSync } = await import('node:fs');
      mkdirSync(path.dirname(foreign), { recursive: true });
      writeFileSync(foreign, '<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet/>\n');
      const r = await run(fresh);
      expect(r.skipped).to.deep.equal([
        'force-app/main/default/permissionsets/Snowflake_Integration.permissionset-meta.xml',
      ]);
      expect(readFileSync(foreign, 'utf8')).to.contain('<PermissionSet/>');
    } finally {
      remove(fresh);
    }
  });

  it('--dry-run writes nothing and reports what would change', async () => {
    const fresh = copyExampleProject();
    try {
      const before = snapshot(fresh);
      const r = await run(fresh, { mode: 'dry-run' });
      expect(snapshot(fresh)).to.deep.equal(before);
      expect(r.written).to.be.empty;
      expect(r.files.every((f) => f.status === 'created')).to.equal(true);
    } finally {
      remove(fresh);
    }
  });
});

describe('generate: files whose spec is gone', () => {
  it('are reported as stale (kept, never deleted), and --check fails on them', async () => {
    const dir = copyExampleProject();
    try {
      await run(dir);
      const { rmSync, existsSync } = await import('node:fs');
      rmSync(path.join(dir, 'integrations', 'snowflake.yaml'));
      const r = await run(dir);
      const stale = r.files.filter((f) => f.status === 'stale').map((f) => f.path);
      expect(stale).to.include.members([
        'force-app/main/default/permissionsets/Snowflake_Integration.permissionset-meta.xml',
        'force-app/main/default/profiles/Snowflake_API_Only.profile-meta.xml',
        'config/Snowflake-user-def.json',
        'integrations/setup/Snowflake.md',
        'manifest/Snowflake-1-access.xml',
        'manifest/Snowflake-3-app.xml',
      ]);
      expect(stale).to.have.length(12);
      expect(
        existsSync(
          path.join(dir, 'force-app/main/default/permissionsets/Snowflake_Integration.permissionset-meta.xml'),
        ),
      ).to.equal(true);
      expect(r.warnings.some((w) => w.includes('Snowflake_Integration.permissionset-meta.xml is stale'))).to.equal(
        true,
      );
      expect((await run(dir, { mode: 'check' })).drift).to.include('config/Snowflake-user-def.json');
      // A subset run cannot know: it reports nothing stale.
      expect(
        (await run(dir, { specs: ['integrations/marketo.yaml'] })).files.some((f) => f.status === 'stale'),
      ).to.equal(false);
    } finally {
      remove(dir);
    }
  });
});

describe('generate: found by fuzzing', () => {
  it('truncates labels by code point, so emoji are never cut and a second run changes nothing', async () => {
    const { makeProject } = await import('../helpers/project.js');
    const spec = `name: "x${'😀'.repeat(59)}"\napiName: Foo\nowners: {business: a, technical: b <b@x.com>}\nsupport: s@x.com\nuser: {username: u@x.com}\n`;
    const dir = makeProject({ 'foo.yaml': spec });
    try {
      await run(dir);
      const again = await run(dir);
      expect(again.written).to.deep.equal([]);
      const label = /<label>(.*)<\/label>/.exec(
        readFileSync(
          path.join(dir, 'force-app/main/default/permissionsets/Foo_Integration.permissionset-meta.xml'),
          'utf8',
        ),
      )![1];
      // 72 code points (131 UTF-16 units): whole, where a UTF-16 slice at 80 cut an emoji in half.
      expect(label).to.equal(`x${'😀'.repeat(59)} Integration`);
      expect(label).not.to.contain('\uFFFD');
    } finally {
      remove(dir);
    }
  });

  it('a damaged manifest counts as none: nothing crashes and existing files are not overwritten', async () => {
    const dir = copyExampleProject();
    try {
      await run(dir);
      writeFileSync(path.join(dir, 'integrations/.generated-files.json'), '{"version":1,"files":null}');
      const file = path.join(dir, 'integrations/setup/Marketo.md');
      writeFileSync(file, 'edited');
      const r = await run(dir);
      expect(r.skipped).to.deep.equal(['integrations/setup/Marketo.md']);
      expect(readFileSync(file, 'utf8')).to.equal('edited');
    } finally {
      remove(dir);
    }
  });
});
