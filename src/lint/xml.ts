import { XMLParser } from 'fast-xml-parser';
import type { ProjectFile, XmlFile } from './types.js';
import { lineColumn, lineIndex } from './analysis/position.js';

/** An element tree node: child elements are always arrays, text content is in '#text'. */
export type XmlNode = Record<string, unknown>;

/** fast-xml-parser options of the engine (the benchmark's read+parse bound uses the same). */
export const XML_PARSER_OPTIONS = {
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Every element is an array, so rules never have to guess whether an element repeats.
  isArray: (): boolean => true,
  processEntities: true,
  htmlEntities: false,
  commentPropName: false,
} as const;

const parser = new XMLParser(XML_PARSER_OPTIONS);

/** Child elements named `tag`. */
export function children(node: unknown, tag: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as XmlNode)[tag];
  if (!Array.isArray(value)) return [];
  return value.map((v) => (v !== null && typeof v === 'object' ? (v as XmlNode) : { '#text': v as unknown }));
}

/** Text of the first child element named `tag` (undefined when absent; '' when empty). */
export function childText(node: unknown, tag: string): string | undefined {
  const [first] = children(node, tag);
  if (!first) return undefined;
  const text = first['#text'];
  if (text === undefined) return Object.keys(first).length ? undefined : '';
  return String(text);
}

/** Texts of every child element named `tag`. */
export function childTexts(node: unknown, tag: string): string[] {
  return children(node, tag)
    .map((c) => c['#text'])
    .filter((t) => t !== undefined)
    .map(String);
}

/** Replaces XML comments by spaces (newlines kept) so tag searches never land inside one. */
function maskComments(text: string): string {
  if (!text.includes('<!--')) return text;
  return text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
}

export type XmlParseFailure = { message: string; line?: number; column?: number };

/** The root element name, without parsing the whole document. */
function rootName(text: string): string | undefined {
  const re = /<([A-Za-z_][\w.-]*)[\s>/]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const before = text.slice(Math.max(0, m.index - 1), m.index + 2);
    if (!before.startsWith('<?') && !before.startsWith('<!')) return m[1];
  }
  return undefined;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;

/**
 * A single pass that checks tags balance and names match, with the line and column of the first problem. It costs
 * about twice reading the bytes, where a full parse of a large profile costs fifty times that.
 */
/** Where markup that is not an element (comment, CDATA, declaration) ends, or -1 if unclosed; undefined if not one. */
function skipSpecial(text: string, i: number): { end: number; what: string } | undefined {
  if (text.startsWith('<!--', i)) return { end: endOf(text, '-->', i + 4), what: 'comment' };
  if (text.startsWith('<![CDATA[', i)) return { end: endOf(text, ']]>', i + 9), what: 'CDATA section' };
  if (text.startsWith('<?', i) || text.startsWith('<!', i)) return { end: endOf(text, '>', i + 2), what: 'declaration' };
  return undefined;
}

function endOf(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? -1 : at + close.length;
}

/**
 * A single pass that checks tags balance and names match, with the line and column of the first problem. It costs
 * about twice reading the bytes, where a full parse of a large profile costs fifty times that.
 */
export function checkWellFormed(text: string): XmlParseFailure | undefined {
  const stack: Array<{ name: string; at: number }> = [];
  let roots = 0;
  let i = text.indexOf('<');
  let amp = text.indexOf('&');
  const fail = (message: string, at: number): XmlParseFailure => ({ message, ...lineColumn(text, at) });
  if (text.slice(0, i < 0 ? text.length : i).trim()) return fail('text before the root element', 0);
  while (i !== -1) {
    const special = skipSpecial(text, i);
    if (special) {
      if (special.end < 0) return fail(`${special.what} is not closed`, i);
      i = text.indexOf('<', special.end);
      continue;
    }
    const tag = readTag(text, i);
    if ('message' in tag) return fail(tag.message, i);
    if (tag.closing) {
      const open = stack.pop();
      if (!open) return fail(`closing tag </${tag.name}> has no opening tag`, i);
      if (open.name !== tag.name) return fail(`closing tag </${tag.name}> does not match <${open.name}>`, i);
    } else {
      if (stack.length === 0 && ++roots > 1) return fail('more than one root element', i);
      if (!tag.selfClosing) stack.push({ name: tag.name, at: i });
    }
    const next = text.indexOf('<', tag.end + 1);
    if (stack.length === 0 && text.slice(tag.end + 1, next < 0 ? text.length : next).trim()) return fail('text after the root element', tag.end + 1);
    const entities = scanEntities(text, amp, tag.end, next);
    if (entities.bad !== undefined) return fail("'&' must start an entity such as &amp; (write & as &amp;)", entities.bad);
    amp = entities.amp;
    i = next;
  }
  if (stack.length) return fail(`element <${stack[stack.length - 1].name}> is not closed`, stack[stack.length - 1].at);
  return roots === 0 ? fail('no root element', 0) : undefined;
}

const ATTRIBUTES = /^(?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*$/;

/** Where the tag's closing '>' is: the first one outside quotes (an attribute value may hold '>'). */
function tagEnd(text: string, from: number): number {
  const end = text.indexOf('>', from);
  if (end < 0) return -1;
  const head = text.slice(from, end);
  if (!head.includes('"') && !head.includes("'")) return end;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}

/** The tag starting at i: its name, whether it closes or self-closes, and where it ends. */
function readTag(text: string, i: number): { name: string; closing: boolean; selfClosing: boolean; end: number } | { message: string } {
  const closing = text.charAt(i + 1) === '/';
  NAME.lastIndex = i + (closing ? 2 : 1);
  const m = NAME.exec(text);
  if (!m) return { message: "'<' must start a tag" };
  const end = tagEnd(text, NAME.lastIndex);
  if (end < 0) return { message: `tag <${m[0]}> is not closed, or one of its attribute values misses its closing quote` };
  const between = text.slice(NAME.lastIndex, end);
  const selfClosing = !closing && between.endsWith('/');
  const attributes = selfClosing ? between.slice(0, -1) : between;
  if (closing ? attributes.trim() !== '' : !ATTRIBUTES.test(attributes)) {
    return { message: `malformed attributes in tag <${m[0]}> (an unclosed quote, or a value without quotes)` };
  }
  return { name: m[0], closing, selfClosing, end };
}

/** An '&' in text must start one of XML's five entities or a character reference (&nbsp; is HTML, not XML). */
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/y;

/**
 * Checks the '&'s of the text between a tag's end and the next tag. `amp` is the next '&' not yet looked at; one
 * pointer over the whole file keeps this a single pass. '&'s inside tags (attribute values) are passed over.
 */
function scanEntities(text: string, amp: number, afterTag: number, next: number): { amp: number; bad?: number } {
  let at = amp;
  while (at >= 0 && at < afterTag) at = text.indexOf('&', at + 1);
  while (at >= 0 && (next < 0 || at < next)) {
    ENTITY.lastIndex = at;
    if (!ENTITY.test(text)) return { amp: at, bad: at };
    at = text.indexOf('&', at + 1);
  }
  return { amp: at };
}

/** Top-level blocks <tag>...</tag> of the root, found by scanning (no parse of the rest of the file). */
function scanBlocks(masked: string, tag: string): Array<{ offset: number; xml: string }> {
  const out: Array<{ offset: number; xml: string }> = [];
  const close = `</${tag}>`;
  for (let at = nextTag(masked, tag, 0); at >= 0; ) {
    const end = masked.indexOf(close, at);
    if (end < 0) break;
    out.push({ offset: at, xml: masked.slice(at, end + close.length) });
    at = nextTag(masked, tag, end + close.length);
  }
  return out;
}

/**
 * Parses an XML file for the rules. Well-formedness is checked first so a broken file becomes one parse-error
 * finding with its line and column. The element tree is built only when a rule asks for `data`; rules on large
 * files (profiles, permission sets) ask for `blocks` of the few elements they need instead. What only the full parser
 * rejects, later, goes to onLateFailure with the parser's reason (and the element, for a block).
 */
export function parseXmlFile(
  file: ProjectFile,
  text: string,
  onLateFailure: (reason: string, element?: string) => void = (): void => undefined
): XmlFile | XmlParseFailure {
  const broken = checkWellFormed(text);
  if (broken) return broken;
  const root = rootName(text);
  if (!root) return { message: 'no root element' };
  let lookup: ((offset: number) => { line: number; column: number }) | undefined;
  let masked: string | undefined;
  let data: XmlNode | undefined;
  const position = (offset: number): { line: number; column: number } => (lookup ??= lineIndex(text))(offset);
  return {
    file,
    text,
    root,
    get data(): XmlNode {
      if (!data) {
        try {
          const parsed = parser.parse(text) as Record<string, unknown[]>;
          const rootValue = parsed[root]?.[0];
          data = rootValue && typeof rootValue === 'object' ? (rootValue as XmlNode) : {};
        } catch (e) {
          // The scan above is lighter than the parser; what only the parser rejects is still a parse error, not a crash.
          onLateFailure((e as Error).message.split('\n')[0]);
          data = {};
        }
      }
      return data;
    },
    blocks(tag: string): Array<{ node: XmlNode; offset: number }> {
      masked ??= maskComments(text);
      return scanBlocks(masked, tag).flatMap((b) => {
        try {
          const parsed = parser.parse(b.xml) as Record<string, unknown[]>;
          const value = parsed[tag]?.[0];
          return [{ node: value && typeof value === 'object' ? (value as XmlNode) : { '#text': value }, offset: b.offset }];
        } catch (e) {
          onLateFailure((e as Error).message.split('\n')[0], tag);
          return [];
        }
      });
    },
    position,
    locateTag(tag: string, occurrence = 0, fromOffset = 0): { line: number; column: number; offset: number } | undefined {
      masked ??= maskComments(text);
      let at = fromOffset - 1;
      for (let n = 0; n <= occurrence; n++) {
        at = nextTag(masked, tag, at + 1);
        if (at < 0) return undefined;
      }
      return { ...position(at), offset: at };
    },
  };
}

function nextTag(text: string, tag: string, from: number): number {
  const open = `<${tag}`;
  let at = text.indexOf(open, from);
  while (at >= 0) {
    const next = text.charAt(at + open.length);
    if (next === '>' || next === ' ' || next === '/' || next === '\t' || next === '\n' || next === '\r') return at;
    at = text.indexOf(open, at + 1);
  }
  return -1;
}

export function isParseFailure(x: XmlFile | XmlParseFailure): x is XmlParseFailure {
  return !('root' in x);
}
