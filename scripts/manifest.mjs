// Writes oclif.manifest.json, as `oclif manifest` does: with it, oclif loads only the command that runs instead of
// every command module, which keeps `sf integration lint` in a pre-commit hook fast.
//
// `integration:lint` is then pointed at lib/cli/lintCommand.js, which runs the standalone fast path inside sf and
// loads the SfCommand class (lib/commands/integration/lint.js, whose flags and help the manifest holds) only for what
// the fast path declines: importing SfCommand alone costs twice sf's own start-up.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Plugin } from '@oclif/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
const manifest = plugin.manifest;
const lint = manifest.commands['integration:lint'];
if (!lint) throw new Error('oclif.manifest.json: no integration:lint command');
lint.relativePath = ['lib', 'cli', 'lintCommand.js'];
await writeFile(path.join(root, 'oclif.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`oclif.manifest.json: ${Object.keys(manifest.commands).join(', ')}`);
