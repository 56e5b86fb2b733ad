import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignoreModule from 'ignore';

// node-ignore is CommonJS whose module.exports is the factory; its types declare an ES default export.
const ignore = ignoreModule as unknown as typeof ignoreModule.default;

/**
 * Which files a deploy skips: `deniesFile` takes a file's project-relative posix path. `invalid` is the first pattern
 * node-ignore cannot compile (its 1-based line): source-deploy-retrieve then drops the whole file and skips nothing.
 */
export type ForceIgnore = {
  invalid?: { line: number; pattern: string; reason: string };
  deniesFile(relative: string): boolean;
};

/**
 * The patterns source-deploy-retrieve puts before every .forceignore (its ForceIgnore's DEFAULT_IGNORE), in its order.
 * SDR's module is not loaded for them: it pulls in @salesforce/core's logger and lifecycle, a tenth of a second of a
 * pre-commit run. test/lint/forceIgnore.test.ts fails when SDR's list changes, and compares decisions file by file.
 */
export const SDR_DEFAULT_IGNORE: readonly string[] = [
  '**/*.dup',
  '**/.*',
  '!.sf',
  '**/.sf/**',
  '!**/.sf/orgs',
  '!**/.sf/orgs/**',
  '**/.sf/orgs/*/**',
  '!**/.sf/orgs/*/remoteMetadata',
  '!**/.sf/orgs/*/remoteMetadata/**',
  '**/package2-descriptor.json',
  '**/package2-manifest.json',
];

/** What node-ignore keeps of a pattern (its rules are not part of its typed interface). */
type IgnoreRule = { pattern: string; negative: boolean; regex: RegExp };

/**
 * Substrings a path must hold for a pattern to match it, read from the glob: every run of ordinary characters, with
 * the '/' before it when it starts a segment (tested against '/' + path, so a pattern's first segment, which matches
 * at the start or after any '/', needs one too), lower-cased. Runs stop at wildcards, escapes, character classes and
 * spaces (which node-ignore may trim), so each is literal in the pattern's regular expression: a path without one
 * cannot match.
 */
function requiredSubstrings(pattern: string): string[] {
  const out: string[] = [];
  for (const segment of pattern.split('/')) {
    const literalEnd = segment.search(/[[\\]/);
    const literal = literalEnd < 0 ? segment : segment.slice(0, literalEnd);
    let at = 0;
    for (const run of literal.split(/[*?\s]/)) {
      if (run) out.push(`${at === 0 ? '/' : ''}${run.toLowerCase()}`);
      at += run.length + 1;
    }
  }
  return out;
}

/**
 * node-ignore's answer for a file, computed with less work when the patterns allow: a path is ignored when its folder
 * is (asked once per folder) or a pattern matches the path itself, and a pattern cannot match a path that lacks one
 * of its literal runs. On a 17,000-file project the run-of-text test leaves node-ignore a handful of paths, where its
 * regular expressions over every file cost a tenth of a second. Without node-ignore's rules to read, every path goes
 * to node-ignore.
 */
function fileDecider(parser: ReturnType<typeof ignore>): (relative: string) => boolean {
  const ignores = (p: string): boolean => {
    try {
      return parser.ignores(p);
    } catch {
      // node-ignore refuses paths that are not relative (SDR's case: such a path is not ignored).
      return false;
    }
  };
  // eslint-disable-next-line no-underscore-dangle -- node-ignore's compiled patterns, which its types do not declare
  const rules = (parser as unknown as { _rules?: unknown })._rules;
  const readable =
    Array.isArray(rules) &&
    rules.every(
      (r: Partial<IgnoreRule>) =>
        typeof r?.pattern === 'string' && typeof r.negative === 'boolean' && r.regex instanceof RegExp,
    );
  if (!readable) return ignores;
  // Lower-cased on both sides, which holds for case-sensitive patterns too (a match contains the run in any case).
  const needles = (rules as IgnoreRule[]).filter((r) => !r.negative).map((r) => requiredSubstrings(r.pattern));
  const folders = new Map<string, boolean>();
  return (relative) => {
    const slash = relative.lastIndexOf('/');
    if (slash > 0) {
      const folder = relative.slice(0, slash);
      let ignored = folders.get(folder);
      if (ignored === undefined) folders.set(folder, (ignored = ignores(`${folder}/`)));
      // Nothing can re-include a file whose folder is ignored.
      if (ignored) return true;
    }
    const probe = `/${relative.toLowerCase()}`;
    return needles.some((required) => required.every((n) => probe.includes(n))) && ignores(relative);
  };
}

/**
 * The project's .forceignore as source-deploy-retrieve reads it: node-ignore (SDR's own dependency and semantics)
 * over SDR's default patterns followed by the file. For a file on disk, SDR's `denies` is the parser's `ignores` of
 * its path relative to the project (the trailing-slash retry is for directories only), and a path node-ignore refuses
 * is not ignored. Undefined when the project has no .forceignore; an unreadable one ignores nothing, as in SDR.
 */
export async function loadForceIgnore(projectRoot: string): Promise<ForceIgnore | undefined> {
  let contents: string;
  try {
    contents = await readFile(path.join(projectRoot, '.forceignore'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { deniesFile: fileDecider(ignore().add(`${SDR_DEFAULT_IGNORE.join('\n')}\n${contents}`)) };
  } catch {
    return { deniesFile: (): boolean => false, invalid: firstInvalidPattern(contents) };
  }
}

/** The first line node-ignore refuses to compile (an unclosed character class such as `[a/b`). */
function firstInvalidPattern(contents: string): ForceIgnore['invalid'] {
  const lines = contents.split(/\r?\n/);
  for (const [index, pattern] of lines.entries()) {
    try {
      ignore().add(pattern);
    } catch (e) {
      return {
        line: index + 1,
        pattern: pattern.trim(),
        reason: (e as Error).message.replace(/^Invalid regular expression: /, ''),
      };
    }
  }
  return { line: 1, pattern: contents.trim().slice(0, 80), reason: 'node-ignore cannot read the file' };
}
