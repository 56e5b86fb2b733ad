import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../helpers/schema.js';
import { linkPlugin, processesUsing, sf, sfSandbox } from '../helpers/sf.js';

/** A Node binary on PATH older than the one the plugin needs (the machines' system Node), if there is one. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (!existsSync(candidate)) continue;
    const r = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const major = Number(r.stdout?.split('.')[0]);
    if (r.status === 0 && major > 0 && major < 22) return candidate;
  }
  return undefined;
}

describe('the real sf CLI leaves nothing behind', function () {
  this.timeout(300_000);

  it('no process and no folder outlive a sandbox that linked the plugin and ran it', () => {
    const sandbox = sfSandbox();
    linkPlugin(sandbox.env);
    expect(sf(['--version'], REPO_ROOT, sandbox.env).status).to.equal(0);
    const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project');
    const lint = sf(['integration', 'lint', '--severity-threshold', 'none'], fixture, sandbox.env);
    expect(lint.status, lint.stderr).to.equal(0);
    // sf wrote its plugin links into the sandbox, so the check below looks at the right place.
    expect(readdirSync(sandbox.home).length).to.be.greaterThan(0);
    const running = sandbox.dispose();
    expect(running, 'processes started by sf still running (a detached `sf update`?)').to.deep.equal([]);
    expect(existsSync(sandbox.home)).to.equal(false);
    expect(processesUsing(sandbox.home)).to.deep.equal([]);
  });

  it("the caller's sf settings do not reach the sandbox", () => {
    const saved = { ...process.env };
    try {
      process.env.SF_TARGET_ORG = 'callers-production';
      process.env.SF_DATA_DIR = '/callers/own/sf-data';
      process.env.SFDX_DEFAULTUSERNAME = 'callers-production';
      const sandbox = sfSandbox();
      try {
        expect(sandbox.env.SF_TARGET_ORG).to.equal(undefined);
        expect(sandbox.env.SFDX_DEFAULTUSERNAME).to.equal(undefined);
        expect(sandbox.env.SF_DATA_DIR).to.equal(path.join(sandbox.home, '.sf-data'));
        expect(sandbox.env.SF_DISABLE_AUTOUPDATE).to.equal('true');
        expect(sandbox.env.SF_AUTOUPDATE_DISABLE).to.equal('true');
      } finally {
        sandbox.dispose();
      }
    } finally {
      process.env = saved;
    }
  });

  it('on an older Node, bin/run.js says in one line which Node it needs', function () {
    const node = olderNode();
    if (!node) return this.skip();
    for (const bin of ['run.js', 'sf-integration.js']) {
      const r = spawnSync(node, [path.join(REPO_ROOT, 'bin', bin), 'integration', 'lint'], { encoding: 'utf8' });
      expect(r.status, bin).to.equal(1);
      expect(r.stdout).to.equal('');
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(/needs Node\.js 22\.19\.0 or newer/);
    }
  });
});
