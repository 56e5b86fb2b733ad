import { stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultSourceDirs, discover, toPosix, type Discovered, type ProjectDirs } from './discovery.js';
import { loadForceIgnore } from './forceIgnore.js';
import { LintUsageError } from './errors.js';
import { changedFiles } from './git.js';
import type { LintConfig, LintOptions, ParseProblem, ProjectFile, Rule } from './types.js';

/** The directories to lint (each must exist) and what named them; the paths to report on are checked too. */
async function resolveProject(projectRoot: string, options: LintOptions): Promise<ProjectDirs & { explicit: boolean }> {
  const explicit = options.sourceDirs?.length ? options.sourceDirs.map((d) => path.resolve(projectRoot, d)) : undefined;
  const project: ProjectDirs = explicit
    ? { dirs: explicit, marker: '--source-dir' }
    : await defaultSourceDirs(projectRoot);
  for (const d of project.dirs) {
    if (
      // eslint-disable-next-line no-await-in-loop
      !(await stat(d).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    ) {
      throw new LintUsageError(
        `the source directory ${toPosix(path.relative(projectRoot, d)) || d} does not exist (from ${project.marker ?? 'the project'}).`,
        ['Check --source-dir and the packageDirectories of sfdx-project.json.'],
      );
    }
  }
  await checkPaths(projectRoot, options.paths ?? []);
  return { ...project, explicit: Boolean(explicit) };
}

/** Paths to report on must exist and lie inside the project: anything else would report nothing and pass. */
async function checkPaths(projectRoot: string, paths: string[]): Promise<void> {
  for (const p of paths) {
    const absolute = path.resolve(p);
    const rel = path.relative(projectRoot, absolute);
    if (
      // eslint-disable-next-line no-await-in-loop
      !(await stat(absolute).then(
        () => true,
        () => false,
      ))
    ) {
      throw new LintUsageError(`the path ${p} does not exist.`, [
        'Pass files or folders of the project, or no path to lint the whole project.',
      ]);
    }
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new LintUsageError(`the path ${p} is outside the project ${projectRoot}.`, [
        'Run the command from the project that holds the file, or pass paths inside it.',
      ]);
    }
  }
}

/** Whether a project-relative path is reported on, and whether a folder can hold a file that is. */
export type ReportScope = ((path: string) => boolean) & {
  /** False when no file directly in this folder (project-relative, '' at the top) is reported on. */
  mayHoldFilesIn(dir: string): boolean;
};

type PathSet = { has(path: string): boolean; folder(dir: string): boolean };

const parentOf = (p: string): string => p.slice(0, Math.max(p.lastIndexOf('/'), 0));

/** Scope of reporting: explicit paths and/or files changed since a ref; undefined when the whole project. */
export async function reportScope(options: LintOptions): Promise<ReportScope | undefined> {
  const sets: PathSet[] = [];
  if (options.paths?.length) {
    const rel = options.paths.map((p) =>
      toPosix(path.relative(options.projectRoot, path.resolve(p))).replace(/\/$/, ''),
    );
    const everything = rel.includes('');
    const exact = new Set(rel);
    const prefixes = rel.map((r) => `${r}/`);
    const parents = new Set(rel.map(parentOf));
    sets.push({
      has: (p) => everything || exact.has(p) || prefixes.some((r) => p.startsWith(r)),
      // A file dir/name is a named file (its parent is dir) or lies under a named folder (dir is it, or inside it).
      folder: (dir) => everything || parents.has(dir) || exact.has(dir) || prefixes.some((r) => dir.startsWith(r)),
    });
  }
  if (options.changedSince) {
    const changed = await changedFiles(options.projectRoot, options.changedSince);
    const parents = new Set([...changed].map(parentOf));
    sets.push({ has: (p) => changed.has(p), folder: (dir) => parents.has(dir) });
  }
  if (!sets.length) return undefined;
  return Object.assign((p: string) => sets.every((s) => s.has(p)), {
    mayHoldFilesIn: (dir: string) => sets.every((s) => s.folder(dir)),
  });
}

/**
 * The files a run reads: discovery over the project's directories (refusing a folder that holds no metadata), cut to
 * the reporting scope plus what cross-file rules need, and to what .forceignore lets through.
 */
export async function filesToLoad(
  projectRoot: string,
  options: LintOptions,
  config: LintConfig,
  active: ReadonlyArray<Pick<Rule, 'reads' | 'crossFile'>>,
  scope: ReportScope | undefined,
): Promise<{
  toLoad: ProjectFile[];
  /** Folders that could not be read, and a .forceignore that cannot be used. */
  problems: ParseProblem[];
  folders: Discovered['folders'];
}> {
  const project = await resolveProject(projectRoot, options);
  const sourceDirs = project.dirs;
  const wanted = new Set(active.flatMap((r) => [...r.reads]));
  const crossFile = new Set(active.flatMap((r) => [...(r.crossFile ?? [])]));
  const countAll = !project.marker || project.explicit;
  const discovered = await discover(
    projectRoot,
    sourceDirs,
    wanted,
    config.ignore,
    countAll,
    scope && { inScope: scope, inFolder: (dir): boolean => scope.mayHoldFilesIn(dir), crossFile },
  );
  if (countAll && discovered.metadataFiles === 0 && !discovered.files.length) {
    throw new LintUsageError(
      project.explicit
        ? `--source-dir ${sourceDirs.map((d) => toPosix(path.relative(projectRoot, d)) || '.').join(', ')} holds no Salesforce metadata files.`
        : `${projectRoot} is not a Salesforce project: it has no sfdx-project.json, no package.xml and no metadata files.`,
      [
        'Run the command in a Salesforce DX project (or a metadata-format retrieve with package.xml), or pass --source-dir <folder with metadata>.',
      ],
    );
  }
  // Outside the reporting scope, read only what cross-file rules need to see the whole project.
  const inScope = scope ? discovered.files.filter((f) => scope(f.path) || crossFile.has(f.type)) : discovered.files;
  // .forceignore last, on what is left.
  const forceIgnore = await loadForceIgnore(projectRoot);
  const toLoad = forceIgnore
    ? inScope.filter((f) => f.format === 'spec' || f.format === 'config' || !forceIgnore.deniesFile(f.path))
    : inScope;
  const problems: ParseProblem[] = discovered.unreadable.map((u) => ({
    file: { path: u.path, type: 'Directory', fullName: u.path },
    messageId: 'unreadableDirectory',
    data: { reason: u.reason },
  }));
  if (forceIgnore?.invalid) {
    const { line, pattern, reason } = forceIgnore.invalid;
    problems.push({
      file: { path: '.forceignore', type: 'ForceIgnore', fullName: '.forceignore' },
      messageId: 'invalidForceIgnore',
      data: { pattern, reason },
      line,
      column: 1,
    });
  }
  return { toLoad, problems, folders: discovered.folders };
}
