// Loaded before anything else: on an older Node the Salesforce stack fails deep inside undici with a stack trace,
// so say in one line which Node is needed instead. Plain JavaScript that parses on any Node.
import { readFileSync } from 'node:fs';

export function requireSupportedNode(packageJsonUrl) {
  const { name, engines } = JSON.parse(readFileSync(new URL(packageJsonUrl), 'utf8'));
  const needed = /(\d+)\.(\d+)\.(\d+)/.exec(engines?.node ?? '');
  if (!needed) return;
  const have = process.versions.node.split('.').map(Number);
  const want = needed.slice(1).map(Number);
  const older = have[0] - want[0] || have[1] - want[1] || have[2] - want[2];
  if (older >= 0) return;
  process.stderr.write(
    `${name} needs Node.js ${want.join('.')} or newer (Node 22 LTS or later); this is Node ${process.versions.node} (${process.execPath}). Install a current Node LTS from https://nodejs.org and run it again.\n`,
  );
  process.exit(1);
}
