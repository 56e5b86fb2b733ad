/**
 * The platform rules the generator relies on: what a deploy refuses or an org ignores although the Metadata API
 * schema accepts it. One table, read by generate (and by the tests that check its output), rendered into
 * docs/platform-rules.md. Each rule names the public reference it comes from; `confirmed: false` marks a rule we
 * follow on indirect evidence only, and says what the evidence is.
 */

import type { ObjectAccess } from '../spec/types.js';

export type Reference = { title: string; url: string };

export type PlatformRule = {
  id: string;
  title: string;
  /** What the platform does. */
  rule: string;
  /** What generate does because of it. */
  generator: string;
  references: Reference[];
  /** Evidence beyond the references (counts in retrieved orgs), when there is any. */
  evidence?: string;
  confirmed: boolean;
};

const DOC = {
  permissionSet: {
    title: 'Metadata API: PermissionSet',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm',
  },
  profile: {
    title: 'Metadata API: Profile',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profile.htm',
  },
  connectedApp: {
    title: 'Metadata API: ConnectedApp',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm',
  },
  ecaOauthPolicies: {
    title: 'Metadata API: ExtlClntAppOauthConfigurablePolicies',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthconfigurablepolicies.htm',
  },
  ecaSettings: {
    title: 'Metadata API: ExtlClntAppOauthSettings',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthsettings.htm',
  },
  ecaGlobalOauth: {
    title: 'Metadata API: ExtlClntAppGlobalOauthSettings',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm',
  },
  ipRelaxation: {
    title: 'Salesforce Help: Connected App IP Relaxation and Continuous IP Enforcement',
    url: 'https://help.salesforce.com/s/articleView?id=xcloud.connected_app_continuous_ip.htm&type=5',
  },
  ecaPoliciesGenerated: {
    title:
      'Salesforce Help: Configure External Client App OAuth Policies (the policies file is generated when the app is deployed)',
    url: 'https://help.salesforce.com/s/articleView?id=xcloud.meta_configure_external_client_app_policies.htm&type=5',
  },
  ecaPolicyDefaults: {
    title:
      'Salesforce Help: External Client App OAuth Policies (generated with default values when the app is saved or deployed)',
    url: 'https://help.salesforce.com/s/articleView?id=xcloud.external_client_app_oauth_policies_configuration.htm&type=5',
  },
  connectedAppsRestricted: {
    title: "Salesforce Help: New Connected Apps Can No Longer Be Created in Spring '26 (knowledge article 005228017)",
    url: 'https://help.salesforce.com/s/articleView?id=005228017&type=1',
  },
  sfOrgCreateUser: {
    title: 'sf CLI reference: org create user',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.sfdx_cli_reference.meta/sfdx_cli_reference/cli_reference_org_commands_unified.htm',
  },
} as const satisfies Record<string, Reference>;

/** The licenses a spec can ask for, and what each one needs. */
export const LICENSES = {
  integration: {
    userLicense: 'Salesforce Integration',
    profile: 'Minimum Access - API Only Integrations',
    /** The "Salesforce API Integration" permission set license: label, and the developer name metadata and sf use. */
    permissionSetLicense: { label: 'Salesforce API Integration', name: 'SalesforceAPIIntegrationPsl' },
  },
  salesforce: {
    userLicense: 'Salesforce',
    profile: 'Minimum Access - Salesforce',
    permissionSetLicense: undefined,
  },
} as const;

/**
 * How the platform grants access to an object that takes no object permissions:
 * - user-permission: writes are a user permission (tasks and events); reads follow the related records;
 * - parent: access follows the parent record (line items, campaign members, team members, comments);
 * - sharing: access follows sharing and the user's own permissions (users, files).
 */
export type WithoutObjectPermissions =
  | { kind: 'user-permission'; plural: string; userPermission: string }
  | { kind: 'parent'; plural: string; parents: string[] }
  | { kind: 'sharing'; plural: string };

/**
 * Objects that take no object permissions. Retrieved profiles and permission sets of seven production orgs (1,229
 * files) carry field permissions on the fields of the first group but never an object permission on any of these.
 */
export const OBJECTS_WITHOUT_OBJECT_PERMISSIONS: Readonly<Record<string, WithoutObjectPermissions>> = {
  Task: { kind: 'user-permission', plural: 'tasks', userPermission: 'EditTask' },
  Event: { kind: 'user-permission', plural: 'events', userPermission: 'EditEvent' },
  CampaignMember: { kind: 'parent', plural: 'campaign members', parents: ['Campaign'] },
  OpportunityLineItem: { kind: 'parent', plural: 'opportunity products', parents: ['Opportunity'] },
  OpportunityContactRole: { kind: 'parent', plural: 'opportunity contact roles', parents: ['Opportunity'] },
  OpportunityTeamMember: { kind: 'parent', plural: 'opportunity team members', parents: ['Opportunity'] },
  QuoteLineItem: { kind: 'parent', plural: 'quote line items', parents: ['Quote'] },
  OrderItem: { kind: 'parent', plural: 'order products', parents: ['Order'] },
  PricebookEntry: { kind: 'parent', plural: 'price book entries', parents: ['Product2', 'Pricebook2'] },
  AccountContactRelation: { kind: 'parent', plural: 'account contact relationships', parents: ['Account', 'Contact'] },
  AccountTeamMember: { kind: 'parent', plural: 'account team members', parents: ['Account'] },
  CaseComment: { kind: 'parent', plural: 'case comments', parents: ['Case'] },
  CaseTeamMember: { kind: 'parent', plural: 'case team members', parents: ['Case'] },
  EmailMessage: { kind: 'parent', plural: 'email messages', parents: ['Case'] },
  User: { kind: 'sharing', plural: 'users' },
  ContentVersion: { kind: 'sharing', plural: 'files' },
  ContentDocument: { kind: 'sharing', plural: 'files' },
  ContentDocumentLink: { kind: 'sharing', plural: 'file shares' },
};

/** The entry for an object that has no object permissions (API names compare case-insensitively), or undefined. */
export function objectWithoutObjectPermissions(
  object: string,
): (WithoutObjectPermissions & { object: string }) | undefined {
  const key = Object.keys(OBJECTS_WITHOUT_OBJECT_PERMISSIONS).find((o) => o.toLowerCase() === object.toLowerCase());
  return key ? { object: key, ...OBJECTS_WITHOUT_OBJECT_PERMISSIONS[key] } : undefined;
}

/** Access to such an object that changes records; read needs no grant. */
export const WRITE_ACCESS: readonly ObjectAccess[] = ['create', 'edit', 'delete'];
/** Access no permission set can give on them: seeing every record is View All Data, an admin permission. */
export const REFUSED_ACCESS: readonly ObjectAccess[] = ['viewAll', 'modifyAll'];

/**
 * Standard activity fields that take no field-level security: no retrieved profile or permission set of seven
 * production orgs carries a field permission on them, while Description, Type, WhoId and WhatId appear in hundreds.
 * Required fields (Subject, Status, Priority) are among them. Whoever may edit the activity may set them.
 */
export const ACTIVITY_FIELDS_WITHOUT_FLS: ReadonlySet<string> = new Set(
  [
    'Subject',
    'Status',
    'Priority',
    'OwnerId',
    'AccountId',
    'CallType',
    'CallDurationInSeconds',
    'CallDisposition',
    'CallObject',
    'IsReminderSet',
    'ReminderDateTime',
    'StartDateTime',
    'EndDateTime',
    'DurationInMinutes',
    'ShowAs',
    'TaskSubtype',
    'EventSubtype',
  ].map((f) => f.toLowerCase()),
);

/**
 * Metadata elements that name a user by username: the user must exist (and be active) in the target org before the
 * component deploys. The stage planner puts every component that has one after the user is created.
 */
export const USER_NAMING_ELEMENTS: ReadonlyArray<{ type: string; path: string[] }> = [
  { type: 'ConnectedApp', path: ['oauthConfig', 'oauthClientCredentialUser'] },
  { type: 'ExtlClntAppOauthConfigurablePolicies', path: ['clientCredentialsFlowUser'] },
];

/**
 * The records of an External Client App as the platform names them: it creates the policy records itself when the
 * app is saved or deployed, named after the app, with the label equal to the name. A file under another name deploys
 * as a second record and fails with "duplicate value found: ExternalClientApplicationId".
 */
export function ecaRecordNames(app: string): {
  globalOauth: string;
  oauthSettings: string;
  oauthPolicies: string;
  policies: string;
} {
  return {
    globalOauth: `${app}_glbloauth`,
    oauthSettings: `${app}_oauth`,
    oauthPolicies: `${app}_oauthPlcy`,
    policies: `${app}_plcy`,
  };
}

/** The `.forceignore` line that keeps a retrieve from writing an External Client App's global OAuth settings into git. */
export const GLOBAL_OAUTH_FORCEIGNORE = '**/*.ecaGlblOauth-meta.xml';

export const PLATFORM_RULES: readonly PlatformRule[] = [
  {
    id: 'objects-without-object-permissions',
    title: 'Tasks, events and child objects take no object permissions',
    rule: 'Task and Event have no object permissions: creating, editing and deleting activities is the EditTask and EditEvent user permission, and which activities a user sees follows the records they relate to. Child objects (campaign members, opportunity and order products, quote line items, contact roles, team members, case comments, email messages) follow their parent record; users and files follow sharing. Their fields take field permissions as on any object; custom activity fields are granted as Task.<field> and Event.<field>, never Activity.<field>.',
    generator:
      'An object of this table under access.objects gets no object permission: Task and Event get EditTask / EditEvent for create, edit or delete; a child object needs its parent under access.objects (refused without it); each is said back as a note. Field permissions on their fields stay; Activity.<field> is written for Task and Event. viewAll and modifyAll on them are refused (that is View All Data).',
    references: [
      DOC.permissionSet,
      {
        title: 'Salesforce Help: User Permissions (Edit Tasks, Edit Events)',
        url: 'https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm&type=5',
      },
    ],
    evidence:
      'Profiles and permission sets retrieved from seven production orgs (1,229 files: arpitambition/TritechPartial3-Sandbox, josephChristopher/tesglobal_Prod, josemartin83/Tempo-Prod, Rohit-astrum/Production, SEIU-UHW/UHW-Prod-Backup, GalloGio/IATA, cclarkston/salesforce-prod): no object permission on any object of the table; field permissions on Task and Event fields in 821 files, CampaignMember 576, OpportunityLineItem 678, User 853; EditTask in 436 files, EditEvent in 401; Activity.<field> in none, custom activity fields always as both Task.<field> and Event.<field>.',
    confirmed: true,
  },
  {
    id: 'activity-fields-without-field-security',
    title: 'Some standard activity fields take no field-level security',
    rule: 'Subject, Status, Priority, the call fields (CallType, CallDurationInSeconds, CallDisposition, CallObject), the reminder, date-time and duration fields, ShowAs, AccountId and the subtypes of tasks and events carry no field permission in any retrieved profile or permission set; whoever may edit the activity may set them.',
    generator:
      'Such a field under access.fields gets no field permission, with a note that EditTask / EditEvent already covers it.',
    references: [DOC.permissionSet],
    evidence:
      'In the same 1,229 files: 0 field permissions on each of these fields, against 675 to 677 files each for Task.Description, Task.ActivityDate, Task.Type, Task.WhoId and Task.WhatId. Not checked against a deploy.',
    confirmed: false,
  },
  {
    id: 'login-ip-ranges-live-on-the-profile',
    title: 'Login IP ranges are enforced only through the profile',
    rule: "A user's login IP ranges are the loginIpRanges of the user's profile: logins from elsewhere are refused, always for the OAuth JWT and SAML bearer flows. A connected app's ipRanges and an External Client App's trustedIpRanges are trusted ranges, where users skip identity verification; they restrict nothing.",
    generator:
      "auth.ipRanges are written as loginIpRanges on a profile of the integration's own (user.profile per-integration, the default when ranges are given); user.profile standard with ranges is refused. An app gets trusted ranges only from auth.trustedIpRanges.",
    references: [DOC.ipRelaxation, DOC.profile, DOC.ecaSettings, DOC.connectedApp],
    evidence:
      'Help: "IP restrictions are enforced only when they\'re configured on a user\'s profile. SAML bearer assertion and JWT bearer token flows always enforce IP restrictions regardless of the connected app policy." Metadata API: trustedIpRanges / ipRanges "can access the app without requiring the user to authenticate".',
    confirmed: true,
  },
  {
    id: 'integration-license-profile',
    title: 'A profile of its own on the Salesforce Integration license',
    rule: "The Salesforce Integration user license comes with the profile 'Minimum Access - API Only Integrations', whose API-only access cannot be turned off; data access belongs in permission sets licensed to 'Salesforce API Integration' (SalesforceAPIIntegrationPsl), assigned after that permission set license. A custom profile on the license can be cloned from the standard one in Setup; that a Metadata API deploy creates a new Profile with userLicense Salesforce Integration is not documented.",
    generator:
      "The per-integration profile, written only to carry login IP ranges, has userLicense Salesforce Integration, ApiEnabled and ApiUserOnly and nothing else. If stage 1 refuses to create it, clone 'Minimum Access - API Only Integrations' in Setup under the profile's name and deploy stage 1 again: the deploy then sets the clone's login IP ranges.",
    references: [
      {
        title: 'Salesforce Help: Give Integration Users API Only Access',
        url: 'https://help.salesforce.com/s/articleView?id=platform.integration_user.htm&type=5',
      },
      DOC.profile,
    ],
    evidence:
      "Every retrieved profile on the license in seven public org dumps (the standard one, and 'Salesforce API Only System Integrations' converted to custom in Summer '24) has no object permissions and ApiEnabled, ApiUserOnly, ChatterInternalUser; no admin-made clone was found.",
    confirmed: false,
  },
  {
    id: 'run-as-user-must-exist-first',
    title: 'A component that names a user deploys after the user exists',
    rule: 'The client credentials run-as user (ConnectedApp oauthConfig.oauthClientCredentialUser, ExtlClntAppOauthConfigurablePolicies.clientCredentialsFlowUser) is a username of the target org, so the user must exist before the app deploys, and "must have the API Only permission".',
    generator:
      'The rollout is staged: (1) permission set, custom permission and profile; (2) the user; (3) the app whose policies name the user. Each deploy stage has its own manifest. The user is API only through its profile.',
    references: [DOC.ecaOauthPolicies, DOC.connectedApp],
    evidence:
      'The exact deploy error for a missing user is not documented; deploy scripts in public repositories rewrite clientCredentialsFlowUser per org before deploying.',
    confirmed: true,
  },
  {
    id: 'eca-policy-records-are-named-by-the-platform',
    title: "An External Client App's policy records carry the names the platform gives them",
    rule: 'Salesforce creates the OAuth policies and the app policies of an External Client App itself when the app is saved or deployed, named <App>_oauthPlcy and <App>_plcy, with the label equal to the name; the settings it writes are <App>_oauth and <App>_glbloauth. A policy file under another name deploys as a second record of the app and fails with "duplicate value found: ExternalClientApplicationId".',
    generator:
      "The four records are written as <App>_glbloauth, <App>_oauth, <App>_oauthPlcy and <App>_plcy, labelled with their names, so a deploy updates the records the platform created. Files that earlier versions of this plugin generated already had these names; only their labels change (to the names). Files named <App>_defaultPolicy (sfdx-hardis writes those) are another tool's names, not the platform's: retrieve the app's policies and delete the extra files before deploying.",
    references: [DOC.ecaPoliciesGenerated, DOC.ecaPolicyDefaults, DOC.ecaOauthPolicies],
    evidence:
      'Retrieved from orgs: N-P-N-P/SFDX-SFDX (Devops_JWT_oauthPlcy, Devops_JWT_plcy, labels equal to the names), tyoshikawa1106/salesforce-platform-playground (Salesforce_API_Playground_oauthPlcy, _plcy, _oauth, _glbloauth), unofficialbox/box-bedrock-for-clm (Box_Automate_CLM_oauthPlcy, _oauth, _glbloauth). A Setup Audit Trail line in a public repository reads "Created the External Client App OAuth Policies: Drift_Integration_oauthPlcy".',
    confirmed: true,
  },
  {
    id: 'global-oauth-settings-stay-out-of-git',
    title: "An External Client App's global OAuth settings never go back into git",
    rule: 'ExtlClntAppGlobalOauthSettings "include private and sensitive OAuth consumer information that can\'t be packaged and must not be added to source control": a retrieve can write the consumer key (and, without secret protection, the consumer secret) into it. A new local app with its own OAuth consumer needs the file on its first deploy; Salesforce generates the consumer key when the file has none.',
    generator:
      'The global settings are written without consumer key or secret, and deploy with the app (stage 3). The command proposes the .forceignore line **/*.ecaGlblOauth-meta.xml for after the app exists; while the line is there a deploy skips the file too, so remove it for a deploy that changes the callback URL, certificate or flows.',
    references: [DOC.ecaGlobalOauth],
    confirmed: true,
  },
  {
    id: 'connected-apps-need-support',
    title: "New connected apps need Salesforce Support since Spring '26",
    rule: "Since Spring '26 customers cannot create connected apps, in Setup or through the Metadata API, unless Salesforce Support enables it; existing connected apps can still be edited, and package installs still create them. External Client Apps replace them.",
    generator:
      'External Client App is the default. auth.app connected-app still writes a connected app, with a warning that creating it needs Salesforce Support.',
    references: [DOC.connectedAppsRestricted, DOC.connectedApp],
    confirmed: true,
  },
  {
    id: 'connected-app-permission-set-by-label',
    title: 'A connected app names its permission sets by label',
    rule: "ConnectedApp.permissionSetName lists the permission sets pre-authorised for the app; the reference says only 'permission set name'.",
    generator:
      "The connected app names the integration's permission set by its label (which differs from its API name only by spaces for underscores).",
    references: [DOC.connectedApp],
    evidence:
      'No retrieved connected app with a permission set whose label differs from its API name was found; a public deploy script uses the label. An External Client App names permission sets by API name (commaSeparatedPermissionSet in retrieved files), which generate writes.',
    confirmed: false,
  },
  {
    id: 'permission-set-license-before-permission-set',
    title: 'A licensed permission set is assigned after its permission set license',
    rule: 'A permission set whose license is SalesforceAPIIntegrationPsl can be assigned only to a user who holds the "Salesforce API Integration" permission set license.',
    generator:
      'The checklist assigns the permission set license, then the permission set; the scratch-org user definition leaves permsets out for that reason.',
    references: [DOC.permissionSet],
    confirmed: true,
  },
  {
    id: 'org-create-user-is-scratch-only',
    title: '`sf org create user` works only on scratch orgs',
    rule: '`sf org create user --definition-file` creates users in scratch orgs only; on a production or sandbox org a user is created as a User record.',
    generator:
      'The checklist creates the user with `sf data create record --sobject User` (the profile looked up by name), then assigns the permission set license and the permission set; the user definition file is for scratch orgs.',
    references: [DOC.sfOrgCreateUser],
    confirmed: true,
  },
];

/** docs/platform-rules.md: the table as a page (a test keeps the committed page equal to this). */
export function renderPlatformRules(): string {
  const lines = [
    '# Platform rules `sf integration generate` relies on',
    '',
    'What a deploy refuses or an org ignores although the Metadata API schema accepts it. The table lives in',
    '`src/shared/platformRules.ts`; generate reads it and its tests check the output against it. This page is rendered',
    'from it (`npm run docs`), so the two cannot differ.',
    '',
    '| rule | status |',
    '| --- | --- |',
    ...PLATFORM_RULES.map((r) => `| [${r.title}](#${r.id}) | ${r.confirmed ? 'confirmed' : 'unconfirmed'} |`),
    '',
  ];
  for (const r of PLATFORM_RULES) {
    lines.push(
      `## ${r.id}`,
      '',
      `**${r.title}.** ${r.confirmed ? '' : '*Unconfirmed.* '}${r.rule}`,
      '',
      `What generate does: ${r.generator}`,
      '',
    );
    if (r.evidence) lines.push(`Evidence: ${r.evidence}`, '');
    lines.push('References:', '', ...r.references.map((ref) => `- [${ref.title}](${ref.url})`), '');
  }
  return lines.join('\n');
}
