import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from '@salesforce/core';
import YAML from 'yaml';
import { csvRows } from './csv.js';
import { streamRecords } from './jsonRecords.js';
import { EVENT_LOG_FILE_FIELDS, PERMISSION_FIELDS, soqlOf, type AuditQuery } from './queries.js';
import { hasField, type QueryRow } from './records.js';

/** How much of an object the audit saw: all of it, part of it (and why), or nothing (and why). */
export type ReadOutcome = {
  object: string;
  status: 'read' | 'partial' | 'not-seen';
  /** Rows read and analysed. */
  rows: number;
  /** Why not everything was seen; what to do. */
  reason?: string;
  /** The SOQL that produced the rows (the org's, or the one the export should have come from). */
  query: string;
  /** Fields the org or the export lacks, read as empty (optional fields only; a missing required one is not-seen). */
  missingFields?: string[];
};

/** Rows handed to the analysis a page at a time, so a million logins never sit in memory at once. */
export type PageHandler = (rows: QueryRow[]) => void;

export type AuditSource = {
  /** What was read, for the report: `org admin@acme.com (00D…)` or `export ./audit-2026-11`. */
  description: string;
  kind: 'org' | 'directory';
  read(query: AuditQuery, since: string, onPage: PageHandler): Promise<ReadOutcome>;
};

/** A file of the export that is not what `sf data query --json` writes: the user must fix or re-export it. */
export class AuditInputError extends Error {
  public constructor(
    public readonly file: string,
    message: string,
    public readonly line?: number,
    public readonly column?: number,
  ) {
    super(message);
  }
}

const PAGE = 2000;

/**
 * Where a text that JSON.parse refuses goes wrong (V8's message gives no position): JSON is YAML, and the YAML
 * parser reports the line and column of the first construct it cannot close.
 */
function jsonErrorPosition(text: string): { line: number; column: number } | undefined {
  const [first] = YAML.parseDocument(text).errors;
  const at = first?.linePos?.[0];
  return at ? { line: at.line, column: at.col } : undefined;
}

/** The rows of an export file, or why it holds none: `sf data query --json`'s output, success or failure. */
function exportRows(file: string, text: string): { rows: QueryRow[]; totalSize?: number } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const where = jsonErrorPosition(text);
    throw new AuditInputError(
      file,
      `is not valid JSON (${(e as Error).message.split('\n')[0]}). Write it again with the command --print-queries prints for it.`,
      where?.line,
      where?.column,
    );
  }
  const doc = parsed as Record<string, unknown> | unknown[] | null;
  if (Array.isArray(doc)) return { rows: doc as QueryRow[] };
  if (!doc || typeof doc !== 'object')
    throw new AuditInputError(file, 'holds no query result. Write it with `sf data query … --json > <file>`.');
  // sf's error output: the query failed in the org, and says why (an object the org lacks, a missing permission).
  if (typeof doc.status === 'number' && doc.status !== 0)
    return { error: `the export's query failed: ${textOr(doc.name, 'error')}: ${textOr(doc.message, '')}`.trim() };
  const result = (doc.result ?? doc) as Record<string, unknown>;
  if (!Array.isArray(result.records))
    throw new AuditInputError(
      file,
      'has no "records" list: it is not the output of `sf data query --json`. Write it again with the command --print-queries prints for it.',
    );
  return {
    rows: result.records as QueryRow[],
    totalSize: typeof result.totalSize === 'number' ? result.totalSize : undefined,
  };
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Required fields a row lacks: an export made with another query. */
function missingRequired(query: AuditQuery, row: QueryRow | undefined): string[] {
  return row ? query.required.filter((f) => !hasField(row, f)) : [];
}

/** Hands rows to the analysis a page at a time. */
function emit(rows: Iterable<QueryRow>, onPage: PageHandler): number {
  let page: QueryRow[] = [];
  let count = 0;
  for (const row of rows) {
    page.push(row);
    count++;
    if (page.length === PAGE) {
      onPage(page);
      page = [];
    }
  }
  if (page.length) onPage(page);
  return count;
}

/** The event log files of an export folder (`ApiTotalUsage/*.csv`): optional, so their absence is said, not an error. */
async function readEventLogFolder(
  dir: string,
  shownDir: string,
  query: AuditQuery,
  since: string,
  onPage: PageHandler,
): Promise<ReadOutcome> {
  const folder = path.join(dir, query.file);
  const shown = path.join(shownDir, query.file);
  const expected = soqlOf(query, since);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  } catch {
    names = [];
  }
  if (!names.length) return notSeen(query, expected, `no ${shown}/*.csv in the export`);
  let rows = 0;
  const problems: string[] = [];
  for (const name of names) {
    // eslint-disable-next-line no-await-in-loop
    const { header, rows: lines } = csvRows(await readFile(path.join(folder, name), 'utf8'));
    const lacking = query.required.filter((f) => !header.includes(f));
    if (lacking.length) {
      problems.push(`${path.join(shown, name)} lacks the column(s) ${lacking.join(', ')}`);
      continue;
    }
    rows += emit(lines, onPage);
  }
  if (problems.length && !rows) return notSeen(query, expected, problems.join('; '));
  return {
    object: query.object,
    status: problems.length ? 'partial' : 'read',
    rows,
    query: expected,
    ...(problems.length ? { reason: problems.join('; ') } : {}),
  };
}

/** A folder of `sf data query --json > <Object>.json` files, as an admin exports them for an auditor. */
export function directorySource(dir: string, displayDir = dir): AuditSource {
  return {
    kind: 'directory',
    description: `export ${displayDir}`,
    async read(query, since, onPage): Promise<ReadOutcome> {
      if (query.eventLog) return readEventLogFolder(dir, displayDir, query, since, onPage);
      const file = path.join(dir, query.file);
      const shown = path.join(displayDir, query.file);
      const expected = soqlOf(query, since);
      let size: number;
      try {
        const info = await stat(file);
        if (!info.isFile()) return notSeen(query, expected, `${shown} is not a file`);
        size = info.size;
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
        const reason = missing
          ? `${shown} is not in the export`
          : `${shown} could not be read (${(e as Error).message})`;
        return notSeen(query, expected, reason);
      }
      const found = await readExportFile(file, shown, size, query, onPage);
      if ('error' in found) return notSeen(query, expected, found.error);
      const first = found.first;
      const optional = first
        ? (query.optional ?? []).filter((f) => !PERMISSION_FIELDS.includes(f) && !hasField(first, f))
        : [];
      const total = found.totalSize ?? found.rows;
      const truncated = total > found.rows;
      return {
        object: query.object,
        status: truncated ? 'partial' : 'read',
        rows: found.rows,
        query: expected,
        ...(truncated
          ? {
              reason: `${shown} holds ${found.rows} of ${total} rows (sf data query stops at its row limit): export it again with SF_ORG_MAX_QUERY_LIMIT set above ${total}`,
            }
          : {}),
        ...(optional.length ? { missingFields: optional } : {}),
      };
    },
  };
}

/** Export files from this size on are streamed row by row instead of parsed whole. */
export const STREAM_EXPORT_BYTES = 32 * 1024 * 1024;

type ExportRead = { rows: number; totalSize?: number; first?: QueryRow } | { error: string };

/**
 * The rows of one export file handed to the analysis: parsed whole when small, streamed when large (a Login History
 * of millions of rows). A first row without a required field stops the read: the export came from another query.
 */
async function readExportFile(
  file: string,
  shown: string,
  size: number,
  query: AuditQuery,
  onPage: PageHandler,
): Promise<ExportRead> {
  const lackingMessage = (lacking: string[]): string =>
    `${shown} lacks the field(s) ${lacking.join(', ')}: export it again with the command --print-queries prints for it`;
  if (size < STREAM_EXPORT_BYTES) {
    const found = exportRows(shown, await readFile(file, 'utf8'));
    if ('error' in found) return found;
    const lacking = missingRequired(query, found.rows[0]);
    if (lacking.length) return { error: lackingMessage(lacking) };
    const rows = emit(found.rows, onPage);
    return { rows, totalSize: found.totalSize, first: found.rows[0] };
  }
  let first: QueryRow | undefined;
  let lacking: string[] = [];
  let page: QueryRow[] = [];
  const streamed = await streamRecords(file, (row) => {
    if (!first) {
      first = row;
      lacking = missingRequired(query, row);
    }
    if (lacking.length) return;
    page.push(row);
    if (page.length === PAGE) {
      onPage(page);
      page = [];
    }
  });
  if (streamed.invalidAt !== undefined) {
    const where = await lineColumnOf(file, streamed.invalidAt);
    throw new AuditInputError(
      shown,
      'is not valid JSON. Write it again with the command --print-queries prints for it.',
      where.line,
      where.column,
    );
  }
  const { status, name, message, totalSize } = streamed.scalars;
  if (typeof status === 'number' && status !== 0)
    return { error: `the export's query failed: ${textOr(name, 'error')}: ${textOr(message, '')}`.trim() };
  if (lacking.length) return { error: lackingMessage(lacking) };
  if (page.length) onPage(page);
  return { rows: streamed.rows, totalSize: typeof totalSize === 'number' ? totalSize : undefined, first };
}

/** Line and column of a character offset in a large file, counted as it streams by. */
async function lineColumnOf(file: string, offset: number): Promise<{ line: number; column: number }> {
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = chunk as string;
    const end = Math.min(text.length, offset - at);
    for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = at + i + 1;
    }
    at += text.length;
    if (at >= offset) break;
  }
  return { line, column: offset - lineStart + 1 };
}

/** What an API error says, and what to do about it. */
function reasonOf(object: string, e: unknown): string {
  const error = e as { errorCode?: string; name?: string; message?: string };
  const code = error.errorCode ?? error.name ?? 'error';
  const message = (error.message ?? String(e)).split('\n')[0];
  const hints: Record<string, string> = {
    INVALID_TYPE: `the org does not expose ${object} to this user (a feature the org lacks, or a permission the user lacks)`,
    NOT_FOUND: `the org does not expose ${object} to this user`,
    INSUFFICIENT_ACCESS: `the user lacks the permission to read ${object} (Manage Users, View Setup and Configuration)`,
    INSUFFICIENT_ACCESS_OR_READONLY: `the user lacks the permission to read ${object}`,
    API_DISABLED_FOR_ORG: 'the org has no API access',
  };
  return `${hints[code] ?? 'the query failed'}: ${code}: ${message}`;
}

/** An object the audit could not read at all, and why. */
function notSeen(query: AuditQuery, soql: string, reason: string): ReadOutcome {
  return { object: query.object, status: 'not-seen', rows: 0, query: soql, reason };
}

/** A read the org broke off: the rows already analysed stay analysed, and the object is only partly seen. */
function failedRead(query: AuditQuery, soql: string, rows: number, e: unknown): ReadOutcome {
  return {
    object: query.object,
    status: rows ? 'partial' : 'not-seen',
    rows,
    query: soql,
    reason: reasonOf(query.object, e),
  };
}

type DescribedField = { name: string; relationshipName?: string | null };

/** The fields the org has among the ones asked for (a relationship path by its relationship name). */
function available(fields: readonly string[], described: DescribedField[]): { have: string[]; lack: string[] } {
  const names = new Set(described.map((f) => f.name.toLowerCase()));
  const relationships = new Set(
    described.flatMap((f) => (f.relationshipName ? [f.relationshipName.toLowerCase()] : [])),
  );
  const have: string[] = [];
  const lack: string[] = [];
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    const ok = rest.length ? relationships.has(head.toLowerCase()) : names.has(head.toLowerCase());
    (ok ? have : lack).push(field);
  }
  return { have, lack };
}

/**
 * The org, through `@salesforce/core`'s Connection: each object described first (a field this org lacks is left
 * out and said, never a failed query), then queried a page at a time with queryMore. Only reads: describe, query,
 * queryMore.
 */
export function connectionSource(conn: Connection, description: string): AuditSource {
  return {
    kind: 'org',
    description,
    async read(query, since, onPage): Promise<ReadOutcome> {
      if (query.eventLog) return readEventLogs(conn, query, since, onPage);
      let fields: DescribedField[];
      try {
        fields = (await conn.describe(query.object)).fields;
      } catch (e) {
        return notSeen(query, soqlOf(query, since), reasonOf(query.object, e));
      }
      if (!Array.isArray(fields))
        return notSeen(query, soqlOf(query, since), `the org's describe of ${query.object} lists no fields`);
      const required = available(query.required, fields);
      if (required.lack.length)
        return notSeen(
          query,
          soqlOf(query, since),
          `the org shows this user no field ${required.lack.join(', ')} on ${query.object} (field-level access, or an API version without it)`,
        );
      const optional = available(query.optional ?? [], fields);
      const soql = soqlOf(query, since, [...required.have, ...optional.have]);
      let rows = 0;
      try {
        let page = await conn.query<QueryRow>(soql, { autoFetch: false });
        for (;;) {
          rows += page.records.length;
          onPage(page.records);
          if (page.done || !page.nextRecordsUrl) break;
          // eslint-disable-next-line no-await-in-loop
          page = await conn.queryMore<QueryRow>(page.nextRecordsUrl);
        }
      } catch (e) {
        return failedRead(query, soql, rows, e);
      }
      // A permission field the org lacks grants nothing; any other absent field is said.
      const lacking = optional.lack.filter((f) => !PERMISSION_FIELDS.includes(f));
      return {
        object: query.object,
        status: 'read',
        rows,
        query: soql,
        ...(lacking.length ? { missingFields: lacking } : {}),
      };
    },
  };
}

/**
 * An event type's log files in the org: the EventLogFile rows of the window (the daily files where the org keeps
 * hourly ones too, so no call is counted twice), each file downloaded and its CSV rows streamed to the analysis.
 */
async function readEventLogs(
  conn: Connection,
  query: AuditQuery,
  since: string,
  onPage: PageHandler,
): Promise<ReadOutcome> {
  const soql = soqlOf(query, since);
  let files: QueryRow[];
  try {
    const described = available(EVENT_LOG_FILE_FIELDS, (await conn.describe('EventLogFile')).fields);
    files = (await conn.query<QueryRow>(soqlOf(query, since, described.have), { autoFetch: true, maxFetch: 100_000 }))
      .records;
  } catch (e) {
    return notSeen(query, soql, reasonOf('EventLogFile', e));
  }
  const daily = files.filter((f) => f.Interval === 'Daily');
  const unreadable: string[] = [];
  const chosen = daily.length ? daily : files;
  let rows = 0;
  for (const file of chosen) {
    const url =
      typeof file.LogFile === 'string'
        ? file.LogFile
        : `/services/data/v${conn.getApiVersion()}/sobjects/EventLogFile/${String(file.Id)}/LogFile`;
    let lines: { header: string[]; rows: Iterable<QueryRow> };
    try {
      // eslint-disable-next-line no-await-in-loop
      lines = logFileRows(await conn.request<unknown>({ method: 'GET', url }));
    } catch (e) {
      return failedRead(query, soql, rows, e);
    }
    const lacking = query.required.filter((f) => !lines.header.includes(f));
    if (lacking.length) {
      unreadable.push(`log file ${String(file.Id)} lacks the column(s) ${lacking.join(', ')}`);
      continue;
    }
    rows += emit(lines.rows, onPage);
  }
  if (!chosen.length) return notSeen(query, soql, 'the org keeps no ApiTotalUsage event log file in the window');
  if (unreadable.length)
    return {
      object: query.object,
      status: rows ? 'partial' : 'not-seen',
      rows,
      query: soql,
      reason: unreadable.join('; '),
    };
  return { object: query.object, status: 'read', rows, query: soql };
}

/** A log file's rows: the CSV text, or the records jsforce already parsed it into (it reads text/csv bodies). */
function logFileRows(body: unknown): { header: string[]; rows: Iterable<QueryRow> } {
  if (typeof body === 'string') return csvRows(body);
  const records = Array.isArray(body) ? (body as QueryRow[]) : [];
  return { header: records.length ? Object.keys(records[0]) : [], rows: records };
}
