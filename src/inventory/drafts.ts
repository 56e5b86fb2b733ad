import { Document, isMap, isScalar, visit, type Pair } from 'yaml';
import { parse } from 'tldts';
import { externalClientApps, type ExternalClientAppFiles } from '../identity/apps.js';
import { significantWords } from '../identity/systems.js';
import type { XmlFile } from '../lint/types.js';
import { children, childText, childTexts } from '../lint/xml.js';
import { objectWithoutObjectPermissions } from '../shared/platformRules.js';
import { DRAFT_FIELDS, draftPlaceholder, USERNAME_FIELD } from '../spec/draft.js';
import { parseSpecText, resolveSpec } from '../spec/load.js';
import { deriveApiName, isFieldName, isObjectName } from '../spec/names.js';
import { fieldWithoutFls } from '../spec/permissions.js';
import { SPEC_TYPE } from '../shared/pseudoTypes.js';
import {
  isExternalSystem,
  oauthAppFacts,
  outboundMessage,
  type AppFlow,
  type InventorySource,
  type OAuthAppFacts,
} from './build.js';
import type { Inventory, InventoryComponent, InventoryIdentity, InventorySystem } from './types.js';

/** One draft integration spec per external system that logs in as, or is reached by, a Salesforce user. */
export type Draft = {
  /** The system as the inventory names it. */
  system: string;
  key: string;
  apiName: string;
  /** The file name under drafts/. */
  file: string;
  /** The user of its own the draft names. */
  username: string;
  /** The objects the draft gives access to. */
  objects: string[];
  /** How the system logs in, from its app: a flow, or none (Salesforce calls it). */
  flow: string;
  content: string;
  /** What generate would still refuse once owners and support are filled in (nothing, normally). */
  problems: string[];
};

type SpecData = {
  name: string;
  description: string;
  owners: { business: string; technical: string };
  support: string;
  user: { username: string };
  auth: {
    flow: string;
    app: string;
    scopes?: string[];
    ipRanges?: IpRange[];
    trustedIpRanges?: IpRange[];
    callbackUrl?: string;
  };
  access?: { objects?: Record<string, string[]>; fields?: Record<string, string[]> };
  api: { direction: 'inbound' | 'outbound' | 'bidirectional' };
};
type IpRange = { start: string; end: string; description?: string };

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
/** Scopes an integration never needs: Full and Web are everything a person can do (the api scope covers the API). */
const TOO_BROAD_SCOPES = new Set(['full', 'web']);

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A word as people write it in a system's name: short ones are acronyms (ERP, CRM, DNC). */
function titleWord(word: string): string {
  return word.length <= 3 ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1);
}

/** A component's own name: an outbound message without its object (`Case.Notify_ERP` is `Notify_ERP`). */
function ownName(c: InventoryComponent): string {
  return c.type === 'Workflow' || c.type === 'WorkflowOutboundMessage'
    ? c.name.slice(c.name.lastIndexOf('.') + 1)
    : c.name;
}

/** The words the components' names share most, in the order they first appear. */
function componentWords(components: InventoryComponent[]): string[] {
  const counts = new Map<string, number>();
  for (const c of components) for (const w of significantWords(ownName(c))) counts.set(w, (counts.get(w) ?? 0) + 1);
  const most = Math.max(0, ...counts.values());
  return [...counts].filter(([, n]) => n === most).map(([w]) => w);
}

const titled = (text: string): string =>
  text
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map(titleWord)
    .join(' ');

/**
 * A name for the spec, from what told the system apart: the vendor; the endpoint's registrable name without its
 * public suffix (erp.northwind-erp.com: Northwind ERP), or the subdomain of the org's own domain; else the words the
 * components' names share.
 */
function draftName(system: InventorySystem): string {
  const [kind, value = ''] = system.key.split(/:(.*)/s);
  if (kind === 'vendor') return system.name;
  if (kind === 'domain') {
    const name = titled(parse(value, { allowPrivateDomains: true }).domainWithoutSuffix ?? '');
    if (name) return name;
  }
  if (kind === 'own') {
    const name = titled(value.split('.')[0].replace(/^(sf|sfdc|salesforce)-/i, ''));
    if (name) return name;
  }
  if (kind === 'tenant') return `${titleWord(value.split('.')[0])} Salesforce Org`;
  const words = componentWords(system.components);
  if (words.length) return words.slice(0, 3).map(titleWord).join(' ');
  const own = system.components[0] ? ownName(system.components[0]) : '';
  if (deriveApiName(own)) return own;
  return kind === 'ip' ? `System ${value.replace(/\./g, ' ')}` : 'External System';
}

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/** int_<system>@<the org's domain>, or a placeholder generate refuses when no username of the org shows its domain. */
function usernameFor(apiName: string, domain: string | undefined): string {
  const local = `int_${apiName.toLowerCase()}`;
  return domain ? `${local}@${domain}`.slice(0, 80) : draftPlaceholder(USERNAME_FIELD.what);
}

/**
 * The org's domain for a new username: the identity's (the part after @), else that of any identity of the inventory
 * with a real one (a template's placeholder username has none), else undefined.
 */
function orgDomain(identity: InventoryIdentity, inventory: Inventory): string | undefined {
  const domainOf = (username: string): string | undefined => {
    const domain = username.slice(username.indexOf('@') + 1);
    return username.includes('@') && DOMAIN.test(domain) ? domain : undefined;
  };
  return (
    domainOf(identity.username) ??
    inventory.identities.map((i) => (i.kind === 'salesforce-user' ? domainOf(i.username) : undefined)).find(Boolean)
  );
}

function xmlAt(source: InventorySource, type: string, path: string): XmlFile | undefined {
  return source.xml(type).find((x) => x.file.path === path);
}

function ranges(nodes: unknown[], start: string, end: string): IpRange[] {
  return nodes
    .map((n) => ({ start: childText(n, start)?.trim() ?? '', end: childText(n, end)?.trim() ?? '' }))
    .filter((r) => IPV4.test(r.start) && IPV4.test(r.end));
}

type Collected = {
  objects: Map<string, Set<string>>;
  fields: Map<string, Set<string>>;
  scopes: string[];
  flows: Set<AppFlow>;
  /** Callback URLs of its apps, in the order found. */
  callbacks: string[];
  trusted: IpRange[];
  /** Objects its outbound messages send. */
  sent: Set<string>;
  notes: string[];
};

function addRead(c: Collected, object: string, field?: string): void {
  if (!isObjectName(object)) return;
  const entry = objectWithoutObjectPermissions(object);
  // A child object's access follows its parent record: reading it needs the parent readable.
  if (entry?.kind === 'parent') for (const parent of entry.parents.slice(0, 1)) addRead(c, parent);
  if (!c.objects.has(object)) c.objects.set(object, new Set(['read']));
  if (field && isFieldName(field) && !fieldWithoutFls(`${object}.${field}`))
    (
      c.fields.get(`${object}.${field}`) ?? c.fields.set(`${object}.${field}`, new Set()).get(`${object}.${field}`)
    )?.add('read');
}

type Collector = (
  c: Collected,
  component: InventoryComponent,
  source: InventorySource,
  apps: Map<string, ExternalClientAppFiles>,
) => void;

const collectOutboundMessage: Collector = (c, component, source) => {
  const xml = xmlAt(source, component.type, component.path);
  const message = xml ? outboundMessage(xml, component.name) : undefined;
  const object = component.name.split('.')[0];
  c.sent.add(object);
  addRead(c, object);
  for (const field of childTexts(message, 'fields')) addRead(c, object, field);
  c.notes.push(`outbound message ${component.name} (${component.path}) sends ${object} records`);
};

/** A connected app or External Client App: its flow, scopes and callback as the inventory reads them. */
const collectOAuthApp: Collector = (c, component, source, apps) => {
  const xml = xmlAt(source, component.type, component.path);
  const app = oauthAppFacts(component, xml, apps) as OAuthAppFacts;
  c.scopes.push(...app.scopes);
  c.flows.add(app.flow);
  if (app.callback) c.callbacks.push(app.callback);
  // A connected app's ipRanges are trusted ranges, which the spec writes as auth.trustedIpRanges.
  if (component.type === 'ConnectedApp') c.trusted.push(...ranges(children(xml?.data, 'ipRanges'), 'start', 'end'));
  const kind = component.type === 'ConnectedApp' ? 'connected app' : 'External Client App';
  c.notes.push(`${kind} ${app.name} (${component.path}) logs in as this user`);
};

const COLLECTORS: Record<string, Collector> = {
  Workflow: collectOutboundMessage,
  WorkflowOutboundMessage: collectOutboundMessage,
  ConnectedApp: collectOAuthApp,
  ExtlClntAppOauthConfigurablePolicies: collectOAuthApp,
  UserDefinition: (c, component) => c.notes.push(`user definition ${component.path} creates this user`),
};

/** What the system's components show: the objects and fields it is sent, its app's flow, scopes and ranges. */
function collect(system: InventorySystem, source: InventorySource): Collected {
  const c: Collected = {
    objects: new Map(),
    fields: new Map(),
    scopes: [],
    flows: new Set(),
    callbacks: [],
    trusted: [],
    sent: new Set(),
    notes: [],
  };
  const apps = externalClientApps(source);
  for (const component of system.components) {
    const collector = COLLECTORS[component.type];
    if (collector) collector(c, component, source, apps);
    else c.notes.push(`${component.noun} ${component.name} (${component.path}) runs as this user`);
  }
  return c;
}

/** The login IP ranges of the profiles in the project an identity is tied to, and which profiles they come from. */
function loginRanges(identities: InventoryIdentity[], source: InventorySource): { ranges: IpRange[]; from: string[] } {
  const out: IpRange[] = [];
  const from: string[] = [];
  for (const access of identities.flatMap((i) => i.access))
    if (access.kind === 'profile' && access.path) {
      const xml = source.xml('Profile').find((x) => x.file.path === access.path);
      const found = ranges(children(xml?.data, 'loginIpRanges'), 'startAddress', 'endAddress');
      if (found.length && !from.includes(access.name)) {
        out.push(...found.filter((r) => !out.some((o) => o.start === r.start && o.end === r.end)));
        from.push(access.name);
      }
    }
  return { ranges: out, from };
}

function authOf(
  c: Collected,
  login: { ranges: IpRange[]; from: string[] },
): { auth: SpecData['auth']; comments: string[] } {
  const comments: string[] = [];
  if (login.ranges.length)
    comments.push(
      `ipRanges are the login IP ranges of ${login.from.join(', ')}, the profile of the user it runs as today: keep only the ranges this system logs in from.`,
    );
  const allowed = login.ranges.length ? { ipRanges: login.ranges } : {};
  const scopes = [...new Set(c.scopes)];
  const broad = scopes.filter((s) => TOO_BROAD_SCOPES.has(s.toLowerCase()));
  const kept = scopes.filter((s) => !TOO_BROAD_SCOPES.has(s.toLowerCase()));
  if (broad.length)
    comments.push(`The app asks for ${broad.join(' and ')} today; an integration needs api, so they are left out.`);
  const trusted = c.trusted.length ? { trustedIpRanges: c.trusted } : {};
  if (!c.flows.size) return { auth: { flow: 'none', app: 'none', ...allowed }, comments };
  if (c.flows.has('client-credentials') || c.flows.has('jwt') || !c.callbacks[0]?.startsWith('https://')) {
    if (c.flows.has('jwt') && !c.flows.has('client-credentials'))
      comments.push(
        'The app signs in with a JWT bearer certificate today: to keep that flow, set flow: jwt-bearer and certificate: <path of its public certificate>.',
      );
    const withoutRefresh = kept.filter((s) => !/^(refreshtoken|refresh_token|offline_access)$/i.test(s));
    return {
      auth: {
        flow: 'client-credentials',
        app: 'external-client-app',
        ...(withoutRefresh.length ? { scopes: withoutRefresh } : {}),
        ...allowed,
        ...trusted,
      },
      comments,
    };
  }
  return {
    auth: {
      flow: 'authorization-code',
      app: 'external-client-app',
      callbackUrl: c.callbacks[0],
      ...(kept.length ? { scopes: kept } : {}),
      ...allowed,
      ...trusted,
    },
    comments,
  };
}

function sortedRecord(map: Map<string, Set<string>>): Record<string, string[]> {
  return Object.fromEntries([...map].sort(([a], [b]) => byText(a, b)).map(([k, v]) => [k, [...v]]));
}

function describe(system: InventorySystem, c: Collected): string {
  const objects = [...c.sent].sort(byText);
  const parts = [
    objects.length ? `receives ${objects.join(', ')} records from Salesforce outbound messages` : '',
    c.flows.size ? 'logs in to Salesforce through its OAuth app' : '',
  ].filter(Boolean);
  const text = `${system.name} ${parts.length ? parts.join(' and ') : 'is an integration found in the org source'}.`;
  return text.length > 255 ? `${text.slice(0, 252)}...` : text;
}

/** The spec's YAML: the data with the header and the notes as comments, the placeholders on their keys. */
function render(data: SpecData, header: string[], authComments: string[], accessComment?: string): string {
  const doc = new Document(data);
  // Lists of plain values inline, as people write specs (Account: [read]).
  visit(doc, {
    Seq(_, node) {
      // eslint-disable-next-line no-param-reassign -- yaml's visitor sets styles on the nodes it visits
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  const pair = (key: string): Pair | undefined =>
    isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  const owners = pair('owners');
  if (owners && isScalar(owners.key))
    owners.key.commentBefore = ' Only a person knows these: generate refuses the FILL IN values.';
  const auth = pair('auth');
  if (auth && isScalar(auth.key) && authComments.length)
    auth.key.commentBefore = authComments.map((l) => ` ${l}`).join('\n');
  const access = pair('access') ?? pair('api');
  if (access && isScalar(access.key) && accessComment) access.key.commentBefore = ` ${accessComment}`;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** What generate would refuse in the draft once owners and support are filled in. */
async function remainingProblems(content: string, file: string): Promise<string[]> {
  let filled = content;
  const samples: Record<string, string> = {
    support: 'support@example.com',
    username: 'int_system@example.com',
  };
  for (const { at } of DRAFT_FIELDS) {
    const value = samples[at[at.length - 1]] ?? 'Owner Name <owner@example.com>';
    filled = filled.replace(new RegExp(`(${at[at.length - 1]}): ['"]?FILL IN:[^\\n]*`), `$1: ${value}`);
  }
  const parsed = parseSpecText(filled, file, file);
  if (!parsed.spec || !parsed.located) return parsed.problems.map((p) => p.message);
  const { problems } = await resolveSpec(parsed.spec, parsed.located, file, file);
  return problems.map((p) => p.message);
}

/**
 * One draft spec per external system a Salesforce identity serves (internal automation and systems that already
 * have a spec left out), filled with what the source shows: the name, a username of its own
 * (int_<system>@<the org's domain>), read access to the objects and fields its outbound messages send, its app's flow,
 * scopes and trusted ranges. Owners and support are placeholders generate refuses until a person writes them.
 */
export async function buildDrafts(inventory: Inventory, source: InventorySource): Promise<Draft[]> {
  const bySystem = new Map<string, { system: InventorySystem; identities: InventoryIdentity[] }>();
  for (const identity of inventory.identities.filter((i) => i.kind === 'salesforce-user'))
    for (const system of identity.systems) {
      if (!isExternalSystem(system)) continue;
      const known = bySystem.get(system.key);
      if (known) {
        known.identities.push(identity);
        known.system = { ...known.system, components: [...known.system.components, ...system.components] };
      } else bySystem.set(system.key, { system, identities: [identity] });
    }
  const taken = new Set<string>();
  const drafts: Draft[] = [];
  for (const { system, identities } of [...bySystem.values()].sort((a, b) => byText(a.system.key, b.system.key))) {
    if (system.components.some((c) => c.type === SPEC_TYPE)) continue;
    const name = draftName(system);
    let apiName = deriveApiName(name) ?? 'External_System';
    for (let n = 2; taken.has(apiName.toLowerCase()); n++) apiName = `${deriveApiName(name) ?? 'External_System'}_${n}`;
    taken.add(apiName.toLowerCase());
    const collected = collect(system, source);
    const dedicated = identities.find((i) => !i.shared);
    const { auth, comments } = authOf(collected, loginRanges(identities, source));
    const objects = sortedRecord(collected.objects);
    const fields = sortedRecord(collected.fields);
    const data: SpecData = {
      name: apiName === deriveApiName(name) ? name : apiName.replace(/_/g, ' '),
      description: describe(system, collected),
      owners: { business: draftPlaceholder(DRAFT_FIELDS[0].what), technical: draftPlaceholder(DRAFT_FIELDS[1].what) },
      support: draftPlaceholder(DRAFT_FIELDS[2].what),
      user: { username: usernameFor(apiName, orgDomain(identities[0], inventory)) },
      auth,
      ...(Object.keys(objects).length
        ? { access: { objects, ...(Object.keys(fields).length ? { fields } : {}) } }
        : {}),
      api: {
        direction: collected.sent.size ? (collected.flows.size ? 'bidirectional' : 'outbound') : 'inbound',
      },
    };
    const shared = identities.filter((i) => i.shared).map((i) => i.username);
    const header = [
      `Draft spec for ${system.name}, written by sf integration inventory from the org source (${system.evidence}).`,
      `Today it runs as ${identities.map((i) => i.username).join(', ')}${shared.length ? `, shared with other systems` : ''}; ${
        dedicated
          ? `this spec gives it a user of its own. ${dedicated.username} serves only this system already: if it is an API-only integration user, set user.username to it instead (generate then writes its access; do not create it again).`
          : 'this spec gives it a user of its own.'
      }`,
      'Fill in owners and support, check the rest, move the file to integrations/ and run sf integration generate.',
      'Found in the source:',
      ...[...new Set(collected.notes)].map((n) => `  - ${n}`),
    ];
    const accessComment = Object.keys(objects).length
      ? 'Read access to what its outbound messages send; add what it writes.'
      : 'The source does not show which records it reads or writes: add access.objects and access.fields.';
    const file = `${apiName}.yaml`;
    const content = render(data, header, comments, accessComment);
    // eslint-disable-next-line no-await-in-loop
    const problems = await remainingProblems(content, file);
    drafts.push({
      system: system.name,
      key: system.key,
      apiName,
      file,
      username: data.user.username,
      objects: Object.keys(objects),
      flow: data.auth.flow,
      content: problems.length
        ? `# sf integration generate would still refuse this draft:\n${problems.map((p) => `#   - ${p}`).join('\n')}\n${content}`
        : content,
      problems,
    });
  }
  return drafts.sort((a, b) => byText(a.file, b.file));
}
