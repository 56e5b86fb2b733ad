import { expect } from 'chai';
import { CSV_HEADER, csvCell, toCsv } from '../../../src/lint/formatters/csv.js';
import type { Finding } from '../../../src/lint/types.js';
import { FINDINGS, FORMULA, NASTY, makeResult } from './fixture.js';

/** A strict RFC 4180 reader: quoted fields with "" escapes, rows ended by LF or CRLF, no trailing empty row. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        if (i < text.length && !/[,\r\n]/.test(text[i])) throw new Error(`text after closing quote at ${i}`);
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new Error(`quote inside unquoted cell at ${i}`);
      quoted = true;
    } else if (c === ',') {
      endCell();
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      endCell();
      rows.push(row);
      row = [];
      if (c === '\r') i++;
    } else {
      cell += c;
    }
    i++;
  }
  if (quoted) throw new Error('unterminated quoted cell');
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function expectedRow(f: Finding): string[] {
  return [
    f.severity,
    f.ruleId,
    f.location.path,
    f.location.line?.toString() ?? '',
    f.location.column?.toString() ?? '',
    f.subject.type,
    f.subject.name,
    f.subject.element ?? '',
    f.message,
    f.fix ?? '',
    f.fingerprint,
    f.suppressed?.kind ?? '',
  ];
}

describe('toCsv', () => {
  const csv = toCsv(makeResult());
  const rows = parseCsv(csv);

  it('the test parser handles RFC 4180 (sanity check)', () => {
    expect(parseCsv('a,"b,""c""",\r\n"x\ny",z,\n')).to.deep.equal([
      ['a', 'b,"c"', ''],
      ['x\ny', 'z', ''],
    ]);
    expect(() => parseCsv('"a"b\n')).to.throw();
  });

  it('has the header and one row of 12 cells per finding', () => {
    expect(csv.split('\n')[0]).to.equal(
      'severity,rule,path,line,column,type,component,element,message,fix,fingerprint,suppressed',
    );
    expect(rows[0]).to.deep.equal([...CSV_HEADER]);
    expect(rows).to.have.length(FINDINGS.length + 1);
    for (const r of rows) expect(r).to.have.length(12);
  });

  it('round-trips every value', () => {
    const body = rows.slice(1).map((r) => r.map(unguard));
    expect(body).to.deep.equal(FINDINGS.map(expectedRow));
    expect(body[3][8]).to.equal(NASTY);
    expect(body[4][8]).to.contain('\n');
  });

  it('quotes only what needs quoting', () => {
    expect(csv).to.contain(`"${NASTY.replace(/"/g, '""')}"`);
    expect(csv).to.contain(
      '\nerror,hardcoded-integration-username,force-app/main/default/classes/LegacySync.cls,42,17,',
    );
    expect(csvCell('plain text')).to.equal('plain text');
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell('two\nlines')).to.equal('"two\nlines"');
  });

  it('leaves line and column empty when unknown, and says what suppressed a finding', () => {
    const note = rows[6];
    expect(note[0]).to.equal('note');
    expect([note[3], note[4]]).to.deep.equal(['', '']);
    expect(rows.slice(1).map((r) => r[11])).to.deep.equal(['baseline', '', 'config', '', '', '', '']);
  });

  it('defuses formula injection', () => {
    expect(rows[6][8]).to.equal(`'${FORMULA}`);
    expect(csv).to.contain(`"'${FORMULA.replace(/"/g, '""')}"`);
    for (const r of rows) for (const cell of r) expect(cell).not.to.match(/^[=+\-@\t\r]/);
    expect(csvCell('=1+1')).to.equal("'=1+1");
    expect(csvCell('+1')).to.equal("'+1");
    expect(csvCell('-2')).to.equal("'-2");
    expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvCell('\t=1')).to.equal("'\t=1");
    expect(csvCell('\r=1')).to.equal('"\'\r=1"');
    expect(csvCell('a=1')).to.equal('a=1');
  });

  it('uses LF line ends with one trailing newline', () => {
    expect(csv).not.to.contain('\r');
    expect(csv.endsWith('\n')).to.equal(true);
    expect(csv.endsWith('\n\n')).to.equal(false);
    expect(toCsv(makeResult({ findings: [] }))).to.equal(`${CSV_HEADER.join(',')}\n`);
  });
});
