import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './schema.js';

type FlagInfo = { name: string; type: 'boolean' | 'option'; required: boolean };
type CommandInfo = { id: string; flags: Map<string, FlagInfo> };

type ManifestFlag = { type: 'boolean' | 'option'; char?: string; aliases?: string[]; required?: boolean };
type Manifest = { commands: Record<string, { id: string; aliases?: string[]; flags: Record<string, ManifestFlag> }> };

let cache: Map<string, CommandInfo> | undefined;

/** The commands of the installed sf CLI (@salesforce/cli and its core plugins), from their oclif manifests. */
export function installedSfCommands(): Map<string, CommandInfo> {
  if (cache) return cache;
  const cliDir = path.join(REPO_ROOT, 'node_modules', '@salesforce', 'cli');
  const cli = JSON.parse(readFileSync(path.join(cliDir, 'package.json'), 'utf8')) as { oclif: { plugins: string[] } };
  const commands = new Map<string, CommandInfo>();
  const add = (manifest: Manifest): void => {
    for (const command of Object.values(manifest.commands)) {
      const flags = new Map<string, FlagInfo>();
      for (const [name, flag] of Object.entries(command.flags)) {
        const info = { name, type: flag.type, required: flag.required === true };
        flags.set(`--${name}`, info);
        if (flag.char) flags.set(`-${flag.char}`, info);
        for (const alias of flag.aliases ?? []) flags.set(alias.length === 1 ? `-${alias}` : `--${alias}`, info);
      }
      for (const id of [command.id, ...(command.aliases ?? [])]) commands.set(id, { id: command.id, flags });
    }
  };
  // This plugin's own commands: the checklist names them too, and whoever runs it has the plugin installed.
  add(JSON.parse(readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as Manifest);
  for (const plugin of cli.oclif.plugins) {
    // Node's resolution order, by hand: packages may not export their package.json.
    const dir = [path.join(cliDir, 'node_modules', plugin), path.join(REPO_ROOT, 'node_modules', plugin)].find((d) =>
      existsSync(path.join(d, 'package.json')),
    );
    if (!dir) throw new Error(`the installed sf CLI lists ${plugin}, which is not installed`);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'oclif.manifest.json'), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    add(manifest);
  }
  cache = commands;
  return commands;
}

/**
 * The words a shell makes of each command line (bash does the parsing, with the given variables set), so a test sees
 * exactly the argv a user's shell would pass. One bash for all lines: starting one per line is slow.
 */
export function shellWords(lines: string[], variables: Record<string, string> = {}): string[][] {
  // The for list is expanded once, before `set --` replaces the positional parameters inside the loop.
  const script = 'for line in "$@"; do eval "set -- $line"; printf "%s\\0" "$@"; printf "\\1"; done';
  // No startup files: bash reads ~/.bashrc when its stdin is a socket (as under a CI agent), and a user's rc prints.
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script, 'words', ...lines], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...variables },
    encoding: 'utf8',
  });
  return out
    .split('\u0001')
    .slice(0, -1)
    .map((words) => words.split('\0').slice(0, -1));
}

/**
 * What is wrong with an `sf` invocation (argv after `sf`) against the installed CLI: an unknown command, an unknown
 * flag, a flag without its value, a missing required flag. `target-org` may be left out: SF_TARGET_ORG supplies it.
 */
export function sfInvocationProblems(argv: string[]): string[] {
  const commands = installedSfCommands();
  const words: string[] = [];
  while (words.length < argv.length && !argv[words.length].startsWith('-')) words.push(argv[words.length]);
  const command = commands.get(words.join(':'));
  if (!command) return [`unknown command: sf ${words.join(' ')}`];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let k = words.length; k < argv.length; k++) {
    const [flagWord, inline] =
      argv[k].startsWith('--') && argv[k].includes('=')
        ? [argv[k].slice(0, argv[k].indexOf('=')), true]
        : [argv[k], false];
    const flag = command.flags.get(flagWord);
    if (!flag) {
      problems.push(`sf ${words.join(' ')}: unknown flag ${flagWord}`);
      // Its value, if it has one, is not a flag of its own.
      if (!inline && k + 1 < argv.length && !argv[k + 1].startsWith('-')) k++;
      continue;
    }
    seen.add(flag.name);
    if (flag.type === 'option' && !inline) {
      if (k + 1 >= argv.length || argv[k + 1].startsWith('--'))
        problems.push(`sf ${words.join(' ')}: ${flagWord} needs a value`);
      k++;
    }
  }
  for (const flag of new Set(command.flags.values())) {
    if (flag.required && flag.name !== 'target-org' && !seen.has(flag.name))
      problems.push(`sf ${words.join(' ')}: missing required --${flag.name}`);
  }
  return problems;
}

/** Every `sf` invocation in a markdown text: lines of sh code blocks (also inside `$(...)`), and inline code spans. */
export function sfCommandLines(markdown: string): string[] {
  const lines: string[] = [];
  let inSh = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inSh = line === '```sh';
      continue;
    }
    if (inSh) {
      const code = line;
      const sub = /\$\((sf [^|)]*?)\s*(?:\||\))/.exec(code);
      if (sub) lines.push(sub[1]);
      else if (code.startsWith('sf ')) lines.push(code);
    } else {
      for (const m of line.matchAll(/`(sf [^`]+)`/g)) lines.push(m[1]);
    }
  }
  return lines;
}
