import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './schema.js';

const SF_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'sf');

/**
 * An isolated home for the real sf CLI (its plugin links, config and caches), with telemetry, auto-update and
 * version checks off: there is no network but the registries.
 */
export function sfEnvironment(): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sfint-home-'));
  const nodeBin = path.dirname(process.execPath);
  return {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: `${path.join(REPO_ROOT, 'node_modules', '.bin')}${path.delimiter}${nodeBin}${path.delimiter}${process.env.PATH ?? ''}`,
    SF_DISABLE_TELEMETRY: 'true',
    SFDX_DISABLE_TELEMETRY: 'true',
    // Both: an npm-installed sf spawns a detached `sf update` unless oclif's own SF_DISABLE_AUTOUPDATE is set too.
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_DATA_DIR: path.join(home, '.sf-data'),
    SF_CACHE_DIR: path.join(home, '.sf-cache'),
    SF_CONFIG_DIR: path.join(home, '.sf-config'),
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_USE_PROGRESS_BAR: 'false',
    NODE_OPTIONS: '',
  };
}

export type SfRun = { status: number; stdout: string; stderr: string };

export function sf(args: string[], cwd: string, env: NodeJS.ProcessEnv): SfRun {
  const r = spawnSync(process.execPath, [SF_BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Links this repo into the isolated sf as a plugin (its built lib/ and dependencies are already here). */
export function linkPlugin(env: NodeJS.ProcessEnv): void {
  const r = sf(['plugins', 'link', REPO_ROOT, '--no-install'], REPO_ROOT, env);
  if (r.status !== 0) throw new Error(`sf plugins link failed:\n${r.stdout}\n${r.stderr}`);
}
