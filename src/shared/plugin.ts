import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * This plugin's own name and version, from its package.json (relative to this module, in src/ and lib/ alike): a
 * command's oclif config describes the CLI that loaded the plugin, and under `sf` that is the sf CLI, not us.
 */
const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

export const PLUGIN: Readonly<{ name: string; version: string }> = { name: pkg.name, version: pkg.version };

/**
 * A schema of this plugin as the user has it: its path inside the installed plugin (error hints and editor modelines
 * must point at a file the user has, not at this repository's layout).
 */
export function installedSchema(name: 'integration-spec' | 'lint-config'): string {
  return fileURLToPath(new URL(`../../schemas/${name}.schema.json`, import.meta.url));
}
