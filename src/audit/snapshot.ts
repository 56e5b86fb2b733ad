import { adminTier } from '../shared/adminPermissions.js';
import { LICENSES } from '../shared/platformRules.js';
import { PERMISSION_FIELDS, type AuditObject } from './queries.js';
import { boolOf, fieldOf, idKey, numberOf, textOf, timeOf, type QueryRow } from './records.js';
import type { ReadOutcome } from './sources.js';

/** A user of the org, as the audit needs it. */
export type OrgUser = {
  id: string;
  username: string;
  name?: string;
  active: boolean;
  userType?: string;
  lastLogin?: number;
  created?: number;
  profile?: string;
  profileId?: string;
  license?: string;
  frozen: boolean;
};

/** A profile's, permission set's or permission set group's grants: the admin-equivalent permissions and API Only. */
export type PermissionSetGrants = {
  id: string;
  name: string;
  label: string;
  ownedByProfile: boolean;
  profile?: string;
  profileId?: string;
  type?: string;
  /** Permission API names (ModifyAllData, ApiUserOnly ...) this one grants. */
  permissions: string[];
};

export type Assignment = { permissionSetId: string; groupId?: string; groupName?: string; expires?: number };

/** Logins of one user in the window, counted as they stream by. */
export type LoginTally = {
  total: number;
  failures: number;
  /** Logins a person makes: through the browser, a mobile app, single sign-on. */
  ui: number;
  /** Logins through an API or OAuth. */
  api: number;
  last?: number;
  /** By application (LoginHistory.Application), successful and failed. */
  byApplication: Map<string, { logins: number; failures: number; apiTypes: Set<string>; loginTypes: Set<string> }>;
  failuresByStatus: Map<string, number>;
  failuresBySource: Map<string, number>;
  sourceIps: Map<string, number>;
};

/** A user's OAuth tokens for one app. */
export type TokenTally = { app: string; tokens: number; uses: number; created?: number; lastUsed?: number };

export type SetupChange = { date: number; action: string; section: string; display: string };

/** A user's setup changes: counts by section, and the latest few. */
export type SetupTally = { total: number; bySection: Map<string, number>; latest: SetupChange[] };

export type LicenseCount = { name: string; label: string; total: number; used: number };

/** Everything the audit keeps of the org: aggregates, never the raw login or token rows. */
export type OrgSnapshot = {
  users: Map<string, OrgUser>;
  permissionSets: Map<string, PermissionSetGrants>;
  assignments: Map<string, Assignment[]>;
  logins: Map<string, LoginTally>;
  tokens: Map<string, Map<string, TokenTally>>;
  setupChanges: Map<string, SetupTally>;
  userLicenses: Map<string, LicenseCount>;
  permissionSetLicenses: Map<string, LicenseCount>;
  integrationPslHolders: Set<string>;
  /** API calls per user (ApiTotalUsage event log files): by day and by client. */
  apiCalls: Map<string, { total: number; byDay: Map<string, number>; byClient: Map<string, number> }>;
  /** Connected apps by lower-cased name, and their names by Id (ApiTotalUsage names apps by Id). */
  connectedApps: Map<string, { id: string; name: string; adminApprovedOnly?: boolean }>;
  connectedAppNames: Map<string, string>;
  /** The permissions of the user the audit or export ran as, when seen. */
  runningUser?: { manageUsers: boolean; viewSetup: boolean; monitorLoginHistory: boolean };
  coverage: Map<AuditObject, ReadOutcome>;
};

export function emptySnapshot(): OrgSnapshot {
  return {
    users: new Map(),
    permissionSets: new Map(),
    assignments: new Map(),
    logins: new Map(),
    tokens: new Map(),
    setupChanges: new Map(),
    userLicenses: new Map(),
    permissionSetLicenses: new Map(),
    integrationPslHolders: new Set(),
    apiCalls: new Map(),
    connectedApps: new Map(),
    connectedAppNames: new Map(),
    coverage: new Map(),
  };
}

/**
 * Login types a person makes (LoginHistory.LoginType): the UI, single sign-on, Lightning Login, communities. An OAuth
 * login ('Remote Access 2.0') is a person's too when the application is one people use (the mobile app, Outlook).
 */
const UI_LOGIN_TYPE =
  /^(application|saml .*|.*sso.*|third party sso|lightning login|passwordless login|chatter communities external user.*|employee login to community|networks portal(?! api).*|customer portal|partner portal)$/i;
const API_LOGIN_TYPE =
  /^(other apex api|partner product|remote access 2\.0|remote access client|appexchange|certificate-based login|networks portal api only|.*api.*)$/i;
/** Applications people log in through (LoginHistory.Application). */
const PEOPLE_APPLICATIONS =
  /^browser$|\b(ios|iphone|ipad|android|outlook|gmail|chatter|authenticator)\b|^salesforce (mobile|field service)|^salesforce1\b/i;

export function isPeopleApplication(application: string): boolean {
  return PEOPLE_APPLICATIONS.test(application.trim());
}

/**
 * Tools people (admins, developers) log in through with their own account: a login through one says nothing about an
 * external system, though it does when the account is an integration's (someone uses its credentials).
 */
const PEOPLE_TOOLS =
  /salesforce ?cli|\bsfdx\b|\bsf cli\b|data ?loader|workbench|developer console|force\.com ide|vs ?code|visual studio|inspector|illuminated ?cloud|ant migration|salesforce extensions/i;

export function isPeopleTool(application: string): boolean {
  return PEOPLE_TOOLS.test(application.trim());
}

/** Whether a login is a person's (UI), an integration's (API), or unknown. */
export function loginKind(
  loginType: string | undefined,
  application: string | undefined,
  apiType: string | undefined,
): 'ui' | 'api' | 'unknown' {
  if (application && isPeopleApplication(application)) return 'ui';
  if (loginType && UI_LOGIN_TYPE.test(loginType.trim())) return 'ui';
  if (apiType || (loginType && API_LOGIN_TYPE.test(loginType.trim()))) return 'api';
  return 'unknown';
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function newLoginTally(): LoginTally {
  return {
    total: 0,
    failures: 0,
    ui: 0,
    api: 0,
    byApplication: new Map(),
    failuresByStatus: new Map(),
    failuresBySource: new Map(),
    sourceIps: new Map(),
  };
}

const SETUP_CHANGES_KEPT = 20;
const INTEGRATION_PSL = LICENSES.integration.permissionSetLicense.name;
const INTEGRATION_PSL_LABEL = LICENSES.integration.permissionSetLicense.label;

/** How each object's rows fold into the snapshot. */
export const ABSORB: Readonly<Record<AuditObject, (snapshot: OrgSnapshot, row: QueryRow) => void>> = {
  User(s, row) {
    const id = idKey(textOf(row, 'Id'));
    const username = textOf(row, 'Username');
    if (!id || !username) return;
    s.users.set(id, {
      id,
      username,
      name: textOf(row, 'Name'),
      active: boolOf(row, 'IsActive'),
      userType: textOf(row, 'UserType'),
      lastLogin: timeOf(row, 'LastLoginDate'),
      created: timeOf(row, 'CreatedDate'),
      profile: textOf(row, 'Profile.Name'),
      profileId: idKey(textOf(row, 'ProfileId')),
      license: textOf(row, 'Profile.UserLicense.Name'),
      frozen: s.users.get(id)?.frozen ?? false,
    });
  },
  UserLogin(s, row) {
    const id = idKey(textOf(row, 'UserId'));
    if (!id || !boolOf(row, 'IsFrozen')) return;
    const user = s.users.get(id);
    if (user) user.frozen = true;
  },
  PermissionSet(s, row) {
    const id = idKey(textOf(row, 'Id'));
    if (!id) return;
    const permissions = PERMISSION_FIELDS.filter((f) => boolOf(row, f)).map((f) => f.slice('Permissions'.length));
    s.permissionSets.set(id, {
      id,
      name: textOf(row, 'Name') ?? id,
      label: textOf(row, 'Label') ?? textOf(row, 'Name') ?? id,
      ownedByProfile: boolOf(row, 'IsOwnedByProfile'),
      profile: textOf(row, 'Profile.Name'),
      profileId: idKey(textOf(row, 'ProfileId')),
      type: textOf(row, 'Type'),
      permissions: permissions.filter((p) => p === 'ApiUserOnly' || adminTier(p)),
    });
  },
  PermissionSetAssignment(s, row) {
    const user = idKey(textOf(row, 'AssigneeId'));
    const permissionSetId = idKey(textOf(row, 'PermissionSetId'));
    if (!user || !permissionSetId) return;
    const list = s.assignments.get(user) ?? [];
    list.push({
      permissionSetId,
      groupId: idKey(textOf(row, 'PermissionSetGroupId')),
      groupName: textOf(row, 'PermissionSetGroup.DeveloperName'),
      expires: timeOf(row, 'ExpirationDate'),
    });
    s.assignments.set(user, list);
  },
  LoginHistory(s, row) {
    const user = idKey(textOf(row, 'UserId'));
    if (!user) return;
    const tally = s.logins.get(user) ?? newLoginTally();
    s.logins.set(user, tally);
    const application = textOf(row, 'Application') ?? 'N/A';
    const apiType = textOf(row, 'ApiType');
    const loginType = textOf(row, 'LoginType') ?? '';
    const status = textOf(row, 'Status') ?? 'Success';
    const ip = textOf(row, 'SourceIp') ?? 'unknown';
    const failed = status.toLowerCase() !== 'success';
    const time = timeOf(row, 'LoginTime');
    tally.total++;
    bump(tally.sourceIps, ip);
    if (time !== undefined && (tally.last === undefined || time > tally.last) && !failed) tally.last = time;
    const app = tally.byApplication.get(application) ?? {
      logins: 0,
      failures: 0,
      apiTypes: new Set<string>(),
      loginTypes: new Set<string>(),
    };
    tally.byApplication.set(application, app);
    app.logins++;
    if (apiType) app.apiTypes.add(apiType);
    if (loginType) app.loginTypes.add(loginType);
    if (failed) {
      tally.failures++;
      app.failures++;
      bump(tally.failuresByStatus, status);
      bump(tally.failuresBySource, ip);
      return;
    }
    const kind = loginKind(loginType, application, apiType);
    if (kind === 'ui') tally.ui++;
    else if (kind === 'api') tally.api++;
  },
  OauthToken(s, row) {
    const user = idKey(textOf(row, 'UserId'));
    const app = textOf(row, 'AppName');
    if (!user || !app) return;
    const apps = s.tokens.get(user) ?? new Map<string, TokenTally>();
    s.tokens.set(user, apps);
    const tally = apps.get(app) ?? { app, tokens: 0, uses: 0 };
    apps.set(app, tally);
    tally.tokens++;
    tally.uses += numberOf(row, 'UseCount') ?? 0;
    const created = timeOf(row, 'CreatedDate');
    const used = timeOf(row, 'LastUsedDate');
    if (created !== undefined && (tally.created === undefined || created < tally.created)) tally.created = created;
    if (used !== undefined && (tally.lastUsed === undefined || used > tally.lastUsed)) tally.lastUsed = used;
  },
  SetupAuditTrail(s, row) {
    const user = idKey(textOf(row, 'CreatedById'));
    const date = timeOf(row, 'CreatedDate');
    if (!user || date === undefined) return;
    const tally = s.setupChanges.get(user) ?? { total: 0, bySection: new Map<string, number>(), latest: [] };
    s.setupChanges.set(user, tally);
    const change = {
      date,
      action: textOf(row, 'Action') ?? '',
      section: textOf(row, 'Section') ?? '',
      display: textOf(row, 'Display') ?? '',
    };
    tally.total++;
    bump(tally.bySection, change.section || '(none)');
    tally.latest.push(change);
    // Newest first, ties by text: the kept few do not depend on the order the rows came in.
    tally.latest.sort((a, b) => b.date - a.date || a.display.localeCompare(b.display, 'en'));
    if (tally.latest.length > SETUP_CHANGES_KEPT) tally.latest.length = SETUP_CHANGES_KEPT;
  },
  UserLicense(s, row) {
    const name = textOf(row, 'Name');
    if (!name) return;
    s.userLicenses.set(name.toLowerCase(), {
      name,
      label: name,
      total: numberOf(row, 'TotalLicenses') ?? 0,
      used: numberOf(row, 'UsedLicenses') ?? 0,
    });
  },
  PermissionSetLicense(s, row) {
    const label = textOf(row, 'MasterLabel');
    // The integration license by its developer name or, should an org name it otherwise, its label.
    const name =
      label?.toLowerCase() === INTEGRATION_PSL_LABEL.toLowerCase() ? INTEGRATION_PSL : textOf(row, 'DeveloperName');
    if (!name) return;
    s.permissionSetLicenses.set(name.toLowerCase(), {
      name,
      label: textOf(row, 'MasterLabel') ?? name,
      total: numberOf(row, 'TotalLicenses') ?? 0,
      used: numberOf(row, 'UsedLicenses') ?? 0,
    });
  },
  PermissionSetLicenseAssign(s, row) {
    const user = idKey(textOf(row, 'AssigneeId'));
    // An export of every permission set license assignment holds the other licenses too.
    const license = textOf(row, 'PermissionSetLicense.DeveloperName');
    if (user && license?.toLowerCase() === INTEGRATION_PSL.toLowerCase()) s.integrationPslHolders.add(user);
  },
  ApiTotalUsage(s, row) {
    const user = idKey(textOf(row, 'USER_ID'));
    const day = textOf(row, 'TIMESTAMP_DERIVED')?.slice(0, 10);
    if (!user || !day) return;
    const calls = s.apiCalls.get(user) ?? {
      total: 0,
      byDay: new Map<string, number>(),
      byClient: new Map<string, number>(),
    };
    s.apiCalls.set(user, calls);
    calls.total++;
    bump(calls.byDay, day);
    const appId = idKey(textOf(row, 'CONNECTED_APP_ID'));
    bump(calls.byClient, textOf(row, 'CLIENT_NAME') ?? (appId ? (s.connectedAppNames.get(appId) ?? appId) : 'unknown'));
  },
  ConnectedApplication(s, row) {
    const id = idKey(textOf(row, 'Id'));
    const name = textOf(row, 'Name');
    if (!id || !name) return;
    const flag = fieldOf(row, 'OptionsAllowAdminApprovedUsersOnly');
    s.connectedApps.set(name.toLowerCase(), {
      id,
      name,
      ...(flag === undefined || flag === null
        ? {}
        : { adminApprovedOnly: boolOf(row, 'OptionsAllowAdminApprovedUsersOnly') }),
    });
    s.connectedAppNames.set(id, name);
  },
  UserPermissionAccess(s, row) {
    // The snapshot is built in place, row by row, like every entry above.
    // eslint-disable-next-line no-param-reassign
    s.runningUser = {
      manageUsers: boolOf(row, 'PermissionsManageUsers'),
      viewSetup: boolOf(row, 'PermissionsViewSetup'),
      monitorLoginHistory: boolOf(row, 'PermissionsMonitorLoginHistory'),
    };
  },
};
