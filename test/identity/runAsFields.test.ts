import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { EXCLUDED_RUN_AS_ROWS, RUN_AS_FIELDS } from '../../src/identity/runAsFields.js';
import { REPO_ROOT } from '../helpers/schema.js';

const TSV =
  process.env.SF_USER_REFERENCE_TSV ?? path.resolve(REPO_ROOT, '..', 'shared', 'schemas', 'user-reference-fields.tsv');

describe('run-as fields (class A of user-reference-fields.tsv)', () => {
  it('cover every class-A row of the shared table, except the documented exclusions', function () {
    if (!existsSync(TSV)) {
      if (process.env.REQUIRE_METADATA_XSD) throw new Error(`user-reference-fields.tsv not found at ${TSV}`);
      // eslint-disable-next-line no-console
      console.error(`\n!!! ${TSV} NOT FOUND: the run-as field table is NOT checked against it. !!!\n`);
      this.skip();
    }
    const rows = readFileSync(TSV, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('A\t'))
      .map((l) => l.split('\t'))
      .map(([, typeElement, rootPath]) => ({ typeElement, rootPath }));
    expect(rows.length).to.be.greaterThan(15);
    const ours = new Set(RUN_AS_FIELDS.map((f) => [f.root, ...f.path].join('/')));
    for (const row of rows) {
      if (EXCLUDED_RUN_AS_ROWS.includes(row.typeElement)) continue;
      expect(ours.has(row.rootPath), `${row.typeElement} (${row.rootPath})`).to.equal(true);
    }
  });
});
