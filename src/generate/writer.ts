import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedFile } from './plan.js';

/**
 * What the generator last wrote, by project-relative path: the sha256 of each file's content. A file on disk
 * whose hash differs from this was edited by hand and is not overwritten without --force.
 */
export const MANIFEST_PATH = path.join('integrations', '.generated-files.json');

/** `stale`: generated earlier, but no spec produces it any more (the spec was removed or renamed); kept, reported. */
export type FileStatus = 'created' | 'updated' | 'unchanged' | 'skipped' | 'overwritten' | 'stale';

export type FileOutcome = {
  /** Project-relative path with forward slashes. */
  path: string;
  type: string;
  name: string;
  status: FileStatus;
  /** Why a file was skipped or overwritten. */
  reason?: string;
};

export type WriteMode = 'write' | 'dry-run' | 'check';

export type Manifest = { version: 1; files: Record<string, string> };

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

function rel(projectRoot: string, file: string): string {
  return path.relative(projectRoot, file).split(path.sep).join('/');
}

/**
 * The manifest of the last run; read once per run and handed to decide, commit and findStale. `manifestPath`
 * (project-relative): where a command other than generate keeps its own (inventory keeps it in its output folder).
 */
export async function readManifest(projectRoot: string, manifestPath = MANIFEST_PATH): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await readFile(path.join(projectRoot, manifestPath), 'utf8')) as {
      files?: unknown;
    } | null;
    const files = parsed?.files;
    // A damaged manifest counts as none: every existing file is then treated as not ours, so nothing is overwritten.
    if (!files || typeof files !== 'object' || Array.isArray(files)) return { version: 1, files: {} };
    return {
      version: 1,
      files: Object.fromEntries(Object.entries(files).filter(([, v]) => typeof v === 'string')),
    };
  } catch {
    return { version: 1, files: {} };
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw e;
  }
}

/** Decides, for each planned file, what writing it would do. Reads only. */
export async function decide(
  files: PlannedFile[],
  projectRoot: string,
  manifest: Manifest,
  force: boolean,
  tool = 'sf integration generate',
): Promise<FileOutcome[]> {
  return Promise.all(
    files.map(async (f): Promise<FileOutcome> => {
      const key = rel(projectRoot, f.path);
      const base = { path: key, type: f.type, name: f.name };
      const existing = await readIfExists(f.path);
      if (existing === undefined) return { ...base, status: 'created' };
      if (existing === f.content) return { ...base, status: 'unchanged' };
      const ours = manifest.files[key] === sha256(existing);
      if (ours) return { ...base, status: 'updated' };
      const reason = manifest.files[key]
        ? 'edited by hand since it was generated'
        : `exists and was not written by ${tool}`;
      return force
        ? { ...base, status: 'overwritten', reason }
        : { ...base, status: 'skipped', reason: `${reason}; use --force to overwrite it` };
    }),
  );
}

/**
 * Files the manifest says were generated that none of the planned files is any more, and that still exist. They are
 * reported, never deleted: removing an integration from an org needs a destructive deploy, which is a decision.
 */
export async function findStale(files: PlannedFile[], projectRoot: string, manifest: Manifest): Promise<FileOutcome[]> {
  const planned = new Set(files.map((f) => rel(projectRoot, f.path)));
  const candidates = Object.keys(manifest.files)
    .filter((key) => !planned.has(key))
    .sort();
  const existing = await Promise.all(
    candidates.map(async (key) => ((await readIfExists(path.join(projectRoot, key))) === undefined ? undefined : key)),
  );
  return existing
    .filter((key): key is string => key !== undefined)
    .map((key) => ({
      path: key,
      type: 'Stale',
      name: path.posix.basename(key),
      status: 'stale' as const,
      reason:
        'generated earlier, but no spec produces it any more; delete it (and deploy the deletion) if the integration is gone, or restore its spec',
    }));
}

/**
 * Writes every file that changes, all or nothing: each goes to a temporary file beside its target first, and
 * only when all of them are on disk are they renamed into place. A failure removes the temporary files and any
 * directory this run created, so an unwritable output directory leaves the project as it was.
 */
export async function commit(
  files: PlannedFile[],
  outcomes: FileOutcome[],
  projectRoot: string,
  manifest: Manifest,
  manifestPath = MANIFEST_PATH,
): Promise<void> {
  const toWrite = files.filter((_, idx) => ['created', 'updated', 'overwritten'].includes(outcomes[idx].status));
  const hashes = { ...manifest.files };
  for (const [idx, f] of files.entries()) {
    if (outcomes[idx].status !== 'skipped') hashes[rel(projectRoot, f.path)] = sha256(f.content);
  }
  const sorted: Manifest = {
    version: 1,
    files: Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  const manifestFile: PlannedFile = {
    path: path.join(projectRoot, manifestPath),
    content: `${JSON.stringify(sorted, null, 2)}\n`,
    type: 'Manifest',
    name: 'manifest',
    sources: [],
  };
  const all = toWrite.length ? [...toWrite, manifestFile] : [];
  const createdDirs: string[] = [];
  const temps: Array<{ temp: string; target: string }> = [];
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  try {
    for (const f of all) {
      const dir = path.dirname(f.path);
      // eslint-disable-next-line no-await-in-loop
      const made = await mkdir(dir, { recursive: true });
      if (made) createdDirs.push(made);
      const temp = `${f.path}${suffix}`;
      // eslint-disable-next-line no-await-in-loop
      await writeFile(temp, f.content, { encoding: 'utf8', flag: 'wx' });
      temps.push({ temp, target: f.path });
    }
  } catch (e) {
    await Promise.all(temps.map((t) => unlink(t.temp).catch(() => undefined)));
    await removeCreatedDirs(createdDirs, all);
    throw e;
  }
  for (const t of temps) {
    // eslint-disable-next-line no-await-in-loop
    await rename(t.temp, t.target);
  }
}

/** Removes the (now empty) directories a failed run created, deepest first. */
async function removeCreatedDirs(createdTops: string[], files: PlannedFile[]): Promise<void> {
  const dirs = new Set<string>();
  for (const top of createdTops) {
    for (const f of files) {
      let d = path.dirname(f.path);
      while (d.startsWith(top) && d.length >= top.length) {
        dirs.add(d);
        const parent = path.dirname(d);
        if (parent === d) break;
        d = parent;
      }
    }
  }
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    // eslint-disable-next-line no-await-in-loop
    await rmdir(d).catch(() => undefined);
  }
}
