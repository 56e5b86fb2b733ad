// `sf integration audit` on the demo org: the org simulator (a test utility, test/helpers/orgSimulator.ts) serves the
// demo org on 127.0.0.1, the real sf logs in to it with an access token in a throwaway home, and the plugin audits it
// against the example register in integrations/. The evidence report goes to .tmp/audit/ (outside the committed tree).
//
//   npx tsx scripts/audit-demo.ts [--print-queries]       (npm run audit:demo; scripts/example.sh runs it)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoOrg } from '../test/fixtures/audit/demoOrg.js';
import { startOrgSimulator } from '../test/helpers/orgSimulator.js';
import { sfSandboxEnv } from './sfSandboxEnv.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const home = mkdtempSync(path.join(os.tmpdir(), 'sfint-audit-demo-'));
const server = await startOrgSimulator(demoOrg(new Date()));
try {
  // The simulator is plain HTTP on 127.0.0.1; sf warns about it on stderr, once per command.
  const env = { ...sfSandboxEnv(home, [path.dirname(process.execPath)]), NODE_NO_WARNINGS: '1' };
  const login = await run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '.bin', 'sf'),
      'org',
      'login',
      'access-token',
      '--instance-url',
      server.url,
      '--alias',
      'demo',
      '--no-prompt',
    ],
    { ...env, SF_ACCESS_TOKEN: '00D000000000001!demo' },
    true,
  );
  if (login !== 0) throw new Error('sf org login access-token to the simulator failed');
  const plugin = [path.join(ROOT, 'bin', 'run.js'), 'integration', 'audit', '--target-org', 'demo'];
  if (process.argv.includes('--print-queries'))
    process.exitCode = await run(process.execPath, [...plugin, '--print-queries'], env);
  else {
    mkdirSync(path.join(ROOT, '.tmp', 'audit'), { recursive: true });
    await run(process.execPath, [...plugin, '--format', 'md', '--output-file', '.tmp/audit/audit.md'], env);
    const writes = server.simulator.requests.filter((r) => r.method !== 'GET').length;
    console.log(`The simulator answered ${server.simulator.requests.length} requests, ${writes} of them writes.`);
  }
} finally {
  await server.close();
  rmSync(home, { recursive: true, force: true });
}
