// Generates a realistic, deterministic source-format SFDX project for the lint benchmark.
//
//   import { buildSyntheticProject } from './synth.mjs';
//   const { dir, fileCount, planted, expected } = await buildSyntheticProject('/tmp/x', { files: 20000, seed: 42 });
//
// The project looks like `sf project retrieve` output of a large org: ~60 objects with thousands of fields, validation
// rules, list views and record types; ~2,000 Apex classes; flows (some well over 100 KB); ~400 permission sets; ~30
// profiles, three of them 2-5 MB like real Admin profiles; connected apps, External Client Apps (5 files each),
// workflows with outbound messages, named credentials, layouts, tabs, integration specs and user definitions.
//
// Findings are planted with known counts (returned as `planted`, per rule id) and known files (`expected`: one entry
// per planted finding, { rule, path }). Everything else is written so that a correct lint reports nothing on it, so a
// correct engine finds exactly the planted counts. No Math.random: a seeded PRNG drives every choice.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const GENERATOR_VERSION = 5;

const NS = 'http://soap.sforce.com/2006/04/metadata';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SHARED_USER = 'integration@acme-corp.com';
const API = '62.0';

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRandom(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    /** Log-normal-ish size between lo and hi, skewed small like real code bases. */
    skewed: (lo, hi) => Math.round(lo + (hi - lo) * next() ** 3),
    shuffle(arr) {
      const a = [...arr];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
    sample(arr, n) {
      return r.shuffle(arr).slice(0, Math.min(n, arr.length));
    },
  };
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// XML as Salesforce writes it: declaration, metadata namespace, 4-space indent, &apos; and &quot; escaped.

function esc(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** nodes: array of [tag, value]; value is a string/number/boolean (text), an array (child nodes), or null (skipped). */
function ser(nodes, depth, out) {
  const pad = '    '.repeat(depth);
  for (const [tag, v] of nodes) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${pad}<${tag}/>\n`);
      else {
        out.push(`${pad}<${tag}>\n`);
        ser(v, depth + 1, out);
        out.push(`${pad}</${tag}>\n`);
      }
    } else out.push(`${pad}<${tag}>${esc(v)}</${tag}>\n`);
  }
  return out;
}

function doc(root, nodes) {
  const out = [HEAD, `<${root} xmlns="${NS}">\n`];
  ser(nodes, 1, out);
  out.push(`</${root}>\n`);
  return out.join('');
}

/** Top-level elements sorted by tag name (stable), as the Metadata API returns them. */
function sorted(nodes) {
  return nodes
    .map((n, i) => [n, i])
    .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
    .map(([n]) => n);
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const STANDARD_OBJECTS = [
  'Account',
  'Contact',
  'Opportunity',
  'Lead',
  'Case',
  'Campaign',
  'Contract',
  'Order',
  'Product2',
  'Quote',
  'Task',
  'Event',
  'Asset',
  'OpportunityLineItem',
  'User',
];
const CUSTOM_OBJECT_STEMS = [
  'Invoice',
  'Invoice_Line',
  'Shipment',
  'Subscription',
  'Payment',
  'Entitlement_Plan',
  'Territory_Plan',
  'Commission',
  'Commission_Split',
  'Service_Request',
  'Warranty_Claim',
  'Site_Visit',
  'Equipment',
  'Meter_Reading',
  'Price_Rule',
  'Discount_Schedule',
  'Renewal',
  'Forecast_Snapshot',
  'Partner_Tier',
  'Deal_Registration',
  'Onboarding_Task',
  'Survey_Response',
  'NPS_Score',
  'Project',
  'Milestone',
  'Timesheet',
  'Expense',
  'Vendor',
  'Purchase_Order',
  'Receipt',
  'Delivery_Slot',
  'Route',
  'Depot',
  'Inventory_Item',
  'Stock_Movement',
  'Return_Authorization',
  'Credit_Note',
  'Tax_Rate',
  'Bank_Account',
  'Consent',
  'Data_Request',
  'Audit_Log',
  'Integration_Error',
  'Sync_Status',
  'Feature_Flag',
];
const WORDS = [
  'Account',
  'Active',
  'Amount',
  'Approval',
  'Approved',
  'Billing',
  'Budget',
  'Category',
  'Channel',
  'Close',
  'Code',
  'Comment',
  'Contract',
  'Cost',
  'Country',
  'Credit',
  'Currency',
  'Customer',
  'Date',
  'Days',
  'Delivery',
  'Description',
  'Discount',
  'Due',
  'End',
  'Escalation',
  'External',
  'Fee',
  'Flag',
  'Forecast',
  'Gross',
  'Health',
  'Id',
  'Industry',
  'Internal',
  'Last',
  'Level',
  'Limit',
  'Margin',
  'Method',
  'Net',
  'Next',
  'Notes',
  'Number',
  'Owner',
  'Partner',
  'Percent',
  'Phone',
  'Plan',
  'Portal',
  'Priority',
  'Product',
  'Quantity',
  'Rating',
  'Reason',
  'Reference',
  'Region',
  'Renewal',
  'Revenue',
  'Review',
  'Risk',
  'Score',
  'Segment',
  'Service',
  'Source',
  'Stage',
  'Start',
  'Status',
  'Sub',
  'Target',
  'Tax',
  'Term',
  'Tier',
  'Total',
  'Type',
  'Unit',
  'Value',
  'Vendor',
  'Volume',
  'Warehouse',
  'Weight',
  'Zone',
];
const VENDORS = [
  'Marketo',
  'NetSuite',
  'Snowflake',
  'Talkdesk',
  'Workday',
  'ServiceNow',
  'Jira',
  'Slack',
  'HubSpot',
  'Mailchimp',
  'Tableau',
  'Gong',
  'Outreach',
  'Zuora',
  'Coupa',
  'Okta',
  'Segment',
  'Twilio',
  'Gainsight',
  'Vonage',
  'Avalara',
  'Adobe_Sign',
  'Box',
  'Dropbox',
  'Intercom',
  'Pendo',
  'Braze',
  'Amplitude',
  'Looker',
  'Domo',
  'Qualtrics',
  'Medallia',
  'SAP',
  'Oracle_EBS',
  'Dynamics_GP',
  'Sage',
  'Xero',
  'Chargebee',
  'Recurly',
  'Shopify',
  'Magento',
  'BigCommerce',
  'Klaviyo',
  'Sendgrid',
  'Postmark',
  'Genesys',
  'Five9',
  'RingCentral',
  'Aircall',
  'Calendly',
  'ZoomInfo',
  'Clearbit',
  'Bombora',
  'SixSense',
  'Demandbase',
  'Seismic',
  'Highspot',
  'Vidyard',
  'Conga',
  'Apttus',
];
const ROLES = [
  'Sales',
  'Sales_Ops',
  'Service',
  'Support_Tier1',
  'Support_Tier2',
  'Field_Service',
  'Marketing',
  'Finance',
  'Billing',
  'Legal',
  'Procurement',
  'Partner_Manager',
  'Deal_Desk',
  'Revenue_Ops',
  'Customer_Success',
  'Onboarding',
  'Renewals',
  'Collections',
  'Logistics',
  'Warehouse',
  'HR',
  'Compliance',
  'Analytics',
  'Executive',
  'Product',
  'Engineering',
  'QA',
  'Release',
  'Territory',
  'Channel',
];
const ACCESS = [
  'Access',
  'Read_Only',
  'Editor',
  'Manager',
  'Viewer',
  'Approver',
  'Power_User',
  'Admin_Tools',
  'Reports',
  'Exports',
  'Extended',
  'Basic',
];

/** User permissions that are not admin-equivalent (safe in any permission set). */
const SAFE_USER_PERMS = [
  'ActivitiesAccess',
  'AllowUniversalSearch',
  'AllowViewKnowledge',
  'ApiEnabled',
  'AssignTopics',
  'ChatterEditOwnPost',
  'ChatterFileLink',
  'ChatterInternalUser',
  'ChatterInviteExternalUsers',
  'ChatterOwnGroups',
  'ConvertLeads',
  'CreateCustomizeFilters',
  'CreateCustomizeReports',
  'CreateDashboardFolders',
  'CreateListViews',
  'CreateReportFolders',
  'CreateTopics',
  'DistributeFromPersWksp',
  'EditEvent',
  'EditOppLineItemUnitPrice',
  'EditPublicFilters',
  'EditPublicTemplates',
  'EditTask',
  'EditTopics',
  'EmailMass',
  'EmailSingle',
  'EnableNotifications',
  'ExportReport',
  'ImportPersonal',
  'LightningConsoleAllowedForUser',
  'LightningExperienceUser',
  'ListEmailSend',
  'ManageCases',
  'ManageDashbdsInPubFolders',
  'ManageLeads',
  'ManageReportsInPubFolders',
  'ManageSolutions',
  'MassInlineEdit',
  'RunFlow',
  'RunReports',
  'ScheduleReports',
  'SelectFilesFromSalesforce',
  'SendSitRequests',
  'ShowCompanyNameAsUserBadge',
  'SubmitMacrosAllowed',
  'SubscribeToLightningReports',
  'TransferAnyCase',
  'TransferAnyEntity',
  'TransferAnyLead',
  'UseWebLink',
  'ViewAllActivities',
  'ViewDataCategories',
  'ViewEventLogFiles',
  'ViewHelpLink',
  'ViewPublicDashboards',
  'ViewPublicReports',
  'ViewRoles',
  'ViewSetup',
];
/** What a real Admin profile also has (admin-equivalent ones included). */
const ADMIN_USER_PERMS = [
  'AssignPermissionSets',
  'AuthorApex',
  'BulkApiHardDelete',
  'CustomizeApplication',
  'EditReadonlyFields',
  'InstallPackaging',
  'ManageAuthProviders',
  'ManageCustomPermissions',
  'ManageDataIntegrations',
  'ManageEncryptionKeys',
  'ManageInternalUsers',
  'ManageIpAddresses',
  'ManageLoginAccessPolicies',
  'ManagePasswordPolicies',
  'ManageProfilesPermissionsets',
  'ManageRemoteAccess',
  'ManageRoles',
  'ManageSharing',
  'ManageUsers',
  'ModifyAllData',
  'ModifyMetadata',
  'ResetPasswords',
  'ViewAllData',
  'ViewAllUsers',
];

// ---------------------------------------------------------------------------------------------------------------
// Writer: bounded concurrency, directories created once.

function makeWriter(root) {
  const dirs = new Set();
  const pending = new Set();
  let count = 0;
  let bytes = 0;
  const files = [];
  const write = async (rel, content) => {
    const abs = path.join(root, rel);
    const d = path.dirname(abs);
    if (!dirs.has(d)) {
      await mkdir(d, { recursive: true });
      dirs.add(d);
    }
    await writeFile(abs, content);
  };
  return {
    async put(rel, content) {
      count++;
      bytes += Buffer.byteLength(content);
      files.push(rel);
      const p = write(rel, content).finally(() => pending.delete(p));
      pending.add(p);
      if (pending.size >= 64) await Promise.race(pending);
    },
    async flush() {
      await Promise.all(pending);
    },
    get count() {
      return count;
    },
    get bytes() {
      return bytes;
    },
    files,
  };
}

// ---------------------------------------------------------------------------------------------------------------

const label = (api) => api.replace(/__c$/, '').replace(/_/g, ' ');

/**
 * Writes the project into `dir` (created if missing) and returns what was planted.
 * @param {string} dir
 * @param {{ files?: number, seed?: number }} [options]
 */
export async function buildSyntheticProject(dir, { files = 20000, seed = 42 } = {}) {
  const R = makeRandom(seed);
  const W = makeWriter(dir);
  const FA = 'force-app/main/default';
  const planted = {
    'username-exception': 0,
    'shared-integration-user': 0,
    'admin-profile': 0,
    'oauth-app-policy': 0,
    'secret-in-source': 0,
    'spec-governance': 0,
    'parse-error': 0,
  };
  /** One entry per planted finding. */
  const expected = [];
  const plant = (rule, rel, what) => {
    planted[rule]++;
    expected.push({ rule, path: rel, what });
  };
  const precommit = {};

  await W.put(
    'sfdx-project.json',
    `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], name: 'acme-org', namespace: '', sfdcLoginUrl: 'https://login.salesforce.com', sourceApiVersion: API }, null, 2)}\n`,
  );
  await W.put(
    '.forceignore',
    '# List files or directories below to ignore them when running force:source:push, force:source:pull, and force:source:status\n**/jsconfig.json\n**/.eslintrc.json\n**/__tests__/**\n',
  );

  // ---------------- Objects, fields, validation rules, list views, record types, layouts, tabs
  const objects = [...STANDARD_OBJECTS, ...CUSTOM_OBJECT_STEMS.map((s) => `${s}__c`)];
  const weights = objects.map((o) =>
    ['Account', 'Opportunity', 'Case', 'Contact', 'Lead'].includes(o)
      ? 6
      : STANDARD_OBJECTS.includes(o)
        ? 2
        : 1 + R.next() * 1.5,
  );

  // Fixed file counts (everything but fields) decide how many fields fill the target.
  const N = {
    apex: 2000,
    triggers: 150,
    flows: 300,
    permsets: 400,
    profiles: 30,
    connectedApps: 40,
    ecas: 20,
    workflows: 40,
    namedCreds: 30,
    customPermissions: 25,
    psgs: 6,
  };
  const vrPerObject = objects.map(() => R.int(4, 12));
  const lvPerObject = objects.map(() => R.int(3, 9));
  const rtPerObject = objects.map((o) =>
    ['Task', 'Event', 'User', 'OpportunityLineItem'].includes(o) ? 0 : R.int(1, 5),
  );
  const layoutsPerObject = objects.map(() => R.int(1, 5));
  const customObjects = objects.filter((o) => o.endsWith('__c'));
  const fixedCount =
    2 + // sfdx-project.json, .forceignore
    objects.length + // object-meta.xml
    vrPerObject.reduce((a, b) => a + b, 0) +
    lvPerObject.reduce((a, b) => a + b, 0) +
    rtPerObject.reduce((a, b) => a + b, 0) +
    layoutsPerObject.reduce((a, b) => a + b, 0) +
    customObjects.length + // tabs
    N.apex * 2 +
    N.triggers * 2 +
    N.flows +
    N.permsets +
    N.profiles +
    N.connectedApps +
    N.ecas * 5 +
    N.workflows +
    N.namedCreds +
    N.customPermissions +
    N.psgs +
    8 + // specs
    11; // config json files
  const fieldBudget = Math.max(objects.length * 20, files - fixedCount);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const fieldCounts = weights.map((w) => Math.max(15, Math.floor((fieldBudget * w) / totalWeight)));
  // Put the rounding remainder on Account so the total is exact.
  fieldCounts[0] += fieldBudget - fieldCounts.reduce((a, b) => a + b, 0);

  /** Per object: its fields with types (the rest of the generator refers to them). */
  const schema = new Map();
  for (let oi = 0; oi < objects.length; oi++) {
    const obj = objects[oi];
    const names = new Set();
    const fields = [];
    while (fields.length < fieldCounts[oi]) {
      const n = R.int(1, 3);
      let name = Array.from({ length: n }, () => R.pick(WORDS)).join('_');
      if (names.has(name)) name = `${name}_${fields.length}`;
      names.add(name);
      const type = R.pick([
        'Text',
        'Text',
        'Text',
        'Text',
        'Checkbox',
        'Checkbox',
        'Picklist',
        'Picklist',
        'Picklist',
        'Number',
        'Currency',
        'Date',
        'Date',
        'DateTime',
        'Lookup',
        'Formula',
        'LongTextArea',
        'Email',
        'Phone',
        'Percent',
      ]);
      fields.push({ api: `${name}__c`, type });
    }
    schema.set(obj, fields);
  }
  const fieldsOf = (obj, type) => schema.get(obj).filter((f) => !type || f.type === type);
  const someField = (obj, type) => {
    const list = fieldsOf(obj, type);
    return list.length ? R.pick(list).api : R.pick(schema.get(obj)).api;
  };

  for (let oi = 0; oi < objects.length; oi++) {
    const obj = objects[oi];
    const base = `${FA}/objects/${obj}`;
    const custom = obj.endsWith('__c');
    // object-meta.xml
    const overrides = [];
    for (const action of [
      'Accept',
      'CancelEdit',
      'Clone',
      'Delete',
      'Edit',
      'List',
      'New',
      'SaveEdit',
      'Tab',
      'View',
    ]) {
      overrides.push([
        'actionOverrides',
        [
          ['actionName', action],
          ['type', 'Default'],
        ],
      ]);
      overrides.push([
        'actionOverrides',
        [
          ['actionName', action],
          ['formFactor', 'Large'],
          ['type', 'Default'],
        ],
      ]);
      overrides.push([
        'actionOverrides',
        [
          ['actionName', action],
          ['formFactor', 'Small'],
          ['type', 'Default'],
        ],
      ]);
    }
    const objNodes = [
      ...overrides,
      ['allowInChatterGroups', 'false'],
      ['compactLayoutAssignment', 'SYSTEM_DEFAULT'],
      custom ? ['deploymentStatus', 'Deployed'] : null,
      custom ? ['description', `${label(obj)} records, maintained by ${R.pick(ROLES).replace(/_/g, ' ')}.`] : null,
      ['enableActivities', 'true'],
      ['enableBulkApi', 'true'],
      ['enableFeeds', 'false'],
      ['enableHistory', String(R.chance(0.5))],
      ['enableLicensing', 'false'],
      ['enableReports', 'true'],
      ['enableSearch', 'true'],
      ['enableSharing', 'true'],
      ['enableStreamingApi', 'true'],
      ['externalSharingModel', 'Private'],
      custom ? ['label', label(obj)] : null,
      custom
        ? [
            'nameField',
            [
              ['label', `${label(obj)} Name`],
              ['trackHistory', 'false'],
              ['type', 'Text'],
            ],
          ]
        : null,
      custom ? ['pluralLabel', `${label(obj)}s`] : null,
      ['searchLayouts', []],
      ['sharingModel', R.pick(['ReadWrite', 'Private', 'Read'])],
      ['visibility', 'Public'],
    ].filter(Boolean);
    await W.put(`${base}/${obj}.object-meta.xml`, doc('CustomObject', objNodes));

    // fields
    for (const f of schema.get(obj)) {
      const common = [
        ['fullName', f.api],
        ['externalId', 'false'],
        ['label', label(f.api)],
      ];
      let nodes;
      switch (f.type) {
        case 'Text':
          nodes = [
            ...common,
            ['length', String(R.pick([40, 80, 255]))],
            ['required', 'false'],
            ['trackHistory', 'false'],
            ['trackTrending', 'false'],
            ['type', 'Text'],
            ['unique', 'false'],
          ];
          break;
        case 'Checkbox':
          nodes = [
            ['fullName', f.api],
            ['defaultValue', 'false'],
            ['externalId', 'false'],
            ['label', label(f.api)],
            ['trackHistory', 'false'],
            ['trackTrending', 'false'],
            ['type', 'Checkbox'],
          ];
          break;
        case 'Picklist': {
          const values = Array.from({ length: R.int(3, 25) }, (_, i) => [
            'value',
            [
              ['fullName', `${R.pick(WORDS)} ${i + 1}`],
              ['default', 'false'],
              ['label', `${R.pick(WORDS)} ${i + 1}`],
            ],
          ]);
          nodes = [
            ...common,
            ['required', 'false'],
            ['trackHistory', 'false'],
            ['trackTrending', 'false'],
            ['type', 'Picklist'],
            [
              'valueSet',
              [
                ['restricted', 'true'],
                ['valueSetDefinition', [['sorted', 'false'], ...values]],
              ],
            ],
          ];
          break;
        }
        case 'Number':
        case 'Currency':
        case 'Percent':
          nodes = [
            ...common,
            ['precision', '18'],
            ['required', 'false'],
            ['scale', f.type === 'Number' ? '0' : '2'],
            ['trackHistory', 'false'],
            ['trackTrending', 'false'],
            ['type', f.type],
            ['unique', f.type === 'Number' ? 'false' : null],
          ];
          break;
        case 'Lookup': {
          const target = R.pick(['Account', 'Contact', 'Opportunity', 'User', ...customObjects.slice(0, 10)]);
          nodes = [
            ...common,
            ['deleteConstraint', 'SetNull'],
            ['referenceTo', target],
            ['relationshipLabel', `${label(obj)}s`],
            ['relationshipName', `${f.api.replace(/__c$/, '')}_${obj.replace(/__c$/, '')}s`],
            ['required', 'false'],
            ['trackHistory', 'false'],
            ['trackTrending', 'false'],
            ['type', 'Lookup'],
          ];
          break;
        }
        case 'Formula':
          nodes = [
            ...common,
            [
              'formula',
              `IF(ISBLANK(${someField(obj, 'Number')}), 0, ${someField(obj, 'Number')} * ${R.int(2, 12)}) / 100`,
            ],
            ['formulaTreatBlanksAs', 'BlankAsZero'],
            ['precision', '18'],
            ['required', 'false'],
            ['scale', '2'],
            ['trackTrending', 'false'],
            ['type', 'Number'],
            ['unique', 'false'],
          ];
          break;
        case 'LongTextArea':
          nodes = [
            ...common,
            ['length', '32768'],
            ['trackHistory', 'false'],
            ['trackTrending', 'false'],
            ['type', 'LongTextArea'],
            ['visibleLines', '5'],
          ];
          break;
        default:
          nodes = [
            ...common,
            ['required', 'false'],
            ['trackHistory', 'false'],
            ['trackTrending', 'false'],
            ['type', f.type],
            ['unique', 'false'],
          ];
      }
      await W.put(`${base}/fields/${f.api}.field-meta.xml`, doc('CustomField', nodes));
    }

    // list views
    for (let i = 0; i < lvPerObject[oi]; i++) {
      const name =
        i === 0 ? 'All' : `${R.pick(['My', 'Recent', 'Open', 'Closed', 'Team', 'Region'])}_${R.pick(WORDS)}_${i}`;
      const cols = R.sample(schema.get(obj), R.int(4, 10)).map((f) => ['columns', f.api]);
      const filters =
        i === 0
          ? []
          : Array.from({ length: R.int(1, 3) }, () => [
              'filters',
              [
                ['field', someField(obj)],
                ['operation', R.pick(['equals', 'notEqual', 'greaterThan'])],
                ['value', R.pick(['true', '1', 'Open', 'EMEA'])],
              ],
            ]);
      await W.put(
        `${base}/listViews/${name}.listView-meta.xml`,
        doc('ListView', [
          ['fullName', name],
          ['columns', 'NAME'],
          ...cols,
          ['filterScope', i === 0 ? 'Everything' : R.pick(['Mine', 'Everything', 'Team'])],
          ...filters,
          ['label', name.replace(/_/g, ' ')],
        ]),
      );
    }

    // record types
    for (let i = 0; i < rtPerObject[oi]; i++) {
      const name = `${R.pick(['Enterprise', 'SMB', 'Partner', 'Internal', 'Standard', 'Renewal', 'Upsell', 'Support', 'Field'])}_${i + 1}`;
      const pls = fieldsOf(obj, 'Picklist')
        .slice(0, R.int(0, 4))
        .map((f) => [
          'picklistValues',
          [
            ['picklist', f.api],
            ...Array.from({ length: R.int(2, 8) }, (_, k) => [
              'values',
              [
                ['fullName', `${R.pick(WORDS)} ${k + 1}`],
                ['default', 'false'],
              ],
            ]),
          ],
        ]);
      await W.put(
        `${base}/recordTypes/${name}.recordType-meta.xml`,
        doc('RecordType', [['fullName', name], ['active', 'true'], ['label', name.replace(/_/g, ' ')], ...pls]),
      );
    }

    // layouts
    for (let i = 0; i < layoutsPerObject[oi]; i++) {
      const lname = `${obj}-${i === 0 ? `${label(obj)} Layout` : `${R.pick(ROLES).replace(/_/g, ' ')} Layout ${i}`}`;
      const sections = Array.from({ length: R.int(2, 6) }, (_, s) => [
        'layoutSections',
        [
          ['customLabel', 'true'],
          ['detailHeading', 'true'],
          ['editHeading', 'true'],
          ['label', `${R.pick(WORDS)} Information ${s + 1}`],
          ...[0, 1].map(() => [
            'layoutColumns',
            R.sample(schema.get(obj), R.int(2, 10)).map((f) => [
              'layoutItems',
              [
                ['behavior', R.pick(['Edit', 'Readonly', 'Required'])],
                ['field', f.api],
              ],
            ]),
          ]),
          ['style', 'TwoColumnsTopToBottom'],
        ],
      ]);
      await W.put(
        `${FA}/layouts/${lname}.layout-meta.xml`,
        doc('Layout', [
          ...sections,
          [
            'relatedLists',
            [
              ['fields', 'NAME'],
              ['fields', 'CREATEDBY_USER'],
              ['relatedList', 'RelatedHistoryList'],
            ],
          ],
          ['showEmailCheckbox', 'false'],
          ['showHighlightsPanel', 'false'],
          ['showInteractionLogPanel', 'false'],
          ['showRunAssignmentRulesCheckbox', 'false'],
          ['showSubmitAndAttachButton', 'false'],
        ]),
      );
    }
    if (custom)
      await W.put(
        `${FA}/tabs/${obj}.tab-meta.xml`,
        doc('CustomTab', [
          ['customObject', 'true'],
          ['motif', `Custom${R.int(1, 99)}: ${R.pick(WORDS)}`],
        ]),
      );
  }

  // ---------------- Validation rules (with planted identity exceptions and one merge conflict)
  const vrPlan = []; // { obj, index }
  for (let oi = 0; oi < objects.length; oi++)
    for (let i = 0; i < vrPerObject[oi]; i++) vrPlan.push({ obj: objects[oi], i });
  const vrOrder = R.shuffle(vrPlan.map((_, k) => k));
  const vrKind = new Map();
  vrOrder.slice(0, 24).forEach((k, n) => vrKind.set(k, n < 2 ? 'username-inactive' : 'username'));
  vrOrder.slice(24, 27).forEach((k) => vrKind.set(k, 'profile'));
  vrKind.set(vrOrder[27], 'profileId');
  vrKind.set(vrOrder[28], 'conflict');
  // The pre-commit validation rule: a planted one on Opportunity if there is one.
  for (let k = 0; k < vrPlan.length; k++) {
    const { obj, i } = vrPlan[k];
    const kind = vrKind.get(k) ?? 'noise';
    const f1 = someField(obj, 'Text');
    const f2 = someField(obj, 'Picklist');
    const f3 = someField(obj, 'Checkbox');
    const f4 = someField(obj, 'Date');
    const f5 = someField(obj, 'Number');
    const noise = [
      `AND(\n    ISCHANGED(${f1}),\n    ISPICKVAL(${f2}, 'Closed')\n)`,
      `AND(\n    NOT(ISBLANK(${f1})),\n    LEN(${f1}) > ${R.int(20, 120)}\n)`,
      `AND(\n    ISNEW(),\n    ${f4} < TODAY()\n)`,
      `AND(\n    ${f3},\n    ISBLANK(${f1}),\n    NOT($Permission.${obj.replace(/__c$/, '')}_Bypass_Validation)\n)`,
      `AND(\n    ISCHANGED(OwnerId),\n    $User.Id <> PRIORVALUE(OwnerId),\n    NOT($Permission.Change_Record_Owner)\n)`,
      `IF(\n    ISPICKVAL(${f2}, "Partner"),\n    ISBLANK(${f1}),\n    FALSE\n)`,
      `AND(\n    NOT(ISBLANK(${f1})),\n    NOT(REGEX(${f1}, "[A-Z]{2}-[0-9]{6}"))\n)`,
      `OR(\n    ${f5} < 0,\n    ${f5} > ${R.int(1000, 1000000)}\n)`,
    ];
    let formula = R.pick(noise);
    let name = `${R.pick(WORDS)}_${R.pick(['Required', 'Locked', 'Check', 'Format', 'Range', 'Not_In_Past', 'On_Close', 'Approval'])}_${i + 1}`;
    let active = 'true';
    const rel = () => `${FA}/objects/${obj}/validationRules/${name}.validationRule-meta.xml`;
    if (kind === 'username' || kind === 'username-inactive') {
      name = `${R.pick(WORDS)}_Locked_Except_Integration_${i + 1}`;
      formula = R.pick([
        `AND(\n    ISCHANGED(${f1}),\n    $User.Username <> '${SHARED_USER}'\n)`,
        `AND(\n    ${f3},\n    NOT(ISBLANK(${f1})),\n    $User.Username <> "${SHARED_USER}"\n)`,
        `AND(\n    ISCHANGED(${f2}),\n    LOWER($User.Username) != '${SHARED_USER}'\n)`,
      ]);
      if (kind === 'username-inactive') active = 'false';
      plant('username-exception', rel(), 'validation rule $User.Username');
    } else if (kind === 'profile') {
      name = `${R.pick(WORDS)}_Admin_Only_${i + 1}`;
      formula = `AND(\n    ISCHANGED(${f2}),\n    $Profile.Name <> 'System Administrator'\n)`;
      plant('username-exception', rel(), 'validation rule $Profile.Name');
    } else if (kind === 'profileId') {
      name = `${R.pick(WORDS)}_Legacy_Profile_Gate_${i + 1}`;
      formula = `AND(\n    ISCHANGED(${f1}),\n    $User.ProfileId <> '00e5g000001AbCd'\n)`;
      plant('username-exception', rel(), 'validation rule $User.ProfileId');
    }
    let content = doc('ValidationRule', [
      ['fullName', name],
      ['active', active],
      ['description', `Keeps ${label(obj)} data consistent (${R.pick(ROLES).replace(/_/g, ' ')} request).`],
      ['errorConditionFormula', formula],
      ['errorDisplayField', f1],
      ['errorMessage', `Please check ${label(f1)} before saving.`],
    ]);
    if (kind === 'conflict') {
      // A merge left conflict markers in the file: not well-formed XML.
      content = content
        .replace('    <errorDisplayField>', `<<<<<<< HEAD\n    <errorDisplayField>`)
        .replace(
          '</errorDisplayField>\n',
          `</errorDisplayField>\n=======\n    <errorDisplayField>Name</errorDisplayField>\n>>>>>>> feature/${name}\n`,
        );
      plant('parse-error', rel(), 'merge conflict markers');
    }
    if (kind === 'username' && obj === 'Opportunity' && !precommit.validationRule) precommit.validationRule = rel();
    if (kind === 'username' && !precommit.validationRuleFallback) precommit.validationRuleFallback = rel();
    await W.put(rel(), content);
  }
  precommit.validationRule ??= precommit.validationRuleFallback;
  delete precommit.validationRuleFallback;

  // ---------------- Apex classes and triggers
  const apexNames = [];
  const kinds = [
    'Service',
    'Selector',
    'TriggerHandler',
    'Controller',
    'Batch',
    'Queueable',
    'Test',
    'Util',
    'Domain',
    'Callout',
    'Scheduler',
    'Wrapper',
  ];
  const apexUsed = new Set();
  for (let i = 0; i < N.apex; i++) {
    let name;
    do {
      const obj = R.pick(objects).replace(/__c$/, '').replace(/_/g, '');
      name = `${obj}${R.pick(kinds)}${apexUsed.size > 300 ? R.int(1, 99) : ''}`;
    } while (apexUsed.has(name.toLowerCase()));
    apexUsed.add(name.toLowerCase());
    apexNames.push(name);
  }
  const apexPlan = R.shuffle(apexNames.map((_, k) => k));
  const apexKind = new Map();
  apexPlan.slice(0, 6).forEach((k) => apexKind.set(k, 'username'));
  apexKind.set(apexPlan[6], 'secret');
  apexPlan.slice(7, 27).forEach((k) => apexKind.set(k, 'commented')); // identity check only in a comment: not a finding

  const apexMethod = (obj, idx, usesUserInfo) => {
    const f1 = someField(obj, 'Text');
    const f2 = someField(obj, 'Checkbox');
    const f3 = someField(obj, 'Number');
    const t = R.int(0, 6);
    const m = `${R.pick(['process', 'find', 'update', 'build', 'validate', 'sync', 'apply', 'collect', 'resolve'])}${R.pick(WORDS)}${idx}`;
    switch (t) {
      case 0:
        return `    public static List<${obj}> ${m}(Set<Id> ids) {
        return [
            SELECT Id, Name, ${f1}, ${f2}, ${f3}, LastModifiedDate
            FROM ${obj}
            WHERE Id IN :ids AND ${f2} = true
            ORDER BY LastModifiedDate DESC
            LIMIT 200
        ];
    }
`;
      case 1:
        return `    /**
     * Marks records whose ${label(f1)} is missing so the ${R.pick(ROLES).replace(/_/g, ' ')} team can fix them.
     */
    public void ${m}(List<${obj}> records) {
        List<${obj}> toUpdate = new List<${obj}>();
        for (${obj} rec : records) {
            if (String.isBlank(rec.${f1})) {
                rec.${f2} = true;
                toUpdate.add(rec);
            } else if (rec.${f3} != null && rec.${f3} > ${R.int(10, 5000)}) {
                rec.${f1} = rec.${f1}.abbreviate(${R.int(20, 80)});
                toUpdate.add(rec);
            }
        }
        if (!toUpdate.isEmpty()) {
            Database.SaveResult[] results = Database.update(toUpdate, false);
            for (Integer i = 0; i < results.size(); i++) {
                if (!results[i].isSuccess()) {
                    System.debug(LoggingLevel.WARN, 'Update failed for ' + toUpdate[i].Id + ': ' + results[i].getErrors()[0].getMessage());
                }
            }
        }
    }
`;
      case 2:
        return `    public Map<Id, ${obj}> ${m}(List<${obj}> newList, Map<Id, ${obj}> oldMap) {
        Map<Id, ${obj}> changed = new Map<Id, ${obj}>();
        for (${obj} rec : newList) {
            ${obj} old = oldMap == null ? null : oldMap.get(rec.Id);
            if (old == null || old.${f1} != rec.${f1} || old.${f3} != rec.${f3}) {
                changed.put(rec.Id, rec);
            }
        }
        // New records without an owner go to the ${usesUserInfo ? 'running user' : 'queue of the team'}.
        for (${obj} rec : changed.values()) {
            if (rec.OwnerId == null) {
                rec.OwnerId = ${usesUserInfo ? 'UserInfo.getUserId()' : 'DEFAULT_OWNER_ID'};
            }
        }
        return changed;
    }
`;
      case 3:
        return `    @AuraEnabled(cacheable=true)
    public static List<${obj}> ${m}(String searchTerm, Integer pageSize) {
        String term = '%' + String.escapeSingleQuotes(searchTerm == null ? '' : searchTerm) + '%';
        Integer size = pageSize == null ? 25 : Math.min(pageSize, 200);
        try {
            return [SELECT Id, Name, ${f1} FROM ${obj} WHERE Name LIKE :term WITH SECURITY_ENFORCED LIMIT :size];
        } catch (QueryException e) {
            throw new AuraHandledException('Search failed: ' + e.getMessage());
        }
    }
`;
      case 4:
        return `    public static HttpResponse ${m}(Id recordId, String payload) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:${R.pick(VENDORS)}_API/v2/${obj.toLowerCase()}/' + recordId);
        req.setMethod('POST');
        req.setHeader('Content-Type', 'application/json');
        req.setTimeout(${R.int(10, 120) * 1000});
        req.setBody(payload);
        HttpResponse res = new Http().send(req);
        if (res.getStatusCode() >= 300) {
            throw new CalloutException('Unexpected status ' + res.getStatusCode() + ': ' + res.getBody());
        }
        return res;
    }
`;
      case 5:
        return `    @IsTest
    static void ${m}() {
        User u = new User(
            Alias = 'tst${idx % 100}',
            Email = 'test.user${idx}@acme-corp.com.test',
            EmailEncodingKey = 'UTF-8',
            LastName = 'Tester',
            LanguageLocaleKey = 'en_US',
            LocaleSidKey = 'en_US',
            ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id,
            TimeZoneSidKey = 'America/Los_Angeles',
            Username = 'test.user' + DateTime.now().getTime() + '@acme-corp.com.test'
        );
        insert u;
        List<${obj}> records = new List<${obj}>();
        for (Integer i = 0; i < 200; i++) {
            records.add(new ${obj}(Name = 'Test ' + i));
        }
        System.runAs(u) {
            Test.startTest();
            insert records;
            Test.stopTest();
        }
        System.assertEquals(200, [SELECT COUNT() FROM ${obj}], 'all records inserted');
    }
`;
      default:
        return `    private static Decimal ${m}(List<${obj}> records) {
        Decimal total = 0;
        Map<String, Decimal> byKey = new Map<String, Decimal>();
        for (${obj} rec : records) {
            Decimal v = rec.${f3} == null ? 0 : rec.${f3};
            total += v;
            String key = rec.${f1} == null ? 'none' : rec.${f1}.toLowerCase();
            byKey.put(key, (byKey.containsKey(key) ? byKey.get(key) : 0) + v);
        }
        return total.setScale(2);
    }
`;
    }
  };

  for (let k = 0; k < apexNames.length; k++) {
    const name = apexNames[k];
    const obj = R.pick(objects);
    const target = R.skewed(600, 30000);
    const kind = apexKind.get(k);
    const isTest = name.endsWith('Test');
    let body = `/**\n * ${name}: ${label(obj)} ${isTest ? 'tests' : 'logic'} for the ${R.pick(ROLES).replace(/_/g, ' ')} team.\n * Owner: ${R.pick(ROLES).replace(/_/g, ' ')} engineering.\n */\n${isTest ? '@IsTest\nprivate' : 'public with sharing'} class ${name} {\n`;
    body += `    private static final Integer BATCH_SIZE = ${R.pick([50, 100, 200, 2000])};\n\n`;
    if (kind === 'secret')
      body += `    private static final String CLIENT_SECRET = '${Array.from({ length: 32 }, () => R.pick('abcdef0123456789'.split(''))).join('')}';\n\n`;
    if (kind === 'username') {
      body += `    public static Boolean shouldSkip() {
        // The integration user loads data in bulk; skip the checks for it.
        if (UserInfo.getUserName() == '${SHARED_USER}') {
            return true;
        }
        return false;
    }

`;
    }
    if (kind === 'commented') {
      body += `    public static Boolean shouldSkip() {
        // Was: if (UserInfo.getUserName() == 'old.admin@acme-corp.com') return true;
        /* UserInfo.getUserName().equals('etl@acme-corp.com') was replaced by the custom permission. */
        return FeatureManagement.checkPermission('${obj.replace(/__c$/, '')}_Bypass_Validation');
    }

`;
    }
    let idx = 0;
    // About one class in eight calls UserInfo at all (real orgs: roughly 10-20%).
    const usesUserInfo = R.chance(0.12);
    while (body.length < target) body += `${apexMethod(obj, idx++, usesUserInfo)}\n`;
    body += '}\n';
    const rel = `${FA}/classes/${name}.cls`;
    if (kind === 'username') {
      plant('username-exception', rel, 'Apex UserInfo.getUserName() ==');
      precommit.apexClass ??= rel;
    }
    if (kind === 'secret') plant('secret-in-source', rel, 'Apex CLIENT_SECRET literal');
    await W.put(rel, body);
    await W.put(
      `${rel}-meta.xml`,
      doc('ApexClass', [
        ['apiVersion', R.pick(['58.0', '59.0', '60.0', '61.0', API])],
        ['status', 'Active'],
      ]),
    );
  }

  const trigObjects = R.sample(
    objects.filter((o) => !['User', 'OpportunityLineItem'].includes(o)),
    Math.min(N.triggers, objects.length),
  );
  for (let i = 0; i < N.triggers; i++) {
    const obj = trigObjects[i % trigObjects.length];
    const name = `${obj.replace(/__c$/, '').replace(/_/g, '')}Trigger${i >= trigObjects.length ? Math.floor(i / trigObjects.length) + 1 : ''}`;
    let body = `trigger ${name} on ${obj} (before insert, before update, after insert, after update, after delete) {\n`;
    if (i === 7) {
      body += `    if (UserInfo.getUserName() == '${SHARED_USER}') {\n        return;\n    }\n`;
      plant('username-exception', `${FA}/triggers/${name}.trigger`, 'trigger UserInfo.getUserName() ==');
    }
    body += `    ${obj.replace(/__c$/, '').replace(/_/g, '')}TriggerHandler handler = new ${obj.replace(/__c$/, '').replace(/_/g, '')}TriggerHandler();\n    if (Trigger.isBefore) {\n        handler.beforeSave(Trigger.new, Trigger.oldMap);\n    } else if (Trigger.isDelete) {\n        handler.afterDelete(Trigger.old);\n    } else {\n        handler.afterSave(Trigger.new, Trigger.oldMap);\n    }\n}\n`;
    await W.put(`${FA}/triggers/${name}.trigger`, body);
    await W.put(
      `${FA}/triggers/${name}.trigger-meta.xml`,
      doc('ApexTrigger', [
        ['apiVersion', API],
        ['status', 'Active'],
      ]),
    );
  }

  // ---------------- Flows
  const flowPlan = R.shuffle(Array.from({ length: N.flows }, (_, k) => k));
  const bigFlows = new Set(flowPlan.slice(0, 22));
  const flowKind = new Map();
  // Two planted conditions in big flows, two in ordinary ones; two planted formulas.
  flowKind.set(flowPlan[0], 'condition');
  flowKind.set(flowPlan[1], 'condition');
  flowKind.set(flowPlan[30], 'condition');
  flowKind.set(flowPlan[31], 'condition');
  flowKind.set(flowPlan[2], 'formula');
  flowKind.set(flowPlan[32], 'formula');
  for (let k = 0; k < N.flows; k++) {
    const obj = R.pick(objects.filter((o) => !['User', 'Task', 'Event'].includes(o)));
    const screen = R.chance(0.3);
    const target = bigFlows.has(k) ? R.int(100000, 420000) : R.skewed(4000, 60000);
    const name = `${obj.replace(/__c$/, '')}_${R.pick(['Routing', 'Assignment', 'Sync', 'Rollup', 'Notifications', 'Wizard', 'Intake', 'Approval', 'Escalation', 'Cleanup'])}_${k + 1}`;
    const kind = flowKind.get(k);
    const groups = {
      actionCalls: [],
      assignments: [],
      decisions: [],
      formulas: [],
      recordLookups: [],
      recordUpdates: [],
      screens: [],
      variables: [],
      loops: [],
    };
    let size = 3000;
    let n = 0;
    const ref = () =>
      `${R.pick(['Get', 'Set', 'Check', 'Update', 'Notify', 'Loop'])}_${R.pick(WORDS)}_${R.int(1, n + 1)}`;
    const loc = () => [
      ['locationX', String(R.int(0, 40) * 44)],
      ['locationY', String(R.int(0, 200) * 24)],
    ];
    const elementNames = [];
    while (size < target) {
      n++;
      const t = screen
        ? R.pick(['screens', 'screens', 'assignments', 'decisions', 'recordLookups', 'formulas', 'variables'])
        : R.pick([
            'assignments',
            'decisions',
            'decisions',
            'recordLookups',
            'recordUpdates',
            'actionCalls',
            'formulas',
            'variables',
            'loops',
          ]);
      const ename = `${R.pick(WORDS)}_${t.slice(0, -1)}_${n}`;
      elementNames.push(ename);
      let node;
      if (t === 'decisions') {
        const rules = Array.from({ length: R.int(1, 4) }, (_, r) => [
          'rules',
          [
            ['name', `${ename}_Outcome_${r + 1}`],
            ['conditionLogic', 'and'],
            ...Array.from({ length: R.int(1, 3) }, () => [
              'conditions',
              [
                ['leftValueReference', `$Record.${someField(obj)}`],
                ['operator', R.pick(['EqualTo', 'NotEqualTo', 'GreaterThan', 'IsNull', 'IsChanged'])],
                [
                  'rightValue',
                  [
                    R.chance(0.5)
                      ? ['stringValue', R.pick(['Closed', 'Open', 'EMEA', 'Gold', 'Pending Review'])]
                      : ['booleanValue', 'true'],
                  ],
                ],
              ],
            ]),
            ['connector', [['targetReference', ref()]]],
            ['label', `Outcome ${r + 1}`],
          ],
        ]);
        node = [
          ['name', ename],
          ['label', label(ename)],
          ...loc(),
          ['defaultConnector', [['targetReference', ref()]]],
          ['defaultConnectorLabel', 'Default Outcome'],
          ...rules,
        ];
      } else if (t === 'assignments') {
        node = [
          ['name', ename],
          ['label', label(ename)],
          ...loc(),
          ...Array.from({ length: R.int(1, 5) }, () => [
            'assignmentItems',
            [
              ['assignToReference', `var${R.pick(WORDS)}`],
              ['operator', R.pick(['Assign', 'Add'])],
              ['value', [['elementReference', `$Record.${someField(obj)}`]]],
            ],
          ]),
          ['connector', [['targetReference', ref()]]],
        ];
      } else if (t === 'recordLookups') {
        node = [
          ['name', ename],
          ['label', label(ename)],
          ...loc(),
          ['assignNullValuesIfNoRecordsFound', 'false'],
          ['connector', [['targetReference', ref()]]],
          ['filterLogic', 'and'],
          [
            'filters',
            [
              ['field', 'Id'],
              ['operator', 'EqualTo'],
              ['value', [['elementReference', '$Record.Id']]],
            ],
          ],
          ['getFirstRecordOnly', 'true'],
          ['object', obj],
          ['storeOutputAutomatically', 'true'],
        ];
      } else if (t === 'recordUpdates') {
        node = [
          ['name', ename],
          ['label', label(ename)],
          ...loc(),
          ...Array.from({ length: R.int(1, 4) }, () => [
            'inputAssignments',
            [
              ['field', someField(obj)],
              ['value', [['stringValue', R.pick(WORDS)]]],
            ],
          ]),
          ['inputReference', '$Record'],
        ];
      } else if (t === 'actionCalls') {
        node = [
          ['name', ename],
          ['label', label(ename)],
          ...loc(),
          ['actionName', 'emailSimple'],
          ['actionType', 'emailSimple'],
          ['connector', [['targetReference', ref()]]],
          ['flowTransactionModel', 'CurrentTransaction'],
          [
            'inputParameters',
            [
              ['name', 'emailAddresses'],
              ['value', [['elementReference', '$Record.Owner.Email']]],
            ],
          ],
          [
            'inputParameters',
            [
              ['name', 'emailSubject'],
              ['value', [['stringValue', `${label(obj)} needs attention`]]],
            ],
          ],
          ['nameSegment', 'emailSimple'],
          ['versionSegment', '1'],
        ];
      } else if (t === 'formulas') {
        const f = someField(obj, 'Number');
        node = [
          ['name', `fx${ename}`],
          ['dataType', R.pick(['Number', 'Boolean', 'String'])],
          [
            'expression',
            R.pick([
              `IF({!$Record.${f}} > ${R.int(100, 100000)}, 'Large', 'Standard')`,
              `{!$Flow.CurrentDate} + ${R.int(1, 90)}`,
              `AND(ISCHANGED({!$Record.${f}}), {!$Record.${f}} > 0)`,
              `{!$Record.${f}} * ${R.int(1, 30) / 100}`,
            ]),
          ],
          ['scale', '2'],
        ];
      } else if (t === 'variables') {
        node = [
          ['name', `var${ename}`],
          ['dataType', R.pick(['String', 'Number', 'Boolean', 'SObject'])],
          ['isCollection', String(R.chance(0.3))],
          ['isInput', 'false'],
          ['isOutput', 'false'],
        ];
      } else if (t === 'loops') {
        node = [
          ['name', ename],
          ['label', label(ename)],
          ...loc(),
          ['collectionReference', `Get_${R.pick(WORDS)}`],
          ['iterationOrder', 'Asc'],
          ['nextValueConnector', [['targetReference', ref()]]],
          ['noMoreValuesConnector', [['targetReference', ref()]]],
        ];
      } else {
        node = [
          ['name', ename],
          ['label', label(ename)],
          ...loc(),
          ['allowBack', 'true'],
          ['allowFinish', 'true'],
          ['allowPause', 'false'],
          ['connector', [['targetReference', ref()]]],
          ...Array.from({ length: R.int(2, 8) }, (_, q) => [
            'fields',
            [
              ['name', `${ename}_Field_${q}`],
              ['dataType', 'String'],
              ['fieldText', `${R.pick(WORDS)} ${R.pick(WORDS)}`],
              ['fieldType', 'InputField'],
              ['isRequired', String(R.chance(0.4))],
            ],
          ]),
          ['showFooter', 'true'],
          ['showHeader', 'true'],
        ];
      }
      groups[t].push([t, node]);
      size += ser([[t, node]], 1, []).join('').length;
    }
    let rel = `${FA}/flows/${name}.flow-meta.xml`;
    if (kind === 'condition') {
      groups.decisions.push([
        'decisions',
        [
          ['name', 'Is_Human_Edit'],
          ['label', 'Is Human Edit'],
          ['locationX', '182'],
          ['locationY', '287'],
          ['defaultConnectorLabel', 'Default Outcome'],
          [
            'rules',
            [
              ['name', 'Not_Integration_User'],
              ['conditionLogic', 'and'],
              [
                'conditions',
                [
                  ['leftValueReference', '$User.Username'],
                  ['operator', 'NotEqualTo'],
                  ['rightValue', [['stringValue', SHARED_USER]]],
                ],
              ],
              ['connector', [['targetReference', elementNames[0] ?? 'End']]],
              ['label', 'Not Integration User'],
            ],
          ],
        ],
      ]);
      plant('username-exception', rel, 'flow condition $User.Username');
      if (bigFlows.has(k)) precommit.flow ??= rel;
    }
    if (kind === 'formula') {
      groups.formulas.push([
        'formulas',
        [
          ['name', 'IsIntegrationEdit'],
          ['dataType', 'Boolean'],
          ['expression', `{!$User.Username} = '${SHARED_USER}'`],
        ],
      ]);
      plant('username-exception', rel, 'flow formula $User.Username');
    }
    const top = [
      ...Object.values(groups).flat(),
      ['apiVersion', API],
      [
        'description',
        `${label(name)}: ${screen ? 'guided screen flow' : 'record-triggered automation'} for ${label(obj)}.`,
      ],
      ['environments', 'Default'],
      ['interviewLabel', `${label(name)} {!$Flow.CurrentDateTime}`],
      ['label', label(name)],
      [
        'processMetadataValues',
        [
          ['name', 'BuilderType'],
          ['value', [['stringValue', 'LightningFlowBuilder']]],
        ],
      ],
      [
        'processMetadataValues',
        [
          ['name', 'CanvasMode'],
          ['value', [['stringValue', 'AUTO_LAYOUT_CANVAS']]],
        ],
      ],
      ['processType', screen ? 'Flow' : 'AutoLaunchedFlow'],
      [
        'start',
        screen
          ? [
              ['locationX', '50'],
              ['locationY', '0'],
              ['connector', [['targetReference', elementNames[0] ?? 'End']]],
            ]
          : [
              ['locationX', '50'],
              ['locationY', '0'],
              ['connector', [['targetReference', elementNames[0] ?? 'End']]],
              ['object', obj],
              ['recordTriggerType', 'CreateAndUpdate'],
              ['triggerType', R.pick(['RecordAfterSave', 'RecordBeforeSave'])],
            ],
      ],
      ['status', R.chance(0.85) ? 'Active' : 'Draft'],
    ];
    await W.put(rel, doc('Flow', sorted(top)));
    rel = null;
  }

  // ---------------- Permission sets, permission set groups, custom permissions
  const allFields = objects.flatMap((o) => schema.get(o).map((f) => `${o}.${f.api}`));
  const permsetNames = new Set();
  /** name -> { license?, admin?: string, integration?: boolean } */
  const permsetSpecs = [];
  const addPermset = (name, opts = {}) => {
    permsetNames.add(name);
    permsetSpecs.push({ name, ...opts });
  };
  // Planted: permission sets that integrations use, each granting ModifyAllData once.
  const PLANTED_PS = {
    byName: ['Data_Migration_Integration', 'Legacy_ETL_Integration'],
    byLicense: ['Warehouse_Sync_Access', 'Payroll_Feed_Access'],
    byConnectedApp: 'Billing_Sync_Access',
    byEca: 'Partner_Portal_Sync',
    byUserDef: 'Legacy_Data_Loader',
    byGroup: 'Treasury_Admin_Tools',
  };
  for (const n of PLANTED_PS.byName) addPermset(n, { admin: 'ModifyAllData' });
  for (const n of PLANTED_PS.byLicense)
    addPermset(n, { admin: 'ModifyAllData', license: 'Salesforce API Integration' });
  for (const n of [PLANTED_PS.byConnectedApp, PLANTED_PS.byEca, PLANTED_PS.byUserDef, PLANTED_PS.byGroup])
    addPermset(n, { admin: 'ModifyAllData' });
  // Not used by any integration: ModifyAllData there is fine for this lint.
  for (const n of ['Data_Steward', 'Org_Wide_Data_Admin', 'Release_Manager_Tools'])
    addPermset(n, { admin: 'ModifyAllData' });

  // Systems: vendors with connected apps, External Client Apps, specs.
  const vendors = R.shuffle(VENDORS);
  const caVendors = vendors.slice(0, 29);
  const ecaVendors = vendors.slice(29, 45);
  const specVendors = [...caVendors.slice(0, 5), ...ecaVendors.slice(0, 3)];
  for (const v of [...caVendors, ...ecaVendors])
    addPermset(`${v}_Integration`, {
      license: R.chance(0.5) ? 'Salesforce API Integration' : undefined,
      integration: true,
    });
  while (permsetNames.size < N.permsets) {
    const name = `${R.pick(ROLES)}_${R.pick(ACCESS)}${R.chance(0.3) ? `_${R.pick(['EMEA', 'NA', 'APAC', 'LATAM', 'Global'])}` : ''}`;
    if (!permsetNames.has(name) && !/integration/i.test(name)) addPermset(name);
  }
  for (const ps of permsetSpecs) {
    const nFields = ps.integration ? R.int(5, 60) : R.skewed(0, 400);
    const fieldPerms = R.sample(allFields, nFields)
      .sort()
      .map((f) => [
        'fieldPermissions',
        [
          ['editable', String(R.chance(0.5))],
          ['field', f],
          ['readable', 'true'],
        ],
      ]);
    const objs = [...new Set(fieldPerms.map(([, v]) => v[1][1].split('.')[0]))].sort();
    const objPerms = objs.map((o) => [
      'objectPermissions',
      [
        ['allowCreate', String(R.chance(0.4))],
        ['allowDelete', 'false'],
        ['allowEdit', String(R.chance(0.6))],
        ['allowRead', 'true'],
        ['modifyAllRecords', 'false'],
        ['object', o],
        ['viewAllRecords', 'false'],
      ],
    ]);
    const classes = ps.integration
      ? []
      : R.sample(apexNames, R.skewed(0, 60))
          .sort()
          .map((c) => [
            'classAccesses',
            [
              ['apexClass', c],
              ['enabled', 'true'],
            ],
          ]);
    const tabs = ps.integration
      ? []
      : R.sample(customObjects, R.int(0, 8))
          .sort()
          .map((t) => [
            'tabSettings',
            [
              ['tab', t],
              ['visibility', 'Visible'],
            ],
          ]);
    const perms = R.sample(ps.integration ? ['ApiEnabled'] : SAFE_USER_PERMS, ps.integration ? 1 : R.int(0, 12));
    if (ps.admin) perms.push(ps.admin);
    const userPerms = perms.sort().map((p) => [
      'userPermissions',
      [
        ['enabled', 'true'],
        ['name', p],
      ],
    ]);
    const nodes = sorted(
      [
        ...classes,
        [
          'description',
          ps.integration
            ? `Access for the ${label(ps.name.replace(/_Integration$/, ''))} integration user. Generated from its integration spec.`
            : `${label(ps.name)} access.`,
        ],
        ...fieldPerms,
        ['hasActivationRequired', 'false'],
        ['label', label(ps.name)],
        ps.license ? ['license', ps.license] : null,
        ...objPerms,
        ...tabs,
        ...userPerms,
      ].filter(Boolean),
    );
    const rel = `${FA}/permissionsets/${ps.name}.permissionset-meta.xml`;
    if (ps.admin && !['Data_Steward', 'Org_Wide_Data_Admin', 'Release_Manager_Tools'].includes(ps.name)) {
      plant('admin-profile', rel, `permission set used by an integration grants ${ps.admin}`);
      if (ps.name === PLANTED_PS.byName[0]) precommit.permissionSet = rel;
    }
    await W.put(rel, doc('PermissionSet', nodes));
  }
  // Permission set groups: one used by an integration (Treasury_Connect pre-authorises it).
  const psgs = [
    ['Treasury_Bundle', [PLANTED_PS.byGroup, R.pick(permsetSpecs.filter((p) => !p.admin && !p.integration)).name]],
  ];
  while (psgs.length < N.psgs)
    psgs.push([
      `${R.pick(ROLES)}_Bundle_${psgs.length}`,
      R.sample(
        permsetSpecs.filter((p) => !p.integration && !p.admin).map((p) => p.name),
        R.int(2, 6),
      ),
    ]);
  for (const [name, members] of psgs) {
    await W.put(
      `${FA}/permissionsetgroups/${name}.permissionsetgroup-meta.xml`,
      doc('PermissionSetGroup', [
        ['description', `${label(name)}.`],
        ['hasActivationRequired', 'false'],
        ['label', label(name)],
        ...members.sort().map((m) => ['permissionSets', m]),
        ['status', 'Updated'],
      ]),
    );
  }
  for (let i = 0; i < N.customPermissions; i++) {
    const name = `${objects[i % objects.length].replace(/__c$/, '')}_Bypass_Validation`;
    await W.put(
      `${FA}/customPermissions/${name}.customPermission-meta.xml`,
      doc('CustomPermission', [
        ['description', `Exempts the holder from ${label(objects[i % objects.length])} validation rules.`],
        ['isLicensed', 'false'],
        ['label', label(name)],
      ]),
    );
  }

  // ---------------- Profiles (three large ones, 2-5 MB)
  const profileNames = [
    'Admin',
    'Custom%3A Sales Profile',
    'Custom%3A Support Profile',
    'Standard',
    'ReadOnly',
    'ContractManager',
    'MarketingProfile',
    'SolutionManager',
    'Custom%3A Marketing Profile',
    'Partner Community User',
    'Customer Community User',
    'Customer Community Login User',
    'Analytics Cloud Integration User',
    'Analytics Cloud Security User',
    'Minimum Access - Salesforce',
    'Minimum Access - API Only Integrations',
    'Chatter Free User',
    'Chatter External User',
    'Chatter Moderator User',
    'Identity User',
    'Force%2Ecom - App Subscription User',
    'Force%2Ecom - Free User',
    'Gold Partner User',
    'High Volume Customer Portal User',
    'Authenticated Website',
    'Silver Partner User',
    'Custom%3A Finance Profile',
    'Custom%3A Field Service Profile',
    'Informatica Cloud',
    'Custom%3A Renewals Profile',
  ].slice(0, N.profiles);
  const bigProfiles = {
    Admin: 4_800_000,
    'Custom%3A Sales Profile': 3_200_000,
    'Custom%3A Support Profile': 2_150_000,
  };
  const packageFields = (n) =>
    Array.from(
      { length: n },
      (_, i) =>
        `${R.pick(STANDARD_OBJECTS)}.${R.pick(['pkgA', 'dsfs', 'SBQQ', 'et4ae5', 'mkto_si', 'zqu', 'LID'])}__${R.pick(WORDS)}_${R.pick(WORDS)}_${i}__c`,
    );
  for (const pname of profileNames) {
    const big = bigProfiles[pname];
    const integrationProfile = /integration/i.test(pname);
    const admin = pname === 'Admin';
    let fieldList;
    if (big) {
      // Every field of the project plus managed-package fields until the target size (≈155 bytes per entry).
      const entries = Math.max(allFields.length, Math.floor((big - 600_000) / 155));
      fieldList = [...allFields, ...packageFields(Math.max(0, entries - allFields.length))].sort();
    } else if (integrationProfile) fieldList = R.sample(allFields, 20).sort();
    else fieldList = R.sample(allFields, R.skewed(50, 1500)).sort();
    const nodes = [];
    const apps = [
      'standard__Sales',
      'standard__Service',
      'standard__Marketing',
      'standard__LightningSales',
      'standard__LightningService',
      'Acme_Console',
      'Partner_Hub',
      'Finance_App',
    ];
    for (const a of apps)
      nodes.push([
        'applicationVisibilities',
        [
          ['application', a],
          ['default', String(a === 'standard__LightningSales')],
          ['visible', String(!integrationProfile)],
        ],
      ]);
    const classList = big ? apexNames : integrationProfile ? [] : R.sample(apexNames, R.skewed(0, 300));
    for (const c of [...classList].sort())
      nodes.push([
        'classAccesses',
        [
          ['apexClass', c],
          ['enabled', String(admin || R.chance(0.7))],
        ],
      ]);
    nodes.push(['custom', String(pname.startsWith('Custom') || pname === 'Informatica Cloud')]);
    for (const f of fieldList)
      nodes.push([
        'fieldPermissions',
        [
          ['editable', String(admin || R.chance(0.5))],
          ['field', f],
          ['readable', 'true'],
        ],
      ]);
    if (big)
      for (let i = 0; i < 150; i++)
        nodes.push([
          'flowAccesses',
          [
            ['enabled', 'true'],
            ['flow', `Flow_${i}`],
          ],
        ]);
    for (const o of big ? objects : R.sample(objects, integrationProfile ? 2 : R.int(5, 30))) {
      for (let i = 0; i < (big ? layoutsPerObject[objects.indexOf(o)] : 1); i++)
        nodes.push(['layoutAssignments', [['layout', `${o}-${label(o)} Layout`]]]);
      nodes.push([
        'objectPermissions',
        [
          ['allowCreate', String(admin || R.chance(0.5))],
          ['allowDelete', String(admin)],
          ['allowEdit', String(admin || R.chance(0.6))],
          ['allowRead', 'true'],
          ['modifyAllRecords', String(admin)],
          ['object', o],
          ['viewAllRecords', String(admin)],
        ],
      ]);
    }
    if (big)
      for (const o of objects)
        for (let i = 0; i < rtPerObject[objects.indexOf(o)]; i++)
          nodes.push([
            'recordTypeVisibilities',
            [
              ['default', String(i === 0)],
              ['recordType', `${o}.RT_${i + 1}`],
              ['visible', 'true'],
            ],
          ]);
    for (const t of big ? customObjects : R.sample(customObjects, R.int(0, 10)))
      nodes.push([
        'tabVisibilities',
        [
          ['tab', t],
          ['visibility', R.pick(['DefaultOn', 'DefaultOff', 'Hidden'])],
        ],
      ]);
    nodes.push([
      'userLicense',
      pname === 'Minimum Access - API Only Integrations'
        ? 'Salesforce Integration'
        : /Community|Partner|Portal|Website/.test(pname)
          ? 'Customer Community'
          : 'Salesforce',
    ]);
    let perms;
    if (admin) perms = [...SAFE_USER_PERMS, ...ADMIN_USER_PERMS];
    else if (pname === 'Minimum Access - API Only Integrations') perms = ['ApiEnabled', 'ApiUserOnly'];
    // Salesforce-managed: its View All Data is the platform's (a near miss); a vendor-named clone with admin rights is not.
    else if (pname === 'Analytics Cloud Integration User') perms = ['ApiEnabled', 'ViewAllData'];
    else if (pname === 'Informatica Cloud') perms = ['ApiEnabled', 'ModifyAllData', 'ViewAllData'];
    else if (pname === 'Analytics Cloud Security User') perms = ['ApiEnabled', 'ViewSetup'];
    else perms = R.sample(SAFE_USER_PERMS, big ? SAFE_USER_PERMS.length : R.int(5, 40));
    for (const p of [...perms].sort())
      nodes.push([
        'userPermissions',
        [
          ['enabled', 'true'],
          ['name', p],
        ],
      ]);
    const rel = `${FA}/profiles/${pname}.profile-meta.xml`;
    if (pname === 'Informatica Cloud') plant('admin-profile', rel, 'vendor-named profile grants ModifyAllData');
    await W.put(rel, doc('Profile', sorted(nodes)));
  }

  // ---------------- Connected apps
  const consumerKey = () =>
    `3MVG9${Array.from({ length: 80 }, () => R.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._'.split(''))).join('')}`;
  const caSpecs = [
    ...['Zendesk_Sync', 'DocuSign_Connector', 'Stripe_Billing'].map((name) => ({
      name,
      runAs: SHARED_USER,
      shared: true,
    })),
    ...['Legacy_Portal', 'Survey_Tool', 'Field_Tablet', 'Partner_Community_App'].map((name) => ({
      name,
      selfAuth: true,
    })),
    { name: 'Fivetran_Loader', secret: true },
    { name: 'Admin_Console_Tool', adminProfile: true },
    { name: 'Billing_Sync', permset: PLANTED_PS.byConnectedApp, runAs: 'billing.sync@acme-corp.com' },
    { name: 'Treasury_Connect', permset: 'Treasury_Bundle', runAs: 'treasury.connect@acme-corp.com' },
    ...caVendors.map((v) => ({
      name: `${v}_Integration`,
      permset: `${v}_Integration`,
      runAs: R.chance(0.6) ? `${v.toLowerCase().replace(/_/g, '.')}.integration@acme-corp.com` : undefined,
      vendor: v,
    })),
  ].slice(0, N.connectedApps);
  for (const ca of caSpecs) {
    const rel = `${FA}/connectedApps/${ca.name}.connectedApp-meta.xml`;
    const oauth = [
      ['callbackUrl', 'https://login.salesforce.com/services/oauth2/success'],
      ['certificate', null],
      ['consumerKey', consumerKey()],
      ca.secret
        ? ['consumerSecret', Array.from({ length: 64 }, () => R.pick('ABCDEF0123456789'.split(''))).join('')]
        : null,
      ['isAdminApproved', String(!ca.selfAuth)],
      ['isClientCredentialEnabled', String(Boolean(ca.runAs))],
      ['isCodeCredentialEnabled', 'false'],
      ['isCodeCredentialPostOnly', 'false'],
      ['isConsumerSecretOptional', 'false'],
      ['isIntrospectAllTokens', 'false'],
      ['isNamedUserJwtEnabled', 'false'],
      ['isPkceRequired', String(Boolean(ca.selfAuth))],
      ['isRefreshTokenRotationEnabled', 'false'],
      ['isSecretRequiredForRefreshToken', 'true'],
      ['isSecretRequiredForTokenExchange', 'false'],
      ['isTokenExchangeEnabled', 'false'],
      ca.runAs ? ['oauthClientCredentialUser', ca.runAs] : null,
      ['scopes', 'Api'],
      ca.selfAuth ? ['scopes', 'RefreshToken'] : null,
    ].filter(Boolean);
    const nodes = [
      ['contactEmail', `${ca.name.toLowerCase().replace(/_/g, '-')}-owner@acme-corp.com`],
      [
        'description',
        `${label(ca.name)}: ${R.pick(['nightly sync', 'real-time events', 'reporting extract', 'mobile app', 'partner access'])}.`,
      ],
      ['label', label(ca.name)],
      ['oauthConfig', oauth],
      [
        'oauthPolicy',
        [
          ['ipRelaxation', 'ENFORCE'],
          ['isTokenExchangeFlowEnabled', 'false'],
          ['refreshTokenPolicy', ca.selfAuth ? 'specific_lifetime:30:DAYS' : 'zero'],
        ],
      ],
      ca.permset ? ['permissionSetName', ca.permset] : null,
      ca.adminProfile ? ['profileName', 'System Administrator'] : null,
    ].filter(Boolean);
    if (ca.shared) plant('shared-integration-user', rel, `client-credentials user ${SHARED_USER}`);
    if (ca.selfAuth) {
      plant('oauth-app-policy', rel, 'isAdminApproved false');
      precommit.connectedApp ??= rel;
    }
    if (ca.secret) plant('secret-in-source', rel, 'consumerSecret');
    if (ca.adminProfile) plant('admin-profile', rel, 'pre-authorised for System Administrator');
    await W.put(rel, doc('ConnectedApp', nodes));
  }

  // ---------------- External Client Apps: 5 files each
  for (let i = 0; i < N.ecas; i++) {
    const v = ecaVendors[i % ecaVendors.length];
    const name =
      i < ecaVendors.length
        ? `${v}_Connect`
        : `${['Partner_Portal', 'Kiosk_App', 'Field_Survey', 'Intranet_Widget'][i - ecaVendors.length] ?? `App_${i}`}`;
    const selfAuth = i === ecaVendors.length + 1 || i === ecaVendors.length + 2;
    const partnerPortal = name === 'Partner_Portal';
    const secret = i === 3;
    const runAs =
      !selfAuth && !partnerPortal && R.chance(0.7)
        ? `${v.toLowerCase().replace(/_/g, '.')}.connect@acme-corp.com`
        : undefined;
    const permset = partnerPortal ? PLANTED_PS.byEca : i < ecaVendors.length ? `${v}_Integration` : undefined;
    await W.put(
      `${FA}/externalClientApps/${name}.eca-meta.xml`,
      doc('ExternalClientApplication', [
        ['contactEmail', `${name.toLowerCase()}@acme-corp.com`],
        ['description', `${label(name)} external client app.`],
        ['distributionState', 'Local'],
        ['isProtected', 'false'],
        ['label', label(name)],
      ]),
    );
    const glbl = `${FA}/extlClntAppGlobalOauthSets/${name}_glbloauth.ecaGlblOauth-meta.xml`;
    await W.put(
      glbl,
      doc(
        'ExtlClntAppGlobalOauthSettings',
        [
          ['callbackUrl', `https://${name.toLowerCase().replace(/_/g, '-')}.acme-corp.com/oauth/callback`],
          ['consumerKey', consumerKey()],
          secret
            ? ['consumerSecret', Array.from({ length: 64 }, () => R.pick('ABCDEF0123456789'.split(''))).join('')]
            : null,
          ['externalClientApplication', name],
          ['isClientCredentialsFlowEnabled', String(Boolean(runAs))],
          ['isConsumerSecretOptional', 'false'],
          ['isIntrospectAllTokens', 'false'],
          ['isPkceRequired', 'true'],
          ['isSecretRequiredForRefreshToken', 'true'],
          ['label', label(name)],
        ].filter(Boolean),
      ),
    );
    if (secret) plant('secret-in-source', glbl, 'ECA consumerSecret');
    await W.put(
      `${FA}/extlClntAppOauthSettings/${name}_oauth.ecaOauth-meta.xml`,
      doc('ExtlClntAppOauthSettings', [
        ['commaSeparatedOauthScopes', 'Api, RefreshToken'],
        ['externalClientApplication', name],
        ['label', label(name)],
      ]),
    );
    const plcy = `${FA}/extlClntAppOauthPolicies/${name}_oauthPlcy.ecaOauthPlcy-meta.xml`;
    await W.put(
      plcy,
      doc(
        'ExtlClntAppOauthConfigurablePolicies',
        [
          runAs ? ['clientCredentialsFlowUser', runAs] : null,
          permset ? ['commaSeparatedPermissionSet', permset] : null,
          ['externalClientApplication', name],
          ['ipRelaxationPolicyType', 'Enforce'],
          ['isClientCredentialsFlowEnabled', String(Boolean(runAs))],
          ['label', label(name)],
          ['permittedUsersPolicyType', selfAuth ? 'AllSelfAuthorized' : 'AdminApprovedPreAuthorized'],
          ['refreshTokenPolicyType', 'SpecificInactivity'],
          ['refreshTokenValidityPeriod', '30'],
          ['refreshTokenValidityUnit', 'Days'],
        ].filter(Boolean),
      ),
    );
    if (selfAuth) plant('oauth-app-policy', plcy, 'ECA AllSelfAuthorized');
    await W.put(
      `${FA}/extlClntAppPolicies/${name}_plcy.ecaPlcy-meta.xml`,
      doc('ExtlClntAppConfigurablePolicies', [
        ['externalClientApplication', name],
        ['isEnabled', 'true'],
        ['isOauthPluginEnabled', 'true'],
        ['label', label(name)],
      ]),
    );
  }

  // ---------------- Workflows with outbound messages
  const wfObjects = objects.filter((o) => !['User', 'OpportunityLineItem', 'Event'].includes(o)).slice(0, N.workflows);
  if (!wfObjects.includes('Opportunity') || !wfObjects.includes('Case'))
    throw new Error('workflow objects must include Opportunity and Case');
  let obVendor = 0;
  for (const obj of wfObjects) {
    const rel = `${FA}/workflows/${obj}.workflow-meta.xml`;
    const fieldUpdates = [];
    const outbound = [];
    const rules = [];
    const nRules = R.int(2, 12);
    for (let i = 0; i < nRules; i++) {
      const fu = `Set_${R.pick(WORDS)}_${i}`;
      const f = someField(obj);
      fieldUpdates.push([
        'fieldUpdates',
        [
          ['fullName', fu],
          ['field', f],
          ['formula', `TODAY() + ${R.int(1, 30)}`],
          ['name', label(fu)],
          ['notifyAssignee', 'false'],
          ['operation', 'Formula'],
          ['protected', 'false'],
          ['reevaluateOnChange', 'false'],
        ],
      ]);
      const useFormula = R.chance(0.5);
      rules.push([
        'rules',
        [
          ['fullName', `${label(obj)} ${R.pick(['Stamp', 'Flag', 'Notify', 'Route'])} ${i}`],
          [
            'actions',
            [
              ['name', fu],
              ['type', 'FieldUpdate'],
            ],
          ],
          ['active', String(R.chance(0.8))],
          useFormula
            ? null
            : [
                'criteriaItems',
                [
                  ['field', `${obj}.${someField(obj, 'Checkbox')}`],
                  ['operation', 'equals'],
                  ['value', 'True'],
                ],
              ],
          ['description', `Keeps ${label(f)} current.`],
          useFormula
            ? ['formula', `AND(\n    ISCHANGED(${someField(obj)}),\n    NOT(ISBLANK(${someField(obj)}))\n)`]
            : null,
          ['triggerType', R.pick(['onAllChanges', 'onCreateOnly', 'onCreateOrTriggeringUpdate'])],
        ].filter(Boolean),
      ]);
    }
    const obs = [];
    if (obj === 'Opportunity')
      obs.push({
        name: 'Notify_ERP_Booking',
        url: 'https://erp-gateway.netsuite-bridge.com/salesforce/outbound/booking',
        user: SHARED_USER,
        shared: true,
      });
    if (obj === 'Case')
      obs.push({
        name: 'Push_To_Jira_Service',
        url: 'https://hooks.atlassian-bridge.net/jira/sfdc/case',
        user: SHARED_USER,
        shared: true,
      });
    if (R.chance(0.4)) {
      const v = caVendors[obVendor++ % caVendors.length];
      const host = v.toLowerCase().replace(/_/g, '-');
      obs.push({
        name: `${v}_${obj.replace(/__c$/, '')}_Push`,
        url: `https://events.${host}.io/salesforce/${obj.toLowerCase()}`,
        user: `${v.toLowerCase().replace(/_/g, '.')}.integration@acme-corp.com`,
      });
    }
    for (const ob of obs) {
      outbound.push([
        'outboundMessages',
        [
          ['fullName', ob.name],
          ['apiVersion', '52.0'],
          ['description', `Sends ${label(obj)} changes to ${label(ob.name)}.`],
          ['endpointUrl', ob.url],
          ['fields', 'Id'],
          ['fields', 'LastModifiedDate'],
          ['fields', 'Name'],
          ['includeSessionId', 'false'],
          ['integrationUser', ob.user],
          ['name', label(ob.name)],
          ['protected', 'false'],
          ['useDeadLetterQueue', 'true'],
        ],
      ]);
      rules.push([
        'rules',
        [
          ['fullName', label(ob.name)],
          [
            'actions',
            [
              ['name', ob.name],
              ['type', 'OutboundMessage'],
            ],
          ],
          ['active', 'true'],
          [
            'criteriaItems',
            [
              ['field', `${obj}.Name`],
              ['operation', 'notEqual'],
            ],
          ],
          ['triggerType', 'onAllChanges'],
        ],
      ]);
      if (ob.shared) plant('shared-integration-user', rel, `outbound message user ${SHARED_USER}`);
    }
    if (obj === 'Lead') {
      rules.push([
        'rules',
        [
          ['fullName', 'Lead Route Human Edits'],
          [
            'actions',
            [
              ['name', fieldUpdates[0][1][0][1]],
              ['type', 'FieldUpdate'],
            ],
          ],
          ['active', 'true'],
          ['formula', `AND(\n    ISCHANGED(Status),\n    $Profile.Name <> 'Integration User'\n)`],
          ['triggerType', 'onAllChanges'],
        ],
      ]);
      plant('username-exception', rel, 'workflow rule $Profile.Name');
    }
    await W.put(rel, doc('Workflow', [...fieldUpdates, ...outbound, ...rules]));
  }

  // ---------------- Named credentials
  for (let i = 0; i < N.namedCreds; i++) {
    const v = vendors[(i * 7) % vendors.length];
    const name = `${v}_API${i >= vendors.length ? i : ''}`;
    const rel = `${FA}/namedCredentials/${name}.namedCredential-meta.xml`;
    let nodes;
    if (i < 2) {
      nodes = [
        ['allowMergeFieldsInBody', 'false'],
        ['allowMergeFieldsInHeader', 'false'],
        ['endpoint', `https://esb.acme-corp.com/${v.toLowerCase()}`],
        ['generateAuthorizationHeader', 'true'],
        ['label', label(name)],
        ['principalType', 'NamedUser'],
        ['protocol', 'Password'],
        ['username', 'svc_salesforce'],
      ];
      plant('shared-integration-user', rel, 'legacy named credential username svc_salesforce shared');
    } else if (i === 2) {
      nodes = [
        ['allowMergeFieldsInBody', 'false'],
        ['allowMergeFieldsInHeader', 'false'],
        ['endpoint', `https://ftp-gw.acme-corp.com/${v.toLowerCase()}`],
        ['generateAuthorizationHeader', 'true'],
        ['label', label(name)],
        ['password', 'Winter2025!Sync'],
        ['principalType', 'NamedUser'],
        ['protocol', 'Password'],
        ['username', 'sf-export'],
      ];
      plant('secret-in-source', rel, 'named credential password');
    } else {
      nodes = [
        ['allowMergeFieldsInBody', 'false'],
        ['allowMergeFieldsInHeader', 'false'],
        ['calloutStatus', 'Enabled'],
        ['generateAuthorizationHeader', 'true'],
        ['label', label(name)],
        [
          'namedCredentialParameters',
          [
            ['parameterName', 'Url'],
            ['parameterType', 'Url'],
            ['parameterValue', `https://api.${v.toLowerCase().replace(/_/g, '-')}.com/v2`],
          ],
        ],
        [
          'namedCredentialParameters',
          [
            ['externalCredential', `${v}_Credential`],
            ['parameterName', 'ExternalCredential'],
            ['parameterType', 'Authentication'],
          ],
        ],
        ['namedCredentialType', 'SecuredEndpoint'],
      ];
    }
    await W.put(rel, doc('NamedCredential', nodes));
  }

  // ---------------- Integration specs and user definitions
  for (let i = 0; i < specVendors.length; i++) {
    const v = specVendors[i];
    const username =
      i < 5
        ? `${v.toLowerCase().replace(/_/g, '.')}.integration@acme-corp.com`
        : `${v.toLowerCase().replace(/_/g, '.')}.connect@acme-corp.com`;
    const expired = i === 2;
    const noSupport = i === 6;
    const license = i >= 5 ? 'salesforce' : undefined;
    const rel = `integrations/${v.toLowerCase().replace(/_/g, '-')}.yaml`;
    const lines = [
      '# yaml-language-server: $schema=../schemas/integration-spec.schema.json',
      `name: ${v.replace(/_/g, ' ')}`,
      `description: ${label(v)} integration. Syncs ${R.sample(['Accounts', 'Contacts', 'Opportunities', 'Cases', 'Leads', 'Orders', 'Invoices'], 2).join(' and ')}.`,
      'owners:',
      `  business: ${R.pick(['Priya Raman', 'Tom Becker', 'Ana Souza', 'Kenji Sato'])} <${R.pick(ROLES).toLowerCase()}@acme-corp.com>`,
      `  technical: Integration Team <integration-team@acme-corp.com>`,
      noSupport ? null : `support: ${v.toLowerCase()}-support@acme-corp.com`,
      'user:',
      `  username: ${username}`,
      license ? `  license: ${license}` : null,
      license ? `  licenseReason: needs Chatter and Knowledge, which the Integration license does not include` : null,
      'auth:',
      '  flow: client-credentials',
      '  scopes: [api]',
      'access:',
      '  objects:',
      '    Account: [read]',
      '    Contact: [read, edit]',
      'api:',
      '  direction: outbound',
      `  dailyVolume: ${R.int(100, 100000)}`,
      'lifecycle:',
      `  expires: ${expired ? '2025-06-30' : '2027-12-31'}`,
      '  review: annual',
      expired ? null : '  nextReview: 2027-09-01',
      '  offboarding:',
      `    - Revoke the tokens of ${username}.`,
      '    - Deactivate the user.',
    ].filter((l) => l !== null);
    if (expired) plant('spec-governance', rel, 'expired');
    if (noSupport) plant('spec-governance', rel, 'no support contact');
    await W.put(rel, `${lines.join('\n')}\n`);
    await W.put(
      `config/${v}-user-def.json`,
      `${JSON.stringify({ Username: username, LastName: `${label(v)} Integration`, Email: 'integration-team@acme-corp.com', Alias: v.toLowerCase().slice(0, 8), TimeZoneSidKey: 'America/Los_Angeles', LocaleSidKey: 'en_US', LanguageLocaleKey: 'en_US', EmailEncodingKey: 'UTF-8', profileName: 'Minimum Access - API Only Integrations', permsets: [`${v}_Integration`], generatePassword: false }, null, 2)}\n`,
    );
  }
  {
    const rel = 'config/Legacy_ETL-user-def.json';
    await W.put(
      rel,
      `${JSON.stringify({ Username: 'legacy.etl@acme-corp.com', LastName: 'Legacy ETL', Email: 'data-team@acme-corp.com', Alias: 'letl', TimeZoneSidKey: 'America/Los_Angeles', LocaleSidKey: 'en_US', LanguageLocaleKey: 'en_US', EmailEncodingKey: 'UTF-8', profileName: 'System Administrator', permsets: [PLANTED_PS.byUserDef], generatePassword: false }, null, 2)}\n`,
    );
    plant('admin-profile', rel, 'user definition on System Administrator');
    const rel2 = 'config/Payroll_Feed-user-def.json';
    await W.put(
      rel2,
      `${JSON.stringify({ Username: 'payroll.feed@acme-corp.com', LastName: 'Payroll Feed', Email: 'hr-systems@acme-corp.com', Alias: 'payroll', TimeZoneSidKey: 'America/Los_Angeles', LocaleSidKey: 'en_US', LanguageLocaleKey: 'en_US', EmailEncodingKey: 'UTF-8', profileName: 'Minimum Access - API Only Integrations', permsets: ['Payroll_Feed_Access'], password: 'Spring2026!Payroll' }, null, 2)}\n`,
    );
    plant('secret-in-source', rel2, 'password in user definition');
    await W.put(
      'config/project-scratch-def.json',
      `${JSON.stringify({ orgName: 'Acme', edition: 'Enterprise', features: ['EnableSetPasswordInApi', 'API'], settings: { lightningExperienceSettings: { enableS1DesktopEnabled: true } } }, null, 2)}\n`,
    );
  }

  await W.flush();
  for (const key of ['validationRule', 'connectedApp', 'permissionSet', 'flow', 'apexClass']) {
    if (!precommit[key]) throw new Error(`internal: no pre-commit file of kind ${key}`);
  }
  return {
    dir,
    fileCount: W.count,
    bytes: W.bytes,
    planted,
    expected,
    precommit,
    generatorVersion: GENERATOR_VERSION,
    seed,
    files,
  };
}
