import { expect } from 'chai';
import { toJson } from '../../../src/lint/formatters/json.js';
import type { LintResult } from '../../../src/lint/types.js';
import { FINDINGS, makeResult } from './fixture.js';

/** The same data with every object's keys in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  ) as T;
}

describe('toJson', () => {
  const result = makeResult();
  const json = toJson(result);

  it('round-trips the result', () => {
    expect(JSON.parse(json)).to.deep.equal(JSON.parse(JSON.stringify(result)));
  });

  it('is indented by 2 spaces and ends with one newline', () => {
    expect(json.split('\n')[1]).to.equal(`  "projectRoot": ${JSON.stringify(result.projectRoot)},`);
    expect(json.endsWith('}\n')).to.equal(true);
    expect(json.endsWith('\n\n')).to.equal(false);
  });

  it('orders keys the same way whatever order the result was built in', () => {
    expect(toJson(reversedKeys(result))).to.equal(json);
    const parsed = JSON.parse(json) as LintResult;
    expect(Object.keys(parsed)).to.deep.equal([
      'projectRoot',
      'failed',
      'threshold',
      'summary',
      'rules',
      'findings',
      'expiredSuppressions',
      'durationMs',
    ]);
    expect(Object.keys(parsed.findings[0])).to.deep.equal([
      'ruleId',
      'severity',
      'message',
      'fix',
      'location',
      'subject',
      'fingerprint',
      'suppressed',
    ]);
    expect(Object.keys(parsed.findings[6].related![0])).to.deep.equal(['path', 'line', 'column']);
    expect(Object.keys(parsed.summary)).to.deep.equal([
      'files',
      'errors',
      'warnings',
      'notes',
      'suppressed',
      'baselined',
    ]);
    expect(Object.keys(parsed.rules[0])).to.deep.equal([
      'id',
      'severity',
      'defaultSeverity',
      'summary',
      'why',
      'howToFix',
      'docs',
    ]);
    expect(Object.keys(parsed.expiredSuppressions[0].suppression)).to.deep.equal(['rule', 'path', 'reason', 'expires']);
  });

  it('leaves out undefined members and sorts keys it does not know', () => {
    const odd = {
      ...FINDINGS[1],
      fix: undefined,
      zeta: 1,
      alpha: { b: 2, a: 1 },
    };
    const parsed = JSON.parse(toJson(makeResult({ findings: [odd] }))) as { findings: Array<Record<string, unknown>> };
    expect(Object.keys(parsed.findings[0])).to.deep.equal([
      'ruleId',
      'severity',
      'message',
      'location',
      'subject',
      'fingerprint',
      'alpha',
      'zeta',
    ]);
    expect(Object.keys(parsed.findings[0].alpha as object)).to.deep.equal(['a', 'b']);
  });
});
