import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { cachedDocument, type CachedDocument } from './documentCache.js';
import type { ProjectFile, SpecFileView, UserDefinitionView } from './types.js';

export type DocumentFailure = { message: string; line?: number; column?: number };

type Located = { line?: number; column?: number };
type Parsed = { data: Record<string, unknown>; locate: (path: Array<string | number>) => Located } | DocumentFailure;

/** 1-based line and column of an offset, as yaml's LineCounter counts them (a line ends at \n). */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

const JSON_WHITESPACE = /[ \t\n\r]*/y;
const JSON_SCALAR = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Where every value of a valid JSON text starts, by path ('k:<key>' and 'i:<index>' steps joined by \0), or undefined
 * when an object repeats a key (JSON.parse keeps the last, YAML refuses it: yaml's reading is the one reported).
 */
function jsonValueOffsets(text: string): Map<string, number> | undefined {
  const offsets = new Map<string, number>();
  let i = 0;
  const skip = (): void => {
    JSON_WHITESPACE.lastIndex = i;
    JSON_WHITESPACE.exec(text);
    i = JSON_WHITESPACE.lastIndex;
  };
  /** Past the string at i (the text is valid JSON: it ends at the first unescaped quote). */
  const string = (): string => {
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
    return text.slice(start, i);
  };
  const value = (path: string): boolean => {
    skip();
    offsets.set(path, i);
    const prefix = path ? `${path}\0` : '';
    const c = text[i];
    if (c === '{' || c === '[') {
      const keys = new Set<string>();
      i++;
      for (let index = 0; ; index++) {
        skip();
        if (text[i] === (c === '{' ? '}' : ']')) break;
        if (c === '{') {
          const key = JSON.parse(string()) as string;
          if (keys.has(key)) return false;
          keys.add(key);
          skip();
          i++; // ':'
          if (!value(`${prefix}k:${key}`)) return false;
        } else if (!value(`${prefix}i:${index}`)) return false;
        skip();
        if (text[i] === ',') i++;
      }
      i++;
      return true;
    }
    if (c === '"') string();
    else {
      JSON_SCALAR.lastIndex = i;
      if (!JSON_SCALAR.test(text)) throw new Error(`unexpected JSON at ${i}`);
      i = JSON_SCALAR.lastIndex;
    }
    return true;
  };
  return value('') ? offsets : undefined;
}

/**
 * A JSON object read with JSON.parse, a hundredth of what yaml's parse costs (user definitions and JSON specs are
 * read on every run, a pre-commit one included); positions are those yaml would give. Undefined for anything yaml may
 * read differently (not JSON, a repeated key, `__proto__`, not an object): yaml then reads it.
 */
export function parseJsonWithPositions(text: string): Parsed | undefined {
  if (!/^\s*\{/.test(text) || text.includes('__proto__')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  let offsets: Map<string, number> | undefined;
  try {
    offsets = jsonValueOffsets(text);
  } catch {
    return undefined;
  }
  if (!offsets || typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return { data: data as Record<string, unknown>, locate: locator(text, offsets) };
}

/**
 * Where a key path is, from the offsets of every value ('k:<key>', 'n:<numeric key>', 'i:<index>' steps joined by
 * \0), as yaml's getIn finds it: a number is a numeric key or a sequence index; a string names a key, or indexes a
 * sequence when it is all digits. The nearest value found is where the path is (yaml's locate falls back the same way).
 */
function locator(text: string, offsets: Map<string, number>): (path: Array<string | number>) => Located {
  return (path) => {
    let at = '';
    let offset = offsets.get('');
    for (const step of path) {
      const candidates =
        typeof step === 'number'
          ? [`n:${step}`, `i:${step}`]
          : [`k:${step}`, ...(/^\d+$/.test(step) ? [`i:${Number(step)}`] : [])];
      const next = candidates.map((c) => (at ? `${at}\0${c}` : c)).find((key) => offsets.has(key));
      if (next === undefined) break;
      at = next;
      offset = offsets.get(next);
    }
    return offset === undefined ? {} : positionOf(text, offset);
  };
}

/** The start of every value of a yaml node, by path (as locator reads them); aliases are not followed, as in getIn. */
function yamlOffsets(node: unknown, at: string, out: Map<string, number>): Map<string, number> {
  const range = (node as { range?: [number, number] } | null)?.range;
  if (!range) return out;
  out.set(at, range[0]);
  const prefix = at ? `${at}\0` : '';
  if (isMap(node)) {
    for (const pair of node.items) {
      const key: unknown = isScalar(pair.key) ? pair.key.value : undefined;
      const step = typeof key === 'string' ? `k:${key}` : typeof key === 'number' ? `n:${key}` : undefined;
      if (step) yamlOffsets(pair.value, prefix + step, out);
    }
  } else if (isSeq(node)) node.items.forEach((item, i) => yamlOffsets(item, `${prefix}i:${i}`, out));
  return out;
}

/** yaml's reading of a document as the cache keeps it: the data and where every value is, or why it failed. */
function readYaml(text: string): CachedDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const pos = lines.linePos(doc.errors[0].pos[0]);
    return { failure: { message: doc.errors[0].message.split('\n')[0], line: pos.line, column: pos.col } };
  }
  const js: unknown = doc.toJS();
  if (js === null || js === undefined) return { failure: { message: 'the file is empty', line: 1, column: 1 } };
  if (typeof js !== 'object' || Array.isArray(js))
    return { failure: { message: 'expected a mapping of keys at the top level', line: 1, column: 1 } };
  return { data: js, offsets: [...yamlOffsets(doc.contents, '', new Map())] };
}

/** A YAML document as yaml reads it, from the document cache when its text was read before. */
export function parseYamlCached(text: string): Parsed {
  const entry = cachedDocument(text, () => readYaml(text));
  if ('failure' in entry) return { ...entry.failure };
  return { data: entry.data as Record<string, unknown>, locate: locator(text, new Map(entry.offsets)) };
}

/** Parses a YAML or JSON document keeping positions; any shape is accepted (rules judge the content). */
function parseWithPositions(text: string): Parsed {
  return parseJsonWithPositions(text) ?? parseYamlCached(text);
}

export function parseSpecView(file: ProjectFile, text: string): SpecFileView | DocumentFailure {
  const parsed = parseWithPositions(text);
  return 'data' in parsed ? { file, data: parsed.data, locate: parsed.locate } : parsed;
}

/** A `sf org create user` definition: a JSON object with a Username. Other config JSON (scratch defs) is not one. */
export function parseUserDefinition(file: ProjectFile, text: string): UserDefinitionView | DocumentFailure | undefined {
  const parsed = parseWithPositions(text);
  if (!('data' in parsed)) return parsed;
  const key = Object.keys(parsed.data).find((k) => k.toLowerCase() === 'username');
  if (!key) return undefined;
  const normalised = Object.fromEntries(
    Object.entries(parsed.data).map(([k, v]) => [k.toLowerCase() === 'username' ? 'Username' : k, v]),
  );
  return {
    file,
    data: normalised,
    locate: (k: string) => parsed.locate([k === 'Username' ? key : k]),
  };
}
