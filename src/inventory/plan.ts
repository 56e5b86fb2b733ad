import { manifestPath } from '../generate/rollout.js';
import { LICENSES } from '../shared/platformRules.js';
import { generatedNames } from '../spec/names.js';
import { SPEC_TYPE } from '../shared/pseudoTypes.js';
import { isExternalSystem, logsIn, SESSION_ID_AUTH, usesOAuthApp } from './build.js';
import type { Draft } from './drafts.js';
import type { Inventory, InventoryComponent, InventoryIdentity, InventorySystem } from './types.js';

/** Objects whose records identify customers or hold their cases and deals: a mistake there reaches people. */
const CUSTOMER_OBJECTS = new Set(['lead', 'contact', 'account', 'case', 'opportunity', 'individual', 'person account']);
/** Consent and contact-preference fields and objects: a wrong write is a compliance incident. */
const CONSENT = /consent|opt_?out|optedout|donotcall|do_not_call|donotmail|hasoptedout|gdpr|privacy|unsubscribe/i;

export type RankedSystem = {
  system: InventorySystem;
  draft?: Draft;
  /** Why it ranks where it does, worst first: "writes through its OAuth app", "Case and Contact records". */
  reasons: string[];
  score: number;
};

function objectsOf(components: InventoryComponent[], draft?: Draft): string[] {
  const fromTouches = components.flatMap((c) =>
    c.touches.filter((t) => t.endsWith(' (sent)')).map((t) => t.slice(0, t.indexOf(':'))),
  );
  return [...new Set([...(draft?.objects ?? []), ...fromTouches])];
}

/**
 * A system's risk, for the order systems leave a shared user, compared in this order: writes before reads (an app
 * pre-authorised for admin-equivalent permissions, then any app that logs in, then outbound messages whose session Id
 * lets the receiver write back), customer records and consent fields, an outside vendor or host, then the number of
 * components to repoint.
 */
export function rankSystem(system: InventorySystem, draft?: Draft, identity?: InventoryIdentity): RankedSystem {
  const reasons: string[] = [];
  const admin = [
    ...new Set(
      (identity?.access ?? [])
        .filter((a) => system.components.some((c) => a.by.endsWith(` ${c.name}`)))
        .flatMap((a) => a.adminPermissions),
    ),
  ];
  const loggingIn = system.components.some(logsIn);
  const sessionId = system.components.some((c) => c.auth === SESSION_ID_AUTH);
  let writes = 0;
  if (admin.length) {
    writes = 3;
    reasons.push(`its app is pre-authorised for admin-equivalent permissions (${admin.join(', ')})`);
  }
  if (loggingIn) {
    writes = Math.max(writes, 2);
    reasons.push('logs in through an OAuth app, so it can write');
  } else if (sessionId) {
    writes = Math.max(writes, 1);
    reasons.push('its outbound messages send the user’s session Id, so it can write back');
  } else reasons.push('receives outbound messages only (reads)');
  const customer = objectsOf(system.components, draft).filter((o) => CUSTOMER_OBJECTS.has(o.toLowerCase()));
  if (customer.length) reasons.push(`${customer.join(', ')} records`);
  const consent = system.components.flatMap((c) => c.touches).some((t) => CONSENT.test(t));
  if (consent) reasons.push('consent or contact-preference fields');
  const outside = system.basis === 'vendor' || system.basis === 'endpoint';
  if (outside)
    reasons.push(system.basis === 'vendor' ? `an outside vendor (${system.name})` : `an outside host (${system.name})`);
  reasons.push(`${system.components.length} component${system.components.length === 1 ? '' : 's'} to repoint`);
  const score =
    writes * 1000 +
    (Number(customer.length > 0) + Number(consent)) * 100 +
    Number(outside) * 10 +
    Math.min(system.components.length, 9);
  return { system, draft, reasons, score };
}

const code = (text: string): string => `\`${text}\``;

function repointLines(identity: InventoryIdentity, ranked: RankedSystem): string[] {
  const to = ranked.draft?.username ?? 'its own user';
  return ranked.system.components.map((c) => {
    const where = `${c.path}${c.line ? `:${c.line}` : ''}`;
    if (c.type === SPEC_TYPE)
      return `- [ ] ${code(where)}: the spec names ${identity.username}; set ${code('user.username')} to ${to}.`;
    if (c.type === 'UserDefinition')
      return `- [ ] ${code(where)}: this user definition creates ${identity.username}; stop using it for ${ranked.system.name} (the draft's user has its own).`;
    return `- [ ] ${code(where)} (${c.noun} ${c.name}): set ${code(c.element.split('.').pop() ?? c.element)} from ${identity.username} to ${to}.`;
  });
}

function historyQueries(objects: string[], oldUser: string, newUser: string): string[] {
  const list = objects.length ? objects : ['<Object>'];
  return list.flatMap((object) => [
    `sf data query --query "SELECT COUNT() FROM ${object} WHERE LastModifiedBy.Username = '${newUser}' AND LastModifiedDate >= $CUTOVER"`,
    `sf data query --query "SELECT COUNT() FROM ${object} WHERE LastModifiedBy.Username = '${oldUser}' AND LastModifiedDate >= $CUTOVER"`,
  ]);
}

function systemSteps(identity: InventoryIdentity, ranked: RankedSystem, n: number): string[] {
  const { system, draft } = ranked;
  const api = draft?.apiName;
  const spec = system.components.find((c) => c.type === SPEC_TYPE);
  const lines = [`### ${n}. ${system.name}`, '', `Risk: ${ranked.reasons.join('; ')}.`, ''];
  if (draft && api) {
    const names = generatedNames(api);
    const psl = LICENSES.integration.permissionSetLicense.name;
    lines.push(
      `New user: ${draft.username}, from the draft ${code(`drafts/${draft.file}`)}.`,
      '',
      `1. **Spec.** Fill in owners and support in the draft, check its access, move it to ${code(`integrations/${draft.file}`)} and generate:`,
      '',
      '   ```sh',
      `   sf integration generate --spec integrations/${draft.file}`,
      '   ```',
      '',
      `2. **Sandbox.** Deploy the access, create the user and give it the license and permission set (the generated ${code(`integrations/setup/${api}.md`)} has every step; ${code(`sf org create user --definition-file config/${api}-user-def.json`)} does the user on a scratch org):`,
      '',
      '   ```sh',
      '   export SF_TARGET_ORG=<sandbox alias>',
      `   sf project deploy start --manifest ${manifestPath(api, 1)}`,
      `   sf org create user --definition-file config/${api}-user-def.json   # scratch orgs; elsewhere see the setup checklist`,
      `   sf org assign permsetlicense --name ${psl} --on-behalf-of ${draft.username}`,
      `   sf org assign permset --name ${names.permissionSet} --on-behalf-of ${draft.username}`,
      ...(draft.flow === 'none' ? [] : [`   sf project deploy start --manifest ${manifestPath(api, 3)}`]),
      '   ```',
      '',
    );
  } else if (spec) {
    lines.push(`1. **Spec.** ${code(spec.path)} exists; give it a user of its own and generate it.`, '');
  }
  lines.push(
    `3. **Repoint** (in the sandbox first, then in production):`,
    '',
    ...repointLines(identity, ranked).map((l) => `   ${l}`),
    ...(system.components.some(usesOAuthApp)
      ? [`   - [ ] In ${system.name}'s own configuration: the new app's consumer key and the new username.`]
      : []),
    '',
    '4. **Test** the main create and update paths of the integration in the sandbox.',
    '',
    '5. **Confirm** that the records it creates and changes now show the new user, and no longer the old one:',
    '',
    '   ```sh',
    '   CUTOVER=$(date -u +%Y-%m-%dT00:00:00Z)   # the day you repointed; on a later day, write that date instead',
    ...historyQueries(objectsOf(system.components, draft), identity.username, draft?.username ?? '<new user>').map(
      (q) => `   ${q}`,
    ),
    '   ```',
    '',
    '6. **Cut over in production:** steps 2, 3 and 5 against production.',
    '',
    `7. **Shrink the old user:** take from ${identity.username} the access only ${system.name} needed (its objects and fields, its app's pre-authorisation), one step at a time, watching for failures.`,
    '',
  );
  return lines;
}

function stragglers(identity: InventoryIdentity): string[] {
  return [
    `### Then: watch ${identity.username} for stragglers, freeze it, deactivate it`,
    '',
    'Who still logs in as the old user, from which app and address, and which OAuth tokens it still uses:',
    '',
    '```sh',
    `OLD_ID=$(sf data query --query "SELECT Id FROM User WHERE Username = '${identity.username}'" --result-format csv | tail -n 1)`,
    `sf data query --query "SELECT Application, LoginType, SourceIp, COUNT(Id) FROM LoginHistory WHERE UserId = '$OLD_ID' AND LoginTime = LAST_N_DAYS:30 GROUP BY Application, LoginType, SourceIp"`,
    `sf data query --query "SELECT AppName, UseCount, LastUsedDate FROM OauthToken WHERE UserId = '$OLD_ID'"`,
    '```',
    '',
    `- **Freeze** ${identity.username} once every system above is cut over and 30 days of Login History show no login and no token use after the last cutover (a month-end included, for monthly jobs):`,
    `  ${code(`sf data update record --sobject UserLogin --where "UserId='$OLD_ID'" --values "IsFrozen=true"`)}. Freezing is undone in a second if a straggler appears.`,
    `- **Deactivate** it after another 30 days frozen without a failure reported: ${code(`sf data update record --sobject User --record-id "$OLD_ID" --values "IsActive=false"`)}.`,
    '',
  ];
}

/** The material integrations (external systems Salesforce users serve) against the free Integration licenses. */
function licenseSection(ranked: RankedSystem[], allotment: number): string[] {
  const n = ranked.length;
  const lines = [
    '## Salesforce Integration licenses',
    '',
    `${n} external system${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} a user of ${n === 1 ? 'its' : 'their'} own; the org's allotment is ${allotment} Salesforce Integration user license${allotment === 1 ? '' : 's'} (Enterprise, Unlimited and Performance editions include 5; set --license-allotment to what the org has).`,
    '',
  ];
  if (n <= allotment) {
    lines.push(`Every system fits: ${allotment - n} license${allotment - n === 1 ? '' : 's'} left.`, '');
    return lines;
  }
  const overflow = ranked.slice(allotment).map((r) => r.system.name);
  lines.push(
    `By risk: ${ranked.map((r, i) => `${i + 1}. ${r.system.name}`).join('; ')}.`,
    '',
    `${n - allotment} more than the allotment. The first ${allotment} take the included licenses; for the other ${n - allotment} (${overflow.join(', ')}), buy Salesforce Integration user licenses (sold in addition to the included ones), or give one a full Salesforce license with user.license: salesforce and a licenseReason. Keeping them on the shared user is not a fix: it is the last step of this plan, not an alternative to it.`,
    '',
  );
  return lines;
}

/**
 * migration-plan.md: the license count, then per shared identity its systems by risk, each with the staged steps for
 * this org (the spec, the sandbox, the files to repoint and the element, the test, the record-history check, the
 * cutover, shrinking the old user), and how to watch for stragglers before freezing and deactivating it.
 */
export function renderMigrationPlan(inventory: Inventory, drafts: Draft[], allotment: number): string {
  const draftByKey = new Map(drafts.map((d) => [d.key, d]));
  const users = inventory.identities.filter((i) => i.kind === 'salesforce-user');
  const allSystems = new Map<string, RankedSystem>();
  for (const identity of users)
    for (const system of identity.systems)
      if (isExternalSystem(system) && !allSystems.has(system.key))
        allSystems.set(system.key, rankSystem(system, draftByKey.get(system.key), identity));
  const byRisk = (a: RankedSystem, b: RankedSystem): number =>
    b.score - a.score || (a.system.name < b.system.name ? -1 : a.system.name > b.system.name ? 1 : 0);
  const lines = [
    '# Migration plan: one integration user per external system',
    '',
    '<!-- Written by `sf integration inventory` from the project source. Re-run it to refresh; a copy edited by hand is not overwritten without --force. -->',
    '',
    ...licenseSection([...allSystems.values()].sort(byRisk), allotment),
  ];
  const shared = users.filter((i) => i.shared);
  if (!shared.length) {
    lines.push(
      '## Shared identities',
      '',
      'None: every integration user found serves one system. Nothing to split.',
      '',
    );
  }
  for (const identity of shared) {
    const ranked = identity.systems
      .filter(isExternalSystem)
      .map((s) => rankSystem(s, draftByKey.get(s.key), identity))
      .sort(byRisk);
    lines.push(
      `## ${identity.username}: ${identity.systems.length} systems`,
      '',
      `Split it system by system, riskiest first, each in a sandbox before production: ${ranked.map((r) => r.system.name).join(', ')}.`,
      '',
    );
    ranked.forEach((r, i) => lines.push(...systemSteps(identity, r, i + 1)));
    const platform = identity.systems.filter((s) => !isExternalSystem(s)).flatMap((s) => s.components);
    if (platform.length)
      lines.push(
        `Platform features also run as ${identity.username} (${platform.map((c) => `${c.noun} ${c.name}`).join(', ')}): give them a user of their own before the old user is frozen.`,
        '',
      );
    lines.push(...stragglers(identity));
  }
  const accounts = inventory.identities.filter((i) => i.kind === 'external-account' && i.shared);
  if (accounts.length) {
    lines.push('## Shared external accounts', '');
    for (const account of accounts) {
      const credentials = account.systems.flatMap((s) => s.components.map((c) => `${c.name} (${c.path})`));
      lines.push(
        `- ${account.username} is the login of ${credentials.length} named credentials to ${account.systems.length} systems: ${credentials.join(', ')}. Give each system a credential of its own: an External Credential with a named principal per system, and an account per system in the external system.`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
