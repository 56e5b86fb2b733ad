import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { remove } from '../helpers/project.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { linkPlugin, sf, sfSandbox, type SfSandbox } from '../helpers/sf.js';
import type { InventoryResult } from '../../src/inventory/inventory.js';

type Json<T> = { status: number; result: T; name?: string; message?: string };

describe('sf integration inventory (real sf CLI)', function () {
  this.timeout(600_000);
  let sandbox: SfSandbox;
  let dir: string;

  before(() => {
    sandbox = sfSandbox();
    linkPlugin(sandbox.env);
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-inventory-nut-'));
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'inventory', 'shared-org'), dir, { recursive: true });
  });
  after(() => {
    remove(dir);
    sandbox.dispose();
  });

  it('prints the summary and the shared identities, and writes the inventory', () => {
    const r = sf(['integration', 'inventory'], dir, sandbox.env);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('3 integration identities (2 shared by several systems), 5 external systems');
    expect(r.stdout).to.contain(
      'Shared: integration@acme.com serves erp.northwind-erp.com; MuleSoft; ingest.fabrikam-analytics.io.',
    );
    expect(r.stdout).to.contain('Wrote integrations/inventory/inventory.md');
    expect(readFileSync(path.join(dir, 'integrations', 'inventory', 'inventory.md'), 'utf8')).to.contain('```mermaid');
  });

  it('--json returns the typed result; a second run changes nothing', () => {
    const r = sf(['integration', 'inventory', '--json'], dir, sandbox.env);
    expect(r.status, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout) as Json<InventoryResult>;
    expect(json.result.summary.shared).to.equal(2);
    expect(json.result.files.map((f) => f.status)).to.deep.equal(Array(6).fill('unchanged'));
    expect(json.result.drafts.map((d) => d.path)).to.include('integrations/inventory/drafts/MuleSoft.yaml');
  });

  it('a bad config is an error naming the file, not a stack trace', () => {
    const r = sf(['integration', 'inventory', '--config', 'missing.yml'], dir, sandbox.env);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('missing.yml');
    expect(r.stderr).to.not.match(/^\s+at /m);
    const json = JSON.parse(
      sf(['integration', 'inventory', '--config', 'missing.yml', '--json'], dir, sandbox.env).stdout,
    ) as Json<unknown>;
    expect(json.name).to.equal('ConfigError');
  });
});
