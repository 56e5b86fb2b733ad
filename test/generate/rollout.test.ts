import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { stringify } from 'yaml';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { copyExampleProject, makeProject, remove } from '../helpers/project.js';
import { run } from '../helpers/generate.js';
import { matrix } from '../helpers/matrix.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { sfCommandLines, sfInvocationProblems, shellWords } from '../helpers/sfCommands.js';
import type { GenerateResult } from '../../src/generate/generate.js';
import { manifestPath } from '../../src/generate/rollout.js';
import { USER_NAMING_ELEMENTS } from '../../src/shared/platformRules.js';

const PROFILE_ID = '00e000000000001AAA';

/** The plugin-data parser `sf data create record --values` uses, so the test reads the values as sf does. */
async function sfValuesParser(): Promise<(text: string) => Record<string, unknown>> {
  const file = path.join(REPO_ROOT, 'node_modules', '@salesforce', 'plugin-data', 'lib', 'dataUtils.js');
  const mod = (await import(file)) as { stringToDictionary: (text: string) => Record<string, unknown> };
  return mod.stringToDictionary;
}

/** Whether an XML document holds a value at an element path (the user-naming elements of the platform rules). */
function namesUser(xml: string, type: string): boolean {
  const doc = new XMLParser().parse(xml) as Record<string, Record<string, unknown>>;
  return USER_NAMING_ELEMENTS.filter((e) => e.type === type).some((e) => {
    let node: unknown = doc[type];
    for (const key of e.path) node = (node as Record<string, unknown> | undefined)?.[key];
    return node !== undefined && node !== '';
  });
}

/** `Type:member` for every member of a package.xml. */
function manifestComponents(xml: string): string[] {
  const parsed = new XMLParser({ isArray: (name): boolean => name === 'types' || name === 'members' }).parse(xml) as {
    Package: { types: Array<{ name: string; members: string[] }> };
  };
  return parsed.Package.types.flatMap((t) => t.members.map((m) => `${t.name}:${m}`));
}

function projects(): Array<{ title: string; make: () => string }> {
  const specs = matrix();
  return [
    { title: 'the example project', make: copyExampleProject },
    {
      title: 'every spec option (the matrix)',
      make: () =>
        makeProject(
          Object.fromEntries(
            Object.entries(specs).map(([file, spec]) => [
              file,
              file.endsWith('.json') ? JSON.stringify(spec, null, 2) : stringify(spec),
            ]),
          ),
        ),
    },
  ];
}

for (const project of projects()) {
  describe(`rollout stages: ${project.title}`, () => {
    let dir: string;
    let result: GenerateResult;
    const read = (rel: string): string => readFileSync(path.join(dir, rel), 'utf8');

    before(async () => {
      dir = project.make();
      result = await run(dir);
    });
    after(() => remove(dir));

    it('each stage manifest lists exactly the components of its stage, byte-equal to what source-deploy-retrieve writes', async () => {
      for (const i of result.integrations) {
        const metadata = result.files.filter(
          (f) => f.path.startsWith('force-app/') && f.path.includes(`/${i.apiName}_`),
        );
        for (const stage of [1, 3] as const) {
          const expected = metadata
            .filter((f) => (stage === 3) === /^(ConnectedApp|ExternalClientApplication|ExtlClntApp)/.test(f.type))
            .map((f) => `${f.type}:${f.name}`)
            .sort();
          const file = manifestPath(i.apiName, stage);
          if (!expected.length) {
            expect(
              result.files.some((f) => f.path === file),
              file,
            ).to.equal(false);
            continue;
          }
          // eslint-disable-next-line no-await-in-loop
          const set = await ComponentSet.fromManifest({ manifestPath: path.join(dir, file) });
          expect(
            set
              .toArray()
              .map((c) => `${c.type.name}:${c.fullName}`)
              .sort(),
            file,
          ).to.deep.equal(expected);
          const sdr = new ComponentSet(set.toArray().map((c) => ({ fullName: c.fullName, type: c.type })));
          sdr.apiVersion = '66.0';
          // eslint-disable-next-line no-await-in-loop
          expect(read(file), file).to.equal(await sdr.getPackageXml(4));
        }
      }
    });

    it('nothing names the user before the stage that creates it: stage 1 holds no user-naming element, and the checklist creates the user between the deploys', () => {
      let naming = 0;
      for (const i of result.integrations) {
        for (const f of result.files.filter(
          (x) => x.path.startsWith('force-app/') && x.path.includes(`/${i.apiName}_`),
        )) {
          if (!namesUser(read(f.path), f.type)) continue;
          naming++;
          expect(manifestComponents(read(manifestPath(i.apiName, 3))), `${f.path} names a user`).to.include(
            `${f.type}:${f.name}`,
          );
          expect(manifestComponents(read(manifestPath(i.apiName, 1))), `${f.path} names a user`).not.to.include(
            `${f.type}:${f.name}`,
          );
        }
      }
      expect(naming, 'the client-credentials apps name their run-as user').to.be.greaterThan(0);
      for (const i of result.integrations) {
        const checklist = read(`integrations/setup/${i.apiName}.md`);
        const order = [
          `--manifest ${manifestPath(i.apiName, 1)}`,
          'sf data create record --sobject User',
          `sf org assign permset --name ${i.permissionSet}`,
        ];
        if (i.app) order.push(`--manifest ${manifestPath(i.apiName, 3)}`);
        const positions = order.map((text) => checklist.indexOf(text));
        expect(
          positions.every((p) => p >= 0),
          `${i.apiName}: ${order.join(' | ')}`,
        ).to.equal(true);
        expect(
          [...positions].sort((a, b) => a - b),
          i.apiName,
        ).to.deep.equal(positions);
      }
    });

    it('every command of every checklist is an sf command of the installed CLI, with the flags it takes, and no placeholder', () => {
      for (const i of result.integrations) {
        const checklist = read(`integrations/setup/${i.apiName}.md`);
        const commands = sfCommandLines(checklist);
        expect(commands.length, i.apiName).to.be.greaterThan(5);
        expect(checklist, i.apiName).not.to.match(/--target-org|<org>/);
        const argvs = shellWords(commands, { PROFILE_ID });
        expect(argvs).to.have.length(commands.length);
        commands.forEach((line, k) => {
          expect(argvs[k][0], line).to.equal('sf');
          expect(sfInvocationProblems(argvs[k].slice(1)), line).to.deep.equal([]);
        });
      }
    });

    it('the user is created with the fields of the user definition, as sf reads its --values, and licensed before the permission set', async () => {
      const parse = await sfValuesParser();
      for (const i of result.integrations) {
        const checklist = read(`integrations/setup/${i.apiName}.md`);
        const create = sfCommandLines(checklist).find((l) => l.startsWith('sf data create record'))!;
        const [argv] = shellWords([create], { PROFILE_ID });
        const values = parse(argv[argv.indexOf('--values') + 1]);
        const def = JSON.parse(read(`config/${i.apiName}-user-def.json`)) as Record<string, unknown>;
        const { profileName, permsets, generatePassword, ...fields } = def;
        expect(values, i.apiName).to.deep.equal({ ...fields, ProfileId: PROFILE_ID });
        expect(generatePassword).to.equal(false);
        const query = sfCommandLines(checklist).find(
          (l) => l.startsWith('sf data query') && l.includes('FROM Profile'),
        )!;
        expect(query, i.apiName).to.contain(`Name = '${String(profileName)}'`);
        if (i.license === 'integration') {
          expect(permsets, `${i.apiName}: a licensed permission set cannot be assigned at creation`).to.equal(
            undefined,
          );
          expect(
            checklist.indexOf('sf org assign permsetlicense --name SalesforceAPIIntegrationPsl'),
            i.apiName,
          ).to.be.lessThan(checklist.indexOf('sf org assign permset --name'));
        } else {
          expect(permsets).to.deep.equal([i.permissionSet]);
          expect(checklist).not.to.contain('permsetlicense');
        }
      }
    });
  });
}

describe('rollout: the .forceignore line for global OAuth settings', () => {
  const SPEC =
    'name: Billing\nowners: { business: B <b@example.com>, technical: T <t@example.com> }\nsupport: s@example.com\nuser: { username: billing@example.com }\n';

  it('is proposed when the project has External Client Apps and no such line; not when it has one', async () => {
    const bare = makeProject({ 'billing.yaml': SPEC });
    const ignored = makeProject(
      { 'billing.yaml': SPEC },
      { '.forceignore': '# secrets\n**/*.ecaGlblOauth-meta.xml\n' },
    );
    const commented = makeProject({ 'billing.yaml': SPEC }, { '.forceignore': '# **/*.ecaGlblOauth-meta.xml\n' });
    const noApp = makeProject({ 'billing.yaml': `${SPEC}auth: { flow: none }\n` });
    try {
      expect((await run(bare)).forceignoreProposal).to.equal('**/*.ecaGlblOauth-meta.xml');
      expect((await run(ignored)).forceignoreProposal).to.equal(undefined);
      expect((await run(commented)).forceignoreProposal).to.equal('**/*.ecaGlblOauth-meta.xml');
      expect((await run(noApp)).forceignoreProposal).to.equal(undefined);
    } finally {
      for (const d of [bare, ignored, commented, noApp]) remove(d);
    }
  });
});

describe('rollout: the checks above can fail', () => {
  it('sfInvocationProblems names an unknown command, an unknown flag, a missing value and a missing required flag', () => {
    expect(sfInvocationProblems(['org', 'create', 'usr'])).to.deep.equal(['unknown command: sf org create usr']);
    expect(sfInvocationProblems(['org', 'assign', 'permset', '--name', 'X', '--user', 'u@example.com'])).to.deep.equal([
      'sf org assign permset: unknown flag --user',
    ]);
    expect(sfInvocationProblems(['data', 'create', 'record', '--sobject', 'User', '--values'])).to.deep.equal([
      'sf data create record: --values needs a value',
    ]);
    expect(sfInvocationProblems(['data', 'create', 'record', '--sobject', 'User'])).to.deep.equal([
      'sf data create record: missing required --values',
    ]);
    expect(sfInvocationProblems(['project', 'deploy', 'start', '--manifest', 'm.xml', '--dry-run'])).to.deep.equal([]);
  });

  it('a first or last name with both kinds of quote is refused: sf --values cannot pass it', async () => {
    const dir = makeProject({
      'q.yaml':
        'name: Quotes\nowners: { business: B <b@example.com>, technical: T <t@example.com> }\nsupport: s@example.com\nuser:\n  username: q@example.com\n  lastName: O\'Neil "Ops"\n',
    });
    try {
      await run(dir);
      expect.fail('accepted');
    } catch (e) {
      expect(
        (e as { problems: Array<{ line?: number; message: string }> }).problems.map(
          (p) => `${p.line ?? ''} ${p.message}`,
        ),
      ).to.deep.equal([
        "6 user.lastName 'O'Neil \"Ops\"' holds both ' and \", which the --values parser of sf data create record cannot pass; remove one of them.",
      ]);
    } finally {
      remove(dir);
    }
  });
});
