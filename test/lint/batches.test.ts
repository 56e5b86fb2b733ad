import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { LARGE_XML_BYTES } from '../../src/lint/xml.js';
import { remove } from '../helpers/project.js';
import { batchesOf, loadShared, type RunSettings } from '../../src/lint/batches.js';
import { defaultConfig } from '../../src/lint/config.js';
import { lint } from '../../src/lint/engine.js';
import {
  checkBatches,
  parseConcurrency,
  workerCount,
  AUTO_MIN_BYTES,
  AUTO_MIN_BYTES_ONE_WORKER,
  WorkerThreads,
} from '../../src/lint/parallel.js';
import { LintUsageError } from '../../src/lint/errors.js';
import { RULES } from '../../src/lint/rules/index.js';
import type { LintOptions, LintResult, ProjectFile } from '../../src/lint/types.js';
import { REPO_ROOT } from '../helpers/schema.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lint');
const TODAY = '2026-12-01';
const ONE_FILE = { files: 1, bytes: 1 };

const comparable = (r: LintResult): LintResult => ({ ...r, durationMs: 0 });

function file(p: string, type: string, fullName: string, size = 10): ProjectFile {
  return { absolute: `/p/${p}`, path: p, type, fullName, format: 'source', size };
}

describe('lint in batches and threads: the same findings whatever the split', function () {
  this.timeout(120_000);
  const projects = ['source-project', 'metadata-project', 'broken-project'];
  for (const name of projects) {
    it(`${name}: one file per batch, and three threads, report exactly what one batch does`, async () => {
      const options: LintOptions = { projectRoot: path.join(FIXTURES, name), today: TODAY, threshold: 'note' };
      const whole = await lint({ ...options, concurrency: 'off' });
      expect(whole.findings.length, 'a fixture with findings').to.be.greaterThan(0);
      const split = await lint({ ...options, concurrency: 'off', batchLimits: ONE_FILE });
      const threaded = await lint({ ...options, concurrency: 3, batchLimits: ONE_FILE });
      expect(comparable(split)).to.deep.equal(comparable(whole));
      expect(comparable(threaded)).to.deep.equal(comparable(whole));
    });
  }

  it('a broken element that only a rule reading a large file finds is a parse-error, in every mode', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sfint-batches-'));
    try {
      writeFileSync(
        path.join(root, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
      );
      const dir = path.join(root, 'force-app', 'main', 'default', 'profiles');
      mkdirSync(dir, { recursive: true });
      const filler =
        '    <fieldPermissions>\n        <editable>false</editable>\n        <field>Account.F__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n';
      const body = filler.repeat(Math.ceil(LARGE_XML_BYTES / filler.length));
      const profile = (perm: string): string =>
        `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n    <custom>true</custom>\n${body}    <userPermissions>\n        <enabled>true</enabled>\n        ${perm}\n    </userPermissions>\n</Profile>\n`;
      writeFileSync(path.join(dir, 'Broken.profile-meta.xml'), profile('<name>ApiEnabled</nam>'));
      writeFileSync(path.join(dir, 'Fine.profile-meta.xml'), profile('<name>ApiEnabled</name>'));
      for (const concurrency of ['off', 2] as const) {
        // eslint-disable-next-line no-await-in-loop
        const result = await lint({ projectRoot: root, today: TODAY, concurrency, batchLimits: ONE_FILE });
        const parseErrors = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.location.path);
        expect(parseErrors, String(concurrency)).to.deep.equal([
          'force-app/main/default/profiles/Broken.profile-meta.xml',
        ]);
      }
    } finally {
      remove(root);
    }
  });

  it('a pre-commit run on one file reports the same in batches', async () => {
    const root = path.join(FIXTURES, 'source-project');
    const paths = [path.join(root, 'force-app/main/default/connectedApps/Talkdesk_CTI.connectedApp-meta.xml')];
    const whole = await lint({ projectRoot: root, today: TODAY, paths, concurrency: 'off' });
    const split = await lint({ projectRoot: root, today: TODAY, paths, concurrency: 2, batchLimits: ONE_FILE });
    expect(comparable(split)).to.deep.equal(comparable(whole));
  });
});

describe('batchesOf', () => {
  it('cuts in path order at the limits, never inside a component', () => {
    const files = [
      file('objects/Account/fields/B__c.field-meta.xml', 'CustomField', 'Account.B__c'),
      file('objects/Account/fields/A__c.field-meta.xml', 'CustomField', 'Account.A__c'),
      file('objects/Case/fields/C__c.field-meta.xml', 'CustomField', 'Case.C__c'),
      file('profiles/Admin.profile-meta.xml', 'Profile', 'Admin', 5_000_000),
      file('profiles/Sync.profile-meta.xml', 'Profile', 'Sync', 5_000_000),
    ];
    const batches = batchesOf(files, { files: 1, bytes: 1 }).map((b) => b.map((f) => f.fullName));
    expect(batches).to.deep.equal([['Account.A__c', 'Account.B__c'], ['Case.C__c'], ['Admin'], ['Sync']]);
    expect(batchesOf(files, { files: 100, bytes: 4_000_000 }).map((b) => b.length)).to.deep.equal([4, 1]);
    expect(batchesOf(files, { files: 100, bytes: 100_000_000 })).to.have.length(1);
    expect(batchesOf([])).to.deep.equal([]);
  });
});

describe('parseConcurrency', () => {
  it('takes auto, off and a positive number of threads', () => {
    expect(parseConcurrency(undefined)).to.equal('auto');
    expect(parseConcurrency('AUTO')).to.equal('auto');
    expect(parseConcurrency('off')).to.equal('off');
    expect(parseConcurrency('4')).to.equal(4);
  });
  for (const bad of ['0', '-1', 'two', '1.5', '', 'on', '99999']) {
    it(`refuses "${bad}" as a usage error that says what it takes`, () => {
      expect(() => parseConcurrency(bad)).to.throw(LintUsageError, /auto, off or a number/);
    });
  }
});

describe('workerCount', () => {
  it('off and 1 are the main thread alone; N is N threads in all, never more than there are batches', () => {
    expect(workerCount('off', 10, 1e9, 8)).to.equal(0);
    expect(workerCount(1, 10, 1e9, 8)).to.equal(0);
    expect(workerCount(4, 10, 0, 8)).to.equal(3);
    expect(workerCount(4, 2, 0, 8)).to.equal(1);
  });
  it('auto starts threads only where they pay: several cores and a large project', () => {
    expect(workerCount('auto', 10, AUTO_MIN_BYTES - 1, 8)).to.equal(0);
    expect(workerCount('auto', 10, AUTO_MIN_BYTES, 1)).to.equal(0);
    // Two cores: one worker, worth starting only for a larger project.
    expect(workerCount('auto', 10, AUTO_MIN_BYTES, 2)).to.equal(0);
    expect(workerCount('auto', 10, AUTO_MIN_BYTES_ONE_WORKER - 1, 2)).to.equal(0);
    expect(workerCount('auto', 10, AUTO_MIN_BYTES_ONE_WORKER, 2)).to.equal(1);
    expect(workerCount('auto', 10, AUTO_MIN_BYTES, 4)).to.equal(3);
    expect(workerCount('auto', 100, AUTO_MIN_BYTES, 64)).to.equal(7);
  });
});

describe('checkBatches', () => {
  it('checks every batch on the main thread when threads cannot be given the settings', async () => {
    const root = path.join(FIXTURES, 'source-project');
    // A function cannot be sent to a thread: the worker never starts, the run still completes.
    const config = { ...defaultConfig(), unsendable: (): void => {} };
    const settings: RunSettings = { projectRoot: root, config, today: TODAY, ruleIds: RULES.map((r) => r.meta.id) };
    const shared = loadShared([], config, RULES);
    const batches = [[], []];
    const threads = await WorkerThreads.start(2, settings);
    expect(threads.slots).to.have.length(0);
    const { found, checkedByWorkers } = await checkBatches(
      batches,
      { files: [], prepare: () => Promise.resolve(shared) },
      RULES,
      settings,
      threads,
    );
    expect(found).to.have.length(2);
    expect(checkedByWorkers).to.equal(0);
    for (const perRule of found) expect(perRule).to.have.length(RULES.length);
  });

  it('worker threads check batches (the same code as the main thread)', async () => {
    const root = path.join(FIXTURES, 'source-project');
    const config = defaultConfig();
    const settings: RunSettings = { projectRoot: root, config, today: TODAY, ruleIds: RULES.map((r) => r.meta.id) };
    const shared = loadShared([], config, RULES);
    // Slow enough on the main thread that the workers, once started, take the rest of the queue.
    const batches = Array.from({ length: 40 }, () => [] as ProjectFile[]);
    const slow = RULES.map((rule) => ({
      ...rule,
      reads: [],
      run: (): Promise<[]> => new Promise<[]>((resolve) => setTimeout(() => resolve([]), 50)),
    }));
    const { found, checkedByWorkers } = await checkBatches(
      batches,
      { files: [], prepare: () => Promise.resolve(shared) },
      slow,
      settings,
      await WorkerThreads.start(2, settings),
    );
    expect(found).to.have.length(40);
    expect(checkedByWorkers).to.be.greaterThan(0);
  });

  it('threads started before the files are known: kept to the batches there are, stopped on every path', async () => {
    const root = path.join(FIXTURES, 'source-project');
    const config = defaultConfig();
    const settings: RunSettings = { projectRoot: root, config, today: TODAY, ruleIds: RULES.map((r) => r.meta.id) };
    const threads = await WorkerThreads.start(3, settings);
    expect(threads.slots).to.have.length(3);
    const exited = threads.slots.map((slot) => new Promise((resolve) => slot.worker.once('exit', resolve)));
    // One batch: no thread is worth feeding; the two stopped ones exit.
    threads.keep(1);
    expect(threads.slots).to.have.length(1);
    const { found, checkedByWorkers } = await checkBatches(
      [[]],
      { files: [], prepare: () => Promise.resolve(loadShared([], config, RULES)) },
      RULES,
      settings,
      threads,
    );
    expect(found).to.have.length(1);
    expect(checkedByWorkers).to.be.at.most(1);
    // checkBatches stops the one it was given.
    await Promise.all(exited);
  });

  it('a lint run that fails before checking (no such path) stops the threads it started: its process ends', () => {
    const root = path.join(FIXTURES, 'source-project');
    const engine = pathToFileURL(path.join(REPO_ROOT, 'src', 'lint', 'engine.ts')).href;
    // A thread left running keeps a process alive: the child would hit the timeout instead of ending.
    const code = `const { lint } = await import(${JSON.stringify(engine)});
      // The threads have started when the run fails.
      try { await lint({ projectRoot: ${JSON.stringify(root)}, concurrency: 3, paths: [${JSON.stringify(path.join(root, 'no-such.xml'))}] }); }
      catch (e) { console.log(e.constructor.name); }`;
    // A script file, not -e: the threads inherit the process's flags, and --input-type would make them fail to start.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-threads-'));
    try {
      writeFileSync(path.join(dir, 'run.mts'), code);
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, 'run.mts')], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.signal, child.stderr).to.equal(null);
      expect(child.stdout.trim()).to.equal('LintUsageError');
    } finally {
      remove(dir);
    }
  });
});
