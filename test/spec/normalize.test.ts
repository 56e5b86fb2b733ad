import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { SpecError } from '../../src/generate/generate.js';
import { installedSchema } from '../../src/shared/plugin.js';
import { REVIEW_CADENCES, REVIEW_SPELLINGS, reviewCadence } from '../../src/spec/normalize.js';
import { run } from '../helpers/generate.js';
import { makeProject, remove, snapshot } from '../helpers/project.js';
import { REPO_ROOT } from '../helpers/schema.js';

const SPEC = (access: string, review = 'semiannual'): string => `name: Billing Sync
owners:
  business: Finance <finance@example.com>
  technical: Finance Systems <fin-sys@example.com>
support: fin-sys@example.com
user:
  username: billing.sync@example.com
auth:
  flow: client-credentials
access:
${access}
lifecycle:
  review: ${review}
`;

const LISTS = `  objects:
    Account: [read, edit]
    Task: [read]
  fields:
    Account.BillingCity: [edit]
    Account.Phone: [read]`;

/** Every generated file of a spec, by path: what two ways of writing the same spec must agree on. */
async function generated(spec: string): Promise<Map<string, string>> {
  const dir = makeProject({ 'billing.yaml': spec });
  try {
    await run(dir);
    const files = snapshot(dir);
    files.delete('integrations/billing.yaml');
    files.delete('integrations/.generated-files.json');
    return files;
  } finally {
    remove(dir);
  }
}

async function problems(spec: string): Promise<string[]> {
  const dir = makeProject({ 'billing.yaml': spec });
  try {
    await run(dir);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => p.message);
  } finally {
    remove(dir);
  }
}

describe('spec: what people naturally write', () => {
  it('a single permission, or several separated by commas, is the list the schema has', async () => {
    const single = `  objects:
    Account: read, edit
    Task: read
  fields:
    Account.BillingCity: edit
    Account.Phone: read`;
    expect(await generated(SPEC(single))).to.deep.equal(await generated(SPEC(LISTS)));
  });

  it('common spellings of review cadences are read as the schema values, in the register too', async () => {
    for (const [cadence, spellings] of Object.entries(REVIEW_CADENCES)) {
      for (const spelling of [spellings[spellings.length - 1], spellings[1] ?? spellings[0]]) {
        expect(reviewCadence(spelling.toUpperCase()), spelling).to.equal(cadence);
      }
    }
    const canonical = await generated(SPEC(LISTS, 'semiannual'));
    expect(await generated(SPEC(LISTS, 'semi-annually'))).to.deep.equal(canonical);
    expect(await generated(SPEC(LISTS, 'twice a year'))).to.deep.equal(canonical);
    expect(canonical.get('integrations/register.csv')).to.contain('semiannual');
  });

  it('a cadence it does not know is refused with the nearest accepted value', async () => {
    expect(await problems(SPEC(LISTS, 'anually'))).to.deep.equal([
      "lifecycle.review must be one of: monthly, quarterly, semiannual, annual. Did you mean 'annual' ('annually')?",
    ]);
    expect(await problems(SPEC(LISTS, 'fortnightly'))).to.deep.equal([
      'lifecycle.review must be one of: monthly, quarterly, semiannual, annual.',
    ]);
  });

  it('a misspelt permission, alone or in a list, is refused with the nearest accepted value', async () => {
    expect(await problems(SPEC('  objects:\n    Account: raed'))).to.deep.equal([
      "access.objects.Account[0] must be one of: read, create, edit, delete, viewAll, modifyAll. Did you mean 'read'?",
    ]);
    expect(await problems(SPEC('  objects:\n    Account: [read, edti]'))).to.deep.equal([
      "access.objects.Account[1] must be one of: read, create, edit, delete, viewAll, modifyAll. Did you mean 'edit'?",
    ]);
  });

  it('the published schema accepts exactly the spellings the loader reads (editors flag nothing the loader takes)', () => {
    const schema = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'schemas', 'integration-spec.schema.json'), 'utf8'),
    ) as {
      properties: { lifecycle: { properties: { review: { enum: string[] } } } };
    };
    expect(schema.properties.lifecycle.properties.review.enum).to.deep.equal([...REVIEW_SPELLINGS]);
  });

  it('hints name the schema inside the installed plugin, not this repository’s layout', async () => {
    expect(installedSchema('integration-spec')).to.equal(
      path.join(REPO_ROOT, 'schemas', 'integration-spec.schema.json'),
    );
    const dir = makeProject({}, { 'integrations/.keep': '' });
    try {
      let message = '';
      try {
        await run(dir);
      } catch (e) {
        message = (e as SpecError).problems[0].message;
      }
      expect(message).to.contain(installedSchema('integration-spec'));
      expect(message).to.contain('sf integration inventory');
    } finally {
      remove(dir);
    }
  });
});
