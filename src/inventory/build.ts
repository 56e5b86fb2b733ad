import {
  accessTies,
  adminPermissionsOf,
  isSystemAdministrator,
  splitList,
  type AccessTie,
} from '../identity/access.js';
import { externalClientAppName, externalClientApps, type ExternalClientAppFiles } from '../identity/apps.js';
import {
  identityGraph,
  systemsOf,
  type Identity,
  type IdentitySource,
  type IdentityUsage,
  type IntegrationSystem,
} from '../identity/graph.js';
import { endpointHost, evidenceOf } from '../identity/systems.js';
import { normalizeUsername } from '../identity/usernames.js';
import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../shared/pseudoTypes.js';
import type { XmlFile } from '../lint/types.js';
import { children, childText, childTexts, type XmlNode } from '../lint/xml.js';
import type {
  Inventory,
  InventoryAccess,
  InventoryComponent,
  InventoryCredential,
  InventoryIdentity,
  InventorySystem,
} from './types.js';

/** What the inventory reads: the lint rules' view of the project, and the permission files by component. */
export type InventorySource = IdentitySource & {
  /** The PermissionSet and Profile files of one component, by developer name or label (empty when not in the project). */
  accessFiles?: (kind: 'profile' | 'permissionSet', name: string) => { path: string; files: XmlFile[] } | undefined;
};

/** What the standard System Administrator profile grants, when its file is not in the project. */
const SYSTEM_ADMINISTRATOR_ACCESS = 'all of them (the standard System Administrator profile)';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A system's key across identities: the graph's endpoint or vendor key; a name-only system by its name. */
function systemKey(system: IntegrationSystem): string {
  return system.basis === 'name' || system.basis === 'internal'
    ? `${system.basis}:${system.label.toLowerCase()}`
    : system.key;
}

function evidenceText(system: IntegrationSystem): string {
  const first = system.usages[0];
  switch (system.basis) {
    case 'endpoint':
      return `endpoint host ${system.label}`;
    case 'vendor':
      return `vendor ${first.evidence.vendor?.name ?? system.label}`;
    case 'internal':
      return 'platform automation (event triggers, policies)';
    default: {
      const words = [...new Set(system.usages.flatMap((u) => [...u.evidence.words]))].sort(byText);
      return words.length ? `names: ${words.slice(0, 6).join(', ')}` : 'no telling endpoint or name';
    }
  }
}

/** The outbound message a usage names, in a workflow file or a decomposed WorkflowOutboundMessage file. */
export function outboundMessage(xml: XmlFile, name: string): XmlNode | undefined {
  if (xml.root === 'WorkflowOutboundMessage') return xml.data;
  const own = name.slice(name.lastIndexOf('.') + 1);
  return xml.blocks('outboundMessages').find(({ node }) => childText(node, 'fullName') === own)?.node;
}

type Described = Pick<InventoryComponent, 'touches' | 'auth' | 'endpoint'>;
/** What describing a component needs besides its usage: the parsed files, External Client Apps and credentials. */
type Lookup = {
  files: Map<string, XmlFile>;
  apps: Map<string, ExternalClientAppFiles>;
  credentials: Map<string, InventoryCredential>;
  source: InventorySource;
};
type DescribeContext = Lookup & { usage: IdentityUsage; xml?: XmlFile };

/** What an outbound message that sends the user's session Id is called: the receiver can write back with it. */
export const SESSION_ID_AUTH = 'outbound message with the user’s session Id';

/** Whether a component is an OAuth app the system logs in through (its auth says so). */
export function usesOAuthApp(c: InventoryComponent): boolean {
  return (c.auth ?? '').includes('OAuth');
}

/** Whether the system logs in to Salesforce through the component: an OAuth app or an auth provider. */
export function logsIn(c: InventoryComponent): boolean {
  return usesOAuthApp(c) || (c.auth ?? '').startsWith('auth provider');
}

function describeOutboundMessage({ usage, xml }: DescribeContext): Described {
  const message = xml ? outboundMessage(xml, usage.name) : undefined;
  const fields = childTexts(message, 'fields');
  return {
    touches: [`${usage.name.split('.')[0]}: ${fields.length ? fields.join(', ') : '(no fields listed)'} (sent)`],
    auth: childText(message, 'includeSessionId') === 'true' ? SESSION_ID_AUTH : 'outbound message (no session Id)',
    endpoint: endpointHost(childText(message, 'endpointUrl')),
  };
}

/** How an OAuth app hands out tokens: client credentials, a JWT bearer certificate, or another OAuth flow. */
export type AppFlow = 'client-credentials' | 'jwt' | 'oauth';

/** An OAuth app component as the metadata shows it: its app's name, flow, scopes and first callback URL (may be empty). */
export type OAuthAppFacts = { name: string; flow: AppFlow; scopes: string[]; callback?: string };

function flowOf(clientCredentials: boolean, certificate: string | undefined): AppFlow {
  if (clientCredentials) return 'client-credentials';
  return certificate ? 'jwt' : 'oauth';
}

/** The first of the callback URLs an app lists (one per line or comma-separated); empty or undefined when none. */
function firstUrl(value: string | undefined): string | undefined {
  return value?.split(/[\s,]+/)[0];
}

/**
 * A connected app's or External Client App's flow, scopes and callback, from the component that names the user: one
 * reading for the inventory's description and the drafts' auth. Undefined for other components.
 */
export function oauthAppFacts(
  component: { type: string; element: string; name: string },
  xml: XmlFile | undefined,
  apps: Map<string, ExternalClientAppFiles>,
): OAuthAppFacts | undefined {
  if (component.type === 'ConnectedApp') {
    const [oauth] = children(xml?.data, 'oauthConfig');
    return {
      name: component.name,
      flow: flowOf(Boolean(childText(oauth, 'oauthClientCredentialUser')), childText(oauth, 'certificate')),
      scopes: childTexts(oauth, 'scopes'),
      callback: firstUrl(childText(oauth, 'callbackUrl')),
    };
  }
  if (component.type === 'ExtlClntAppOauthConfigurablePolicies') {
    const app = xml ? apps.get(externalClientAppName(xml).toLowerCase()) : undefined;
    return {
      name: app?.name ?? component.name,
      flow: flowOf(component.element === 'clientCredentialsFlowUser', childText(app?.globalOauth?.data, 'certificate')),
      scopes: splitList(childText(app?.oauthSettings?.data, 'commaSeparatedOauthScopes')),
      callback: firstUrl(childText(app?.globalOauth?.data, 'callbackUrl')),
    };
  }
  return undefined;
}

const FLOW_LABELS: Record<AppFlow, string> = {
  'client-credentials': 'OAuth client credentials',
  jwt: 'OAuth JWT bearer',
  oauth: 'OAuth',
};

function oauthScopesTouch(scopes: string[]): string[] {
  return scopes.length ? [`OAuth scopes: ${scopes.join(', ')}`] : [];
}

function describeConnectedApp({ usage, xml, apps }: DescribeContext): Described {
  const app = oauthAppFacts(usage, xml, apps) as OAuthAppFacts;
  const plugin = app.flow === 'oauth' && usage.element === 'pluginExecutionUser';
  return { touches: oauthScopesTouch(app.scopes), auth: plugin ? 'connected app plugin' : FLOW_LABELS[app.flow] };
}

function describeExternalClientApp({ usage, xml, apps }: DescribeContext): Described {
  const app = oauthAppFacts(usage, xml, apps) as OAuthAppFacts;
  return { touches: oauthScopesTouch(app.scopes), auth: `${FLOW_LABELS[app.flow]} (External Client App)` };
}

function describeSpec({ usage, source }: DescribeContext): Described {
  const spec = source.specs().find((s) => s.file.path === usage.location.path);
  const access = spec?.data.access as { objects?: Record<string, unknown> } | undefined;
  const auth = spec?.data.auth as { flow?: unknown; app?: unknown } | undefined;
  const objects = Object.keys(access?.objects ?? {});
  const app = typeof auth?.app === 'string' ? auth.app : 'external-client-app';
  return {
    touches: objects.length ? [`objects: ${objects.join(', ')}`] : [],
    auth: typeof auth?.flow === 'string' ? `${auth.flow} (${app})` : undefined,
  };
}

/** What a component touches and how it authenticates, from its own metadata, by type. */
const DESCRIBERS: Record<string, (c: DescribeContext) => Described> = {
  Workflow: describeOutboundMessage,
  WorkflowOutboundMessage: describeOutboundMessage,
  ConnectedApp: describeConnectedApp,
  ExtlClntAppOauthConfigurablePolicies: describeExternalClientApp,
  AuthProvider: ({ xml }) => ({
    touches: [],
    auth: `auth provider (${childText(xml?.data, 'providerType') ?? 'unknown type'})`,
  }),
  EmailServicesFunction: ({ xml }) => {
    const handler = childText(xml?.data, 'apexClass');
    return { touches: handler ? [`Apex class ${handler}`] : [], auth: 'inbound email service' };
  },
  [SPEC_TYPE]: describeSpec,
  NamedCredential: ({ usage, credentials }) => {
    const credential = credentials.get(usage.location.path);
    return {
      touches: [],
      ...(credential?.auth ? { auth: credential.auth } : {}),
      ...(credential?.endpoint ? { endpoint: credential.endpoint } : {}),
    };
  },
};

function describeComponent(usage: IdentityUsage, lookup: Lookup): Described {
  const describe = DESCRIBERS[usage.type];
  return describe ? describe({ ...lookup, usage, xml: lookup.files.get(usage.location.path) }) : { touches: [] };
}

function componentOf(usage: IdentityUsage, lookup: Lookup): InventoryComponent {
  return {
    type: usage.type,
    name: usage.name,
    path: usage.location.path,
    ...(usage.location.line ? { line: usage.location.line } : {}),
    element: usage.element,
    noun: usage.noun,
    ...describeComponent(usage, lookup),
  };
}

const compareComponents = (a: InventoryComponent, b: InventoryComponent): number =>
  byText(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || byText(a.name, b.name);

/** The access ties of one user, permission set groups expanded to their members. */
function accessOf(user: string, usernames: string[], ties: AccessTie[], source: InventorySource): InventoryAccess[] {
  const mine = new Set([user, ...usernames.map(normalizeUsername)]);
  const out = new Map<string, InventoryAccess>();
  const groups = new Map(source.xml('PermissionSetGroup').map((g) => [g.file.fullName.toLowerCase(), g]));
  const add = (kind: 'profile' | 'permissionSet', name: string, by: string): void => {
    const key = `${kind}:${name.toLowerCase()}`;
    if (out.has(key)) return;
    const group = kind === 'permissionSet' ? groups.get(name.toLowerCase()) : undefined;
    if (group) {
      // A group grants what its members grant: listed below it, each with its own permissions.
      out.set(`permissionSetGroup:${name.toLowerCase()}`, {
        kind: 'permissionSetGroup',
        name,
        by,
        path: group.file.path,
        adminPermissions: [],
      });
      for (const member of childTexts(group.data, 'permissionSets'))
        add('permissionSet', member, `permission set group ${group.file.fullName} (${by})`);
      return;
    }
    const found = source.accessFiles?.(kind, name);
    out.set(key, {
      kind,
      name,
      by,
      ...(found ? { path: found.path } : {}),
      adminPermissions: found
        ? adminPermissionsOf(found.files).map((p) => p.name)
        : kind === 'profile' && isSystemAdministrator(name)
          ? [SYSTEM_ADMINISTRATOR_ACCESS]
          : [],
    });
  };
  for (const tie of ties)
    if (tie.username && mine.has(normalizeUsername(tie.username))) add(tie.kind, tie.name, tie.by);
  const order = { profile: 0, permissionSetGroup: 1, permissionSet: 2 };
  return [...out.values()].sort(
    (a, b) => order[a.kind] - order[b.kind] || byText(a.name.toLowerCase(), b.name.toLowerCase()),
  );
}

function systemOf(system: IntegrationSystem, lookup: Lookup): InventorySystem {
  return {
    key: systemKey(system),
    name: system.label,
    basis: system.basis,
    evidence: evidenceText(system),
    components: system.usages.map((u) => componentOf(u, lookup)).sort(compareComponents),
  };
}

function identityOf(identity: Identity, ties: AccessTie[], lookup: Lookup): InventoryIdentity {
  const systems = identity.systems.map((s) => systemOf(s, lookup));
  return {
    username: identity.user,
    usernames: [...identity.usernames].sort(byText),
    kind: 'salesforce-user',
    shared: identity.systems.length >= 2,
    systems: systems.sort((a, b) => b.components.length - a.components.length || byText(a.name, b.name)),
    access: accessOf(identity.user, identity.usernames, ties, lookup.source),
  };
}

/** Named-credential parameters (API 56+): `<namedCredentialParameters>` with a type and a value. */
function parameters(xml: XmlFile | undefined, tag: string): Array<{ type?: string; name?: string; value?: string }> {
  return children(xml?.data, tag).map((p) => ({
    type: childText(p, 'parameterType'),
    name: childText(p, 'parameterName'),
    value: childText(p, 'parameterValue') ?? childText(p, 'externalCredential'),
  }));
}

function credentialsOf(source: InventorySource): InventoryCredential[] {
  const external = new Map(source.xml('ExternalCredential').map((x) => [x.file.fullName.toLowerCase(), x]));
  return source
    .xml('NamedCredential')
    .map((xml): InventoryCredential => {
      const params = parameters(xml, 'namedCredentialParameters');
      const extName =
        childText(xml.data, 'externalCredential') ?? params.find((p) => p.type === 'Authentication')?.value;
      const ext = extName ? external.get(extName.toLowerCase()) : undefined;
      const url = childText(xml.data, 'endpoint') ?? params.find((p) => p.type === 'Url')?.value;
      const account = childText(xml.data, 'username')?.trim();
      const protocol = childText(xml.data, 'protocol');
      const principal = childText(xml.data, 'principalType');
      const principals = parameters(ext, 'externalCredentialParameters')
        .filter((p) => p.type === 'NamedPrincipal' || p.type === 'PerUserPrincipal')
        .map((p) => `${p.name ?? '?'} (${p.type === 'NamedPrincipal' ? 'named principal' : 'per-user principal'})`);
      const extProtocol = childText(ext?.data, 'authenticationProtocol');
      return {
        name: xml.file.fullName,
        path: xml.file.path,
        ...(endpointHost(url) ? { endpoint: endpointHost(url) } : {}),
        ...(extName
          ? { auth: `external credential${extProtocol ? ` (${extProtocol})` : ''}`, externalCredential: extName }
          : protocol || principal
            ? { auth: [protocol, principal].filter(Boolean).join(', ') }
            : {}),
        ...(account && !/^(<[^>]*>|\{![^}]*\})$/.test(account) ? { account } : {}),
        principals,
      };
    })
    .sort((a, b) => byText(a.name, b.name));
}

/** External accounts that several named credentials log in as, as identities: their systems are the endpoints. */
function externalAccounts(credentials: InventoryCredential[], lookup: Lookup): InventoryIdentity[] {
  const { source } = lookup;
  const byAccount = new Map<string, InventoryCredential[]>();
  for (const c of credentials)
    if (c.account) byAccount.set(c.account.toLowerCase(), [...(byAccount.get(c.account.toLowerCase()) ?? []), c]);
  const out: InventoryIdentity[] = [];
  for (const [account, list] of byAccount) {
    const usages: IdentityUsage[] = list.map((c) => {
      const xml = source.xml('NamedCredential').find((x) => x.file.path === c.path);
      const pos = xml?.locateTag('username');
      return {
        username: c.account ?? account,
        user: account,
        noun: 'named credential',
        label: `named credential ${c.name}`,
        location: { path: c.path, line: pos?.line, column: pos?.column },
        type: 'NamedCredential',
        name: c.name,
        element: 'username',
        internal: false,
        evidence: evidenceOf({ url: c.endpoint, names: [c.name, childText(xml?.data, 'label')] }),
      };
    });
    const systems = systemsOf(usages).map((s) => systemOf(s, lookup));
    out.push({
      username: account,
      usernames: [...new Set(list.map((c) => c.account ?? account))].sort(byText),
      kind: 'external-account',
      shared: systems.length >= 2,
      systems,
      access: [],
    });
  }
  return out;
}

/** Systems counted once across identities (internal automation is no external system). */
function countSystems(identities: InventoryIdentity[]): number {
  return new Set(identities.flatMap((i) => i.systems.filter((s) => s.basis !== 'internal').map((s) => s.key))).size;
}

/**
 * The inventory of a project: the same identity graph and systems as shared-integration-user (`allowed` usernames,
 * knowingly shared, are left out as the rule leaves them out), each system's components with what they touch and how
 * they authenticate, each identity's profiles and permission sets, and the project's named credentials.
 */
export function buildInventory(source: InventorySource, allowed: ReadonlySet<string> = new Set()): Inventory {
  const graph = identityGraph(source, allowed);
  const files = new Map<string, XmlFile>();
  for (const type of new Set(graph.flatMap((i) => i.usages.map((u) => u.type))))
    for (const xml of source.xml(type)) files.set(xml.file.path, xml);
  const credentials = credentialsOf(source);
  const lookup: Lookup = {
    files,
    apps: externalClientApps(source),
    credentials: new Map(credentials.map((c) => [c.path, c])),
    source,
  };
  const ties = accessTies(source);
  const identities = [...graph.map((i) => identityOf(i, ties, lookup)), ...externalAccounts(credentials, lookup)].sort(
    (a, b) =>
      Number(b.shared) - Number(a.shared) ||
      b.systems.length - a.systems.length ||
      byText(a.kind, b.kind) ||
      byText(a.username, b.username),
  );
  return { identities, credentials, systemCount: countSystems(identities) };
}

/**
 * Components that stand for an external system: what an outbound message, an OAuth app, an auth provider, an email
 * service or a credential reaches, and the plugin's own specs and user definitions. Agent and bot users, messaging and
 * site handlers run platform features as a user; they are identities, not integrations to split.
 */
const EXTERNAL_COMPONENT_TYPES = new Set([
  'Workflow',
  'WorkflowOutboundMessage',
  'ConnectedApp',
  'ExtlClntAppOauthConfigurablePolicies',
  'AuthProvider',
  'EmailServicesFunction',
  'NamedCredential',
  SPEC_TYPE,
  USER_DEFINITION_TYPE,
]);

/** Whether a system is an external one, which needs an integration user of its own. */
export function isExternalSystem(system: InventorySystem): boolean {
  return system.basis !== 'internal' && system.components.some((c) => EXTERNAL_COMPONENT_TYPES.has(c.type));
}

/** The types the inventory reads besides the identity graph's. */
export const INVENTORY_EXTRA_TYPES = [
  'NamedCredential',
  'ExternalCredential',
  'PermissionSetGroup',
  USER_DEFINITION_TYPE,
  SPEC_TYPE,
] as const;
