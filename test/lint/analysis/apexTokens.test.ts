import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { pick, random } from '../../helpers/random.js';
import { tokenize } from '../../../src/lint/analysis/apex.js';

/**
 * The tokenizer's meaning, as a sticky regular expression (what it was written as before it became a loop over
 * character codes): whitespace (JavaScript's \s) or a comment to skip, a string, an identifier, a number, the longest
 * operator, else any one character.
 */
const OPERATORS = [
  '>>>=', '===', '!==', '>>=', '<<=', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '&=',
  '|=', '^=', '=>', '?.', '??',
]; // prettier-ignore
const REFERENCE = new RegExp(
  [
    '(\\s+|\\/\\/[^\\n]*|\\/\\*[\\s\\S]*?(?:\\*\\/|$))',
    "(')",
    '([A-Za-z_][A-Za-z0-9_]*)',
    '([0-9][A-Za-z0-9_.]*)',
    `(${OPERATORS.map((o) => o.replace(/[|?*+^.]/g, '\\$&')).join('|')}|[\\s\\S])`,
  ].join('|'),
  'y',
);

type Shape = { kind: string; text: string; start: number; end: number };

/** The reference's tokens, with a string token's extent taken from the tokenizer under test (readString's own rule). */
function reference(text: string, strings: Map<number, number>): Shape[] {
  const out: Shape[] = [];
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(text); m; m = REFERENCE.exec(text)) {
    const start = m.index;
    if (m[1] !== undefined) continue;
    if (m[2] !== undefined) {
      const end = strings.get(start);
      if (end === undefined) throw new Error(`no string token at ${start}`);
      out.push({ kind: 'string', text: text.slice(start, end), start, end });
      REFERENCE.lastIndex = end;
    } else {
      const kind = m[3] !== undefined ? 'ident' : m[4] !== undefined ? 'number' : 'punct';
      out.push({ kind, text: m[0], start, end: REFERENCE.lastIndex });
    }
  }
  return out;
}

function compare(text: string): void {
  const tokens = tokenize(text);
  const strings = new Map(tokens.filter((t) => t.kind === 'string').map((t) => [t.start, t.end]));
  const shapes = tokens.map(({ kind, start, end }) => ({ kind, text: text.slice(start, end), start, end }));
  expect(shapes, JSON.stringify(text)).to.deep.equal(reference(text, strings));
  for (const t of tokens) {
    const written = text.slice(t.start, t.end);
    expect(t.lower).to.equal(t.kind === 'ident' || t.kind === 'number' ? written.toLowerCase() : written);
  }
}

const PIECES = [
  ...'abzAZ_09.=!<>&|?+-*/^%{}()[];,:@#~\'\\ \t\n\r\v\f',
  '\u00a0', '\ufeff', '\u2028', '\u3000', '\u200b', '\ud83d\ude00', '\ud83d', 'é',
  '//', '/*', '*/', '>>>=', '===', '!==', '>>=', '<<=', '?.', '??', '=>', '\\u00e9', "\\'", 'UserInfo', '1.5e3x', 'x1',
]; // prettier-ignore

describe('tokenize (Apex)', () => {
  it('splits source as the reference expression does, on 3,000 random texts of tricky pieces', () => {
    const next = random(20_261_202);
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 40);
      let text = '';
      for (let k = 0; k < length; k++) text += pick(next, PIECES);
      compare(text);
    }
  });

  it('skips comments (an unclosed one to the end) and keeps offsets', () => {
    const tokens = tokenize("a /* b */ c // d\n'e' /* f");
    expect(tokens.map((t) => [t.kind, t.lower, t.start])).to.deep.equal([
      ['ident', 'a', 0],
      ['ident', 'c', 10],
      ['string', "'e'", 17],
    ]);
  });

  it("decodes a string's value: escapes, unicode escapes, an unterminated literal stopping at the line end", () => {
    const values = (source: string): Array<string | undefined> =>
      tokenize(source)
        .filter((t) => t.kind === 'string')
        .map((t) => t.value);
    expect(values("'plain' 'a\\'b' 'tab\\tx' '\\u0041\\u00e9' 'bad\\u12' 'open\nnext")).to.deep.equal([
      'plain',
      "a'b",
      'tab\tx',
      'Aé',
      'badu12',
      'open',
    ]);
    expect(values("'ends with \\")).to.deep.equal(['ends with \\']);
  });

  it('reads the longest operator, and any other character alone', () => {
    expect(tokenize('a>>>=b!==c?.d??e=>f#').map((t) => t.lower)).to.deep.equal([
      'a',
      '>>>=',
      'b',
      '!==',
      'c',
      '?.',
      'd',
      '??',
      'e',
      '=>',
      'f',
      '#',
    ]);
  });

  it('splits the Apex of the test fixtures as the reference does', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(cls|trigger)$/.test(name)) files.push(p);
      }
    };
    walk(path.resolve('test'));
    expect(files.length).to.be.greaterThan(5);
    for (const file of files) compare(readFileSync(file, 'utf8'));
  });
});
