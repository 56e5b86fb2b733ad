import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sfSandboxEnv } from '../../scripts/sfSandboxEnv.mjs';
import { REPO_ROOT } from './schema.js';

const SF_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'sf');

/** The real sf CLI in a home of its own: its plugin links, config, caches and logs stay in `home`. */
export type SfSandbox = {
  env: NodeJS.ProcessEnv;
  home: string;
  /** Removes the home; returns the processes still running with it (a detached `sf update`, a log worker). */
  dispose(): string[];
};

/**
 * An isolated home for the real sf CLI, with telemetry, auto-update and version checks off (there is no network but
 * the registries). Nothing of the caller's sf passes through: not its directories, not its target org.
 */
export function sfSandbox(): SfSandbox {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sfint-home-'));
  const env = sfSandboxEnv(home, [path.join(REPO_ROOT, 'node_modules', '.bin'), path.dirname(process.execPath)]);
  return {
    env,
    home,
    dispose(): string[] {
      const running = processesUsing(home);
      rmSync(home, { recursive: true, force: true, maxRetries: 3 });
      return running;
    },
  };
}

/**
 * Processes whose command line or environment names `dir` (Linux /proc; elsewhere none are found). A detached
 * `sf update` inherits the sandbox's HOME, so it shows up here.
 */
export function processesUsing(dir: string): string[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (
        cmdline.includes(dir) ||
        environ.split('\0').some((entry) => entry.endsWith(`=${dir}`) || entry.includes(`=${dir}/`))
      ) {
        found.push(`${pid} ${cmdline}`);
      }
    } catch {
      // gone already, or another user's
    }
  }
  return found;
}

export type SfRun = { status: number; stdout: string; stderr: string };

export function sf(args: string[], cwd: string, env: NodeJS.ProcessEnv): SfRun {
  const r = spawnSync(process.execPath, [SF_BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * sf without blocking this process: a test that serves sf over HTTP from this process (the org simulator) must keep
 * its event loop running while sf talks to it.
 */
export function sfAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<SfRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SF_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status: status ?? -1, stdout, stderr });
    });
  });
}

/** Links this repo into the isolated sf as a plugin (its built lib/ and dependencies are already here). */
export function linkPlugin(env: NodeJS.ProcessEnv): void {
  const r = sf(['plugins', 'link', REPO_ROOT, '--no-install'], REPO_ROOT, env);
  if (r.status !== 0) throw new Error(`sf plugins link failed:\n${r.stdout}\n${r.stderr}`);
}
