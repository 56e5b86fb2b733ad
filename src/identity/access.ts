import { ADMIN_PERMISSIONS, adminTier, type AdminTier } from '../shared/adminPermissions.js';
import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../shared/pseudoTypes.js';
import { generatedNames, specApiName } from '../spec/names.js';
import type { Location, SpecFileView, UserDefinitionView, XmlFile } from '../lint/types.js';
import { children, childText, childTexts } from '../lint/xml.js';

/**
 * Which profiles and permission sets integrations are tied to, and what admin-equivalent permissions those grant. One
 * module: lint's admin-profile rule reads the ties to tell an integration's permission set from a person's, inventory
 * reads them to say what each integration user can do.
 */
export type AccessTie = {
  kind: 'permissionSet' | 'profile';
  /** As written where it is referenced: a developer name, or (connected apps) a label. */
  name: string;
  /** Who references it, for people: "connected app Talkdesk_CTI", "user definition config/x.json". */
  by: string;
  /** The referencing component. */
  from: { type: string; name: string; path: string };
  /** The Salesforce username the tie belongs to, where the referencing component names one. */
  username?: string;
};

type AccessSource = {
  xml(type: string): XmlFile[];
  specs(): SpecFileView[];
  userDefinitions(): UserDefinitionView[];
};

/** The System Administrator profile: its label, and the name its metadata file carries. */
const SYSTEM_ADMINISTRATOR = new Set(['system administrator', 'admin', 'systemadministrator']);

export function isSystemAdministrator(profile: string): boolean {
  return SYSTEM_ADMINISTRATOR.has(profile.trim().toLowerCase());
}

/** The metadata types ties come from (besides specs and user definitions). */
export const ACCESS_TIE_TYPES = ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies'] as const;

/** A list as user definitions and External Client Apps write it: an array, or one comma-separated string. */
export function splitList(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .map(String)
      .map((s) => s.trim())
      .filter(Boolean);
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

const trimmed = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * Every profile and permission set an integration component names: a connected app's pre-authorised profiles and
 * permission sets, an External Client App's, a user definition's profile and permission sets, and the permission set
 * `generate` writes for a spec. Permission set groups are not expanded here (their files are read by whoever needs it).
 */
export function accessTies(source: AccessSource): AccessTie[] {
  const out: AccessTie[] = [];
  for (const xml of source.xml('ConnectedApp')) {
    const from = { type: 'ConnectedApp', name: xml.file.fullName, path: xml.file.path };
    const by = `connected app ${xml.file.fullName}`;
    const runAs = trimmed(childText(children(xml.data, 'oauthConfig')[0], 'oauthClientCredentialUser'));
    for (const name of childTexts(xml.data, 'permissionSetName'))
      out.push({ kind: 'permissionSet', name, by, from, username: runAs });
    for (const name of childTexts(xml.data, 'profileName'))
      out.push({ kind: 'profile', name, by, from, username: runAs });
  }
  for (const xml of source.xml('ExtlClntAppOauthConfigurablePolicies')) {
    const app = childText(xml.data, 'externalClientApplication') ?? xml.file.fullName;
    const from = { type: 'ExternalClientApplication', name: app, path: xml.file.path };
    const by = `External Client App ${app}`;
    const runAs = trimmed(childText(xml.data, 'clientCredentialsFlowUser'));
    for (const name of splitList(childText(xml.data, 'commaSeparatedPermissionSet')))
      out.push({ kind: 'permissionSet', name, by, from, username: runAs });
    for (const name of splitList(childText(xml.data, 'commaSeparatedProfile')))
      out.push({ kind: 'profile', name, by, from, username: runAs });
  }
  for (const def of source.userDefinitions()) {
    const from = { type: USER_DEFINITION_TYPE, name: def.file.fullName, path: def.file.path };
    const by = `user definition ${def.file.path}`;
    const username = trimmed(def.data.Username);
    for (const name of splitList(def.data.permsets ?? def.data.permissionSets))
      out.push({ kind: 'permissionSet', name, by, from, username });
    const profile = trimmed(def.data.profileName);
    if (profile) out.push({ kind: 'profile', name: profile, by, from, username });
  }
  for (const spec of source.specs()) {
    const api = specApiName(spec.data);
    if (!api) continue;
    const user = spec.data.user as { username?: unknown } | undefined;
    out.push({
      kind: 'permissionSet',
      name: generatedNames(api).permissionSet,
      by: `integration spec ${spec.file.path}`,
      from: { type: SPEC_TYPE, name: spec.file.fullName, path: spec.file.path },
      username: trimmed(user?.username),
    });
  }
  return out;
}

/**
 * The userPermissions of a permission set or profile file. A decomposed permission set (folder-per-type preset) keeps
 * each one in a file of its own whose root is the permission itself.
 */
export function userPermissions(xml: XmlFile): Array<{ node: Record<string, unknown>; offset: number }> {
  if (xml.root === 'PermissionSet' || xml.root === 'Profile') return xml.blocks('userPermissions');
  return xml.root === 'UserPermission' || xml.root === 'PermissionSetUserPermission'
    ? [{ node: xml.data, offset: xml.locateTag(xml.root)?.offset ?? 0 }]
    : [];
}

export type AdminPermission = { name: string; tier: AdminTier; location: Location };

/** Every enabled admin-equivalent permission of a component's files (a decomposed permission set has several). */
export function adminPermissionsOf(files: XmlFile[]): AdminPermission[] {
  const out: AdminPermission[] = [];
  for (const xml of files) {
    for (const { node, offset } of userPermissions(xml)) {
      const admin = adminTier(childText(node, 'name') ?? '');
      if (!admin || childText(node, 'enabled') !== 'true' || out.some((p) => p.name === admin.name)) continue;
      // Point at the permission's name, the line a reviewer would change.
      const pos = xml.locateTag('name', 0, offset) ?? xml.position(offset);
      out.push({ ...admin, location: { path: xml.file.path, line: pos.line, column: pos.column } });
    }
  }
  // Error tier first, each tier in the table's order: the list reads from the worst.
  const order = Object.keys(ADMIN_PERMISSIONS);
  return out.sort((a, b) =>
    a.tier === b.tier ? order.indexOf(a.name) - order.indexOf(b.name) : a.tier === 'error' ? -1 : 1,
  );
}
