import { XMLParser } from 'fast-xml-parser';
import { textOf } from '../shared/text.js';
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
  return textOf(text);
}

/**
 * Whether a rule looking for `text` in a file's elements has to parse them: the file may hold it (literally, or spelt
 * with character references such as `&#65;`; the named entities stand for punctuation only), or it is a large file,
 * not checked whole, whose elements are checked as rules read them (a broken one is still found).
 */
export function mayHoldText(xml: XmlFile, text: string): boolean {
  return xml.text.length >= LARGE_XML_BYTES || xml.text.includes(text) || xml.text.includes('&#');
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

/** Where markup that is not an element (comment, CDATA, declaration) ends, or -1 if unclosed; undefined if not one. */
function skipSpecial(text: string, i: number): { end: number; what: string } | undefined {
  const next = text.charCodeAt(i + 1);
  if (next !== 33 /* ! */ && next !== 63 /* ? */) return undefined;
  if (text.startsWith('<!--', i)) return { end: endOf(text, '-->', i + 4), what: 'comment' };
  if (text.startsWith('<![CDATA[', i)) return { end: endOf(text, ']]>', i + 9), what: 'CDATA section' };
  return { end: endOf(text, '>', i + 2), what: 'declaration' };
}

function endOf(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? -1 : at + close.length;
}

const isNameStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;

/** End of the element name starting at `from`, or `from` when there is none. */
function nameEnd(text: string, from: number): number {
  if (!isNameStart(text.charCodeAt(from))) return from;
  let at = from + 1;
  while (at < text.length && isNameChar(text.charCodeAt(at))) at++;
  return at;
}

/** Where the elements named `tag` start, in document order, from the offsets of every start tag. */
function startsOf(text: string, starts: readonly number[], tag: string): number[] {
  return starts.filter((at) => text.startsWith(tag, at + 1) && nameEnd(text, at + 1) === at + 1 + tag.length);
}

/**
 * The open elements, innermost last: where each one's '<' is and where its name ends (two arrays of offsets, so a
 * tag costs no allocation).
 */
type OpenElements = { starts: number[]; nameEnds: number[] };

/** The innermost open element's name (for a message). */
function innermostName(text: string, open: OpenElements): string {
  const depth = open.starts.length - 1;
  return text.slice(open.starts[depth] + 1, open.nameEnds[depth]);
}

/** The length of the name of the element a closing tag at `from` closes, or -1 when it does not close the innermost. */
function closedLength(text: string, open: OpenElements, from: number): number {
  const depth = open.starts.length - 1;
  if (depth < 0) return -1;
  const name = open.starts[depth] + 1;
  const length = open.nameEnds[depth] - name;
  // Compared where it stands, not scanned first: a closing tag mostly closes the innermost element.
  for (let k = 0; k < length; k++) if (text.charCodeAt(name + k) !== text.charCodeAt(from + k)) return -1;
  return isNameChar(text.charCodeAt(from + length)) ? -1 : length;
}

/** The text from a tag's end to the next tag: none after the root, and every '&' an entity. The next '&', or why not. */
function checkAfterTag(
  text: string,
  end: number,
  next: number,
  atRoot: boolean,
  amp: number,
): number | { message: string; at: number } {
  if (atRoot && text.slice(end + 1, next < 0 ? text.length : next).trim())
    return { message: 'text after the root element', at: end + 1 };
  if (amp < 0 || (next >= 0 && amp > next)) return amp;
  const entities = scanEntities(text, amp, end, next);
  return entities.bad === undefined
    ? entities.amp
    : { message: "'&' must start an entity such as &amp; (write & as &amp;)", at: entities.bad };
}

/** Why a closing tag that does not close the innermost element is wrong. */
function unmatchedClose(text: string, open: OpenElements, name: string): string {
  return open.starts.length
    ? `closing tag </${name}> does not match <${innermostName(text, open)}>`
    : `closing tag </${name}> has no opening tag`;
}

/**
 * A single pass that checks tags balance and names match, with the line and column of the first problem, and
 * records where every start tag is, so rules find the elements they need without scanning the text again. Nothing
 * is allocated per tag: the pass costs a few times what reading the bytes does.
 */
export function scanXml(text: string): { failure: XmlParseFailure } | { starts: number[] } {
  const open: OpenElements = { starts: [], nameEnds: [] };
  const starts: number[] = [];
  let roots = 0;
  let i = text.indexOf('<');
  let amp = text.indexOf('&');
  const fail = (message: string, at: number): { failure: XmlParseFailure } => ({
    failure: { message, ...lineColumn(text, at) },
  });
  if (text.slice(0, i < 0 ? text.length : i).trim()) return fail('text before the root element', 0);
  while (i !== -1) {
    const special = skipSpecial(text, i);
    if (special) {
      if (special.end < 0) return fail(`${special.what} is not closed`, i);
      i = text.indexOf('<', special.end);
      continue;
    }
    const closing = text.charCodeAt(i + 1) === 47; /* / */
    const from = i + (closing ? 2 : 1);
    const closed = closing ? closedLength(text, open, from) : -1;
    const after = closed >= 0 ? from + closed : nameEnd(text, from);
    if (after === from) return fail("'<' must start a tag", i);
    // Most tags are <name> or </name>: nothing between the name and '>'.
    let end = after;
    let selfClosing = false;
    if (text.charCodeAt(after) !== 62 /* > */) {
      const tag = tagWithAttributes(text, from, after, closing);
      if ('message' in tag) return fail(tag.message, i);
      ({ end, selfClosing } = tag);
    }
    if (closed >= 0) {
      open.starts.pop();
      open.nameEnds.pop();
    } else if (closing) return fail(unmatchedClose(text, open, text.slice(from, after)), i);
    else {
      if (open.starts.length === 0 && ++roots > 1) return fail('more than one root element', i);
      if (!selfClosing) {
        open.starts.push(i);
        open.nameEnds.push(after);
      }
      starts.push(i);
    }
    const next = text.indexOf('<', end + 1);
    const checked = checkAfterTag(text, end, next, open.starts.length === 0, amp);
    if (typeof checked !== 'number') return fail(checked.message, checked.at);
    amp = checked;
    i = next;
  }
  if (open.starts.length)
    return fail(`element <${innermostName(text, open)}> is not closed`, open.starts[open.starts.length - 1]);
  return roots === 0 ? fail('no root element', 0) : { starts };
}

/** The first problem that makes the text not well-formed XML, or undefined. */
export function checkWellFormed(text: string): XmlParseFailure | undefined {
  const scanned = scanXml(text);
  return 'failure' in scanned ? scanned.failure : undefined;
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

/** A tag with something between its name (from..after) and its '>': where it ends, and whether it self-closes. */
function tagWithAttributes(
  text: string,
  from: number,
  after: number,
  closing: boolean,
): { selfClosing: boolean; end: number } | { message: string } {
  const end = tagEnd(text, after);
  if (end < 0)
    return {
      message: `tag <${text.slice(from, after)}> is not closed, or one of its attribute values misses its closing quote`,
    };
  const between = text.slice(after, end);
  const selfClosing = !closing && between.endsWith('/');
  const attributes = selfClosing ? between.slice(0, -1) : between;
  if (closing ? attributes.trim() !== '' : !ATTRIBUTES.test(attributes)) {
    return {
      message: `malformed attributes in tag <${text.slice(from, after)}> (an unclosed quote, or a value without quotes)`,
    };
  }
  return { selfClosing, end };
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

/**
 * Files from this size on are not scanned whole up front: rules read a few elements of them (the userPermissions of
 * a 3 MB profile), found with the runtime's own string search, and each element is parsed, and so checked, when a
 * rule reads it. Below it, the one-pass scan costs little and reports any malformation at its line and column.
 */
export const LARGE_XML_BYTES = 1024 * 1024;

/** Offset in `text` of the start of 1-based line `line` (for a position inside a block). */
function lineOffset(text: string, line = 1): number {
  let at = 0;
  for (let n = 1; n < line && at >= 0; n++) at = text.indexOf('\n', at) + 1;
  return Math.max(0, at);
}

/** The first `<tag` (followed by a delimiter) at or after `from` in text, or -1. */
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

/** Where elements start: from the scan's index, or searched in the comment-masked text of a large file. */
type TagFinder = (tag: string, from: number) => number;

/** The first of the (sorted) starts at or after `from`, or -1. */
function startAtOrAfter(starts: readonly number[], from: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length ? starts[lo] : -1;
}

/** Line ends as an XML parser reads them (and fast-xml-parser does, over the whole text first): CRLF and CR are LF. */
function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** XML's five named entities, which the parser decodes (in one pass: `&amp;lt;` is `&lt;`). */
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
const NAMED_ENTITY = /&(lt|gt|quot|apos|amp);/g;
/** An '&' that starts no named entity: a character reference or an error, which the parser handles its own way. */
const OTHER_AMPERSAND = /&(?!(?:lt|gt|quot|apos|amp);)/;

/** No character reference, stray '&', comment, CDATA or declaration: parseSimpleXml may read it. */
function plainEnough(source: string): boolean {
  return !(source.includes('&') && OTHER_AMPERSAND.test(source)) && !source.includes('<!');
}

function decodeNamedEntities(text: string): string {
  return text.includes('&') ? text.replace(NAMED_ENTITY, (_, name: string) => NAMED_ENTITIES[name]) : text;
}

/** A start or end tag; attribute values are skipped (the engine's parser ignores attributes). */
const SIMPLE_TAG = /<(\/?)([A-Za-z_][\w.-]*)(?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*(\/?)>/y;
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** An element being read: its children so far and the text between them. */
class SimpleFrame {
  public readonly node: XmlNode = {};
  public text = '';
  public children = false;

  public constructor(public readonly name: string) {}

  public add(name: string, value: unknown): void {
    this.children = true;
    const list = this.node[name] as unknown[] | undefined;
    if (list) list.push(value);
    else this.node[name] = [value];
  }

  /** Its value in its parent: its children, or its trimmed text; undefined for mixed content (the parser's case). */
  public value(): unknown {
    if (!this.children) return decodeNamedEntities(this.text.trim());
    return this.text.trim() ? undefined : this.node;
  }
}

/** Where the elements start: after the XML declaration; -1 when there is a processing instruction or none. */
function elementsStart(text: string): number {
  let at = text.indexOf('<');
  if (text.startsWith('<?xml', at)) {
    const end = text.indexOf('?>', at);
    at = end < 0 ? -1 : text.indexOf('<', end + 2);
  }
  return at < 0 || text.includes('<?', at) ? -1 : at;
}

/**
 * A document's root content as fast-xml-parser builds it with the engine's options (every element an array of its
 * values, a leaf's value its trimmed text with XML's named entities decoded, attributes dropped), for documents of
 * plain elements and text: no character reference, comment, CDATA, processing instruction after the declaration,
 * mixed content or odd name. Most metadata files are that (a flow's formulas hold &lt; and &quot;), and this costs a
 * fraction of the parser (whose first calls in a process are most of a pre-commit run's parsing). Undefined for any
 * other document, which the parser then reads.
 */
export function parseSimpleXml(source: string): { root: string; value: unknown } | undefined {
  if (!plainEnough(source)) return undefined;
  const text = normalizeNewlines(source);
  const stack: SimpleFrame[] = [];
  let root: { root: string; value: unknown } | undefined;
  for (let at = elementsStart(text); at >= 0;) {
    SIMPLE_TAG.lastIndex = at;
    const m = SIMPLE_TAG.exec(text);
    if (!m || UNSAFE_NAMES.has(m[2]) || (!stack.length && root)) return undefined;
    const [whole, closing, name, selfClosing] = m;
    if (closing) {
      const frame = stack.pop();
      const value = selfClosing || frame?.name !== name ? undefined : frame.value();
      if (value === undefined) return undefined;
      if (stack.length) stack[stack.length - 1].add(name, value);
      else root = { root: name, value };
    } else if (selfClosing) {
      if (!stack.length) return undefined;
      stack[stack.length - 1].add(name, '');
    } else stack.push(new SimpleFrame(name));
    const next = text.indexOf('<', at + whole.length);
    const between = text.slice(at + whole.length, next < 0 ? text.length : next);
    if (stack.length) stack[stack.length - 1].text += between;
    else if (between.trim()) return undefined;
    at = next;
  }
  return stack.length ? undefined : root;
}

/** Blocks <tag>...</tag> anywhere in the file, from the element index (no parse of the rest of the file). */
function scanBlocks(masked: string, find: TagFinder, tag: string): Array<{ offset: number; xml: string }> {
  const out: Array<{ offset: number; xml: string }> = [];
  const close = `</${tag}>`;
  for (let at = find(tag, 0); at >= 0;) {
    if (masked.startsWith('/>', masked.indexOf('>', at) - 1)) {
      out.push({ offset: at, xml: masked.slice(at, masked.indexOf('>', at) + 1) });
      at = find(tag, at + 1);
      continue;
    }
    const end = masked.indexOf(close, at);
    if (end < 0) break;
    out.push({ offset: at, xml: masked.slice(at, end + close.length) });
    at = find(tag, end + close.length);
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
  onLateFailure: (reason: string, element?: string) => void = (): void => undefined,
): XmlFile | XmlParseFailure {
  let find: TagFinder | undefined;
  let masked: string | undefined;
  if (text.length < LARGE_XML_BYTES) {
    const scanned = scanXml(text);
    if ('failure' in scanned) return scanned.failure;
    // Rules look up one or two elements of most files (a label, a formula): each is found among the start tags when
    // first asked for, instead of indexing every element name of every file.
    const byTag = new Map<string, number[]>();
    find = (tag, from): number => {
      let starts = byTag.get(tag);
      if (!starts) byTag.set(tag, (starts = startsOf(text, scanned.starts, tag)));
      return startAtOrAfter(starts, from);
    };
  }
  const root = rootName(text);
  if (!root) return { message: 'no root element' };
  const findTag = (tag: string, from: number): number => {
    if (!find) {
      const searched = (masked ??= maskComments(text));
      find = (t, f): number => nextTag(searched, t, f);
    }
    return find(tag, from);
  };
  let lookup: ((offset: number) => { line: number; column: number }) | undefined;
  const blockCache = new Map<string, Array<{ node: XmlNode; offset: number }>>();
  let data: XmlNode | undefined;
  const position = (offset: number): { line: number; column: number } => (lookup ??= lineIndex(text))(offset);
  return {
    file,
    text,
    root,
    get data(): XmlNode {
      if (!data) {
        const simple = parseSimpleXml(text);
        if (simple?.root === root) {
          data = simple.value && typeof simple.value === 'object' ? (simple.value as XmlNode) : {};
          return data;
        }
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
      // Each tag's blocks are parsed once: a shared file (a workflow, an app) is read by every batch's rules.
      const cached = blockCache.get(tag);
      if (cached) return cached;
      masked ??= maskComments(text);
      const scannedWhole = text.length < LARGE_XML_BYTES;
      const found = scanBlocks(masked, findTag, tag).flatMap((b) => {
        // A block of plain elements (a profile's userPermissions, a workflow rule and its criteria) is read without the
        // parser; reading it checks it.
        const simple = parseSimpleXml(b.xml);
        if (simple?.root === tag)
          return [
            {
              node:
                simple.value && typeof simple.value === 'object'
                  ? (simple.value as XmlNode)
                  : { '#text': simple.value },
              offset: b.offset,
            },
          ];
        // A large file was not scanned up front: each block a rule reads is checked here, as it is parsed.
        const broken = scannedWhole ? undefined : checkWellFormed(b.xml);
        if (broken) {
          onLateFailure(`${broken.message} (at line ${position(b.offset + lineOffset(b.xml, broken.line)).line})`, tag);
          return [];
        }
        try {
          const parsed = parser.parse(b.xml) as Record<string, unknown[]>;
          const value = parsed[tag]?.[0];
          return [
            { node: value && typeof value === 'object' ? (value as XmlNode) : { '#text': value }, offset: b.offset },
          ];
        } catch (e) {
          onLateFailure((e as Error).message.split('\n')[0], tag);
          return [];
        }
      });
      blockCache.set(tag, found);
      return found;
    },
    position,
    locateTag(
      tag: string,
      occurrence = 0,
      fromOffset = 0,
    ): { line: number; column: number; offset: number } | undefined {
      let at = fromOffset - 1;
      for (let n = 0; n <= occurrence; n++) {
        at = findTag(tag, at + 1);
        if (at < 0) return undefined;
      }
      return { ...position(at), offset: at };
    },
  };
}

export function isParseFailure(x: XmlFile | XmlParseFailure): x is XmlParseFailure {
  return !('root' in x);
}
