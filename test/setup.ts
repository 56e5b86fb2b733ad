import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The plugin's document cache, for every run under test (and the processes they start): a folder of the test run's
// own, removed afterwards, never the developer's cache folder.
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sfint-cache-'));
process.env.SF_INTEGRATION_CACHE_DIR = cacheDir;

export const mochaHooks = {
  afterAll(): void {
    rmSync(cacheDir, { recursive: true, force: true });
  },
};
