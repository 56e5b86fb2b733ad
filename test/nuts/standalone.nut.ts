import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { copyExampleProject, remove } from '../helpers/project.js';
import { REPO_ROOT } from '../helpers/schema.js';

type Run = { status: number | null; stdout: string; stderr: string; path: string };

const BIN = path.join(REPO_ROOT, 'bin', 'sf-integration.js');
const FILE = 'force-app/main/default/connectedApps/Talkdesk_CTI.connectedApp-meta.xml';

/** Run times are the one thing that differs between two runs of the same lint. */
const withoutTimes = (text: string): string =>
  text.replace(/"durationMs": [\d.]+/g, '"durationMs": 0').replace(/ time="[\d.]+"/g, ' time="0"');
/** ...and, in a JSON error, the stack (the two paths reach the same throw through different frames). */
const comparable = (text: string): string => withoutTimes(text).replace(/"(stack|cause)": ".*",?\n/g, '');

describe('sf-integration: the standalone executable', function () {
  this.timeout(300_000);
  let dir: string;

  function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd = dir): Run {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, SF_INTEGRATION_DEBUG: '1', NO_COLOR: '1', ...env },
    });
    const taken = /^sf-integration: (\w+) /m.exec(r.stderr)?.[1] ?? '';
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^sf-integration: .*\n/m, ''), path: taken };
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
