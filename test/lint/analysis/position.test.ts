import { expect } from 'chai';
import { lineColumn, lineIndex } from '../../../src/lint/analysis/position.js';

describe('lineColumn / lineIndex', () => {
  const text = 'ab\ncd\r\nef\rgh\n\nij';
  // offsets:   a0 b1 \n2 c3 d4 \r5 \n6 e7 f8 \r9 g10 h11 \n12 \n13 i14 j15 (length 16)

  it('returns 1-based line and column for LF, CRLF and lone CR line breaks', () => {
    const expected: Array<[number, number, number]> = [
      [0, 1, 1],
      [1, 1, 2],
      [2, 1, 3],
      [3, 2, 1],
      [5, 2, 3],
      [6, 2, 4],
      [7, 3, 1],
      [9, 3, 3],
      [10, 4, 1],
      [13, 5, 1],
      [14, 6, 1],
      [15, 6, 2],
      [16, 6, 3],
    ];
    const lookup = lineIndex(text);
    for (const [offset, line, column] of expected) {
      expect(lineColumn(text, offset), `lineColumn @${offset}`).to.deep.equal({ line, column });
      expect(lookup(offset), `lineIndex @${offset}`).to.deep.equal({ line, column });
    }
  });

  it('agrees between the two functions on every offset', () => {
    const sample = "AND(\r\n  ISCHANGED(Amount),\r\n  $User.Username <> 'x'\n)\r\r\n\n";
    const lookup = lineIndex(sample);
    for (let offset = 0; offset <= sample.length; offset++) {
      expect(lookup(offset), `@${offset}`).to.deep.equal(lineColumn(sample, offset));
    }
  });

  it('locates a token in a CRLF formula', () => {
    const formula =
      "AND(\r\n  ISCHANGED(StageName),\r\n  /* allow the integration user */\r\n  $User.Username <> 'integration@acme.com'\r\n)";
    const offset = formula.indexOf('$User.Username');
    expect(lineColumn(formula, offset)).to.deep.equal({ line: 4, column: 3 });
    expect(lineIndex(formula)(offset)).to.deep.equal({ line: 4, column: 3 });
  });

  it('handles empty text, a trailing newline and clamps out-of-range offsets', () => {
    expect(lineColumn('', 0)).to.deep.equal({ line: 1, column: 1 });
    expect(lineIndex('')(5)).to.deep.equal({ line: 1, column: 1 });
    expect(lineColumn('a\n', 2)).to.deep.equal({ line: 2, column: 1 });
    expect(lineIndex('a\n')(2)).to.deep.equal({ line: 2, column: 1 });
    expect(lineColumn('abc', -3)).to.deep.equal({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 99)).to.deep.equal({ line: 2, column: 3 });
    expect(lineIndex('ab\ncd')(99)).to.deep.equal({ line: 2, column: 3 });
    expect(lineIndex('ab\ncd')(Number.NaN)).to.deep.equal({ line: 1, column: 1 });
  });

  it('is fast for many lookups on a large text', () => {
    const big = 'x'.repeat(50).concat('\n').repeat(20_000);
    const lookup = lineIndex(big);
    const started = Date.now();
    for (let offset = 0; offset < big.length; offset += 7) lookup(offset);
    expect(lookup(big.length - 1)).to.deep.equal({ line: 20_000, column: 51 });
    expect(Date.now() - started).to.be.below(2000);
  });
});
