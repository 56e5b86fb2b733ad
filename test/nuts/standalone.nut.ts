import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { copyExampleProject, remove } from '../helpers/project.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { comparable, debugPath, withoutTimes } from '../helpers/output.js';

type Run = {
  status: number | null;
  stdout: string;
  stderr: string;
  path: string;
  batches?: { byWorkers: number; total: number };
};

const BIN = path.join(REPO_ROOT, 'bin', 'sf-integration.js');
const FILE = 'force-app/main/default/connectedApps/Talkdesk_CTI.connectedApp-meta.xml';

describe('sf-integration: the standalone executable', function () {
  this.timeout(300_000);
  let dir: string;

  function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd = dir): Run {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, SF_INTEGRATION_DEBUG: '1', NO_COLOR: '1', ...env },
    });
    const byWorkers = /^sf-integration: (\d+) of (\d+) batch/m.exec(r.stderr);
    return {
      status: r.status,
      stdout: r.stdout,
      ...debugPath(r.stderr),
      batches: byWorkers ? { byWorkers: Number(byWorkers[1]), total: Number(byWorkers[2]) } : undefined,
    };
  }

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-standalone-'));
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project'), dir, { recursive: true });
  });
  after(() => remove(dir));

  const same: string[][] = [
    [],
    [FILE],
    [FILE, '--format', 'json'],
    [FILE, '-f', 'sarif'],
    [FILE, '-fcsv'],
    [FILE, '--format=junit'],
    ['--json'],
    [FILE, '--json', '--severity-threshold', 'none'],
    ['--severity-threshold', 'warning', '-d', 'force-app', '--format', 'csv'],
    ['--changed-since', 'HEAD', '--json'],
    ['missing/file.xml'],
    ['--config', 'nope.yml', '--json'],
    ['--format', 'html'],
    ['--concurrency', '2', '--format', 'csv'],
    ['--concurrency', 'two'],
    ['--help'],
  ];
  for (const args of same) {
    it(`lint ${args.join(' ') || '(no arguments)'}: the same output and exit code as the sf command`, () => {
      const fast = run(['lint', ...args]);
      const full = run(['lint', ...args], { SF_INTEGRATION_FULL_COMMAND: '1' });
      expect(full.path).to.equal('oclif');
      expect(fast.status, fast.stderr).to.equal(full.status);
      expect(comparable(fast.stdout)).to.equal(comparable(full.stdout));
      expect(fast.stderr).to.equal(full.stderr);
    });
  }

  it('takes the standalone path for what a hook or pipeline runs, the oclif command for help and errors', () => {
    expect(run(['lint', FILE]).path).to.equal('standalone');
    expect(run(['lint', '--json']).path).to.equal('standalone');
    expect(run(['lint', '--format', 'sarif', '--output-file', 'out.sarif']).path).to.equal('standalone');
    expect(run(['lint', '--help']).path).to.equal('oclif');
    expect(run(['lint', 'missing/file.xml']).path).to.equal('oclif');
  });

  it('checks batches in the bundled worker thread, with the findings of a single-threaded run', () => {
    // Two permission sets over the batch size limit (4 MB) are two batches: the second goes to the worker.
    const big = mkdtempSync(path.join(os.tmpdir(), 'sfint-standalone-big-'));
    try {
      cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project'), big, { recursive: true });
      const fields = Array.from(
        { length: 40_000 },
        (_, i) =>
          `    <fieldPermissions>\n        <editable>false</editable>\n        <field>Account.Field_${i}__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n`,
      ).join('');
      for (const name of ['Big_A', 'Big_B']) {
        writeFileSync(
          path.join(big, 'force-app', 'main', 'default', 'permissionsets', `${name}.permissionset-meta.xml`),
          `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">\n${fields}    <label>${name}</label>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n    </userPermissions>\n</PermissionSet>\n`,
        );
      }
      const threads = run(['lint', '--concurrency', '2', '--format', 'json'], {}, big);
      const single = run(['lint', '--concurrency', 'off', '--format', 'json'], {}, big);
      expect(threads.path).to.equal('standalone');
      expect(threads.batches?.total).to.be.greaterThan(1);
      expect(threads.batches?.byWorkers, threads.stderr).to.be.greaterThan(0);
      expect(single.batches?.byWorkers).to.equal(0);
      expect(withoutTimes(threads.stdout)).to.equal(withoutTimes(single.stdout));
    } finally {
      remove(big);
    }
  });

  it('writes the report file exactly as the sf command does', () => {
    run(['lint', '--format', 'sarif', '--output-file', 'fast.sarif']);
    run(['lint', '--format', 'sarif', '--output-file', 'full.sarif'], { SF_INTEGRATION_FULL_COMMAND: '1' });
    expect(readFileSync(path.join(dir, 'fast.sarif'), 'utf8')).to.equal(
      readFileSync(path.join(dir, 'full.sarif'), 'utf8'),
    );
  });

  it('generate runs through oclif as `sf integration generate` does', () => {
    const example = copyExampleProject();
    try {
      const r = run(['generate', '--dry-run', '--json'], {}, example);
      expect(r.path).to.equal('oclif');
      expect(r.status, r.stderr).to.equal(0);
      expect((JSON.parse(r.stdout) as { status: number }).status).to.equal(0);
    } finally {
      remove(example);
    }
  });

  it('with no command, lists the commands', () => {
    const r = run([]);
    expect(r.status).to.equal(0);
    expect(r.stdout)
      .to.match(/Usage: sf-integration <command>/)
      .and.to.contain('lint')
      .and.to.contain('generate');
  });
});
