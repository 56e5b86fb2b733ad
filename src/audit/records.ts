/**
 * Query rows as the REST API returns them and `sf data query --json` writes them: plain objects with an `attributes`
 * entry, relationship fields nested (`Profile: { Name, UserLicense: { Name } }`), a null relationship as null.
 */
export type QueryRow = Record<string, unknown>;

/**
 * The value at a dotted field path (`Profile.UserLicense.Name`). Field names are matched case-insensitively when the
 * exact name is absent: SOQL is case-insensitive, and an export written by another tool may keep the query's case.
 */
export function fieldOf(row: QueryRow, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    const record = value as QueryRow;
    if (Object.hasOwn(record, part)) value = record[part];
    else {
      const key = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
      value = key === undefined ? undefined : record[key];
    }
  }
  return value;
}

/** Whether the row carries the field at all (null counts: the query selected it and it is empty). */
export function hasField(row: QueryRow, path: string): boolean {
  const parts = path.split('.');
  const last = parts.pop() ?? path;
  const parent = parts.length ? fieldOf(row, parts.join('.')) : row;
  // A null relationship (no profile, no group) holds its fields as null.
  if (parent === null) return true;
  if (typeof parent !== 'object') return false;
  return Object.keys(parent).some((k) => k.toLowerCase() === last.toLowerCase());
}

export function textOf(row: QueryRow, path: string): string | undefined {
  const value = fieldOf(row, path);
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === '' ? undefined : text;
}

/** A checkbox: true, or the string 'true' (a CSV export). */
export function boolOf(row: QueryRow, path: string): boolean {
  const value = fieldOf(row, path);
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function numberOf(row: QueryRow, path: string): number | undefined {
  const value = fieldOf(row, path);
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A date or datetime as milliseconds since the epoch (Salesforce writes `2026-11-02T08:15:00.000+0000`). */
export function timeOf(row: QueryRow, path: string): number | undefined {
  const text = textOf(row, path);
  if (!text) return undefined;
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Salesforce Ids compare on their first 15 characters (an 18-character Id adds a case-safe suffix). */
export function idKey(id: string | undefined): string | undefined {
  return id ? id.slice(0, 15) : undefined;
}

/** YYYY-MM-DD of a time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
