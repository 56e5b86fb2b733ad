import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import YAML from 'yaml';
import { remove } from '../helpers/project.js';
import { REPO_ROOT } from '../helpers/schema.js';

/** The README's first ```lang block under `heading`, exactly as a reader copies it. */
function readmeCode(heading: string, lang: string): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`### ${heading}`));
  const block = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(section)?.[1];
  if (!block) throw new Error(`README has no ${lang} block under "${heading}"`);
  return block;
}

/** The shell lines of the README's first ```sh block under `heading`, without comments. */
function readmeBlock(heading: string): string[] {
  return readmeCode(heading, 'sh')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
}

const PACKAGE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
/** The file `npm pack` writes. */
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;

type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Workflow = {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};

const FILE = 'force-app/main/default/connectedApps/Talkdesk_CTI.connectedApp-meta.xml';

/**
 * A formatter that moves every line down by two (as Prettier may re-wrap a file): if lint read the file before it
 * ran, the lines it reports would be those of the unformatted copy.
 */
const FORMATTER = `import { readFileSync, writeFileSync } from 'node:fs';
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('<!-- formatted -->')) writeFileSync(file, text.replace('?>\\n', '?>\\n<!-- formatted -->\\n<!-- by the formatter -->\\n'));
}
`;

describe('README recipes, run as written on scratch repositories', function () {
  this.timeout(300_000);
  let dir: string;
  let bin: string;

  function sh(script: string): SpawnSyncReturns<string> {
    return spawnSync('bash', ['-e', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${path.join(dir, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        NO_COLOR: '1',
        HUSKY: '',
      },
    });
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-recipe-'));
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project'), dir, { recursive: true });
    // The recipe's `npm install` is the registry's business: the test gives the project this repository's packages,
    // and the plugin's executable where npm would link it (npx looks there, not on PATH).
    const modules = path.join(dir, 'node_modules');
    mkdirSync(path.join(modules, '.bin'), { recursive: true });
    for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
      if (entry !== '.bin') symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(modules, entry));
    }
    for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules', '.bin'))) {
      symlinkSync(path.join(REPO_ROOT, 'node_modules', '.bin', entry), path.join(modules, '.bin', entry));
    }
    bin = path.join(modules, '.bin');
    symlinkSync(path.join(REPO_ROOT, 'bin', 'sf-integration.js'), path.join(bin, 'sf-integration'));
    chmodSync(path.join(REPO_ROOT, 'bin', 'sf-integration.js'), 0o755);
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
    writeFileSync(path.join(dir, 'format.mjs'), FORMATTER);
  });
  afterEach(() => remove(dir));

  const recipe = (): string[] => {
    const lines = readmeBlock('Pre-commit hook (husky + lint-staged)');
    expect(lines[0]).to.equal('npm install --save-dev husky lint-staged');
    return lines.slice(1);
  };

  it('lint-staged: merges with an existing hook and config, runs lint after the formatter, blocks the commit', () => {
    // An existing setup: husky with a hook of its own, lint-staged running a formatter on XML.
    writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify({ name: 'org', private: true, 'lint-staged': { '*.xml': 'node format.mjs' } }, null, 2)}\n`,
    );
    expect(sh('git init -q && npx husky && git add -A && git commit -qm init --no-verify').status).to.equal(0);
    writeFileSync(path.join(dir, '.husky', 'pre-commit'), 'echo existing-hook-ran\n');

    const setup = sh(recipe().join('\n'));
    expect(setup.status, setup.stderr).to.equal(0);
    expect(readFileSync(path.join(dir, '.husky', 'pre-commit'), 'utf8')).to.equal(
      'echo existing-hook-ran\nnpx lint-staged --concurrent false\n',
    );
    const config = (
      JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { 'lint-staged': Record<string, string> }
    )['lint-staged'];
    expect(Object.values(config)).to.deep.equal(['node format.mjs', 'sf-integration lint']);
    // Running the recipe again adds nothing.
    expect(sh(recipe().join('\n')).status).to.equal(0);
    expect(readFileSync(path.join(dir, '.husky', 'pre-commit'), 'utf8').match(/lint-staged/g)).to.have.length(1);

    // A staged change to a connected app that shares its run-as user: the commit is refused.
    const app = path.join(dir, FILE);
    writeFileSync(app, readFileSync(app, 'utf8').replace('</label>', ' (changed)</label>'));
    const commit = sh(`git add ${FILE} package.json .husky/pre-commit && git commit -m change`);
    const output = commit.stdout + commit.stderr;
    expect(commit.status, output).to.not.equal(0);
    expect(output).to.contain('existing-hook-ran');
    expect(output).to.contain('shared-integration-user');
    // The formatter ran first and lint reported the formatted file's lines: the finding's line holds its element.
    // (lint-staged puts the working tree back as it was when a task fails, so the formatted copy is rebuilt here.)
    const formatted = readFileSync(app, 'utf8').replace('?>\n', '?>\n<!-- formatted -->\n<!-- by the formatter -->\n');
    expect(formatted).to.contain('<!-- formatted -->');
    const reported = /^\s+(\d+):(\d+)\s+error\s.*shared-integration-user/m.exec(output);
    expect(reported, output).to.not.equal(null);
    const line = formatted.split('\n')[Number(reported?.[1]) - 1];
    expect(line).to.match(/<(oauthClientCredentialUser|username|integrationUser)>/);
    expect(sh('git log --oneline | wc -l').stdout.trim()).to.equal('1');
  });

  it('lint-staged: in a project without husky, the recipe sets up the hook and a clean change commits', () => {
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'org', private: true }, null, 2)}\n`);
    expect(sh('git init -q && git add -A && git commit -qm init --no-verify').status).to.equal(0);
    const setup = sh(recipe().join('\n'));
    expect(setup.status, setup.stderr).to.equal(0);
    expect(readFileSync(path.join(dir, '.husky', 'pre-commit'), 'utf8')).to.equal(
      'npx lint-staged --concurrent false\n',
    );
    // A staged Apex class with no findings of its own is linted (lint-staged ran the task) and commits.
    const cls = path.join(dir, 'force-app', 'main', 'default', 'classes', 'ZendeskTicketEmailHandler.cls');
    writeFileSync(cls, `${readFileSync(cls, 'utf8')}\n// reviewed\n`);
    const clean = sh('git add -A && git commit -m clean');
    expect(clean.status, clean.stdout + clean.stderr).to.equal(0);
    expect(clean.stdout + clean.stderr).to.match(/sf-integration lint/);
    expect(sh('git log --oneline | wc -l').stdout.trim()).to.equal('2');
  });

  it('GitHub Actions: push to the default branch and pull requests, the permissions SARIF upload needs, no upload from forks, and its run steps work', () => {
    const workflow = YAML.parse(readmeCode('GitHub Actions: code scanning with SARIF', 'yaml')) as Workflow;
    expect(Object.keys(workflow.on)).to.have.members(['push', 'pull_request']);
    expect(workflow.on.push).to.deep.equal({ branches: ['main'] });
    expect(workflow.permissions).to.deep.equal({ contents: 'read', 'security-events': 'write', actions: 'read' });
    const steps = Object.values(workflow.jobs)[0].steps;
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.if)
      .to.contain('always()')
      .and.contain('github.event.pull_request.head.repo.full_name == github.repository');
    const runs = steps.filter((step) => step.run).map((step) => step);
    // The install step names the file npm pack writes; the test gives the project this repository's copy instead.
    expect(runs[0].run).to.equal(`npm install --no-save ./tools/${TARBALL}`);
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "org", "private": true }\n');
    for (const step of runs.slice(1)) {
      const r = spawnSync('bash', ['-e', '-c', step.run as string], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...step.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      });
      // The fixture project has errors: the step fails the job, and the log is written for the upload.
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stdout).to.contain('Report (sarif) written to integration-lint.sarif.');
    }
    const sarif = JSON.parse(readFileSync(path.join(dir, upload?.with?.sarif_file as string), 'utf8')) as {
      version: string;
      runs: Array<{ results: unknown[] }>;
    };
    expect(sarif.version).to.equal('2.1.0');
    expect(sarif.runs[0].results.length).to.be.greaterThan(0);
  });

  it('install: the README names the tarball npm pack writes, and the allow-list entry is the install string', () => {
    const lines = readmeBlock('Installing the plugin (it is not on the npm registry)');
    expect(lines).to.include(`npm install --save-dev ./tools/${TARBALL}`);
    const allow = lines.find((line) => line.includes('unsignedPluginAllowList.json'));
    const install = lines.find((line) => line.startsWith('sf plugins install'));
    // The string sf compares with the allow list is the install argument, exactly.
    const argument = /sf plugins install "(.+)"/.exec(install ?? '')?.[1];
    expect(argument).to.equal(`file://$PWD/tools/${TARBALL}`);
    expect(allow).to.contain(argument?.replace(/"/g, '\\"'));
  });

  it('pre-commit framework: the hook runs the installed sf-integration on metadata, specs and user definitions only', () => {
    type Hook = { id: string; entry: string; language: string; files: string; require_serial?: boolean };
    const [hook] = YAML.parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
    expect(hook.id).to.equal('sf-integration-lint');
    expect(hook.entry).to.equal('npx --no-install sf-integration lint');
    expect(hook.language).to.equal('system');
    const files = new RegExp(hook.files);
    // Source format anywhere, metadata format under src/ (src/package.xml), specs and user definitions.
    for (const p of [
      FILE,
      'force-app/main/default/classes/A.cls',
      'src/objects/Account.object',
      'src/workflows/Lead.workflow',
      'integrations/talkdesk.yaml',
      'config/integration-user-def.json',
    ]) {
      expect(files.test(p), p).to.equal(true);
    }
    for (const p of ['README.md', 'package.json', 'scripts/deploy.sh']) expect(files.test(p), p).to.equal(false);
    // What the entry runs, from the project: the staged file linted, exit 1 on its errors.
    const r = sh(`${hook.entry} ${FILE}`);
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stdout).to.contain('shared-integration-user');
  });
});
