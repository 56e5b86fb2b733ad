import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { RULES } from '../../../src/lint/rules/index.js';
import { REPO_ROOT } from '../../helpers/schema.js';

/**
 * Every rule is documented and tested, as ESLint requires of its rules: a README section under its id, a rule table
 * test file named after it, message templates for what it reports, and every message id exercised by its table.
 */
const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
/** Messages a table of files cannot produce, with where they are covered instead. */
const NOT_IN_TABLES: Record<string, Record<string, string>> = {
  'parse-error': {
    unreadableDirectory:
      'needs a folder the process cannot list; tests run as root, which lists everything (the walk reports the error as a problem either way)',
    malformedXmlElement:
      'what only the full parser rejects after the well-formedness scan passed, inside a block a rule asked for; test/lint/xml.test.ts covers the late-failure callback',
  },
};
const camel = (id: string): string => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('rule metadata, docs and tests', () => {
  for (const rule of RULES) {
    describe(rule.meta.id, () => {
      const testFile = path.join(REPO_ROOT, 'test', 'lint', 'rules', `${camel(rule.meta.id)}.test.ts`);

      it('has a README section under its id', () => {
        expect(README, `README.md needs a "#### ${rule.meta.id}" section`).to.contain(`\n#### ${rule.meta.docs}\n`);
        expect(rule.meta.docs).to.equal(rule.meta.id);
      });

      it('has a rule table test file', () => {
        expect(existsSync(testFile), `${path.relative(REPO_ROOT, testFile)} is missing`).to.equal(true);
        expect(readFileSync(testFile, 'utf8')).to.match(/ruleTester\(/);
      });

      it('declares its messages by id, and its table exercises every one of them', () => {
        const messages = Object.keys(rule.meta.messages ?? {});
        expect(messages, 'meta.messages').to.not.be.empty;
        const table = readFileSync(testFile, 'utf8');
        const untested = messages.filter(
          (id) => !new RegExp(`messageId: '${id}'`).test(table) && !NOT_IN_TABLES[rule.meta.id]?.[id],
        );
        expect(untested, `message ids without a test case in ${path.basename(testFile)}`).to.deep.equal([]);
      });
    });
  }
});
