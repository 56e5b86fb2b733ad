import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LineCounter, parseDocument } from 'yaml';
import { parseJsonWithPositions, parseYamlCached } from '../../src/lint/documents.js';
import { cacheDirectory, resetDiskStores, saveDiskStores } from '../../src/lint/diskCache.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { remove } from '../helpers/project.js';

type Located = { line?: number; column?: number };
type Reading =
  | { data: Record<string, unknown>; locate: (path: Array<string | number>) => Located }
  | { message: string; line: number; column: number };

/** yaml's own reading, positions from getIn on its document: what both fast paths must give. */
function yamlReading(text: string): Reading {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const at = lines.linePos(doc.errors[0].pos[0]);
    return { message: doc.errors[0].message.split('\n')[0], line: at.line, column: at.col };
  }
  const js: unknown = doc.toJS();
  if (js === null || js === undefined) return { message: 'the file is empty', line: 1, column: 1 };
  if (typeof js !== 'object' || Array.isArray(js))
    return { message: 'expected a mapping of keys at the top level', line: 1, column: 1 };
  return {
    data: js as Record<string, unknown>,
    locate(p): Located {
      for (let depth = p.length; depth >= 0; depth--) {
        const node = (depth === 0 ? doc.contents : doc.getIn(p.slice(0, depth), true)) as {
          range?: [number, number];
        } | null;
        if (node?.range) {
          const at = lines.linePos(node.range[0]);
          return { line: at.line, column: at.col };
        }
      }
      return {};
    },
  };
}

type Path = Array<string | number>;

/** Every path to a value of the data, and for each a few that lead nowhere (locate falls back to the nearest). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix, [...prefix, 'missing'], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i]), [...prefix, String(i)]));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function filesOf(dir: string, extension: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : filesOf(p, extension);
    return extension.test(name) ? [p] : [];
  });
}

const EDGE_CASES = [
  '{}',
  '{\n\t"Username": "a@b.com",\n\t"x": [1,\n\t\t2, [3, {"y": null}]]\n}\n',
  '{"Username":"int@acme.com","Email":"a@b.c","nested":{"list":[{"a":true},{"b":false}],"e":1.5e-3}}',
  '{\r\n  "Username": "crlf@acme.com",\r\n  "Profile": "Minimum Access - API Only Integrations"\r\n}\r\n',
  '  \n {"escaped \\"key\\"": "va\\\\lue \\u00e9 \\/ \\n", "ünï": "çødé", "": "empty key"}',
  '{"0": "zero key", "list": ["a", "b"], "deep": {"1": {"2": [[], {}]}}}',
  '{"a": -0.5, "b": 12345678901234567890, "c": "text with } and ] and , inside"}',
];

const DECLINED = [
  '{"Username": "a@b.com", "Username": "b@b.com"}', // a repeated key: yaml reports it
  '{"a": {"x": 1, "x": 2}}',
  '{"__proto__": {"polluted": true}}',
  '["not", "an", "object"]',
  '{"a": 1,}', // not JSON
  '{a: 1}', // YAML flow mapping
  '\uFEFF{"a": 1}',
  '// comment\n{"a": 1}',
  '',
  'Username: a@b.com\n',
];

describe('lint/documents: JSON read without yaml', () => {
  const texts = [
    ...EDGE_CASES.map((text, i) => ({ name: `edge case ${i}`, text })),
    ...filesOf(path.join(REPO_ROOT, 'test', 'fixtures'), /\.json$/).map((file) => ({
      name: path.relative(REPO_ROOT, file),
      text: readFileSync(file, 'utf8'),
    })),
  ];

  it('reads JSON objects as yaml does: the same data, and every path located where yaml locates it', () => {
    let compared = 0;
    for (const { name, text } of texts) {
      const json = parseJsonWithPositions(text);
      const yaml = yamlReading(text);
      if (!json) {
        // Only what is no JSON object is left to yaml here (the declined cases below are the rest).
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        expect(parsed && typeof parsed === 'object' && !Array.isArray(parsed), `${name} was declined`).to.not.equal(
          true,
        );
        continue;
      }
      expect('data' in json && 'data' in yaml, name).to.equal(true);
      if (!('data' in json) || !('data' in yaml)) continue;
      expect(json.data, name).to.deep.equal(yaml.data);
      for (const p of pathsOf(yaml.data))
        expect(json.locate(p), `${name} at ${JSON.stringify(p)}`).to.deep.equal(yaml.locate(p));
      compared++;
    }
    // The fixtures' user definitions and JSON specs, besides the edge cases.
    expect(compared).to.be.greaterThan(EDGE_CASES.length + 5);
  });

  it('leaves to yaml what it reads differently or reports: repeated keys, __proto__, no object, not JSON', () => {
    for (const text of DECLINED) expect(parseJsonWithPositions(text), JSON.stringify(text)).to.equal(undefined);
    const repeated = yamlReading(DECLINED[0]);
    expect('message' in repeated && repeated.message).to.match(/unique/i);
  });
});

const YAML_EDGE_CASES = [
  'name: A\nuser:\n  username: a@acme.com\naccess:\n  objects:\n    Account: [read, edit]\n',
  'list:\n  - one\n  - two: 2\n    three: [3, {four: 4}]\n1: numeric key\n"1": string key\nempty:\n',
  'base: &base\n  a: 1\ncopy: *base\nblock: |\n  text\n  more\nfolded: >\n  x\n',
  '\ufeff# comment\r\nname: crlf\r\nuser: { username: "b@acme.com" }\r\n',
  'a: 1\na: 2\n',
  '- not a mapping\n',
  '',
  'key: [unclosed\n',
];

describe('lint/documents: YAML through the document cache', () => {
  let dir: string;
  let saved: string | undefined;
  before(() => {
    saved = process.env.SF_INTEGRATION_CACHE_DIR;
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-doc-cache-'));
    process.env.SF_INTEGRATION_CACHE_DIR = dir;
    resetDiskStores();
  });
  after(() => {
    process.env.SF_INTEGRATION_CACHE_DIR = saved;
    resetDiskStores();
    remove(dir);
  });

  const texts = [
    ...YAML_EDGE_CASES,
    ...filesOf(path.join(REPO_ROOT, 'test', 'fixtures'), /\.ya?ml$/).map((f) => readFileSync(f, 'utf8')),
  ];

  function expectYamlReading(text: string, what: string): void {
    const cached = parseYamlCached(text);
    const yaml = yamlReading(text);
    if ('message' in yaml) {
      expect(cached, what).to.deep.equal(yaml);
      return;
    }
    expect('data' in cached, what).to.equal(true);
    if (!('data' in cached)) return;
    expect(cached.data, what).to.deep.equal(yaml.data);
    for (const p of pathsOf(yaml.data))
      expect(cached.locate(p), `${what} at ${JSON.stringify(p)}`).to.deep.equal(yaml.locate(p));
  }

  it('reads as yaml does, parsed or from the cache a later process reads: data, positions and errors', () => {
    for (const [i, text] of texts.entries()) expectYamlReading(text, `document ${i} (parsed)`);
    saveDiskStores();
    expect(readdirSync(dir)).to.have.length(1);
    // A later process: the entries come from the file.
    resetDiskStores();
    for (const [i, text] of texts.entries()) expectYamlReading(text, `document ${i} (cached)`);
    expect(texts.length).to.be.greaterThan(YAML_EDGE_CASES.length + 5);
  });

  it('a changed text is read again, not taken for the old one', () => {
    const before = parseYamlCached('user:\n  username: old@acme.com\n');
    saveDiskStores();
    resetDiskStores();
    const after = parseYamlCached('user:\n  username: new@acme.com\n');
    expect('data' in before && 'data' in after).to.equal(true);
    expect('data' in after && after.data).to.deep.equal({ user: { username: 'new@acme.com' } });
  });

  it('a corrupt or foreign cache file is ignored and replaced; a cache folder it cannot write costs nothing', () => {
    const file = path.join(dir, readdirSync(dir)[0]);
    writeFileSync(file, 'not a cache');
    resetDiskStores();
    expectYamlReading(YAML_EDGE_CASES[0], 'after a corrupt file');
    saveDiskStores();
    expect(readFileSync(file, 'utf8')).to.not.equal('not a cache');
    // A file where the folder should be: nothing can be written, and nothing fails.
    const blocked = path.join(dir, 'blocked');
    writeFileSync(blocked, '');
    process.env.SF_INTEGRATION_CACHE_DIR = path.join(blocked, 'cache');
    resetDiskStores();
    expectYamlReading(YAML_EDGE_CASES[1], 'with an unwritable cache');
    expect(() => saveDiskStores()).to.not.throw();
    process.env.SF_INTEGRATION_CACHE_DIR = dir;
  });

  it('SF_INTEGRATION_CACHE=off: no cache folder at all; otherwise the user cache folder of the platform', () => {
    expect(cacheDirectory({ SF_INTEGRATION_CACHE: 'off', SF_INTEGRATION_CACHE_DIR: dir })).to.equal(undefined);
    expect(cacheDirectory({ SF_INTEGRATION_CACHE_DIR: dir })).to.equal(dir);
    if (process.platform === 'linux') {
      expect(cacheDirectory({ XDG_CACHE_HOME: '/x/cache' })).to.equal('/x/cache/sf-integration-governance');
      expect(cacheDirectory({})).to.equal(path.join(os.homedir(), '.cache', 'sf-integration-governance'));
    }
  });
});
