import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignoreModule from 'ignore';

// node-ignore is CommonJS whose module.exports is the factory; its types declare an ES default export.
const ignore = ignoreModule as unknown as typeof ignoreModule.default;

/** Which files a deploy skips: `deniesFile` takes a file's project-relative posix path. */
export type ForceIgnore = { deniesFile(relative: string): boolean };

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
  const parser = ignore().add(`${SDR_DEFAULT_IGNORE.join('\n')}\n${contents}`);
  return {
    deniesFile: (relative): boolean => {
      try {
        return parser.ignores(relative);
      } catch {
        return false;
      }
    },
  };
}
