/**
 * Known integration vendors and platforms: the names people give their apps, users, profiles and outbound messages
 * after them, and the domains their endpoints live on. One list, read by the shared-integration-user rule (is this the
 * same external system?), the admin-profile rule (is this profile named for an integration?), the oauth-app-policy
 * rule (is this OAuth app an integration's?) and inventory.
 *
 * - `words`: lower-case name tokens that identify the vendor on their own. Only unambiguous ones: a word that is also
 * an ordinary English or Salesforce word (box, flow, segment, census, drift, lever, make) is left to `domains`.
 * - `domains`: registrable domains (public-suffix aware) of the vendor's endpoints; all of them are one vendor.
 * - `kind`: ipaas (a middleware that fronts many systems, so one user behind it is still one system to Salesforce),
 * backup, devops, data (warehouse, ETL, BI), or app (a business application).
 *
 * Add a vendor: one entry. Keep words that are tokens of names (Mule_Prod_User has the token "mule").
 */
export type IntegrationVendor = {
  id: string;
  name: string;
  kind: 'ipaas' | 'backup' | 'devops' | 'data' | 'app';
  words: string[];
  domains: string[];
};

export const INTEGRATION_VENDORS: readonly IntegrationVendor[] = [
  // iPaaS and middleware
  {
    id: 'mulesoft',
    name: 'MuleSoft',
    kind: 'ipaas',
    words: ['mulesoft', 'mule', 'cloudhub', 'anypoint'],
    domains: ['mulesoft.com', 'cloudhub.io', 'mulesoft.net'],
  },
  { id: 'boomi', name: 'Boomi', kind: 'ipaas', words: ['boomi', 'dellboomi'], domains: ['boomi.com'] },
  {
    id: 'informatica',
    name: 'Informatica',
    kind: 'ipaas',
    words: ['informatica', 'iics', 'infa'],
    domains: ['informatica.com', 'informaticacloud.com'],
  },
  {
    id: 'jitterbit',
    name: 'Jitterbit',
    kind: 'ipaas',
    words: ['jitterbit'],
    domains: ['jitterbit.com', 'jitterbit.net', 'jitterbit.eu'],
  },
  { id: 'workato', name: 'Workato', kind: 'ipaas', words: ['workato'], domains: ['workato.com'] },
  { id: 'zapier', name: 'Zapier', kind: 'ipaas', words: ['zapier'], domains: ['zapier.com'] },
  {
    id: 'snaplogic',
    name: 'SnapLogic',
    kind: 'ipaas',
    words: ['snaplogic'],
    domains: ['snaplogic.com', 'snaplogic.io'],
  },
  { id: 'celigo', name: 'Celigo', kind: 'ipaas', words: ['celigo'], domains: ['celigo.com', 'integrator.io'] },
  { id: 'tray', name: 'Tray.io', kind: 'ipaas', words: ['trayio'], domains: ['tray.io'] },
  {
    id: 'integromat',
    name: 'Make (Integromat)',
    kind: 'ipaas',
    words: ['integromat'],
    domains: ['integromat.com', 'make.com'],
  },
  { id: 'tibco', name: 'TIBCO', kind: 'ipaas', words: ['tibco'], domains: ['tibco.com', 'tibcocloud.com'] },
  { id: 'talend', name: 'Talend', kind: 'ipaas', words: ['talend'], domains: ['talend.com'] },
  { id: 'skyvia', name: 'Skyvia', kind: 'ipaas', words: ['skyvia'], domains: ['skyvia.com'] },
  { id: 'dbamp', name: 'DBAmp', kind: 'ipaas', words: ['dbamp'], domains: ['cdata.com'] },
  {
    id: 'azure-logic-apps',
    name: 'Azure Logic Apps',
    kind: 'ipaas',
    words: ['logicapp', 'logicapps'],
    domains: ['logic.azure.com'],
  },
  {
    id: 'power-automate',
    name: 'Power Automate',
    kind: 'ipaas',
    words: ['powerautomate'],
    domains: ['flow.microsoft.com'],
  },
  { id: 'biztalk', name: 'BizTalk', kind: 'ipaas', words: ['biztalk'], domains: [] },
  { id: 'webmethods', name: 'webMethods', kind: 'ipaas', words: ['webmethods'], domains: ['webmethods.io'] },
  { id: 'heroku-connect', name: 'Heroku Connect', kind: 'ipaas', words: ['herokuconnect'], domains: [] },
  { id: 'fivetran', name: 'Fivetran', kind: 'data', words: ['fivetran'], domains: ['fivetran.com'] },
  {
    id: 'hightouch',
    name: 'Hightouch',
    kind: 'data',
    words: ['hightouch'],
    domains: ['hightouch.com', 'hightouch.io'],
  },
  { id: 'airbyte', name: 'Airbyte', kind: 'data', words: ['airbyte'], domains: ['airbyte.com'] },
  // Backup and DevOps
  { id: 'ownbackup', name: 'OwnBackup', kind: 'backup', words: ['ownbackup'], domains: ['ownbackup.com'] },
  { id: 'odaseva', name: 'Odaseva', kind: 'backup', words: ['odaseva'], domains: ['odaseva.com'] },
  { id: 'spanning', name: 'Spanning', kind: 'backup', words: ['spanning'], domains: ['spanning.com'] },
  { id: 'grax', name: 'GRAX', kind: 'backup', words: ['grax'], domains: ['grax.com', 'grax.io'] },
  { id: 'druva', name: 'Druva', kind: 'backup', words: ['druva'], domains: ['druva.com'] },
  { id: 'gearset', name: 'Gearset', kind: 'devops', words: ['gearset'], domains: ['gearset.com'] },
  { id: 'copado', name: 'Copado', kind: 'devops', words: ['copado'], domains: ['copado.com'] },
  { id: 'flosum', name: 'Flosum', kind: 'devops', words: ['flosum'], domains: ['flosum.com'] },
  { id: 'autorabit', name: 'AutoRABIT', kind: 'devops', words: ['autorabit'], domains: ['autorabit.com'] },
  { id: 'jenkins', name: 'Jenkins', kind: 'devops', words: ['jenkins'], domains: [] },
  { id: 'github', name: 'GitHub', kind: 'devops', words: ['github'], domains: ['github.com'] },
  { id: 'gitlab', name: 'GitLab', kind: 'devops', words: ['gitlab'], domains: ['gitlab.com'] },
  { id: 'bitbucket', name: 'Bitbucket', kind: 'devops', words: ['bitbucket'], domains: ['bitbucket.org'] },
  {
    id: 'azure-devops',
    name: 'Azure DevOps',
    kind: 'devops',
    words: ['azuredevops', 'vsts'],
    domains: ['dev.azure.com', 'visualstudio.com'],
  },
  {
    id: 'beyondtrust',
    name: 'BeyondTrust (Bomgar)',
    kind: 'app',
    words: ['bomgar', 'beyondtrust'],
    domains: ['beyondtrust.com', 'bomgarcloud.com'],
  },
  // Data, warehouse, BI
  {
    id: 'snowflake',
    name: 'Snowflake',
    kind: 'data',
    words: ['snowflake'],
    domains: ['snowflakecomputing.com', 'snowflake.com'],
  },
  {
    id: 'databricks',
    name: 'Databricks',
    kind: 'data',
    words: ['databricks'],
    domains: ['databricks.com', 'cloud.databricks.com'],
  },
  { id: 'tableau', name: 'Tableau', kind: 'data', words: ['tableau'], domains: ['tableau.com', 'online.tableau.com'] },
  { id: 'powerbi', name: 'Power BI', kind: 'data', words: ['powerbi'], domains: ['powerbi.com'] },
  {
    id: 'qlik',
    name: 'Qlik',
    kind: 'data',
    words: ['qlik', 'qlikview', 'qliksense'],
    domains: ['qlik.com', 'qlikcloud.com'],
  },
  { id: 'domo', name: 'Domo', kind: 'data', words: [], domains: ['domo.com'] },
  { id: 'looker', name: 'Looker', kind: 'data', words: ['looker'], domains: ['looker.com'] },
  { id: 'alteryx', name: 'Alteryx', kind: 'data', words: ['alteryx'], domains: ['alteryx.com'] },
  { id: 'dnb', name: 'Dun & Bradstreet', kind: 'data', words: ['dnb', 'hoovers'], domains: ['dnb.com'] },
  { id: 'zoominfo', name: 'ZoomInfo', kind: 'data', words: ['zoominfo', 'discoverorg'], domains: ['zoominfo.com'] },
  { id: 'clearbit', name: 'Clearbit', kind: 'data', words: ['clearbit'], domains: ['clearbit.com'] },
  { id: 'experian', name: 'Experian', kind: 'data', words: ['experian'], domains: ['experian.com'] },
  { id: 'lexisnexis', name: 'LexisNexis', kind: 'data', words: ['lexisnexis'], domains: ['lexisnexis.com'] },
  // Marketing and sales engagement
  {
    id: 'marketo',
    name: 'Marketo',
    kind: 'app',
    words: ['marketo'],
    domains: ['marketo.com', 'mktoapi.com', 'marketo.net'],
  },
  { id: 'hubspot', name: 'HubSpot', kind: 'app', words: ['hubspot'], domains: ['hubspot.com', 'hubapi.com'] },
  { id: 'pardot', name: 'Pardot (Account Engagement)', kind: 'app', words: ['pardot'], domains: ['pardot.com'] },
  { id: 'eloqua', name: 'Eloqua', kind: 'app', words: ['eloqua'], domains: ['eloqua.com'] },
  {
    id: 'mailchimp',
    name: 'Mailchimp',
    kind: 'app',
    words: ['mailchimp'],
    domains: ['mailchimp.com', 'list-manage.com'],
  },
  {
    id: 'activecampaign',
    name: 'ActiveCampaign',
    kind: 'app',
    words: ['activecampaign'],
    domains: ['activecampaign.com', 'api-us1.com'],
  },
  { id: 'klaviyo', name: 'Klaviyo', kind: 'app', words: ['klaviyo'], domains: ['klaviyo.com'] },
  { id: 'braze', name: 'Braze', kind: 'app', words: ['braze'], domains: ['braze.com'] },
  { id: 'sendgrid', name: 'SendGrid', kind: 'app', words: ['sendgrid'], domains: ['sendgrid.com', 'sendgrid.net'] },
  { id: 'twilio', name: 'Twilio', kind: 'app', words: ['twilio'], domains: ['twilio.com'] },
  { id: 'outreach', name: 'Outreach', kind: 'app', words: ['outreach'], domains: ['outreach.io'] },
  { id: 'salesloft', name: 'Salesloft', kind: 'app', words: ['salesloft'], domains: ['salesloft.com'] },
  { id: 'gong', name: 'Gong', kind: 'app', words: [], domains: ['gong.io'] },
  { id: 'linkedin', name: 'LinkedIn', kind: 'app', words: ['linkedin'], domains: ['linkedin.com'] },
  { id: 'intercom', name: 'Intercom', kind: 'app', words: ['intercom'], domains: ['intercom.io', 'intercom.com'] },
  { id: 'docusign', name: 'DocuSign', kind: 'app', words: ['docusign'], domains: ['docusign.com', 'docusign.net'] },
  {
    id: 'adobe-sign',
    name: 'Adobe Acrobat Sign',
    kind: 'app',
    words: ['echosign', 'adobesign'],
    domains: ['echosign.com', 'adobesign.com'],
  },
  { id: 'pandadoc', name: 'PandaDoc', kind: 'app', words: ['pandadoc'], domains: ['pandadoc.com'] },
  {
    id: 'conga',
    name: 'Conga',
    kind: 'app',
    words: ['conga', 'apttus'],
    domains: ['congamerge.com', 'conga.com', 'apttus.com'],
  },
  { id: 'nintex', name: 'Nintex', kind: 'app', words: ['nintex', 'drawloop'], domains: ['nintex.com', 'drawloop.com'] },
  {
    id: 'formassembly',
    name: 'FormAssembly',
    kind: 'app',
    words: ['formassembly'],
    domains: ['formassembly.com', 'tfaforms.net'],
  },
  { id: 'formstack', name: 'Formstack', kind: 'app', words: ['formstack'], domains: ['formstack.com'] },
  // Surveys and experience
  { id: 'qualtrics', name: 'Qualtrics', kind: 'app', words: ['qualtrics'], domains: ['qualtrics.com'] },
  { id: 'surveymonkey', name: 'SurveyMonkey', kind: 'app', words: ['surveymonkey'], domains: ['surveymonkey.com'] },
  { id: 'medallia', name: 'Medallia', kind: 'app', words: ['medallia'], domains: ['medallia.com'] },
  { id: 'typeform', name: 'Typeform', kind: 'app', words: ['typeform'], domains: ['typeform.com'] },
  {
    id: 'alchemer',
    name: 'Alchemer (SurveyGizmo)',
    kind: 'app',
    words: ['alchemer', 'surveygizmo'],
    domains: ['alchemer.com', 'surveygizmo.com'],
  },
  // Service, ITSM, contact centre
  { id: 'zendesk', name: 'Zendesk', kind: 'app', words: ['zendesk'], domains: ['zendesk.com'] },
  {
    id: 'servicenow',
    name: 'ServiceNow',
    kind: 'app',
    words: ['servicenow', 'snow'],
    domains: ['service-now.com', 'servicenow.com'],
  },
  {
    id: 'atlassian',
    name: 'Atlassian (Jira)',
    kind: 'app',
    words: ['jira', 'atlassian', 'confluence'],
    domains: ['atlassian.net', 'atlassian.com'],
  },
  {
    id: 'freshworks',
    name: 'Freshworks',
    kind: 'app',
    words: ['freshdesk', 'freshservice', 'freshworks'],
    domains: ['freshdesk.com', 'freshservice.com', 'freshworks.com'],
  },
  {
    id: 'genesys',
    name: 'Genesys',
    kind: 'app',
    words: ['genesys', 'purecloud'],
    domains: ['genesys.com', 'mypurecloud.com', 'mypurecloud.ie', 'mypurecloud.de', 'pure.cloud'],
  },
  { id: 'five9', name: 'Five9', kind: 'app', words: ['five9'], domains: ['five9.com'] },
  { id: 'talkdesk', name: 'Talkdesk', kind: 'app', words: ['talkdesk'], domains: ['talkdesk.com', 'talkdeskapp.com'] },
  {
    id: 'nice',
    name: 'NICE CXone',
    kind: 'app',
    words: ['incontact', 'cxone'],
    domains: ['incontact.com', 'niceincontact.com', 'nice-incontact.com'],
  },
  { id: 'ringcentral', name: 'RingCentral', kind: 'app', words: ['ringcentral'], domains: ['ringcentral.com'] },
  { id: 'aircall', name: 'Aircall', kind: 'app', words: ['aircall'], domains: ['aircall.io'] },
  { id: 'dialpad', name: 'Dialpad', kind: 'app', words: ['dialpad'], domains: ['dialpad.com'] },
  { id: 'slack', name: 'Slack', kind: 'app', words: ['slack'], domains: ['slack.com'] },
  // ERP, finance, commerce, HR
  {
    id: 'sap',
    name: 'SAP',
    kind: 'app',
    words: ['sap', 's4hana', 'successfactors', 'concur', 'ariba'],
    domains: ['sap.com', 'hana.ondemand.com', 'successfactors.com', 'concursolutions.com', 'ariba.com'],
  },
  { id: 'netsuite', name: 'NetSuite', kind: 'app', words: ['netsuite'], domains: ['netsuite.com'] },
  {
    id: 'oracle',
    name: 'Oracle',
    kind: 'app',
    words: ['oracle', 'jde', 'peoplesoft'],
    domains: ['oracle.com', 'oraclecloud.com'],
  },
  {
    id: 'dynamics',
    name: 'Microsoft Dynamics',
    kind: 'app',
    words: ['dynamics', 'navision'],
    domains: ['dynamics.com'],
  },
  { id: 'workday', name: 'Workday', kind: 'app', words: ['workday'], domains: ['workday.com', 'myworkday.com'] },
  { id: 'intacct', name: 'Sage Intacct', kind: 'app', words: ['intacct'], domains: ['intacct.com'] },
  {
    id: 'intuit',
    name: 'QuickBooks (Intuit)',
    kind: 'app',
    words: ['quickbooks', 'intuit', 'qbo'],
    domains: ['intuit.com', 'quickbooks.com'],
  },
  { id: 'xero', name: 'Xero', kind: 'app', words: ['xero'], domains: ['xero.com'] },
  { id: 'coupa', name: 'Coupa', kind: 'app', words: ['coupa'], domains: ['coupahost.com', 'coupa.com'] },
  {
    id: 'avalara',
    name: 'Avalara',
    kind: 'app',
    words: ['avalara', 'avatax'],
    domains: ['avalara.com', 'avalara.net'],
  },
  { id: 'vertex', name: 'Vertex', kind: 'app', words: [], domains: ['vertexinc.com', 'vertexsmb.com'] },
  { id: 'zuora', name: 'Zuora', kind: 'app', words: ['zuora'], domains: ['zuora.com'] },
  { id: 'chargebee', name: 'Chargebee', kind: 'app', words: ['chargebee'], domains: ['chargebee.com'] },
  { id: 'stripe', name: 'Stripe', kind: 'app', words: ['stripe'], domains: ['stripe.com'] },
  { id: 'adyen', name: 'Adyen', kind: 'app', words: ['adyen'], domains: ['adyen.com'] },
  {
    id: 'paypal',
    name: 'PayPal',
    kind: 'app',
    words: ['paypal', 'braintree'],
    domains: ['paypal.com', 'braintreegateway.com'],
  },
  { id: 'shopify', name: 'Shopify', kind: 'app', words: ['shopify'], domains: ['shopify.com', 'myshopify.com'] },
  { id: 'magento', name: 'Adobe Commerce (Magento)', kind: 'app', words: ['magento'], domains: ['magento.com'] },
  { id: 'bigcommerce', name: 'BigCommerce', kind: 'app', words: ['bigcommerce'], domains: ['bigcommerce.com'] },
  { id: 'adp', name: 'ADP', kind: 'app', words: ['adp'], domains: ['adp.com'] },
  { id: 'bamboohr', name: 'BambooHR', kind: 'app', words: ['bamboohr'], domains: ['bamboohr.com'] },
  { id: 'greenhouse', name: 'Greenhouse', kind: 'app', words: ['greenhouse'], domains: ['greenhouse.io'] },
  // Identity providers and content
  { id: 'okta', name: 'Okta', kind: 'app', words: ['okta'], domains: ['okta.com', 'oktapreview.com', 'okta-emea.com'] },
  {
    id: 'entra',
    name: 'Microsoft Entra ID',
    kind: 'app',
    words: ['azuread', 'entra'],
    domains: ['microsoftonline.com'],
  },
  {
    id: 'ping',
    name: 'Ping Identity',
    kind: 'app',
    words: ['pingidentity', 'pingone', 'pingfederate'],
    domains: ['pingidentity.com', 'pingone.com', 'pingone.eu'],
  },
  { id: 'auth0', name: 'Auth0', kind: 'app', words: ['auth0'], domains: ['auth0.com'] },
  { id: 'onelogin', name: 'OneLogin', kind: 'app', words: ['onelogin'], domains: ['onelogin.com'] },
  { id: 'google', name: 'Google', kind: 'app', words: ['gsuite'], domains: ['google.com', 'googleapis.com'] },
  {
    id: 'microsoft365',
    name: 'Microsoft 365',
    kind: 'app',
    words: ['sharepoint', 'office365', 'outlook', 'onedrive'],
    domains: ['sharepoint.com', 'office365.com', 'office.com', 'outlook.com'],
  },
  { id: 'box', name: 'Box', kind: 'app', words: [], domains: ['box.com'] },
  { id: 'dropbox', name: 'Dropbox', kind: 'app', words: ['dropbox'], domains: ['dropbox.com', 'dropboxapi.com'] },
];

/** Words that, in a profile, permission set, OAuth app or user name, say it is for an integration rather than for people. */
export const INTEGRATION_WORDS = [
  'integration',
  'integrations',
  'integrator',
  'api',
  'apis',
  'etl',
  'sync',
  'middleware',
  'backup',
  'connector',
  'interface',
  'ipaas',
  'esb',
  'soa',
  'webservice',
  'webservices',
  'datamigration',
  'dataloader',
  'loader',
  'migration',
  'sourcecontrol',
] as const;

const BY_WORD = new Map<string, IntegrationVendor>(
  INTEGRATION_VENDORS.flatMap((v) => v.words.map((w) => [w, v] as const)),
);
const BY_DOMAIN = new Map<string, IntegrationVendor>(
  INTEGRATION_VENDORS.flatMap((v) => v.domains.map((d) => [d, v] as const)),
);

/** The vendor a name token stands for. */
export function vendorOfWord(word: string): IntegrationVendor | undefined {
  return BY_WORD.get(word.toLowerCase());
}

/** The vendor of a host name: its registrable domain or any parent domain listed (logic.azure.com, hana.ondemand.com). */
export function vendorOfHost(host: string): IntegrationVendor | undefined {
  const labels = host.toLowerCase().split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const hit = BY_DOMAIN.get(labels.slice(i).join('.'));
    if (hit) return hit;
  }
  return undefined;
}
