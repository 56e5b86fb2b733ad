/**
 * What people naturally write in a spec, read as the schema's canonical values before validation: a single
 * permission (or a comma-separated list) where the schema has a list, and the common spellings of review cadences.
 * The published schema accepts the same spellings (test/spec/normalize.test.ts keeps the two in step), so editors do
 * not flag what the loader takes.
 */
export const REVIEW_CADENCES = {
  monthly: ['monthly', 'every month', 'every 1 month', 'once a month'],
  quarterly: ['quarterly', 'every quarter', 'every 3 months', 'every three months', 'four times a year'],
  semiannual: [
    'semiannual',
    'semi-annual',
    'semi annual',
    'semiannually',
    'semi-annually',
    'semi annually',
    'half-yearly',
    'half yearly',
    'twice a year',
    'every 6 months',
    'every six months',
  ],
  annual: ['annual', 'annually', 'yearly', 'every year', 'once a year', 'every 12 months', 'every twelve months'],
} as const;

export type ReviewCadence = keyof typeof REVIEW_CADENCES;

/** Every spelling the loader reads as a cadence, canonical values first. */
export const REVIEW_SPELLINGS: readonly string[] = [
  ...Object.keys(REVIEW_CADENCES),
  ...Object.values(REVIEW_CADENCES)
    .flat()
    .filter((s) => !(s in REVIEW_CADENCES)),
];

/** The canonical cadence of a spelling (case and spacing ignored), or undefined. */
export function reviewCadence(value: string): ReviewCadence | undefined {
  const key = value.trim().toLowerCase().replace(/\s+/g, ' ');
  return (Object.keys(REVIEW_CADENCES) as ReviewCadence[]).find((c) =>
    (REVIEW_CADENCES[c] as readonly string[]).includes(key),
  );
}

/** `read` or `read, edit` as the list the schema has; anything else as it is. */
function permissionList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function mapValues(node: unknown, fn: (v: unknown) => unknown): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, fn(v)]));
}

/** The spec's data with single permissions as lists and review cadences canonical; the rest untouched. */
export function normalizeSpecData(data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const spec = { ...(data as Record<string, unknown>) };
  const access = spec.access;
  if (access && typeof access === 'object' && !Array.isArray(access)) {
    const a = { ...(access as Record<string, unknown>) };
    if ('objects' in a) a.objects = mapValues(a.objects, permissionList);
    if ('fields' in a) a.fields = mapValues(a.fields, permissionList);
    spec.access = a;
  }
  const lifecycle = spec.lifecycle;
  if (lifecycle && typeof lifecycle === 'object' && !Array.isArray(lifecycle)) {
    const l = { ...(lifecycle as Record<string, unknown>) };
    if (typeof l.review === 'string') l.review = reviewCadence(l.review) ?? l.review;
    spec.lifecycle = l;
  }
  return spec;
}
