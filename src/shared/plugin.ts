import { createRequire } from 'node:module';

/**
 * This plugin's own name and version, from its package.json (relative to this module, in src/ and lib/ alike): a
 * command's oclif config describes the CLI that loaded the plugin, and under `sf` that is the sf CLI, not us.
 */
const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

export const PLUGIN: Readonly<{ name: string; version: string }> = { name: pkg.name, version: pkg.version };
