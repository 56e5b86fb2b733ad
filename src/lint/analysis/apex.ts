/**
 * Finds Apex that singles out the running user by identity — `UserInfo.getUserName() == 'integration@acme.com'`,
 * `UserInfo.getProfileId().equals('00e...')` — instead of checking a custom permission
 * (`FeatureManagement.checkPermission`). Works on tokens, so comments and string literals never match.
 */

/** The UserInfo methods that identify the running user. */
const METHOD_NAMES = [
  'getUserName',
  'getUserId',
  'getProfileId',
  'getUserEmail',
  'getName',
  'getFirstName',
  'getLastName',
  'getUserRoleId',
] as const;

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
  /** Set when the running user's Id is compared with the Id of a record looked up by name: the name field ('profile name'). */
  namedBy?: string;
  /** True when the check holds for everyone except the named identity (`!=`, `NOT IN`, `indexOf(...) < 0`). */
  excludes?: boolean;
  /** The statement also tests Test.isRunningTest(): a hook for tests rather than an exemption in production. */
  testOnly?: boolean;
};

/** Lower-cased (Apex is case-insensitive) to canonical spelling. */
const METHODS: ReadonlyMap<string, ApexIdentityMethod> = new Map<string, ApexIdentityMethod>(
  METHOD_NAMES.map((name) => [name.toLowerCase(), name]),
);

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
/**
 * A token: its kind, its text lower-cased (Apex is case-insensitive; a string's or punctuation's text as written), where
 * it is, and a string's decoded value. An identifier's text as written is the source at start..end.
 */
type Token = { kind: TokenKind; lower: string; start: number; end: number; value?: string };
/** Token index range, end exclusive. */
type Span = { s: number; e: number };
type Context = { source: string; tokens: Token[]; partner: Partners };
type Found = { span: Span; operator: ApexComparisonOperator; literal: number };

// ---------------------------------------------------------------------------------------------------------------
// Tokenizer

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
  // Most literals hold no escape: their value is the text between the quotes, taken at once.
  for (let c = text.charCodeAt(i); i < text.length && c !== 39 && c !== 10 && c !== 92; c = text.charCodeAt(++i));
  let value = text.slice(start + 1, i);
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
  return { kind: 'string', lower: raw, start, end, value };
}

/** JavaScript's `\s`: what Apex source is split on (a no-break space or BOM included). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  // Beyond ASCII (rare in Apex): whatever the regular expression's \s takes.
  return c > 127 && /\s/.test(String.fromCharCode(c));
}

/** `[A-Za-z_]`, and with digits `[A-Za-z0-9_]`. */
const isIdentStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);

/** The operators by their first character, longest first. */
const OPERATORS_BY_FIRST: ReadonlyMap<number, readonly string[]> = OPERATORS.reduce((map, op) => {
  map.set(op.charCodeAt(0), [...(map.get(op.charCodeAt(0)) ?? []), op]);
  return map;
}, new Map<number, string[]>());

/** Where the whitespace or comments from `from` end, or `from` when there are none. */
function skipTrivia(text: string, from: number): number {
  const n = text.length;
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const eol = text.indexOf('\n', i + 2);
      i = eol < 0 ? n : eol;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      // Unclosed, a block comment runs to the end of the text.
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else return i;
  }
}

/**
 * Splits Apex source into tokens, skipping whitespace and comments (`//` to the line end, `/* ... *\/`, to the end of
 * the text when unclosed): strings (their value decoded by readString), identifiers, numbers, the longest operator,
 * else any one character. One pass over character codes: a class is tokenized at the speed it is read.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  // Lower-cased once for an ASCII source (each character stays where it is); else word by word.
  const lowered = /^[\0-\x7f]*$/.test(text) ? text.toLowerCase() : undefined;
  let i = skipTrivia(text, 0);
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 39) {
      const token = readString(text, start);
      tokens.push(token);
      i = token.end;
    } else if (isIdentStart(c) || isDigit(c)) {
      const number = isDigit(c);
      i++;
      for (let d = text.charCodeAt(i); isIdentPart(d) || (number && d === 46); d = text.charCodeAt(i)) i++;
      const lower = lowered ? lowered.slice(start, i) : text.slice(start, i).toLowerCase();
      tokens.push({ kind: number ? 'number' : 'ident', lower, start, end: i });
    } else {
      const op = OPERATORS_BY_FIRST.get(c)?.find((o) => text.startsWith(o, start)) ?? text[start];
      i += op.length;
      tokens.push({ kind: 'punct', lower: op, start, end: i });
    }
    i = skipTrivia(text, i);
  }
  return tokens;
}

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Each bracket token's partner, as a Map's `get` would answer: a class has thousands, an array holds them cheaply. */
class Partners {
  public constructor(private readonly at: Int32Array) {}

  public get(i: number): number | undefined {
    const p = this.at[i];
    return p === undefined || p < 0 ? undefined : p;
  }
}

/** No bracket has a partner: what a UserInfo call is recognised with, before brackets are paired. */
const NO_PARTNERS = new Partners(new Int32Array(0));

function pairBrackets(tokens: Token[]): Partners {
  const partner = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'punct') continue;
    if (OPENERS[token.lower]) {
      stack.push(i);
      continue;
    }
    const top = stack[stack.length - 1];
    if (top !== undefined && OPENERS[tokens[top].lower] === token.lower) {
      stack.pop();
      partner[top] = i;
      partner[i] = top;
    }
  }
  return new Partners(partner);
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions

const lc = (ctx: Context, i: number): string => ctx.tokens[i]?.lower ?? '';
const isDot = (ctx: Context, i: number): boolean => lc(ctx, i) === '.' || lc(ctx, i) === '?.';
const isIdent = (ctx: Context, i: number): boolean => ctx.tokens[i]?.kind === 'ident';

/** `[System.]UserInfo.<method>()` starting at `i`: its span and method. */
function userInfoCall(ctx: Context, i: number): { span: Span; method: ApexIdentityMethod } | undefined {
  if (lc(ctx, i) !== 'userinfo') return undefined;
  const method = METHODS.get(lc(ctx, i + 2));
  if (!isDot(ctx, i + 1) || !method) return undefined;
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
  for (let i = span.s; i < span.e; i++) if (ctx.tokens[i].lower !== '(' && ctx.tokens[i].lower !== ')') inner.push(i);
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
  for (let i = literal; i < ctx.tokens.length && (ctx.tokens[i].kind === 'ident' || ctx.tokens[i].lower === '.'); i++)
    text += ctx.source.slice(ctx.tokens[i].start, ctx.tokens[i].end);
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
  // `map.get('Build_Plan')` is a call's result, not a parenthesised literal.
  if (
    start === undefined ||
    (lc(ctx, j) === ')' && (isIdent(ctx, start - 1) || [')', ']'].includes(lc(ctx, start - 1))))
  )
    return undefined;
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
  return {
    method,
    offset: start,
    length: end - start,
    literal: comparedValue(ctx, found.literal),
    operator: found.operator,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Identity operands: everything that holds the running user's identity

/** An expression that is the running user's identity: a UserInfo call, a local holding one, a field of their own record. */
type Operand = { span: Span; method: ApexIdentityMethod; field?: string };

/** Index of the innermost `{` enclosing each token (-1 at top level). */
function enclosingBlocks(ctx: Context): number[] {
  const stack: number[] = [];
  const inner = new Array<number>(ctx.tokens.length);
  for (let i = 0; i < ctx.tokens.length; i++) {
    const text = ctx.tokens[i].lower;
    inner[i] = stack.length > 0 ? stack[stack.length - 1] : -1;
    if (text === '{') stack.push(i);
    else if (text === '}' && stack.length > 0) stack.pop();
  }
  return inner;
}

/** `name = ` at `i` (an assignment to a plain local or field name, not `obj.name =`). */
function assignedName(ctx: Context, i: number): string | undefined {
  if (!isIdent(ctx, i)) return undefined;
  const op = lc(ctx, i + 1);
  const assigns = op === '=' || (op.length === 2 && op.endsWith('=') && !['==', '!=', '<=', '>='].includes(op));
  return assigns && !isDot(ctx, i - 1) ? lc(ctx, i) : undefined;
}

function assignments(ctx: Context, name: string): number {
  let n = 0;
  for (let k = 0; k < ctx.tokens.length; k++) if (lc(ctx, k) === name && assignedName(ctx, k) === name) n++;
  return n;
}

/** A declaration of `name` in the block opening at `block` (`Type name;`, `Type name =`, `List<Type> name`). */
function declaredIn(ctx: Context, block: number, name: string): boolean {
  const end = block < 0 ? ctx.tokens.length : (ctx.partner.get(block) ?? ctx.tokens.length);
  for (let k = block + 1; k < end; k++) {
    if (lc(ctx, k) === '{') k = ctx.partner.get(k) ?? k;
    else if (
      lc(ctx, k) === name &&
      !isDot(ctx, k - 1) &&
      (isIdent(ctx, k - 1) || lc(ctx, k - 1) === '>') &&
      [';', '=', ','].includes(lc(ctx, k + 1))
    )
      return true;
  }
  return false;
}

/**
 * Where a variable assigned at `at` stays in scope: to its block's end or its next assignment. A variable not
 * declared in that block is a field of the class (`sysAdminId = [...]` in the constructor), seen by every method.
 */
function scopeEnd(ctx: Context, blocks: number[], at: number, name: string): number {
  const block = blocks[at];
  // A field holds the identity everywhere only when nothing else is ever assigned to it.
  if (block >= 0 && !declaredIn(ctx, block, name)) return assignments(ctx, name) === 1 ? ctx.tokens.length : at;
  const blockEnd = block < 0 ? ctx.tokens.length : (ctx.partner.get(block) ?? ctx.tokens.length);
  for (let k = at + 1; k < blockEnd; k++) if (assignedName(ctx, k) === name) return k;
  return blockEnd;
}

/** Uses of a plain local `name` in [from, to): not `x.name`, not a call `name(`. */
function usesOf(ctx: Context, name: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++)
    if (lc(ctx, i) === name && !isDot(ctx, i - 1) && lc(ctx, i + 1) !== '(' && assignedName(ctx, i) === undefined)
      out.push(i);
  return out;
}

/** `name = <value>;` with the value spanning [s, e): the name, when the value is the whole right-hand side. */
function assignedFrom(ctx: Context, span: Span): string | undefined {
  return lc(ctx, span.s - 1) === '=' && lc(ctx, span.e) === ';' ? assignedName(ctx, span.s - 2) : undefined;
}

/** Locals assigned exactly `UserInfo.<method>()` (maybe lower-cased etc.): each use in scope is an operand. */
function boundOperands(
  ctx: Context,
  blocks: number[],
  calls: Array<{ span: Span; method: ApexIdentityMethod }>,
): Operand[] {
  const out: Operand[] = [];
  for (const call of calls) {
    const value = expandOperand(ctx, call.span);
    const name = assignedFrom(ctx, value);
    if (!name) continue;
    for (const i of usesOf(ctx, name, value.e + 1, scopeEnd(ctx, blocks, value.e, name)))
      out.push({ span: { s: i, e: i + 1 }, method: call.method });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// SOQL: the running user's own records, and records looked up by name

/** Which object a UserInfo Id selects, and the fields of it that identify the running user. */
const OWN_RECORDS: Readonly<Record<string, { method: ApexIdentityMethod; fields: Readonly<Record<string, string>> }>> =
  {
    profile: { method: 'getProfileId', fields: { name: 'profile name' } },
    user: {
      method: 'getUserId',
      fields: {
        username: 'username',
        email: 'email',
        alias: 'alias',
        name: 'name',
        'profile.name': 'profile name',
        'userrole.name': 'role',
        'userrole.developername': 'role',
        profileid: 'profile Id',
        userroleid: 'role Id',
      },
    },
    userrole: { method: 'getUserRoleId', fields: { name: 'role', developername: 'role' } },
  };

type Condition = {
  field: string;
  start: number;
  end: number;
  operator: ApexComparisonOperator;
  excludes: boolean;
  literals: string[];
  bind?: number;
};
type Soql = { open: number; close: number; object: string; conditions: Condition[] };

const CLAUSE_ENDS = new Set([
  'order',
  'limit',
  'group',
  'with',
  'for',
  'offset',
  'having',
  'all',
  'update',
  'tracking',
  'viewstat',
]);

/** Values of a condition starting at j: a literal, a list of literals, or a bind (`:x`): the literals, bind and end. */
function conditionValue(
  ctx: Context,
  j: number,
  constants: Map<string, string[]>,
): { literals: string[]; bind?: number; end: number } | undefined {
  const token = ctx.tokens[j];
  if (!token) return undefined;
  if (token.kind === 'string') return { literals: [token.value ?? ''], end: j + 1 };
  if (token.lower === '(') {
    const close = ctx.partner.get(j);
    const inner = close === undefined ? [] : ctx.tokens.slice(j + 1, close);
    if (close === undefined || !inner.every((t) => t.kind === 'string' || t.lower === ',')) return undefined;
    return { literals: inner.filter((t) => t.kind === 'string').map((t) => t.value ?? ''), end: close + 1 };
  }
  if (token.lower === ':') {
    const end = isIdent(ctx, j + 1) ? dottedEnd(ctx, j + 1) : j + 1;
    const called = lc(ctx, end) === '(' ? (plusOne(ctx.partner.get(end)) ?? end) : end;
    // `:AGENT` or `:JIRA.agentProfileName` (the class's own constant, named through the class).
    return {
      literals: constants.get(lc(ctx, j + 1)) ?? constants.get(lc(ctx, end - 1)) ?? [],
      bind: j + 1,
      end: called,
    };
  }
  return undefined;
}

/** The comparison operator at j in a WHERE clause, and where its value starts. */
function conditionOperator(
  ctx: Context,
  j: number,
): { operator: ApexComparisonOperator; excludes: boolean; value: number } | undefined {
  const op = lc(ctx, j);
  if (op === '=') return { operator: '==', excludes: false, value: j + 1 };
  if (op === '!=' || (op === '<' && lc(ctx, j + 1) === '>'))
    return { operator: '!=', excludes: true, value: op === '!=' ? j + 1 : j + 2 };
  if (op === 'like' || op === 'in' || op === 'includes')
    return { operator: op === 'like' ? 'startsWith' : 'contains', excludes: false, value: j + 1 };
  if (op === 'not' && (lc(ctx, j + 1) === 'in' || lc(ctx, j + 1) === 'like'))
    return { operator: 'contains', excludes: true, value: j + 2 };
  return undefined;
}

const CONNECTIVES = new Set(['and', 'or', 'not', 'in', 'like', 'includes', 'excludes']);

/** The `<field> <operator> <value>` conditions of a WHERE clause from `start` to the clause's end. */
function whereConditions(
  ctx: Context,
  start: number,
  close: number,
  alias: string | undefined,
  constants: Map<string, string[]>,
): Condition[] {
  const conditions: Condition[] = [];
  for (let i = start; i < close && !CLAUSE_ENDS.has(lc(ctx, i)); i++) {
    if (!isIdent(ctx, i) || isDot(ctx, i - 1) || CONNECTIVES.has(lc(ctx, i))) continue;
    const end = dottedEnd(ctx, i);
    const path = ctx.tokens
      .slice(i, end)
      .map((t) => t.lower)
      .join('');
    const operator = conditionOperator(ctx, end);
    const value = operator && conditionValue(ctx, operator.value, constants);
    if (!operator || !value) continue;
    const field = alias && path.startsWith(`${alias}.`) ? path.slice(alias.length + 1) : path;
    conditions.push({
      field,
      start: i,
      end: value.end,
      operator: operator.operator,
      excludes: operator.excludes,
      literals: value.literals,
      bind: value.bind,
    });
    i = value.end - 1;
  }
  return conditions;
}

/** `[SELECT ... FROM <object> [alias] WHERE ...]` opening at `open`, with the conditions of its WHERE clause. */
function parseSoql(ctx: Context, open: number, constants: Map<string, string[]>): Soql | undefined {
  const close = ctx.partner.get(open);
  if (lc(ctx, open) !== '[' || lc(ctx, open + 1) !== 'select' || close === undefined) return undefined;
  let from = open + 2;
  // Sub-queries in the field list sit in parentheses: skip them.
  while (from < close && lc(ctx, from) !== 'from')
    from = lc(ctx, from) === '(' ? (ctx.partner.get(from) ?? from) + 1 : from + 1;
  const object = lc(ctx, from + 1);
  const alias =
    isIdent(ctx, from + 2) && lc(ctx, from + 2) !== 'where' && !CLAUSE_ENDS.has(lc(ctx, from + 2))
      ? lc(ctx, from + 2)
      : undefined;
  const where = from + (alias ? 3 : 2);
  const conditions = lc(ctx, where) === 'where' ? whereConditions(ctx, where + 1, close, alias, constants) : [];
  return { open, close, object, conditions };
}

/** Whether a query selects the running user's own record: `Id = :UserInfo.get...()` (or a local holding it), anywhere in WHERE. */
function isOwnRecord(ctx: Context, q: Soql, heldIds: Map<string, ApexIdentityMethod>): boolean {
  const own = OWN_RECORDS[q.object];
  return Boolean(
    own &&
    q.conditions.some((c) => {
      if (c.field !== 'id' || c.operator !== '==' || c.bind === undefined) return false;
      const method =
        userInfoCall(ctx, c.bind)?.method ?? (isDot(ctx, c.bind + 1) ? undefined : heldIds.get(lc(ctx, c.bind)));
      return method === own.method;
    }),
  );
}

/**
 * Locals that hold a UserInfo Id, even shortened (`String profileId = UserInfo.getProfileId().substring(0, 15);`),
 * for queries that bind them (`WHERE Id = :profileId`).
 */
function idLocals(
  ctx: Context,
  calls: ReadonlyArray<{ span: Span; method: ApexIdentityMethod }>,
): Map<string, ApexIdentityMethod> {
  const out = new Map<string, ApexIdentityMethod>();
  for (const call of calls) {
    if (lc(ctx, call.span.s - 1) !== '=') continue;
    const name = assignedName(ctx, call.span.s - 2);
    if (name) out.set(name, call.method);
  }
  return out;
}

/** String constants of the file: a name assigned a literal once (`static final String AGENT = 'Connector';`), or a literal collection. */
function stringConstants(ctx: Context): Map<string, string[]> {
  const seen = new Map<string, number>();
  const values = new Map<string, string[]>();
  for (let i = 0; i < ctx.tokens.length; i++) {
    const name = assignedName(ctx, i);
    if (!name) continue;
    seen.set(name, (seen.get(name) ?? 0) + 1);
    const value = ctx.tokens[i + 2];
    if (value?.kind === 'string' && lc(ctx, i + 3) === ';') values.set(name, [value.value ?? '']);
    else if (lc(ctx, i + 2) === 'new') {
      const literals = initializerLiterals(ctx, i + 3);
      if (literals.length) values.set(name, literals);
    }
  }
  return new Map([...values].filter(([name]) => seen.get(name) === 1));
}

/** A dotted field path starting at token j (`Name`, `Profile.Name`), lower-cased, and where it ends. */
function fieldPath(ctx: Context, j: number): { path: string; end: number } | undefined {
  if (!isIdent(ctx, j) || lc(ctx, j + 1) === '(') return undefined;
  let end = j + 1;
  // A method call (`.equalsIgnoreCase(`) ends the field path.
  while (isDot(ctx, end) && isIdent(ctx, end + 1) && lc(ctx, end + 2) !== '(') end += 2;
  return {
    path: ctx.tokens
      .slice(j, end)
      .map((t) => t.lower)
      .join(''),
    end,
  };
}

/** `for (Type name : <value>)` with the value starting at `valueStart`: the loop variable and the loop body. */
function loopOver(
  ctx: Context,
  valueStart: number,
  valueEnd: number,
): { name: string; from: number; to: number } | undefined {
  if (lc(ctx, valueStart - 1) !== ':' || !isIdent(ctx, valueStart - 2) || lc(ctx, valueEnd) !== ')') return undefined;
  const open = ctx.partner.get(valueEnd);
  if (open === undefined || lc(ctx, open - 1) !== 'for') return undefined;
  const body = valueEnd + 1;
  const to = lc(ctx, body) === '{' ? (ctx.partner.get(body) ?? ctx.tokens.length) : body + 1;
  let end = body;
  if (lc(ctx, body) !== '{') while (end < ctx.tokens.length && lc(ctx, end) !== ';') end++;
  return { name: lc(ctx, valueStart - 2), from: body, to: lc(ctx, body) === '{' ? to : end + 1 };
}

/** Operands from the running user's own records: `[...].Name`, a local or loop variable holding the record or a field, and copies of a field. */
function ownRecordOperands(
  ctx: Context,
  blocks: number[],
  queries: Soql[],
  locals: Map<string, ApexIdentityMethod>,
): Operand[] {
  const out: Operand[] = [];
  for (const q of queries.filter((x) => isOwnRecord(ctx, x, locals))) {
    const { method, fields } = OWN_RECORDS[q.object];
    const indexed = lc(ctx, q.close + 1) === '[' ? (ctx.partner.get(q.close + 1) ?? q.close) + 1 : q.close + 1;
    const field = isDot(ctx, indexed) ? fieldPath(ctx, indexed + 1) : undefined;
    const valueEnd = field ? field.end : indexed;
    if (field && fields[field.path]) out.push({ span: { s: q.open, e: valueEnd }, method, field: fields[field.path] });
    const name = assignedFrom(ctx, { s: q.open, e: valueEnd });
    const loop = loopOver(ctx, q.open, q.close + 1);
    const scope = name ? { name, from: valueEnd + 1, to: scopeEnd(ctx, blocks, valueEnd, name) } : loop;
    if (!scope) continue;
    if (field && fields[field.path]) {
      for (const i of usesOf(ctx, scope.name, scope.from, scope.to))
        out.push({ span: { s: i, e: i + 1 }, method, field: fields[field.path] });
      continue;
    }
    out.push(...recordFieldOperands(ctx, blocks, scope, method, fields));
  }
  return out;
}

/** Uses of a local holding the running user's record (or a list of them): `p.Name`, `users[0].Profile.Name`, and copies of such a field. */
function recordFieldOperands(
  ctx: Context,
  blocks: number[],
  scope: { name: string; from: number; to: number },
  method: ApexIdentityMethod,
  fields: Readonly<Record<string, string>>,
): Operand[] {
  const out: Operand[] = [];
  for (const i of usesOf(ctx, scope.name, scope.from, scope.to)) {
    const at = lc(ctx, i + 1) === '[' ? (ctx.partner.get(i + 1) ?? i) + 1 : i + 1;
    const used = isDot(ctx, at) ? fieldPath(ctx, at + 1) : undefined;
    if (!used || !fields[used.path]) continue;
    out.push({ span: { s: i, e: used.end }, method, field: fields[used.path] });
    // A copy of the field: `String profileName = u.Profile.Name;`.
    const copy = assignedFrom(ctx, { s: i, e: used.end });
    if (copy)
      for (const k of usesOf(ctx, copy, used.end + 1, scopeEnd(ctx, blocks, used.end, copy)))
        out.push({ span: { s: k, e: k + 1 }, method, field: fields[used.path] });
  }
  return out;
}

/** Filters on the running user's own record in the query itself: `[... FROM Profile WHERE Name IN ('A','B') AND Id = :UserInfo.getProfileId()]`. */
function ownQueryFilterChecks(
  ctx: Context,
  queries: Soql[],
  locals: Map<string, ApexIdentityMethod>,
): ApexIdentityCheck[] {
  const out: ApexIdentityCheck[] = [];
  for (const q of queries.filter((x) => isOwnRecord(ctx, x, locals))) {
    const { method, fields } = OWN_RECORDS[q.object];
    for (const c of q.conditions) {
      if (!fields[c.field] || !c.literals.length) continue;
      const from = ctx.tokens[c.start].start;
      out.push({
        method,
        queriedField: fields[c.field],
        offset: from,
        length: ctx.tokens[c.end - 1].end - from,
        literal: c.literals.join(', '),
        operator: c.operator,
        excludes: c.excludes || undefined,
      });
    }
  }
  return out;
}

// Records looked up by name, whose Id is then compared with the running user's: M4 shapes.

/** Name fields of the objects whose Ids UserInfo returns. */
const NAME_FIELDS: Readonly<Record<string, { method: ApexIdentityMethod; fields: Readonly<Record<string, string>> }>> =
  {
    profile: { method: 'getProfileId', fields: { name: 'profile name' } },
    user: {
      method: 'getUserId',
      fields: { username: 'username', email: 'email', alias: 'alias', name: 'name', communitynickname: 'nickname' },
    },
    userrole: { method: 'getUserRoleId', fields: { name: 'role', developername: 'role' } },
  };

type NamedIds = { method: ApexIdentityMethod; field: string; literals: string[] };

/** A query of Profile, User or UserRole by a literal name (not the running user's own): what it names. */
function namedQuery(ctx: Context, q: Soql, locals: Map<string, ApexIdentityMethod>): NamedIds | undefined {
  const spec = NAME_FIELDS[q.object];
  if (!spec || isOwnRecord(ctx, q, locals)) return undefined;
  const named = q.conditions.find((c) => spec.fields[c.field] && c.literals.length && !c.excludes);
  return named ? { method: spec.method, field: spec.fields[named.field], literals: named.literals } : undefined;
}

/** `X__c.getInstance('System Administrator').ProfileId__c`: a custom setting record keyed by a literal name. */
function settingByName(ctx: Context, i: number): { end: number; literal: string } | undefined {
  if (
    !isIdent(ctx, i) ||
    !lc(ctx, i).endsWith('__c') ||
    !isDot(ctx, i + 1) ||
    !['getinstance', 'getvalues'].includes(lc(ctx, i + 2)) ||
    lc(ctx, i + 3) !== '('
  )
    return undefined;
  const close = ctx.partner.get(i + 3);
  const arg = ctx.tokens[i + 4];
  if (close !== i + 5 || arg?.kind !== 'string' || !isDot(ctx, close + 1) || !isIdent(ctx, close + 2)) return undefined;
  return { end: close + 3, literal: arg.value ?? '' };
}

type ScopedIds = NamedIds & { name: string; from: number; to: number };

/** After a query or a local at `at`: past `[0]` and `.Id`, where the Id value ends. */
function idAccessEnd(ctx: Context, at: number): number {
  const indexed = lc(ctx, at) === '[' ? (ctx.partner.get(at) ?? at) + 1 : at;
  return isDot(ctx, indexed) && lc(ctx, indexed + 1) === 'id' ? indexed + 2 : indexed;
}

/** `new Map<Id, Profile>([...])` around a query: the span of the constructor (a collection keyed by the named Ids). */
function mapConstructor(ctx: Context, q: Soql): Span | undefined {
  if (lc(ctx, q.open - 1) !== '(' || ctx.partner.get(q.open - 1) !== q.close + 1) return undefined;
  let s = q.open - 2;
  while (s > 0 && lc(ctx, s) !== 'new' && lc(ctx, s) !== '=' && lc(ctx, s) !== ';') s--;
  return lc(ctx, s) === 'new' ? { s, e: q.close + 2 } : undefined;
}

/** `for (Profile p : [...]) ids.add(p.Id);`: the collection, read after the loop to the end of the block around it. */
function loopCollections(ctx: Context, blocks: number[], q: Soql, ids: NamedIds): ScopedIds[] {
  const loop = loopOver(ctx, q.open, q.close + 1);
  if (!loop) return [];
  const out: ScopedIds[] = [];
  const outer = blocks[loop.from - 1] ?? -1;
  const to = outer < 0 ? ctx.tokens.length : (ctx.partner.get(outer) ?? ctx.tokens.length);
  for (let k = loop.from; k < loop.to; k++) {
    const adds = isIdent(ctx, k) && isDot(ctx, k + 1) && lc(ctx, k + 2) === 'add' && lc(ctx, k + 3) === '(';
    if (adds && lc(ctx, k + 4) === loop.name && isDot(ctx, k + 5) && lc(ctx, k + 6) === 'id')
      out.push({ ...ids, name: lc(ctx, k), from: loop.to, to });
  }
  return out;
}

/** Copies of a named-Id local: `Id agentId = profiles[0].Id;`, `String x = String.valueOf(profiles[0].id);`. */
function copiesOf(ctx: Context, blocks: number[], ids: ScopedIds): ScopedIds[] {
  const out: ScopedIds[] = [];
  for (const i of usesOf(ctx, ids.name, ids.from, ids.to)) {
    const end = idAccessEnd(ctx, i + 1);
    const wrapped = lc(ctx, i - 1) === '(' && ctx.partner.get(i - 1) === end && isStringValueOf(ctx, i - 2);
    const copy = wrapped ? assignedFrom(ctx, { s: i - 4, e: end + 1 }) : assignedFrom(ctx, { s: i, e: end });
    const at = wrapped ? end + 1 : end;
    if (copy) out.push({ ...ids, name: copy, from: at + 1, to: scopeEnd(ctx, blocks, at, copy) });
  }
  return out;
}

/** Values that hold the Id of a record named by a literal: spans (inline) and locals or collections (by name). */

function namedIdValues(
  ctx: Context,
  blocks: number[],
  queries: Soql[],
  locals: Map<string, ApexIdentityMethod>,
): { inline: Map<number, NamedIds & { end: number }>; names: ScopedIds[] } {
  const inline = new Map<number, NamedIds & { end: number }>();
  const names: ScopedIds[] = [];
  const bindLocal = (name: string | undefined, ids: NamedIds, at: number): void => {
    if (name) names.push({ ...ids, name, from: at + 1, to: scopeEnd(ctx, blocks, at, name) });
  };
  for (const q of queries) {
    const ids = namedQuery(ctx, q, locals);
    if (!ids) continue;
    const end = idAccessEnd(ctx, q.close + 1);
    inline.set(q.open, { ...ids, end });
    bindLocal(assignedFrom(ctx, { s: q.open, e: end }), ids, end);
    const map = mapConstructor(ctx, q);
    if (map) bindLocal(assignedFrom(ctx, map), ids, map.e);
    names.push(...loopCollections(ctx, blocks, q, ids));
  }
  names.push(...names.flatMap((ids) => copiesOf(ctx, blocks, ids)));
  return { inline, names };
}

/** The named-Id value at j (a query, a local holding one, `local.Id`, `list[0].Id`, a keyed custom setting): what it names and where it ends. */
function namedValueAt(
  ctx: Context,
  j: number,
  values: ReturnType<typeof namedIdValues>,
): (NamedIds & { end: number }) | undefined {
  const inline = values.inline.get(j);
  if (inline) return inline;
  const setting = settingByName(ctx, j);
  if (setting)
    return { method: 'getProfileId', field: 'custom setting key', literals: [setting.literal], end: setting.end };
  const named = isDot(ctx, j - 1)
    ? undefined
    : values.names.find((n) => n.name === lc(ctx, j) && j >= n.from && j < n.to);
  if (!named) return undefined;
  return { ...named, end: idAccessEnd(ctx, j + 1) };
}

/** `UserInfo.getProfileId() != adminId`, `ids.contains(UserInfo.getProfileId())`, `m.containsKey(...)`: a named record's Id against the running user's. */
function namedIdChecks(
  ctx: Context,
  operands: Operand[],
  values: ReturnType<typeof namedIdValues>,
): ApexIdentityCheck[] {
  const out: ApexIdentityCheck[] = [];
  for (const op of operands.filter((o) => !o.field)) {
    const subject = expandOperand(ctx, op.span);
    const check = (
      from: number,
      to: number,
      ids: NamedIds,
      operator: ApexComparisonOperator,
      excludes: boolean,
    ): void => {
      if (ids.field !== 'custom setting key' && ids.method !== op.method) return;
      const start = ctx.tokens[from].start;
      out.push({
        method: op.method,
        namedBy: ids.field,
        offset: start,
        length: ctx.tokens[to - 1].end - start,
        literal: ids.literals.join(', '),
        operator,
        excludes: excludes || undefined,
      });
    };
    const after = lc(ctx, subject.e);
    if (after === '==' || after === '!=') {
      const right = namedValueAt(ctx, subject.e + 1, values);
      if (right) check(subject.s, right.end, right, after, after === '!=');
    }
    const before = lc(ctx, subject.s - 1);
    if ((before === '==' || before === '!=') && isIdent(ctx, subject.s - 2)) {
      const start = dottedStart(ctx, subject.s - 2);
      const left = namedValueAt(ctx, start, values);
      if (left?.end === subject.s - 1) check(start, subject.e, left, before, before === '!=');
    }
    const soleArgument = lc(ctx, subject.s - 1) === '(' && ctx.partner.get(subject.s - 1) === subject.e;
    if (soleArgument && ['contains', 'containskey'].includes(lc(ctx, subject.s - 2)) && isDot(ctx, subject.s - 3)) {
      let receiver = subject.s - 4;
      // m.keySet().contains(...)
      if (lc(ctx, receiver) === ')' && lc(ctx, receiver - 2) === 'keyset') receiver -= 4;
      const start = dottedStart(ctx, receiver);
      const collection = namedValueAt(ctx, start, values);
      const negated = lc(ctx, start - 1) === '!';
      if (collection) check(negated ? start - 1 : start, subject.e + 1, collection, 'contains', negated);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Collections and switches: BYPASS_USERS.contains(UserInfo.getUserName()), switch on UserInfo.getUserName() { when ... }

/** String literals directly inside the braces opening at `open` (a collection initializer). */
function bracedLiterals(ctx: Context, open: number): string[] {
  const close = ctx.partner.get(open);
  if (lc(ctx, open) !== '{' || close === undefined) return [];
  const inner = ctx.tokens.slice(open + 1, close);
  return inner.every((t) => t.kind === 'string' || t.lower === ',')
    ? inner.filter((t) => t.kind === 'string').map((t) => t.value ?? '')
    : [];
}

/** The literals of the initializer after `new` at `j`: `Set<String>{ '...', ... }` (or List). */
function initializerLiterals(ctx: Context, j: number): string[] {
  let k = j;
  while (k < ctx.tokens.length && lc(ctx, k) !== '{' && lc(ctx, k) !== ';' && lc(ctx, k) !== '(') k++;
  return bracedLiterals(ctx, k);
}

/** The literals of `NAME = new Set<String>{ '...', ... }` (or List), wherever NAME is initialised in the file. */
function collectionLiterals(ctx: Context, name: string): string[] {
  for (let i = 0; i < ctx.tokens.length; i++) {
    if (lc(ctx, i) !== name || lc(ctx, i + 1) !== '=' || lc(ctx, i + 2) !== 'new' || isDot(ctx, i - 1)) continue;
    const literals = initializerLiterals(ctx, i + 3);
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
    while (
      start !== undefined &&
      start > 0 &&
      lc(ctx, start - 1) !== '(' &&
      !LEFT_BOUNDARIES.has(lc(ctx, start - 1)) &&
      lc(ctx, start - 1) !== 'new'
    )
      start--;
    if (start !== undefined && lc(ctx, start - 1) === 'new') start--;
  } else if (isIdent(ctx, receiverEnd)) {
    start = dottedStart(ctx, receiverEnd);
    literals = collectionLiterals(ctx, lc(ctx, receiverEnd));
  }
  if (start === undefined || literals.length === 0 || !isWholeTerm(ctx, { s: start, e: subject.e + 1 }))
    return undefined;
  const from = ctx.tokens[start].start;
  return {
    method,
    offset: from,
    length: ctx.tokens[subject.e].end - from,
    literal: literals.join(', '),
    operator: 'contains',
  };
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
        checks.push({
          method,
          offset: from,
          length: literals[literals.length - 1].end - from,
          literal: literals.map((t) => t.value ?? '').join(', '),
          operator: '==',
        });
      }
      k = end - 1;
    }
  }
  return checks;
}

/** What `indexOf(...) <op> <value>` tests: that the text is absent, present, or neither. */
function indexOfPolarity(op: string, value: number): 'absent' | 'present' | undefined {
  if (Number.isNaN(value)) return undefined;
  if ((op === '<' && value <= 0) || (op === '<=' && value < 0) || (op === '==' && value === -1)) return 'absent';
  if ((op === '>=' && value >= 0) || (op === '>' && value === -1) || (op === '!=' && value === -1)) return 'present';
  return undefined;
}

/** `<identity>.indexOf('x') < 0` (and `>= 0`, `> -1`, `!= -1`, `== -1`): a contains check written the old way. */
function indexOfCheck(ctx: Context, subject: Span, method: ApexIdentityMethod): ApexIdentityCheck | undefined {
  if (!isDot(ctx, subject.e) || lc(ctx, subject.e + 1) !== 'indexof' || lc(ctx, subject.e + 2) !== '(')
    return undefined;
  const close = ctx.partner.get(subject.e + 2);
  const literal = close === undefined ? undefined : pureLiteral(ctx, { s: subject.e + 3, e: close });
  if (close === undefined || literal === undefined) return undefined;
  const negative = lc(ctx, close + 2) === '-';
  const polarity = indexOfPolarity(
    lc(ctx, close + 1),
    Number(lc(ctx, close + (negative ? 3 : 2))) * (negative ? -1 : 1),
  );
  if (!polarity) return undefined;
  const absent = polarity === 'absent';
  const end = close + (negative ? 4 : 3);
  const from = ctx.tokens[subject.s].start;
  return {
    method,
    offset: from,
    length: ctx.tokens[end - 1].end - from,
    literal: comparedValue(ctx, literal),
    operator: 'contains',
    excludes: absent || undefined,
  };
}

function comparisonsOf(ctx: Context, op: Operand): ApexIdentityCheck[] {
  const subject = expandOperand(ctx, op.span);
  const check =
    findCheck(ctx, op.span, op.method) ??
    collectionCheck(ctx, subject, op.method) ??
    indexOfCheck(ctx, subject, op.method);
  return [...(check ? [check] : []), ...switchChecks(ctx, subject, op.method)].map((c) =>
    op.field ? { ...c, queriedField: op.field } : c,
  );
}

/** The statement around an offset mentions Test.isRunningTest(): a hook for tests, not an exemption in production. */
function inTestHook(ctx: Context, offset: number): boolean {
  let i = ctx.tokens.findIndex((t) => t.start >= offset);
  if (i < 0) return false;
  while (i > 0 && ![';', '{', '}'].includes(lc(ctx, i - 1))) i--;
  for (let k = i; k < ctx.tokens.length && ![';', '{', '}'].includes(lc(ctx, k)); k++)
    if (lc(ctx, k) === 'test' && isDot(ctx, k + 1) && lc(ctx, k + 2) === 'isrunningtest') return true;
  return false;
}

/**
 * Comparisons of the running user's identity (`UserInfo.getUserName()`, `getUserId()`, `getProfileId()`, ...) with
 * a string literal, in source order: `==`/`!=` either way round, `.equals`, `.equalsIgnoreCase`, `.contains`,
 * `.startsWith`, `.indexOf(...) < 0` (and `'literal'.equals(...)`/`.contains(...)`), a literal collection's
 * `.contains(...)` and `switch on`; through a local assigned from UserInfo; on fields of the running user's own
 * Profile, User or UserRole record (queried by `Id = :UserInfo.get...()`, also through locals, loop variables,
 * aliases and copies of the field); filters on that record inside the query itself; and the Id of a record looked
 * up by name (a query, a list built from one, a custom setting keyed by a name) compared with the running user's.
 * Comparisons with variables that hold no literal are not reported.
 */
export function findApexIdentityChecks(source: string): ApexIdentityCheck[] {
  const tokens = tokenize(source);
  const unpaired: Context = { source, tokens, partner: NO_PARTNERS };
  const calls: Array<NonNullable<ReturnType<typeof userInfoCall>>> = [];
  for (let i = 0; i < tokens.length; i++) {
    const call = tokens[i].lower === 'userinfo' ? userInfoCall(unpaired, i) : undefined;
    if (call) calls.push(call);
  }
  // Every check starts from a UserInfo call (directly, through a local or a query on the running user's record):
  // without one, brackets, blocks and the rest are not worth working out.
  if (!calls.length) return [];
  const ctx: Context = { source, tokens, partner: pairBrackets(tokens) };
  const blocks = enclosingBlocks(ctx);
  const constants = stringConstants(ctx);
  const locals = idLocals(ctx, calls);
  const queries: Array<NonNullable<ReturnType<typeof parseSoql>>> = [];
  for (let i = 0; i < tokens.length; i++) {
    const query = tokens[i].lower === '[' ? parseSoql(ctx, i, constants) : undefined;
    if (query) queries.push(query);
  }
  const operands: Operand[] = [
    ...calls.map((c) => ({ span: c.span, method: c.method })),
    ...boundOperands(ctx, blocks, calls),
    ...ownRecordOperands(ctx, blocks, queries, locals),
  ];
  const checks = [
    ...operands.flatMap((op) => comparisonsOf(ctx, op)),
    ...ownQueryFilterChecks(ctx, queries, locals),
    ...namedIdChecks(ctx, operands, namedIdValues(ctx, blocks, queries, locals)),
  ];
  const unique = new Map<string, ApexIdentityCheck>();
  // An empty literal (`name != ''`) is a blank check, not an identity.
  for (const c of checks)
    if (c.literal.trim() && !unique.has(`${c.offset}:${c.length}`))
      unique.set(`${c.offset}:${c.length}`, inTestHook(ctx, c.offset) ? { ...c, testOnly: true } : c);
  return [...unique.values()].sort((a, b) => a.offset - b.offset);
}
