import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../shared/pseudoTypes.js';
import type { Location, SpecFileView, UserDefinitionView, XmlFile } from '../lint/types.js';
import { children, childText, type XmlNode } from '../lint/xml.js';
import { textOf } from '../shared/text.js';
import { RUN_AS_FIELDS, type RunAsField } from './runAsFields.js';
import { canonicalUsers, normalizeUsername } from './usernames.js';
import { evidenceOf, significantWords, usernameDomain, type SystemEvidence } from './systems.js';

/**
 * The identity graph: every place a Salesforce username is the run-as or integration identity of something, grouped
 * by user (case-insensitive, sandbox copies folded), and each user's usages grouped into the external systems they
 * serve. One module, read by lint (shared-integration-user) and inventory, so both tell systems apart the same way.
 */
export type IdentityUsage = {
  /** As written in the file. */
  username: string;
  /** The user it is: lower-cased, a sandbox copy folded onto its production username. */
  user: string;
  /** What the usage is, as a count noun: "outbound message", "connected app". */
  noun: string;
  /** The field, for people: "outbound message user of workflow Lead.Send_To_ERP". */
  label: string;
  location: Location;
  /** Metadata type, component and element path: the finding's subject. */
  type: string;
  name: string;
  element: string;
  evidence: SystemEvidence;
  /** Internal automation (platform event triggers, transaction security policies): one identity, not an integration. */
  internal: boolean;
};

export type IntegrationSystem = {
  key: string;
  /** How people know it: a vendor, a host, or the names of its components. */
  label: string;
  /** How it was told apart from the others. */
  basis: 'endpoint' | 'vendor' | 'name' | 'internal';
  usages: IdentityUsage[];
};

export type Identity = { user: string; usernames: string[]; usages: IdentityUsage[]; systems: IntegrationSystem[] };

/** What the graph reads: the same views lint rules get. */
export type IdentitySource = {
  /**
   * The same for every view of the same shared files (a batch sees them with its own files): what depends only on
   * them, as the identity usages do (every type they come from is one a rule reading them declares crossFile), is
   * computed once for all of them.
   */
  sharedKey?: object;
  xml(type: string): XmlFile[];
  specs(): SpecFileView[];
  userDefinitions(): UserDefinitionView[];
};

/** Metadata types holding run-as fields: what a reader of the graph must load. */
export const IDENTITY_TYPES = [...new Set(RUN_AS_FIELDS.map((f) => f.type))];

const INTERNAL_AUTOMATION = new Set(['PlatformEventSubscriberConfig', 'TransactionSecurityPolicy']);

const NOUNS: Record<string, string> = {
  Workflow: 'outbound message',
  WorkflowOutboundMessage: 'outbound message',
  ConnectedApp: 'connected app',
  ExtlClntAppOauthConfigurablePolicies: 'External Client App',
  AuthProvider: 'auth provider',
  EmailServicesFunction: 'email service',
  PlatformEventSubscriberConfig: 'platform event subscriber',
  TransactionSecurityPolicy: 'transaction security policy',
  [SPEC_TYPE]: 'integration spec',
  [USER_DEFINITION_TYPE]: 'user definition',
};

function typeLabel(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

type Raw = Omit<IdentityUsage, 'user' | 'evidence'> & { url?: string; names: Array<string | undefined> };

/** The endpoint and the names that say which system a run-as field's component serves. */
function context(field: RunAsField, xml: XmlFile, owner: XmlNode): { url?: string; names: Array<string | undefined> } {
  const own = (tag: string): string | undefined => childText(owner, tag);
  switch (field.root) {
    case 'Workflow':
    case 'WorkflowOutboundMessage':
      return {
        url: own('endpointUrl'),
        names: [own('fullName') ?? xml.file.fullName, own('name'), own('description')],
      };
    case 'ConnectedApp':
      return { names: [xml.file.fullName, childText(xml.data, 'label'), childText(xml.data, 'description')] };
    case 'ExtlClntAppOauthConfigurablePolicies':
      return { names: [childText(xml.data, 'externalClientApplication') ?? xml.file.fullName] };
    case 'AuthProvider':
      return {
        url: childText(xml.data, 'authorizeUrl') ?? childText(xml.data, 'tokenUrl'),
        names: [xml.file.fullName, childText(xml.data, 'friendlyName'), childText(xml.data, 'providerType')],
      };
    case 'EmailServicesFunction':
      return { names: [xml.file.fullName, childText(xml.data, 'functionName'), childText(xml.data, 'apexClass')] };
    default:
      return { names: [xml.file.fullName] };
  }
}

/**
 * An email-service address a person mails into as themselves (the standard Email to Salesforce function, or any
 * address whose authorised senders are the run-as user's own mailbox) is that person's, not an integration's.
 */
function isPersonalAddress(xml: XmlFile, owner: XmlNode, username: string): boolean {
  if (xml.root !== 'EmailServicesFunction') return false;
  if (xml.file.fullName.toLowerCase() === 'emailtosalesforce') return true;
  const senders = (childText(owner, 'authorizedSenders') ?? '').toLowerCase().split(/[\s,;]+/);
  return senders.includes(username.toLowerCase());
}

function xmlUsages(xml: XmlFile, field: RunAsField): Raw[] {
  if (xml.root !== field.root) return [];
  const leaf = field.path[field.path.length - 1];
  // Most files of a run-as type do not set the field: without its element anywhere, nothing needs parsing.
  if (!xml.locateTag(leaf)) return [];
  const out: Raw[] = [];
  let occurrence = 0;
  const visit = (node: XmlNode, depth: number, owner: XmlNode): void => {
    if (depth === field.path.length - 1) {
      for (const valueNode of children(node, leaf)) {
        const username = textOf(valueNode['#text']).trim();
        const at = occurrence++;
        if (!username || isPersonalAddress(xml, owner, username)) continue;
        const ownerName = childText(owner, 'fullName');
        const name = ownerName && owner !== xml.data ? `${xml.file.fullName}.${ownerName}` : xml.file.fullName;
        const pos = xml.locateTag(leaf, at);
        out.push({
          username,
          noun: NOUNS[xml.file.type] ?? typeLabel(xml.file.type),
          label: `${field.label} of ${typeLabel(xml.file.type)} ${name}`,
          location: { path: xml.file.path, line: pos?.line, column: pos?.column },
          type: xml.file.type,
          name,
          element: field.path.join('.'),
          internal: INTERNAL_AUTOMATION.has(field.root),
          ...context(field, xml, owner),
        });
      }
      return;
    }
    for (const child of children(node, field.path[depth])) visit(child, depth + 1, depth === 0 ? child : owner);
  };
  // Parse only the elements on the path (a workflow's outbound messages, not its rules and field updates).
  if (field.path.length > 1) for (const { node } of xml.blocks(field.path[0])) visit(node, 1, node);
  else visit(xml.data, 0, xml.data);
  return out;
}

function stringAt(data: Record<string, unknown>, ...keys: string[]): string | undefined {
  let node: unknown = data;
  for (const k of keys) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
  return typeof node === 'string' && node.trim() ? node.trim() : undefined;
}

function documentUsages(source: IdentitySource): Raw[] {
  const out: Raw[] = [];
  for (const spec of source.specs()) {
    const username = stringAt(spec.data, 'user', 'username');
    if (!username) continue;
    const system = stringAt(spec.data, 'apiName') ?? stringAt(spec.data, 'name') ?? spec.file.fullName;
    out.push({
      username,
      noun: NOUNS[SPEC_TYPE],
      label: `integration spec ${spec.file.path}`,
      location: { path: spec.file.path, ...spec.locate(['user', 'username']) },
      type: SPEC_TYPE,
      name: system,
      element: 'user.username',
      internal: false,
      names: [system],
    });
  }
  for (const def of source.userDefinitions()) {
    const username = stringAt(def.data, 'Username');
    if (!username) continue;
    const system = def.file.fullName
      .replace(/[-_.]?user[-_.]?def(inition)?$/i, '')
      .replace(/^user[-_.]?def(inition)?[-_.]?/i, '');
    out.push({
      username,
      noun: NOUNS[USER_DEFINITION_TYPE],
      label: `user definition ${def.file.path}`,
      location: { path: def.file.path, ...def.locate('Username') },
      type: USER_DEFINITION_TYPE,
      name: def.file.fullName,
      element: 'Username',
      internal: false,
      names: [system || def.file.fullName],
    });
  }
  return out;
}

/** Rules of one run share one source: the usages are collected once for all of them. */
const usagesBySource = new WeakMap<object, IdentityUsage[]>();

/** Every run-as and integration identity usage of the project, with its system evidence. */
export function identityUsages(source: IdentitySource): IdentityUsage[] {
  const key = source.sharedKey ?? source;
  const cached = usagesBySource.get(key);
  if (cached) return cached;
  const usages = collectUsages(source);
  usagesBySource.set(key, usages);
  return usages;
}

function collectUsages(source: IdentitySource): IdentityUsage[] {
  const raw = [
    ...RUN_AS_FIELDS.flatMap((field) => source.xml(field.type).flatMap((xml) => xmlUsages(xml, field))),
    ...documentUsages(source),
  ];
  const users = canonicalUsers(raw.map((r) => r.username));
  const ownDomains = new Set(raw.map((r) => usernameDomain(r.username)).filter((d): d is string => Boolean(d)));
  return raw.map(({ url, names, ...usage }) => {
    // The org's own name (acme in maria@acme.com) says nothing about which external system a name belongs to.
    const exclude = significantWords(usage.username.slice(usage.username.indexOf('@') + 1));
    return {
      ...usage,
      user: users.get(normalizeUsername(usage.username)) ?? normalizeUsername(usage.username),
      evidence: evidenceOf({ url, names, exclude, ownDomains }),
    };
  });
}

type Cluster = { key: string; basis: IntegrationSystem['basis']; usages: IdentityUsage[]; words: Set<string> };

function strongKey(u: IdentityUsage): string | undefined {
  return u.evidence.vendor ? `vendor:${u.evidence.vendor.id}` : u.evidence.endpointKey;
}

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const w of a) if (b.has(w)) return true;
  return false;
}

/**
 * One user's usages grouped into systems. Endpoint and vendor evidence decide first and are never merged with each
 * other by names (two hosts of different owners are two systems whatever the messages are called); a usage known
 * only by its names joins the system whose names or host it shares, else forms systems with the other name-only
 * usages by shared words; a usage with no evidence at all (a generic name, a placeholder endpoint) joins the largest
 * system, since it cannot show a system of its own.
 */
export function systemsOf(usages: IdentityUsage[]): IntegrationSystem[] {
  const clusters: Cluster[] = [];
  const byKey = new Map<string, Cluster>();
  const add = (key: string, basis: Cluster['basis'], u: IdentityUsage, extraWords: Iterable<string> = []): void => {
    let c = byKey.get(key);
    if (!c) {
      c = { key, basis, usages: [], words: new Set() };
      byKey.set(key, c);
      clusters.push(c);
    }
    c.usages.push(u);
    for (const w of [...u.evidence.words, ...extraWords]) c.words.add(w);
  };
  const weak: IdentityUsage[] = [];
  const blank: IdentityUsage[] = [];
  for (const u of usages) {
    const key = strongKey(u);
    if (key)
      add(key, u.evidence.vendor ? 'vendor' : 'endpoint', u, u.evidence.host ? significantWords(u.evidence.host) : []);
    else if (u.internal) add('internal', 'internal', u);
    else if (u.evidence.words.size) weak.push(u);
    else blank.push(u);
  }
  const strong = [...clusters];
  const named: IdentityUsage[] = [];
  for (const u of weak) {
    const home = strong.find((c) => overlaps(c.words, u.evidence.words));
    if (home) {
      home.usages.push(u);
      for (const w of u.evidence.words) home.words.add(w);
    } else named.push(u);
  }
  // Name-only usages: those sharing a significant word are one system (union-find over the words).
  const parent = named.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < named.length; i++)
    for (let j = i + 1; j < named.length; j++)
      if (overlaps(named[i].evidence.words, named[j].evidence.words)) parent[find(i)] = find(j);
  named.forEach((u, i) => add(`name:${find(i)}:${named[find(i)].name}`, 'name', u));
  for (const u of blank) {
    const largest = [...clusters].sort((a, b) => b.usages.length - a.usages.length)[0];
    if (largest) largest.usages.push(u);
    else add(`name:${u.name}`, 'name', u);
  }
  return mergeSiblingDomains(mergeTemplates(clusters)).map((c) => ({
    key: c.key,
    basis: c.basis,
    usages: c.usages,
    label: systemLabel(c),
  }));
}

/** Words of company domains that say nothing about whose they are. */
const GENERIC_DOMAIN_WORDS = new Set(
  'global online portal portals cloud services service group systems system solutions solution tech technology technologies digital connect secure mobile partner partners network networks world corp company inc app apps web site sites hub api apis data info prod test stage staging'.split(
    ' ',
  ),
);

/** The distinctive words of an endpoint system's registrable domain (global-northwindview.com: northwindview). */
function domainWords(key: string): string[] {
  if (!key.startsWith('domain:')) return [];
  const name = key.slice('domain:'.length).split('.')[0];
  return name.split(/[^a-z0-9]+/).filter((w) => w.length >= 5 && !GENERIC_DOMAIN_WORDS.has(w));
}

/**
 * Two domains of one owner (northwindview.com and global-northwindview.com) are one system: endpoint systems whose
 * registrable domains share a distinctive word are merged. Vendors and the org's own subdomains keep their keys.
 */
function mergeSiblingDomains(clusters: Cluster[]): Cluster[] {
  return mergeByKeys(clusters, (c) => domainWords(c.key));
}

/** Merges clusters that share any of the keys `keysOf` gives them into the first cluster that had it. */
function mergeByKeys(clusters: Cluster[], keysOf: (c: Cluster) => string[]): Cluster[] {
  const out: Cluster[] = [];
  const byKey = new Map<string, Cluster>();
  for (const c of clusters) {
    const keys = keysOf(c);
    const home = keys.map((k) => byKey.get(k)).find(Boolean);
    if (home) {
      home.usages.push(...c.usages);
      for (const w of c.words) home.words.add(w);
    } else out.push(c);
    for (const k of keys) if (!byKey.has(k)) byKey.set(k, home ?? c);
  }
  return out;
}

/** An outbound message's own name, without its object (`Case.NotifyPartner` is `notifypartner`). */
function messageName(u: IdentityUsage): string | undefined {
  if (u.type !== 'Workflow' && u.type !== 'WorkflowOutboundMessage') return undefined;
  return u.name.slice(u.name.lastIndexOf('.') + 1).toLowerCase();
}

/**
 * One outbound message copied onto several objects (the same name, the same user) is one integration even when a
 * copy still points at an old or sample host: systems that share such a name are merged. Names without a significant
 * word (Outbound_Message_1) say nothing and merge nothing.
 */
function mergeTemplates(clusters: Cluster[]): Cluster[] {
  return mergeByKeys(clusters, (c) => [
    ...new Set(
      c.usages
        .filter((u) => u.evidence.words.size)
        .map(messageName)
        .filter((n): n is string => Boolean(n)),
    ),
  ]);
}

function systemLabel(c: Cluster): string {
  const first = c.usages[0];
  if (c.basis === 'internal') return 'internal automation';
  if (c.basis === 'vendor' && first.evidence.vendor) return first.evidence.vendor.name;
  if (c.basis === 'endpoint') {
    const hosts = [...new Set(c.usages.map((u) => u.evidence.host).filter((h): h is string => Boolean(h)))];
    return hosts.length > 2 ? `${hosts.slice(0, 2).join(', ')} and ${hosts.length - 2} more hosts` : hosts.join(', ');
  }
  const names = [...new Set(c.usages.map((u) => u.name))];
  return names.length > 2 ? `${names.slice(0, 2).join(', ')} and ${names.length - 2} more` : names.join(', ');
}

/** Every identity of the project with its systems; `allowed` usernames (knowingly shared) are left out. */
export function identityGraph(source: IdentitySource, allowed: ReadonlySet<string> = new Set()): Identity[] {
  const byUser = new Map<string, IdentityUsage[]>();
  for (const u of identityUsages(source)) {
    if (allowed.has(u.user) || allowed.has(normalizeUsername(u.username))) continue;
    byUser.set(u.user, [...(byUser.get(u.user) ?? []), u]);
  }
  return [...byUser].map(([user, usages]) => ({
    user,
    usernames: [...new Set(usages.map((u) => u.username))],
    usages,
    systems: systemsOf(usages),
  }));
}
