import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { SPEC_TYPE, USER_DEFINITION_TYPE } from './discovery.js';
import { parseSpecView, parseUserDefinition } from './documents.js';
import { isParseFailure, parseXmlFile } from './xml.js';
import type {
  LintConfig,
  ParseProblem,
  ProjectFile,
  Rule,
  RuleContext,
  SpecFileView,
  UserDefinitionView,
  XmlFile,
} from './types.js';

/** Types read as text, not XML. */
const TEXT_TYPES = new Set(['ApexClass', 'ApexTrigger']);
const MB = 1024 * 1024;

/** Files read and parsed, by kind, each list in path order; and what could not be read or parsed. */
export type Loaded = {
  xml: Map<string, XmlFile[]>;
  text: Map<string, Array<{ file: ProjectFile; text: string }>>;
  specs: SpecFileView[];
  userDefinitions: UserDefinitionView[];
  problems: ParseProblem[];
};

function isBinary(buf: Buffer): boolean {
  const sample = buf.subarray(0, 8000);
  return sample.includes(0);
}

/** Per type, the filters of every active rule that reads it, when all of them filter it (else the type is always parsed). */
export function textFilters(active: readonly Rule[]): Map<string, RegExp[]> {
  const out = new Map<string, RegExp[]>();
  const unfiltered = new Set<string>();
  for (const rule of active) {
    for (const type of rule.reads) {
      const filter = rule.textFilter?.[type];
      if (!filter) unfiltered.add(type);
      else out.set(type, [...(out.get(type) ?? []), filter]);
    }
  }
  for (const type of unfiltered) out.delete(type);
  return out;
}

/** The file's size in bytes, statted once and kept on the file, or the error's code. */
export function sizeOf(file: ProjectFile): number | string {
  if (file.size === undefined) {
    try {
      // Kept on the file, so batching and reading stat it once.
      // eslint-disable-next-line no-param-reassign
      file.size = statSync(file.absolute).size;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
  }
  return file.size;
}

/**
 * The buffer files are read into, reused from file to file (one per thread) and grown to the largest file read. A
 * buffer per file is memory outside the heap that is freed only when a collection happens to find it: with a few
 * megabytes per file, a thread held tens of megabytes of dead buffers at its peak.
 */
let scratch = Buffer.allocUnsafeSlow(256 * 1024);

/**
 * The file's bytes, or its size when above `limit`: the system calls of readFileSync (open, fstat, read, close), so a
 * size check costs no stat of its own. The bytes are a view of the scratch buffer, valid until the next read.
 */
function readBounded(file: ProjectFile, limit: number): Buffer | { tooLarge: number } {
  const fd = openSync(file.absolute, 'r');
  try {
    const size = fstatSync(fd).size;
    // eslint-disable-next-line no-param-reassign
    file.size = size;
    if (size > limit) return { tooLarge: size };
    if (size > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(size, scratch.length * 2));
    let read = 0;
    while (read < size) {
      const n = readSync(fd, scratch, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return scratch.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads one file into the loaded sets, turning every way it can fail into a parse problem. Synchronously: a project's
 * metadata is thousands of small files (fields), and an asynchronous read costs a thread-pool round trip each, several
 * times the read itself; a CLI run has nothing else to do meanwhile.
 */
function loadFile(file: ProjectFile, config: LintConfig, loaded: Loaded, filters: Map<string, RegExp[]>): void {
  let buf: Buffer;
  try {
    const read = readBounded(file, config.maxFileBytes);
    if (!Buffer.isBuffer(read)) {
      loaded.problems.push({
        file,
        messageId: 'tooLarge',
        data: { size: (read.tooLarge / MB).toFixed(1), limit: (config.maxFileBytes / MB).toFixed(0) },
      });
      return;
    }
    buf = read;
  } catch (e) {
    loaded.problems.push({
      file,
      messageId: 'unreadableFile',
      data: { reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message },
    });
    return;
  }
  if (isBinary(buf)) {
    loaded.problems.push({ file, messageId: 'binary', line: 1, column: 1 });
    return;
  }
  let text = buf.toString('utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (!text.trim()) {
    loaded.problems.push({ file, messageId: 'empty', line: 1, column: 1 });
    return;
  }
  const filter = filters.get(file.type);
  if (filter && !filter.some((re) => re.test(text))) return;
  if (file.type === SPEC_TYPE) {
    const view = parseSpecView(file, text);
    if ('data' in view) loaded.specs.push(view);
    else
      loaded.problems.push({
        file,
        messageId: 'malformedSpec',
        data: { reason: view.message },
        line: view.line,
        column: view.column,
      });
  } else if (file.type === USER_DEFINITION_TYPE) {
    const view = parseUserDefinition(file, text);
    if (view && 'data' in view) loaded.userDefinitions.push(view);
    else if (view)
      loaded.problems.push({
        file,
        messageId: 'malformedJson',
        data: { reason: view.message },
        line: view.line,
        column: view.column,
      });
  } else if (TEXT_TYPES.has(file.type)) {
    push(loaded.text, file.type, { file, text });
  } else {
    let reported = false;
    const xml = parseXmlFile(file, text, (reason, element) => {
      if (!reported)
        loaded.problems.push(
          element
            ? { file, messageId: 'malformedXmlElement', data: { element, reason } }
            : { file, messageId: 'malformedXml', data: { reason } },
        );
      reported = true;
    });
    if (isParseFailure(xml))
      loaded.problems.push({
        file,
        messageId: 'malformedXml',
        data: { reason: xml.message },
        line: xml.line,
        column: xml.column,
      });
    else push(loaded.xml, file.type, xml);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byPath = <T extends { file: { path: string } }>(a: T, b: T): number =>
  a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;

function sortAll(loaded: Loaded): Loaded {
  // Keep every list in path order so output is deterministic, whatever order discovery found the files in.
  for (const list of loaded.xml.values()) list.sort(byPath);
  for (const list of loaded.text.values()) list.sort(byPath);
  loaded.specs.sort(byPath);
  loaded.userDefinitions.sort(byPath);
  loaded.problems.sort(byPath);
  return loaded;
}

export function loadAll(files: readonly ProjectFile[], config: LintConfig, filters: Map<string, RegExp[]>): Loaded {
  const loaded: Loaded = { xml: new Map(), text: new Map(), specs: [], userDefinitions: [], problems: [] };
  for (const file of files) loadFile(file, config, loaded, filters);
  return sortAll(loaded);
}

/** Both sets as one, in path order (the files a rule sees when a batch is checked against the shared files). */
export function mergeLoaded(a: Loaded, b: Loaded): Loaded {
  const mergeMap = <T>(x: Map<string, T[]>, y: Map<string, T[]>): Map<string, T[]> => {
    const out = new Map([...x].map(([k, v]) => [k, [...v]]));
    for (const [k, v] of y) out.set(k, [...(out.get(k) ?? []), ...v]);
    return out;
  };
  return sortAll({
    xml: mergeMap(a.xml, b.xml),
    text: mergeMap(a.text, b.text),
    specs: [...a.specs, ...b.specs],
    userDefinitions: [...a.userDefinitions, ...b.userDefinitions],
    problems: [...a.problems, ...b.problems],
  });
}

/**
 * What rules see of `loaded` (the files a run reports on), with `shared` (default: `loaded` itself) as the
 * project-wide files; the shared Loaded is the cache key of what only it decides.
 */
export function contextOf(
  loaded: Loaded,
  projectRoot: string,
  config: LintConfig,
  today: string,
  shared: Loaded = loaded,
): RuleContext {
  return {
    projectRoot,
    project: {
      sharedKey: shared,
      xml: (type) => shared.xml.get(type) ?? [],
      specs: () => shared.specs,
      userDefinitions: () => shared.userDefinitions,
    },
    xml: (type) => loaded.xml.get(type) ?? [],
    text: (type) => loaded.text.get(type) ?? [],
    specs: () => loaded.specs,
    userDefinitions: () => loaded.userDefinitions,
    config,
    today,
    parseProblems: loaded.problems,
  };
}
