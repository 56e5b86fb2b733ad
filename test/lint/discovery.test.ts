import { cpSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { defaultSourceDirs, discover } from '../../src/lint/discovery.js';
import { resetDiskStores, saveDiskStores } from '../../src/lint/diskCache.js';
import { RULES } from '../../src/lint/rules/index.js';
import { remove } from '../helpers/project.js';
import { REPO_ROOT } from '../helpers/schema.js';

const WANTED = new Set(RULES.flatMap((r) => [...r.reads]));
const APPS = path.join('force-app', 'main', 'default', 'connectedApps');
// Left alone by the other cases, so its time is still the one set here.
const CREDENTIALS = path.join('force-app', 'main', 'default', 'namedCredentials');
const OLD = 1_700_000_000;
const CREDENTIAL = `<?xml version="1.0" encoding="UTF-8"?>\n<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>Restored</label>\n</NamedCredential>\n`;
const APP = `<?xml version="1.0" encoding="UTF-8"?>\n<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>New</label>\n</ConnectedApp>\n`;

describe('lint/discovery: folder listings from the previous run', function () {
  this.timeout(60_000);
  let dir: string;

  /** Discovery as a new process runs it: the cache read from disk, what it adds written back. */
  async function run(): Promise<Awaited<ReturnType<typeof discover>>> {
    resetDiskStores();
    const found = await discover(dir, (await defaultSourceDirs(dir)).dirs, WANTED, []);
    saveDiskStores();
    return found;
  }
  const paths = (found: Awaited<ReturnType<typeof discover>>): string[] => found.files.map((f) => f.path);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-listings-'));
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project'), dir, { recursive: true });
    // A whole-second time, which a restore can set back exactly.
    utimesSync(path.join(dir, CREDENTIALS), OLD, OLD);
    // A listing is kept only once its folder has been unchanged for a few seconds (coarse file-system clocks).
    await new Promise((resolve) => setTimeout(resolve, 3100));
  });
  after(() => remove(dir));

  it('an unchanged folder is not read again, and discovery finds the same files', async () => {
    const first = await run();
    expect(first.folders.fromCache).to.equal(0);
    const second = await run();
    expect(second.folders.walked).to.equal(first.folders.walked).and.to.be.greaterThan(5);
    expect(second.folders.fromCache).to.equal(second.folders.walked);
    expect(paths(second)).to.deep.equal(paths(first));
    expect(second.walked).to.equal(first.walked);
  });

  it('a file added or removed is seen: its folder is read again', async () => {
    writeFileSync(path.join(dir, APPS, 'Added.connectedApp-meta.xml'), APP);
    const added = await run();
    expect(paths(added)).to.include(`${APPS.split(path.sep).join('/')}/Added.connectedApp-meta.xml`);
    expect(added.folders.fromCache).to.equal(added.folders.walked - 1);
    rmSync(path.join(dir, APPS, 'Added.connectedApp-meta.xml'));
    expect(paths(await run())).to.not.include(`${APPS.split(path.sep).join('/')}/Added.connectedApp-meta.xml`);
  });

  it('a folder restored with its old modification time (rsync -a, cp -p) is read again: its change time moved', async () => {
    await run();
    const folder = path.join(dir, CREDENTIALS);
    expect(statSync(folder).mtimeMs).to.equal(OLD * 1000);
    writeFileSync(path.join(folder, 'Restored.namedCredential-meta.xml'), CREDENTIAL);
    utimesSync(folder, OLD, OLD);
    expect(statSync(folder).mtimeMs).to.equal(OLD * 1000);
    expect(paths(await run())).to.include(`${CREDENTIALS.split(path.sep).join('/')}/Restored.namedCredential-meta.xml`);
  });

  it('SF_INTEGRATION_CACHE=off: every folder is read', async () => {
    const saved = process.env.SF_INTEGRATION_CACHE;
    process.env.SF_INTEGRATION_CACHE = 'off';
    try {
      const off = await run();
      expect(off.folders.fromCache).to.equal(0);
    } finally {
      if (saved === undefined) delete process.env.SF_INTEGRATION_CACHE;
      else process.env.SF_INTEGRATION_CACHE = saved;
      resetDiskStores();
    }
  });
});
