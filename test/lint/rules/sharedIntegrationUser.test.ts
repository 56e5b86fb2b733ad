import { expect } from 'chai';
import { sharedIntegrationUser } from '../../../src/lint/rules/sharedIntegrationUser.js';
import { canonicalUsers } from '../../../src/identity/usernames.js';
import { endpointKey } from '../../../src/identity/systems.js';
import { D, metadata, ruleTester } from '../../helpers/ruleTester.js';

/** A workflow of one object with outbound messages: [name, endpoint, user]. */
function workflow(object: string, messages: Array<[string, string, string]>): Record<string, string> {
  const body = messages
    .map(
      ([name, url, user]) => `    <outboundMessages>
        <fullName>${name}</fullName>
        <apiVersion>58.0</apiVersion>
        <endpointUrl>${url}</endpointUrl>
        <fields>Id</fields>
        <includeSessionId>false</includeSessionId>
        <integrationUser>${user}</integrationUser>
        <name>${name.replace(/_/g, ' ')}</name>
        <protected>false</protected>
        <useDeadLetterQueue>false</useDeadLetterQueue>
    </outboundMessages>`,
    )
    .join('\n');
  return { [`${D}/workflows/${object}.workflow-meta.xml`]: metadata('Workflow', body) };
}

function emailService(name: string, user: string): Record<string, string> {
  return {
    [`${D}/emailservices/${name}.xml-meta.xml`]: metadata(
      'EmailServicesFunction',
      `    <apexClass>${name}Handler</apexClass>
    <emailServicesAddresses>
        <developerName>${name}</developerName>
        <isActive>true</isActive>
        <localPart>${name.toLowerCase()}</localPart>
        <runAsUser>${user}</runAsUser>
    </emailServicesAddresses>
    <functionName>${name}</functionName>
    <isActive>true</isActive>`,
    ),
  };
}

function authProvider(name: string, url: string, user: string): Record<string, string> {
  return {
    [`${D}/authproviders/${name}.authprovider-meta.xml`]: metadata(
      'AuthProvider',
      `    <authorizeUrl>${url}</authorizeUrl>
    <consumerKey>abc</consumerKey>
    <executionUser>${user}</executionUser>
    <friendlyName>${name}</friendlyName>
    <providerType>OpenIdConnect</providerType>`,
    ),
  };
}

function connectedApp(name: string, user: string): Record<string, string> {
  return {
    [`${D}/connectedApps/${name}.connectedApp-meta.xml`]: metadata(
      'ConnectedApp',
      `    <contactEmail>it@acme-corp.com</contactEmail>
    <label>${name.replace(/_/g, ' ')}</label>
    <oauthConfig>
        <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>
        <isAdminApproved>true</isAdminApproved>
        <isClientCredentialEnabled>true</isClientCredentialEnabled>
        <oauthClientCredentialUser>${user}</oauthClientCredentialUser>
        <scopes>Api</scopes>
    </oauthConfig>`,
    ),
  };
}

function namedCredential(name: string, username: string): Record<string, string> {
  return {
    [`${D}/namedCredentials/${name}.namedCredential-meta.xml`]: metadata(
      'NamedCredential',
      `    <endpoint>https://${name.toLowerCase()}.partner-api.com</endpoint>
    <label>${name}</label>
    <principalType>NamedUser</principalType>
    <protocol>Password</protocol>
    <username>${username}</username>`,
    ),
  };
}

const CRM = 'crm.bridge@acme-corp.com';
const WF = (o: string): string => `${D}/workflows/${o}.workflow-meta.xml`;

ruleTester(sharedIntegrationUser, {
  valid: [
    {
      name: 'a vendor word in a message name does not move it off its endpoint: one host is one system',
      files: workflow('Order', [
        ['Send_Order_To_OracleDB', 'https://preprod.northwindview.com/api/orders', CRM],
        ['Update_Portal_Status', 'https://preprod.northwindview.com/api/status', CRM],
      ]),
    },
    {
      name: 'nine outbound messages of one user to one gateway host are one system, whatever they are called',
      files: workflow(
        'Order',
        [
          'Send_Order',
          'Update_Status',
          'Push_Invoice',
          'Notify_Shipping',
          'Sync_Customer',
          'Order_Cancelled',
          'Credit_Hold',
          'Price_Change',
          'Return_Created',
        ].map((n): [string, string, string] => [n, `https://gateway.northwind-erp.com/sfdc/${n}`, CRM]),
      ),
    },
    {
      name: 'hosts of one vendor (two regions of one registrable domain) are one system',
      files: {
        ...workflow('Case', [['Survey_On_Close', 'https://eu1.surveyvendor.com/hooks/case', CRM]]),
        ...workflow('Contact', [['Survey_Optin', 'https://us2.surveyvendor.com/hooks/contact', CRM]]),
      },
    },
    {
      name: 'one iPaaS: two CloudHub apps and the MuleSoft connected app it logs in with are one system',
      files: {
        ...workflow('Account', [['Account_To_Mule', 'https://acct-sync.us-e2.cloudhub.io/api/account', CRM]]),
        ...workflow('Order', [['Order_To_Mule', 'https://order-sync.eu1.cloudhub.io/api/order', CRM]]),
        ...connectedApp('MuleSoft_Prod', CRM),
      },
    },
    {
      name: 'a sandbox copy of the username on the same system is the same user, not a second identity',
      files: {
        ...workflow('Lead', [['Lead_To_Marketing', 'https://sync.marketo.com/salesforce', CRM]]),
        ...workflow('Contact', [['Contact_To_Marketing', 'https://sync.marketo.com/salesforce', `${CRM}.fullcopy`]]),
      },
    },
    {
      name: 'placeholder endpoints carry no evidence: names decide (one system)',
      files: workflow('Invoice__c', [
        ['Invoice_To_Xero', 'http://1', CRM],
        ['Xero_Payment_Status', 'https://dummyurl.com', CRM],
      ]),
    },
    {
      name: 'one outbound message copied onto two objects is one integration, even when a copy still points at an old host',
      files: {
        ...workflow('Case', [['Notify_Partner_Portal', 'https://partners.oldpartnerhost.com/notify.ashx', CRM]]),
        ...workflow('Lead', [['Notify_Partner_Portal', 'https://portal.northwind-partners.com/notify.ashx', CRM]]),
      },
    },
    {
      name: 'two domains of one owner (northwindview.com and global-northwindview.com share a distinctive word) are one system',
      files: {
        ...workflow('Order', [['Order_To_Portal', 'https://preprod.northwindview.com/api/orders', CRM]]),
        ...workflow('Case', [['Case_To_Portal_Legacy', 'https://www.global-northwindview.com/api/cases', CRM]]),
      },
    },
    {
      name: 'named credentials with no account (<not used>) share nothing',
      files: { ...namedCredential('Billing', '<not used>'), ...namedCredential('Shipping', '<not used>') },
    },
    {
      name: 'several platform event triggers running as one automation user are one identity',
      files: Object.fromEntries(
        ['OrderEvents', 'InvoiceEvents'].map((n) => [
          `${D}/PlatformEventSubscriberConfigs/${n}.platformEventSubscriberConfig-meta.xml`,
          metadata(
            'PlatformEventSubscriberConfig',
            `    <batchSize>200</batchSize>\n    <masterLabel>${n}</masterLabel>\n    <platformEventConsumer>${n}Trigger</platformEventConsumer>\n    <user>automation@acme-corp.com</user>`,
          ),
        ]),
      ),
    },
    {
      name: 'Email to Salesforce and addresses a person mails into as themselves are that person’s, not an integration’s',
      files: {
        ...workflow('Lead', [['Lead_To_Erp', 'https://erp.northwind-erp.com/in', 'maria@acme-corp.com']]),
        ...emailService('EmailToSalesforce', 'maria@acme-corp.com'),
        [`${D}/emailservices/Notes_Inbox.xml-meta.xml`]: metadata(
          'EmailServicesFunction',
          '    <apexClass>NotesHandler</apexClass>\n    <emailServicesAddresses>\n        <authorizedSenders>Maria@acme-corp.com, maria@gmail.com</authorizedSenders>\n        <developerName>notes</developerName>\n        <isActive>true</isActive>\n        <localPart>notes</localPart>\n        <runAsUser>maria@acme-corp.com</runAsUser>\n    </emailServicesAddresses>\n    <functionName>Notes_Inbox</functionName>\n    <isActive>true</isActive>',
        ),
      },
    },
    {
      name: 'an allow-listed username is skipped',
      files: {
        ...workflow('Lead', [['Lead_To_Erp', 'https://erp.northwind-erp.com/in', 'legacy.etl@acme-corp.com']]),
        ...emailService('Invoices', 'legacy.etl@acme-corp.com'),
        '.sf-integration-lint.yml': 'allow:\n  usernames: [Legacy.ETL@acme-corp.com]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'an ERP middleware and a survey tool on one user: one finding per file, naming both systems and how they were told apart',
      files: {
        ...workflow('Order', [
          ['Send_Order_To_ERP', 'https://erp.northwind-erp.com/orders', CRM],
          ['Send_Invoice_To_ERP', 'https://erp.northwind-erp.com/invoices', CRM],
        ]),
        ...workflow('Case', [['Send_Survey_Request', 'https://api.surveyvendor.com/v3/requests', CRM]]),
      },
      findings: [
        {
          messageId: 'shared',
          path: WF('Case'),
          line: 9,
          column: 9,
          severity: 'error',
          message: [
            CRM,
            '2 external systems',
            'api.surveyvendor.com (by endpoint host: 1 outbound message)',
            'erp.northwind-erp.com (by endpoint host: 2 outbound messages)',
          ],
          related: [WF('Order')],
        },
        { messageId: 'shared', path: WF('Order'), line: 9, related: [WF('Case')] },
      ],
    },
    {
      name: 'a SOA tier, an iPaaS listener, a tax service and an ETL job: five systems, sandbox username folded, every file reported',
      files: {
        ...workflow('Account', [['Account_To_SOA', 'https://soa.acme-corp.com/accounts', CRM]]),
        ...workflow('Opportunity', [['Opp_To_Boomi', 'https://connect.boomi.com/ws/simple/opp', `${CRM}.uat`]]),
        ...authProvider('Tax_Service', 'https://auth.avalara.com/authorize', CRM),
        ...emailService('Etl_Inbox', CRM),
        ...workflow('Quote', [['Quote_To_Billing', 'https://billing.acme-corp.com/quotes', CRM]]),
      },
      findings: [
        {
          messageId: 'shared',
          path: `${D}/authproviders/Tax_Service.authprovider-meta.xml`,
          message: [
            '5 external systems',
            `(as ${CRM}, ${CRM}.uat)`,
            'Boomi (by vendor',
            'Avalara (by vendor: 1 auth provider)',
            'Etl_Inbox (by name: 1 email service)',
            'soa.acme-corp.com',
            'billing.acme-corp.com',
          ],
        },
        { messageId: 'shared', path: `${D}/emailservices/Etl_Inbox.xml-meta.xml` },
        { messageId: 'shared', path: WF('Account') },
        { messageId: 'shared', path: WF('Opportunity') },
        { messageId: 'shared', path: WF('Quote') },
      ],
    },
    {
      name: 'names that share ordinary words (send, to, update) are not one system',
      files: {
        ...connectedApp('Send_Update_To_Zendesk', CRM),
        ...connectedApp('Send_Update_To_Docusign', CRM),
      },
      findings: [
        {
          messageId: 'shared',
          path: `${D}/connectedApps/Send_Update_To_Docusign.connectedApp-meta.xml`,
          message: ['DocuSign (by vendor: 1 connected app)', 'Zendesk (by vendor: 1 connected app)'],
        },
        { messageId: 'shared', path: `${D}/connectedApps/Send_Update_To_Zendesk.connectedApp-meta.xml` },
      ],
    },
    {
      name: 'credentials embedded in an endpoint URL are never printed',
      files: {
        ...workflow('Lead', [
          ['Lead_Export', 'https://svc:Hunter2Secret@export.northwind-erp.com/in?auth=abc123', CRM],
        ]),
        ...emailService('Ticket_Inbox', CRM),
      },
      findings: [
        {
          messageId: 'shared',
          path: `${D}/emailservices/Ticket_Inbox.xml-meta.xml`,
          message: ['export.northwind-erp.com'],
        },
        { messageId: 'shared', path: WF('Lead') },
      ],
    },
    {
      name: 'one external account reused by two named credentials is a warning on each',
      files: {
        ...namedCredential('Billing', 'sf-api@partner.com'),
        ...namedCredential('Shipping', 'SF-API@partner.com'),
      },
      findings: [
        {
          messageId: 'namedCredential',
          path: `${D}/namedCredentials/Billing.namedCredential-meta.xml`,
          line: 7,
          severity: 'warning',
          message: ['Shipping'],
        },
        {
          messageId: 'namedCredential',
          path: `${D}/namedCredentials/Shipping.namedCredential-meta.xml`,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a generic identity serving one system is a warning',
      files: connectedApp('Talkdesk_CTI', 'integration@acme-corp.com'),
      findings: [{ messageId: 'generic', line: 9, severity: 'warning', message: ['integration@acme-corp.com'] }],
    },
  ],
});

describe('identity: usernames and endpoints', () => {
  it('folds sandbox usernames onto the production username whatever the sandbox name, and never real domains onto each other', () => {
    const users = canonicalUsers([
      'Maria@Acme.com',
      'maria@acme.com.QA2',
      'maria@acme.com.fullcopy',
      'ops@acme.co.uk',
      'ops@acme.co.nz',
      'etl@acme.com.uat',
      'etl@acme.com.dev1',
    ]);
    expect(users.get('maria@acme.com.qa2')).to.equal('maria@acme.com');
    expect(users.get('maria@acme.com.fullcopy')).to.equal('maria@acme.com');
    expect(users.get('ops@acme.co.uk')).to.equal('ops@acme.co.uk');
    expect(users.get('ops@acme.co.nz')).to.equal('ops@acme.co.nz');
    expect(users.get('etl@acme.com.uat')).to.equal('etl@acme.com');
    expect(users.get('etl@acme.com.dev1')).to.equal('etl@acme.com');
  });

  it('keys endpoints by registrable domain (public suffix list), vendor, tenant or own subdomain; placeholders by nothing', () => {
    expect(endpointKey('erp.acme-finance.com')?.key).to.equal('domain:acme-finance.com');
    expect(endpointKey('ticketing.example.com')).to.equal(undefined);
    expect(endpointKey('shop.acme.co.uk')?.key).to.equal('domain:acme.co.uk');
    expect(endpointKey('app1.herokuapp.com')?.key).to.equal('domain:app1.herokuapp.com');
    expect(endpointKey('x.eu1.cloudhub.io')?.key).to.equal('vendor:mulesoft');
    expect(endpointKey('acme.my.salesforce.com')?.key).to.equal('tenant:acme.salesforce.com');
    expect(endpointKey('soa-prod.acme.com', new Set(['acme.com']))?.key).to.equal('own:soa.acme.com');
    expect(endpointKey('10.20.30.40')?.key).to.equal('ip:10.20.30');
    expect(endpointKey('localhost')).to.equal(undefined);
  });
});
