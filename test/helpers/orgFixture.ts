/**
 * A fixture org: the rows of each audited object as the REST API returns them, built from a compact description so
 * tests can plant exactly the findings they check. Written out as `sf data query --json` files for --from-dir, and
 * served by the org simulator for --target-org.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export type FixtureRow = Record<string, unknown>;
export type FixtureOrg = Record<string, FixtureRow[]>;

const API = 'v66.0';

function attributes(type: string, id?: string): { type: string; url?: string } {
  return id ? { type, url: `/services/data/${API}/sobjects/${type}/${id}` } : { type };
}

/** A record with its `attributes`, relationships nested as the API nests them. */
export function record(type: string, fields: FixtureRow): FixtureRow {
  const id = typeof fields.Id === 'string' ? fields.Id : undefined;
  return { attributes: attributes(type, id), ...fields };
}

export function related(type: string, fields: FixtureRow | null): FixtureRow | null {
  return fields === null ? null : { attributes: attributes(type), ...fields };
}

/** An 18-character Id of a key prefix and a number. */
export function sfId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(12, '0')}AAA`;
}

export type UserSpec = {
  n: number;
  username: string;
  profile: string;
  license: string;
  active?: boolean;
  lastLogin?: string | null;
  created?: string;
  userType?: string;
};

export function user(u: UserSpec): FixtureRow {
  return record('User', {
    Id: sfId('005', u.n),
    Username: u.username,
    Name: u.username.split('@')[0],
    IsActive: u.active ?? true,
    UserType: u.userType ?? 'Standard',
    LastLoginDate: u.lastLogin === undefined ? '2026-11-30T08:00:00.000+0000' : u.lastLogin,
    CreatedDate: u.created ?? '2024-01-10T09:00:00.000+0000',
    ProfileId: sfId('00e', profileNumber(u.profile)),
    Profile: related('Profile', { Name: u.profile, UserLicense: related('UserLicense', { Name: u.license }) }),
  });
}

const PROFILES = [
  'System Administrator',
  'Minimum Access - API Only Integrations',
  'Standard User',
  'Integration Admin',
];
function profileNumber(name: string): number {
  const at = PROFILES.indexOf(name);
  return at < 0 ? 90 + name.length : at + 1;
}

/** The profile-owned permission set of a profile, with the given permissions true. */
export function profilePermissionSet(profile: string, permissions: string[]): FixtureRow {
  const n = profileNumber(profile);
  return record('PermissionSet', {
    Id: sfId('0PS', 900 + n),
    Name: `X00ex${String(n).padStart(10, '0')}`,
    Label: `00ex${String(n).padStart(10, '0')}`,
    Type: 'Profile',
    IsOwnedByProfile: true,
    ProfileId: sfId('00e', n),
    Profile: related('Profile', { Name: profile }),
    ...Object.fromEntries(permissions.map((p) => [`Permissions${p}`, true])),
  });
}

export function permissionSet(n: number, name: string, permissions: string[], type = 'Regular'): FixtureRow {
  return record('PermissionSet', {
    Id: sfId('0PS', n),
    Name: name,
    Label: name.replace(/_/g, ' '),
    Type: type,
    IsOwnedByProfile: false,
    ProfileId: null,
    Profile: null,
    ...Object.fromEntries(permissions.map((p) => [`Permissions${p}`, true])),
  });
}

export function assignment(
  userN: number,
  permissionSetId: string,
  group?: { n: number; name: string },
  expires?: string,
): FixtureRow {
  return record('PermissionSetAssignment', {
    AssigneeId: sfId('005', userN),
    PermissionSetId: permissionSetId,
    PermissionSetGroupId: group ? sfId('0PG', group.n) : null,
    PermissionSetGroup: group ? related('PermissionSetGroup', { DeveloperName: group.name }) : null,
    ExpirationDate: expires ?? null,
  });
}

export function login(
  userN: number,
  fields: { time: string; type?: string; status?: string; app?: string; api?: string | null; ip?: string },
): FixtureRow {
  return record('LoginHistory', {
    UserId: sfId('005', userN),
    LoginTime: fields.time,
    LoginType: fields.type ?? 'Remote Access 2.0',
    Status: fields.status ?? 'Success',
    Application: fields.app ?? 'N/A',
    ApiType: fields.api === undefined ? null : fields.api,
    SourceIp: fields.ip ?? '203.0.113.10',
  });
}

export function token(
  userN: number,
  app: string,
  lastUsed: string | null,
  created = '2025-06-01T00:00:00.000+0000',
  uses = 10,
): FixtureRow {
  return record('OauthToken', {
    AppName: app,
    UserId: sfId('005', userN),
    CreatedDate: created,
    LastUsedDate: lastUsed,
    UseCount: uses,
  });
}

export function setupChange(
  userN: number,
  username: string,
  date: string,
  section: string,
  display: string,
): FixtureRow {
  return record('SetupAuditTrail', {
    CreatedDate: date,
    CreatedById: sfId('005', userN),
    CreatedBy: related('User', { Username: username }),
    Action: section.toLowerCase().replace(/\W+/g, ''),
    Section: section,
    Display: display,
  });
}

/** An ApiTotalUsage event log row: one API call. */
export function apiCall(userN: number, timestamp: string, client: string, family = 'REST'): FixtureRow {
  return {
    EVENT_TYPE: 'ApiTotalUsage',
    TIMESTAMP_DERIVED: timestamp,
    USER_ID: sfId('005', userN).slice(0, 15),
    CONNECTED_APP_ID: '',
    CLIENT_NAME: client,
    API_FAMILY: family,
  };
}

/** Event log rows as Salesforce writes the CSV: a header, every value quoted. */
export function eventLogCsv(rows: FixtureRow[]): string {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const quote = (v: unknown): string =>
    `"${(typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v)).replace(/"/g, '""')}"`;
  return [header.map(quote).join(','), ...rows.map((r) => header.map((h) => quote(r[h])).join(','))].join('\n') + '\n';
}

/** Objects whose rows are event log files, not query results. */
export const EVENT_LOG_TYPES = ['ApiTotalUsage'];

/**
 * Writes the org as the folder --from-dir reads: `<Object>.json` as `sf data query --json` writes it, and event log
 * rows as one CSV file per day under `<EventType>/`. `omit` leaves objects out.
 */
export function writeExport(org: FixtureOrg, dir: string, omit: string[] = []): void {
  for (const [object, rows] of Object.entries(org)) {
    if (omit.includes(object)) continue;
    if (!EVENT_LOG_TYPES.includes(object)) {
      writeFileSync(path.join(dir, `${object}.json`), queryOutput(rows));
      continue;
    }
    mkdirSync(path.join(dir, object), { recursive: true });
    for (const [day, dayRows] of byDay(rows)) writeFileSync(path.join(dir, object, `${day}.csv`), eventLogCsv(dayRows));
  }
}

/** Event log rows grouped by the day of their TIMESTAMP_DERIVED. */
export function byDay(rows: FixtureRow[]): Map<string, FixtureRow[]> {
  const days = new Map<string, FixtureRow[]>();
  for (const row of rows) {
    const day = String(row.TIMESTAMP_DERIVED).slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), row]);
  }
  return new Map([...days].sort(([a], [b]) => a.localeCompare(b)));
}

const DATE = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+(?:Z|[+-]\d{4}))?$/;

/** The org with every date and datetime moved by whole days: a fixture written for one day, replayed on another. */
export function shiftDates(org: FixtureOrg, days: number): FixtureOrg {
  if (!days) return org;
  const shift = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = DATE.exec(value);
      if (!m) return value;
      const moved = new Date(Date.parse(`${m[1]}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      return `${moved}${m[2] ?? ''}`;
    }
    if (Array.isArray(value)) return value.map(shift);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shift(v)]));
    return value;
  };
  return shift(org) as FixtureOrg;
}

/** `sf data query --json`'s output for a list of rows. */
export function queryOutput(rows: FixtureRow[]): string {
  return `${JSON.stringify({ status: 0, result: { records: rows, totalSize: rows.length, done: true }, warnings: [] }, null, 2)}\n`;
}
