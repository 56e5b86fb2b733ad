/**
 * Finds Apex that singles out the running user by identity — `UserInfo.getUserName() == 'integration@acme.com'`,
 * `UserInfo.getProfileId().equals('00e...')` — instead of checking a custom permission
 * (`FeatureManagement.checkPermission`). Works on tokens, so comments and string literals never match.
 */

import { scanTokens } from './lexer.js';

/** The UserInfo methods that identify the running user. */
const METHOD_NAMES = ['getUserName', 'getUserId', 'getProfileId', 'getUserEmail', 'getName', 'getFirstName', 'getLastName', 'getUserRoleId'] as const;

export type ApexIdentityMethod = (typeof METHOD_NAMES)[number];

export type ApexComparisonOperator = '==' | '!=' | 'equals' | 'equalsIgnoreCase' | 'contains' | 'startsWith';

export type ApexIdentityCheck = {
  method: ApexIdentityMethod;
  /**
   * Set when the identity is a field of the running user's own record read by a query on UserInfo
   * (`[SELECT Name FROM Profile WHERE Id = :UserInfo.getProfileId()].Name`): what the field is, e.g. 'profile name'.
   */
  queriedField?: string;
  /** Offset and length of the whole comparison expression. */
  offset: number;
  length: number;
  /** The compared string value, unquoted and unescaped. */
  literal: string;
  operator: ApexComparisonOperator;
};

/** Lower-cased (Apex is case-insensitive) to canonical spelling. */
const METHODS: ReadonlyMap<string, ApexIdentityMethod> = new Map<string, ApexIdentityMethod>(METHOD_NAMES.map((name) => [name.toLowerCase(), name]));

/** `<identity>.<method>('literal')`, and `'literal'.<method>(<identity>)` for the reversible ones. */
const STRING_METHODS: ReadonlyMap<string, ApexComparisonOperator> = new Map<string, ApexComparisonOperator>([
  ['equals', 'equals'],
  ['equalsignorecase', 'equalsIgnoreCase'],
  ['contains', 'contains'],
  ['containsignorecase', 'contains'],
  ['startswith', 'startsWith'],
  ['startswithignorecase', 'startsWith'],
]);
const REVERSIBLE = new Set(['equals', 'equalsignorecase', 'contains', 'containsignorecase']);

/** No-argument methods that keep the identity: `UserInfo.getUserName().toLowerCase() == 'x'`. */
const TRANSPARENT_METHODS = new Set(['tolowercase', 'touppercase', 'trim', 'normalizespace', 'to15', 'to18']);

/** Tokens after which a comparison starts a whole operand (lower precedence than `==`, or a statement start). */
const LEFT_BOUNDARIES = new Set(['(', ',', '{', '}', ';', '&&', '||', '?', ':', '=', '??', '=>', '[', '!', 'return']);
/** Tokens that may follow a whole comparison. */
const RIGHT_BOUNDARIES = new Set([')', ',', ';', '&&', '||', '?', ':', '}', ']', '??']);

/** Longest first, so `==` is not read as two `=`. */
const OPERATORS = [
  '>>>=',
  '===',
  '!==',
  '>>=',
  '<<=',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '&=',
  '|=',
  '^=',
  '=>',
  '?.',
  '??',
];

type TokenKind = 'ident' | 'string' | 'number' | 'punct';
type Token = { kind: TokenKind; text: string; lower: string; start: number; end: number; value?: string };
/** Token index range, end exclusive. */
type Span = { s: number; e: number };
type Context = { tokens: Token[]; partner: Map<number, number> };
type Found = { span: Span; operator: ApexComparisonOperator; literal: number };

// ---------------------------------------------------------------------------------------------------------------
// Tokenizer

const isIdentStart = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z_]/.test(ch);
const isIdentPart = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** Decodes the escape at `i` (just after the backslash); returns the text and how many characters it used. */
function unescapeAt(text: string, i: number): [string, number] {
  const ch = text[i];
  if (ch === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5))) {
    return [String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16)), 5];
  }
  return [ESCAPES[ch] ?? ch, 1];
}

/** A '...' literal; Apex strings cannot span lines, so an unterminated one stops at the line end. */
function readString(text: string, start: number): Token {
  let i = start + 1;
  let value = '';
  while (i < text.length && text[i] !== "'" && text[i] !== '\n') {
    if (text[i] === '\\' && i + 1 < text.length) {
      const [decoded, used] = unescapeAt(text, i + 1);
      value += decoded;
      i += 1 + used;
    } else {
      value += text[i];
      i++;
    }
  }
  const end = text[i] === "'" ? i + 1 : i;
  const raw = text.slice(start, end);
  return { kind: 'string', text: raw, lower: raw, start, end, value };
}

function readWhile(text: string, start: number, kind: TokenKind, test: (ch: string | undefined) => boolean): Token {
  let i = start + 1;
  while (test(text[i])) i++;
  const raw = text.slice(start, i);
  return { kind, text: raw, lower: raw.toLowerCase(), start, end: i };
}

function readPunct(text: string, start: number): Token {
  const op = OPERATORS.find((candidate) => text.startsWith(candidate, start)) ?? text[start];
  return { kind: 'punct', text: op, lower: op, start, end: start + op.length };
}

/** Where a comment starting at `start` ends, or undefined when none starts there. */
function commentEnd(text: string, start: number): number | undefined {
  if (text.startsWith('//', start)) {
    const newline = text.indexOf('\n', start);
    return newline < 0 ? text.length : newline;
  }
  if (text.startsWith('/*', start)) {
    const close = text.indexOf('*/', start + 2);
    return close < 0 ? text.length : close + 2;
  }
  return undefined;
}

function readToken(text: string, start: number): Token {
  const ch = text[start];
  if (ch === "'") return readString(text, start);
  if (isIdentStart(ch)) return readWhile(text, start, 'ident', isIdentPart);
  if (isDigit(ch)) return readWhile(text, start, 'number', (c) => isIdentPart(c) || c === '.');
  return readPunct(text, start);
}

function tokenize(text: string): Token[] {
  return scanTokens(text, (t, i) => (/\s/.test(t[i]) ? i + 1 : commentEnd(t, i)), readToken);
}

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

function pairBrackets(tokens: Token[]): Map<number, number> {
  const partner = new Map<number, number>();
  const stack: number[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'punct') return;
    if (OPENERS[token.text]) {
      stack.push(i);
      return;
    }
    const top = stack[stack.length - 1];
    if (top !== undefined && OPENERS[tokens[top].text] === token.text) {
      stack.pop();
      partner.set(top, i);
      partner.set(i, top);
    }
  });
  return partner;
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions

const lc = (ctx: Context, i: number): string => ctx.tokens[i]?.lower ?? '';
const isDot = (ctx: Context, i: number): boolean => lc(ctx, i) === '.' || lc(ctx, i) === '?.';
const isIdent = (ctx: Context, i: number): boolean => ctx.tokens[i]?.kind === 'ident';

/** `[System.]UserInfo.<method>()` starting at `i`: its span and method. */
function userInfoCall(ctx: Context, i: number): { span: Span; method: ApexIdentityMethod } | undefined {
  const method = METHODS.get(lc(ctx, i + 2));
  if (lc(ctx, i) !== 'userinfo' || !isDot(ctx, i + 1) || !method) return undefined;
  if (lc(ctx, i + 3) !== '(' || lc(ctx, i + 4) !== ')') return undefined;
  const qualified = isDot(ctx, i - 1) && lc(ctx, i - 2) === 'system';
  // Some other type's `x.UserInfo` is not the system class.
  if (isDot(ctx, i - 1) && !qualified) return undefined;
  return { span: { s: qualified ? i - 2 : i, e: i + 5 }, method };
}

/** Grows an identity operand over parentheses, `String.valueOf(...)` and transparent method chains. */
function expandOperand(ctx: Context, span: Span): Span {
  let { s, e } = span;
  for (;;) {
    if (isDot(ctx, e) && TRANSPARENT_METHODS.has(lc(ctx, e + 1)) && lc(ctx, e + 2) === '(' && lc(ctx, e + 3) === ')') {
      e += 4;
    } else if (lc(ctx, s - 1) === '(' && ctx.partner.get(s - 1) === e && !isIdent(ctx, s - 2)) {
      s -= 1;
      e += 1;
    } else if (lc(ctx, s - 1) === '(' && ctx.partner.get(s - 1) === e && isStringValueOf(ctx, s - 2)) {
      s -= 4;
      e += 1;
    } else {
      return { s, e };
    }
  }
}

function isStringValueOf(ctx: Context, i: number): boolean {
  return lc(ctx, i) === 'valueof' && isDot(ctx, i - 1) && lc(ctx, i - 2) === 'string';
}

/**
 * The index of the only string literal when the token range is just that literal, maybe in parentheses; or of the
 * first token of a custom label reference (`System.Label.X`, `Label.X`), which holds a name the same way.
 */
function pureLiteral(ctx: Context, span: Span): number | undefined {
  const inner: number[] = [];
  for (let i = span.s; i < span.e; i++) if (ctx.tokens[i].text !== '(' && ctx.tokens[i].text !== ')') inner.push(i);
  if (inner.length === 1) return ctx.tokens[inner[0]].kind === 'string' ? inner[0] : undefined;
  const path = inner.map((i) => ctx.tokens[i].lower).join('');
  const contiguous = inner.every((i, k) => k === 0 || i === inner[k - 1] + 1);
  return contiguous && /^(system\.)?label\.\w+$/.test(path) ? inner[0] : undefined;
}

/** The compared value: a literal's text, or the custom label reference as written (System.Label.X). */
function comparedValue(ctx: Context, literal: number): string {
  const token = ctx.tokens[literal];
  if (token.kind === 'string') return token.value ?? '';
  let text = '';
  for (let i = literal; i < ctx.tokens.length && (ctx.tokens[i].kind === 'ident' || ctx.tokens[i].text === '.'); i++) text += ctx.tokens[i].text;
  return text;
}

/** A string literal operand starting at `j`, maybe parenthesised: its end (exclusive) and literal index. */
function literalForward(ctx: Context, j: number): { end: number; literal: number } | undefined {
  if (!ctx.tokens[j]) return undefined;
  const end = lc(ctx, j) === '(' ? plusOne(ctx.partner.get(j)) : dottedEnd(ctx, j);
  if (end === undefined) return undefined;
  const literal = pureLiteral(ctx, { s: j, e: end });
  return literal === undefined ? undefined : { end, literal };
}

/** A string literal operand ending with token `j`, maybe parenthesised: its start and literal index. */
function literalBackward(ctx: Context, j: number): { start: number; literal: number } | undefined {
  if (!ctx.tokens[j]) return undefined;
  const start = lc(ctx, j) === ')' ? ctx.partner.get(j) : dottedStart(ctx, j);
  if (start === undefined) return undefined;
  const literal = pureLiteral(ctx, { s: start, e: j + 1 });
  return literal === undefined ? undefined : { start, literal };
}

/** End (exclusive) of a dotted name starting at j (`System.Label.X`), or j + 1 for any other single token. */
function dottedEnd(ctx: Context, j: number): number {
  let e = j + 1;
  while (ctx.tokens[j].kind === 'ident' && lc(ctx, e) === '.' && ctx.tokens[e + 1]?.kind === 'ident') e += 2;
  return e;
}

/** Start of a dotted name ending at j, or j for any other single token. */
function dottedStart(ctx: Context, j: number): number {
  let s = j;
  while (ctx.tokens[j].kind === 'ident' && lc(ctx, s - 1) === '.' && ctx.tokens[s - 2]?.kind === 'ident') s -= 2;
  return s;
}

function plusOne(n: number | undefined): number | undefined {
  return n === undefined ? undefined : n + 1;
}

/** Whether a binary comparison is a whole operand, not part of `a + x == 'y'` or `x == 'y'.left(3)`. */
function isWholeTerm(ctx: Context, span: Span): boolean {
  const before = ctx.tokens[span.s - 1];
  const after = ctx.tokens[span.e];
  const leftOk = !before || LEFT_BOUNDARIES.has(before.lower);
  const rightOk = !after || RIGHT_BOUNDARIES.has(after.lower);
  return leftOk && rightOk;
}

/** `subject == 'x'`, `subject != 'x'`, `'x' == subject`, `'x' != subject`. */
function binaryCheck(ctx: Context, subject: Span): Found | undefined {
  const after = lc(ctx, subject.e);
  if (after === '==' || after === '!=') {
    const right = literalForward(ctx, subject.e + 1);
    const span = right && { s: subject.s, e: right.end };
    return span && isWholeTerm(ctx, span) ? { span, operator: after, literal: right.literal } : undefined;
  }
  const before = lc(ctx, subject.s - 1);
  if (before === '==' || before === '!=') {
    const left = literalBackward(ctx, subject.s - 2);
    const span = left && { s: left.start, e: subject.e };
    return span && isWholeTerm(ctx, span) ? { span, operator: before, literal: left.literal } : undefined;
  }
  return undefined;
}

/** `subject.equals('x')` and friends. */
function methodCheck(ctx: Context, subject: Span): Found | undefined {
  const operator = STRING_METHODS.get(lc(ctx, subject.e + 1));
  if (!isDot(ctx, subject.e) || !operator || lc(ctx, subject.e + 2) !== '(') return undefined;
  const close = ctx.partner.get(subject.e + 2);
  if (close === undefined) return undefined;
  const literal = pureLiteral(ctx, { s: subject.e + 3, e: close });
  return literal === undefined ? undefined : { span: { s: subject.s, e: close + 1 }, operator, literal };
}

/** `'x'.equals(subject)`, `'a,b'.contains(subject)`: the subject is the only argument. */
function reverseMethodCheck(ctx: Context, subject: Span): Found | undefined {
  const name = lc(ctx, subject.s - 2);
  const operator = STRING_METHODS.get(name);
  const soleArgument = lc(ctx, subject.s - 1) === '(' && ctx.partner.get(subject.s - 1) === subject.e;
  if (!operator || !REVERSIBLE.has(name) || !soleArgument || !isDot(ctx, subject.s - 3)) return undefined;
  const receiver = literalBackward(ctx, subject.s - 4);
  return receiver ? { span: { s: receiver.start, e: subject.e + 1 }, operator, literal: receiver.literal } : undefined;
}

function findCheck(ctx: Context, span: Span, method: ApexIdentityMethod): ApexIdentityCheck | undefined {
  const subject = expandOperand(ctx, span);
  const found = methodCheck(ctx, subject) ?? reverseMethodCheck(ctx, subject) ?? binaryCheck(ctx, subject);
  if (!found) return undefined;
  const start = ctx.tokens[found.span.s].start;
  const end = ctx.tokens[found.span.e - 1].end;
  return { method, offset: start, length: end - start, literal: comparedValue(ctx, found.literal), operator: found.operator };
}

// ---------------------------------------------------------------------------------------------------------------
// Local variables: `String u = UserInfo.getUserName(); ... if (u == 'x')`

type Binding = { name: string; method: ApexIdentityMethod; from: number; to: number };

/** Index of the innermost `{` enclosing each token (-1 at top level). */
function enclosingBlocks(ctx: Context): number[] {
  const stack: number[] = [];
  return ctx.tokens.map((token, i) => {
    const inner = stack.length > 0 ? stack[stack.length - 1] : -1;
    if (token.text === '{') stack.push(i);
    if (token.text === '}' && stack.length > 0) stack.pop();
    return inner;
  });
}

/** `name = ` at `i` (an assignment to a plain local or field name, not `obj.name =`). */
function assignedName(ctx: Context, i: number): string | undefined {
  const op = lc(ctx, i + 1);
  const assigns = op === '=' || (op.length === 2 && op.endsWith('=') && !['==', '!=', '<=', '>='].includes(op));
  return isIdent(ctx, i) && assigns && !isDot(ctx, i - 1) ? lc(ctx, i) : undefined;
}

/**
 * Variables assigned exactly `UserInfo.<method>()` (possibly lower-cased etc.), valid from the end of that statement
 * to the end of the enclosing block or the next assignment to the same name, whichever is first.
 */
function bindings(ctx: Context, calls: Array<{ span: Span; method: ApexIdentityMethod }>): Binding[] {
  const blocks = enclosingBlocks(ctx);
  const result: Binding[] = [];
  for (const call of calls) {
    const value = expandOperand(ctx, call.span);
    const name = lc(ctx, value.s - 1) === '=' ? assignedName(ctx, value.s - 2) : undefined;
    if (!name || lc(ctx, value.e) !== ';') continue;
    const block = blocks[value.s];
    const blockEnd = block < 0 ? ctx.tokens.length : ctx.partner.get(block) ?? ctx.tokens.length;
    let to = blockEnd;
    for (let k = value.e + 1; k < blockEnd; k++) {
      if (assignedName(ctx, k) === name) {
        to = k;
        break;
      }
    }
    result.push({ name, method: call.method, from: value.e + 1, to });
  }
  return result;
}

function variableChecks(ctx: Context, scoped: Binding[]): ApexIdentityCheck[] {
  const checks: ApexIdentityCheck[] = [];
  ctx.tokens.forEach((token, i) => {
    if (token.kind !== 'ident' || isDot(ctx, i - 1) || lc(ctx, i + 1) === '(') return;
    const binding = scoped.find((b) => b.name === token.lower && b.from <= i && i < b.to);
    const check = binding && findCheck(ctx, { s: i, e: i + 1 }, binding.method);
    if (check) checks.push(check);
  });
  return checks;
}

// ---------------------------------------------------------------------------------------------------------------
// The running user's own records, queried by Id: [SELECT Name FROM Profile WHERE Id = :UserInfo.getProfileId()]

/** Which object a UserInfo Id selects, and the fields of it that identify the running user. */
const OWN_RECORDS: Readonly<Record<string, { method: ApexIdentityMethod; fields: Readonly<Record<string, string>> }>> = {
  profile: { method: 'getProfileId', fields: { name: 'profile name' } },
  user: {
    method: 'getUserId',
    fields: { username: 'username', email: 'email', alias: 'alias', name: 'name', 'profile.name': 'profile name', 'userrole.name': 'role', 'userrole.developername': 'role' },
  },
  userrole: { method: 'getUserRoleId', fields: { name: 'role', developername: 'role' } },
};

/**
 * Locals that hold a UserInfo Id, even shortened (`String profileId = UserInfo.getProfileId().substring(0, 15);`),
 * for queries that bind them (`WHERE Id = :profileId`).
 */
function idLocals(ctx: Context): Map<string, ApexIdentityMethod> {
  const out = new Map<string, ApexIdentityMethod>();
  ctx.tokens.forEach((_, i) => {
    const call = userInfoCall(ctx, i);
    if (!call || lc(ctx, call.span.s - 1) !== '=') return;
    const name = assignedName(ctx, call.span.s - 2);
    if (name) out.set(name, call.method);
  });
  return out;
}

/** `[SELECT ... FROM <Profile|User|UserRole> WHERE Id = :UserInfo.get...() ...]` opening at `open`: the object. */
function ownRecordQuery(ctx: Context, open: number, locals: Map<string, ApexIdentityMethod>): { object: string; close: number } | undefined {
  const close = ctx.partner.get(open);
  if (lc(ctx, open) !== '[' || lc(ctx, open + 1) !== 'select' || close === undefined) return undefined;
  let from = open + 2;
  while (from < close && lc(ctx, from) !== 'from') from++;
  const object = lc(ctx, from + 1);
  const own = OWN_RECORDS[object];
  if (!own || lc(ctx, from + 2) !== 'where' || lc(ctx, from + 3) !== 'id' || lc(ctx, from + 4) !== '=' || lc(ctx, from + 5) !== ':') return undefined;
  const method = userInfoCall(ctx, from + 6)?.method ?? (isIdent(ctx, from + 6) && !isDot(ctx, from + 7) ? locals.get(lc(ctx, from + 6)) : undefined);
  return method === own.method ? { object, close } : undefined;
}

/** A dotted field path starting at token j (`Name`, `Profile.Name`), lower-cased, and where it ends. */
function fieldPath(ctx: Context, j: number): { path: string; end: number } | undefined {
  if (!isIdent(ctx, j) || lc(ctx, j + 1) === '(') return undefined;
  let end = j + 1;
  // A method call (`.equalsIgnoreCase(`) ends the field path.
  while (isDot(ctx, end) && isIdent(ctx, end + 1) && lc(ctx, end + 2) !== '(') end += 2;
  return { path: ctx.tokens.slice(j, end).map((t) => t.lower).join(''), end };
}

function withField(check: ApexIdentityCheck | undefined, field: string): ApexIdentityCheck[] {
  return check ? [{ ...check, queriedField: field }] : [];
}

/** Where a local assigned at `valueEnd` stays in scope: to its block's end or its next assignment. */
function scopeEnd(ctx: Context, blocks: number[], at: number, name: string): number {
  const block = blocks[at];
  const blockEnd = block < 0 ? ctx.tokens.length : ctx.partner.get(block) ?? ctx.tokens.length;
  for (let k = at + 1; k < blockEnd; k++) if (assignedName(ctx, k) === name) return k;
  return blockEnd;
}

/** Comparisons of an identity field read from the running user's own record: directly, or through a local. */
function queriedChecks(ctx: Context): ApexIdentityCheck[] {
  const blocks = enclosingBlocks(ctx);
  const locals = idLocals(ctx);
  const checks: ApexIdentityCheck[] = [];
  ctx.tokens.forEach((_, open) => {
    const query = ownRecordQuery(ctx, open, locals);
    if (!query) return;
    const { method, fields } = OWN_RECORDS[query.object];
    const field = isDot(ctx, query.close + 1) ? fieldPath(ctx, query.close + 2) : undefined;
    const valueEnd = field ? field.end : query.close + 1;
    if (field && fields[field.path]) checks.push(...withField(findCheck(ctx, { s: open, e: valueEnd }, method), fields[field.path]));
    const name = lc(ctx, open - 1) === '=' ? assignedName(ctx, open - 2) : undefined;
    if (!name || lc(ctx, valueEnd) !== ';') return;
    const to = scopeEnd(ctx, blocks, valueEnd, name);
    for (let i = valueEnd + 1; i < to; i++) {
      if (lc(ctx, i) !== name || isDot(ctx, i - 1)) continue;
      if (field && fields[field.path]) {
        // The local holds the field's value: `String profileName = [...].Name; if (profileName == '...')`.
        checks.push(...withField(findCheck(ctx, { s: i, e: i + 1 }, method), fields[field.path]));
      } else if (!field && isDot(ctx, i + 1)) {
        // The local holds the record: `Profile p = [...]; if (p.Name == '...')`.
        const used = fieldPath(ctx, i + 2);
        if (used && fields[used.path]) checks.push(...withField(findCheck(ctx, { s: i, e: used.end }, method), fields[used.path]));
      }
    }
  });
  return checks;
}

// ---------------------------------------------------------------------------------------------------------------
// Collections and switches: BYPASS_USERS.contains(UserInfo.getUserName()), switch on UserInfo.getUserName() { when ... }

/** String literals directly inside the braces opening at `open` (a collection initializer). */
function bracedLiterals(ctx: Context, open: number): string[] {
  const close = ctx.partner.get(open);
  if (lc(ctx, open) !== '{' || close === undefined) return [];
  const inner = ctx.tokens.slice(open + 1, close);
  return inner.every((t) => t.kind === 'string' || t.text === ',') ? inner.filter((t) => t.kind === 'string').map((t) => t.value ?? '') : [];
}

/** The literals of `NAME = new Set<String>{ '...', ... }` (or List), wherever NAME is initialised in the file. */
function collectionLiterals(ctx: Context, name: string): string[] {
  for (let i = 0; i < ctx.tokens.length; i++) {
    if (lc(ctx, i) !== name || lc(ctx, i + 1) !== '=' || lc(ctx, i + 2) !== 'new' || isDot(ctx, i - 1)) continue;
    let j = i + 3;
    while (j < ctx.tokens.length && lc(ctx, j) !== '{' && lc(ctx, j) !== ';' && lc(ctx, j) !== '(') j++;
    const literals = bracedLiterals(ctx, j);
    if (literals.length) return literals;
  }
  return [];
}

/** `<collection>.contains(<identity>)` where the collection holds string literals, inline or in an initializer. */
function collectionCheck(ctx: Context, subject: Span, method: ApexIdentityMethod): ApexIdentityCheck | undefined {
  const soleArgument = lc(ctx, subject.s - 1) === '(' && ctx.partner.get(subject.s - 1) === subject.e;
  if (lc(ctx, subject.s - 2) !== 'contains' || !soleArgument || !isDot(ctx, subject.s - 3)) return undefined;
  const receiverEnd = subject.s - 4;
  let start: number | undefined;
  let literals: string[] = [];
  if (lc(ctx, receiverEnd) === '}') {
    start = ctx.partner.get(receiverEnd);
    literals = start === undefined ? [] : bracedLiterals(ctx, start);
    while (start !== undefined && start > 0 && lc(ctx, start - 1) !== '(' && !LEFT_BOUNDARIES.has(lc(ctx, start - 1)) && lc(ctx, start - 1) !== 'new') start--;
    if (start !== undefined && lc(ctx, start - 1) === 'new') start--;
  } else if (isIdent(ctx, receiverEnd)) {
    start = dottedStart(ctx, receiverEnd);
    literals = collectionLiterals(ctx, lc(ctx, receiverEnd));
  }
  if (start === undefined || literals.length === 0 || !isWholeTerm(ctx, { s: start, e: subject.e + 1 })) return undefined;
  const from = ctx.tokens[start].start;
  return { method, offset: from, length: ctx.tokens[subject.e].end - from, literal: literals.join(', '), operator: 'contains' };
}

/** `switch on <identity> { when 'a', 'b' { ... } }`: one check per `when` with literals. */
function switchChecks(ctx: Context, subject: Span, method: ApexIdentityMethod): ApexIdentityCheck[] {
  if (lc(ctx, subject.s - 1) !== 'on' || lc(ctx, subject.s - 2) !== 'switch' || lc(ctx, subject.e) !== '{') return [];
  const close = ctx.partner.get(subject.e) ?? ctx.tokens.length;
  const checks: ApexIdentityCheck[] = [];
  for (let k = subject.e + 1; k < close; k++) {
    if (lc(ctx, k) === '{') {
      k = ctx.partner.get(k) ?? k;
    } else if (lc(ctx, k) === 'when' && lc(ctx, k + 1) !== 'else') {
      let end = k + 1;
      while (end < close && lc(ctx, end) !== '{') end++;
      const literals = ctx.tokens.slice(k + 1, end).filter((t) => t.kind === 'string');
      if (literals.length) {
        const from = ctx.tokens[k].start;
        checks.push({ method, offset: from, length: literals[literals.length - 1].end - from, literal: literals.map((t) => t.value ?? '').join(', '), operator: '==' });
      }
      k = end - 1;
    }
  }
  return checks;
}

/**
 * Comparisons of the running user's identity (`UserInfo.getUserName()`, `getUserId()`, `getProfileId()`, ...) with
 * a string literal, in source order: `==`/`!=` either way round, `.equals`, `.equalsIgnoreCase`, `.contains`,
 * `.startsWith` (and `'literal'.equals(...)`/`.contains(...)`), also through a local variable assigned from
 * UserInfo in the same block. Comparisons with variables or constants are not reported.
 */
export function findApexIdentityChecks(source: string): ApexIdentityCheck[] {
  const tokens = tokenize(source);
  const ctx: Context = { tokens, partner: pairBrackets(tokens) };
  const calls = tokens.map((_, i) => userInfoCall(ctx, i)).filter((call) => call !== undefined);
  const direct = calls.flatMap((call) => {
    const subject = expandOperand(ctx, call.span);
    const check = findCheck(ctx, call.span, call.method) ?? collectionCheck(ctx, subject, call.method);
    return [...(check ? [check] : []), ...switchChecks(ctx, subject, call.method)];
  });
  const viaVariables = variableChecks(ctx, bindings(ctx, calls));
  return [...direct, ...viaVariables, ...queriedChecks(ctx)].sort((a, b) => a.offset - b.offset);
}
