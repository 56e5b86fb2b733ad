import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { lint } from '../../../src/lint/engine.js';
import { REPO_ROOT } from '../../helpers/schema.js';
import type { Finding, LintResult } from '../../../src/lint/types.js';

/**
 * The planted findings and near misses of test/fixtures/lint (see EXPECTED.md there): three realistic projects, in
 * source format, in the older metadata format, and with broken files. Every rule has positives, negatives and near
 * misses here; each planted finding must be reported at its line, each near miss must not be.
 */
type Expected = {
  today: string;
  findings: Array<{ project: string; rule: string; kind: string; path: string; line: number | null; why: string }>;
  mustNotReport: Array<{ project: string; rule: string; path: string; line?: number; why: string }>;
};

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lint');
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Expected;
const PROJECTS = [...new Set(expected.findings.map((f) => f.project))];

function at(f: Finding): Array<{ path: string; line?: number }> {
  return [f.location, ...(f.related ?? [])];
}

describe('rules on the fixture projects', () => {
  const results = new Map<string, LintResult>();
  before(async () => {
    for (const project of PROJECTS) {
      // eslint-disable-next-line no-await-in-loop
      results.set(project, await lint({ projectRoot: path.join(FIXTURES, project), today: expected.today }));
    }
  });

  for (const project of PROJECTS) {
    describe(project, () => {
      for (const e of expected.findings.filter((x) => x.project === project)) {
        it(`reports ${e.rule} (${e.kind}) at ${e.path}:${e.line ?? '-'}`, () => {
          const found = results
            .get(project)!
            .findings.filter((f) => f.ruleId === e.rule)
            .some((f) => at(f).some((l) => l.path === e.path && (e.line === null || l.line === e.line)));
          expect(
            found,
            `${e.why}\nreported for this rule: ${JSON.stringify(
              results
                .get(project)!
                .findings.filter((f) => f.ruleId === e.rule)
                .map((f) => `${f.location.path}:${f.location.line ?? '-'}`),
            )}`,
          ).to.equal(true);
        });
      }
      for (const n of expected.mustNotReport.filter((x) => x.project === project)) {
        it(`does not report ${n.rule} at ${n.path}${n.line ? `:${n.line}` : ''} (near miss)`, () => {
          const wrong = results
            .get(project)!
            .findings.filter(
              (f) =>
                f.ruleId === n.rule &&
                f.location.path === n.path &&
                (n.line === undefined || f.location.line === n.line),
            );
          expect(
            wrong.map((f) => `${f.location.line ?? '-'}: ${f.message}`),
            n.why,
          ).to.deep.equal([]);
        });
      }
    });
  }
});
