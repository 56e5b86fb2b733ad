import path from 'node:path';
import type { IndirectGrant, ResolvedIntegration } from '../spec/types.js';
import { isEmail } from '../spec/load.js';
import {
  ecaRecordNames,
  GLOBAL_OAUTH_FORCEIGNORE,
  LICENSES,
  objectWithoutObjectPermissions,
} from '../shared/platformRules.js';
import { oauthName, type MetadataScope } from '../spec/scopes.js';
import { truncate } from '../shared/text.js';
import { render } from './render.js';
import { deployStage, manifestPath, manifestXml, userCommands, userFields, type DeployStage } from './rollout.js';

/** One file the generator produces. `type` is the metadata type for deployable files, else a kind of document. */
export type PlannedFile = {
  /** Absolute path. */
  path: string;
  content: string;
  type: string;
  /** API name of the component (metadata) or the integration (documents). */
  name: string;
  /** Which integrations the file comes from (API names); the register comes from all. */
  sources: string[];
  /** For deployable metadata: the rollout stage that deploys it. */
  stage?: DeployStage;
};

export type PlanOptions = {
  projectRoot: string;
  /** Absolute directory metadata goes into (the default package directory's main/default, or --output-dir). */
  metadataDir: string;
  /** Write the register (integrations/register.md and .csv): only when every spec is read. */
  register: boolean;
  /** Directory holding the specs, shown in the register. */
  specDir: string;
  licenseAllotment: number;
  /** API version the manifests name. */
  apiVersion: string;
};

const REFRESH_UNIT_CONNECTED_APP = { hours: 'HOURS', days: 'DAYS', months: 'MONTHS' } as const;
const REFRESH_UNIT_ECA = { hours: 'Hours', days: 'Days', months: 'Months' } as const;

function connectedAppRefreshPolicy(i: ResolvedIntegration): string {
  const r = i.refreshToken;
  switch (r.policy) {
    case 'zero':
      return 'zero';
    case 'infinite':
      return 'infinite';
    case 'specific-lifetime':
      return `specific_lifetime:${r.validity ?? 90}:${REFRESH_UNIT_CONNECTED_APP[r.unit ?? 'days']}`;
    case 'specific-inactivity':
      return `specific_inactivity:${r.validity ?? 90}:${REFRESH_UNIT_CONNECTED_APP[r.unit ?? 'days']}`;
  }
}

const ECA_REFRESH_POLICY = {
  zero: 'Zero',
  infinite: 'Infinite',
  'specific-lifetime': 'SpecificLifetime',
  'specific-inactivity': 'SpecificInactivity',
} as const;

const FLOW_LABEL = {
  'jwt-bearer': 'OAuth 2.0 JWT bearer',
  'client-credentials': 'OAuth 2.0 client credentials',
  'authorization-code': 'OAuth 2.0 authorization code (web server, PKCE)',
  none: 'no OAuth app (username-password or outside Salesforce)',
} as const;

const APP_LABEL = {
  'external-client-app': 'External Client App',
  'connected-app': 'Connected App',
  none: 'none',
} as const;

/** The context every template of one integration sees. */
export function templateContext(i: ResolvedIntegration): Record<string, unknown> {
  const s = i.spec;
  const support = s.support.trim();
  const contactEmail = isEmail(support) ? support : i.email;
  const objects =
    [...i.objectGrants, ...i.indirectGrants]
      .map((g) => g.object)
      .sort((a, b) => a.localeCompare(b, 'en'))
      .join(', ') || 'none';
  const psl = LICENSES[i.license].permissionSetLicense;
  return {
    ...i,
    username: s.user.username,
    permissionSetLabel: truncate(`${i.label} Integration`, 80),
    permissionSetDescription: truncate(
      `Access for the ${i.label} integration user (${s.user.username}): ${objects}. Generated from ${i.specPath}.`,
      255,
    ),
    // Retrieve writes the license's developer name (SalesforceAPIIntegrationPsl), so that is what we write.
    permissionSetLicense: psl?.name,
    customPermissionLabel: truncate(`Bypass validation: ${i.label}`, 80),
    customPermissionDescription: truncate(
      `Held by the ${i.label} integration user. Validation rules and flows skip it with ${i.bypassFormula ?? ''}; never exempt users by username or profile.`,
      255,
    ),
    appLabel: truncate(`${i.label} Integration`, 80),
    appDescription: truncate(s.description ?? `OAuth app for the ${i.label} integration.`, 255),
    contactEmail,
    isClientCredentials: i.flow === 'client-credentials',
    isAuthorizationCode: i.flow === 'authorization-code',
    commaSeparatedScopes: i.scopes.join(', '),
    connectedAppRefreshTokenPolicy: connectedAppRefreshPolicy(i),
    ecaRefreshTokenPolicy: ECA_REFRESH_POLICY[i.refreshToken.policy],
    ecaRefreshTokenValidity:
      i.refreshToken.policy === 'specific-lifetime' || i.refreshToken.policy === 'specific-inactivity'
        ? i.refreshToken.validity
        : undefined,
    ecaRefreshTokenUnit: i.refreshToken.unit ? REFRESH_UNIT_ECA[i.refreshToken.unit] : undefined,
    profileDescription: truncate(
      `Login IP ranges for the ${i.label} integration user; API only. Generated from ${i.specPath}.`,
      255,
    ),
    userLicense: LICENSES[i.license].userLicense,
    ecaNames: i.appName ? ecaRecordNames(i.appName) : undefined,
  };
}

function metadataFiles(i: ResolvedIntegration, dir: string): PlannedFile[] {
  const ctx = templateContext(i);
  const files: PlannedFile[] = [];
  const add = (rel: string, template: string, type: string, name: string): void => {
    files.push({
      path: path.join(dir, rel),
      content: render(`metadata/${template}`, ctx),
      type,
      name,
      sources: [i.apiName],
      stage: deployStage(type),
    });
  };
  add(
    `permissionsets/${i.permissionSetName}.permissionset-meta.xml`,
    'permissionset.xml',
    'PermissionSet',
    i.permissionSetName,
  );
  if (i.customPermissionName) {
    add(
      `customPermissions/${i.customPermissionName}.customPermission-meta.xml`,
      'custompermission.xml',
      'CustomPermission',
      i.customPermissionName,
    );
  }
  if (i.appName && i.app === 'external-client-app') {
    const a = i.appName;
    const n = ecaRecordNames(a);
    add(`externalClientApps/${a}.eca-meta.xml`, 'eca.xml', 'ExternalClientApplication', a);
    add(
      `extlClntAppGlobalOauthSets/${n.globalOauth}.ecaGlblOauth-meta.xml`,
      'ecaGlblOauth.xml',
      'ExtlClntAppGlobalOauthSettings',
      n.globalOauth,
    );
    add(
      `extlClntAppOauthSettings/${n.oauthSettings}.ecaOauth-meta.xml`,
      'ecaOauth.xml',
      'ExtlClntAppOauthSettings',
      n.oauthSettings,
    );
    add(
      `extlClntAppOauthPolicies/${n.oauthPolicies}.ecaOauthPlcy-meta.xml`,
      'ecaOauthPlcy.xml',
      'ExtlClntAppOauthConfigurablePolicies',
      n.oauthPolicies,
    );
    add(
      `extlClntAppPolicies/${n.policies}.ecaPlcy-meta.xml`,
      'ecaPlcy.xml',
      'ExtlClntAppConfigurablePolicies',
      n.policies,
    );
  } else if (i.appName && i.app === 'connected-app') {
    add(`connectedApps/${i.appName}.connectedApp-meta.xml`, 'connectedapp.xml', 'ConnectedApp', i.appName);
  }
  if (i.generatedProfile)
    add(`profiles/${i.generatedProfile}.profile-meta.xml`, 'profile.xml', 'Profile', i.generatedProfile);
  return files;
}

/**
 * `sf org create user` definition (scratch orgs only), keys as Salesforce's own user-def samples spell them. A
 * permission set licensed to the integration permission set license cannot be assigned before that license, which
 * the definition cannot assign, so then permsets is left out and the checklist assigns both in order.
 */
export function userDefinition(i: ResolvedIntegration): Record<string, unknown> {
  return {
    ...Object.fromEntries(userFields(i)),
    profileName: i.profileName,
    ...(LICENSES[i.license].permissionSetLicense ? {} : { permsets: [i.permissionSetName] }),
    generatePassword: false,
  };
}

export function userDefinitionPath(projectRoot: string, i: ResolvedIntegration): string {
  return path.join(projectRoot, 'config', `${i.apiName}-user-def.json`);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** The components of one stage, as `Type Name` for the checklist. */
function stageComponents(metadata: PlannedFile[], stage: DeployStage): string {
  return metadata
    .filter((f) => f.stage === stage)
    .map((f) => `${f.type} ${f.name}`)
    .join(', ');
}

/** The checklist; `metadata` are the integration's deployable files, split into the stages that deploy them. */
function checklist(i: ResolvedIntegration, projectRoot: string, metadata: PlannedFile[]): string {
  const s = i.spec;
  const hasApp = metadata.some((f) => f.stage === 3);
  return render('docs/checklist.md', {
    ...templateContext(i),
    businessOwner: s.owners.business,
    technicalOwner: s.owners.technical,
    support: s.support,
    userDefPath: toPosix(path.relative(projectRoot, userDefinitionPath(projectRoot, i))),
    isIntegrationLicense: i.license === 'integration',
    licenseReason: s.user.licenseReason,
    psl: LICENSES.integration.permissionSetLicense.label,
    certificate: s.auth?.certificate
      ? toPosix(path.relative(projectRoot, path.resolve(path.dirname(i.specFile), s.auth.certificate)))
      : undefined,
    appKindLabel: APP_LABEL[i.app],
    isConnectedApp: i.app === 'connected-app',
    isExternalClientApp: i.app === 'external-client-app',
    ipRangesText: i.ipRanges.map((r) => `${r.start}-${r.end}${r.description ? ` (${r.description})` : ''}`).join(', '),
    accessManifest: manifestPath(i.apiName, 1),
    accessComponents: stageComponents(metadata, 1),
    appManifest: hasApp ? manifestPath(i.apiName, 3) : undefined,
    appComponents: stageComponents(metadata, 3),
    user: userCommands(i),
    globalOauthForceignore: GLOBAL_OAUTH_FORCEIGNORE,
    expires: s.lifecycle?.expires,
    review: s.lifecycle?.review ?? 'annual',
    nextReview: s.lifecycle?.nextReview,
    offboarding: s.lifecycle?.offboarding ?? [],
  });
}

/** The manifests of stages 1 and 3 (stage 3 only with an app), each listing exactly that stage's components. */
function manifests(
  i: ResolvedIntegration,
  projectRoot: string,
  metadata: PlannedFile[],
  apiVersion: string,
): PlannedFile[] {
  return ([1, 3] as const)
    .map((stage) => ({ stage, components: metadata.filter((f) => f.stage === stage) }))
    .filter(({ components }) => components.length > 0)
    .map(({ stage, components }) => ({
      path: path.join(projectRoot, ...manifestPath(i.apiName, stage).split('/')),
      content: manifestXml(components, apiVersion),
      type: 'Manifest',
      name: manifestPath(i.apiName, stage),
      sources: [i.apiName],
    }));
}

/** How access to an object without object permissions is granted, for the register. */
function indirectAccess(grant: IndirectGrant): string {
  const entry = objectWithoutObjectPermissions(grant.object);
  if (grant.userPermission) return grant.userPermission;
  if (entry?.kind === 'parent') return entry.parents.join('/');
  return entry?.kind === 'sharing' ? 'sharing' : 'related records';
}

function objectsTouched(i: ResolvedIntegration): string {
  const grants = [
    ...i.objectGrants.map((g) => ({ grant: g, via: '' })),
    ...i.indirectGrants.map((a) => ({ grant: a.access, via: ` via ${indirectAccess(a)}` })),
  ].sort((a, b) => a.grant.object.localeCompare(b.grant.object, 'en'));
  return (
    grants
      .map(({ grant: g, via }) => {
        const perms = [
          g.allowRead && 'R',
          g.allowCreate && 'C',
          g.allowEdit && 'E',
          g.allowDelete && 'D',
          g.viewAllRecords && 'VA',
          g.modifyAllRecords && 'MA',
        ].filter(Boolean);
        const fields = i.fieldGrants.filter((f) => f.field.startsWith(`${g.object}.`));
        const fieldText = fields.length
          ? ` [${fields.map((f) => `${f.field.slice(g.object.length + 1)}:${f.editable ? 'edit' : 'read'}`).join(' ')}]`
          : '';
        return `${g.object} (${perms.join('')}${via})${fieldText}`;
      })
      .join('; ') || 'none'
  );
}

/** The register's auth cell: the flow, then its scopes and IP ranges where there are any. */
function authSummary(i: ResolvedIntegration): string {
  const ranges = (list: ResolvedIntegration['ipRanges']): string => list.map((r) => `${r.start}-${r.end}`).join(' ');
  return [
    FLOW_LABEL[i.flow],
    i.scopes.length && i.flow !== 'none'
      ? `scopes ${i.scopes.map((sc) => oauthName(sc as MetadataScope)).join(' ')}`
      : '',
    i.ipRanges.length ? `login IP ${ranges(i.ipRanges)}` : '',
    i.trustedIpRanges.length ? `trusted IP ${ranges(i.trustedIpRanges)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function registerRow(i: ResolvedIntegration): Record<string, unknown> {
  const s = i.spec;
  const api = s.api ?? {};
  const pattern = [
    api.direction,
    api.frequency,
    api.dailyVolume !== undefined ? `${api.dailyVolume}/day` : undefined,
    api.peak ? `peak ${api.peak}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    name: i.label,
    apiName: i.apiName,
    username: s.user.username,
    license: i.license === 'integration' ? 'Salesforce Integration' : `Salesforce (${s.user.licenseReason ?? ''})`,
    profile: i.profileName,
    businessOwner: s.owners.business,
    technicalOwner: s.owners.technical,
    support: s.support,
    objects: objectsTouched(i),
    flow: i.flow,
    auth: authSummary(i),
    appKind: i.app,
    app: i.appName ? `${APP_LABEL[i.app]} ${i.appName}` : 'none',
    appName: i.appName ?? '',
    permissionSet: i.permissionSetName,
    customPermission: i.customPermissionName ?? '',
    bypassFormula: i.bypassFormula ?? '',
    apiPattern: pattern || 'not stated',
    direction: api.direction,
    frequency: api.frequency,
    dailyVolume: api.dailyVolume,
    peak: api.peak,
    retry: api.retry,
    errorOwner: api.errorOwner,
    alerts: api.alerts,
    expires: s.lifecycle?.expires ?? 'not set',
    review: s.lifecycle?.review ?? 'not set',
    nextReview: s.lifecycle?.nextReview ?? '',
    offboarding: (s.lifecycle?.offboarding ?? []).join('; ') || 'not documented',
    spec: i.specPath,
  };
}

/** Warning text when more integrations use the integration license than the edition includes. */
export function licenseWarning(integrations: ResolvedIntegration[], allotment: number): string | undefined {
  const count = integrations.filter((i) => i.license === 'integration').length;
  return count > allotment
    ? `${count} integrations use the Salesforce Integration user license, but Enterprise, Unlimited and Performance editions include ${allotment}; buy ${count - allotment} more license${count - allotment === 1 ? '' : 's'} or consolidate before deploying.`
    : undefined;
}

/** Every file the specs produce, in a stable order. */
export function planFiles(integrations: ResolvedIntegration[], options: PlanOptions): PlannedFile[] {
  const files: PlannedFile[] = [];
  for (const i of integrations) {
    const metadata = metadataFiles(i, options.metadataDir);
    files.push(...metadata);
    files.push({
      path: userDefinitionPath(options.projectRoot, i),
      content: `${JSON.stringify(userDefinition(i), null, 2)}\n`,
      type: 'UserDefinition',
      name: i.apiName,
      sources: [i.apiName],
    });
    files.push(...manifests(i, options.projectRoot, metadata, options.apiVersion));
    files.push({
      path: path.join(options.projectRoot, 'integrations', 'setup', `${i.apiName}.md`),
      content: checklist(i, options.projectRoot, metadata),
      type: 'SetupChecklist',
      name: i.apiName,
      sources: [i.apiName],
    });
  }
  if (options.register) {
    const rows = integrations.map(registerRow);
    const ctx = {
      rows,
      specCount: integrations.length,
      oneSpec: integrations.length === 1,
      specDir: options.specDir,
      licenseWarning: licenseWarning(integrations, options.licenseAllotment),
      integrationLicenseCount: integrations.filter((i) => i.license === 'integration').length,
      licenseAllotment: options.licenseAllotment,
    };
    const all = integrations.map((i) => i.apiName);
    files.push({
      path: path.join(options.projectRoot, 'integrations', 'register.md'),
      content: render('docs/register.md', ctx),
      type: 'Register',
      name: 'register.md',
      sources: all,
    });
    files.push({
      path: path.join(options.projectRoot, 'integrations', 'register.csv'),
      content: render('docs/register.csv', ctx),
      type: 'Register',
      name: 'register.csv',
      sources: all,
    });
  }
  return files;
}
