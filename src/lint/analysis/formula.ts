/**
 * Finds where a Salesforce formula (validation rule, workflow rule, flow formula) singles out the running user by
 * identity — `$User.Username <> 'integration@acme.com'`, `$Profile.Name = "System Administrator"`, a hard-coded
 * profile Id — instead of checking a custom permission. Works on tokens, so comments and string literals are never
 * mistaken for references.
 */

import { scanTokens } from './lexer.js';

export type IdentityKind =
  | 'username'
  | 'userId'
  | 'alias'
  | 'email'
  | 'userFullName'
  | 'userFirstName'
  | 'userLastName'
  | 'communityNickname'
  | 'federationId'
  | 'profileName'
  | 'profileId'
  | 'roleName'
  | 'roleId'
  | 'modifierUsername'
  | 'modifierId'
  | 'modifierAlias'
  | 'modifierEmail'
  | 'modifierName'
  | 'modifierProfile'
  | 'customUserIdentity'
  | 'hardcodedUserId'
  | 'hardcodedProfileId'
  | 'hardcodedRoleId';

export type ComparisonOperator = '=' | '==' | '<>' | '!=' | 'CONTAINS' | 'BEGINS';

export type IdentityComparison = {
  /** Span of the whole comparison expression in the text (end exclusive). */
  start: number;
  end: number;
  operator: ComparisonOperator;
  /** True when the comparison is true for everyone EXCEPT the named identity (`<>`, `!=`). */
  excludes: boolean;
  /** The compared string value, unquoted and unescaped. */
  literal: string;
};

export type IdentityReference = {
  kind: IdentityKind;
  /** The reference as written, e.g. '$User.Username' or, for hard-coded Ids, the literal's value. */
  token: string;
  /** Offset and length of the token in the formula text (for hard-coded Ids: of the value inside the quotes). */
  offset: number;
  length: number;
  /** The simple comparison containing it, where there is one. */
  comparison?: IdentityComparison;
  /**
   * True when the formula is false for the named identity where it is true for others: the comparison excludes it
   * (`<>`), or an including comparison sits inside an odd number of NOT()/! — a validation rule that exempts it.
   */
  exempts?: boolean;
};

export type FormulaIdentityAnalysis = {
  references: IdentityReference[];
  permissionChecks: string[];
  /** Bypasses the formula already has besides custom permissions: `$Setup.X__c.Y__c`, `$User.Bypass__c` (as written). */
  settingChecks: string[];
};

/** Merge fields that name the running user, lower-cased (formula merge fields are case-insensitive). */
const IDENTITY_FIELDS: ReadonlyMap<string, IdentityKind> = new Map<string, IdentityKind>([
  ['$user.username', 'username'],
  ['$user.id', 'userId'],
  ['$user.alias', 'alias'],
  ['$user.email', 'email'],
  ['$user.name', 'userFullName'],
  ['$user.firstname', 'userFirstName'],
  ['$user.lastname', 'userLastName'],
  ['$user.communitynickname', 'communityNickname'],
  ['$user.federationidentifier', 'federationId'],
  ['$user.profileid', 'profileId'],
  ['$user.userroleid', 'roleId'],
  ['$profile.name', 'profileName'],
  ['$profile.id', 'profileId'],
  ['$userrole.name', 'roleName'],
  ['$userrole.developername', 'roleName'],
  ['$userrole.id', 'roleId'],
  // The user making the change, as the record sees it while it is saved: an echo guard (skip what the integration
  // itself wrote) is an exemption of that integration by identity.
  ['lastmodifiedby.username', 'modifierUsername'],
  ['lastmodifiedby.alias', 'modifierAlias'],
  ['lastmodifiedby.email', 'modifierEmail'],
  ['lastmodifiedby.name', 'modifierName'],
  ['lastmodifiedby.profile.name', 'modifierProfile'],
  ['lastmodifiedbyid', 'modifierId'],
  ['lastmodifiedby.id', 'modifierId'],
]);

/**
 * The record's creator is the user saving it only when it is created: a record-triggered flow's start or decision
 * may use it as an echo guard, a validation rule on an update compares someone else.
 */
const CREATOR_FIELDS: ReadonlyMap<string, IdentityKind> = new Map<string, IdentityKind>([
  ['createdby.username', 'modifierUsername'],
  ['createdby.alias', 'modifierAlias'],
  ['createdby.email', 'modifierEmail'],
  ['createdby.name', 'modifierName'],
  ['createdby.profile.name', 'modifierProfile'],
  ['createdbyid', 'modifierId'],
  ['createdby.id', 'modifierId'],
]);

/**
 * The identity a merge field or flow reference names, if any (`$Record.LastModifiedById` in a flow is the record's
 * own field). `creator`: count the record's creator too (flow conditions).
 */
export function identityKind(name: string, creator = false): IdentityKind | undefined {
  const field = name.startsWith('$record.') ? name.slice('$record.'.length) : name;
  return IDENTITY_FIELDS.get(field) ?? (creator ? CREATOR_FIELDS.get(field) : undefined) ?? customUserIdentity(field);
}

/**
 * A custom field of the running user that holds who they are (`$User.HCM_Login_ID__c`, `$User.Profile_Name__c`),
 * not an attribute (department, region) and not a bypass flag (`$User.Skip_Validation__c`, a fix of its own).
 */
function customUserIdentity(field: string): IdentityKind | undefined {
  const custom = /^\$user\.(\w+)__c$/.exec(field)?.[1];
  if (!custom || /bypass|skip|exempt|ignore|disable|override|allow/.test(custom)) return undefined;
  if (custom.includes('profile')) return 'profileName';
  if (/(^|_)role/.test(custom)) return 'roleName';
  return /login|user_?name|user_?id|employee_?(id|number|no)|alias|email|federation|sso_?id|network_?id/.test(custom)
    ? 'customUserIdentity'
    : undefined;
}

/** Key prefixes of hard-coded Ids. Case-sensitive on purpose: 00e is a profile, 00E a role. */
const ID_PREFIXES: Readonly<Record<string, IdentityKind>> = {
  '005': 'hardcodedUserId',
  '00e': 'hardcodedProfileId',
  '00E': 'hardcodedRoleId',
};

/** One-argument functions that keep who is compared: `LOWER($User.Username) = 'x'` is still a username check. */
const TRANSPARENT_FUNCTIONS = new Set(['lower', 'upper', 'trim', 'casesafeid', 'text']);
const COMPARE_OPERATORS = new Set(['=', '==', '<>', '!=']);
/** Longest first, so `==` is not read as two `=`. */
const OPERATORS = ['==', '<>', '!=', '<=', '>=', '&&', '||', '=', '<', '>', '&', '+', '-', '*', '/', '^', '!'];

type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'open' | 'close' | 'comma' | 'other';

type Token = {
  kind: TokenKind;
  /** Raw text; for `open` either `(` or the flow merge-field opener `{!`, for `close` `)` or `}`. */
  text: string;
  start: number;
  end: number;
  /** Decoded value of a string literal. */
  value?: string;
};

/** Token index range, end exclusive. */
type Span = { s: number; e: number };

type Context = {
  tokens: Token[];
  /** For each open/close token, the index of its partner (absent when unbalanced). */
  partner: Map<number, number>;
};

type Match = { span: Span; operator: ComparisonOperator; other: Span };

// ---------------------------------------------------------------------------------------------------------------
// Tokenizer

const isIdentStart = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z_$]/.test(ch);
const isIdentPart = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isSpace = (ch: string): boolean => /\s/.test(ch);

function unescapeChar(ch: string): string {
  if (ch === 'n') return '\n';
  if (ch === 't') return '\t';
  if (ch === 'r') return '\r';
  return ch;
}

/** A '...' or "..." literal with backslash escapes; an unterminated one runs to the end of the text. */
function readString(text: string, start: number): Token {
  const quote = text[start];
  let i = start + 1;
  let value = '';
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && i + 1 < text.length) {
      value += unescapeChar(text[i + 1]);
      i += 2;
    } else {
      value += text[i];
      i++;
    }
  }
  const end = Math.min(i + 1, text.length);
  return { kind: 'string', text: text.slice(start, end), start, end, value };
}

/** A dotted name such as `$User.Username` or `Owner.Profile.Name`, read whole so `$User.UsernameX` stays distinct. */
function readIdent(text: string, start: number): Token {
  let i = start + 1;
  for (;;) {
    while (isIdentPart(text[i])) i++;
    if (text[i] === '.' && isIdentStart(text[i + 1])) i += 2;
    else break;
  }
  return { kind: 'ident', text: text.slice(start, i), start, end: i };
}

function readNumber(text: string, start: number): Token {
  let i = start;
  while (isDigit(text[i]) || (text[i] === '.' && isDigit(text[i + 1]))) i++;
  return { kind: 'number', text: text.slice(start, i), start, end: i };
}

function readPunctuation(text: string, start: number): Token {
  const two = text.slice(start, start + 2);
  if (two === '{!') return { kind: 'open', text: two, start, end: start + 2 };
  const ch = text[start];
  if (ch === '(') return { kind: 'open', text: ch, start, end: start + 1 };
  if (ch === ')' || ch === '}') return { kind: 'close', text: ch, start, end: start + 1 };
  if (ch === ',') return { kind: 'comma', text: ch, start, end: start + 1 };
  const op = OPERATORS.find((candidate) => text.startsWith(candidate, start));
  if (op) return { kind: 'op', text: op, start, end: start + op.length };
  return { kind: 'other', text: ch, start, end: start + 1 };
}

/** Where a `/* ... *\/` comment starting at `start` ends (unterminated: end of text), or undefined if none starts. */
function commentEnd(text: string, start: number): number | undefined {
  if (!text.startsWith('/*', start)) return undefined;
  const close = text.indexOf('*/', start + 2);
  return close < 0 ? text.length : close + 2;
}

function readToken(text: string, start: number): Token {
  const ch = text[start];
  if (ch === "'" || ch === '"') return readString(text, start);
  if (isIdentStart(ch)) return readIdent(text, start);
  if (isDigit(ch)) return readNumber(text, start);
  return readPunctuation(text, start);
}

function tokenize(text: string): Token[] {
  return scanTokens(text, (t, i) => (isSpace(t[i]) ? i + 1 : commentEnd(t, i)), readToken);
}

function pairBrackets(tokens: Token[]): Map<number, number> {
  const partner = new Map<number, number>();
  const stack: number[] = [];
  tokens.forEach((token, i) => {
    if (token.kind === 'open') stack.push(i);
    if (token.kind === 'close' && stack.length > 0) {
      const open = stack.pop() as number;
      partner.set(open, i);
      partner.set(i, open);
    }
  });
  return partner;
}

// ---------------------------------------------------------------------------------------------------------------
// Operands and comparisons

const lower = (token: Token | undefined): string => token?.text.toLowerCase() ?? '';
const isParen = (token: Token | undefined): boolean => token?.text === '(';
const isCallName = (ctx: Context, i: number): boolean => ctx.tokens[i]?.kind === 'ident' && isParen(ctx.tokens[i + 1]);

/** End (exclusive) of the operand that starts at token `j`: a name, literal, call or parenthesised group. */
function operandEnd(ctx: Context, j: number): number | undefined {
  const token = ctx.tokens[j];
  if (!token) return undefined;
  if (token.kind === 'open') return plusOne(ctx.partner.get(j));
  if (isCallName(ctx, j)) return plusOne(ctx.partner.get(j + 1));
  return ['ident', 'string', 'number'].includes(token.kind) ? j + 1 : undefined;
}

/** Start of the operand that ends with token `j` (inclusive). */
function operandStart(ctx: Context, j: number): number | undefined {
  const token = ctx.tokens[j];
  if (!token) return undefined;
  if (token.kind === 'close') {
    const open = ctx.partner.get(j);
    if (open === undefined) return undefined;
    return isParen(ctx.tokens[open]) && ctx.tokens[open - 1]?.kind === 'ident' ? open - 1 : open;
  }
  return ['ident', 'string', 'number'].includes(token.kind) ? j : undefined;
}

function plusOne(n: number | undefined): number | undefined {
  return n === undefined ? undefined : n + 1;
}

/** Grows an operand over enclosing parentheses, `{!...}` and transparent one-argument functions. */
function expandOperand(ctx: Context, span: Span): Span {
  let { s, e } = span;
  while (ctx.partner.get(s - 1) === e && ctx.tokens[s - 1].kind === 'open') {
    const fn = ctx.tokens[s - 2];
    const isCall = isParen(ctx.tokens[s - 1]) && fn?.kind === 'ident';
    if (isCall && !TRANSPARENT_FUNCTIONS.has(lower(fn))) break;
    s -= isCall ? 2 : 1;
    e += 1;
  }
  return { s, e };
}

/** The index of the only string literal when the operand is just that literal, maybe in parentheses. */
function pureLiteral(ctx: Context, span: Span): number | undefined {
  let literal: number | undefined;
  for (let i = span.s; i < span.e; i++) {
    const { kind } = ctx.tokens[i];
    if (kind === 'string' && literal === undefined) literal = i;
    else if (kind !== 'open' && kind !== 'close') return undefined;
  }
  return literal;
}

function containsIdentity(ctx: Context, span: Span): boolean {
  return ctx.tokens.slice(span.s, span.e).some((token) => identityKind(lower(token)) !== undefined);
}

/** How many NOT( and ! enclose the token starting at `offset` (through AND/OR/parentheses): each flips what it means. */
function negations(ctx: Context, offset: number): number {
  const at = ctx.tokens.findIndex((t) => t.start === offset);
  let count = ctx.tokens[at - 1]?.text === '!' ? 1 : 0;
  for (let i = at - 1; i >= 0; i--) {
    if (ctx.tokens[i].kind !== 'open' || (ctx.partner.get(i) ?? Infinity) < at) continue;
    const before = lower(ctx.tokens[i - 1]);
    if (before === 'not' || before === '!') count++;
    else if ((before === 'and' || before === 'or') && ctx.tokens[i - 2]?.text === '!') count++;
  }
  return count;
}

/** `subject <op> other` or `other <op> subject` for =, ==, <>, !=. */
function binaryMatch(ctx: Context, subject: Span): Match | undefined {
  const after = ctx.tokens[subject.e];
  if (after?.kind === 'op' && COMPARE_OPERATORS.has(after.text)) {
    const end = operandEnd(ctx, subject.e + 1);
    if (end === undefined) return undefined;
    const operator = after.text as ComparisonOperator;
    return { span: { s: subject.s, e: end }, operator, other: { s: subject.e + 1, e: end } };
  }
  const before = ctx.tokens[subject.s - 1];
  if (before?.kind === 'op' && COMPARE_OPERATORS.has(before.text)) {
    const start = operandStart(ctx, subject.s - 2);
    if (start === undefined) return undefined;
    const operator = before.text as ComparisonOperator;
    return { span: { s: start, e: subject.e }, operator, other: { s: start, e: subject.s - 1 } };
  }
  return undefined;
}

/** `CONTAINS(subject, other)`, `BEGINS(subject, other)`, or the list form `CONTAINS(other, subject)`. */
/** `CONTAINS(subject, x)` / `BEGINS(subject, x)`: the subject is the first argument. */
function firstArgumentMatch(ctx: Context, subject: Span): Match | undefined {
  const { tokens, partner } = ctx;
  const fn = lower(tokens[subject.s - 2]);
  if (!isParen(tokens[subject.s - 1]) || (fn !== 'contains' && fn !== 'begins') || tokens[subject.e]?.kind !== 'comma')
    return undefined;
  const end = operandEnd(ctx, subject.e + 1);
  if (end === undefined || partner.get(subject.s - 1) !== end) return undefined;
  const operator = fn === 'contains' ? 'CONTAINS' : 'BEGINS';
  return { span: { s: subject.s - 2, e: end + 1 }, operator, other: { s: subject.e + 1, e: end } };
}

/** `CONTAINS(x, subject)`: the subject is the text looked for. */
function secondArgumentMatch(ctx: Context, subject: Span): Match | undefined {
  const { tokens, partner } = ctx;
  // `CONTAINS($Label.Roles, $UserRole.Name + ',')`: the subject with a separator glued on is still the subject.
  const glued =
    (tokens[subject.e]?.text === '+' || tokens[subject.e]?.text === '&') && tokens[subject.e + 1]?.kind === 'string'
      ? subject.e + 2
      : subject.e;
  const open = partner.get(glued);
  if (tokens[subject.s - 1]?.kind !== 'comma' || open === undefined || !isParen(tokens[open])) return undefined;
  if (lower(tokens[open - 1]) !== 'contains' || operandEnd(ctx, open + 1) !== subject.s - 1) return undefined;
  return { span: { s: open - 1, e: glued + 1 }, operator: 'CONTAINS', other: { s: open + 1, e: subject.s - 1 } };
}

function callMatch(ctx: Context, subject: Span): Match | undefined {
  const { tokens } = ctx;
  const fn = lower(tokens[subject.s - 2]);
  // The first form, when its shape is there, decides (as before the split): no fallback to the second.
  if (isParen(tokens[subject.s - 1]) && (fn === 'contains' || fn === 'begins') && tokens[subject.e]?.kind === 'comma')
    return firstArgumentMatch(ctx, subject);
  return secondArgumentMatch(ctx, subject);
}

/** The comparison must be a whole boolean term: `a & $User.Username = 'x'` compares a concatenation, not the user. */
function isWholeTerm(ctx: Context, span: Span): boolean {
  const before = ctx.tokens[span.s - 1];
  const after = ctx.tokens[span.e];
  const logical = (t: Token): boolean => t.kind === 'op' && (t.text === '&&' || t.text === '||');
  // `!CONTAINS(...)` negates a whole term; the replacement keeps the `!` outside the span, so it stays right.
  const leftOk =
    !before ||
    before.kind === 'open' ||
    before.kind === 'comma' ||
    logical(before) ||
    (before.kind === 'op' && before.text === '!');
  const rightOk = !after || after.kind === 'close' || after.kind === 'comma' || logical(after);
  return leftOk && rightOk;
}

function findMatch(ctx: Context, token: number): Match | undefined {
  const subject = expandOperand(ctx, { s: token, e: token + 1 });
  const match = binaryMatch(ctx, subject) ?? callMatch(ctx, subject);
  return match && isWholeTerm(ctx, match.span) ? match : undefined;
}

function toComparison(ctx: Context, match: Match, literal: string): IdentityComparison {
  return {
    start: ctx.tokens[match.span.s].start,
    end: ctx.tokens[match.span.e - 1].end,
    operator: match.operator,
    excludes: match.operator === '<>' || match.operator === '!=',
    literal,
  };
}

/** The index of the `$Label.X` merge field when the operand is just that (maybe in parentheses). */
function labelOperand(ctx: Context, span: Span): number | undefined {
  const inner = ctx.tokens
    .slice(span.s, span.e)
    .map((t, k) => ({ t, i: span.s + k }))
    .filter(({ t }) => t.kind !== 'open' && t.kind !== 'close');
  return inner.length === 1 && inner[0].t.kind === 'ident' && /^\$label\.\w+$/i.test(inner[0].t.text)
    ? inner[0].i
    : undefined;
}

/** String literals that are the case values of `CASE(<identity>, 'a', ..., 'b', ..., default)`. */
function caseValueLiterals(ctx: Context, token: number): number[] {
  const { tokens, partner } = ctx;
  const subject = expandOperand(ctx, { s: token, e: token + 1 });
  const close = partner.get(subject.s - 1);
  if (!isParen(tokens[subject.s - 1]) || lower(tokens[subject.s - 2]) !== 'case' || close === undefined) return [];
  const args: Span[] = [];
  let i = subject.e;
  while (i < close && tokens[i].kind === 'comma') {
    const end = operandEnd(ctx, i + 1);
    if (end === undefined) break;
    args.push({ s: i + 1, e: end });
    i = end;
  }
  // Pairs of (value, result), then a default: values sit at even positions with a result after them.
  const values = args.filter((_, k) => k % 2 === 0 && k + 1 < args.length);
  return values.map((span) => pureLiteral(ctx, span)).filter((n): n is number => n !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// References

function identityReference(ctx: Context, token: number, kind: IdentityKind, owned: Set<number>): IdentityReference {
  const t = ctx.tokens[token];
  const reference: IdentityReference = { kind, token: t.text, offset: t.start, length: t.end - t.start };
  const match = findMatch(ctx, token);
  const literal = match ? pureLiteral(ctx, match.other) : undefined;
  if (match && literal !== undefined) {
    owned.add(literal);
    reference.comparison = toComparison(ctx, match, ctx.tokens[literal].value ?? '');
  } else if (match) {
    // `$Profile.Name <> $Label.Admin_Profile`: the same exception, with the name kept in a custom label.
    const label = labelOperand(ctx, match.other);
    if (label !== undefined) reference.comparison = toComparison(ctx, match, ctx.tokens[label].text);
  }
  caseValueLiterals(ctx, token).forEach((n) => owned.add(n));
  return reference;
}

function hardcodedIdKind(value: string): IdentityKind | undefined {
  const kind = ID_PREFIXES[value.slice(0, 3)];
  if (!kind) return undefined;
  // 15 case-sensitive base-62 characters, or 18 with a 3-character case checksum drawn from A-Z and 0-5.
  const shape = /^[A-Za-z0-9]{15}(?:[A-Z0-5]{3})?$/;
  return shape.test(value) ? kind : undefined;
}

function hardcodedReference(ctx: Context, token: number): IdentityReference | undefined {
  const t = ctx.tokens[token];
  const value = t.value ?? '';
  const kind = hardcodedIdKind(value);
  // Only a complete literal counts: an unterminated one is not an Id.
  if (!kind || t.text.length !== value.length + 2) return undefined;
  const match = findMatch(ctx, token);
  // Compared with a running-user field through something not simple (LEFT($User.ProfileId, 15) = '00e...'):
  // that identity reference already covers it.
  if (match && containsIdentity(ctx, match.other)) return undefined;
  const reference: IdentityReference = { kind, token: value, offset: t.start + 1, length: value.length };
  if (match && pureLiteral(ctx, match.other) === undefined) reference.comparison = toComparison(ctx, match, value);
  return reference;
}

function dedupeCaseInsensitive(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * References to the running user's identity in a formula, in text order, and the custom permissions it checks
 * (`$Permission.X` names, as written, without duplicates). Record fields such as `Owner.Username` are not the
 * running user and are not reported; a string literal that is exactly a user (005), profile (00e) or role (00E) Id
 * is, unless it is the literal of a reported identity comparison.
 */
export function findIdentityReferences(formula: string): FormulaIdentityAnalysis {
  const tokens = tokenize(formula);
  const ctx: Context = { tokens, partner: pairBrackets(tokens) };
  const references: IdentityReference[] = [];
  const permissions: string[] = [];
  const settings: string[] = [];
  const owned = new Set<number>();
  tokens.forEach((token, i) => {
    if (token.kind !== 'ident') return;
    const name = lower(token);
    const kind = identityKind(name);
    if (kind) references.push(identityReference(ctx, i, kind, owned));
    // A bypass flag, not any custom field: $User.HCM_Login_ID__c is an identity, $User.Skip_Validation__c a bypass.
    if (
      (/^\$setup\.\w+\.\w+$/.test(name) || /^\$user\.\w+__c$/.test(name)) &&
      /bypass|skip|exempt|ignore|disable|override|allow/.test(name)
    )
      settings.push(token.text);
    if (name.startsWith('$permission.') && !name.includes('.', '$permission.'.length)) {
      permissions.push(token.text.slice('$permission.'.length));
    }
  });
  tokens.forEach((token, i) => {
    if (token.kind !== 'string' || owned.has(i)) return;
    const reference = hardcodedReference(ctx, i);
    if (reference) references.push(reference);
  });
  for (const r of references)
    if (r.comparison) r.exempts = r.comparison.excludes !== (negations(ctx, r.comparison.start) % 2 === 1);
  references.sort((a, b) => a.offset - b.offset);
  return {
    references,
    permissionChecks: dedupeCaseInsensitive(permissions),
    settingChecks: dedupeCaseInsensitive(settings),
  };
}

/**
 * The whole formula with the reference's comparison replaced by a custom permission check: `NOT($Permission.<name>)`
 * when the comparison excluded the identity (the rule was skipped for it), `$Permission.<name>` when it targeted it.
 * In flow merge syntax (`{!$User.Username}`) the check is written `{!$Permission.<name>}`.
 * Undefined when there is no simple comparison, and for hard-coded Ids: those are compared with a record field
 * (`Owner.ProfileId = '00e...'`), not the running user, so a permission check would not mean the same thing.
 */
export function suggestReplacement(
  formula: string,
  ref: IdentityReference,
  permissionName: string,
): string | undefined {
  const comparison = ref.comparison;
  if (!comparison || ref.kind.startsWith('hardcoded')) return undefined;
  const merge = formula.slice(comparison.start, ref.offset).replace(/[\s(]/g, '').endsWith('{!');
  const field = `$Permission.${permissionName}`;
  const check = merge ? `{!${field}}` : field;
  const replacement = comparison.excludes ? `NOT(${check})` : check;
  return formula.slice(0, comparison.start) + replacement + formula.slice(comparison.end);
}

const PERMISSION_SUFFIX = 'Bypass_Validation';
const MAX_API_NAME = 80;

/** Looks like a Salesforce Id: such a literal says nothing about who or what is bypassed. */
function looksLikeId(text: string): boolean {
  return /^[0-9][A-Za-z0-9]{14}(?:[A-Za-z0-9]{3})?$/.test(text);
}

function permissionStem(literal: string | undefined): string | undefined {
  const text = (literal ?? '').trim();
  if (!text || looksLikeId(text)) return undefined;
  const parts = text.split('@');
  // Several usernames in one list literal: no single name fits them all.
  if (parts.length > 2) return undefined;
  const subject = parts[0];
  // Accented letters keep their base letter ("Rémi" -> "Remi") rather than splitting the word.
  const ascii = subject.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const words = ascii.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
  const stem = words
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('_')
    .replace(/^[^A-Za-z]+/, '');
  return stem.length > 0 ? stem : undefined;
}

/**
 * A valid custom permission API name for the bypass, derived from the compared literal: the local part of a
 * username or email ('integration@acme.com' -> 'Integration_Bypass_Validation'), else the words of the literal
 * ('System Administrator' -> 'System_Administrator_Bypass_Validation'); an Id or nothing -> 'Bypass_Validation'.
 * Letters, digits and single underscores, starting with a letter, no trailing underscore, at most 80 characters.
 */
export function suggestPermissionName(literal: string | undefined, suffix = PERMISSION_SUFFIX): string {
  const stem = permissionStem(literal);
  if (!stem) return suffix;
  const room = MAX_API_NAME - suffix.length - 1;
  return `${stem.slice(0, room).replace(/_+$/, '')}_${suffix}`;
}
