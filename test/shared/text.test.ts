import { expect } from 'chai';
import { escapeRegExp, textOf, truncate } from '../../src/shared/text.js';

describe('shared text helpers', () => {
  it('textOf: nullish is empty, primitives are their text, an object is JSON, never [object Object]', () => {
    expect([undefined, null, '', 'x', 0, 12.5, false, 10n].map(textOf)).to.deep.equal([
      '',
      '',
      '',
      'x',
      '0',
      '12.5',
      'false',
      '10',
    ]);
    expect(textOf({ a: 1 })).to.equal('{"a":1}');
    expect(textOf(() => 1)).to.equal('');
  });

  it('escapeRegExp: every character special to a regular expression matches itself', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).to.equal(true);
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).to.equal(false);
  });

  it('truncate counts code points, so an emoji is never cut in half', () => {
    expect(truncate('ab😀cd', 3)).to.equal('ab😀');
    expect(truncate('abc', 3)).to.equal('abc');
  });
});
