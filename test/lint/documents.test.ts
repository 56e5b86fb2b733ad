import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseJsonWithPositions, parseYamlWithPositions } from '../../src/lint/documents.js';
import { REPO_ROOT } from '../helpers/schema.js';

type Path = Array<string | number>;

/** Every path to a value of the data, and for each a few that lead nowhere (locate falls back to the nearest). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix, [...prefix, 'missing'], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i]), [...prefix, String(i)]));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : jsonFiles(p);
    return name.endsWith('.json') ? [p] : [];
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
    ...jsonFiles(path.join(REPO_ROOT, 'test', 'fixtures')).map((file) => ({
      name: path.relative(REPO_ROOT, file),
      text: readFileSync(file, 'utf8'),
    })),
  ];

  it('reads JSON objects as yaml does: the same data, and every path located where yaml locates it', () => {
    let compared = 0;
    for (const { name, text } of texts) {
      const json = parseJsonWithPositions(text);
      const yaml = parseYamlWithPositions(text);
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
    const repeated = parseYamlWithPositions(DECLINED[0]);
    expect('message' in repeated && repeated.message).to.match(/unique/i);
  });
});
