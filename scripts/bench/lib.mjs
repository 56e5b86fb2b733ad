// Shared by bench.mjs and child.mjs: the compiled engine, the list of files lint reads, and the two lower bounds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import YAML from 'yaml';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Reads in flight when warming the page cache (the engine itself reads one file at a time, synchronously). */
export const CONCURRENCY = 64;
export const TODAY = '2026-11-23';

// The compiled engine module holding the parser options (top-level await: ESM).
const { XML_PARSER_OPTIONS } = await import(pathToFileURL(path.join(REPO, 'lib', 'lint', 'xml.js')).href);

/**
 * lint() as the CLI runs it: from lib/bundle/ (what `sf-integration lint` and `sf integration lint` load), whose
 * worker threads load one bundled module graph. Discovery and the rules (for the read floor's file list) from lib/.
 */
export async function loadEngine() {
  const lib = (p) => pathToFileURL(path.join(REPO, 'lib', 'lint', p)).href;
  const [engine, discovery, rules] = await Promise.all([
    import(pathToFileURL(path.join(REPO, 'lib', 'bundle', 'engine.js')).href),
    import(lib('discovery.js')),
    import(lib('rules/index.js')),
  ]);
  return {
    lint: engine.lint,
    discover: discovery.discover,
    defaultSourceDirs: discovery.defaultSourceDirs,
    SPEC_TYPE: discovery.SPEC_TYPE,
    USER_DEFINITION_TYPE: discovery.USER_DEFINITION_TYPE,
    RULES: rules.RULES,
  };
}

/** Exactly the files a full lint reads: discover() with the union of every rule's `reads`. */
export async function relevantFiles(engine, projectRoot) {
  const wanted = new Set(engine.RULES.flatMap((r) => [...r.reads]));
  const { dirs } = await engine.defaultSourceDirs(projectRoot);
  const { files } = await engine.discover(projectRoot, dirs, wanted, []);
  return files;
}

/** Runs fn over items with `n` workers pulling from a shared index, as the engine's loadAll does. */
export async function pool(items, n, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      // eslint-disable-next-line no-await-in-loop
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/**
 * Floor, as issue 8 defines it: read every file lint reads (synchronously, one by one, as the engine reads them),
 * decode it, and run one regular expression over it. Nothing a linter does can cost less.
 */
const FLOOR_PATTERN = /username/i;

export async function readFloor(files) {
  let bytes = 0;
  let matches = 0;
  for (const f of files) {
    const text = readFileSync(f.absolute, 'utf8');
    bytes += text.length;
    if (FLOOR_PATTERN.test(text)) matches++;
  }
  return { bytes, matches };
}

/** The engine's own fast-xml-parser options (src/lint/xml.ts), so the peer builds the same kind of tree. */
const xmlParser = new XMLParser(XML_PARSER_OPTIONS);

/**
 * Peer lower bound: what any linter that looks at these files must at least do: read them and build a full tree
 * (XML DOM, YAML/JSON object); Apex is only read.
 */
export async function readAndParse(engine, files) {
  let bytes = 0;
  let failures = 0;
  for (const f of files) {
    const buf = readFileSync(f.absolute);
    bytes += buf.length;
    const text = buf.toString('utf8');
    try {
      if (f.type === engine.SPEC_TYPE) YAML.parse(text);
      else if (f.type === engine.USER_DEFINITION_TYPE) JSON.parse(text);
      else if (f.type === 'ApexClass' || f.type === 'ApexTrigger') {
        /* read only */
      } else xmlParser.parse(text);
    } catch {
      failures++;
    }
  }
  return { bytes, failures };
}
