import { expect } from 'chai';
import {
  REPORT_FORMATS,
  formatReport,
  toCsv,
  toHuman,
  toJUnit,
  toJson,
  toSarif,
  type ReportFormat,
} from '../../../src/lint/formatters/index.js';
import { makeResult } from './fixture.js';

describe('formatReport', () => {
  const result = makeResult();

  it('dispatches to each formatter', () => {
    expect(formatReport(result, 'human', '1.0.0')).to.equal(toHuman(result, { color: false }).join('\n'));
    expect(formatReport(result, 'json', '1.0.0')).to.equal(toJson(result));
    expect(formatReport(result, 'junit', '1.0.0')).to.equal(toJUnit(result));
    expect(formatReport(result, 'csv', '1.0.0')).to.equal(toCsv(result));
    const sarif = formatReport(result, 'sarif', '1.0.0');
    expect(JSON.parse(sarif)).to.deep.equal(JSON.parse(JSON.stringify(toSarif(result, '1.0.0'))));
    expect(sarif.endsWith('}\n')).to.equal(true);
  });

  it('lists every format, each producing text, and rejects unknown ones', () => {
    expect([...REPORT_FORMATS]).to.deep.equal(['human', 'json', 'sarif', 'junit', 'csv']);
    for (const format of REPORT_FORMATS) expect(formatReport(result, format, '1.0.0')).to.be.a('string').that.is.not.empty;
    expect(() => formatReport(result, 'html' as ReportFormat, '1.0.0')).to.throw(/Unknown report format: html/);
  });

  it('is a pure function of the result', () => {
    const before = JSON.stringify(result);
    for (const format of REPORT_FORMATS) {
      expect(formatReport(result, format, '1.0.0')).to.equal(formatReport(makeResult(), format, '1.0.0'));
    }
    expect(JSON.stringify(result)).to.equal(before);
  });
});
