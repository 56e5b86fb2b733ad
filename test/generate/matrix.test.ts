import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { listFiles, makeProject, remove } from '../helpers/project.js';
import { requireMetadataXsd, validateAgainstXsd } from '../helpers/schema.js';
import { resolveComponent } from '../helpers/sdr.js';
import { run } from '../helpers/generate.js';
import type { GenerateResult } from '../../src/generate/generate.js';
import { matrix } from '../helpers/matrix.js';

describe('generate: every flow, app type, license and option', () => {
  let dir: string;
  let result: GenerateResult;
  const specs = matrix();

  before(async () => {
    dir = makeProject(
      Object.fromEntries(
        Object.entries(specs).map(([file, spec]) => [
          file,
          file.endsWith('.json') ? JSON.stringify(spec, null, 2) : stringify(spec),
        ]),
      ),
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
      files.map((f) => ({ path: f, contents: readFileSync(path.join(dir, f), 'utf8') })),
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
    for (const f of metadata)
      expect(resolveComponent(path.join(dir, f.path)), f.path).to.deep.equal({ type: f.type, fullName: f.name });
  });

  it('writes no app for flow none, and the right app for each app type', () => {
    const byApi = new Map(result.integrations.map((i) => [i.apiName, i]));
    expect(byApi.get('Matrix_13')?.app).to.equal(undefined);
    expect(
      result.files.filter((f) => f.path.includes('Matrix_13') && f.path.startsWith('force-app/')).map((f) => f.type),
    ).to.deep.equal(['PermissionSet', 'CustomPermission']);
    expect(byApi.get('Matrix_1')?.appType).to.equal('ExternalClientApplication');
    expect(byApi.get('Matrix_3')?.appType).to.equal('ConnectedApp');
  });

  it('maps refresh token policies to each app type’s vocabulary', () => {
    const read = (rel: string): string => readFileSync(path.join(dir, 'force-app/main/default', rel), 'utf8');
    expect(read('extlClntAppOauthPolicies/Matrix_1_Integration_oauthPlcy.ecaOauthPlcy-meta.xml')).to.contain(
      '<refreshTokenPolicyType>Zero</refreshTokenPolicyType>\n</ExtlClntAppOauthConfigurablePolicies>',
    );
    expect(read('extlClntAppOauthPolicies/Matrix_2_Integration_oauthPlcy.ecaOauthPlcy-meta.xml')).to.contain(
      '<refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType>\n    <refreshTokenValidityPeriod>12</refreshTokenValidityPeriod>\n    <refreshTokenValidityUnit>Hours</refreshTokenValidityUnit>',
    );
    expect(read('extlClntAppOauthPolicies/Matrix_5_Integration_oauthPlcy.ecaOauthPlcy-meta.xml')).to.contain(
      '<refreshTokenPolicyType>SpecificInactivity</refreshTokenPolicyType>\n    <refreshTokenValidityPeriod>3</refreshTokenValidityPeriod>\n    <refreshTokenValidityUnit>Months</refreshTokenValidityUnit>',
    );
    expect(read('connectedApps/Matrix_3_Integration.connectedApp-meta.xml')).to.contain(
      '<refreshTokenPolicy>specific_lifetime:12:HOURS</refreshTokenPolicy>',
    );
    expect(read('connectedApps/Matrix_4_Integration.connectedApp-meta.xml')).to.contain(
      '<refreshTokenPolicy>specific_inactivity:3:MONTHS</refreshTokenPolicy>',
    );
    expect(read('connectedApps/Matrix_7_Integration.connectedApp-meta.xml')).to.contain(
      '<refreshTokenPolicy>infinite</refreshTokenPolicy>',
    );
    expect(read('connectedApps/Matrix_8_Integration.connectedApp-meta.xml')).to.contain(
      '<refreshTokenPolicy>zero</refreshTokenPolicy>',
    );
  });

  it('escapes markup in labels and URLs as Salesforce does', () => {
    const app = readFileSync(
      path.join(dir, 'force-app/main/default/connectedApps/Matrix_11_Integration.connectedApp-meta.xml'),
      'utf8',
    );
    expect(app).to.contain('<label>Matrix 11 &lt;R&amp;D&gt; &quot;Q&apos;s&quot; Integration</label>');
    expect(app).to.contain('<callbackUrl>https://app.example.com/oauth/callback?x=1&amp;y=2</callbackUrl>');
  });

  it('closes modifyAll into viewAll, delete, edit and read', () => {
    const ps = readFileSync(
      path.join(dir, 'force-app/main/default/permissionsets/Matrix_1_Integration.permissionset-meta.xml'),
      'utf8',
    );
    expect(ps).to.contain(
      '<allowCreate>false</allowCreate>\n        <allowDelete>true</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>true</modifyAllRecords>\n        <object>Invoice__c</object>\n        <viewAllRecords>true</viewAllRecords>',
    );
    expect(result.integrations[0].implied).to.include('Invoice__c: viewAll added because modifyAll needs it');
  });

  it('a full-license integration has no permission set license and the standard minimum-access profile', () => {
    const ps = readFileSync(
      path.join(dir, 'force-app/main/default/permissionsets/Matrix_2_Integration.permissionset-meta.xml'),
      'utf8',
    );
    expect(ps).not.to.contain('<license>');
    const def = JSON.parse(readFileSync(path.join(dir, 'config/Matrix_2-user-def.json'), 'utf8')) as {
      profileName: string;
    };
    expect(def.profileName).to.equal('Minimum Access - Salesforce');
  });
});
