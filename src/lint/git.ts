import path from 'node:path';
import { promisify } from 'node:util';
import { toPosix } from './discovery.js';
import { LintUsageError } from './errors.js';

/** Project-relative paths changed since a git ref (committed, staged, unstaged and untracked). */
export async function changedFiles(projectRoot: string, ref: string): Promise<Set<string>> {
  // Loaded here: child_process costs a run that does not ask for changed files a few milliseconds at start-up.
  const execFileAsync = promisify((await import('node:child_process')).execFile);
  const git = async (args: string[]): Promise<string> =>
    (await execFileAsync('git', args, { cwd: projectRoot, maxBuffer: 256 * 1024 * 1024 })).stdout;
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new LintUsageError(`--changed-since needs a git repository, and ${projectRoot} is not in one.`, [
      'Run it inside a git clone, or pass the changed files as arguments.',
    ]);
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new LintUsageError(`--changed-since: '${ref}' is not a commit, branch or tag in this repository.`, [
      'In a pull-request pipeline, fetch the base branch first (for example: git fetch origin main --depth=1) and pass origin/main.',
    ]);
  }
  const diff = await git(['diff', '--name-only', '-z', '--no-renames', ref, '--']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z']);
  const out = new Set<string>();
  for (const p of [...diff.split('\0'), ...untracked.split('\0')].filter(Boolean)) {
    out.add(toPosix(path.relative(projectRoot, path.join(top, p))));
  }
  return out;
}
