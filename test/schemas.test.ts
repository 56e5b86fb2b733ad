import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { inventory } from '../src/inventory/inventory.js';
import { lint } from '../src/lint/engine.js';
import { REPO_ROOT } from './helpers/schema.js';
import { copyExampleProject, remove } from './helpers/project.js';
import { run } from './helpers/generate.js';

function validator(name: string): (data: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', name), 'utf8')) as object);
  return (data) =>
    validate(JSON.parse(JSON.stringify(data)))
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('published JSON schemas of the command results', () => {
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
