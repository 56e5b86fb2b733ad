import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../discovery.js';
import { childText, childTexts } from '../xml.js';
import type { Location, Rule, RuleContext, RuleFinding, Severity, XmlFile } from '../types.js';

/** The System Administrator profile: its label, and the name its metadata file carries. */
const ADMIN_PROFILES = new Set(['system administrator', 'admin', 'systemadministrator']);

/**
 * User permissions that amount to administering the org. Error: full data access or the power to change who can do
 * what; warning: broad powers an integration rarely needs.
 */
export const ADMIN_PERMISSIONS: Record<string, Severity> = {
  ModifyAllData: 'error',
  ViewAllData: 'error',
  ManageUsers: 'error',
  ManageInternalUsers: 'error',
  ManageProfilesPermissionsets: 'error',
  AssignPermissionSets: 'error',
  ResetPasswords: 'error',
  AuthorApex: 'error',
  CustomizeApplication: 'error',
  ModifyMetadata: 'error',
  ManageRoles: 'warning',
  ManageSharing: 'warning',
  ManageCustomPermissions: 'warning',
  ManageRemoteAccess: 'warning',
  ManageAuthProviders: 'warning',
  ManageIpAddresses: 'warning',
  ManageLoginAccessPolicies: 'warning',
  ManagePasswordPolicies: 'warning',
  ManageEncryptionKeys: 'warning',
  ManageDataIntegrations: 'warning',
  ViewAllUsers: 'warning',
  InstallPackaging: 'warning',
  EditReadonlyFields: 'warning',
  BulkApiHardDelete: 'warning',
};

/** The integration user license and permission set license, by label or developer name (as retrieve writes it). */
const INTEGRATION_LICENSE = /^(salesforce (api )?integration|SalesforceAPIIntegrationPsl|SalesforceIntegration)$/i;

function isAdminProfile(name: string, allowed: Set<string>): boolean {
  const key = name.trim().toLowerCase();
  return ADMIN_PROFILES.has(key) && !allowed.has(key);
}

function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function at(xml: XmlFile, tag: string, occurrence = 0): Location {
  const pos = xml.locateTag(tag, occurrence);
  return { path: xml.file.path, line: pos?.line, column: pos?.column };
}

/** Permission sets, groups and profiles that integrations use, with where each use is. */
type Uses = { permissionSets: Map<string, string>; profiles: Map<string, string> };

/** Records who uses a permission set or profile; several users are listed (the first three, then a count). */
function note(map: Map<string, string>, name: string, by: string): void {
  const key = name.toLowerCase();
  const current = map.get(key);
  if (!current) map.set(key, by);
  else if (!current.split(', ').includes(by)) {
    const parts = current.replace(/ and \d+ more$/, '').split(', ');
    const more = Number(/ and (\d+) more$/.exec(current)?.[1] ?? 0);
    map.set(key, parts.length < 3 ? `${current}, ${by}` : `${parts.join(', ')} and ${more + 1} more`);
  }
}

function collectUses(ctx: RuleContext): Uses {
  const uses: Uses = { permissionSets: new Map(), profiles: new Map() };
  for (const xml of ctx.xml('ConnectedApp')) {
    childTexts(xml.data, 'permissionSetName').forEach((ps) => note(uses.permissionSets, ps, `connected app ${xml.file.fullName}`));
    childTexts(xml.data, 'profileName').forEach((p) => note(uses.profiles, p, `connected app ${xml.file.fullName}`));
  }
  for (const xml of ctx.xml('ExtlClntAppOauthConfigurablePolicies')) {
    const app = childText(xml.data, 'externalClientApplication') ?? xml.file.fullName;
    splitList(childText(xml.data, 'commaSeparatedPermissionSet')).forEach((ps) => note(uses.permissionSets, ps, `External Client App ${app}`));
    splitList(childText(xml.data, 'commaSeparatedProfile')).forEach((p) => note(uses.profiles, p, `External Client App ${app}`));
  }
  for (const def of ctx.userDefinitions()) {
    splitList(def.data.permsets ?? def.data.permissionSets).forEach((ps) => note(uses.permissionSets, ps, `user definition ${def.file.path}`));
    const profile = def.data.profileName;
    if (typeof profile === 'string') note(uses.profiles, profile, `user definition ${def.file.path}`);
  }
  for (const spec of ctx.specs()) {
    const api = typeof spec.data.apiName === 'string' ? spec.data.apiName : undefined;
    if (api) note(uses.permissionSets, `${api}_Integration`, `integration spec ${spec.file.path}`);
  }
  // A group used by an integration passes on its member permission sets.
  for (const xml of ctx.xml('PermissionSetGroup')) {
    const by = uses.permissionSets.get(xml.file.fullName.toLowerCase());
    if (by) childTexts(xml.data, 'permissionSets').forEach((ps) => note(uses.permissionSets, ps, `permission set group ${xml.file.fullName} (used by ${by})`));
  }
  return uses;
}

/** References to the System Administrator profile as an integration's profile or pre-authorisation. */
function adminReferences(ctx: RuleContext, allowed: Set<string>): RuleFinding[] {
  const out: RuleFinding[] = [];
  const fix =
    'Give the integration its own API-only user on the "Minimum Access - API Only Integrations" profile (Salesforce Integration license) and a permission set with only the objects and fields it needs.';
  for (const def of ctx.userDefinitions()) {
    const profile = def.data.profileName;
    if (typeof profile === 'string' && isAdminProfile(profile, allowed)) {
      out.push({
        message: `User definition ${def.file.path} creates ${String(def.data.Username)} on the ${profile} profile: the integration can read, change and delete everything and administer the org.`,
        fix,
        location: { path: def.file.path, ...def.locate('profileName') },
        subject: { type: USER_DEFINITION_TYPE, name: def.file.fullName, element: 'profileName' },
      });
    }
  }
  for (const xml of ctx.xml('ConnectedApp')) {
    childTexts(xml.data, 'profileName').forEach((p, idx) => {
      if (!isAdminProfile(p, allowed)) return;
      out.push({
        message: `Connected app ${xml.file.fullName} is pre-authorised for the ${p} profile: every administrator can use its tokens, and an integration user on it has full access.`,
        fix: `Pre-authorise the integration's own permission set instead (<permissionSetName>), and remove <profileName>${p}</profileName>. ${fix}`,
        location: at(xml, 'profileName', idx),
        subject: { type: 'ConnectedApp', name: xml.file.fullName, element: 'profileName', detail: p.toLowerCase() },
      });
    });
  }
  for (const xml of ctx.xml('ExtlClntAppOauthConfigurablePolicies')) {
    const admin = splitList(childText(xml.data, 'commaSeparatedProfile')).find((p) => isAdminProfile(p, allowed));
    if (!admin) continue;
    const app = childText(xml.data, 'externalClientApplication') ?? xml.file.fullName;
    out.push({
      message: `External Client App ${app} is pre-authorised for the ${admin} profile.`,
      fix: `List only the integration's permission set in <commaSeparatedPermissionSet> and remove ${admin} from <commaSeparatedProfile>. ${fix}`,
      location: at(xml, 'commaSeparatedProfile'),
      subject: { type: 'ExternalClientApplication', name: app, element: 'commaSeparatedProfile' },
    });
  }
  return out;
}

/**
 * The userPermissions of a permission set or profile file. A decomposed permission set (folder-per-type preset) keeps
 * each one in a file of its own whose root is the permission itself.
 */
function userPermissions(xml: XmlFile): Array<{ node: Record<string, unknown>; offset: number }> {
  if (xml.root === 'PermissionSet' || xml.root === 'Profile') return xml.blocks('userPermissions');
  return xml.root === 'UserPermission' || xml.root === 'PermissionSetUserPermission' ? [{ node: xml.data, offset: xml.locateTag(xml.root)?.offset ?? 0 }] : [];
}

function permissionFindings(xml: XmlFile, usedBy: string, kind: string): RuleFinding[] {
  return userPermissions(xml).flatMap(({ node, offset }) => {
    const name = childText(node, 'name') ?? '';
    const severity = ADMIN_PERMISSIONS[name];
    if (!severity || childText(node, 'enabled') !== 'true') return [];
    // Point at the permission's name, the line a reviewer would change.
    const pos = xml.locateTag('name', 0, offset) ?? xml.position(offset);
    return [
      {
        severity,
        message: `${kind} ${xml.file.fullName}, used by ${usedBy}, grants ${name}: admin-equivalent access for an integration.`,
        fix: `Remove ${name} from ${xml.file.fullName} (or stop using it for the integration) and grant only the object and field permissions the system needs.`,
        location: { path: xml.file.path, line: pos.line, column: pos.column },
        subject: { type: xml.file.type, name: xml.file.fullName, element: 'userPermissions', detail: name },
      },
    ];
  });
}

/** Why a permission set or profile counts as an integration's, or undefined. */
function integrationUse(xml: XmlFile, uses: Map<string, string>): string | undefined {
  // Connected apps name permission sets by label (retrieve writes <permissionSetName>Integration - Service Now</...>).
  const [label] = xml.blocks('label');
  const by = uses.get(xml.file.fullName.toLowerCase()) ?? (label ? uses.get(String(label.node['#text'] ?? '').toLowerCase()) : undefined);
  if (by) return by;
  const [license] = xml.blocks(xml.file.type === 'Profile' ? 'userLicense' : 'license');
  if (license && INTEGRATION_LICENSE.test(String(license.node['#text'] ?? ''))) return 'the Salesforce Integration license';
  if (xml.file.type === 'Profile') {
    const apiOnly = userPermissions(xml).some(({ node }) => childText(node, 'name') === 'ApiUserOnly' && childText(node, 'enabled') === 'true');
    if (apiOnly) return 'API-only users (ApiUserOnly)';
  }
  if (/integration/i.test(xml.file.fullName)) return 'an integration (by its name)';
  return undefined;
}

function specFindings(ctx: RuleContext): RuleFinding[] {
  return ctx.specs().flatMap((spec) => {
    const access = spec.data.access as Record<string, unknown> | undefined;
    return splitList(access?.userPermissions)
      .map((perm, idx) => ({ perm, idx }))
      .filter(({ perm }) => ADMIN_PERMISSIONS[perm])
      .map(({ perm, idx }) => ({
        severity: ADMIN_PERMISSIONS[perm],
        message: `Integration spec ${spec.file.path} asks for ${perm}, an admin-equivalent permission.`,
        fix: `Remove ${perm} from access.userPermissions and list the objects and fields the system needs under access.objects and access.fields.`,
        location: { path: spec.file.path, ...spec.locate(['access', 'userPermissions', idx]) },
        subject: { type: SPEC_TYPE, name: spec.file.fullName, element: 'access.userPermissions', detail: perm },
      }));
  });
}

export const adminProfile: Rule = {
  meta: {
    id: 'admin-profile',
    defaultSeverity: 'error',
    summary: 'Integration access through the System Administrator profile, and admin-equivalent permissions in the permission sets, groups and profiles integrations use.',
    why: 'An integration with admin access can read and change every record and the org’s configuration: a leaked token becomes a full org compromise, and nothing limits what a buggy sync can do.',
    howToFix: 'Minimum Access - API Only Integrations profile, Salesforce Integration license, and a permission set with only the needed object and field permissions.',
    docs: 'admin-profile',
  },
  reads: ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies', 'PermissionSet', 'PermissionSetGroup', 'Profile', SPEC_TYPE, USER_DEFINITION_TYPE],
  crossFile: ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies', 'PermissionSetGroup', SPEC_TYPE, USER_DEFINITION_TYPE],
  run(ctx) {
    const allowed = new Set(ctx.config.allow.profiles.map((p) => p.toLowerCase()));
    const uses = collectUses(ctx);
    const out = [...adminReferences(ctx, allowed), ...specFindings(ctx)];
    // A decomposed permission set is several files of one component: its license may sit in one, its permissions in another.
    const permissionSets = ctx.xml('PermissionSet');
    const useByName = new Map<string, string>();
    for (const xml of permissionSets) {
      const by = useByName.get(xml.file.fullName) ?? integrationUse(xml, uses.permissionSets);
      if (by) useByName.set(xml.file.fullName, by);
    }
    for (const xml of permissionSets) {
      const by = useByName.get(xml.file.fullName);
      if (by) out.push(...permissionFindings(xml, by, 'Permission set'));
    }
    for (const xml of ctx.xml('Profile')) {
      // The admin profile itself is reported where an integration points at it, not permission by permission.
      if (isAdminProfile(xml.file.fullName, new Set()) || allowed.has(xml.file.fullName.toLowerCase())) continue;
      const by = integrationUse(xml, uses.profiles);
      if (by) out.push(...permissionFindings(xml, by, 'Profile'));
    }
    return out;
  },
};

