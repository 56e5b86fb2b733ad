import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { lint } from '../../../src/lint/engine.js';
import { oauthAppPolicy } from '../../../src/lint/rules/oauthAppPolicy.js';
import { remove } from '../../helpers/project.js';
import { D, metadata, ruleTester, TODAY } from '../../helpers/ruleTester.js';

const CA = (name: string): string => `${D}/connectedApps/${name}.connectedApp-meta.xml`;
const connectedApp = (name: string, body: string): Record<string, string> => ({
  [CA(name)]: metadata('ConnectedApp', body),
});

/** A public certificate's shape (not a real one): what a JWT bearer app carries in oauthConfig. */
const CERTIFICATE =
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUdGVzdC1vbmx5LW5vdC1hLXJlYWwtY2VydA\n-----END CERTIFICATE-----';

const ECA_PATHS = {
  header: (n: string): string => `${D}/externalClientApps/${n}.eca-meta.xml`,
  global: (n: string): string => `${D}/extlClntAppGlobalOauthSets/${n}_glbloauth.ecaGlblOauth-meta.xml`,
  settings: (n: string): string => `${D}/extlClntAppOauthSettings/${n}_oauth.ecaOauth-meta.xml`,
  oauthPolicies: (n: string): string => `${D}/extlClntAppOauthPolicies/${n}_oauthPlcy.ecaOauthPlcy-meta.xml`,
  policies: (n: string): string => `${D}/extlClntAppPolicies/${n}_plcy.ecaPlcy-meta.xml`,
};

type EcaOptions = {
  label: string;
  description?: string;
  callbackUrl?: string;
  certificate?: boolean;
  deviceFlow?: boolean;
  scopes?: string;
  runAs?: string;
  permissionSet?: string;
  relax?: string;
  /** permittedUsersPolicyType; null leaves the element out. */
  permitted?: string | null;
  refresh?: string;
  plugins?: Array<'Canvas' | 'Mobile' | 'Saml'>;
};

/** The five files of an External Client App, in schema element order, as a retrieve writes them. */
function eca(name: string, o: EcaOptions): Record<string, string> {
  const line = (tag: string, value: string | undefined): string[] =>
    value === undefined ? [] : [`    <${tag}>${value}</${tag}>`];
  const plugin = (p: 'Canvas' | 'Mobile' | 'Saml'): string[] =>
    o.plugins?.includes(p) ? [`    <is${p}PluginEnabled>true</is${p}PluginEnabled>`] : [];
  const own = [`    <externalClientApplication>${name}</externalClientApplication>`];
  const label = line('label', o.label);
  const cc = String(Boolean(o.runAs));
  return {
    [ECA_PATHS.header(name)]: metadata(
      'ExternalClientApplication',
      [
        ...line('contactEmail', 'it@acme-corp.com'),
        ...line('description', o.description),
        ...line('distributionState', 'Local'),
        ...line('isProtected', 'false'),
        ...label,
      ].join('\n'),
    ),
    [ECA_PATHS.global(name)]: metadata(
      'ExtlClntAppGlobalOauthSettings',
      [
        ...line('callbackUrl', o.callbackUrl ?? 'https://login.salesforce.com/services/oauth2/success'),
        ...line('certificate', o.certificate ? CERTIFICATE : undefined),
        ...own,
        ...line('isClientCredentialsFlowEnabled', cc),
        ...line('isConsumerSecretOptional', 'false'),
        ...line('isDeviceFlowEnabled', o.deviceFlow ? 'true' : undefined),
        ...line('isPkceRequired', 'false'),
        ...label,
      ].join('\n'),
    ),
    [ECA_PATHS.settings(name)]: metadata(
      'ExtlClntAppOauthSettings',
      [...line('commaSeparatedOauthScopes', o.scopes ?? 'Api'), ...own, ...label].join('\n'),
    ),
    [ECA_PATHS.oauthPolicies(name)]: metadata(
      'ExtlClntAppOauthConfigurablePolicies',
      [
        ...line('clientCredentialsFlowUser', o.runAs),
        ...line('commaSeparatedPermissionSet', o.permissionSet),
        ...own,
        ...line('ipRelaxationPolicyType', o.relax ?? 'Enforce'),
        ...line('isClientCredentialsFlowEnabled', cc),
        ...label,
        ...line(
          'permittedUsersPolicyType',
          o.permitted === null ? undefined : (o.permitted ?? 'AdminApprovedPreAuthorized'),
        ),
        ...line('refreshTokenPolicyType', o.refresh ?? 'Zero'),
      ].join('\n'),
    ),
    [ECA_PATHS.policies(name)]: metadata(
      'ExtlClntAppConfigurablePolicies',
      [
        ...own,
        ...plugin('Canvas'),
        ...line('isEnabled', 'true'),
        ...plugin('Mobile'),
        ...line('isOauthPluginEnabled', 'true'),
        ...plugin('Saml'),
        ...label,
      ].join('\n'),
    ),
  };
}

/** Lines of the ECA OAuth policies file with a run-as user and a permission set: 3 user, 4 permission set, 5 app, 6 IP, 7 flow, 8 label, 9 permitted, 10 refresh. */
const RUN_AS = 'erp.sync@acme-corp.com';

ruleTester(oauthAppPolicy, {
  valid: [
    {
      name: 'an SSO app (SAML) named for its identity provider that self-authorises and asks for Web: people sign in through it',
      files: connectedApp(
        'Okta_SSO',
        `    <contactEmail>identity@acme-corp.com</contactEmail>
    <label>Okta SSO</label>
    <oauthConfig>
        <callbackUrl>https://acme.okta.example.com/sso/saml/callback</callbackUrl>
        <isAdminApproved>false</isAdminApproved>
        <scopes>Web</scopes>
        <scopes>OpenID</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>specific_lifetime:90:DAYS</refreshTokenPolicy>
    </oauthPolicy>
    <samlConfig>
        <acsUrl>https://acme.okta.example.com/sso/saml</acsUrl>
        <entityUrl>https://acme.okta.example.com</entityUrl>
        <samlSubjectType>Username</samlSubjectType>
    </samlConfig>`,
      ),
    },
    {
      name: 'a mobile app (Android, custom URL-scheme callback) with the Web scope and self-authorisation',
      files: connectedApp(
        'Field_Service_Android',
        `    <contactEmail>mobile@acme-corp.com</contactEmail>
    <label>Field Service Android</label>
    <mobileAppConfig>
        <devicePlatform>android</devicePlatform>
        <version>3.2</version>
    </mobileAppConfig>
    <oauthConfig>
        <callbackUrl>com.acme.fieldservice://oauth/done</callbackUrl>
        <scopes>Api</scopes>
        <scopes>Web</scopes>
        <scopes>RefreshToken</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>specific_inactivity:30:DAYS</refreshTokenPolicy>
    </oauthPolicy>`,
      ),
    },
    {
      name: 'a developer tool with a localhost callback, self-authorised, Api and Web',
      files: connectedApp(
        'Local_Dev_Tool',
        `    <contactEmail>platform-team@acme-corp.com</contactEmail>
    <label>Local Dev Tool</label>
    <oauthConfig>
        <callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>
        <isAdminApproved>false</isAdminApproved>
        <scopes>Api</scopes>
        <scopes>Web</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>specific_lifetime:7:DAYS</refreshTokenPolicy>
    </oauthPolicy>`,
      ),
    },
    {
      name: 'a canvas app with the Web scope and no admin approval',
      files: connectedApp(
        'Quote_Canvas',
        `    <canvasConfig>
        <accessMethod>Post</accessMethod>
        <canvasUrl>https://quotes.acme-corp.com/canvas</canvasUrl>
        <locations>Visualforce</locations>
    </canvasConfig>
    <contactEmail>sales-tools@acme-corp.com</contactEmail>
    <label>Quote Canvas</label>
    <oauthConfig>
        <callbackUrl>https://quotes.acme-corp.com/canvas/callback</callbackUrl>
        <scopes>Web</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>zero</refreshTokenPolicy>
    </oauthPolicy>`,
      ),
    },
    {
      name: 'an Experience Cloud site app (headless login, sign-up scope, site callback) that customers self-authorise',
      files: connectedApp(
        'Customer_Portal_Login',
        `    <contactEmail>web-team@acme-corp.com</contactEmail>
    <label>Customer Portal Login</label>
    <oauthConfig>
        <callbackUrl>https://acme.my.site.com/customers/oauth/done</callbackUrl>
        <isAdminApproved>false</isAdminApproved>
        <isCodeCredentialEnabled>true</isCodeCredentialEnabled>
        <scopes>OpenID</scopes>
        <scopes>UserRegistration</scopes>
        <scopes>Web</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>specific_inactivity:7:DAYS</refreshTokenPolicy>
    </oauthPolicy>`,
      ),
    },
    {
      name: 'an integration connected app as sf integration generate writes it (admin approved, ENFORCE, zero, Api)',
      files: connectedApp(
        'Billing_Integration',
        `    <contactEmail>billing@acme-corp.com</contactEmail>
    <label>Billing Integration</label>
    <oauthConfig>
        <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>
        <isAdminApproved>true</isAdminApproved>
        <isClientCredentialEnabled>true</isClientCredentialEnabled>
        <oauthClientCredentialUser>billing.integration@acme-corp.com</oauthClientCredentialUser>
        <scopes>Api</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>zero</refreshTokenPolicy>
    </oauthPolicy>
    <permissionSetName>Billing Integration</permissionSetName>`,
      ),
    },
    {
      name: 'an External Client App as sf integration generate writes it (JWT, pre-authorised, Enforce, Zero)',
      files: eca('Ledger_Integration', {
        label: 'Ledger Integration',
        certificate: true,
        permissionSet: 'Ledger_Integration',
      }),
    },
    {
      name: 'an External Client App with the SAML and mobile plugins, self-authorised, with the Web scope',
      files: eca('Staff_App', {
        label: 'Staff App',
        plugins: ['Mobile', 'Saml'],
        permitted: 'AllSelfAuthorized',
        scopes: 'Api, Web, RefreshToken',
        refresh: 'SpecificInactivity',
      }),
    },
    {
      name: 'an External Client App for a command-line tool people approve with the device flow',
      files: eca('Ops_Cli', {
        label: 'Ops CLI',
        deviceFlow: true,
        permitted: 'AllSelfAuthorized',
        scopes: 'Api, RefreshToken',
        refresh: 'SpecificLifetime',
      }),
    },
  ],
  invalid: [
    {
      name: 'refresh tokens that never expire: a warning on an integration app (JWT), a note on an app nothing places',
      files: {
        ...eca('Ledger_Sync', {
          label: 'Ledger Sync',
          certificate: true,
          permitted: 'AdminApprovedPreAuthorized',
          refresh: 'Infinite',
        }),
        ...eca('Board_Pack', {
          label: 'Board Pack',
          permitted: 'AdminApprovedPreAuthorized',
          refresh: 'Infinite',
          callbackUrl: 'https://boardroom.acme-corp.com/oauth/done',
        }),
      },
      findings: [
        { messageId: 'refreshTokensUnknown', path: ECA_PATHS.oauthPolicies('Board_Pack'), severity: 'note' },
        {
          messageId: 'refreshTokens',
          path: ECA_PATHS.oauthPolicies('Ledger_Sync'),
          severity: 'warning',
          message: ['JWT certificate'],
        },
      ],
    },
    {
      name: 'an integration app (client-credentials run-as user) that any user may self-authorise: error',
      files: connectedApp(
        'Order_Feed',
        `    <contactEmail>erp-team@acme-corp.com</contactEmail>
    <label>Order Feed</label>
    <oauthConfig>
        <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>
        <isAdminApproved>false</isAdminApproved>
        <isClientCredentialEnabled>true</isClientCredentialEnabled>
        <oauthClientCredentialUser>order.feed@acme-corp.com</oauthClientCredentialUser>
        <scopes>Api</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>zero</refreshTokenPolicy>
    </oauthPolicy>`,
      ),
      findings: [
        {
          messageId: 'selfAuthorization',
          line: 7,
          column: 9,
          severity: 'error',
          message: [
            'Connected app Order_Feed',
            'isAdminApproved false',
            'integration app (client-credentials run-as user order.feed@acme-corp.com)',
          ],
          fix: ['<isAdminApproved>true</isAdminApproved>', '<permissionSetName>'],
        },
      ],
    },
    {
      name: 'a JWT bearer app (certificate) that relaxes IP restrictions: error',
      files: connectedApp(
        'Nightly_Ledger',
        `    <contactEmail>finance-it@acme-corp.com</contactEmail>
    <label>Nightly Ledger</label>
    <oauthConfig>
        <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>
        <certificate>${CERTIFICATE}</certificate>
        <isAdminApproved>true</isAdminApproved>
        <scopes>Api</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>BYPASS</ipRelaxation>
        <refreshTokenPolicy>zero</refreshTokenPolicy>
    </oauthPolicy>`,
      ),
      findings: [
        {
          messageId: 'ipRelaxation',
          line: 14,
          column: 9,
          severity: 'error',
          message: ['ipRelaxation BYPASS', 'integration app (JWT certificate)'],
          fix: ['<ipRelaxation>ENFORCE</ipRelaxation>', 'egress'],
        },
      ],
    },
    {
      name: 'near miss: a JWT app that kept its localhost callback from testing is still an integration (no isAdminApproved: error at oauthConfig)',
      files: connectedApp(
        'Release_Pipeline',
        `    <contactEmail>devops@acme-corp.com</contactEmail>
    <label>Release Pipeline</label>
    <oauthConfig>
        <callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>
        <certificate>${CERTIFICATE}</certificate>
        <scopes>Api</scopes>
    </oauthConfig>`,
      ),
      findings: [
        {
          messageId: 'selfAuthorization',
          line: 5,
          column: 5,
          severity: 'error',
          message: ['no isAdminApproved', 'JWT certificate'],
        },
      ],
    },
    {
      name: 'an app named for an integration vendor (MuleSoft) or with integration vocabulary (sync) is judged by its name',
      files: {
        ...connectedApp(
          'MuleSoft_Prod',
          '    <contactEmail>it@acme-corp.com</contactEmail>\n    <label>MuleSoft Prod</label>\n    <oauthConfig>\n        <callbackUrl>https://anypoint.acme-corp.com/cb</callbackUrl>\n        <isAdminApproved>false</isAdminApproved>\n    </oauthConfig>',
        ),
        ...connectedApp(
          'Contact_Sync',
          '    <contactEmail>it@acme-corp.com</contactEmail>\n    <label>Contact Sync</label>\n    <oauthConfig>\n        <callbackUrl>https://crm-bridge.acme-corp.com/cb</callbackUrl>\n        <isAdminApproved>false</isAdminApproved>\n    </oauthConfig>',
        ),
      },
      findings: [
        {
          messageId: 'selfAuthorization',
          path: CA('Contact_Sync'),
          line: 7,
          column: 9,
          severity: 'error',
          message: ['name says "sync"'],
        },
        {
          messageId: 'selfAuthorization',
          path: CA('MuleSoft_Prod'),
          line: 7,
          column: 9,
          severity: 'error',
          message: ['named for MuleSoft'],
        },
      ],
    },
    {
      name: 'a canvas app for people: Full is a note, Web is not reported',
      files: connectedApp(
        'Territory_Canvas',
        `    <canvasConfig>
        <accessMethod>Post</accessMethod>
        <canvasUrl>https://territories.acme-corp.com/canvas</canvasUrl>
    </canvasConfig>
    <contactEmail>sales-tools@acme-corp.com</contactEmail>
    <label>Territory Canvas</label>
    <oauthConfig>
        <callbackUrl>https://territories.acme-corp.com/canvas/callback</callbackUrl>
        <isAdminApproved>false</isAdminApproved>
        <scopes>Web</scopes>
        <scopes>Full</scopes>
    </oauthConfig>`,
      ),
      findings: [
        {
          messageId: 'broadScopePeople',
          line: 13,
          column: 9,
          severity: 'note',
          message: ['Full (full access', 'canvas app'],
          fix: ['scopes the app uses'],
        },
      ],
    },
    {
      name: 'a mobile app for people that relaxes IP restrictions (warning) and keeps refresh tokens for ever (note)',
      files: connectedApp(
        'Sales_Mobile',
        `    <contactEmail>mobile@acme-corp.com</contactEmail>
    <label>Sales Mobile</label>
    <mobileStartUrl>https://acme.my.salesforce.com/one/one.app</mobileStartUrl>
    <oauthConfig>
        <callbackUrl>sfdc://success</callbackUrl>
        <scopes>Api</scopes>
        <scopes>RefreshToken</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>BYPASS</ipRelaxation>
        <refreshTokenPolicy>infinite</refreshTokenPolicy>
    </oauthPolicy>`,
      ),
      findings: [
        {
          messageId: 'ipRelaxationPeople',
          line: 12,
          column: 9,
          severity: 'warning',
          message: ['mobile app', 'custom URL-scheme callback sfdc:'],
          fix: ['MFA', 'login IP ranges'],
        },
        {
          messageId: 'refreshTokensPeople',
          line: 13,
          column: 9,
          severity: 'note',
          fix: ['specific_lifetime:90:DAYS', 'specific_inactivity'],
        },
      ],
    },
    {
      name: 'an app nothing places that self-authorises (warning, advice for both cases) and asks for Web (note)',
      files: connectedApp(
        'Expense_Tracker',
        `    <contactEmail>finance-it@acme-corp.com</contactEmail>
    <label>Expense Tracker</label>
    <oauthConfig>
        <callbackUrl>https://expenses.acme-corp.com/oauth/done</callbackUrl>
        <isAdminApproved>false</isAdminApproved>
        <scopes>Api</scopes>
        <scopes>Web</scopes>
    </oauthConfig>`,
      ),
      findings: [
        {
          messageId: 'selfAuthorizationUnknown',
          line: 7,
          column: 9,
          severity: 'warning',
          message: ['not clear whether an external system or people log in with it', 'no client credentials'],
          fix: [
            'If an external system logs in with it: set <isAdminApproved>true</isAdminApproved>',
            'If people do: self-authorisation is usual',
          ],
        },
        {
          messageId: 'broadScopeUnknown',
          line: 9,
          column: 9,
          severity: 'note',
          fix: ['Web is usual for browser apps'],
        },
      ],
    },
    {
      name: 'words that disagree (named for Zendesk, a description where agents sign in) leave the app unknown',
      files: connectedApp(
        'Zendesk_Agent_Console',
        `    <contactEmail>support-ops@acme-corp.com</contactEmail>
    <description>Support agents sign in from the Zendesk sidebar with their own Salesforce users.</description>
    <label>Zendesk Agent Console</label>
    <oauthConfig>
        <callbackUrl>https://acme.zendesk.example.com/salesforce/callback</callbackUrl>
        <isAdminApproved>false</isAdminApproved>
        <scopes>Api</scopes>
    </oauthConfig>`,
      ),
      findings: [
        {
          messageId: 'selfAuthorizationUnknown',
          line: 8,
          column: 9,
          severity: 'warning',
          message: ['integration: named for Zendesk; people: description says "agents sign in"'],
        },
      ],
    },
    {
      name: 'External Client App with a client-credentials run-as user and AllSelfAuthorized: error in its OAuth policies',
      files: eca('Erp_Sync', {
        label: 'ERP Sync',
        runAs: RUN_AS,
        permissionSet: 'Erp_Sync_Integration',
        permitted: 'AllSelfAuthorized',
      }),
      findings: [
        {
          messageId: 'selfAuthorization',
          path: ECA_PATHS.oauthPolicies('Erp_Sync'),
          line: 9,
          column: 5,
          severity: 'error',
          message: [
            'External Client App Erp_Sync',
            'permittedUsersPolicyType AllSelfAuthorized',
            `client-credentials run-as user ${RUN_AS}`,
          ],
          fix: ['AdminApprovedPreAuthorized', '<commaSeparatedPermissionSet>'],
        },
      ],
    },
    {
      name: 'External Client App with a JWT certificate and no permittedUsersPolicyType (so AllSelfAuthorized): error at the root element',
      files: eca('Warehouse_Feed', { label: 'Warehouse Feed', certificate: true, permitted: null }),
      findings: [
        {
          messageId: 'selfAuthorization',
          path: ECA_PATHS.oauthPolicies('Warehouse_Feed'),
          line: 2,
          column: 1,
          severity: 'error',
          message: ['not set, so AllSelfAuthorized', 'JWT certificate'],
        },
      ],
    },
    {
      name: 'External Client App for people (mobile plugin): infinite refresh tokens and Full are notes, Web and self-authorisation are not reported',
      files: eca('Field_App', {
        label: 'Field App',
        plugins: ['Mobile'],
        permitted: 'AllSelfAuthorized',
        scopes: 'Api, Web, Full',
        refresh: 'Infinite',
      }),
      findings: [
        {
          messageId: 'refreshTokensPeople',
          path: ECA_PATHS.oauthPolicies('Field_App'),
          line: 8,
          column: 5,
          severity: 'note',
          message: ['mobile app'],
          fix: ['SpecificLifetime'],
        },
        {
          messageId: 'broadScopePeople',
          path: ECA_PATHS.settings('Field_App'),
          line: 3,
          column: 5,
          severity: 'note',
          message: ['Full (full access'],
        },
      ],
    },
    {
      name: 'External Client App nothing places that bypasses IP restrictions: warning',
      files: eca('Board_Reports', {
        label: 'Board Reports',
        relax: 'Bypass',
        callbackUrl: 'https://boardroom.acme-corp.com/oauth/done',
      }),
      findings: [
        {
          messageId: 'ipRelaxationUnknown',
          path: ECA_PATHS.oauthPolicies('Board_Reports'),
          line: 4,
          column: 5,
          severity: 'warning',
          message: ['ipRelaxationPolicyType Bypass'],
          fix: [
            'If an external system logs in with it: set <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>',
            'If people do: set <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>, keep MFA required',
          ],
        },
      ],
    },
  ],
});

describe('oauth-app-policy: an External Client App is judged by all of its files', () => {
  async function lintOnly(
    files: Record<string, string>,
    only: string,
  ): Promise<Array<{ messageId?: string; severity: string; path: string }>> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-oauth-'));
    try {
      const all = {
        'sfdx-project.json': JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
        ...files,
      };
      for (const [rel, content] of Object.entries(all)) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), content);
      }
      const result = await lint({ projectRoot: dir, today: TODAY, paths: [path.join(dir, only)] }, [oauthAppPolicy]);
      return result.findings.map((f) => ({ messageId: f.messageId, severity: f.severity, path: f.location.path }));
    } finally {
      remove(dir);
    }
  }

  it('a pre-commit run on the OAuth settings file alone still sees the run-as user in the policies file', async () => {
    const files = eca('Erp_Sync', { label: 'ERP Sync', runAs: RUN_AS, scopes: 'Api, Full' });
    expect(await lintOnly(files, ECA_PATHS.settings('Erp_Sync'))).to.deep.equal([
      { messageId: 'broadScope', severity: 'warning', path: ECA_PATHS.settings('Erp_Sync') },
    ]);
  });

  it('a pre-commit run on the OAuth policies file alone still sees the SAML plugin in the app policies file', async () => {
    const files = eca('Staff_Portal', { label: 'Staff Portal', plugins: ['Saml'], permitted: 'AllSelfAuthorized' });
    expect(await lintOnly(files, ECA_PATHS.oauthPolicies('Staff_Portal'))).to.deep.equal([]);
  });
});
