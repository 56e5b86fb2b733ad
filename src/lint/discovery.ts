import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { classify, suffixesOf, suffixOf } from './registry.js';
import type { ProjectFile } from './types.js';

/** Pseudo types for files that are not Salesforce metadata. */
export const SPEC_TYPE = 'IntegrationSpec';
export const USER_DEFINITION_TYPE = 'UserDefinition';

const SKIP_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', '.localdevserver', '.husky', '.vscode', '.idea', 'coverage', '.tmp']);

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The directories to lint: the packageDirectories of sfdx-project.json; else `src` of a metadata-format project
 * (src/package.xml); else the project root.
 */
export async function defaultSourceDirs(projectRoot: string): Promise<string[]> {
  const projectJson = path.join(projectRoot, 'sfdx-project.json');
  if (await isFile(projectJson)) {
    try {
      const parsed = JSON.parse(await readFile(projectJson, 'utf8')) as { packageDirectories?: Array<{ path?: string }> };
      const dirs = (parsed.packageDirectories ?? []).map((d) => d.path).filter((p): p is string => typeof p === 'string');
      const existing: string[] = [];
      for (const d of dirs) {
        // eslint-disable-next-line no-await-in-loop
        if (await isDir(path.join(projectRoot, d))) existing.push(path.join(projectRoot, d));
      }
      if (existing.length) return existing;
    } catch {
      // An unreadable sfdx-project.json is reported by the caller when nothing else is found; fall through.
    }
  }
  if (await isFile(path.join(projectRoot, 'src', 'package.xml'))) return [path.join(projectRoot, 'src')];
  return [projectRoot];
}

export type Discovered = { files: ProjectFile[]; walked: number; unreadable: Array<{ path: string; message: string }> };

/**
 * Walks the source directories and keeps the files of the wanted types, plus integration specs
 * (integrations/*.yaml|yml|json) and user definitions (config/*.json) of the project root.
 */
export async function discover(projectRoot: string, sourceDirs: string[], wanted: Set<string>, ignore: string[]): Promise<Discovered> {
  const ignored = ignore.length ? picomatch(ignore, { dot: true }) : (): boolean => false;
  const seen = new Set<string>();
  const files: ProjectFile[] = [];
  let walked = 0;
  const unreadable: Discovered['unreadable'] = [];
  const wantedSuffixes = suffixesOf(wanted);
  const add = (file: ProjectFile): void => {
    if (seen.has(file.absolute) || ignored(file.path)) return;
    seen.add(file.absolute);
    files.push(file);
  };
  for (const dir of sourceDirs) {
    // eslint-disable-next-line no-await-in-loop
    const entries = await walk(dir, (p, message) => unreadable.push({ path: toPosix(path.relative(projectRoot, p)) || '.', message }));
    walked += entries.length;
    for (const absolute of entries) {
      // Most files of a project (fields, layouts, LWC) are of types no rule reads: skip them on their suffix alone.
      const suffix = suffixOf(absolute.slice(absolute.lastIndexOf(path.sep) + 1));
      if (!suffix || !wantedSuffixes.has(suffix)) continue;
      const rel = toPosix(path.relative(projectRoot, absolute));
      const classified = classify(toPosix(path.relative(dir, absolute)) || rel);
      if (!classified || !wanted.has(classified.type)) continue;
      // Apex: the body carries the code; its -meta.xml only the API version.
      if (classified.isMetaXml && (classified.type === 'ApexClass' || classified.type === 'ApexTrigger')) continue;
      add({ absolute, path: rel, type: classified.type, fullName: classified.fullName, format: classified.format });
    }
  }
  if (wanted.has(SPEC_TYPE)) {
    for (const absolute of await listDir(path.join(projectRoot, 'integrations'))) {
      if (/\.(ya?ml|json)$/i.test(absolute) && !path.basename(absolute).startsWith('.')) {
        const rel = toPosix(path.relative(projectRoot, absolute));
        add({ absolute, path: rel, type: SPEC_TYPE, fullName: path.basename(absolute).replace(/\.[^.]+$/, ''), format: 'spec' });
      }
    }
  }
  if (wanted.has(USER_DEFINITION_TYPE)) {
    for (const absolute of await listDir(path.join(projectRoot, 'config'))) {
      if (/\.json$/i.test(absolute)) {
        const rel = toPosix(path.relative(projectRoot, absolute));
        add({ absolute, path: rel, type: USER_DEFINITION_TYPE, fullName: path.basename(absolute, '.json'), format: 'config' });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, walked, unreadable };
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

/**
 * Every file under dir (absolute paths), skipping tool and VCS directories. Directories are read several at a time:
 * a project of 20,000 files has thousands of folders (objects/X/fields), and one readdir at a time waits on each.
 */
async function walk(dir: string, onError: (dir: string, message: string) => void): Promise<string[]> {
  const out: string[] = [];
  const queue = [dir];
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (active < WALK_CONCURRENCY && queue.length) {
        const current = queue.pop()!;
        active++;
        readdir(current, { withFileTypes: true })
          .then((entries) => {
            for (const e of entries) {
              // Plain concatenation: readdir names need no normalising, and path.join on 20,000 entries shows up.
              if (e.isDirectory()) {
                if (!SKIP_DIRS.has(e.name)) queue.push(`${current}${path.sep}${e.name}`);
              } else if (e.isFile() || e.isSymbolicLink()) out.push(`${current}${path.sep}${e.name}`);
            }
          })
          .catch((e: Error) => onError(current, `cannot read the directory: ${e.message}`))
          .finally(() => {
            active--;
            if (active === 0 && queue.length === 0) resolve();
            else pump();
          });
      }
    };
    pump();
  });
  return out;
}
