import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { XMLValidator } from 'fast-xml-parser';
import type { Log } from 'sarif';
import { REPO_ROOT } from '../helpers/schema.js';
import { remove } from '../helpers/project.js';
import { sarifValidator } from '../helpers/sarif.js';
import { linkPlugin, sf, sfSandbox, type SfSandbox } from '../helpers/sf.js';
import { comparable, debugPath } from '../helpers/output.js';
import type { LintResult } from '../../src/lint/types.js';

type Json<T> = { status: number; result: T };

describe('sf integration lint (real sf CLI)', function () {
  this.timeout(600_000);
  let sandbox: SfSandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  before(() => {
    sandbox = sfSandbox();
    env = sandbox.env;
    linkPlugin(env);
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-lint-nut-'));
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project'), dir, { recursive: true });
  });
  after(() => {
    remove(dir);
    // The isolated sf home (plugin links, caches): nothing of a test run stays behind.
    sandbox.dispose();
  });

  it("runs the fast path inside sf for what hooks and pipelines run, with the SfCommand class's output and exit code", () => {
    const FILE = 'force-app/main/default/connectedApps/Talkdesk_CTI.connectedApp-meta.xml';
    const debug = { ...env, SF_INTEGRATION_DEBUG: '1', NO_COLOR: '1' };
    const cases: Array<[string[], 'standalone' | 'oclif']> = [
      [[], 'standalone'],
      [[FILE], 'standalone'],
      [['--json'], 'standalone'],
      [[FILE, '-f', 'sarif'], 'standalone'],
      [['--format', 'csv', '--severity-threshold', 'none'], 'standalone'],
      [['--format', 'junit', '--output-file', 'out/fast.xml'], 'standalone'],
      [['force-app/nope.xml'], 'oclif'],
      [['--concurrency', 'two', '--json'], 'oclif'],
    ];
    for (const [args, expected] of cases) {
      const what = `sf integration lint ${args.join(' ')}`;
      const fast = sf(['integration', 'lint', ...args], dir, debug);
      const full = sf(['integration', 'lint', ...args], dir, { ...debug, SF_INTEGRATION_FULL_COMMAND: '1' });
      expect(debugPath(fast.stderr).path, what).to.equal(expected);
      expect(debugPath(full.stderr).path, what).to.equal('oclif');
      expect(fast.status, `${what}: ${fast.stderr}`).to.equal(full.status);
      expect(comparable(fast.stdout), what).to.equal(comparable(full.stdout));
      expect(debugPath(fast.stderr).stderr, what).to.equal(debugPath(full.stderr).stderr);
    }
  });

  it('human output: findings grouped by file, a summary, exit code 1 on errors', () => {
    const r = sf(['integration', 'lint'], dir, env);
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stdout).to.match(/✖ \d+ problems \(\d+ errors?, \d+ warnings?, \d+ notes?\)/);
    expect(r.stdout).to.contain('shared-integration-user');
    expect(r.stderr).not.to.match(/\n\s+at .+:\d+:\d+\)/);
  });

  it('--json: the typed result', () => {
    const r = sf(['integration', 'lint', '--json'], dir, env);
    expect(r.status).to.equal(1);
    const json = JSON.parse(r.stdout) as Json<LintResult>;
    expect(json.result.failed).to.equal(true);
    expect(json.result.findings.length).to.be.greaterThan(5);
    expect(json.result.rules.map((x) => x.id)).to.include.members([
      'shared-integration-user',
      'admin-profile',
      'username-exception',
    ]);
  });

  it('--format sarif --output-file: SARIF 2.1.0 that validates against the schema', () => {
    const r = sf(['integration', 'lint', '--format', 'sarif', '--output-file', 'out/lint.sarif'], dir, env);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.contain('Report (sarif) written to out/lint.sarif');
    const log = JSON.parse(readFileSync(path.join(dir, 'out', 'lint.sarif'), 'utf8')) as Log;
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).to.equal(true);
    // The tool is the plugin, not the sf CLI that loaded it (whose version the command's config carries).
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(log.runs[0].tool.driver.name).to.equal(pkg.name);
    expect(log.runs[0].tool.driver.version).to.equal(pkg.version);
    expect(log.runs[0].tool.driver.semanticVersion).to.equal(pkg.version);
    expect(log.runs[0].taxonomies?.map((t) => t.name)).to.deep.equal(['OWASP-NHI', 'NIST-CSF']);
    expect(log.runs[0].results?.length).to.be.greaterThan(5);
    for (const result of log.runs[0].results ?? []) {
      expect(result.locations?.[0].physicalLocation?.region?.startLine).to.be.at.least(1);
      expect(result.partialFingerprints?.['sfIntegrationLint/v1']).to.match(/^[0-9a-f]{32}$/);
    }
  });

  it('--format junit, csv and json print parseable reports', () => {
    const junit = sf(['integration', 'lint', '--format', 'junit'], dir, env);
    expect(XMLValidator.validate(junit.stdout)).to.equal(true);
    expect(junit.stdout).to.match(/<testsuites name="sf-integration-lint" tests="\d+" failures="\d+"/);
    const csv = sf(['integration', 'lint', '--format', 'csv'], dir, env);
    expect(csv.stdout.split('\n')[0]).to.equal(
      'severity,rule,path,line,column,type,component,element,message,fix,fingerprint,suppressed',
    );
    const json = JSON.parse(sf(['integration', 'lint', '--format', 'json'], dir, env).stdout) as LintResult;
    expect(json.findings.length).to.be.greaterThan(5);
  });

  it('--severity-threshold none never fails; paths limit the report (pre-commit)', () => {
    expect(sf(['integration', 'lint', '--severity-threshold', 'none'], dir, env).status).to.equal(0);
    const one = JSON.parse(
      sf(['integration', 'lint', 'sfdx-project.json', '--json'], dir, env).stdout,
    ) as Json<LintResult>;
    expect(one.result.findings).to.deep.equal([]);
    expect(one.result.failed).to.equal(false);
  });

  it('--write-baseline then --baseline: legacy findings accepted, exit 0', () => {
    expect(sf(['integration', 'lint', '--write-baseline', 'baseline.json'], dir, env).status).to.equal(0);
    const r = sf(['integration', 'lint', '--baseline', 'baseline.json', '--json'], dir, env);
    expect(r.status).to.equal(0);
    const json = JSON.parse(r.stdout) as Json<LintResult>;
    expect(json.result.summary.baselined).to.equal(json.result.findings.length);
  });

  it('a metadata-format project (src/package.xml) is linted as itself, even inside another DX project', () => {
    const nested = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'metadata-project');
    const r = sf(['integration', 'lint', '--json'], nested, env);
    const json = JSON.parse(r.stdout) as Json<LintResult>;
    expect(json.result.projectRoot).to.equal(nested);
    expect(json.result.findings.length).to.be.greaterThan(10);
    expect(json.result.findings.every((f) => f.location.path.startsWith('src/'))).to.equal(true);
  });

  it('a bad config is a clear error with file, line and column, not a stack trace', () => {
    const bad = mkdtempSync(path.join(os.tmpdir(), 'sfint-lint-nut-'));
    try {
      cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project'), bad, { recursive: true });
      cpSync(
        path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'bad-config.yml'),
        path.join(bad, '.sf-integration-lint.yml'),
      );
      const r = sf(['integration', 'lint'], bad, env);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain('.sf-integration-lint.yml:2:');
      expect(r.stderr).not.to.match(/\n\s+at .+:\d+:\d+\)/);
    } finally {
      remove(bad);
    }
  });

  it('usage errors exit 1 with what to do: a missing --source-dir, a missing path, a folder that is no project', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'sfint-lint-nut-'));
    try {
      const project = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project');
      for (const [args, cwd, says] of [
        [
          ['integration', 'lint', '--source-dir', 'nosuchdir'],
          project,
          'the source directory nosuchdir does not exist',
        ],
        [['integration', 'lint', 'force-app/nope.xml'], project, 'does not exist'],
        [['integration', 'lint'], empty, 'is not a Salesforce project'],
      ] as const) {
        const r = sf([...args], cwd, env);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).to.equal(1);
        expect(r.stderr).to.contain(says);
        expect(r.stderr).to.contain('Try this');
        expect(r.stderr).not.to.match(/\n\s+at .+:\d+:\d+\)/);
      }
    } finally {
      remove(empty);
    }
  });
});
