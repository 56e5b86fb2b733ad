// The environment the real sf CLI runs in for the tests and the benchmark: one copy, imported by both
// (test/helpers/sf.ts and scripts/bench/bench.mjs).
import path from 'node:path';

/** Variables of the caller's own sf (target org, directories, flags) that must not reach the isolated one. */
const CALLER_SF_VARIABLE = /^(SF|SFDX|OCLIF|FORCE)_|^XDG_|^NODE_OPTIONS$/;

/**
 * An environment in which sf keeps its plugins, config, caches and logs in `home`, with telemetry, auto-update,
 * version checks and the log file off (there is no network but the registries). Nothing of the caller's sf passes
 * through: not its directories, not its target org. `pathFirst` is put before PATH.
 */
export function sfSandboxEnv(home, pathFirst = [], base = process.env) {
  const inherited = Object.fromEntries(Object.entries(base).filter(([name]) => !CALLER_SF_VARIABLE.test(name)));
  return {
    ...inherited,
    HOME: home,
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: [...pathFirst, base.PATH ?? ''].join(path.delimiter),
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
    SF_DISABLE_LOG_FILE: 'true',
  };
}
