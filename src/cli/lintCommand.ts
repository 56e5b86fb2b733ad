import module from 'node:module';
import type { Config } from '@oclif/core';
import type { LintResult } from '../lint/types.js';

/**
 * What `sf integration lint` loads: oclif.manifest.json points the command here (scripts/manifest.mjs), not at the
 * SfCommand class. Importing SfCommand loads `@salesforce/core`, jsforce and a second oclif inside sf: 1.4 s, twice
 * sf's own start-up, before a file is read, where a command that imports nothing adds almost nothing to `sf
 * --version`. So this runs the standalone fast path (`sf-integration lint`'s, with the same output and exit codes)
 * when it can run the arguments exactly as the command would, and hands everything else (help, errors, unusual
 * flags) to the SfCommand class, which then parses, prints and fails in the one canonical way.
 */
type StandaloneModule = { runStandaloneLint(argv: string[], manifestUrl: URL): Promise<LintResult | undefined> };
type CommandClass = {
  id?: string;
  plugin?: unknown;
  isESM?: boolean;
  relativePath?: string[];
  run(argv?: string[], config?: Config | string): Promise<unknown>;
};

/** The package root: this module sits two levels under it in src/ (linked, through tsx) and lib/ alike. */
const PACKAGE_ROOT = new URL('../../', import.meta.url);

function debug(path: 'standalone' | 'oclif'): void {
  if (process.env.SF_INTEGRATION_DEBUG === '1') process.stderr.write(`sf-integration: ${path} lint (in sf)\n`);
}

export default class IntegrationLintEntry {
  // oclif sets these on the class it loads (Plugin.findCommand); the SfCommand class gets them when it runs.
  public static id?: string;
  public static plugin?: unknown;
  public static isESM?: boolean;
  public static relativePath?: string[];

  public static async run(argv: string[] = [], config?: Config | string): Promise<unknown> {
    if (process.env.SF_INTEGRATION_FULL_COMMAND !== '1') {
      // As bin/sf-integration.js does: later runs skip compiling what this one loads (Node 22.1+).
      module.enableCompileCache?.();
      let standalone: StandaloneModule | undefined;
      try {
        standalone = (await import(new URL('lib/bundle/standalone.js', PACKAGE_ROOT).href)) as StandaloneModule;
      } catch {
        // A build without the bundle: the SfCommand class runs it.
      }
      const result = await standalone?.runStandaloneLint(argv, new URL('oclif.manifest.json', PACKAGE_ROOT));
      if (result) {
        debug('standalone');
        return result;
      }
    }
    debug('oclif');
    const { default: IntegrationLint } = (await import('../commands/integration/lint.js')) as {
      default: CommandClass;
    };
    Object.assign(IntegrationLint, {
      id: this.id,
      plugin: this.plugin,
      isESM: this.isESM,
      relativePath: this.relativePath,
    });
    return IntegrationLint.run(argv, config);
  }
}
