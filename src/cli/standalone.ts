import { readFileSync } from 'node:fs';
import { format, parseArgs, type ParseArgsConfig } from 'node:util';
import { runLint, type LintRunFlags } from '../lint/run.js';
import type { LintResult } from '../lint/types.js';

/**
 * The fast path of the standalone `sf-integration lint`, for pre-commit hooks and CI without the sf CLI: the flags
 * are parsed from the command's own oclif manifest (the flags the sf command declares, so there is one copy of them)
 * and linting runs without loading oclif, `@salesforce/core` or jsforce, which are most of a one-file run's time.
 *
 * It only takes what it can run exactly as the sf command does, and declines everything else (help, `--flags-dir`,
 * an unknown or ambiguous flag, a value outside a flag's options, coloured JSON, any error): the caller then runs the
 * full oclif command, which parses, prints and fails in the one canonical way. Nothing is printed before linting has
 * succeeded, so declining after an error prints nothing twice.
 */
type ManifestFlag = {
  type: 'boolean' | 'option';
  char?: string;
  multiple?: boolean;
  options?: string[];
  default?: unknown;
};
type ManifestCommand = { flags: Record<string, ManifestFlag>; strict?: boolean };

const LINT_COMMAND_ID = 'integration:lint';

function lintManifest(manifestUrl: URL): ManifestCommand | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as { commands?: Record<string, ManifestCommand> };
    return manifest.commands?.[LINT_COMMAND_ID];
  } catch {
    return undefined;
  }
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** False where oclif reads the words differently from parseArgs. */
function tokensAgree(tokens: Token[], command: ManifestCommand): boolean {
  return tokens.every((token, i) => {
    if (token.kind !== 'option') return true;
    // `-d=x`: oclif reads x, parseArgs "=x".
    if (token.inlineValue && token.rawName.length === 2 && token.value?.startsWith('=')) return false;
    // oclif lets a repeatable flag take the words after it, so `-d dir file` is not what parseArgs makes of it.
    return !(
      command.flags[token.name].multiple &&
      !token.inlineValue &&
      tokens.slice(i + 1).some((t) => t.kind === 'positional')
    );
  });
}

type Parsed = { flags: Record<string, unknown>; paths: string[]; json: boolean };

/** The arguments as the sf command would parse them, or undefined when only oclif can say what they mean. */
export function parseLintArgs(argv: string[], command: ManifestCommand): Parsed | undefined {
  if (argv.includes('--')) return undefined;
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, flag] of Object.entries(command.flags)) {
    options[name] = {
      type: flag.type === 'boolean' ? 'boolean' : 'string',
      multiple: Boolean(flag.multiple),
      ...(flag.char ? { short: flag.char } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return undefined;
  }
  if (!tokensAgree(parsed.tokens ?? [], command)) return undefined;
  const flags: Record<string, unknown> = { ...parsed.values };
  for (const [name, flag] of Object.entries(command.flags)) {
    if (flag.type !== 'option') continue;
    if (flags[name] === undefined && flag.default !== undefined) flags[name] = flag.default;
    const values = ([] as unknown[]).concat(flags[name] ?? []);
    if (flag.options && values.some((v) => !flag.options?.includes(String(v)))) return undefined;
  }
  if (flags['flags-dir'] !== undefined) return undefined;
  const json = flags.json === true || process.env.SF_CONTENT_TYPE?.toUpperCase() === 'JSON';
  return { flags, paths: parsed.positionals, json };
}

/**
 * Runs `lint` with `argv` (the words after `lint`) if it can: the command's result when it did (output written, exit
 * code set), undefined when the full command should run instead.
 */
export async function runStandaloneLint(argv: string[], manifestUrl: URL): Promise<LintResult | undefined> {
  const command = lintManifest(manifestUrl);
  if (!command) return undefined;
  const parsed = parseLintArgs(argv, command);
  // SfCommand colours JSON on a terminal; piped, it is plain JSON.stringify, which is what this writes.
  if (!parsed || (parsed.json && process.stdout.isTTY)) return undefined;
  const lines: string[] = [];
  let text = '';
  let result;
  try {
    result = await runLint(parsed.flags as LintRunFlags, parsed.paths, process.cwd(), {
      // As SfCommand's log: util.format of the line, so "%%" prints as oclif prints it.
      log: (line) => lines.push(format(line)),
      write: (chunk) => {
        text += chunk;
      },
      json: parsed.json,
    });
  } catch {
    process.exitCode = undefined;
    return undefined;
  }
  if (parsed.json) {
    const status = typeof process.exitCode === 'number' ? process.exitCode : 0;
    process.stdout.write(`${JSON.stringify({ status, result, warnings: [] }, null, 2)}\n`);
  } else {
    process.stdout.write(lines.map((line) => `${line}\n`).join('') + text);
  }
  return result;
}
