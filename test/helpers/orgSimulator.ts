/**
 * A small Salesforce org simulator, a test utility (never a mode of the product): it answers the REST endpoints the
 * audit and `sf org login access-token` use from fixture rows, pages query results as the API does (2,000 rows, then
 * nextRecordsUrl), and answers with Salesforce's error shapes for an object the org lacks or a permission the user
 * lacks. Every request is recorded, so a test can prove the audit only reads.
 *
 * The same handler serves `fakeConnectionRequest` in unit tests and a real HTTP server on 127.0.0.1 in the NUTs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { byDay, eventLogCsv, EVENT_LOG_TYPES, type FixtureOrg, type FixtureRow } from './orgFixture.js';

export const SIMULATOR_API_VERSION = '66.0';
export const SIMULATOR_ORG_ID = '00D000000000001AAA';
export const SIMULATOR_USER_ID = '005000000000900AAA';
export const SIMULATOR_USERNAME = 'auditor@example.com';

export type SimulatorOptions = {
  /** Objects the org does not have (no Event Monitoring, an edition without the feature): describe and query fail. */
  missing?: string[];
  /** Objects the running user may not read (no Manage Users): describe works, the query fails. */
  denied?: string[];
  /** Rows per page (the API's default is 2,000). */
  pageSize?: number;
};

export type SimulatorRequest = { method: string; path: string };
export type SimulatorResponse = { status: number; body: unknown };

type Cursor = { rows: FixtureRow[]; offset: number };

const base = `/services/data/v${SIMULATOR_API_VERSION}`;

function error(status: number, errorCode: string, message: string): SimulatorResponse {
  return { status, body: [{ message, errorCode }] };
}

/** The value at a dotted path of a row (relationships nested). */
function valueAt(row: FixtureRow, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as FixtureRow)[part];
  }
  return value;
}

/** A row with only the selected fields (and their relationships), as the API returns it. */
function project(row: FixtureRow, fields: string[]): FixtureRow {
  if (fields.includes('FIELDS(STANDARD)')) return row;
  const out: FixtureRow = { attributes: row.attributes };
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    if (!rest.length) {
      out[head] = row[head] ?? null;
      continue;
    }
    const related = row[head];
    if (related === null || related === undefined) {
      out[head] = null;
      continue;
    }
    const sub = project(related as FixtureRow, [rest.join('.')]);
    out[head] = { ...(out[head] as FixtureRow | undefined), ...sub };
  }
  return out;
}

/** `field = 'x'`, `field = true`, `field >= 2026-01-01T00:00:00Z`, joined by AND; paths it cannot resolve pass. */
function matches(row: FixtureRow, where: string | undefined): boolean {
  if (!where) return true;
  return where.split(/\s+AND\s+/i).every((condition) => {
    const m = /^([\w.]+)\s*(=|>=)\s*(.+)$/.exec(condition.trim());
    if (!m) return true;
    const [, path, op, literal] = m;
    const value = valueAt(row, path);
    if (value === undefined) return true;
    if (op === '>=')
      return (
        Date.parse((typeof value === 'string' ? value : '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) >=
        Date.parse(literal)
      );
    const wanted = literal.startsWith("'")
      ? literal.slice(1, -1)
      : literal === 'true'
        ? true
        : literal === 'false'
          ? false
          : literal;
    return value === wanted;
  });
}

/**
 * Describe of an object from its rows: each key a field; a nested object, or a null next to its `<name>Id`, a
 * relationship (`Profile` with ProfileId).
 */
function describe(object: string, rows: FixtureRow[]): unknown {
  const fields = new Map<string, { name: string; relationshipName: string | null; type: string }>();
  for (const row of rows)
    for (const [key, value] of Object.entries(row)) {
      if (key === 'attributes') continue;
      const relationship = (value !== null && typeof value === 'object') || (value === null && `${key}Id` in row);
      if (relationship) fields.set(`${key}Id`, { name: `${key}Id`, relationshipName: key, type: 'reference' });
      else if (!fields.has(key))
        fields.set(key, { name: key, relationshipName: null, type: typeof value === 'boolean' ? 'boolean' : 'string' });
    }
  return { name: object, queryable: true, fields: [...fields.values()] };
}

export class OrgSimulator {
  public readonly requests: SimulatorRequest[] = [];
  private readonly cursors = new Map<string, Cursor>();
  private nextCursor = 1;

  public constructor(
    private readonly org: FixtureOrg,
    private readonly options: SimulatorOptions = {},
  ) {}

  /** The org's answer to one request. */
  public handle(method: string, url: string): SimulatorResponse {
    // A stored instance URL with a trailing slash makes paths start with '//' (the API accepts them).
    const parsed = new URL(url.replace(/^\/{2,}/, '/'), 'http://127.0.0.1');
    const path = parsed.pathname.replace(/\/$/, '');
    this.requests.push({ method, path: `${path}${parsed.search}` });
    if (method !== 'GET') return error(405, 'METHOD_NOT_ALLOWED', `The simulator is read-only: ${method} ${path}`);
    if (path === '/services/data')
      return { status: 200, body: [{ label: 'Winter ’27', url: base, version: SIMULATOR_API_VERSION }] };
    if (path === '/services/oauth2/userinfo') return { status: 200, body: this.userInfo() };
    const userRecord = /^\/services\/data\/v[\d.]+\/sobjects\/User\/(005\w{12,15})$/.exec(path);
    if (userRecord)
      return { status: 200, body: { attributes: { type: 'User' }, Id: userRecord[1], Username: SIMULATOR_USERNAME } };
    const logFile = /^\/services\/data\/v[\d.]+\/sobjects\/EventLogFile\/(\w+)\/LogFile$/.exec(path);
    if (logFile) return this.logFile(logFile[1]);
    const describeMatch = /^\/services\/data\/v[\d.]+\/sobjects\/(\w+)\/describe$/.exec(path);
    if (describeMatch) return this.describe(describeMatch[1]);
    const more = /^\/services\/data\/v[\d.]+\/(?:tooling\/)?query\/([\w-]+)$/.exec(path);
    if (more) return this.page(more[1]);
    if (/^\/services\/data\/v[\d.]+\/(?:tooling\/)?query$/.test(path))
      return this.query(parsed.searchParams.get('q') ?? '');
    if (/^\/services\/data\/v[\d.]+$/.test(path))
      return { status: 200, body: { sobjects: `${base}/sobjects`, query: `${base}/query` } };
    return error(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  // eslint-disable-next-line class-methods-use-this
  private userInfo(): unknown {
    /* eslint-disable camelcase */
    return {
      sub: `https://login.salesforce.com/id/${SIMULATOR_ORG_ID}/${SIMULATOR_USER_ID}`,
      user_id: SIMULATOR_USER_ID,
      organization_id: SIMULATOR_ORG_ID,
      preferred_username: SIMULATOR_USERNAME,
      email: SIMULATOR_USERNAME,
      name: 'Audit Runner',
    };
    /* eslint-enable camelcase */
  }

  private describe(object: string): SimulatorResponse {
    if (this.options.missing?.includes(object) || (!(object in this.org) && !this.isSystemObject(object)))
      return error(404, 'NOT_FOUND', `The requested resource does not exist`);
    return { status: 200, body: describe(object, this.rows(object)) };
  }

  /** Objects sf itself reads while logging in. */
  private isSystemObject(object: string): boolean {
    return (
      object === 'Organization' ||
      object === 'User' ||
      (object === 'EventLogFile' && EVENT_LOG_TYPES.some((t) => t in this.org))
    );
  }

  /** Event log files, one daily file per day of the fixture's event rows (`0AT<type><day>`). */
  private eventLogFiles(): FixtureRow[] {
    return EVENT_LOG_TYPES.flatMap((type) =>
      [...byDay(this.org[type] ?? [])].map(([day]) => {
        const Id = `0AT${type}${day.replace(/-/g, '')}`;
        return {
          attributes: { type: 'EventLogFile' },
          Id,
          EventType: type,
          LogDate: `${day}T00:00:00.000+0000`,
          Interval: 'Daily',
          LogFile: `${base}/sobjects/EventLogFile/${Id}/LogFile`,
        };
      }),
    );
  }

  private logFile(id: string): SimulatorResponse {
    const m = /^0AT(\w+?)(\d{8})$/.exec(id);
    const rows = m
      ? (byDay(this.org[m[1]] ?? []).get(`${m[2].slice(0, 4)}-${m[2].slice(4, 6)}-${m[2].slice(6)}`) ?? [])
      : [];
    if (!rows.length) return error(404, 'NOT_FOUND', 'The requested resource does not exist');
    return { status: 200, body: eventLogCsv(rows) };
  }

  private rows(object: string): FixtureRow[] {
    if (object === 'EventLogFile') return this.eventLogFiles();
    if (object === 'Organization' && !this.org.Organization)
      return [
        {
          attributes: { type: 'Organization' },
          Id: SIMULATOR_ORG_ID,
          Name: 'Demo Org',
          InstanceName: 'SIM1',
          IsSandbox: false,
          TrialExpirationDate: null,
          NamespacePrefix: null,
          OrganizationType: 'Enterprise Edition',
        },
      ];
    return this.org[object] ?? [];
  }

  private query(soql: string): SimulatorResponse {
    const m =
      /^SELECT\s+([\s\S]+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+([\s\S]+?))?(?:\s+(?:ORDER BY|LIMIT)\s+[\s\S]*)?$/i.exec(
        soql.trim(),
      );
    if (!m) return error(400, 'MALFORMED_QUERY', `unexpected token in: ${soql}`);
    const [, fieldList, object, where] = m;
    if (this.options.missing?.includes(object) || (!(object in this.org) && !this.isSystemObject(object)))
      return error(
        400,
        'INVALID_TYPE',
        `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
      );
    if (this.options.denied?.includes(object))
      return error(403, 'INSUFFICIENT_ACCESS', `You do not have sufficient access to query ${object}.`);
    const fields = fieldList.split(',').map((f) => f.trim());
    const rows = this.rows(object)
      .filter((row) => matches(row, where))
      .map((row) => project(row, fields));
    return this.first(rows);
  }

  private first(rows: FixtureRow[]): SimulatorResponse {
    const cursor = `01gSIM${String(this.nextCursor++).padStart(6, '0')}`;
    this.cursors.set(cursor, { rows, offset: 0 });
    return this.page(`${cursor}-0`);
  }

  private page(locator: string): SimulatorResponse {
    const [cursorId, offsetText] = locator.split('-');
    const cursor = this.cursors.get(cursorId);
    if (!cursor) return error(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const size = this.options.pageSize ?? 2000;
    const offset = Number(offsetText ?? 0);
    const records = cursor.rows.slice(offset, offset + size);
    const done = offset + size >= cursor.rows.length;
    return {
      status: 200,
      body: {
        totalSize: cursor.rows.length,
        done,
        records,
        ...(done ? {} : { nextRecordsUrl: `${base}/query/${cursorId}-${offset + size}` }),
      },
    };
  }
}

/** The simulator on a real port of 127.0.0.1, for the real sf CLI and Connection. */
export async function startOrgSimulator(
  org: FixtureOrg,
  options: SimulatorOptions = {},
): Promise<{ url: string; simulator: OrgSimulator; close(): Promise<void> }> {
  const simulator = new OrgSimulator(org, options);
  const server = http.createServer((req, res) => {
    const { status, body } = simulator.handle(req.method ?? 'GET', req.url ?? '/');
    const text = typeof body === 'string';
    res.writeHead(status, { 'content-type': text ? 'text/csv' : 'application/json' });
    res.end(text ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    simulator,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
