import { expect } from 'chai';
import {
  connectedAppAudience,
  describeAudience,
  externalClientAppAudience,
  externalClientApps,
} from '../../src/identity/apps.js';
import { integrationNameEvidence, nameWords } from '../../src/identity/names.js';
import { isParseFailure, parseXmlFile } from '../../src/lint/xml.js';
import type { XmlFile } from '../../src/lint/types.js';
import { metadata } from '../helpers/ruleTester.js';

function xml(type: string, fullName: string, root: string, body: string): XmlFile {
  const parsed = parseXmlFile(
    { absolute: `/p/${fullName}`, path: `${fullName}.xml`, type, fullName, format: 'source' },
    metadata(root, body),
  );
  if (isParseFailure(parsed)) throw new Error(parsed.message);
  return parsed;
}
const app = (name: string, body: string): XmlFile =>
  xml('ConnectedApp', name, 'ConnectedApp', `    <label>${name.replace(/_/g, ' ')}</label>\n${body}`);

describe('identity/apps: who logs in through an OAuth app', () => {
  it('machine credentials decide, and the names that agree are listed with them', () => {
    const a = connectedAppAudience(
      app(
        'MuleSoft_Prod',
        '    <oauthConfig>\n        <callbackUrl>http://localhost:8081/cb</callbackUrl>\n        <oauthClientCredentialUser>mule@acme-corp.com</oauthClientCredentialUser>\n    </oauthConfig>',
      ),
    );
    expect(a).to.deep.equal({
      kind: 'integration',
      integration: ['client-credentials run-as user mule@acme-corp.com', 'named for MuleSoft'],
      human: ['localhost callback (developer tool)'],
    });
    expect(describeAudience(a)).to.equal('client-credentials run-as user mule@acme-corp.com; named for MuleSoft');
  });

  it('what people log in through beats a vendor name: an Okta SAML app is for people', () => {
    const a = connectedAppAudience(
      app(
        'Okta_SSO',
        '    <samlConfig>\n        <acsUrl>https://acme.okta.example.com/sso</acsUrl>\n        <entityUrl>https://acme.okta.example.com</entityUrl>\n        <samlSubjectType>Username</samlSubjectType>\n    </samlConfig>',
      ),
    );
    expect(a.kind).to.equal('human');
    expect(a.human).to.deep.equal(['SAML single sign-on', 'label says "SSO"']);
    expect(a.integration).to.deep.equal(['named for Okta']);
  });

  it('reads canvas, mobile and callback evidence as short phrases', () => {
    const a = connectedAppAudience(
      app(
        'Field_Tool',
        '    <canvasConfig>\n        <accessMethod>Get</accessMethod>\n        <canvasUrl>https://x.acme-corp.com</canvasUrl>\n    </canvasConfig>\n    <mobileAppConfig>\n        <devicePlatform>ios</devicePlatform>\n        <version>1</version>\n    </mobileAppConfig>\n    <oauthConfig>\n        <callbackUrl>myapp://done\nhttps://partners.acme.my.site.com/s/cb</callbackUrl>\n    </oauthConfig>',
      ),
    );
    expect(a).to.deep.equal({
      kind: 'human',
      integration: [],
      human: [
        'canvas app',
        'mobile app (ios)',
        'custom URL-scheme callback myapp: (mobile or desktop app)',
        'Experience Cloud site callback partners.acme.my.site.com',
      ],
    });
  });

  it('an org’s own Lightning pages and the standard success page are no evidence; nothing at all is unknown', () => {
    const a = connectedAppAudience(
      app(
        'Expense_Tracker',
        '    <oauthConfig>\n        <callbackUrl>https://acme.lightning.force.com/cb https://login.salesforce.com/services/oauth2/success</callbackUrl>\n    </oauthConfig>',
      ),
    );
    expect(a).to.deep.equal({ kind: 'unknown', integration: [], human: [] });
    expect(describeAudience(a)).to.contain('no client credentials');
  });

  it('integration users signing in are no people; words that disagree leave the app unknown', () => {
    const system = connectedAppAudience(
      app('Ledger', '    <description>Integration users log in with a JWT from the ledger servers.</description>'),
    );
    expect(system).to.deep.equal({ kind: 'integration', integration: ['description says "Integration"'], human: [] });
    const torn = connectedAppAudience(
      app('Snowflake_BI', '    <description>Analysts sign in with their own users.</description>'),
    );
    expect(torn).to.deep.equal({
      kind: 'unknown',
      integration: ['named for Snowflake'],
      human: ['description says "Analysts sign in"'],
    });
    expect(describeAudience(torn)).to.equal(
      'integration: named for Snowflake; people: description says "Analysts sign in"',
    );
  });

  it('groups the files of an External Client App by name, whatever the case, and reads them together', () => {
    const files = [
      xml('ExternalClientApplication', 'Staff_Portal', 'ExternalClientApplication', '    <label>Staff Portal</label>'),
      xml(
        'ExtlClntAppConfigurablePolicies',
        'Staff_Portal_plcy',
        'ExtlClntAppConfigurablePolicies',
        '    <externalClientApplication>staff_portal</externalClientApplication>\n    <isEnabled>true</isEnabled>\n    <isSamlPluginEnabled>true</isSamlPluginEnabled>',
      ),
      xml(
        'ExtlClntAppGlobalOauthSettings',
        'Staff_Portal_glbloauth',
        'ExtlClntAppGlobalOauthSettings',
        '    <externalClientApplication>Staff_Portal</externalClientApplication>\n    <isDeviceFlowEnabled>true</isDeviceFlowEnabled>',
      ),
    ];
    const apps = externalClientApps({ xml: (type) => files.filter((f) => f.file.type === type) });
    expect([...apps.keys()]).to.deep.equal(['staff_portal']);
    const staff = apps.get('staff_portal')!;
    expect(staff.header?.file.fullName).to.equal('Staff_Portal');
    expect(externalClientAppAudience(staff)).to.deep.equal({
      kind: 'human',
      integration: [],
      human: ['SAML single sign-on', 'device flow (a person approves on a second device)'],
    });
  });
});

describe('identity/names: what names say', () => {
  it('splits camelCase, acronyms and separators the same way for every reader', () => {
    expect(nameWords('MuleSoftPROD_userAPIKey')).to.deep.equal(['mule', 'soft', 'prod', 'user', 'api', 'key']);
  });

  it('finds integration words (also written as two), vendors, and stated intent in descriptions, but not its negation', () => {
    expect(integrationNameEvidence(['Source_Control_Bot'])).to.deep.equal({ source: 'name', word: 'sourcecontrol' });
    expect(integrationNameEvidence(['Informatica Cloud'])).to.have.nested.property('vendor.name', 'Informatica');
    expect(integrationNameEvidence(['Ops'], 'For the ETL jobs.')).to.deep.equal({ source: 'description', word: 'ETL' });
    expect(integrationNameEvidence(['Ops'], 'Assigned to people, never to integration users.')).to.equal(undefined);
  });
});
