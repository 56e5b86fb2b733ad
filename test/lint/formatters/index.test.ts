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
    expect(formatReport(result, 'human')).to.equal(toHuman(result, { color: false }).join('\n'));
    expect(formatReport(result, 'json')).to.equal(toJson(result));
    expect(formatReport(result, 'junit')).to.equal(toJUnit(result));
    expect(formatReport(result, 'csv')).to.equal(toCsv(result));
    const tool = { name: 'sf-integration-governance', version: '1.0.0' };
    const sarif = formatReport(result, 'sarif', tool);
    expect(JSON.parse(sarif)).to.deep.equal(JSON.parse(JSON.stringify(toSarif(result, tool))));
    expect(JSON.parse(formatReport(result, 'sarif'))).to.deep.equal(JSON.parse(JSON.stringify(toSarif(result))));
    expect(sarif.endsWith('}\n')).to.equal(true);
  });

  it('lists every format, each producing text, and rejects unknown ones', () => {
    expect([...REPORT_FORMATS]).to.deep.equal(['human', 'json', 'sarif', 'junit', 'csv']);
    for (const format of REPORT_FORMATS) expect(formatReport(result, format)).to.be.a('string').that.is.not.empty;
    expect(() => formatReport(result, 'html' as ReportFormat)).to.throw(/Unknown report format: html/);
  });

  it('is a pure function of the result', () => {
    const before = JSON.stringify(result);
    for (const format of REPORT_FORMATS) {
      expect(formatReport(result, format)).to.equal(formatReport(makeResult(), format));
    }
    expect(JSON.stringify(result)).to.equal(before);
  });
});
