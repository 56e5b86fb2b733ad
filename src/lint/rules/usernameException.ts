import { findApexIdentityChecks, type ApexIdentityCheck } from '../analysis/apex.js';
import { findIdentityReferences, suggestPermissionName, suggestReplacement, type IdentityReference } from '../analysis/formula.js';
import { lineIndex } from '../analysis/position.js';
import { SPEC_TYPE } from '../discovery.js';
import { isGenericUsername } from '../../identity/usernames.js';
import { generatedNames, specApiName } from '../../spec/names.js';
import { children, childText } from '../xml.js';
import type { Location, Rule, RuleContext, RuleFinding, Severity, XmlFile } from '../types.js';

const KIND_LABEL: Record<IdentityReference['kind'], string> = {
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
  hardcodedUserId: 'hard-coded user Id',
  hardcodedProfileId: 'hard-coded profile Id',
  hardcodedRoleId: 'hard-coded role Id',
};

/** Flow global variables that identify the running user, and what they are. */
const FLOW_IDENTITY_GLOBALS: Record<string, IdentityReference['kind']> = {
  '$user.username': 'username',
  '$user.id': 'userId',
  '$user.alias': 'alias',
  '$user.email': 'email',
  '$user.firstname': 'userFirstName',
  '$user.lastname': 'userLastName',
  '$user.profileid': 'profileId',
  '$user.userroleid': 'roleId',
  '$profile.name': 'profileName',
  '$profile.id': 'profileId',
  '$userrole.name': 'roleName',
  '$userrole.developername': 'roleName',
  '$userrole.id': 'roleId',
};

function severityOf(kind: IdentityReference['kind']): Severity {
  return kind === 'roleName' || kind === 'roleId' || kind === 'hardcodedRoleId' ? 'warning' : 'error';
}

/**
 * Usernames of integration specs, to name the bypass permission `generate` already writes for that system. Only a
 * username that names one system counts: a generic or shared one (integration@) gets a neutral name.
 */
function specPermissions(ctx: RuleContext): Map<string, string> {
  const byUser = new Map<string, string[]>();
  for (const spec of ctx.specs()) {
    const user = spec.data.user as Record<string, unknown> | undefined;
    const apiName = specApiName(spec.data);
    if (typeof user?.username !== 'string' || !apiName || isGenericUsername(user.username)) continue;
    const key = user.username.toLowerCase();
    byUser.set(key, [...(byUser.get(key) ?? []), generatedNames(apiName).customPermission]);
  }
  return new Map([...byUser].filter(([, names]) => names.length === 1).map(([user, [name]]) => [user, name]));
}

function permissionFor(literal: string | undefined, known: Map<string, string>): string {
  const fromSpec = literal ? known.get(literal.toLowerCase()) : undefined;
  // A custom label ($Label.Admin_Profile, System.Label.X) holds the name: name the permission after the label.
  return fromSpec ?? suggestPermissionName(literal?.replace(/^(\$|system\.)?label\./i, ''));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The decoded text of the element whose start tag is at `tagOffset`, with a map from decoded offsets back to offsets
 * in the raw file (entities and CDATA make them differ), so positions point at the token in the file.
 */
function elementText(raw: string, tagOffset: number, tag: string): { text: string; rawOffset: (i: number) => number } | undefined {
  const start = raw.indexOf('>', tagOffset) + 1;
  const end = raw.indexOf(`</${tag}>`, start);
  if (start <= 0 || end < 0) return undefined;
  let text = '';
  const map: number[] = [];
  for (let i = start; i < end; ) {
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
      const decoded = name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name] ?? raw.slice(i, semi + 1);
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

type FormulaSite = { xml: XmlFile; tagOffset: number; tag: string; type: string; name: string; element: string; what: string; inactive?: boolean };

/**
 * A reference singles someone out when it is compared with a literal, used as the selector of CASE (CASE($Profile.Name,
 * 'System Administrator', ...)), or is a hard-coded Id. `$User.Id = OwnerId` compares with a record and is ordinary logic.
 */
function singlesOut(formula: string, ref: IdentityReference): boolean {
  if (ref.comparison !== undefined || ref.kind.startsWith('hardcoded')) return true;
  return /\bCASE\s*\(\s*(?:[A-Za-z]+\s*\(\s*)?$/i.test(formula.slice(Math.max(0, ref.offset - 40), ref.offset));
}

function formulaFindings(site: FormulaSite, known: Map<string, string>): RuleFinding[] {
  const content = elementText(site.xml.text, site.tagOffset, site.tag);
  if (!content) return [];
  const { references } = findIdentityReferences(content.text);
  return references.filter((ref) => singlesOut(content.text, ref)).map((ref) => {
    if (ref.kind.startsWith('hardcoded')) return hardcodedIdFinding(site, ref, site.xml.position(content.rawOffset(ref.offset)));
    const literal = ref.comparison?.literal;
    const permission = permissionFor(literal, known);
    const replacement = suggestReplacement(content.text, ref, permission);
    const pos = site.xml.position(content.rawOffset(ref.offset));
    const who = literal ? ` '${literal}'` : ref.kind.startsWith('hardcoded') ? ` ${ref.token}` : '';
    return {
      severity: site.inactive ? 'note' : severityOf(ref.kind),
      message: `${site.what} singles out a user by ${KIND_LABEL[ref.kind]}${who}${site.inactive ? ' (the rule is inactive)' : ''}: the exception breaks when the user, profile or Id changes, and anyone who knows it can be exempted.`,
      fix: replacement
        ? `Create the custom permission ${permission}, enable it in the integration's permission set, and replace the formula with: ${replacement}`
        : `Create the custom permission ${permission}, enable it in the permission set of the users or integration to exempt, and test $Permission.${permission} instead of the ${KIND_LABEL[ref.kind]}.`,
      location: { path: site.xml.file.path, line: pos.line, column: pos.column },
      subject: { type: site.type, name: site.name, element: site.element, detail: `${ref.kind}:${(literal ?? ref.token).toLowerCase()}` },
    };
  });
}

/**
 * A hard-coded user, profile or role Id is compared with a record field (`OwnerId = '005...'`), not the running user:
 * it is fragile (Ids differ between sandbox and production) rather than an exemption, and the fix is different.
 */
function hardcodedIdFinding(site: FormulaSite, ref: IdentityReference, pos: { line: number; column: number }): RuleFinding {
  return {
    severity: site.inactive ? 'note' : 'warning',
    message: `${site.what} compares with the ${KIND_LABEL[ref.kind]} ${ref.token}${site.inactive ? ' (the rule is inactive)' : ''}: the Id differs between sandbox and production and the rule breaks when that user, profile or role changes.`,
    fix: 'Keep the Id out of the formula: to exempt a user or integration, test a custom permission ($Permission.<name>); to route or restrict by owner, compare with a value held in custom metadata ($CustomMetadata...) or a custom setting ($Setup...).',
    location: { path: site.xml.file.path, line: pos.line, column: pos.column },
    subject: { type: site.type, name: site.name, element: site.element, detail: `${ref.kind}:${ref.token.toLowerCase()}` },
  };
}

function validationRuleSites(ctx: RuleContext): FormulaSite[] {
  const sites: FormulaSite[] = [];
  for (const xml of ctx.xml('ValidationRule')) {
    const pos = xml.locateTag('errorConditionFormula');
    if (!pos) continue;
    sites.push({ xml, tagOffset: pos.offset, tag: 'errorConditionFormula', type: 'ValidationRule', name: xml.file.fullName, element: 'errorConditionFormula', what: `Validation rule ${xml.file.fullName}`, inactive: childText(xml.data, 'active') === 'false' });
  }
  // Metadata format: validation rules embedded in objects/<Object>.object; scan only those blocks.
  for (const xml of ctx.xml('CustomObject').filter((x) => x.file.format === 'metadata')) {
    for (const { node, offset } of xml.blocks('validationRules')) {
      const pos = xml.locateTag('errorConditionFormula', 0, offset);
      const ruleName = `${xml.file.fullName}.${childText(node, 'fullName') ?? '?'}`;
      if (pos) sites.push({ xml, tagOffset: pos.offset, tag: 'errorConditionFormula', type: 'ValidationRule', name: ruleName, element: 'errorConditionFormula', what: `Validation rule ${ruleName}`, inactive: childText(node, 'active') === 'false' });
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
      const ruleName = xml.root === 'WorkflowRule' ? xml.file.fullName : `${xml.file.fullName}.${childText(node, 'fullName') ?? '?'}`;
      if (pos && childText(node, 'formula') !== undefined) {
        sites.push({ xml, tagOffset: pos.offset, tag: 'formula', type: 'WorkflowRule', name: ruleName, element: 'formula', what: `Workflow rule ${ruleName}`, inactive: childText(node, 'active') === 'false' });
      }
    }
  }
  return sites;
}

function flowSites(ctx: RuleContext): FormulaSite[] {
  const sites: FormulaSite[] = [];
  for (const xml of ctx.xml('Flow').filter(mentionsIdentity)) {
    for (const tag of ['expression', 'filterFormula', 'formulaExpression']) {
      for (let pos = xml.locateTag(tag); pos; pos = xml.locateTag(tag, 0, pos.offset + 1)) {
        sites.push({ xml, tagOffset: pos.offset, tag, type: 'Flow', name: xml.file.fullName, element: tag, what: `Flow ${xml.file.fullName} (${tag})` });
      }
    }
  }
  return sites;
}

/** Whether a file can hold an identity reference at all: a $User/$Profile/$UserRole global or a quoted user/profile/role Id. */
function mentionsIdentity(xml: XmlFile): boolean {
  return /\$(?:user|profile|userrole)\b|['"]00[5e][A-Za-z0-9]{12}/i.test(xml.text);
}

/** Flow conditions that compare an identity global with a literal: decisions, waits, start conditions. */
function flowConditionFindings(xml: XmlFile, known: Map<string, string>): RuleFinding[] {
  return xml.blocks('conditions').flatMap(({ node, offset }) => {
    const left = (childText(node, 'leftValueReference') ?? '').trim();
    const kind = FLOW_IDENTITY_GLOBALS[left.toLowerCase()];
    const [right] = children(node, 'rightValue');
    const literal = childText(right, 'stringValue');
    if (!kind || literal === undefined) return [];
    const operator = childText(node, 'operator') ?? 'EqualTo';
    const permission = permissionFor(literal, known);
    const excludes = operator === 'NotEqualTo';
    const leftPos = xml.locateTag('leftValueReference', 0, offset);
    const pos = leftPos ?? xml.position(offset);
    return [
      {
        severity: severityOf(kind),
        message: `Flow ${xml.file.fullName} has a condition on the running user's ${KIND_LABEL[kind]} ${operator} '${literal}'.`,
        fix: `Create the custom permission ${permission}, enable it in the integration's permission set, and change the condition to: $Permission.${permission} EqualTo ${excludes ? 'false' : 'true'} (global variable {!$Permission.${permission}}).`,
        location: { path: xml.file.path, line: pos.line, column: pos.column },
        subject: { type: 'Flow', name: xml.file.fullName, element: 'conditions', detail: `${kind}:${literal.toLowerCase()}` },
      },
    ];
  });
}

/** Workflow criteria fields on the user who made the change (in a workflow on User itself they are the record). */
const WORKFLOW_USER_FIELD: Record<string, IdentityReference['kind']> = {
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

function workflowCriteriaFindings(xml: XmlFile, known: Map<string, string>): RuleFinding[] {
  if (xml.file.fullName.split('.')[0].toLowerCase() === 'user') return [];
  const rules = xml.root === 'WorkflowRule' ? [{ node: xml.data, offset: 0 }] : xml.blocks('rules');
  return rules.flatMap(({ node, offset }) => {
    const ruleName = xml.root === 'WorkflowRule' ? xml.file.fullName : `${xml.file.fullName}.${childText(node, 'fullName') ?? '?'}`;
    return children(node, 'criteriaItems').flatMap((item, idx) => {
      const field = (childText(item, 'field') ?? '').replace(/^\$/, '');
      const kind = WORKFLOW_USER_FIELD[field.toLowerCase()];
      const value = childText(item, 'value') ?? '';
      if (!kind || !value) return [];
      const permission = permissionFor(value, known);
      const itemPos = xml.locateTag('criteriaItems', idx, offset);
      const pos = xml.locateTag('field', 0, itemPos?.offset ?? offset) ?? xml.position(offset);
      return [
        {
          severity: childText(node, 'active') === 'false' ? ('note' as const) : severityOf(kind),
          message: `Workflow rule ${ruleName} singles out the user making the change by ${KIND_LABEL[kind]}: ${field} ${childText(item, 'operation') ?? ''} '${value}'.`,
          fix: `Create the custom permission ${permission}, enable it in the integration's permission set, and replace this criteria item with a rule formula that tests ${childText(item, 'operation') === 'notEqual' ? `NOT($Permission.${permission})` : `$Permission.${permission}`}.`,
          location: { path: xml.file.path, line: pos.line, column: pos.column },
          subject: { type: 'WorkflowRule', name: ruleName, element: 'criteriaItems', detail: `${kind}:${value.toLowerCase()}` },
        },
      ];
    });
  });
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

function apexFindings(file: { path: string; type: string; fullName: string }, source: string, known: Map<string, string>): RuleFinding[] {
  // Every finding needs a UserInfo.<method>() call: most classes have none, and tokenizing them is the rule's main cost.
  if (!/userinfo/i.test(source)) return [];
  const checks = findApexIdentityChecks(source);
  if (!checks.length) return [];
  const at = lineIndex(source);
  return checks.map((c) => {
    const permission = permissionFor(c.literal, known);
    const negated = c.operator === '!=';
    const pos = at(c.offset);
    const location: Location = { path: file.path, line: pos.line, column: pos.column };
    return {
      severity: c.method === 'getUserRoleId' ? 'warning' : 'error',
      message: c.queriedField
        ? `${file.type === 'ApexTrigger' ? 'Trigger' : 'Class'} ${file.fullName} compares the running user's ${c.queriedField} (queried by Id = :UserInfo.${c.method}()) with '${c.literal}'.`
        : `${file.type === 'ApexTrigger' ? 'Trigger' : 'Class'} ${file.fullName} compares the running user's ${APEX_LABEL[c.method]} (UserInfo.${c.method}()) with '${c.literal}'.`,
      fix: `Create the custom permission ${permission}, enable it in the integration's permission set, and replace \`${source.slice(c.offset, c.offset + c.length).replace(/\s+/g, ' ')}\` with \`${negated ? '!' : ''}FeatureManagement.checkPermission('${permission}')\`.`,
      location,
      subject: { type: file.type, name: file.fullName, element: `UserInfo.${c.method}${c.queriedField ? `:${c.queriedField}` : ''}`, detail: c.literal.toLowerCase() },
    };
  });
}

export const usernameException: Rule = {
  meta: {
    id: 'username-exception',
    defaultSeverity: 'error',
    summary: 'Validation rules, flows, workflow rules and Apex that exempt or target people by username, user Id, alias, email, name, profile, role or hard-coded Ids.',
    why: 'Identity exceptions break silently when a user is renamed, a profile changes or an Id differs between sandbox and production; they exempt whoever logs in as that user; and they hide which integration needs the bypass.',
    howToFix: 'Create a custom permission for the bypass, enable it in the integration’s permission set, and test $Permission.<name> (FeatureManagement.checkPermission in Apex) instead of the identity.',
    docs: 'username-exception',
    references: [{ taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'relevant' }, { taxonomy: 'OWASP-NHI', id: 'NHI10', kind: 'relevant' }, { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' }],
  },
  reads: ['ValidationRule', 'CustomObject', 'Flow', 'Workflow', 'WorkflowRule', 'ApexClass', 'ApexTrigger', SPEC_TYPE],
  crossFile: [SPEC_TYPE],
  run(ctx) {
    const known = specPermissions(ctx);
    const out: RuleFinding[] = [];
    for (const site of [...validationRuleSites(ctx), ...workflowSites(ctx), ...flowSites(ctx)]) out.push(...formulaFindings(site, known));
    for (const xml of ctx.xml('Flow').filter(mentionsIdentity)) out.push(...flowConditionFindings(xml, known));
    for (const xml of [...ctx.xml('Workflow'), ...ctx.xml('WorkflowRule')]) out.push(...workflowCriteriaFindings(xml, known));
    for (const type of ['ApexClass', 'ApexTrigger']) for (const f of ctx.text(type)) out.push(...apexFindings(f.file, f.text, known));
    return out;
  },
};
