import { significantWords } from '../identity/systems.js';
import { isGenericUsername, normalizeUsername, sandboxBase } from '../identity/usernames.js';
import { adminTier, type AdminTier } from '../shared/adminPermissions.js';
import { LICENSES } from '../shared/platformRules.js';
import type { ResolvedIntegration } from '../spec/types.js';
import {
  isPeopleApplication,
  isPeopleTool,
  type OrgSnapshot,
  type OrgUser,
  type PermissionSetGrants,
} from './snapshot.js';

/** An integration of the register and the org's user it names, if the org has one. */
export type RegisteredIntegration = { integration: ResolvedIntegration; user?: OrgUser };

/**
 * The spec's user in the org: the same username, case-insensitively, or its sandbox copy (`<username>.<sandbox>`), as
 * a sandbox refresh names it.
 */
export function matchRegister(integrations: ResolvedIntegration[], users: Iterable<OrgUser>): RegisteredIntegration[] {
  const byName = new Map<string, OrgUser>();
  const bySandboxBase = new Map<string, OrgUser>();
  for (const user of users) {
    const name = normalizeUsername(user.username);
    byName.set(name, user);
    const base = sandboxBase(name);
    if (base && !bySandboxBase.has(base)) bySandboxBase.set(base, user);
  }
  return integrations.map((integration) => {
    const wanted = normalizeUsername(integration.spec.user.username);
    return { integration, user: byName.get(wanted) ?? bySandboxBase.get(wanted) };
  });
}

/**
 * Users Salesforce creates and runs itself (Automated Process, the Platform Integration User, the Security and
 * Integration users of analytics): their usernames sit at the org's Id (`autoproc@00d…`), and nobody registers them.
 */
export function isPlatformUser(user: OrgUser): boolean {
  if (user.userType && user.userType !== 'Standard') return true;
  return /@00d[a-z0-9]{12,15}(\.|$)/i.test(user.username);
}

/** A permission and where the user gets it from. */
export type EffectivePermission = { name: string; tier?: AdminTier; sources: string[] };

/** What a permission set is, as a person names it: the profile, the group, or the permission set. */
function sourceName(snapshot: OrgSnapshot, permissionSetId: string, groupName?: string, groupId?: string): string {
  const ps = snapshot.permissionSets.get(permissionSetId);
  if (groupId || ps?.type === 'Group')
    return `permission set group ${groupName ?? ps?.label ?? groupId ?? permissionSetId}`;
  if (ps?.ownedByProfile) return `profile ${ps.profile ?? ps.label}`;
  return `permission set ${ps?.name ?? permissionSetId}`;
}

const PROFILE_INDEX = new WeakMap<OrgSnapshot, Map<string, PermissionSetGrants[]>>();

/** Profile-owned permission sets by profile Id and by profile name, indexed once per snapshot. */
function profilePermissionSets(snapshot: OrgSnapshot): Map<string, PermissionSetGrants[]> {
  let index = PROFILE_INDEX.get(snapshot);
  if (index) return index;
  index = new Map();
  for (const ps of snapshot.permissionSets.values()) {
    if (!ps.ownedByProfile) continue;
    for (const key of [ps.profileId ? `id:${ps.profileId}` : undefined, ps.profile ? `name:${ps.profile}` : undefined])
      if (key) index.set(key, [...(index.get(key) ?? []), ps]);
  }
  PROFILE_INDEX.set(snapshot, index);
  return index;
}

/**
 * The user's effective admin-equivalent permissions and API Only, from the profile's own permission set, every
 * permission set and every group assigned and not expired: what the user can do, not just what was assigned directly.
 */
export function effectivePermissions(snapshot: OrgSnapshot, user: OrgUser, now: number): EffectivePermission[] {
  const found = new Map<string, EffectivePermission>();
  const add = (permissionSetId: string, source: string): void => {
    for (const name of snapshot.permissionSets.get(permissionSetId)?.permissions ?? []) {
      const entry = found.get(name) ?? { name, tier: adminTier(name)?.tier, sources: [] };
      if (!entry.sources.includes(source)) entry.sources.push(source);
      found.set(name, entry);
    }
  };
  const seen = new Set<string>();
  for (const a of snapshot.assignments.get(user.id) ?? []) {
    if (a.expires !== undefined && a.expires < now) continue;
    seen.add(a.permissionSetId);
    add(a.permissionSetId, sourceName(snapshot, a.permissionSetId, a.groupName, a.groupId));
  }
  // The profile's permission set, should the assignments leave it out (an export filtered by type).
  const byProfile = profilePermissionSets(snapshot);
  for (const ps of byProfile.get(user.profileId ? `id:${user.profileId}` : `name:${user.profile ?? ''}`) ?? []) {
    if (!seen.has(ps.id)) add(ps.id, `profile ${ps.profile ?? ps.label}`);
  }
  const order = (p: EffectivePermission): number => (p.tier === 'error' ? 0 : p.tier === 'warning' ? 1 : 2);
  return [...found.values()].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, 'en'));
}

export function isOnIntegrationLicense(user: OrgUser): boolean {
  return (user.license ?? '').toLowerCase() === LICENSES.integration.userLicense.toLowerCase();
}

/** Why an unregistered user is an integration user, or undefined when nothing says so. */
export function integrationEvidence(snapshot: OrgSnapshot, user: OrgUser, now: number): string | undefined {
  if (isOnIntegrationLicense(user)) return `it is on the ${LICENSES.integration.userLicense} license`;
  if (effectivePermissions(snapshot, user, now).some((p) => p.name === 'ApiUserOnly'))
    return 'it is API only (API Only User)';
  const logins = snapshot.logins.get(user.id);
  if (logins && logins.api > 0 && logins.ui === 0)
    return `its ${logins.api} successful login(s) in the window are all through the API or OAuth, none through the browser`;
  // The shared account of the bad habit: a username that names no person (integration@, api.user@), used by external
  // systems even if someone also signs in with it through the browser now and then. An admin@ account whose API use is
  // the admin's own tools (the CLI, Data Loader) is a person's.
  if (!isGenericUsername(user.username)) return undefined;
  const systems = systemsOfApplications(
    [...(logins?.byApplication ?? [])]
      .filter(([, t]) => t.logins > t.failures)
      .map(([app]) => app)
      .concat([...(snapshot.tokens.get(user.id)?.keys() ?? [])])
      .filter((app) => !isPeopleTool(app)),
  );
  if (!systems.length) return undefined;
  return `its username names no person and it is used by ${systems.map((s) => s[0]).join(', ')}`;
}

/** Applications that name no system (LoginHistory writes N/A when a client says nothing). */
const ANONYMOUS_APPLICATIONS = /^(n\/a|na|unknown|none|-|)$/i;

/** The system an application name stands for: its name before a version (`DataLoaderBulkUI/`), for grouping. */
export function applicationName(application: string): string {
  return application.split('/')[0].trim();
}

/**
 * The applications and OAuth apps a user logs in from, grouped into systems: two names are one system when they share
 * a significant word (`Marketo` and `Marketo Sync`; `Data Loader Bulk` and `DataLoaderPartnerUI`). The applications
 * people use (the browser, the mobile app) and anonymous clients name no system.
 */
export function systemsOfApplications(
  applications: Iterable<string>,
  orgWords: ReadonlySet<string> = new Set(),
): string[][] {
  const names = [
    ...new Set(
      [...applications].map(applicationName).filter((a) => !ANONYMOUS_APPLICATIONS.test(a) && !isPeopleApplication(a)),
    ),
  ].sort((a, b) => a.localeCompare(b, 'en'));
  const groups: Array<{ names: string[]; words: Set<string> }> = [];
  for (const name of names) {
    // The org's own name says nothing about the system (`Acme ERP Sync` and `Acme Data Lake` are two).
    const words = significantWords(name, orgWords);
    const key = words.size ? words : new Set([name.toLowerCase()]);
    const matching = groups.filter((g) => [...key].some((w) => g.words.has(w)));
    const merged = {
      names: [name, ...matching.flatMap((g) => g.names)],
      words: new Set([...key, ...matching.flatMap((g) => [...g.words])]),
    };
    for (const g of matching) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups
    .map((g) => g.names.sort((a, b) => a.localeCompare(b, 'en')))
    .sort((a, b) => a[0].localeCompare(b[0], 'en'));
}

/**
 * Words of the org's own name: the labels of the domain most of its usernames are at (acme for @acme.com), which app
 * names often start with and which tell no system apart.
 */
export function orgNameWords(users: Iterable<OrgUser>): Set<string> {
  const counts = new Map<string, number>();
  for (const user of users) {
    const domain = user.username.slice(user.username.indexOf('@') + 1).toLowerCase();
    if (domain) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en'));
  return top ? significantWords(top[0]) : new Set();
}

/** Days between two times, rounded down. */
export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / 86_400_000);
}
