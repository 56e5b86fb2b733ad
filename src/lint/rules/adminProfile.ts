import { describeNameEvidence, integrationNameEvidence, type IntegrationNameEvidence } from '../../identity/names.js';
import {
  accessTies,
  adminPermissionsOf,
  isSystemAdministrator,
  splitList,
  userPermissions,
} from '../../identity/access.js';
import { adminTier, type AdminTier } from '../../shared/adminPermissions.js';
import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../../shared/pseudoTypes.js';
import { textOf } from '../../shared/text.js';
import { childText, childTexts, mayHoldText } from '../xml.js';
import type { Location, Rule, RuleContext, RuleFinding, XmlFile } from '../types.js';

/**
 * Salesforce's own integration and platform profiles: standard (custom false) profiles whose permissions are defined
 * by the platform and cannot be removed. Used when a retrieve leaves <custom> out.
 */
const MANAGED_PROFILES =
  /^(analytics cloud (integration|security) user|sales insights integration user|salesforceiq integration user|einstein agent user|minimum access - api only integrations|salesforce api only system integrations|b2b reordering portal buyer profile|identity user|chatter (free|external|moderator) user)$/i;

/** The integration user license and permission set license, by label or developer name (as retrieve writes it). */
const INTEGRATION_LICENSE = /^(salesforce (api )?integration|SalesforceAPIIntegrationPsl|SalesforceIntegration)$/i;

function isAdminProfile(name: string, allowed: Set<string>): boolean {
  return isSystemAdministrator(name) && !allowed.has(name.trim().toLowerCase());
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
  for (const tie of accessTies(ctx.project))
    note(tie.kind === 'permissionSet' ? uses.permissionSets : uses.profiles, tie.name, tie.by);
  // A group used by an integration passes on its member permission sets.
  for (const xml of ctx.project.xml('PermissionSetGroup')) {
    const by = uses.permissionSets.get(xml.file.fullName.toLowerCase());
    if (by)
      childTexts(xml.data, 'permissionSets').forEach((ps) =>
        note(uses.permissionSets, ps, `permission set group ${xml.file.fullName} (used by ${by})`),
      );
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
        messageId: 'adminUserDefinition',
        data: { path: def.file.path, username: String(def.data.Username), profile },
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
        messageId: 'adminPreauthorised',
        data: { app: `Connected app ${xml.file.fullName}`, profile: p },
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
      messageId: 'adminPreauthorised',
      data: { app: `External Client App ${app}`, profile: admin },
      fix: `List only the integration's permission set in <commaSeparatedPermissionSet> and remove ${admin} from <commaSeparatedProfile>. ${fix}`,
      location: at(xml, 'commaSeparatedProfile'),
      subject: { type: 'ExternalClientApplication', name: app, element: 'commaSeparatedProfile' },
    });
  }
  return out;
}

function text(files: XmlFile[], tag: string): string | undefined {
  for (const xml of files) {
    const [block] = xml.blocks(tag);
    const value = block ? textOf(block.node['#text']).trim() : '';
    if (value) return value;
  }
  return undefined;
}

/** What a name, label or description says about an integration, as this rule words it ("its name says", "it is named for"). */
function nameEvidence(evidence: IntegrationNameEvidence): string {
  return `${evidence.source === 'name' && 'vendor' in evidence ? 'it is' : 'its'} ${describeNameEvidence(evidence)}`;
}

/** What makes a permission set or profile an integration's, and whether a vendor's name is all there is. */
type Evidence = { phrases: string[]; vendorOnly: boolean };

/** Everything that makes a permission set or profile an integration's (no phrases: nothing does). */
function integrationEvidence(files: XmlFile[], fullName: string, uses: Map<string, string>): Evidence {
  const label = text(files, 'label');
  const phrases: string[] = [];
  // Connected apps name permission sets by label (retrieve writes <permissionSetName>Integration - Service Now</...>).
  const by = uses.get(fullName.toLowerCase()) ?? (label ? uses.get(label.toLowerCase()) : undefined);
  if (by) phrases.push(`used by ${by}`);
  const license = text(files, files[0].file.type === 'Profile' ? 'userLicense' : 'license');
  if (license && INTEGRATION_LICENSE.test(license)) phrases.push('on the Salesforce Integration license');
  const apiOnly = files.some(
    (xml) =>
      mayHoldText(xml, 'ApiUserOnly') &&
      userPermissions(xml).some(
        ({ node }) => childText(node, 'name') === 'ApiUserOnly' && childText(node, 'enabled') === 'true',
      ),
  );
  if (apiOnly) phrases.push('API-only (ApiUserOnly)');
  const named = integrationNameEvidence([fullName, label], text(files, 'description'));
  if (named) phrases.push(nameEvidence(named));
  return { phrases, vendorOnly: phrases.length === 1 && named !== undefined && 'vendor' in named };
}

/** Salesforce-managed (standard) profiles: their permissions are the platform's, not the admin's to remove. */
function isManagedProfile(files: XmlFile[], fullName: string): boolean {
  const custom = text(files, 'custom');
  return custom === undefined ? MANAGED_PROFILES.test(fullName) : custom === 'false';
}

/** One finding per profile or permission set: every admin-equivalent permission it grants, and why it is an integration's. */
function componentFinding(files: XmlFile[], evidence: Evidence): RuleFinding[] {
  const perms = adminPermissionsOf(files);
  if (!perms.length) return [];
  const { type, fullName } = files[0].file;
  const kind = type === 'Profile' ? 'Profile' : 'Permission set';
  const worst = perms[0].tier;
  // A vendor's name alone ("Bomgar_Support User": a support tool's copy of a people profile) is weak evidence: enough
  // for admin-equivalent access, not for a warning about broad permissions.
  if (worst === 'warning' && evidence.vendorOnly) return [];
  const list = perms.map((p) => p.name).join(', ');
  return [
    {
      severity: worst,
      messageId: worst === 'error' ? 'adminPermissions' : 'broadPermissions',
      data: { kind, name: fullName, count: perms.length, permissions: list, evidence: evidence.phrases.join('; ') },
      fix: `Remove ${list} from ${fullName} (or stop using it for the integration): give the integration user the "Minimum Access - API Only Integrations" profile and a permission set with only the object and field permissions the system needs.`,
      location: perms[0].location,
      related: [...new Set(perms.slice(1).map((p) => p.location.path))]
        .filter((p) => p !== perms[0].location.path)
        .map((p) => ({ path: p })),
      subject: { type, name: fullName, element: 'userPermissions', detail: worst },
    },
  ];
}

function byComponent(files: XmlFile[]): XmlFile[][] {
  const groups = new Map<string, XmlFile[]>();
  for (const xml of files) {
    const group = groups.get(xml.file.fullName);
    if (group) group.push(xml);
    else groups.set(xml.file.fullName, [xml]);
  }
  return [...groups.values()];
}

function specFindings(ctx: RuleContext): RuleFinding[] {
  return ctx.specs().flatMap((spec) => {
    const access = spec.data.access as Record<string, unknown> | undefined;
    return splitList(access?.userPermissions)
      .map((perm, idx) => ({ perm, idx }))
      .map(({ perm, idx }) => ({ perm, idx, admin: adminTier(perm) }))
      .filter((p): p is { perm: string; idx: number; admin: { name: string; tier: AdminTier } } => Boolean(p.admin))
      .map(({ perm, idx, admin }) => ({
        severity: admin.tier,
        messageId: 'specPermission',
        data: { path: spec.file.path, permission: admin.name },
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
    summary:
      'Integration access through the System Administrator profile, and admin-equivalent permissions in the permission sets, groups and profiles integrations use.',
    why: 'An integration with admin access can read and change every record and the org’s configuration: a leaked token becomes a full org compromise, and nothing limits what a buggy sync can do.',
    howToFix:
      'Minimum Access - API Only Integrations profile, Salesforce Integration license, and a permission set with only the needed object and field permissions.',
    docs: 'admin-profile',
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'superset' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' },
    ],
    messages: {
      adminPermissions:
        '{{kind}} {{name}} is an integration’s ({{evidence}}) and grants {{count}} admin-equivalent permission(s): {{permissions}}. A leaked token of its user is a full org compromise.',
      broadPermissions:
        '{{kind}} {{name}} is an integration’s ({{evidence}}) and grants broad permission(s) an integration rarely needs: {{permissions}}.',
      adminUserDefinition:
        'User definition {{path}} creates {{username}} on the {{profile}} profile: the integration can read, change and delete everything and administer the org.',
      adminPreauthorised:
        '{{app}} is pre-authorised for the {{profile}} profile: every administrator can use its tokens, and an integration user on it has full access.',
      specPermission: 'Integration spec {{path}} asks for {{permission}}, an admin-equivalent permission.',
    },
  },
  reads: [
    'ConnectedApp',
    'ExtlClntAppOauthConfigurablePolicies',
    'PermissionSet',
    'PermissionSetGroup',
    'Profile',
    SPEC_TYPE,
    USER_DEFINITION_TYPE,
  ],
  crossFile: [
    'ConnectedApp',
    'ExtlClntAppOauthConfigurablePolicies',
    'PermissionSetGroup',
    SPEC_TYPE,
    USER_DEFINITION_TYPE,
  ],
  run(ctx) {
    const allowed = new Set(ctx.config.allow.profiles.map((p) => p.toLowerCase()));
    const uses = collectUses(ctx);
    const out = [...adminReferences(ctx, allowed), ...specFindings(ctx)];
    for (const files of byComponent(ctx.xml('PermissionSet'))) {
      // Salesforce's own permission sets (sfdcInternalInt__..., sfdc_...) are the platform's, like managed profiles.
      if (/^(sfdcInternalInt__|sfdc_)/i.test(files[0].file.fullName)) continue;
      const evidence = integrationEvidence(files, files[0].file.fullName, uses.permissionSets);
      if (evidence.phrases.length) out.push(...componentFinding(files, evidence));
    }
    for (const files of byComponent(ctx.xml('Profile'))) {
      const name = files[0].file.fullName;
      // The admin profile itself is reported where an integration points at it; managed profiles are the platform's.
      if (isAdminProfile(name, new Set()) || allowed.has(name.toLowerCase()) || isManagedProfile(files, name)) continue;
      const evidence = integrationEvidence(files, name, uses.profiles);
      if (evidence.phrases.length) out.push(...componentFinding(files, evidence));
    }
    return out;
  },
};
