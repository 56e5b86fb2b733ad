import { csvCell } from '../shared/csv.js';
import { markdownTable as table } from '../shared/markdown.js';
import type { Inventory, InventoryComponent, InventoryIdentity, InventorySystem } from './types.js';

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}

/** "14 outbound messages, 1 connected app": what reaches a system. */
export function componentCounts(components: InventoryComponent[]): string {
  const counts = new Map<string, number>();
  for (const c of components) counts.set(c.noun, (counts.get(c.noun) ?? 0) + 1);
  return [...counts].map(([noun, n]) => plural(n, noun)).join(', ');
}

/** A Mermaid label in double quotes: quotes and the characters Mermaid reads as markup as entities. */
function mermaidLabel(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'))}"`;
}

/**
 * Every identity and the systems it serves, shared identities marked: the problem seen before it is read. A system
 * several identities serve is one node.
 */
export function mermaidGraph(inventory: Inventory): string[] {
  const lines = ['```mermaid', 'graph LR'];
  const systemIds = new Map<string, string>();
  inventory.identities.forEach((identity, i) => {
    const id = `u${i}`;
    const label = identity.kind === 'external-account' ? `${identity.username} (external account)` : identity.username;
    lines.push(`  ${id}[${mermaidLabel(label)}]${identity.shared ? ':::shared' : ''}`);
    for (const system of identity.systems) {
      let sid = systemIds.get(system.key);
      if (!sid) {
        sid = `s${systemIds.size}`;
        systemIds.set(system.key, sid);
        lines.push(`  ${sid}(${mermaidLabel(system.name)})`);
      }
      lines.push(`  ${id} -->|${mermaidLabel(componentCounts(system.components))}| ${sid}`);
    }
  });
  lines.push('  classDef shared fill:#fde2e1,stroke:#c0392b,stroke-width:2px,color:#000', '```');
  return lines;
}

/** Lists in a table cell beyond this many items are cut (inventory.csv keeps them whole). */
const MAX_LISTED = 12;

/** "Case: A, B, C, ... (sent)" with at most MAX_LISTED items, then how many more. */
function shortened(touch: string): string {
  const m = /^([^:]*: )(.*?)( \([^)]*\))?$/.exec(touch);
  if (!m) return touch;
  const items = m[2].split(', ');
  if (items.length <= MAX_LISTED) return touch;
  return `${m[1]}${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more${m[3] ?? ''}`;
}

function location(c: InventoryComponent): string {
  return c.line ? `${c.path}:${c.line}` : c.path;
}

function systemSection(system: InventorySystem): string[] {
  return [
    `#### ${system.name}`,
    '',
    `Told apart by ${system.evidence}; reached by ${componentCounts(system.components)}.`,
    '',
    ...table(
      ['Component', 'Type', 'File', 'Touches', 'Auth'],
      system.components.map((c) => [
        c.name,
        c.noun,
        location(c),
        c.touches.map(shortened).join('; '),
        [c.auth, c.endpoint ? `calls ${c.endpoint}` : undefined].filter(Boolean).join('; '),
      ]),
    ),
    '',
  ];
}

function identitySection(identity: InventoryIdentity): string[] {
  const what = identity.kind === 'external-account' ? 'External account' : 'User';
  const headline = identity.shared
    ? `${what} ${identity.username}: shared by ${identity.systems.length} systems`
    : `${what} ${identity.username}`;
  const out = [`### ${headline}`, ''];
  if (identity.usernames.length > 1 || identity.usernames[0] !== identity.username)
    out.push(`Written as ${identity.usernames.join(', ')}.`, '');
  if (identity.access.length) {
    out.push(
      ...table(
        ['Access', 'Name', 'Tied by', 'Admin-equivalent permissions'],
        identity.access.map((a) => [
          { profile: 'profile', permissionSetGroup: 'permission set group', permissionSet: 'permission set' }[a.kind],
          a.path ? `${a.name} (${a.path})` : `${a.name} (not in this project)`,
          a.by,
          a.kind === 'permissionSetGroup'
            ? 'those of its permission sets, below'
            : a.adminPermissions.join(', ') || (a.path ? 'none' : 'unknown'),
        ]),
      ),
      '',
    );
  } else if (identity.kind === 'salesforce-user') {
    out.push(
      'No profile or permission set is tied to this user in the source (a user definition or spec would say).',
      '',
    );
  }
  for (const system of identity.systems) out.push(...systemSection(system));
  return out;
}

/** inventory.md: the summary, the picture, then every identity with its systems, then the named credentials. */
export function renderInventoryMarkdown(inventory: Inventory, summary: string): string {
  const shared = inventory.identities.filter((i) => i.shared);
  const others = inventory.identities.filter((i) => !i.shared);
  const lines = [
    '# Integration inventory',
    '',
    '<!-- Written by `sf integration inventory` from the project source. Re-run it to refresh; a copy edited by hand is not overwritten without --force. -->',
    '',
    summary,
    '',
  ];
  if (inventory.identities.length) lines.push(...mermaidGraph(inventory), '');
  lines.push('## Shared identities', '');
  if (shared.length) for (const identity of shared) lines.push(...identitySection(identity));
  else lines.push('None: every identity found serves one system.', '');
  lines.push('## Other identities', '');
  if (others.length) for (const identity of others) lines.push(...identitySection(identity));
  else lines.push('None.', '');
  lines.push('## Named credentials', '');
  if (inventory.credentials.length)
    lines.push(
      ...table(
        ['Name', 'Endpoint', 'Auth', 'Account', 'Principals', 'File'],
        inventory.credentials.map((c) => [c.name, c.endpoint, c.auth, c.account, c.principals.join(', '), c.path]),
      ),
      '',
    );
  else lines.push('None.', '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

export const INVENTORY_CSV_HEADER = [
  'identity',
  'kind',
  'shared',
  'system',
  'evidence',
  'component_type',
  'component',
  'path',
  'line',
  'element',
  'touches',
  'auth',
  'endpoint',
];

/** inventory.csv: one row per component of each system of each identity, for a spreadsheet. */
export function renderInventoryCsv(inventory: Inventory): string {
  const rows = [INVENTORY_CSV_HEADER];
  for (const identity of inventory.identities)
    for (const system of identity.systems)
      for (const c of system.components)
        rows.push([
          identity.username,
          identity.kind,
          String(identity.shared),
          system.name,
          system.evidence,
          c.type,
          c.name,
          c.path,
          c.line ? String(c.line) : '',
          c.element,
          c.touches.join('; '),
          c.auth ?? '',
          c.endpoint ?? '',
        ]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
