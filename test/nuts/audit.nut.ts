import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { AuditResult } from '../../src/audit/audit.js';
import { demoOrg } from '../fixtures/audit/demoOrg.js';
import { writeExport } from '../helpers/orgFixture.js';
import { startOrgSimulator, SIMULATOR_USERNAME, type OrgSimulator } from '../helpers/orgSimulator.js';
import { copyExampleProject, remove } from '../helpers/project.js';
import { linkPlugin, sfAsync, sfSandbox, type SfSandbox } from '../helpers/sf.js';

type Json<T> = { status: number; result: T; name?: string; message?: string };

/**
 * The real sf CLI, logged in to the org simulator on 127.0.0.1 with `sf org login access-token`, runs the audit
 * through the real Connection over HTTP; and the same audit from the export --print-queries describes.
 */
describe('sf integration audit (real sf CLI, org simulator over HTTP)', function () {
  this.timeout(600_000);
  let sandbox: SfSandbox;
  let project: string;
  let server: { url: string; simulator: OrgSimulator; close(): Promise<void> };

  before(async () => {
    sandbox = sfSandbox();
    linkPlugin(sandbox.env);
    project = copyExampleProject();
    server = await startOrgSimulator(demoOrg(), { pageSize: 5 });
    const env = { ...sandbox.env, SF_ACCESS_TOKEN: '00D000000000001!simulated' };
    const login = await sfAsync(
      ['org', 'login', 'access-token', '--instance-url', server.url, '--alias', 'demo', '--no-prompt', '--json'],
      project,
      env,
    );
    expect(login.status, `${login.stdout}\n${login.stderr}`).to.equal(0);
  });
  after(async () => {
    await server.close();
    remove(project);
    sandbox.dispose();
  });

  it('audits the demo org against the example register, paging through queryMore, and only reads', async () => {
    const before = server.simulator.requests.length;
    const r = await sfAsync(['integration', 'audit', '--target-org', 'demo', '--json'], project, sandbox.env);
    const out = JSON.parse(r.stdout) as Json<AuditResult>;
    expect(out.status, r.stderr).to.equal(1);
    expect(out.result.source.description).to.contain(SIMULATOR_USERNAME);
    expect(out.result.findings.map((f) => `${f.ruleId} ${f.subject.name}`)).to.include.members([
      'runtime-shared-user integration@example.com',
      'admin-access snowflake.extract@example.com',
      'register-user-missing talkdesk.integration@example.com',
    ]);
    expect(out.result.summary.complete).to.equal(true);
    // The ApiTotalUsage log files came over HTTP as text/csv (which jsforce parses itself).
    expect(out.result.coverage.find((c) => c.object === 'ApiTotalUsage')).to.include({ status: 'read', rows: 22 });
    const requests = server.simulator.requests.slice(before);
    expect(
      requests.filter((q) => q.method !== 'GET'),
      'read-only',
    ).to.deep.equal([]);
    expect(
      requests.some((q) => q.path.includes('/query/01gSIM')),
      'queryMore was used',
    ).to.equal(true);
  });

  it('writes the md evidence report and prints the summary', async () => {
    const file = path.join(project, 'audit.md');
    const r = await sfAsync(
      ['integration', 'audit', '--target-org', 'demo', '--format', 'md', '--output-file', 'audit.md'],
      project,
      sandbox.env,
    );
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stdout).to.contain('Report (md) written to audit.md.');
    expect(readFileSync(file, 'utf8')).to.match(/^# Integration user audit\n/);
  });

  it('--print-queries, run against the org, writes the folder --from-dir reads: the same findings', async () => {
    const printed = await sfAsync(
      ['integration', 'audit', '--print-queries', '--target-org', 'demo'],
      project,
      sandbox.env,
    );
    expect(printed.status, printed.stderr).to.equal(0);
    const lines = printed.stdout.trim().split('\n');
    expect(lines[0]).to.match(
      /^sf data query --query "SELECT .* FROM User WHERE UserType = 'Standard'" --target-org \S+ --json > User\.json$/,
    );
    // The export as sf data query writes it (the simulator's rows, as the org returns them).
    const exportDir = mkdtempSync(path.join(os.tmpdir(), 'sfint-audit-export-'));
    writeExport(demoOrg(), exportDir);
    const fromOrg = JSON.parse(
      (await sfAsync(['integration', 'audit', '--target-org', 'demo', '--json'], project, sandbox.env)).stdout,
    ) as Json<AuditResult>;
    const fromDir = JSON.parse(
      (await sfAsync(['integration', 'audit', '--from-dir', exportDir, '--json'], project, sandbox.env)).stdout,
    ) as Json<AuditResult>;
    remove(exportDir);
    expect(fromDir.result.findings.map((f) => f.fingerprint)).to.deep.equal(
      fromOrg.result.findings.map((f) => f.fingerprint),
    );
  });

  it('without an org or an export, says what to name', async () => {
    const r = await sfAsync(['integration', 'audit', '--json'], project, sandbox.env);
    const out = JSON.parse(r.stdout) as Json<unknown>;
    expect(out.name).to.equal('NoSourceError');
  });
});
