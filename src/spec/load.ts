import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { adminTier } from '../shared/adminPermissions.js';
import { didYouMean, nearest } from '../shared/suggest.js';
import { installedSchema } from '../shared/plugin.js';
import {
  ACTIVITY_FIELDS_WITHOUT_FLS,
  LICENSES,
  objectWithoutObjectPermissions,
  REFUSED_ACCESS,
  WRITE_ACCESS,
} from '../shared/platformRules.js';
import { sfValueProblem } from '../shared/sfValues.js';
import type {
  IndirectGrant,
  FieldGrant,
  IntegrationSpec,
  IpRange,
  ObjectAccess,
  ObjectGrant,
  ResolvedIntegration,
  SpecProblem,
} from './types.js';
import {
  deriveAlias,
  deriveApiName,
  explainBadApiName,
  generatedNames,
  isDeveloperName,
  isFieldName,
  isObjectName,
  MAX_API_NAME_LENGTH,
} from './names.js';
import { DRAFT_PLACEHOLDER, unfilledDraftFields } from './draft.js';
import { readCertificate } from './certificate.js';
import { normalizeSpecData, REVIEW_CADENCES, REVIEW_SPELLINGS, reviewCadence } from './normalize.js';
import { sortScopes, toMetadataScope, type MetadataScope } from './scopes.js';
import { closeFieldAccess, closeObjectAccess, fieldWithoutFls } from './permissions.js';

export const DEFAULT_CALLBACK_URL = 'https://login.salesforce.com/services/oauth2/success';

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let validator: ValidateFunction | undefined;
function specValidator(): ValidateFunction {
  if (!validator) {
    const schema = require('../../schemas/integration-spec.schema.json') as SpecSchema;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    addFormats(ajv);
    validator = ajv.compile(canonicalSchema(schema));
  }
  return validator;
}

type SchemaNode = Record<string, unknown>;
type SpecSchema = SchemaNode & { properties: Record<string, SchemaNode & { properties: Record<string, SchemaNode> }> };

/**
 * The published schema as the loader checks a spec once normalizeSpecData has run: the spellings it also accepts for
 * editors (a single permission, other cadence spellings) are gone by then, so the errors speak of the canonical form.
 */
function canonicalSchema(published: SpecSchema): object {
  const schema = structuredClone(published);
  const access = schema.properties.access.properties;
  for (const key of ['objects', 'fields']) {
    const values = access[key].additionalProperties as { anyOf: SchemaNode[] };
    access[key].additionalProperties = values.anyOf.find((alternative) => alternative.type === 'array');
  }
  schema.properties.lifecycle.properties.review.enum = Object.keys(REVIEW_CADENCES);
  return schema;
}

type Located = { doc: Document; lines: LineCounter; file: string };

/** Line and column (1-based) of the node at a path, falling back to the nearest ancestor that exists. */
function locate(src: Located, at: Array<string | number>, key = false): { line?: number; col?: number } {
  for (let depth = at.length; depth >= 0; depth--) {
    const parentPath = at.slice(0, depth);
    if (key && depth === at.length && depth > 0) {
      // Point at the key itself (for unknown keys), not its value.
      const parent = src.doc.getIn(parentPath.slice(0, -1), true) as YamlNode | undefined;
      if (isMap(parent)) {
        const wanted = parentPath[parentPath.length - 1];
        // A key that is a list or map becomes its flow YAML text as a property name ("[ a, b ]"); compare sans spacing and quotes.
        const bare = (k: unknown): string => String(k).replace(/[\s"']/g, '');
        const pair = parent.items.find((p) =>
          isScalar(p.key) ? p.key.value === wanted : bare(p.key) === bare(wanted),
        );
        const range = (pair?.key as YamlNode | undefined)?.range;
        if (range) return src.lines.linePos(range[0]);
      }
    }
    const node = (depth === 0 ? src.doc.contents : src.doc.getIn(parentPath, true)) as YamlNode | null | undefined;
    if (node?.range) return src.lines.linePos(node.range[0]);
  }
  return {};
}

function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describePath(at: Array<string | number>): string {
  return at.length
    ? at
        .map((p) => (typeof p === 'number' ? `[${p}]` : p))
        .join('.')
        .replace(/\.\[/g, '[')
    : 'the top level';
}

/** " Did you mean 'x'?" for a value outside an enum; a cadence is compared with every spelling the loader reads. */
function enumHint(at: Array<string | number>, value: string, allowed: string[]): string {
  if (at.join('.') !== 'lifecycle.review') return didYouMean(value, allowed);
  const spelling = nearest(value, REVIEW_SPELLINGS);
  const cadence = spelling ? reviewCadence(spelling) : undefined;
  if (!spelling || !cadence) return '';
  return ` Did you mean '${cadence}'${spelling === cadence ? '' : ` ('${spelling}')`}?`;
}

function ajvMessage(err: ErrorObject): { at: Array<string | number>; key: boolean; message: string } {
  const at = pointerToPath(err.instancePath);
  const where = describePath(at);
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = String((err.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((err.parentSchema as { properties?: object }).properties ?? {}).filter(
        (k) => k !== '$schema',
      );
      return {
        at: [...at, extra],
        key: true,
        message: `unknown key '${extra}' in ${where}; allowed keys: ${allowed.join(', ')}. Check the spelling or remove it.`,
      };
    }
    case 'required': {
      const missing = String((err.params as { missingProperty: string }).missingProperty);
      return { at, key: false, message: `missing required key '${missing}' in ${where}. Add it.` };
    }
    case 'enum': {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const hint = typeof err.data === 'string' ? enumHint(at, err.data, allowed) : '';
      return { at, key: false, message: `${where} must be one of: ${allowed.join(', ')}.${hint}` };
    }
    case 'type':
      return { at, key: false, message: `${where} must be ${String((err.params as { type: string }).type)}.` };
    case 'format':
      return {
        at,
        key: false,
        message: `${where} must be a valid ${String((err.params as { format: string }).format)}.`,
      };
    case 'uniqueItems':
      return { at, key: false, message: `${where} lists the same value twice; remove the duplicate.` };
    default:
      return { at, key: false, message: `${where} ${err.message ?? 'is invalid'}.` };
  }
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Whether a value is a single email address (support contacts may also be queues or phone numbers). */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

function emailIn(text: string): string | undefined {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(text) ?? /([^\s<>,;]+@[^\s<>,;]+\.[^\s<>,;]+)/.exec(text);
  return m?.[1];
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function lineColumn(p: { line?: number; col?: number }): { line?: number; column?: number } {
  return { line: p.line, column: p.col };
}

/** Characters XML 1.0 cannot hold (C0 controls but tab and newlines, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every value must be plain data that can be written to XML: strings without characters XML cannot hold, numbers,
 * booleans, lists and maps. YAML can also make binary, sets, ordered maps and dates, which a spec has no use for.
 */
function plainValueProblems(
  value: unknown,
  at: Array<string | number>,
): Array<{ at: Array<string | number>; message: string }> {
  const where = describePath(at);
  if (typeof value === 'string') {
    const bad = NOT_XML.exec(value);
    return bad
      ? [
          {
            at,
            message: `${where} contains the character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}, which cannot be written to XML; remove it.`,
          },
        ]
      : [];
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainValueProblems(v, [...at, i]));
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...plainValueProblems(k, [...at, k]).map((p) => ({
        ...p,
        message: p.message.replace(where, `a key in ${where}`),
      })),
      ...plainValueProblems(v, [...at, k]),
    ]);
  }
  return [
    {
      at,
      message: `${where} uses a YAML type (${Object.prototype.toString.call(value).slice(8, -1)}) a spec cannot hold; write plain text, numbers, lists or keys.`,
    },
  ];
}

/** A spec file parsed and checked against the JSON Schema; problems carry line and column. */
export async function parseSpecFile(
  file: string,
  displayPath: string,
): Promise<{ spec?: IntegrationSpec; located?: Located; problems: SpecProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { problems: [{ file: displayPath, message: `cannot read the spec file: ${(e as Error).message}` }] };
  }
  return parseSpecText(text, file, displayPath);
}

/** A spec's text parsed and checked against the JSON Schema, as parseSpecFile does with a file's (drafts are checked before they are written). */
export function parseSpecText(
  source: string,
  file: string,
  displayPath: string,
): { spec?: IntegrationSpec; located?: Located; problems: SpecProblem[] } {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  // The spec's path is written into generated descriptions ("Generated from ..."), so it must be XML text too.
  if (NOT_XML.test(displayPath) || /[\r\n\t]/.test(displayPath)) {
    return {
      problems: [
        {
          file: JSON.stringify(displayPath),
          message: 'the file name contains control characters; rename the spec file.',
        },
      ],
    };
  }
  const lines = new LineCounter();
  // logLevel error: yaml would print a process warning for keys that are lists or maps; the schema reports them instead.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  const problems: SpecProblem[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      file: displayPath,
      line: pos.line,
      column: pos.col,
      message: `${file.endsWith('.json') ? 'JSON' : 'YAML'} syntax error: ${e.message.split('\n')[0]}`,
    };
  });
  if (problems.length) return { problems };
  const located: Located = { doc, lines, file: displayPath };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Unresolved aliases, alias bombs and bad merge keys surface only when the document is turned into data.
    return {
      problems: [
        { file: displayPath, line: 1, column: 1, message: `YAML error: ${(e as Error).message.split('\n')[0]}` },
      ],
    };
  }
  if (data === null || data === undefined) {
    return {
      problems: [
        {
          file: displayPath,
          line: 1,
          column: 1,
          message: `the spec file is empty; write the keys described in ${installedSchema('integration-spec')} (name, owners, support, user...).`,
        },
      ],
    };
  }
  data = normalizeSpecData(data);
  const plain = plainValueProblems(data, []);
  if (plain.length) {
    return {
      problems: plain.map(({ at, message }) => ({ file: displayPath, ...lineColumn(locate(located, at)), message })),
    };
  }
  const validate = specValidator();
  if (!validate(data)) {
    for (const err of validate.errors ?? []) {
      const { at, key, message } = ajvMessage(err);
      const pos = locate(located, at, key);
      problems.push({ file: displayPath, line: pos.line, column: pos.col, message });
    }
    return { problems: dedupe(problems) };
  }
  return { spec: data as IntegrationSpec, located, problems };
}

function dedupe(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line ?? ''}:${p.column ?? ''}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Report = (at: Array<string | number>, message: string, key?: boolean) => void;

function hasControlCharacters(text: string): boolean {
  return [...text].some((c) => c < ' ' || c === '\u007F');
}

function resolveApiName(spec: IntegrationSpec, problem: Report): string | undefined {
  if (hasControlCharacters(spec.name)) problem(['name'], 'name contains control characters; use plain text.');
  if (spec.apiName !== undefined) {
    if (isDeveloperName(spec.apiName, MAX_API_NAME_LENGTH)) return spec.apiName;
    problem(
      ['apiName'],
      `apiName '${spec.apiName}' is not a valid Salesforce API name: ${explainBadApiName(spec.apiName)}.`,
    );
    return undefined;
  }
  const derived = deriveApiName(spec.name);
  if (!derived) {
    problem(
      ['name'],
      `cannot derive an API name from name '${spec.name}': only letters, digits, spaces, hyphens and underscores can be turned into one, and it must start with a letter. Set apiName (for example apiName: My_System).`,
    );
  }
  return derived;
}

function resolveUser(
  spec: IntegrationSpec,
  problem: Report,
): { license: 'integration' | 'salesforce'; email?: string } {
  const license = spec.user.license ?? 'integration';
  if (license === 'salesforce' && !spec.user.licenseReason) {
    problem(
      ['user'],
      "user.license is 'salesforce' (a full license) but user.licenseReason is missing; say why the integration license is not enough.",
    );
  }
  for (const key of ['firstName', 'lastName'] as const) {
    const value = spec.user[key];
    const why = value === undefined ? undefined : sfValueProblem(value);
    if (why) problem(['user', key], `user.${key} '${value ?? ''}' ${why}.`);
  }
  if (!EMAIL.test(spec.user.username)) {
    problem(
      ['user', 'username'],
      `user.username '${spec.user.username}' is not in the form of an email address (Salesforce usernames are).`,
    );
  }
  const email = spec.user.email ?? (EMAIL.test(spec.support) ? spec.support : emailIn(spec.owners.technical));
  if (!email)
    problem(
      ['user'],
      'user.email is missing and neither support nor owners.technical holds an email address; add user.email.',
    );
  else if (!EMAIL.test(email)) problem(['user', 'email'], `user.email '${email}' is not an email address.`);
  return { license, email };
}

/**
 * Why a callback URL is not one Salesforce should redirect tokens to, or undefined. https (http only for localhost) or
 * a mobile app's custom scheme (myapp://callback); never script, data, file or scheme-only URIs.
 */
function callbackProblem(url: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/\s?#]*)\S*$/i.exec(url);
  if (!m) return 'is not an absolute URL with a host (https://...) or an app scheme (myapp://...).';
  const scheme = m[1].toLowerCase();
  if (['javascript', 'data', 'file', 'vbscript', 'blob', 'about'].includes(scheme))
    return `uses the ${scheme}: scheme, which must never receive OAuth codes or tokens.`;
  if (scheme === 'http' && !/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(m[2]))
    return 'uses http; OAuth redirects must use https (http only for localhost).';
  return undefined;
}

/** What each flow needs from the spec: a safe callback URL for authorization-code, a certificate for jwt-bearer. */
function checkFlowNeeds(auth: NonNullable<IntegrationSpec['auth']>, flow: string, problem: Report): void {
  if (auth.callbackUrl !== undefined) {
    const why = callbackProblem(auth.callbackUrl);
    if (why) problem(['auth', 'callbackUrl'], `auth.callbackUrl '${auth.callbackUrl}' ${why}`);
  }
  if (flow === 'authorization-code' && !auth.callbackUrl) {
    problem(['auth'], 'auth.flow authorization-code needs auth.callbackUrl (the redirect URI of the external system).');
  }
  if (flow === 'jwt-bearer' && !auth.certificate) {
    problem(
      ['auth'],
      'auth.flow jwt-bearer needs auth.certificate: the path, relative to this spec, of the PEM public certificate the system signs its JWTs with.',
    );
  }
}

type ResolvedAuth = Pick<
  ResolvedIntegration,
  'flow' | 'app' | 'certificatePem' | 'scopes' | 'ipRanges' | 'trustedIpRanges' | 'refreshToken'
>;

/** The ranges under auth.<key>, each checked to start before it ends. */
function checkedRanges(ranges: IpRange[] | undefined, key: 'ipRanges' | 'trustedIpRanges', problem: Report): IpRange[] {
  (ranges ?? []).forEach((r, idx) => {
    if (ipToNumber(r.start) > ipToNumber(r.end))
      problem(['auth', key, idx], `IP range ${r.start}-${r.end} ends before it starts; swap start and end.`);
  });
  return ranges ?? [];
}

function resolveScopes(names: string[] | undefined, flow: string, problem: Report): MetadataScope[] {
  const scopes: MetadataScope[] = [];
  (names ?? ['api']).forEach((name, idx) => {
    const mapped = toMetadataScope(name);
    if (mapped) scopes.push(mapped);
    else
      problem(
        ['auth', 'scopes', idx],
        `unknown OAuth scope '${name}'; use names like api, refresh_token, openid, custom_permissions.`,
      );
  });
  if (flow !== 'none' && names?.length === 0)
    problem(['auth', 'scopes'], 'auth.scopes is empty; an API integration needs at least api.');
  return scopes;
}

function resolveRefreshToken(
  asked: ResolvedIntegration['refreshToken'] | undefined,
  scopes: MetadataScope[],
  problem: Report,
): ResolvedIntegration['refreshToken'] {
  const refreshToken =
    asked ??
    (scopes.includes('RefreshToken')
      ? { policy: 'specific-lifetime' as const, validity: 90, unit: 'days' as const }
      : { policy: 'zero' as const });
  const timed = refreshToken.policy === 'specific-lifetime' || refreshToken.policy === 'specific-inactivity';
  if (timed && (!refreshToken.validity || !refreshToken.unit)) {
    problem(
      ['auth', 'refreshToken'],
      `auth.refreshToken.policy ${refreshToken.policy} needs validity (a number) and unit (hours, days or months).`,
    );
  }
  if (!timed && (refreshToken.validity ?? refreshToken.unit)) {
    problem(
      ['auth', 'refreshToken'],
      `auth.refreshToken.policy ${refreshToken.policy} takes no validity or unit; remove them.`,
    );
  }
  return refreshToken;
}

async function resolveAuth(spec: IntegrationSpec, specFile: string, problem: Report): Promise<ResolvedAuth> {
  const auth = spec.auth ?? {};
  const app = auth.app ?? (auth.flow === 'none' ? 'none' : 'external-client-app');
  const flow = auth.flow ?? (app === 'none' ? 'none' : 'client-credentials');
  if (flow !== 'none' && app === 'none') {
    problem(
      ['auth', 'app'],
      `auth.flow is '${flow}' but auth.app is 'none': an OAuth flow needs an app. Use external-client-app, or set auth.flow: none.`,
    );
  }
  if (flow === 'none' && auth.app !== undefined && auth.app !== 'none') {
    problem(
      ['auth', 'flow'],
      `auth.app is '${auth.app}' but auth.flow is 'none': pick the flow the system uses (jwt-bearer, client-credentials or authorization-code), or set auth.app: none.`,
    );
  }
  checkFlowNeeds(auth, flow, problem);
  const certificatePem = auth.certificate
    ? (await readCertificate(auth.certificate, specFile, (m) => problem(['auth', 'certificate'], m)))?.pem
    : undefined;

  const scopes = resolveScopes(auth.scopes, flow, problem);

  const ipRanges = checkedRanges(auth.ipRanges, 'ipRanges', problem);
  const trustedIpRanges = checkedRanges(auth.trustedIpRanges, 'trustedIpRanges', problem);
  if (spec.user.profile === 'per-integration' && ipRanges.length === 0) {
    problem(
      ['user', 'profile'],
      'user.profile per-integration exists to carry login IP ranges, but auth.ipRanges is empty; add the ranges or use profile: standard.',
    );
  }
  if (spec.user.profile === 'standard' && ipRanges.length) {
    problem(
      ['user', 'profile'],
      "user.profile standard cannot enforce auth.ipRanges: Salesforce enforces login IP ranges only on the user's profile, and an OAuth app's IP ranges are trusted ranges (logins from them skip identity verification), not an allow-list. With the standard profile the ranges would restrict nothing. Remove user.profile (with ranges the default is a profile of the integration's own), or move the ranges to auth.trustedIpRanges if they are only meant to waive verification.",
    );
  }
  if (trustedIpRanges.length && flow === 'none') {
    problem(
      ['auth', 'trustedIpRanges'],
      'auth.trustedIpRanges are trusted ranges of an OAuth app, but auth.flow is none; remove them (login IP ranges go in auth.ipRanges).',
    );
  }

  const refreshToken = resolveRefreshToken(auth.refreshToken, scopes, problem);
  return {
    flow,
    app: flow === 'none' ? 'none' : app,
    certificatePem,
    scopes: sortScopes(scopes),
    ipRanges,
    trustedIpRanges,
    refreshToken,
  };
}

type ResolvedAccess = Pick<
  ResolvedIntegration,
  'objectGrants' | 'indirectGrants' | 'fieldGrants' | 'userPermissions' | 'implied' | 'notes' | 'accessWarnings'
>;

/** Names Salesforce treats as one (API names are case-insensitive) must not be granted twice. */
function caseDuplicate(seen: Map<string, string>, name: string): string | undefined {
  const first = seen.get(name.toLowerCase());
  if (first === undefined) seen.set(name.toLowerCase(), name);
  return first;
}

type ObjectsResolution = { grants: ObjectGrant[]; indirect: IndirectGrant[] };

/** Task, Event or a child object as the platform grants it: no object permission; writes through a user permission or the parent. */
function resolveWithoutObjectPermissions(
  object: string,
  perms: ObjectAccess[],
  listed: Set<string>,
  problem: Report,
  notes: string[],
): IndirectGrant | undefined {
  const entry = objectWithoutObjectPermissions(object)!;
  const at = ['access', 'objects', object];
  const refused = perms.filter((p) => REFUSED_ACCESS.includes(p));
  if (refused.length) {
    problem(
      at,
      `${object} has no ${refused.join(' or ')}: Salesforce gives ${entry.plural} no object permissions, and seeing every one of them is View All Data, an admin permission. Remove ${refused.join(' and ')}; the user sees the ${entry.plural} of the records it can see.`,
    );
    return undefined;
  }
  const writes = perms.some((p) => WRITE_ACCESS.includes(p));
  const access = closeObjectAccess(entry.object, perms).grant;
  if (entry.kind === 'parent') {
    if (!entry.parents.some((p) => listed.has(p.toLowerCase()))) {
      problem(
        at,
        `${entry.object} takes no object permissions: access to ${entry.plural} follows the ${entry.parents.join(' or ')} they belong to. Add ${entry.parents.join(' or ')} under access.objects (with edit to create or change ${entry.plural}), or remove ${object}.`,
      );
      return undefined;
    }
    notes.push(
      `${entry.object}: Salesforce has no object permissions on ${entry.plural}; access follows the ${entry.parents.join(' or ')} they belong to. Nothing was written for ${entry.object} itself.`,
    );
    return { object: entry.object, access };
  }
  if (entry.kind === 'sharing') {
    notes.push(
      `${entry.object}: Salesforce has no object permissions on ${entry.plural}; access follows sharing. Nothing was written for ${entry.object} itself.`,
    );
    return { object: entry.object, access };
  }
  notes.push(
    writes
      ? `${entry.object}: Salesforce has no object permissions on ${entry.plural}; create, edit and delete are the ${entry.userPermission} user permission, written instead. The user sees the ${entry.plural} of the records it can see.`
      : `${entry.object}: Salesforce has no object permissions on ${entry.plural}, and reading them needs none: the user sees the ${entry.plural} of the records it can see. Nothing was written for ${entry.object} itself.`,
  );
  return { object: entry.object, userPermission: writes ? entry.userPermission : undefined, access };
}

function resolveObjects(spec: IntegrationSpec, problem: Report, implied: string[], notes: string[]): ObjectsResolution {
  const grants: ObjectGrant[] = [];
  const indirect: IndirectGrant[] = [];
  const without: Array<[string, ObjectAccess[]]> = [];
  const seen = new Map<string, string>();
  for (const [object, perms] of Object.entries(spec.access?.objects ?? {})) {
    const twin = caseDuplicate(seen, object);
    if (twin) {
      problem(
        ['access', 'objects', object],
        `${object} and ${twin} are the same object (API names are case-insensitive); keep one.`,
        true,
      );
    } else if (!isObjectName(object)) {
      problem(
        ['access', 'objects', object],
        `'${object}' is not an object API name (for example Account or Invoice__c).`,
        true,
      );
    } else if (perms.length === 0) {
      problem(['access', 'objects', object], `${object} lists no access; give at least read, or remove the object.`);
    } else if (objectWithoutObjectPermissions(object)) {
      without.push([object, perms]);
    } else {
      const closed = closeObjectAccess(object, perms);
      grants.push(closed.grant);
      implied.push(...closed.implied);
    }
  }
  const listed = new Set(grants.map((g) => g.object.toLowerCase()));
  for (const [object, perms] of without) {
    const grant = resolveWithoutObjectPermissions(object, perms, listed, problem, notes);
    if (grant) indirect.push(grant);
  }
  return { grants, indirect };
}

/** The grants a field's object resolves to: its own, or for Activity.<field> those of Task and Event. */
function fieldObjects(object: string, grantsByObject: Map<string, ObjectGrant>): ObjectGrant[] {
  if (object.toLowerCase() === 'activity') {
    return ['task', 'event'].map((o) => grantsByObject.get(o)).filter((g): g is ObjectGrant => g !== undefined);
  }
  const grant = grantsByObject.get(object.toLowerCase());
  return grant ? [grant] : [];
}

/** Why a field entry cannot be granted, or undefined when it can. */
function fieldProblem(
  objectField: string,
  perms: string[],
  grantsByObject: Map<string, ObjectGrant>,
): string | undefined {
  const dot = objectField.indexOf('.');
  if (dot < 0) return `field '${objectField}' has no object; write it as Object.Field (for example Account.Phone).`;
  const object = objectField.slice(0, dot);
  if (!isObjectName(object) || !isFieldName(objectField.slice(dot + 1))) {
    return `'${objectField}' is not a field API name in the form Object.Field (for example Account.Phone or Invoice__c.Amount__c).`;
  }
  const grants = fieldObjects(object, grantsByObject);
  if (!grants.length) {
    return object.toLowerCase() === 'activity'
      ? `field ${objectField} is a field of tasks and events, but neither Task nor Event is in access.objects; add the one the system uses (for example Task: [read]).`
      : `field ${objectField} is listed but its object ${object} is not in access.objects; add ${object}: [read] (or the access the system needs) under access.objects.`;
  }
  const noFls = fieldWithoutFls(objectField);
  if (noFls) return `${noFls}; remove it from access.fields.`;
  if (perms.length === 0) return `${objectField} lists no access; give read or edit, or remove the field.`;
  if (perms.includes('edit') && grants.every((g) => !g.allowEdit && !g.allowCreate)) {
    return `contradictory permissions: ${objectField} is editable but ${grants.map((g) => g.object).join(' and ')} ${grants.length > 1 ? 'are' : 'is'} read-only, so the system could never write it. Add create or edit to ${grants.map((g) => g.object).join(' or ')}, or make the field read.`;
  }
  return undefined;
}

function resolveAccess(spec: IntegrationSpec, problem: Report): ResolvedAccess {
  const implied: string[] = [];
  const notes: string[] = [];
  const { grants: objectGrants, indirect } = resolveObjects(spec, problem, implied, notes);
  // Fields of an object without object permissions are checked against what the spec asked for on it, as for any object.
  const grantsByObject = new Map(
    [...objectGrants, ...indirect.map((a) => a.access)].map((g) => [g.object.toLowerCase(), g]),
  );
  // Task and Event: their writes are a user permission, and some of their fields take no field-level security.
  const activityObjects = new Set(
    indirect.filter((a) => objectWithoutObjectPermissions(a.object)?.kind === 'user-permission').map((a) => a.object),
  );
  const fieldGrants: FieldGrant[] = [];
  const withoutFls = new Map<string, string[]>();
  const seenFields = new Map<string, string>();
  for (const [objectField, perms] of Object.entries(spec.access?.fields ?? {})) {
    const twin = caseDuplicate(seenFields, objectField);
    const why = twin
      ? `${objectField} and ${twin} are the same field (API names are case-insensitive); keep one.`
      : fieldProblem(objectField, perms, grantsByObject);
    if (why) {
      problem(['access', 'fields', objectField], why, true);
      continue;
    }
    const field = objectField.slice(objectField.indexOf('.') + 1);
    // Each object as access.objects spells it (API names are case-insensitive, a retrieve writes one spelling);
    // Activity.<field> is granted on Task and Event, as retrieves write it.
    for (const grant of fieldObjects(objectField.slice(0, objectField.indexOf('.')), grantsByObject)) {
      if (activityObjects.has(grant.object) && ACTIVITY_FIELDS_WITHOUT_FLS.has(field.toLowerCase())) {
        withoutFls.set(grant.object, [...(withoutFls.get(grant.object) ?? []), field]);
        continue;
      }
      const closed = closeFieldAccess(`${grant.object}.${field}`, perms);
      if (!fieldGrants.some((f) => f.field.toLowerCase() === closed.grant.field.toLowerCase()))
        fieldGrants.push(closed.grant);
      implied.push(...closed.implied);
    }
  }
  for (const [object, fields] of withoutFls) {
    notes.push(
      `${object}: ${fields.join(', ')} ${fields.length > 1 ? 'take' : 'takes'} no field-level security; whoever may edit the ${object === 'Task' ? 'task' : 'event'} may set ${fields.length > 1 ? 'them' : 'it'}, so no field permission was written.`,
    );
  }
  const accessWarnings: string[] = [];
  const userPermissions = new Set(['ApiEnabled']);
  const seenPermissions = new Set(['apienabled']);
  (spec.access?.userPermissions ?? []).forEach((perm, idx) => {
    const admin = adminTier(perm);
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(perm)) {
      problem(
        ['access', 'userPermissions', idx],
        `'${perm}' is not a user permission API name (for example ApiEnabled).`,
      );
    } else if (seenPermissions.has(perm.toLowerCase())) {
      // ApiEnabled is always granted; naming it again (in any case) is harmless, anything else twice is a slip.
      if (perm.toLowerCase() !== 'apienabled')
        problem(
          ['access', 'userPermissions', idx],
          `${perm} is listed twice (permission names are case-insensitive); remove one.`,
        );
    } else if (admin?.tier === 'error') {
      problem(
        ['access', 'userPermissions', idx],
        `${admin.name} is an admin-equivalent permission; an integration user must not hold it. Grant the object and field access the system needs instead.`,
      );
    } else {
      if (admin)
        accessWarnings.push(
          `${admin.name} is a broad permission an integration rarely needs (sf integration lint reports it as a warning); keep it only if the system cannot work without it.`,
        );
      seenPermissions.add(perm.toLowerCase());
      userPermissions.add(perm);
    }
  });
  for (const grant of indirect) {
    const perm = grant.userPermission;
    if (perm && !seenPermissions.has(perm.toLowerCase())) {
      seenPermissions.add(perm.toLowerCase());
      userPermissions.add(perm);
    }
  }
  return {
    objectGrants: objectGrants.sort((a, b) => a.object.localeCompare(b.object, 'en')),
    indirectGrants: indirect.sort((a, b) => a.object.localeCompare(b.object, 'en')),
    notes,
    fieldGrants: fieldGrants.sort((a, b) => a.field.localeCompare(b.field, 'en')),
    userPermissions: [...userPermissions].sort((a, b) => a.localeCompare(b, 'en')),
    implied,
    accessWarnings,
  };
}

function checkDates(spec: IntegrationSpec, problem: Report): void {
  for (const key of ['expires', 'nextReview'] as const) {
    const value = spec.lifecycle?.[key];
    if (value && Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
      problem(['lifecycle', key], `lifecycle.${key} '${value}' is not a date (YYYY-MM-DD).`);
  }
}

/** Resolves one schema-valid spec into what the generator writes. Problems are collected, never thrown. */
export async function resolveSpec(
  spec: IntegrationSpec,
  located: Located,
  specFile: string,
  specPath: string,
): Promise<{ resolved?: ResolvedIntegration; problems: SpecProblem[] }> {
  const problems: SpecProblem[] = [];
  const problem: Report = (at, message, key = false) => {
    const pos = locate(located, at, key);
    problems.push({ file: located.file, line: pos.line, column: pos.col, message });
  };
  const unfilled = unfilledDraftFields(spec);
  for (const { at, what } of unfilled)
    problem(
      at,
      `${at.join('.')} is still the draft's placeholder ("${DRAFT_PLACEHOLDER}"): write ${what}. Drafts from sf integration inventory leave it to a person.`,
    );
  // The email defaults to support's: with support unfilled, saying it is missing too would only repeat the above.
  const apiName = resolveApiName(spec, problem);
  const { license, email } = resolveUser(
    unfilled.length ? { ...spec, user: { email: 'pending@draft.invalid', ...spec.user } } : spec,
    problem,
  );
  const auth = await resolveAuth(spec, specFile, problem);
  const access = resolveAccess(spec, problem);
  checkDates(spec, problem);
  if (problems.length || !apiName || !email) return { problems };

  const names = generatedNames(apiName);
  const customPermissionName = spec.access?.bypassValidation === false ? undefined : names.customPermission;
  // Login IP ranges are enforced only on a profile, so ranges bring a profile of the integration's own.
  const generatedProfile =
    (spec.user.profile ?? (auth.ipRanges.length ? 'per-integration' : 'standard')) === 'per-integration'
      ? names.profile
      : undefined;
  if (generatedProfile && !spec.user.profile) {
    access.notes.push(
      `auth.ipRanges: enforced as the login IP ranges of the profile ${names.profile}, written for this user, because Salesforce enforces login IP ranges only on profiles (an OAuth app's IP ranges are trusted ranges, not an allow-list).`,
    );
  }
  const resolved: ResolvedIntegration = {
    spec,
    specFile,
    specPath,
    apiName,
    label: spec.name.trim(),
    license,
    profileName: generatedProfile ?? LICENSES[license].profile,
    generatedProfile,
    permissionSetName: names.permissionSet,
    customPermissionName,
    bypassFormula: customPermissionName ? `NOT($Permission.${customPermissionName})` : undefined,
    ...auth,
    appName: auth.app === 'none' ? undefined : names.app,
    callbackUrl: spec.auth?.callbackUrl ?? DEFAULT_CALLBACK_URL,
    ...access,
    email,
    alias: spec.user.alias ?? deriveAlias(apiName),
  };
  return { resolved, problems };
}

/** Loads, validates and resolves every spec; cross-spec problems (a shared username, a repeated API name) too. */
export async function loadSpecs(
  files: string[],
  projectRoot: string,
): Promise<{ integrations: ResolvedIntegration[]; problems: SpecProblem[] }> {
  const problems: SpecProblem[] = [];
  const integrations: ResolvedIntegration[] = [];
  const locatedByFile = new Map<string, Located>();
  for (const file of files) {
    const display = path.relative(projectRoot, file).split(path.sep).join('/') || file;
    // eslint-disable-next-line no-await-in-loop
    const parsed = await parseSpecFile(file, display);
    problems.push(...parsed.problems);
    if (!parsed.spec || !parsed.located) continue;
    locatedByFile.set(display, parsed.located);
    // eslint-disable-next-line no-await-in-loop
    const r = await resolveSpec(parsed.spec, parsed.located, file, display);
    problems.push(...r.problems);
    if (r.resolved) integrations.push(r.resolved);
  }
  const crossCheck = (key: (i: ResolvedIntegration) => string, at: Array<string | number>, what: string): void => {
    const groups = new Map<string, ResolvedIntegration[]>();
    for (const i of integrations) groups.set(key(i), [...(groups.get(key(i)) ?? []), i]);
    for (const [value, group] of groups) {
      if (group.length < 2) continue;
      for (const i of group) {
        const others = group
          .filter((o) => o !== i)
          .map((o) => o.specPath)
          .join(', ');
        const located = locatedByFile.get(i.specPath);
        const pos = located ? locate(located, at) : {};
        problems.push({
          file: i.specPath,
          line: pos.line,
          column: pos.col,
          message: what.replace('%v', value).replace('%o', others),
        });
      }
    }
  };
  crossCheck(
    (i) => i.spec.user.username.toLowerCase(),
    ['user', 'username'],
    "user.username '%v' is also used by %o: every external system needs its own integration user, or nobody can tell which system changed a record. Give each its own username.",
  );
  crossCheck(
    (i) => i.apiName.toLowerCase(),
    ['name'],
    "API name '%v' is also produced by %o; the generated components would overwrite each other. Set a distinct apiName.",
  );
  return {
    integrations: problems.length ? [] : integrations.sort((a, b) => a.apiName.localeCompare(b.apiName, 'en')),
    problems,
  };
}

/** The problems as one message: `file:line:column: message`, sorted by file and position. */
export function formatProblems(problems: SpecProblem[]): string {
  return [...problems]
    .sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .map((p) => `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`)
    .join('\n');
}
