import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../discovery.js';
import { RUN_AS_FIELDS } from '../data/runAsFields.js';
import { isGenericUsername } from '../identity.js';
import { children, childText, type XmlNode } from '../xml.js';
import type { Location, Rule, RuleContext, RuleFinding, XmlFile } from '../types.js';

/** One place where a username is the identity something runs or integrates as. */
type Usage = {
  username: string;
  /** Words naming the system this usage belongs to; overlapping words mean the same system. */
  words: Set<string>;
  /** How people know it: "connected app Talkdesk_Integration". */
  label: string;
  location: Location;
  type: string;
  name: string;
  element: string;
};

/** Words that say nothing about which external system something belongs to. */
const STOP_WORDS = new Set(
  (
    'integration integrations int app apps connected eca oauth plcy policy policies user users def definition api sync connector ' +
    'service services svc outbound message messages msg email handler subscriber config the sf sfdc salesforce glbloauth plugin ' +
    'client credentials flow run runas execution www hooks webhook webhooks login my com net org io co uk de eu us na prod sandbox ' +
    'dev test uat qa https http rest soap v1 v2 v3 inbound notification notifications listener endpoint callback'
  ).split(' ')
);

export function words(text: string, exclude: Set<string> = new Set()): Set<string> {
  return new Set(
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 2 && !STOP_WORDS.has(w) && !exclude.has(w) && !/^\d+$/.test(w))
  );
}

function hostWords(url: string | undefined, exclude: Set<string>): Set<string> {
  if (!url) return new Set();
  try {
    return words(new URL(url).hostname, exclude);
  } catch {
    return words(url, exclude);
  }
}

function domainWords(username: string): Set<string> {
  return words(username.slice(username.indexOf('@') + 1));
}

const INTERNAL_AUTOMATION = new Set(['PlatformEventSubscriberConfig', 'TransactionSecurityPolicy']);
/** Not a word any name can produce (words are lower-case alphanumerics). */
const INTERNAL_AUTOMATION_WORD = '#internal-automation';

function locationOf(xml: XmlFile, tag: string, occurrence: number): Location {
  const pos = xml.locateTag(tag, occurrence);
  return { path: xml.file.path, line: pos?.line, column: pos?.column };
}

function typeLabel(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Usages in one metadata file, following the element path (elements may repeat at any level). */
function xmlUsages(xml: XmlFile, field: (typeof RUN_AS_FIELDS)[number]): Usage[] {
  if (xml.root !== field.root) return [];
  const leaf = field.path[field.path.length - 1];
  const out: Usage[] = [];
  let occurrence = 0;
  const visit = (node: XmlNode, depth: number, owner: XmlNode): void => {
    if (depth === field.path.length - 1) {
      for (const valueNode of children(node, leaf)) {
        const username = String(valueNode['#text'] ?? '').trim();
        const at = occurrence++;
        if (!username) continue;
        // An outbound message belongs to the system behind its endpoint; anything else to its component.
        const ownerName = childText(owner, 'fullName');
        const exclude = domainWords(username);
        const systemWords =
          field.root === 'Workflow' || field.root === 'WorkflowOutboundMessage'
            ? new Set([...hostWords(childText(owner, 'endpointUrl'), exclude), ...words(ownerName ?? '', exclude)])
            : words(childText(xml.data, 'externalClientApplication') ?? xml.file.fullName, exclude);
        const name = ownerName && owner !== xml.data ? `${xml.file.fullName}.${ownerName}` : xml.file.fullName;
        // Internal automation (platform event triggers, transaction security policies) running as one user is one
        // automation identity, not several integrations; it still joins a system it names.
        if (INTERNAL_AUTOMATION.has(field.root)) systemWords.add(INTERNAL_AUTOMATION_WORD);
        out.push({
          username,
          words: systemWords.size ? systemWords : new Set([name.toLowerCase()]),
          label: `${field.label} of ${typeLabel(xml.file.type)} ${name}`,
          location: locationOf(xml, leaf, at),
          type: xml.file.type,
          name,
          element: field.path.join('.'),
        });
      }
      return;
    }
    for (const child of children(node, field.path[depth])) visit(child, depth + 1, depth === 0 ? child : owner);
  };
  if (field.path.length > 1) {
    // Parse only the elements on the path (a workflow's outbound messages, not its rules and field updates).
    for (const { node } of xml.blocks(field.path[0])) visit(node, 1, node);
  } else visit(xml.data, 0, xml.data);
  return out;
}

function stringAt(data: Record<string, unknown>, ...keys: string[]): string | undefined {
  let node: unknown = data;
  for (const k of keys) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
  return typeof node === 'string' && node.trim() ? node.trim() : undefined;
}

function documentUsages(ctx: RuleContext): Usage[] {
  const out: Usage[] = [];
  for (const spec of ctx.specs()) {
    const username = stringAt(spec.data, 'user', 'username');
    if (!username) continue;
    const system = stringAt(spec.data, 'apiName') ?? stringAt(spec.data, 'name') ?? spec.file.fullName;
    out.push({
      username,
      words: words(system, domainWords(username)),
      label: `integration spec ${spec.file.path}`,
      location: { path: spec.file.path, ...spec.locate(['user', 'username']) },
      type: SPEC_TYPE,
      name: system,
      element: 'user.username',
    });
  }
  for (const def of ctx.userDefinitions()) {
    const username = stringAt(def.data, 'Username');
    if (!username) continue;
    const system = def.file.fullName.replace(/[-_.]?user[-_.]?def(inition)?$/i, '').replace(/^user[-_.]?def(inition)?[-_.]?/i, '');
    out.push({
      username,
      words: words(system || def.file.fullName, domainWords(username)),
      label: `user definition ${def.file.path}`,
      location: { path: def.file.path, ...def.locate('Username') },
      type: USER_DEFINITION_TYPE,
      name: def.file.fullName,
      element: 'Username',
    });
  }
  return out;
}

/** Groups usages of one username into systems: usages whose system words overlap are one system. */
export function systemsOf(usages: Usage[]): Usage[][] {
  const parent = usages.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < usages.length; i++) {
    for (let j = i + 1; j < usages.length; j++) {
      if ([...usages[i].words].some((w) => usages[j].words.has(w))) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Usage[]>();
  usages.forEach((u, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), u]));
  return [...groups.values()];
}

const FIX =
  'Give each external system its own API-only user (Salesforce Integration license, profile "Minimum Access - API Only Integrations", its own permission set) and point each app or automation at it; `sf integration generate` writes the metadata from one spec per system.';

function sharedFindings(usages: Usage[]): RuleFinding[] {
  const byUser = new Map<string, Usage[]>();
  for (const u of usages) byUser.set(u.username.toLowerCase(), [...(byUser.get(u.username.toLowerCase()) ?? []), u]);
  const out: RuleFinding[] = [];
  for (const [, list] of byUser) {
    const systems = systemsOf(list);
    if (systems.length < 2) continue;
    const names = systems.map((s) => s.map((u) => u.label).join(' + '));
    for (const u of list) {
      out.push({
        message: `${u.username} is the identity of ${systems.length} different integrations (${names.join('; ')}): nobody can tell which system changed a record or which token to revoke.`,
        fix: FIX,
        location: u.location,
        related: list.filter((o) => o !== u).map((o) => o.location),
        subject: { type: u.type, name: u.name, element: u.element, detail: u.username.toLowerCase() },
      });
    }
  }
  return out;
}

function genericFindings(usages: Usage[], reported: Set<string>): RuleFinding[] {
  return usages
    .filter((u) => isGenericUsername(u.username) && !reported.has(`${u.location.path}:${u.location.line ?? 0}`))
    .map((u) => ({
      severity: 'warning' as const,
      message: `${u.username} (${u.label}) is a generic identity: its name does not say which system uses it, so it tends to end up shared and over-privileged.`,
      fix: `Use a username that names the system, such as <system>.integration@<your domain>, on its own API-only user. ${FIX}`,
      location: u.location,
      subject: { type: u.type, name: u.name, element: u.element, detail: `generic:${u.username.toLowerCase()}` },
    }));
}

/** One legacy named-credential username (an account in the external system) reused by several named credentials. */
function namedCredentialFindings(ctx: RuleContext): RuleFinding[] {
  const byUser = new Map<string, Array<{ xml: XmlFile; username: string }>>();
  for (const xml of ctx.xml('NamedCredential')) {
    const username = childText(xml.data, 'username')?.trim();
    if (username) byUser.set(username.toLowerCase(), [...(byUser.get(username.toLowerCase()) ?? []), { xml, username }]);
  }
  const out: RuleFinding[] = [];
  for (const list of byUser.values()) {
    if (list.length < 2) continue;
    for (const { xml, username } of list) {
      out.push({
        severity: 'warning',
        message: `Named credential ${xml.file.fullName} logs in as ${username}, like ${list.filter((o) => o.xml !== xml).map((o) => o.xml.file.fullName).join(', ')}: one external account shared by several callouts.`,
        fix: 'Give each external system or endpoint its own credential, preferably an External Credential with a per-system principal.',
        location: locationOf(xml, 'username', 0),
        related: list.filter((o) => o.xml !== xml).map((o) => locationOf(o.xml, 'username', 0)),
        subject: { type: 'NamedCredential', name: xml.file.fullName, element: 'username', detail: username.toLowerCase() },
      });
    }
  }
  return out;
}

const RUN_AS_TYPES = [...new Set(RUN_AS_FIELDS.map((f) => f.type))];

export const sharedIntegrationUser: Rule = {
  meta: {
    id: 'shared-integration-user',
    defaultSeverity: 'error',
    summary: 'One username used as the run-as or integration identity of more than one integration, generic integration identities, and external accounts reused by several named credentials.',
    why: 'When several systems share one user, the audit trail cannot tell them apart, one revoked token breaks them all, and the user ends up with the union of every system’s access.',
    howToFix: 'One API-only integration user per external system, with its own narrow permission set and its own OAuth app; name it after the system.',
    docs: 'shared-integration-user',
  },
  reads: [...RUN_AS_TYPES, SPEC_TYPE, USER_DEFINITION_TYPE, 'NamedCredential'],
  crossFile: [...RUN_AS_TYPES, SPEC_TYPE, USER_DEFINITION_TYPE, 'NamedCredential'],
  run(ctx) {
    const allowed = new Set(ctx.config.allow.usernames.map((u) => u.toLowerCase()));
    const usages = [
      ...RUN_AS_FIELDS.flatMap((field) => ctx.xml(field.type).flatMap((xml) => xmlUsages(xml, field))),
      ...documentUsages(ctx),
    ].filter((u) => !allowed.has(u.username.toLowerCase()));
    const shared = sharedFindings(usages);
    const reported = new Set(shared.map((f) => `${f.location.path}:${f.location.line ?? 0}`));
    return [...shared, ...genericFindings(usages, reported), ...namedCredentialFindings(ctx)];
  },
};
