import { ADMIN_PERMISSIONS } from '../shared/adminPermissions.js';
import { LICENSES } from '../shared/platformRules.js';

/**
 * What the audit reads from an org, one entry per object: the query it runs (and prints for an export), the file an
 * export keeps its rows in, and the fields the analysis needs. One table for `--target-org`, `--from-dir` and
 * `--print-queries`, so the three can never ask for different things.
 */
export type AuditObject =
  | 'User'
  | 'UserLogin'
  | 'PermissionSet'
  | 'PermissionSetAssignment'
  | 'LoginHistory'
  | 'OauthToken'
  | 'SetupAuditTrail'
  | 'UserLicense'
  | 'PermissionSetLicense'
  | 'PermissionSetLicenseAssign'
  | 'UserPermissionAccess'
  | 'ConnectedApplication'
  | 'ApiTotalUsage';

export type AuditQuery = {
  object: AuditObject;
  /** Where an export keeps the rows: `sf data query … --json > <file>`. */
  file: string;
  /** Fields the analysis reads; an export may hold more (they are ignored), never fewer. */
  required: readonly string[];
  /** Fields read when the org has them (a relationship, a field of a later API version). */
  optional?: readonly string[];
  /** What the analysis uses the rows for, said when they cannot be read. */
  purpose: string;
  /** The rule ids that cannot be checked without these rows. */
  needed: readonly string[];
  /** The WHERE clause, given the start of the time window (ISO 8601). */
  where?: (since: string) => string;
  /** Can hold millions of rows: paged and streamed, and the printed command raises sf's 50,000-row cap. */
  large?: boolean;
  /**
   * Rows of an event log file type (EventLogFile's CSV files, downloaded), not of an object: `required` names CSV
   * columns, and an export keeps the files in the folder `file`.
   */
  eventLog?: string;
  /** What the report adds when the org has it; without it the audit is still complete (the free tier keeps a day). */
  supplementary?: boolean;
};

/**
 * Admin-equivalent user permissions as PermissionSet fields (`Permissions<Name>`), and API Only User, which tells an
 * integration user. Described per org before querying: a field the org lacks (an edition without the feature) is left
 * out and said, not a failed query.
 */
export const PERMISSION_FIELDS: readonly string[] = [...Object.keys(ADMIN_PERMISSIONS), 'ApiUserOnly'].map(
  (name) => `Permissions${name}`,
);

const INTEGRATION_PSL = LICENSES.integration.permissionSetLicense.name;

export const AUDIT_QUERIES: readonly AuditQuery[] = [
  {
    object: 'User',
    file: 'User.json',
    required: ['Id', 'Username', 'IsActive', 'UserType', 'LastLoginDate', 'Profile.Name', 'Profile.UserLicense.Name'],
    optional: ['Name', 'ProfileId', 'CreatedDate'],
    // Portal and guest users are not integrations, and an Experience Cloud org has millions of them.
    where: () => "UserType = 'Standard'",
    purpose: 'who the users are, their license, profile and last login',
    needed: [
      'unregistered-integration-user',
      'register-user-missing',
      'runtime-shared-user',
      'admin-access',
      'stale-access',
      'register-expired',
    ],
  },
  {
    object: 'UserLogin',
    file: 'UserLogin.json',
    required: ['UserId', 'IsFrozen'],
    where: () => 'IsFrozen = true',
    purpose: 'which users are frozen',
    needed: ['register-user-missing', 'register-expired'],
  },
  {
    object: 'PermissionSet',
    file: 'PermissionSet.json',
    required: ['Id', 'Name', 'Label', 'IsOwnedByProfile', 'Profile.Name'],
    optional: ['Type', 'ProfileId', ...PERMISSION_FIELDS],
    purpose: 'the user permissions each profile, permission set and permission set group grants',
    needed: ['admin-access', 'unregistered-integration-user'],
  },
  {
    object: 'PermissionSetAssignment',
    file: 'PermissionSetAssignment.json',
    required: ['AssigneeId', 'PermissionSetId', 'PermissionSetGroupId', 'ExpirationDate'],
    optional: ['PermissionSetGroup.DeveloperName'],
    where: () => "Assignee.IsActive = true AND Assignee.UserType = 'Standard'",
    purpose: 'who holds which permission set, directly or through a group',
    needed: ['admin-access', 'unregistered-integration-user'],
  },
  {
    object: 'LoginHistory',
    file: 'LoginHistory.json',
    required: ['UserId', 'LoginTime', 'LoginType', 'Status', 'Application', 'ApiType', 'SourceIp'],
    where: (since) => `LoginTime >= ${since}`,
    large: true,
    purpose: 'logins in the window: by which application, through which API, from where, and which failed',
    needed: ['runtime-shared-user', 'login-failures', 'unregistered-integration-user'],
  },
  {
    object: 'OauthToken',
    file: 'OauthToken.json',
    // Never the token columns: the audit needs who holds a token for which app and when it was used.
    required: ['AppName', 'UserId', 'CreatedDate', 'LastUsedDate', 'UseCount'],
    large: true,
    purpose: 'OAuth tokens: which app, held by whom, last used when',
    needed: ['runtime-shared-user', 'stale-access'],
  },
  {
    object: 'SetupAuditTrail',
    file: 'SetupAuditTrail.json',
    required: ['CreatedDate', 'CreatedById', 'CreatedBy.Username', 'Action', 'Section', 'Display'],
    where: (since) => `CreatedDate >= ${since}`,
    large: true,
    purpose: 'setup changes in the window and who made them',
    needed: ['setup-change-by-integration'],
  },
  {
    object: 'UserLicense',
    file: 'UserLicense.json',
    required: ['Name', 'TotalLicenses', 'UsedLicenses'],
    purpose: 'user licenses owned and used',
    needed: ['license-budget'],
  },
  {
    object: 'PermissionSetLicense',
    file: 'PermissionSetLicense.json',
    required: ['DeveloperName', 'MasterLabel', 'TotalLicenses', 'UsedLicenses'],
    purpose: 'permission set licenses owned and used',
    needed: ['license-budget'],
  },
  {
    object: 'PermissionSetLicenseAssign',
    file: 'PermissionSetLicenseAssign.json',
    required: ['AssigneeId', 'PermissionSetLicense.DeveloperName'],
    where: () => `PermissionSetLicense.DeveloperName = '${INTEGRATION_PSL}'`,
    purpose: `who holds the ${INTEGRATION_PSL} permission set license`,
    needed: ['license-budget'],
  },
  {
    object: 'UserPermissionAccess',
    file: 'UserPermissionAccess.json',
    required: ['PermissionsManageUsers', 'PermissionsViewSetup'],
    optional: ['PermissionsMonitorLoginHistory', 'PermissionsViewAllUsers'],
    purpose:
      "the permissions of the user the audit or the export ran as: without Manage Users, LoginHistory and OauthToken hold only that user's own rows",
    needed: [],
  },
  {
    object: 'ConnectedApplication',
    file: 'ConnectedApplication.json',
    required: ['Id', 'Name'],
    optional: ['OptionsAllowAdminApprovedUsersOnly'],
    supplementary: true,
    purpose:
      "the org's connected apps, and whether only admin-approved users may use each (External Client Apps show by name in Login History and OAuth tokens)",
    needed: [],
  },
  {
    object: 'ApiTotalUsage',
    file: 'ApiTotalUsage',
    eventLog: 'ApiTotalUsage',
    required: ['USER_ID', 'TIMESTAMP_DERIVED'],
    optional: ['CONNECTED_APP_ID', 'CLIENT_NAME', 'API_FAMILY'],
    where: (since) => `EventType = 'ApiTotalUsage' AND LogDate >= ${since}`,
    large: true,
    supplementary: true,
    purpose:
      'API calls per day of each integration user (ApiTotalUsage event log files: one day free, more with Event Monitoring)',
    needed: [],
  },
];

/** SOQL's datetime literal for the start of a window of `days` days ending at `now`. */
export function windowStart(now: Date, days: number): string {
  const start = new Date(now.getTime() - days * 86_400_000);
  return `${start.toISOString().slice(0, 19)}Z`;
}

/** The fields of EventLogFile the audit reads to find and download an event type's files. */
export const EVENT_LOG_FILE_FIELDS = ['Id', 'EventType', 'LogDate', 'Interval', 'LogFile'] as const;

/** The SOQL for an object, with the fields given (by default the required and optional ones). */
export function soqlOf(query: AuditQuery, since: string, fields?: readonly string[]): string {
  if (query.eventLog) {
    const where = query.where?.(since);
    return `SELECT ${(fields ?? EVENT_LOG_FILE_FIELDS).join(', ')} FROM EventLogFile${where ? ` WHERE ${where}` : ''}`;
  }
  const select = fields ?? [...query.required, ...(query.optional ?? [])];
  const where = query.where?.(since);
  return `SELECT ${select.join(', ')} FROM ${query.object}${where ? ` WHERE ${where}` : ''}`;
}

/**
 * The fields an export is asked for: the required ones, and the optional ones that every org has (a permission field
 * of an edition without the feature would fail the whole query, so the printed PermissionSet query asks for the
 * admin permissions by FIELDS(STANDARD), which returns every Permissions* field the org has).
 */
function exportFields(query: AuditQuery): string[] {
  if (query.object === 'PermissionSet') return ['FIELDS(STANDARD)', 'Profile.Name'];
  if (query.object === 'UserPermissionAccess') return [...query.required, ...(query.optional ?? [])];
  return [...query.required, ...(query.optional ?? []).filter((f) => !PERMISSION_FIELDS.includes(f))];
}

/** `sf data query` returns 50,000 rows by default (`org-max-query-limit`); the printed command raises it for large objects. */
/** The API version the printed download commands name. */
const EXPORT_API_VERSION = '66.0';
const EXPORT_MAX_QUERY_ROWS = 10_000_000;

/**
 * One `sf data query … --json > <file>` line per object: what an admin runs to give an auditor the folder that
 * `--from-dir` reads. Quoted for a POSIX shell.
 */
export function exportCommands(since: string, targetOrg?: string): string[] {
  const org = targetOrg ? ` --target-org ${shellQuote(targetOrg)}` : '';
  return AUDIT_QUERIES.flatMap((query) => {
    if (query.eventLog) return eventLogCommands(query, since, org);
    const soql = soqlOf(query, since, exportFields(query));
    const env = query.large ? `SF_ORG_MAX_QUERY_LIMIT=${EXPORT_MAX_QUERY_ROWS} ` : '';
    return [`${env}sf data query --query ${shellQuote(soql)}${org} --json > ${query.file}`];
  });
}

/**
 * An event log type's files: the EventLogFile rows, then each file downloaded into the folder (a POSIX shell loop
 * over the Ids; the daily files, where the org has both daily and hourly ones).
 */
function eventLogCommands(query: AuditQuery, since: string, org: string): string[] {
  const list = `${query.file}.json`;
  const soql = `SELECT Id, LogDate FROM EventLogFile WHERE ${query.where?.(since) ?? ''} AND Interval = 'Daily'`;
  return [
    `mkdir -p ${query.file} && sf data query --query ${shellQuote(soql)}${org} --json > ${list}`,
    `for id in $(grep -o '"Id": *"[^"]*"' ${list} | cut -d'"' -f4); do sf api request rest "/services/data/v${EXPORT_API_VERSION}/sobjects/EventLogFile/$id/LogFile"${org} > ${query.file}/$id.csv; done`,
  ];
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}
