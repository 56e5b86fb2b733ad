import { createHash } from 'node:crypto';
import { statSync, type Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../shared/pseudoTypes.js';
import { allSuffixes, folderClassifier, suffixesOf, suffixOf, type FolderClassifier } from './registry.js';
import { diskStore, type DiskStore } from './diskCache.js';
import { LintUsageError } from './errors.js';
import type { ProjectFile } from './types.js';

export { SPEC_TYPE, USER_DEFINITION_TYPE };

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.sf',
  '.sfdx',
  '.localdevserver',
  '.husky',
  '.vscode',
  '.idea',
  'coverage',
  '.tmp',
]);

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** `path.relative(root, absolute)` in posix form, by slicing where `absolute` lies inside `root` (discovery's hot path). */
function relativeInside(root: string, absolute: string): string {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  return absolute.startsWith(prefix) ? toPosix(absolute.slice(prefix.length)) : toPosix(path.relative(root, absolute));
}

/** Whether `p` is a file (false when it is missing, a directory or unreadable). */
export async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Where the directories to lint come from (a marker file), or none when the folder has no project marker. */
export type ProjectDirs = { dirs: string[]; marker?: string };

/**
 * The directories to lint: the packageDirectories of sfdx-project.json (each must exist, as sf requires); else `src`
 * of a metadata-format project (src/package.xml); else the root of a metadata-format retrieve (package.xml); else the
 * folder itself, without a marker (the caller refuses it when it holds no metadata).
 */
export async function defaultSourceDirs(projectRoot: string): Promise<ProjectDirs> {
  const projectJson = path.join(projectRoot, 'sfdx-project.json');
  if (await isFile(projectJson)) {
    let parsed: { packageDirectories?: Array<{ path?: unknown }> };
    try {
      parsed = JSON.parse(await readFile(projectJson, 'utf8')) as typeof parsed;
    } catch (e) {
      throw new LintUsageError(`sfdx-project.json is not valid JSON: ${(e as Error).message}`, [
        'Fix sfdx-project.json; sf cannot read the project either.',
      ]);
    }
    const dirs = (Array.isArray(parsed?.packageDirectories) ? parsed.packageDirectories : [])
      .map((d) => d?.path)
      .filter((p): p is string => typeof p === 'string' && p.trim() !== '');
    if (!dirs.length) {
      throw new LintUsageError('sfdx-project.json lists no packageDirectories, so there is nothing to lint.', [
        'Add "packageDirectories": [{ "path": "force-app", "default": true }] to sfdx-project.json, or pass --source-dir.',
      ]);
    }
    return { dirs: dirs.map((d) => path.join(projectRoot, d)), marker: 'sfdx-project.json' };
  }
  if (await isFile(path.join(projectRoot, 'src', 'package.xml')))
    return { dirs: [path.join(projectRoot, 'src')], marker: 'src/package.xml' };
  if (await isFile(path.join(projectRoot, 'package.xml'))) return { dirs: [projectRoot], marker: 'package.xml' };
  return { dirs: [projectRoot] };
}

export type Discovered = {
  files: ProjectFile[];
  walked: number;
  /** Metadata files of any type, read or not (all of them only with countAll): tells a project with nothing to lint from a folder with no metadata. */
  metadataFiles: number;
  /** Folders walked, and how many of their listings came from the listing cache. */
  folders: { walked: number; fromCache: number };
  unreadable: Array<{ path: string; reason: string }>;
};

export type DiscoveryScope = {
  /** Project-relative paths reported on (a pre-commit run's files). */
  inScope: (path: string) => boolean;
  /** False when no file directly in this folder (project-relative) is in scope: its files are skipped on that. */
  inFolder?: (dir: string) => boolean;
  /** Types read project-wide whatever the scope. */
  crossFile: Set<string>;
};

/**
 * Walks the source directories and keeps the files of the wanted types, plus integration specs
 * (integrations/*.yaml|yml|json) and user definitions (config/*.json) of the project root.
 * `countAll`: classify every file to count the metadata among them (for a folder without a project marker, where no
 * metadata at all means it is no project); otherwise only files of the wanted types are classified. `scope`: a
 * pre-commit run, where files outside it are classified only if a cross-file rule may read their type.
 */
export async function discover(
  projectRoot: string,
  sourceDirs: string[],
  wanted: Set<string>,
  ignore: string[],
  countAll = false,
  scope?: DiscoveryScope,
): Promise<Discovered> {
  const ignored = ignore.length ? picomatch(ignore, { dot: true }) : undefined;
  // Source directories may nest: each folder is taken once, so each of its files is (a file is its folder and name).
  const walkedDirs = new Set<string>();
  const files: ProjectFile[] = [];
  let walked = 0;
  const unreadable: Discovered['unreadable'] = [];
  let metadataFiles = 0;
  const add = (file: ProjectFile): void => {
    if (!ignored?.(file.path)) files.push(file);
  };
  // A spec or user definition in a folder a source directory also holds may have been found there already.
  const addOnce = (file: ProjectFile): void => {
    if (walkedDirs.has(path.dirname(file.absolute)) && files.some((f) => f.absolute === file.absolute)) return;
    add(file);
  };
  const pick = picker(wanted, countAll, scope);
  const folders = { walked: 0, fromCache: 0 };
  const cache = listingCache(projectRoot);
  for (const sourceDir of sourceDirs) {
    const onError = (p: string, reason: string): number =>
      unreadable.push({ path: toPosix(path.relative(projectRoot, p)) || '.', reason });
    // eslint-disable-next-line no-await-in-loop
    const walkedDir = await walk(sourceDir, onError, cache);
    folders.walked += walkedDir.walked;
    folders.fromCache += walkedDir.fromCache;
    const listings = walkedDir.listings;
    for (const { dir, names } of listings) {
      if (walkedDirs.has(dir)) continue;
      walkedDirs.add(dir);
      walked += names.length;
      const folderPath = relativeInside(projectRoot, dir);
      const folder: Folder = {
        dir,
        path: folderPath,
        names: lazySet(names),
        scoped: scope?.inFolder?.(folderPath) ?? true,
        classify: lazyClassifier(relativeInside(sourceDir, dir)),
      };
      for (const name of names) {
        const picked = pick(folder, name);
        if (picked === 'metadata' || typeof picked === 'object') metadataFiles++;
        if (typeof picked === 'object') add(picked);
      }
    }
  }
  for (const absolute of wanted.has(SPEC_TYPE) ? await listDir(path.join(projectRoot, 'integrations')) : []) {
    if (/\.(ya?ml|json)$/i.test(absolute) && !path.basename(absolute).startsWith('.')) {
      addOnce({
        absolute,
        path: toPosix(path.relative(projectRoot, absolute)),
        type: SPEC_TYPE,
        fullName: path.basename(absolute).replace(/\.[^.]+$/, ''),
        format: 'spec',
      });
    }
  }
  for (const absolute of wanted.has(USER_DEFINITION_TYPE) ? await listDir(path.join(projectRoot, 'config')) : []) {
    if (/\.json$/i.test(absolute)) {
      addOnce({
        absolute,
        path: toPosix(path.relative(projectRoot, absolute)),
        type: USER_DEFINITION_TYPE,
        fullName: path.basename(absolute, '.json'),
        format: 'config',
      });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, walked, metadataFiles, unreadable, folders };
}

/** The folder's classifier, made when one of its files is first classified (most folders hold no file read). */
function lazyClassifier(inSourceDir: string): () => FolderClassifier {
  let classifier: FolderClassifier | undefined;
  // The top of a package directory has no directories of its own.
  return () => (classifier ??= folderClassifier(inSourceDir || undefined));
}

function lazySet(entries: string[]): () => Set<string> {
  let set: Set<string> | undefined;
  return () => (set ??= new Set(entries));
}

/**
 * A walked directory: its project-relative path (posix, '' at the top), its files, whether one of them can be in a
 * pre-commit run's scope, and the classifier of its files (from its path inside the package directory).
 */
type Folder = {
  dir: string;
  path: string;
  names: () => Set<string>;
  scoped: boolean;
  classify: () => FolderClassifier;
};

const joinPosix = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

/**
 * Decides what one walked file is: a file to read (of a wanted type, not ignored), other metadata (counted only with
 * countAll), or nothing. Most files of a project (fields, layouts, LWC) are of types no rule reads: they are skipped
 * on the suffix of their name alone, before any path is built for them.
 */
function picker(
  wanted: Set<string>,
  countAll: boolean,
  scope: DiscoveryScope | undefined,
): (folder: Folder, name: string) => ProjectFile | 'metadata' | undefined {
  const wantedSuffixes = suffixesOf(wanted);
  const knownSuffixes = allSuffixes();
  const crossSuffixes = scope ? suffixesOf(scope.crossFile) : undefined;
  // A pre-commit run: a file outside the scope matters only if a cross-file rule may read its type.
  const outOfScope = (folder: Folder, name: string, suffix: string): boolean =>
    Boolean(scope && !countAll && !crossSuffixes?.has(suffix)) &&
    (!folder.scoped || !scope?.inScope(joinPosix(folder.path, name)));
  return (folder, name) => {
    const suffix = suffixOf(name);
    if (!suffix || !knownSuffixes.has(suffix) || (!countAll && !wantedSuffixes.has(suffix))) return undefined;
    if (outOfScope(folder, name, suffix)) return undefined;
    const rel = joinPosix(folder.path, name);
    const classified = folder.classify()(name);
    if (!classified) return undefined;
    if (!wanted.has(classified.type) || !isComponentFile(classified)) return 'metadata';
    if (classified.needsMetaXml && !folder.names().has(`${name}-meta.xml`)) return 'metadata';
    const absolute = `${folder.dir}${path.sep}${name}`;
    return { absolute, path: rel, type: classified.type, fullName: classified.fullName, format: classified.format };
  };
}

/** Apex: the body carries the code; its -meta.xml only the API version. */
function isComponentFile(classified: { type: string; isMetaXml: boolean }): boolean {
  return !(classified.isMetaXml && (classified.type === 'ApexClass' || classified.type === 'ApexTrigger'));
}

async function listDir(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

const WALK_CONCURRENCY = 16;

/** One directory's files, by name. */
type Listing = { dir: string; names: string[] };

/** A folder's listing as the cache keeps it, with the stat data that proves it current. */
type CachedListing = { ino: number; mtimeMs: number; ctimeMs: number; dirs: string[]; names: string[] };

/**
 * A listing is kept only when the folder last changed this long before it was read: on a file system that stores
 * times in coarse steps (FAT: 2 s), a file added in the same step as the listing would not change the folder's time.
 */
const SETTLED_MS = 3000;

/**
 * The folder listings of the project's previous run (lint's disk cache, one file per project): a folder whose inode,
 * modification and change times are those recorded is not read again. Adding, removing or renaming an entry changes
 * the modification time, and so does a restore that resets it (rsync -a, cp -p) change the change time, which no tool
 * can set; a walk then reads the folder again.
 */
function listingCache(projectRoot: string): DiskStore<CachedListing> {
  const id = createHash('sha256').update(path.resolve(projectRoot)).digest('hex').slice(0, 16);
  return diskStore<CachedListing>(`listings-v1-${id}.bin`, 100_000);
}

function split(entries: Dirent[]): { dirs: string[]; names: string[] } {
  const dirs: string[] = [];
  const names: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) dirs.push(e.name);
    else if (e.isFile() || e.isSymbolicLink()) names.push(e.name);
  }
  return { dirs, names };
}

/** A folder's subfolders and files: from the cache when the folder is unchanged, else read (and kept when settled). */
async function listFolder(
  dir: string,
  cache: DiskStore<CachedListing>,
): Promise<{ dirs: string[]; names: string[]; cached: boolean }> {
  let s: { ino: number; mtimeMs: number; ctimeMs: number } | undefined;
  try {
    if (cache.enabled()) s = statSync(dir);
  } catch {
    // readdir below says what is wrong with it
  }
  const hit = s ? cache.get(dir) : undefined;
  if (s && hit?.ino === s.ino && hit.mtimeMs === s.mtimeMs && hit.ctimeMs === s.ctimeMs)
    return { ...hit, cached: true };
  const readAt = Date.now();
  const listed = split(await readdir(dir, { withFileTypes: true }));
  if (s && readAt - Math.max(s.mtimeMs, s.ctimeMs) >= SETTLED_MS)
    cache.set(dir, { ino: s.ino, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ...listed });
  return { ...listed, cached: false };
}

/**
 * Every directory under dir with its files, skipping tool and VCS directories. Directories are read several at a
 * time: a project of 20,000 files has thousands of folders (objects/X/fields), and one readdir at a time waits on
 * each. Files stay names until one is picked: building 20,000 paths to look at their suffixes shows up in a run.
 */
async function walk(
  dir: string,
  onError: (dir: string, reason: string) => void,
  cache: DiskStore<CachedListing>,
): Promise<{ listings: Listing[]; walked: number; fromCache: number }> {
  const out: Listing[] = [];
  const queue = [dir];
  let active = 0;
  let walked = 0;
  let fromCache = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (active < WALK_CONCURRENCY && queue.length) {
        const current = queue.pop()!;
        active++;
        walked++;
        listFolder(current, cache)
          .then(({ dirs, names, cached }) => {
            if (cached) fromCache++;
            for (const name of dirs) if (!SKIP_DIRS.has(name)) queue.push(`${current}${path.sep}${name}`);
            if (names.length) out.push({ dir: current, names });
          })
          .catch((e: Error) => onError(current, e.message))
          .finally(() => {
            active--;
            if (active === 0 && queue.length === 0) resolve();
            else pump();
          });
      }
    };
    pump();
  });
  return { listings: out, walked, fromCache };
}
