import { findApexIdentityChecks, type ApexIdentityCheck } from '../analysis/apex.js';
import {
  findIdentityReferences,
  identityKind,
  suggestPermissionName,
  suggestReplacement,
  type IdentityKind,
  type IdentityReference,
} from '../analysis/formula.js';
import { lineIndex } from '../analysis/position.js';
import { isTestSource } from '../analysis/secrets.js';
import { IDENTITY_TYPES, identityUsages } from '../../identity/graph.js';
import { isGenericUsername, normalizeUsername, sandboxBase } from '../../identity/usernames.js';
import { integrationNameEvidence } from '../../identity/names.js';
import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../../shared/pseudoTypes.js';
import { escapeRegExp } from '../../shared/text.js';
import { generatedNames, specApiName } from '../../spec/names.js';
import { children, childText } from '../xml.js';
import type { Location, Rule, RuleContext, RuleFinding, Severity, XmlFile } from '../types.js';

const KIND_LABEL: Record<IdentityKind, string> = {
  username: 'username ($User.Username)',
  userId: 'user Id ($User.Id)',
  alias: 'alias ($User.Alias)',
  email: 'email ($User.Email)',
  userFullName: 'name ($User.Name)',
  userFirstName: 'first name ($User.FirstName)',
  userLastName: 'last name ($User.LastName)',
  communityNickname: 'nickname ($User.CommunityNickname)',
  federationId: 'federation Id ($User.FederationIdentifier)',
  profileName: 'profile name ($Profile.Name)',
  profileId: 'profile Id',
  roleName: 'role ($UserRole.Name or DeveloperName)',
  roleId: 'role Id',
  modifierUsername: 'username of the user saving the record (LastModifiedBy/CreatedBy.Username)',
  modifierId: 'Id of the user saving the record (LastModifiedById/CreatedById)',
  modifierAlias: 'alias of the user saving the record (LastModifiedBy/CreatedBy.Alias)',
  modifierEmail: 'email of the user saving the record',
  modifierName: 'name of the user saving the record',
  modifierProfile: 'profile of the user saving the record',
  customUserIdentity: 'custom identity field of the running user ($User.<field>__c)',
  hardcodedUserId: 'hard-coded user Id',
  hardcodedProfileId: 'hard-coded profile Id',
  hardcodedRoleId: 'hard-coded role Id',
};

type Group = 'user' | 'profile' | 'role' | 'id';

/** What sort of identity a kind names: one user, everyone on a profile, everyone in a role, or an Id of any of them. */
function groupOf(kind: IdentityKind): Group {
  if (kind === 'profileName' || kind === 'modifierProfile') return 'profile';
  if (kind === 'roleName') return 'role';
  if (
    kind === 'profileId' ||
    kind === 'roleId' ||
    kind === 'userId' ||
    kind === 'modifierId' ||
    kind.startsWith('hardcoded')
  )
    return 'id';
  return 'user';
}

const BREAKS: Record<Group, string> = {
  user: 'the user is renamed or replaced',
  profile: 'the profile is renamed or its users move to another one',
  role: 'the role is renamed or people change roles',
  id: 'the Id differs between sandbox and production',
};
const RISK: Record<Group, string> = {
  user: 'anyone who logs in as that user is exempted with it',
  profile: 'everyone given that profile later is exempted too',
  role: 'everyone put in that role later is exempted too',
  id: 'whoever holds that Id is exempted, with nothing saying why',
};

function severityOf(kind: IdentityKind): Severity {
  return kind === 'roleName' || kind === 'roleId' || kind === 'hardcodedRoleId' ? 'warning' : 'error';
}

/** Integration identities the project knows: run-as users of its apps and automation, spec users, and their bypass names. */
type Known = {
  integrationUsers: Set<string>;
  specPermissions: Map<string, { permission: string; permissionSet: string }>;
};

function knownIdentities(ctx: RuleContext): Known {
  const integrationUsers = new Set(
    identityUsages(ctx.project)
      .filter((u) => !u.internal)
      .map((u) => u.user),
  );
  const byUser = new Map<string, Array<{ permission: string; permissionSet: string }>>();
  for (const spec of ctx.project.specs()) {
    const user = spec.data.user as Record<string, unknown> | undefined;
    const apiName = specApiName(spec.data);
    if (typeof user?.username !== 'string' || !apiName || isGenericUsername(user.username)) continue;
    const key = normalizeUsername(user.username);
    integrationUsers.add(key);
    const names = generatedNames(apiName);
    byUser.set(key, [
      ...(byUser.get(key) ?? []),
      { permission: names.customPermission, permissionSet: names.permissionSet },
    ]);
  }
  // A username shared by several specs gets no spec-specific name.
  const specPermissions = new Map(
    [...byUser].filter(([, list]) => list.length === 1).map(([user, [names]]) => [user, names]),
  );
  return { integrationUsers, specPermissions };
}

/** Whether a literal names an integration rather than people: a known run-as or spec user, or a name that says so. */
function isIntegrationLiteral(literal: string, group: Group, known: Known): boolean {
  if (group === 'id') return false;
  const lower = normalizeUsername(literal);
  if (group === 'user') {
    // A sandbox copy of a known integration user is that user (the known users are already folded onto production).
    const base = sandboxBase(lower);
    if (
      known.integrationUsers.has(lower) ||
      (base !== undefined && known.integrationUsers.has(base)) ||
      (lower.includes('@') && isGenericUsername(lower))
    )
      return true;
  }
  return integrationNameEvidence([literal.split('@')[0]]) !== undefined;
}

type Audience = { who: string; grantTo: string; integration: boolean };

/** Who the comparison names, and where the custom permission should go. */
function audienceOf(literal: string | undefined, kind: IdentityKind, known: Known): Audience {
  const group = groupOf(kind);
  if (!literal)
    return {
      who: 'the users it names',
      grantTo: 'a permission set assigned to the users or integration it names',
      integration: false,
    };
  const label = /^(\$|system\.)?label\./i.test(literal) ? `the users named in ${literal}` : undefined;
  const integration = !label && isIntegrationLiteral(literal, group, known);
  const spec = known.specPermissions.get(normalizeUsername(literal));
  if (integration) {
    return {
      who: `the integration ${group === 'profile' ? 'profile' : group === 'role' ? 'role' : 'user'} '${literal}'`,
      grantTo: spec ? `the integration's permission set ${spec.permissionSet}` : "the integration's own permission set",
      integration: true,
    };
  }
  if (label) return { who: label, grantTo: 'a permission set (or group) assigned to those users', integration: false };
  if (group === 'profile')
    return {
      who: `users of the profile '${literal}'`,
      grantTo: `a permission set (or permission set group) assigned to the users of '${literal}'`,
      integration: false,
    };
  if (group === 'role')
    return {
      who: `users in the role '${literal}'`,
      grantTo: `a permission set (or permission set group) assigned to the users in '${literal}'`,
      integration: false,
    };
  if (group === 'id') {
    const what = /profile/i.test(kind)
      ? 'the profile'
      : /role/i.test(kind)
        ? 'the role'
        : /user|modifier/i.test(kind)
          ? 'the user'
          : 'the user, profile or role';
    return {
      who: `${what} with Id ${literal}`,
      grantTo: `a permission set assigned to ${what === 'the user' ? 'that user' : `the users of ${what.slice(4)}`}`,
      integration: false,
    };
  }
  return {
    who: `the user '${literal}'`,
    grantTo: `a permission set assigned to '${literal}' (and anyone else who needs the same treatment)`,
    integration: false,
  };
}

/** The custom permission to create: the spec's bypass for a known integration, else one named after what is compared. */
function permissionFor(literal: string | undefined, exempts: boolean, known: Known, automation = false): string {
  const spec = literal ? known.specPermissions.get(normalizeUsername(literal)) : undefined;
  if (spec && exempts) return spec.permission;
  // A custom label ($Label.Admin_Profile, System.Label.X) holds the name: name the permission after the label.
  const stem = literal?.replace(/^(\$|system\.)?label\./i, '');
  return suggestPermissionName(stem, exempts ? 'Bypass_Validation' : automation ? 'Automation' : 'Restricted');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The decoded text of the element whose start tag is at `tagOffset`, with a map from decoded offsets back to offsets
 * in the raw file (entities and CDATA make them differ), so positions point at the token in the file.
 */
function elementText(
  raw: string,
  tagOffset: number,
  tag: string,
): { text: string; rawOffset: (i: number) => number } | undefined {
  const start = raw.indexOf('>', tagOffset) + 1;
  const end = raw.indexOf(`</${tag}>`, start);
  if (start <= 0 || end < 0) return undefined;
  let text = '';
  const map: number[] = [];
  for (let i = start; i < end;) {
    if (raw.startsWith('<![CDATA[', i)) {
      const close = raw.indexOf(']]>', i);
      for (let j = i + 9; j < close; j++) {
        map.push(j);
        text += raw[j];
      }
      i = close + 3;
    } else if (raw[i] === '&') {
      const semi = raw.indexOf(';', i);
      const name = raw.slice(i + 1, semi);
      const decoded = name.startsWith('#x')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#')
          ? String.fromCodePoint(Number(name.slice(1)))
          : (ENTITIES[name] ?? raw.slice(i, semi + 1));
      map.push(i);
      text += decoded;
      i = semi + 1;
    } else {
      map.push(i);
      text += raw[i++];
    }
  }
  map.push(end);
  return { text, rawOffset: (i) => map[Math.min(i, map.length - 1)] };
}

type FormulaSite = {
  xml: XmlFile;
  tagOffset: number;
  tag: string;
  type: string;
  name: string;
  element: string;
  what: string;
  inactive?: boolean;
  /** Automation (workflow, flow) rather than a validation rule: including comparisons target, they do not block. */
  automation?: boolean;
  /** A screen-flow formula read only to show, hide or disable fields. */
  uiOnly?: boolean;
};

/**
 * A reference singles someone out when it is compared with a literal, used as the selector of CASE (CASE($Profile.Name,
 * 'System Administrator', ...)), or is a hard-coded Id. `$User.Id = OwnerId` compares with a record and is ordinary logic.
 */
function singlesOut(formula: string, ref: IdentityReference): boolean {
  if (ref.comparison !== undefined || ref.kind.startsWith('hardcoded')) return true;
  return /\bCASE\s*\(\s*(?:[A-Za-z]+\s*\(\s*)?$/i.test(formula.slice(Math.max(0, ref.offset - 40), ref.offset));
}

/** One finding per identity per formula: a 15- and an 18-character form of one Id are the same identity. */
function identityKey(ref: IdentityReference): string {
  const value = ref.comparison?.literal ?? ref.token;
  return /^[a-zA-Z0-9]{18}$/.test(value) || /^[a-zA-Z0-9]{15}$/.test(value)
    ? value.slice(0, 15)
    : `${groupOf(ref.kind)}:${value.toLowerCase()}`;
}

function formulaFindings(site: FormulaSite, known: Known): RuleFinding[] {
  const content = elementText(site.xml.text, site.tagOffset, site.tag);
  if (!content) return [];
  const analysis = findIdentityReferences(content.text);
  const existing = [...analysis.permissionChecks.map((p) => `$Permission.${p}`), ...analysis.settingChecks];
  const refs = analysis.references.filter((ref) => singlesOut(content.text, ref));
  // The running user's comparison wins over the same Id compared with a record field.
  refs.sort(
    (a, b) => Number(a.kind.startsWith('hardcoded')) - Number(b.kind.startsWith('hardcoded')) || a.offset - b.offset,
  );
  const seen = new Set<string>();
  const out: RuleFinding[] = [];
  for (const ref of refs) {
    const key = identityKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    const pos = site.xml.position(content.rawOffset(ref.offset));
    out.push(
      ref.kind.startsWith('hardcoded')
        ? hardcodedIdFinding(site, ref, pos)
        : identityFinding(site, ref, content.text, existing, known, pos),
    );
  }
  return out.sort(
    (a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
  );
}

function identityFinding(
  site: FormulaSite,
  ref: IdentityReference,
  formula: string,
  existing: string[],
  known: Known,
  pos: { line: number; column: number },
): RuleFinding {
  const literal = ref.comparison?.literal;
  // Without a comparison (a CASE selector) the formula branches on the identity: treat it as singling out, not exempting.
  const exempts = ref.exempts === true;
  const audience = audienceOf(literal, ref.kind, known);
  const reuse = exempts && existing.length ? existing[0] : undefined;
  const permission = reuse?.startsWith('$Permission.')
    ? reuse.slice('$Permission.'.length)
    : permissionFor(literal, exempts, known, site.automation);
  const replacement = suggestReplacement(formula, ref, permission);
  const comparison = ref.comparison ? formula.slice(ref.comparison.start, ref.comparison.end) : ref.token;
  const group = groupOf(ref.kind);
  let fix: string;
  if (reuse) {
    fix = `The formula already has a bypass (${reuse}): give it to ${audience.grantTo.replace(/^a permission set/, 'the users of a permission set')} instead of naming them, and remove \`${comparison}\` from the formula.`;
  } else if (exempts) {
    fix = replacement
      ? `Create the custom permission ${permission}, assign it through ${audience.grantTo}, and replace the formula with: ${replacement}`
      : `Create the custom permission ${permission}, assign it through ${audience.grantTo}, and test NOT($Permission.${permission}) instead of the ${KIND_LABEL[ref.kind]}.`;
  } else {
    const does = site.automation ? 'the automation applies to' : 'the rule applies to';
    fix = replacement
      ? `Say who ${does} with a custom permission instead: create ${permission}, assign it through ${audience.grantTo}, and replace the formula with: ${replacement}`
      : `Say who ${does} with a custom permission instead: create ${permission}, assign it through ${audience.grantTo}, and test $Permission.${permission} instead of the ${KIND_LABEL[ref.kind]}.`;
  }
  const severity: Severity = site.inactive === true || site.uiOnly === true ? 'note' : severityOf(ref.kind);
  return {
    severity,
    messageId: site.uiOnly ? 'uiOnly' : exempts ? 'exemption' : 'singlesOut',
    data: {
      what: site.what,
      who: audience.who,
      kind: KIND_LABEL[ref.kind],
      inactive: site.inactive ? ' (the rule is inactive)' : '',
      breaks: BREAKS[group],
      risk: RISK[group],
    },
    fix,
    location: { path: site.xml.file.path, line: pos.line, column: pos.column },
    subject: {
      type: site.type,
      name: site.name,
      element: site.element,
      detail: `${ref.kind}:${(literal ?? ref.token).toLowerCase()}`,
    },
  };
}

/**
 * A hard-coded user, profile or role Id compared with a record field (`OwnerId = '005...'`): another user's identity,
 * not the running user's. It is fragile (Ids differ between sandbox and production), not an exemption: a note.
 */
function hardcodedIdFinding(
  site: FormulaSite,
  ref: IdentityReference,
  pos: { line: number; column: number },
): RuleFinding {
  return {
    severity: 'note',
    messageId: 'hardcodedId',
    data: {
      what: site.what,
      kind: KIND_LABEL[ref.kind],
      id: ref.token,
      inactive: site.inactive ? ' (the rule is inactive)' : '',
    },
    fix: 'Keep the Id out of the formula: to route or restrict by owner, compare with a value held in custom metadata ($CustomMetadata...) or a custom setting ($Setup...); to exempt a user or integration, test a custom permission ($Permission.<name>).',
    location: { path: site.xml.file.path, line: pos.line, column: pos.column },
    subject: {
      type: site.type,
      name: site.name,
      element: site.element,
      detail: `${ref.kind}:${ref.token.toLowerCase()}`,
    },
  };
}

function validationRuleSites(ctx: RuleContext): FormulaSite[] {
  const sites: FormulaSite[] = [];
  for (const xml of ctx.xml('ValidationRule')) {
    const pos = xml.locateTag('errorConditionFormula');
    if (!pos) continue;
    sites.push({
      xml,
      tagOffset: pos.offset,
      tag: 'errorConditionFormula',
      type: 'ValidationRule',
      name: xml.file.fullName,
      element: 'errorConditionFormula',
      what: `Validation rule ${xml.file.fullName}`,
      inactive: childText(xml.data, 'active') === 'false',
    });
  }
  // Metadata format: validation rules embedded in objects/<Object>.object; scan only those blocks.
  for (const xml of ctx.xml('CustomObject').filter((x) => x.file.format === 'metadata')) {
    for (const { node, offset } of xml.blocks('validationRules')) {
      const pos = xml.locateTag('errorConditionFormula', 0, offset);
      const ruleName = `${xml.file.fullName}.${childText(node, 'fullName') ?? '?'}`;
      if (pos)
        sites.push({
          xml,
          tagOffset: pos.offset,
          tag: 'errorConditionFormula',
          type: 'ValidationRule',
          name: ruleName,
          element: 'errorConditionFormula',
          what: `Validation rule ${ruleName}`,
          inactive: childText(node, 'active') === 'false',
        });
    }
  }
  return sites;
}

function workflowSites(ctx: RuleContext): FormulaSite[] {
  const sites: FormulaSite[] = [];
  for (const xml of [...ctx.xml('Workflow'), ...ctx.xml('WorkflowRule')]) {
    const rules = xml.root === 'WorkflowRule' ? [{ node: xml.data, offset: 0 }] : xml.blocks('rules');
    for (const { node, offset } of rules) {
      const pos = xml.locateTag('formula', 0, offset);
      const ruleName =
        xml.root === 'WorkflowRule' ? xml.file.fullName : `${xml.file.fullName}.${childText(node, 'fullName') ?? '?'}`;
      if (pos && childText(node, 'formula') !== undefined) {
        sites.push({
          xml,
          tagOffset: pos.offset,
          tag: 'formula',
          type: 'WorkflowRule',
          name: ruleName,
          element: 'formula',
          what: `Workflow rule ${ruleName}`,
          inactive: childText(node, 'active') === 'false',
          automation: true,
        });
      }
    }
  }
  return sites;
}

/** Where each block of a tag lies in the text, as [start, end) offsets. */
function ranges(xml: XmlFile, tag: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = xml.text.indexOf(`<${tag}>`); at >= 0; at = xml.text.indexOf(`<${tag}>`, at + 1))
    out.push([at, xml.text.indexOf(`</${tag}>`, at) + tag.length + 3]);
  return out;
}

/**
 * Formulas of a screen flow read only to show, hide or disable fields (visibility rules, isDisabled, isReadOnly):
 * a display choice for the people on the screen, not an exemption from a rule.
 */
function uiOnlyFormulas(xml: XmlFile): Set<string> {
  const out = new Set<string>();
  const ui = [...ranges(xml, 'visibilityRule'), ...ranges(xml, 'isDisabled'), ...ranges(xml, 'isReadOnly')];
  if (!ui.length) return out;
  for (const { node } of xml.blocks('formulas')) {
    const name = childText(node, 'name');
    if (!name) continue;
    const escaped = escapeRegExp(name);
    const uses = [
      ...xml.text.matchAll(new RegExp(`<(?:elementReference|leftValueReference)>${escaped}</|\\{!${escaped}\\}`, 'g')),
    ].map((m) => m.index);
    if (uses.length && uses.every((at) => ui.some(([s, e]) => at >= s && at < e))) out.add(name);
  }
  return out;
}

function flowSites(ctx: RuleContext): FormulaSite[] {
  const sites: FormulaSite[] = [];
  for (const xml of ctx.xml('Flow').filter(mentionsIdentity)) {
    const uiOnly = uiOnlyFormulas(xml);
    const formulaRanges = xml.blocks('formulas').map(({ node, offset }) => ({
      name: childText(node, 'name') ?? '',
      start: offset,
      end: xml.text.indexOf('</formulas>', offset),
    }));
    for (const tag of ['expression', 'filterFormula', 'formulaExpression']) {
      for (let pos = xml.locateTag(tag); pos; pos = xml.locateTag(tag, 0, pos.offset + 1)) {
        const at = pos.offset;
        const formula = formulaRanges.find((r) => at >= r.start && at < r.end);
        sites.push({
          xml,
          tagOffset: at,
          tag,
          type: 'Flow',
          name: xml.file.fullName,
          element: tag,
          what: `Flow ${xml.file.fullName} (${tag})`,
          automation: true,
          uiOnly: formula ? uiOnly.has(formula.name) : false,
        });
      }
    }
  }
  return sites;
}

/** Whether a file can hold an identity reference at all: a $User/$Profile/$UserRole global, a record's modifier, or a quoted user/profile/role Id. */
const IDENTITY_MENTION =
  /\$(?:user|profile|userrole)\b|lastmodifiedby|createdby|['"]00[5e][A-Za-z0-9]{12}|>00[5eE][A-Za-z0-9]{12}/i;

function mentionsIdentity(xml: XmlFile): boolean {
  return IDENTITY_MENTION.test(xml.text);
}

/** Workflow criteria and lookup filters compare lookups by name (`User.ProfileId equals System Administrator`): not an Id then. */
const NAMED_BY_KIND: Partial<Record<IdentityKind, IdentityKind>> = {
  profileId: 'profileName',
  roleId: 'roleName',
  userId: 'userFullName',
  modifierId: 'modifierName',
};

function conditionFinding(
  xml: XmlFile,
  where: string,
  asWritten: IdentityKind,
  operator: string,
  literal: string,
  at: { line: number; column: number },
  known: Known,
  element: string,
  inactive = false,
): RuleFinding {
  const kind = !/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(literal.trim())
    ? (NAMED_BY_KIND[asWritten] ?? asWritten)
    : asWritten;
  const exempts = /^(NotEqualTo|notEqual)$/.test(operator);
  const audience = audienceOf(literal, kind, known);
  const permission = permissionFor(literal, exempts, known, true);
  return {
    severity: inactive ? 'note' : severityOf(kind),
    messageId: exempts ? 'conditionExemption' : 'conditionSinglesOut',
    data: { where, kind: KIND_LABEL[kind], operator, literal, who: audience.who, breaks: BREAKS[groupOf(kind)] },
    fix: `Create the custom permission ${permission}, assign it through ${audience.grantTo}, and test the permission instead: {!$Permission.${permission}} EqualTo ${exempts ? 'false' : 'true'} in a flow, ${exempts ? `NOT($Permission.${permission})` : `$Permission.${permission}`} in a rule formula.`,
    location: { path: xml.file.path, line: at.line, column: at.column },
    subject: {
      type: xml.file.type === 'Flow' ? 'Flow' : 'WorkflowRule',
      name: where,
      element,
      detail: `${kind}:${literal.toLowerCase()}`,
    },
  };
}

/** Flow conditions (decisions, waits, start conditions) and record filters that compare an identity with a literal. */
function flowConditionFindings(xml: XmlFile, known: Known): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const [tag, leftTag] of [
    ['conditions', 'leftValueReference'],
    ['filters', 'field'],
  ] as const) {
    for (const { node, offset } of xml.blocks(tag)) {
      const left = (childText(node, leftTag) ?? '').trim();
      const [right] = children(node, tag === 'conditions' ? 'rightValue' : 'value');
      const literal = childText(right, 'stringValue');
      if (literal === undefined) continue;
      const kind = identityKind(left.toLowerCase(), true);
      const pos = xml.locateTag(leftTag, 0, offset) ?? xml.position(offset);
      const operator = childText(node, 'operator') ?? 'EqualTo';
      if (kind)
        out.push({
          ...conditionFinding(xml, `Flow ${xml.file.fullName}`, kind, operator, literal, pos, known, tag),
          subject: { type: 'Flow', name: xml.file.fullName, element: tag, detail: `${kind}:${literal.toLowerCase()}` },
        });
      else if (/^00[5eE][A-Za-z0-9]{12}(?:[A-Z0-5]{3})?$/.test(literal.trim())) {
        // A record field (OwnerId) against a literal user Id: someone else's identity, kept as a note.
        out.push({
          severity: 'note',
          messageId: 'hardcodedId',
          data: {
            what: `Flow ${xml.file.fullName} (${tag} on ${left})`,
            kind: 'hard-coded Id',
            id: literal.trim(),
            inactive: '',
          },
          fix: 'Keep the Id out of the flow: hold it in custom metadata or a custom setting, or route by a queue or a custom permission.',
          location: { path: xml.file.path, line: pos.line, column: pos.column },
          subject: {
            type: 'Flow',
            name: xml.file.fullName,
            element: tag,
            detail: `hardcoded:${literal.trim().slice(0, 15)}`,
          },
        });
      }
    }
  }
  return out;
}

/** Workflow criteria fields on the user who made the change (in a workflow on User itself they are the record). */
const WORKFLOW_USER_FIELD: Record<string, IdentityKind> = {
  'user.username': 'username',
  'user.id': 'userId',
  'user.alias': 'alias',
  'user.email': 'email',
  'user.name': 'userFullName',
  'user.firstname': 'userFirstName',
  'user.lastname': 'userLastName',
  'user.profileid': 'profileId',
  'user.userroleid': 'roleId',
  'profile.name': 'profileName',
  'userrole.name': 'roleName',
};

function workflowCriteriaFindings(xml: XmlFile, known: Known): RuleFinding[] {
  if (xml.file.fullName.split('.')[0].toLowerCase() === 'user') return [];
  const rules = xml.root === 'WorkflowRule' ? [{ node: xml.data, offset: 0 }] : xml.blocks('rules');
  return rules.flatMap(({ node, offset }) => {
    const ruleName =
      xml.root === 'WorkflowRule' ? xml.file.fullName : `${xml.file.fullName}.${childText(node, 'fullName') ?? '?'}`;
    return children(node, 'criteriaItems').flatMap((item, idx) => {
      const field = (childText(item, 'field') ?? '').replace(/^\$/, '');
      const kind = WORKFLOW_USER_FIELD[field.toLowerCase()];
      const value = childText(item, 'value') ?? '';
      if (!kind || !value) return [];
      const itemPos = xml.locateTag('criteriaItems', idx, offset);
      const pos = xml.locateTag('field', 0, itemPos?.offset ?? offset) ?? xml.position(offset);
      const finding = conditionFinding(
        xml,
        `Workflow rule ${ruleName}`,
        kind,
        childText(item, 'operation') ?? 'equals',
        value,
        pos,
        known,
        'criteriaItems',
        childText(node, 'active') === 'false',
      );
      return [
        {
          ...finding,
          subject: {
            type: 'WorkflowRule',
            name: ruleName,
            element: 'criteriaItems',
            detail: `${kind}:${value.toLowerCase()}`,
          },
        },
      ];
    });
  });
}

/** Lookup filters whose items let one user, profile or role through (`$User.Username equals x`). */
function lookupFilterFindings(xml: XmlFile, known: Known): RuleFinding[] {
  if (!/\$(user|profile|userrole)\./i.test(xml.text)) return [];
  const fields =
    xml.root === 'CustomField'
      ? [{ node: xml.data, offset: 0, name: xml.file.fullName }]
      : xml
          .blocks('fields')
          .map((b) => ({ ...b, name: `${xml.file.fullName}.${childText(b.node, 'fullName') ?? '?'}` }));
  const out: RuleFinding[] = [];
  for (const { node, offset, name } of fields) {
    for (const filter of children(node, 'lookupFilter')) {
      if (childText(filter, 'active') === 'false') continue;
      children(filter, 'filterItems').forEach((item, idx) => {
        const kind = identityKind((childText(item, 'field') ?? '').toLowerCase());
        const value = childText(item, 'value');
        if (!kind || !value) return;
        const itemPos = xml.locateTag('filterItems', idx, offset);
        const pos = xml.locateTag('field', 0, itemPos?.offset ?? offset) ?? xml.position(offset);
        const finding = conditionFinding(
          xml,
          `The lookup filter of field ${name}`,
          kind,
          childText(item, 'operation') ?? 'equals',
          value,
          pos,
          known,
          'lookupFilter',
        );
        out.push({
          ...finding,
          subject: { type: 'CustomField', name, element: 'lookupFilter', detail: `${kind}:${value.toLowerCase()}` },
        });
      });
    }
  }
  return out;
}

const APEX_LABEL: Record<ApexIdentityCheck['method'], string> = {
  getUserName: 'username',
  getUserId: 'user Id',
  getProfileId: 'profile Id',
  getUserEmail: 'email',
  getName: 'name',
  getFirstName: 'first name',
  getLastName: 'last name',
  getUserRoleId: 'role Id',
};

/** The formula-side identity kind an Apex check amounts to, for who it names. */
function apexKind(c: ApexIdentityCheck): IdentityKind {
  const field = c.queriedField ?? c.namedBy ?? '';
  if (/profile name|custom setting/.test(field) || (!field && c.method === 'getProfileId'))
    return field ? 'profileName' : 'profileId';
  if (field.includes('role') || c.method === 'getUserRoleId') return field ? 'roleName' : 'roleId';
  if (!field && c.method === 'getUserId') return 'userId';
  return 'username';
}

function apexFindings(
  file: { path: string; type: string; fullName: string },
  source: string,
  known: Known,
): RuleFinding[] {
  // Every finding needs a UserInfo.<method>() call: most classes have none, and tokenizing them is the rule's main cost.
  if (!/userinfo/i.test(source)) return [];
  const checks = findApexIdentityChecks(source);
  if (!checks.length) return [];
  const at = lineIndex(source);
  const type = file.type === 'ApexTrigger' ? 'Trigger' : 'Class';
  // A test class compares the users its own tests create: nothing in production is exempted by it.
  const inTestClass = isTestSource(file.fullName, source) && /@\s*istest\b|\btestmethod\b/i.test(source);
  return checks.map((c) => {
    const negated = c.operator === '!=' || c.excludes === true;
    const kind = apexKind(c);
    const audience = audienceOf(c.literal.split(', ').length > 1 ? undefined : c.literal, kind, known);
    const permission = permissionFor(c.literal, true, known);
    const pos = at(c.offset);
    const location: Location = { path: file.path, line: pos.line, column: pos.column };
    const what = c.namedBy
      ? `Id (UserInfo.${c.method}()) with the Id looked up by ${c.namedBy}`
      : c.queriedField
        ? `${c.queriedField} (their own record, queried by Id = :UserInfo.${c.method}())`
        : `${APEX_LABEL[c.method]} (UserInfo.${c.method}())`;
    const testOnly = c.testOnly === true || inTestClass;
    return {
      severity: testOnly ? 'note' : c.method === 'getUserRoleId' || kind === 'roleName' ? 'warning' : 'error',
      messageId: inTestClass ? 'apexInTest' : c.testOnly ? 'apexTestHook' : 'apex',
      data: { type, name: file.fullName, what, literal: c.literal },
      fix: `Create the custom permission ${permission}, assign it through ${audience.grantTo}, and replace \`${source.slice(c.offset, c.offset + c.length).replace(/\s+/g, ' ')}\` with \`${negated ? '!' : ''}FeatureManagement.checkPermission('${permission}')\`.`,
      location,
      subject: {
        type: file.type,
        name: file.fullName,
        element: `UserInfo.${c.method}${c.queriedField ? `:${c.queriedField}` : c.namedBy ? `:named ${c.namedBy}` : ''}`,
        detail: c.literal.toLowerCase(),
      },
    };
  });
}

export const usernameException: Rule = {
  meta: {
    id: 'username-exception',
    defaultSeverity: 'error',
    summary:
      'Validation rules, flows, workflow rules, lookup filters and Apex that exempt or target people by username, user Id, alias, email, name, profile, role, the user saving the record, or hard-coded Ids.',
    why: 'Identity exceptions break silently when a user is renamed, a profile changes or an Id differs between sandbox and production; they exempt whoever logs in as that user; and they hide which integration needs the bypass.',
    howToFix:
      'Create a custom permission for the bypass, assign it through the permission set of those it is for (the integration’s own for an integration), and test $Permission.<name> (FeatureManagement.checkPermission in Apex) instead of the identity.',
    docs: 'username-exception',
    messages: {
      exemption:
        '{{what}} exempts {{who}} by {{kind}}{{inactive}}: the exemption breaks when {{breaks}}, and {{risk}}.',
      singlesOut:
        '{{what}} singles out {{who}} by {{kind}}{{inactive}} to decide whom it applies to: it breaks when {{breaks}}.',
      uiOnly:
        '{{what}} shows, hides or disables screen fields for {{who}} by {{kind}}: a display choice rather than an exemption, and it breaks when {{breaks}}.',
      hardcodedId:
        '{{what}} compares a record field with the {{kind}} {{id}}{{inactive}}: the Id differs between sandbox and production and the logic breaks when that user, profile or role changes.',
      conditionExemption:
        "{{where}} skips {{who}} with a condition on the {{kind}} {{operator}} '{{literal}}': it breaks when {{breaks}}.",
      conditionSinglesOut:
        "{{where}} singles out {{who}} with a condition on the {{kind}} {{operator}} '{{literal}}': it breaks when {{breaks}}.",
      apex: "{{type}} {{name}} compares the running user's {{what}} with '{{literal}}'.",
      apexInTest: "{{type}} {{name}} (test code) compares the running user's {{what}} with '{{literal}}'.",
      apexTestHook:
        "{{type}} {{name}} compares the running user's {{what}} with '{{literal}}' next to Test.isRunningTest(): a hook for tests, though production code still carries it.",
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'relevant' },
      { taxonomy: 'OWASP-NHI', id: 'NHI10', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' },
    ],
  },
  reads: [
    'ValidationRule',
    'CustomObject',
    'CustomField',
    'Flow',
    'Workflow',
    'WorkflowRule',
    'ApexClass',
    'ApexTrigger',
    ...IDENTITY_TYPES,
    SPEC_TYPE,
    USER_DEFINITION_TYPE,
  ],
  crossFile: [...IDENTITY_TYPES, SPEC_TYPE, USER_DEFINITION_TYPE],
  // Only flows that mention an identity are read (flowSites, flowConditionFindings): the others are not parsed.
  textFilter: { CustomField: /\$(user|profile|userrole)\./i, Flow: IDENTITY_MENTION },
  run(ctx) {
    const known = knownIdentities(ctx);
    const out: RuleFinding[] = [];
    for (const site of [...validationRuleSites(ctx), ...workflowSites(ctx), ...flowSites(ctx)])
      out.push(...formulaFindings(site, known));
    for (const xml of ctx.xml('Flow').filter(mentionsIdentity)) out.push(...flowConditionFindings(xml, known));
    for (const xml of [...ctx.xml('Workflow'), ...ctx.xml('WorkflowRule')])
      out.push(...workflowCriteriaFindings(xml, known));
    for (const xml of [
      ...ctx.xml('CustomField'),
      ...ctx.xml('CustomObject').filter((x) => x.file.format === 'metadata'),
    ])
      out.push(...lookupFilterFindings(xml, known));
    for (const type of ['ApexClass', 'ApexTrigger'])
      for (const f of ctx.text(type)) out.push(...apexFindings(f.file, f.text, known));
    return out;
  },
};
