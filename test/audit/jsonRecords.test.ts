import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { audit } from '../../src/audit/audit.js';
import { streamRecords } from '../../src/audit/jsonRecords.js';
import { directorySource, STREAM_EXPORT_BYTES } from '../../src/audit/sources.js';
import { DEMO_NOW, demoOrg } from '../fixtures/audit/demoOrg.js';
import { login, queryOutput, writeExport, type FixtureRow } from '../helpers/orgFixture.js';
import { copyExampleProject, remove } from '../helpers/project.js';

describe('streamRecords (large export files, row by row)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-stream-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function streamed(
    text: string,
  ): Promise<{ rows: FixtureRow[]; result: Awaited<ReturnType<typeof streamRecords>> }> {
    const file = path.join(dir, 'x.json');
    writeFileSync(file, text);
    const rows: FixtureRow[] = [];
    const result = await streamRecords(file, (row) => rows.push(row));
    return { rows, result };
  }

  it('yields exactly the records JSON.parse finds, whatever the strings hold and wherever a chunk ends', async () => {
    // Strings with braces, brackets, quotes, backslashes and non-ASCII; enough rows that 1 MB chunks end mid-string.
    const tricky = (i: number): FixtureRow => ({
      attributes: { type: 'LoginHistory' },
      UserId: `005${i}`,
      Application: `App {${i}} [x] "quoted" \\ back\\slash ünïcödé ${'y'.repeat(i % 97)}`,
      Nested: { Deeper: { Value: i, List: [1, { a: '}' }] } },
      Status: i % 3 ? 'Success' : null,
    });
    const rows = Array.from({ length: 9000 }, (_, i) => tricky(i));
    const text = queryOutput(rows);
    expect(text.length).to.be.greaterThan(2 << 20);
    const got = await streamed(text);
    expect(got.rows).to.deep.equal((JSON.parse(text) as { result: { records: FixtureRow[] } }).result.records);
    expect(got.result.rows).to.equal(9000);
    expect(got.result.scalars).to.include({ status: 0, totalSize: 9000, done: true });
  });

  it("reads sf's error output as scalars, and says where text stops being JSON", async () => {
    const failed = await streamed(
      JSON.stringify({ status: 1, name: 'INVALID_TYPE', message: "sObject type 'X' is not supported." }),
    );
    expect(failed.result.scalars).to.include({ status: 1, name: 'INVALID_TYPE' });
    const broken = await streamed('{"status":0,"result":{"records":[{"a":1}]]}}');
    expect(broken.result.invalidAt).to.be.a('number');
    const bare = await streamed('{"status":0,"result":{"records":[{"a":1},{"b":nope}]}}');
    expect(bare.result.invalidAt).to.be.a('number');
    expect(bare.rows).to.have.length(1);
    const cut = await streamed('{"status":0,"result":{"records":[{"a":1},{"b":');
    expect(cut.result.invalidAt).to.be.a('number');
  });
});

describe('audit of an export with a Login History too large to parse whole', () => {
  it('streams it and finds what the small export finds', async function () {
    this.timeout(60_000);
    const root = copyExampleProject();
    const exported = mkdtempSync(path.join(os.tmpdir(), 'sfint-export-'));
    try {
      const org = demoOrg();
      const padding = 'x'.repeat(300);
      // Successful logins of the Marketo user through its own app: they add rows, not findings.
      const extra = Array.from({ length: Math.ceil(STREAM_EXPORT_BYTES / 550) }, (_, i) => ({
        ...login(1, { time: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00.000+0000`, app: 'Marketo' }),
        Browser: padding,
      }));
      const small = await auditOf(org, root, exported);
      org.LoginHistory = [...org.LoginHistory, ...extra];
      const large = await auditOf(org, root, exported);
      expect(statSync(path.join(exported, 'LoginHistory.json')).size).to.be.at.least(STREAM_EXPORT_BYTES);
      expect(large.coverage.find((c) => c.object === 'LoginHistory')).to.include({
        status: 'read',
        rows: 25 + extra.length,
      });
      expect(large.findings.map((f) => f.fingerprint)).to.deep.equal(small.findings.map((f) => f.fingerprint));
    } finally {
      remove(root);
      remove(exported);
    }
  });
});

function auditOf(org: ReturnType<typeof demoOrg>, root: string, exported: string): ReturnType<typeof audit> {
  writeExport(org, exported);
  return audit({ projectRoot: root, source: directorySource(exported), windowDays: 90, staleDays: 90, now: DEMO_NOW });
}
