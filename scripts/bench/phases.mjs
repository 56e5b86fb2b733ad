// Where a lint run spends its time: the engine's phases re-run with timers, from the same compiled functions
// lib/lint/engine.js uses (discovery, reading, well-formedness scan, YAML, each rule), then each rule again per
// metadata type it reads (the rule sees only that type; fresh XmlFile objects each time, so no cached trees).
//
//   node scripts/bench/phases.mjs <projectRoot> [project-relative paths...]   # with paths: the pre-commit scope
//
// Approximate by design (a re-implementation of engine.ts's loop, not the engine itself); the benchmark's lint
// timing is the reference, this says which part of it is which. Run in a fresh process: cold JIT, like the CLI.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, TODAY } from './lib.mjs';

const lib = (p) => import(pathToFileURL(path.join(REPO, 'lib', 'lint', p)).href);
const T = new Map();
const add = (k, ms) => T.set(k, (T.get(k) ?? 0) + ms);
const time = async (k, fn) => {
  const t0 = performance.now();
  const v = await fn();
  add(k, performance.now() - t0);
  return v;
};

const root = path.resolve(process.argv[2] ?? '.');
const scoped = new Set(process.argv.slice(3));
const m = await time('import engine modules', async () => ({
  ...(await lib('discovery.js')),
  ...(await lib('rules/index.js')),
  ...(await lib('xml.js')),
  ...(await lib('documents.js')),
  ...(await lib('config.js')),
  ...(await lib('registry.js')),
}));
const config = await time('loadConfig', () => m.loadConfig(root));
await time('registry JSON load (first classification)', () => m.folderClassifier('classes')('X.cls'));
const wanted = new Set(m.RULES.flatMap((r) => [...r.reads]));
const crossFile = new Set(m.RULES.flatMap((r) => [...(r.crossFile ?? [])]));
const discovered = await time('discover (walk every file + classify)', async () =>
  m.discover(root, (await m.defaultSourceDirs(root)).dirs, wanted, config.ignore),
);
const files = scoped.size
  ? discovered.files.filter((f) => scoped.has(f.path) || crossFile.has(f.type))
  : discovered.files;

const texts = new Map();
await time('read (statSync + readFileSync + utf8), one by one as the engine does', async () => {
  for (const f of files) {
    statSync(f.absolute);
    texts.set(f, readFileSync(f.absolute).toString('utf8'));
  }
});

const TEXT = new Set(['ApexClass', 'ApexTrigger']);
const wfByType = new Map();
const xmlTexts = [];
const load = { xml: new Map(), text: new Map(), specs: [], userDefinitions: [] };
const push = (map, k, v) => (map.get(k) ?? map.set(k, []).get(k)).push(v);
for (const [f, text] of texts) {
  if (f.type === m.SPEC_TYPE) {
    const v = await time('parse integration specs (yaml, positions)', () => m.parseSpecView(f, text));
    if ('data' in v) load.specs.push(v);
  } else if (f.type === m.USER_DEFINITION_TYPE) {
    const v = await time('parse user definitions (yaml, positions)', () => m.parseUserDefinition(f, text));
    if (v && 'data' in v) load.userDefinitions.push(v);
  } else if (TEXT.has(f.type)) push(load.text, f.type, { file: f, text });
  else {
    const t0 = performance.now();
    m.parseXmlFile(f, text); // the well-formedness scan + root name; the tree is built lazily by rules
    const ms = performance.now() - t0;
    add('well-formedness scan (parseXmlFile: checkWellFormed + rootName)', ms);
    wfByType.set(f.type, (wfByType.get(f.type) ?? 0) + ms);
    xmlTexts.push([f, text]);
  }
}
/** Fresh XmlFile objects (no cached `data`), optionally only of some types. */
const freshXml = (types) => {
  const map = new Map();
  for (const [f, text] of xmlTexts) {
    if (types && !types.has(f.type)) continue;
    const x = m.parseXmlFile(f, text);
    if (!m.isParseFailure(x)) push(map, f.type, x);
  }
  return map;
};
const ctxFor = (types) => {
  const xml = freshXml(types);
  const only = (t) => !types || types.has(t);
  const project = {
    sharedKey: {},
    xml: (t) => xml.get(t) ?? [],
    specs: () => (only(m.SPEC_TYPE) ? load.specs : []),
    userDefinitions: () => (only(m.USER_DEFINITION_TYPE) ? load.userDefinitions : []),
  };
  return {
    projectRoot: root,
    project,
    xml: (t) => xml.get(t) ?? [],
    text: (t) => (only(t) ? (load.text.get(t) ?? []) : []),
    specs: () => (only(m.SPEC_TYPE) ? load.specs : []),
    userDefinitions: () => (only(m.USER_DEFINITION_TYPE) ? load.userDefinitions : []),
    config,
    today: TODAY,
    parseProblems: [],
  };
};

const perRule = [];
for (const rule of m.RULES) {
  const ctx = ctxFor();
  const t0 = performance.now();
  const out = await rule.run(ctx);
  const ms = performance.now() - t0;
  add(`rule ${rule.meta.id} (${out.length} findings)`, ms);
  const parts = [];
  for (const type of rule.reads) {
    const c = ctxFor(new Set([type]));
    const t1 = performance.now();
    await rule.run(c);
    parts.push([type, performance.now() - t1]);
  }
  perRule.push([rule.meta.id, ms, parts]);
}

const fmt = (ms) => `${ms.toFixed(1).padStart(8)} ms`;
console.log(
  `${root}: discovered ${discovered.files.length} files (walked ${discovered.walked}); ${scoped.size ? `scope ${scoped.size} path(s) + cross-file types: ` : ''}loaded ${files.length}`,
);
let total = 0;
for (const [k, v] of T) {
  total += v;
  console.log(`${fmt(v)}  ${k}`);
}
console.log(`${fmt(total)}  total`);
console.log('\nwell-formedness scan by type:');
for (const [t, v] of [...wfByType].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`${fmt(v)}  ${t}`);
console.log('\neach rule, by the one type it was given (its tree parses included):');
for (const [id, ms, parts] of perRule) {
  if (ms < 1) continue;
  console.log(`${fmt(ms)}  ${id}`);
  for (const [t, v] of parts.sort((a, b) => b[1] - a[1])) if (v >= 0.5) console.log(`    ${fmt(v)}  ${t}`);
}
