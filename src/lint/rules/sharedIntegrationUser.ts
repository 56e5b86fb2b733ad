import {
  IDENTITY_TYPES,
  identityGraph,
  type Identity,
  type IdentityUsage,
  type IntegrationSystem,
} from '../../identity/graph.js';
import { isGenericUsername } from '../../identity/usernames.js';
import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../../shared/pseudoTypes.js';
import { childText } from '../xml.js';
import type { Location, Rule, RuleContext, RuleFinding, XmlFile } from '../types.js';

const FIX =
  'Give each external system its own API-only user (Salesforce Integration license, profile "Minimum Access - API Only Integrations", its own permission set) and point each app or automation at it; `sf integration generate` writes the metadata from one spec per system.';

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}

/** "erp.acme.example (by endpoint: 14 outbound messages)": the system, how it was told apart, and what reaches it. */
function describeSystem(system: IntegrationSystem): string {
  const counts = new Map<string, number>();
  for (const u of system.usages) counts.set(u.noun, (counts.get(u.noun) ?? 0) + 1);
  const what = [...counts].map(([noun, n]) => plural(n, noun)).join(', ');
  const basis = {
    endpoint: 'by endpoint host',
    vendor: 'by vendor',
    name: 'by name',
    internal: 'platform event triggers and policies',
  }[system.basis];
  return `${system.label} (${basis}: ${what})`;
}

/** One finding per file that takes part in a shared identity, so code scanning annotates each of them. */
function sharedFindings(identity: Identity): RuleFinding[] {
  if (identity.systems.length < 2) return [];
  const byFile = new Map<string, IdentityUsage>();
  for (const u of identity.usages) if (!byFile.has(u.location.path)) byFile.set(u.location.path, u);
  const systems = identity.systems.map(describeSystem).join('; ');
  const users = identity.usernames.length > 1 ? ` (as ${identity.usernames.join(', ')})` : '';
  return [...byFile.values()].map((u) => ({
    messageId: 'shared',
    data: { user: identity.user, users, count: identity.systems.length, systems },
    fix: FIX,
    location: u.location,
    related: [...byFile.values()].filter((o) => o !== u).map((o) => o.location),
    subject: { type: u.type, name: u.name, element: u.element, detail: identity.user },
  }));
}

function genericFindings(identities: Identity[], reported: Set<string>): RuleFinding[] {
  return (
    identities
      .filter((i) => !reported.has(i.user))
      .flatMap((i) => i.usages)
      // An automation user named for automation (platform event triggers) says what it is.
      .filter((u) => !u.internal && isGenericUsername(u.username))
      .map((u) => ({
        severity: 'warning' as const,
        messageId: 'generic',
        data: { username: u.username, label: u.label },
        fix: `Use a username that names the system, such as <system>.integration@<your domain>, on its own API-only user. ${FIX}`,
        location: u.location,
        subject: { type: u.type, name: u.name, element: u.element, detail: `generic:${u.username.toLowerCase()}` },
      }))
  );
}

/** Named-credential usernames that are no account: `<not used>`, placeholders, merge fields. */
const NO_ACCOUNT =
  /^(<[^>]*>|\{![^}]*\}|\$\{[^}]*\}|n\/?a|none|null|not used|unused|tbd|todo|dummy|placeholder|test|x+|\*+|-+)$/i;

function locationOf(xml: XmlFile, tag: string): Location {
  const pos = xml.locateTag(tag, 0);
  return { path: xml.file.path, line: pos?.line, column: pos?.column };
}

/**
 * One legacy named-credential username reused by several named credentials. That username is an account in the
 * external system, not a Salesforce user, so it is compared only with other named credentials.
 */
function namedCredentialFindings(ctx: RuleContext): RuleFinding[] {
  const byUser = new Map<string, Array<{ xml: XmlFile; username: string }>>();
  for (const xml of ctx.project.xml('NamedCredential')) {
    const username = childText(xml.data, 'username')?.trim();
    if (username && !NO_ACCOUNT.test(username))
      byUser.set(username.toLowerCase(), [...(byUser.get(username.toLowerCase()) ?? []), { xml, username }]);
  }
  const out: RuleFinding[] = [];
  for (const list of byUser.values()) {
    if (list.length < 2) continue;
    for (const { xml, username } of list) {
      out.push({
        severity: 'warning',
        messageId: 'namedCredential',
        data: {
          name: xml.file.fullName,
          username,
          others: list
            .filter((o) => o.xml !== xml)
            .map((o) => o.xml.file.fullName)
            .join(', '),
        },
        fix: 'Give each external system or endpoint its own credential, preferably an External Credential with a per-system principal.',
        location: locationOf(xml, 'username'),
        related: list.filter((o) => o.xml !== xml).map((o) => locationOf(o.xml, 'username')),
        subject: {
          type: 'NamedCredential',
          name: xml.file.fullName,
          element: 'username',
          detail: username.toLowerCase(),
        },
      });
    }
  }
  return out;
}

export const sharedIntegrationUser: Rule = {
  meta: {
    id: 'shared-integration-user',
    defaultSeverity: 'error',
    summary:
      'One Salesforce user as the run-as or integration identity of more than one external system, generic integration identities, and external accounts reused by several named credentials.',
    why: 'When several systems share one user, the audit trail cannot tell them apart, one revoked token breaks them all, and the user ends up with the union of every system’s access.',
    howToFix:
      'One API-only integration user per external system, with its own narrow permission set and its own OAuth app; name it after the system.',
    docs: 'shared-integration-user',
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI9', kind: 'superset' },
      { taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'relevant' },
      { taxonomy: 'OWASP-NHI', id: 'NHI10', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' },
    ],
    messages: {
      shared:
        '{{user}}{{users}} is the identity of {{count}} external systems: {{systems}}. Nobody can tell which system changed a record, and revoking one system’s access breaks the others.',
      generic:
        '{{username}} ({{label}}) is a generic identity: its name does not say which system uses it, so it tends to end up shared and over-privileged.',
      namedCredential:
        'Named credential {{name}} logs in as {{username}}, like {{others}}: one external account shared by several callouts.',
    },
  },
  reads: [...IDENTITY_TYPES, SPEC_TYPE, USER_DEFINITION_TYPE, 'NamedCredential'],
  crossFile: [...IDENTITY_TYPES, SPEC_TYPE, USER_DEFINITION_TYPE, 'NamedCredential'],
  run(ctx) {
    const allowed = new Set(ctx.config.allow.usernames.map((u) => u.toLowerCase()));
    const identities = identityGraph(ctx.project, allowed);
    const shared = identities.flatMap(sharedFindings);
    const reported = new Set(identities.filter((i) => i.systems.length >= 2).map((i) => i.user));
    return [...shared, ...genericFindings(identities, reported), ...namedCredentialFindings(ctx)];
  },
};
