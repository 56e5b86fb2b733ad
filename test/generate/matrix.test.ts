import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { listFiles, makeProject, remove } from '../helpers/project.js';
import { requireMetadataXsd, validateAgainstXsd } from '../helpers/schema.js';
import { resolveComponent } from '../helpers/sdr.js';
import { run } from '../helpers/generate.js';
import type { GenerateResult } from '../../src/generate/generate.js';
import type { IntegrationSpec } from '../../src/spec/types.js';

const FLOWS = ['jwt-bearer', 'client-credentials', 'authorization-code'] as const;
const APPS = ['external-client-app', 'connected-app'] as const;
const LICENSES = ['integration', 'salesforce'] as const;
const REFRESH = [
  { policy: 'zero' },
  { policy: 'specific-lifetime', validity: 12, unit: 'hours' },
  { policy: 'specific-inactivity', validity: 3, unit: 'months' },
  { policy: 'infinite' },
] as const;

/** One spec per flow x app x license, plus the no-app case; the other options rotate so each appears. */
function matrix(): Record<string, IntegrationSpec> {
  const specs: Record<string, IntegrationSpec> = {};
  let n = 0;
  for (const flow of FLOWS) {
    for (const app of APPS) {
      for (const license of LICENSES) {
        n++;
        const withIps = n % 2 === 1;
        specs[`m${n}.yaml`] = {
          name: `Matrix ${n} <R&D> "Q's"`,
          apiName: `Matrix_${n}`,
          description: `Flow ${flow}, app ${app}, license ${license} & friends <test>`,
          owners: { business: 'Biz Owner <biz@example.com>', technical: 'Tech Owner <tech@example.com>' },
          support: n % 3 === 0 ? 'Service desk, ext. 4411' : 'support@example.com',
          user: {
            username: `matrix${n}@example.com`,
            license,
            ...(license === 'salesforce' ? { licenseReason: 'Needs Chatter feeds the integration license lacks' } : {}),
            ...(withIps && n % 4 === 1 ? { profile: 'per-integration' as const } : {}),
          },
          auth: {
            flow,
            app,
            ...(flow === 'jwt-bearer' ? { certificate: 'certs/talkdesk.crt' } : {}),
            ...(flow === 'authorization-code' ? { callbackUrl: 'https://app.example.com/oauth/callback?x=1&y=2' } : {}),
            scopes: n % 2 === 0 ? ['api', 'refresh_token', 'openid'] : ['Api', 'CustomPermissions'],
            ...(withIps ? { ipRanges: [{ start: '203.0.113.0', end: '203.0.113.255', ...(n % 3 ? { description: 'NAT <east>' } : {}) }] } : {}),
            refreshToken: { ...REFRESH[Math.floor(n / 2) % REFRESH.length] },
          },
          access: {
            // eslint-disable-next-line camelcase
            objects: { Account: ['read', 'edit'], Invoice__c: ['modifyAll'], Contact: ['viewAll'], ns__Thing__c: ['create'] },
            fields: { 'Account.Phone': ['edit'], 'Invoice__c.Amount__c': ['read'], 'ns__Thing__c.ns__Code__c': ['edit'] },
            userPermissions: n % 2 ? ['ApiEnabled', 'ViewRoles'] : [],
            bypassValidation: n % 5 !== 0,
          },
          lifecycle: { expires: '2030-01-01', review: 'annual', offboarding: ['Freeze | revoke', 'Deactivate'] },
        } as IntegrationSpec;
      }
    }
  }
  for (const license of LICENSES) {
    n++;
    specs[`m${n}.json`] = {
      name: `Matrix ${n}`,
      owners: { business: 'B <b@example.com>', technical: 'T <t@example.com>' },
      support: 'support@example.com',
      user: {
        username: `matrix${n}@example.com`,
        license,
        ...(license === 'salesforce' ? { licenseReason: 'Legacy middleware logs in with a password' } : {}),
      },
      auth: { flow: 'none', app: 'none' },
      access: { objects: { Case: ['read'] } },
    } as IntegrationSpec;
  }
  return specs;
}

describe('generate: every flow, app type, license and option', () => {
  let dir: string;
  let result: GenerateResult;
  const specs = matrix();

  before(async () => {
    dir = makeProject(
      Object.fromEntries(Object.entries(specs).map(([file, spec]) => [file, file.endsWith('.json') ? JSON.stringify(spec, null, 2) : stringify(spec)]))
    );
    result = await run(dir);
  });
  after(() => remove(dir));

  it('generates all 14 integrations', () => {
    expect(result.integrations).to.have.length(14);
  });

  it('every XML file validates against the Metadata API schema', async function () {
    const xsd = requireMetadataXsd(this);
    const files = listFiles(dir).filter((f) => f.endsWith('.xml'));
    expect(files.length).to.be.greaterThan(60);
    const errors = await validateAgainstXsd(
      xsd,
      files.map((f) => ({ path: f, contents: readFileSync(path.join(dir, f), 'utf8') }))
    );
    expect(errors).to.deep.equal([]);
  });

  it('source-deploy-retrieve resolves every metadata file to its type and name', () => {
    const metadata = result.files.filter((f) => f.path.startsWith('force-app/'));
    const types = new Set(metadata.map((f) => f.type));
    expect([...types].sort()).to.deep.equal([
      'ConnectedApp',
      'CustomPermission',
      'ExternalClientApplication',
      'ExtlClntAppConfigurablePolicies',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppOauthSettings',
      'PermissionSet',
      'Profile',
    ]);
    for (const f of metadata) expect(resolveComponent(path.join(dir, f.path)), f.path).to.deep.equal({ type: f.type, fullName: f.name });
  });

  it('writes no app for flow none, and the right app for each app type', () => {
    const byApi = new Map(result.integrations.map((i) => [i.apiName, i]));
    expect(byApi.get('Matrix_13')?.app).to.equal(undefined);
    expect(result.files.filter((f) => f.path.includes('Matrix_13') && f.path.startsWith('force-app/')).map((f) => f.type)).to.deep.equal([
      'PermissionSet',
      'CustomPermission',
    ]);
    expect(byApi.get('Matrix_1')?.appType).to.equal('ExternalClientApplication');
    expect(byApi.get('Matrix_3')?.appType).to.equal('ConnectedApp');
  });

  it('maps refresh token policies to each app type’s vocabulary', () => {
    const read = (rel: string): string => readFileSync(path.join(dir, 'force-app/main/default', rel), 'utf8');
    expect(read('extlClntAppOauthPolicies/Matrix_1_Integration_oauthPlcy.ecaOauthPlcy-meta.xml')).to.contain(
      '<refreshTokenPolicyType>Zero</refreshTokenPolicyType>\n</ExtlClntAppOauthConfigurablePolicies>'
    );
    expect(read('extlClntAppOauthPolicies/Matrix_2_Integration_oauthPlcy.ecaOauthPlcy-meta.xml')).to.contain(
      '<refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType>\n    <refreshTokenValidityPeriod>12</refreshTokenValidityPeriod>\n    <refreshTokenValidityUnit>Hours</refreshTokenValidityUnit>'
    );
    expect(read('extlClntAppOauthPolicies/Matrix_5_Integration_oauthPlcy.ecaOauthPlcy-meta.xml')).to.contain(
      '<refreshTokenPolicyType>SpecificInactivity</refreshTokenPolicyType>\n    <refreshTokenValidityPeriod>3</refreshTokenValidityPeriod>\n    <refreshTokenValidityUnit>Months</refreshTokenValidityUnit>'
    );
    expect(read('connectedApps/Matrix_3_Integration.connectedApp-meta.xml')).to.contain('<refreshTokenPolicy>specific_lifetime:12:HOURS</refreshTokenPolicy>');
    expect(read('connectedApps/Matrix_4_Integration.connectedApp-meta.xml')).to.contain('<refreshTokenPolicy>specific_inactivity:3:MONTHS</refreshTokenPolicy>');
    expect(read('connectedApps/Matrix_7_Integration.connectedApp-meta.xml')).to.contain('<refreshTokenPolicy>infinite</refreshTokenPolicy>');
    expect(read('connectedApps/Matrix_8_Integration.connectedApp-meta.xml')).to.contain('<refreshTokenPolicy>zero</refreshTokenPolicy>');
  });

  it('escapes markup in labels and URLs as Salesforce does', () => {
    const app = readFileSync(path.join(dir, 'force-app/main/default/connectedApps/Matrix_11_Integration.connectedApp-meta.xml'), 'utf8');
    expect(app).to.contain('<label>Matrix 11 &lt;R&amp;D&gt; &quot;Q&apos;s&quot; Integration</label>');
    expect(app).to.contain('<callbackUrl>https://app.example.com/oauth/callback?x=1&amp;y=2</callbackUrl>');
  });

  it('closes modifyAll into viewAll, delete, edit and read', () => {
    const ps = readFileSync(path.join(dir, 'force-app/main/default/permissionsets/Matrix_1_Integration.permissionset-meta.xml'), 'utf8');
    expect(ps).to.contain(
      '<allowCreate>false</allowCreate>\n        <allowDelete>true</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>true</modifyAllRecords>\n        <object>Invoice__c</object>\n        <viewAllRecords>true</viewAllRecords>'
    );
    expect(result.integrations[0].implied).to.include('Invoice__c: viewAll added because modifyAll needs it');
  });

  it('a full-license integration has no permission set license and the standard minimum-access profile', () => {
    const ps = readFileSync(path.join(dir, 'force-app/main/default/permissionsets/Matrix_2_Integration.permissionset-meta.xml'), 'utf8');
    expect(ps).not.to.contain('<license>');
    const def = JSON.parse(readFileSync(path.join(dir, 'config/Matrix_2-user-def.json'), 'utf8')) as { profileName: string };
    expect(def.profileName).to.equal('Minimum Access - Salesforce');
  });
});
