#!/usr/bin/env node
// `sf-integration <command> [flags]`: the plugin's commands without the sf CLI, for pre-commit hooks and CI.
// `sf-integration lint ...` is `sf integration lint ...`, with the same flags and output; it starts on a path that
// loads only what linting needs, and hands over to the full oclif command for anything else (help, errors).
import module from 'node:module';
import { requireSupportedNode } from './node-version.js';

requireSupportedNode(new URL('../package.json', import.meta.url));
// V8's compiled code cached on disk (Node 22.1+): later runs skip compiling the modules they load.
module.enableCompileCache?.();

const [command, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(
    [
      'Usage: sf-integration <command> [flags]   (the same commands and flags as `sf integration <command>`)',
      '',
      'Commands:',
      '  generate   Generate deployable metadata, a user definition and the register from integration specs.',
      '  inventory  List every integration identity, the systems it serves and what reaches them.',
      '  lint       Find shared integration users, admin access, username exceptions, weak OAuth apps and secrets.',
      '',
      'Run `sf-integration <command> --help` for its flags.',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
if (command === '--version' || command === '-v') {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url, args: ['--version'] });
} else {
  let done = false;
  // SF_INTEGRATION_FULL_COMMAND=1 always runs the oclif command (the tests compare the two paths).
  if (command === 'lint' && process.env.SF_INTEGRATION_FULL_COMMAND !== '1') {
    // One bundled file (scripts/bundle.mjs) instead of ~190 modules to resolve and load: a third of a 1-file run.
    const { runStandaloneLint } = await import('../lib/bundle/standalone.js');
    done = (await runStandaloneLint(rest, new URL('../oclif.manifest.json', import.meta.url))) !== undefined;
  }
  if (process.env.SF_INTEGRATION_DEBUG === '1')
    process.stderr.write(`sf-integration: ${done ? 'standalone' : 'oclif'} ${command}\n`);
  if (!done) {
    const { execute } = await import('@oclif/core');
    await execute({ dir: import.meta.url, args: ['integration', command, ...rest] });
  }
}
