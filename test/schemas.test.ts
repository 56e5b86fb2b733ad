import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { audit } from '../src/audit/audit.js';
import { exportCommands } from '../src/audit/queries.js';
import { directorySource } from '../src/audit/sources.js';
import { inventory } from '../src/inventory/inventory.js';
import { lint } from '../src/lint/engine.js';
import { DEMO_NOW, demoOrg } from './fixtures/audit/demoOrg.js';
import { writeExport } from './helpers/orgFixture.js';
import { REPO_ROOT } from './helpers/schema.js';
import { copyExampleProject, remove } from './helpers/project.js';
import { run } from './helpers/generate.js';

function validator(name: string): (data: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // Every published schema, so one can refer to another by its $id (audit's findings are lint's).
  const read = (file: string): object =>
    JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', file), 'utf8')) as object;
  for (const other of readdirSync(path.join(REPO_ROOT, 'schemas')).filter((f) => f.endsWith('.json') && f !== name))
    ajv.addSchema(read(other));
  const validate = ajv.compile(read(name));
  return (data) =>
    validate(JSON.parse(JSON.stringify(data)))
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('published JSON schemas of the command results', () => {
  it('audit results (complete, with gaps) and --print-queries match schemas/integration-audit-result.schema.json', async () => {
    const check = validator('integration-audit-result.schema.json');
    const root = copyExampleProject();
    const exported = mkdtempSync(path.join(os.tmpdir(), 'sfint-export-'));
    try {
      writeExport(demoOrg(), exported);
      const complete = await audit({
        projectRoot: root,
        source: directorySource(exported),
        windowDays: 90,
        staleDays: 90,
        now: DEMO_NOW,
      });
      expect(complete.findings.length).to.be.greaterThan(0);
      expect(check(complete), 'complete').to.deep.equal([]);
      remove(path.join(exported, 'LoginHistory.json'));
      const gaps = await audit({
        projectRoot: root,
        source: directorySource(exported),
        windowDays: 90,
        staleDays: 90,
        now: DEMO_NOW,
      });
      expect(gaps.notChecked.length).to.be.greaterThan(0);
      expect(check(gaps), 'gaps').to.deep.equal([]);
      expect(check({ queries: exportCommands('2026-09-01T00:00:00Z') }), 'queries').to.deep.equal([]);
      expect(check({ queries: 'no' }), 'a wrong shape is refused').not.to.deep.equal([]);
    } finally {
      remove(root);
      remove(exported);
    }
  });

  it('generate results (write, dry-run, check) match schemas/integration-generate-result.schema.json', async () => {
    const check = validator('integration-generate-result.schema.json');
    const dir = copyExampleProject();
    try {
      for (const mode of ['dry-run', 'write', 'check'] as const) {
        // eslint-disable-next-line no-await-in-loop
        expect(check(await run(dir, { mode })), mode).to.deep.equal([]);
      }
    } finally {
      remove(dir);
    }
  });

  it('inventory results (write, dry-run) of the fixture projects match schemas/integration-inventory-result.schema.json', async () => {
    const check = validator('integration-inventory-result.schema.json');
    for (const fixture of [
      path.join('inventory', 'shared-org'),
      path.join('inventory', 'metadata-org'),
      path.join('lint', 'source-project'),
      path.join('lint', 'metadata-project'),
    ]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-schema-'));
      try {
        cpSync(path.join(REPO_ROOT, 'test', 'fixtures', fixture), dir, { recursive: true });
        for (const mode of ['dry-run', 'write'] as const) {
          // eslint-disable-next-line no-await-in-loop
          const result = await inventory({ projectRoot: dir, mode, force: false, today: '2026-06-01' });
          expect(result.identities.length, fixture).to.be.greaterThan(0);
          expect(check(result), `${fixture} ${mode}`).to.deep.equal([]);
        }
      } finally {
        remove(dir);
      }
    }
  });

  it('lint results of every fixture project match schemas/integration-lint-result.schema.json', async () => {
    const check = validator('integration-lint-result.schema.json');
    for (const project of ['source-project', 'metadata-project', 'broken-project']) {
      // eslint-disable-next-line no-await-in-loop
      const result = await lint({
        projectRoot: path.join(REPO_ROOT, 'test', 'fixtures', 'lint', project),
        today: '2026-06-01',
      });
      expect(result.findings.length, project).to.be.greaterThan(0);
      expect(check(result), project).to.deep.equal([]);
    }
  });
});
