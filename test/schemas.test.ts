import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Ajv } from 'ajv';
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
