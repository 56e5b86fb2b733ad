import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * lint's caches on disk: what a run can reuse from the previous one (a pre-commit hook runs again and again on the
 * same project). Every entry carries what proves it current (a hash of the text it was computed from, the stat data
 * of the folder it lists), so an entry is used only when it is, and anything wrong with a cache file (missing,
 * unreadable, corrupt, not writable) only costs the work it would have saved.
 *
 * Where: $SF_INTEGRATION_CACHE_DIR, else the user's cache folder (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches,
 * %LOCALAPPDATA%) under sf-integration-governance/; SF_INTEGRATION_CACHE=off turns them off.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SF_INTEGRATION_CACHE === 'off') return undefined;
  if (env.SF_INTEGRATION_CACHE_DIR) return env.SF_INTEGRATION_CACHE_DIR;
  const base =
    process.platform === 'win32'
      ? env.LOCALAPPDATA
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Caches')
        : // An empty XDG_CACHE_HOME is unset (the XDG spec).
          env.XDG_CACHE_HOME?.trim()
          ? env.XDG_CACHE_HOME
          : path.join(os.homedir(), '.cache');
  return base ? path.join(base, 'sf-integration-governance') : undefined;
}

/** One cache file: entries by key, read on first use, written back (atomically) when something was added. */
export type DiskStore<T> = {
  /** False when caching is off: a caller then skips what it would only do to use the cache (hash, stat). */
  enabled(): boolean;
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  save(): void;
};

type Opened<T> = { file: string; entries: Map<string, T>; dirty: boolean };

const stores = new Map<string, DiskStore<unknown> & { reset(): void }>();

/**
 * The store of one cache file (the same object for every caller in the process), or one that keeps nothing when
 * caching is off; `maxEntries` bounds the file.
 */
export function diskStore<T>(fileName: string, maxEntries: number): DiskStore<T> {
  const existing = stores.get(fileName);
  if (existing) return existing as DiskStore<T>;
  let opened: Opened<T> | null | undefined;
  const open = (): Opened<T> | undefined => {
    if (opened !== undefined) return opened ?? undefined;
    const dir = cacheDirectory();
    if (!dir) {
      opened = null;
      return undefined;
    }
    const file = path.join(dir, fileName);
    let entries = new Map<string, T>();
    try {
      const read: unknown = deserialize(readFileSync(file));
      if (read instanceof Map) entries = read as Map<string, T>;
    } catch {
      // No cache yet, or one this version cannot read: start an empty one.
    }
    opened = { file, entries, dirty: false };
    return opened;
  };
  const store: DiskStore<T> = {
    enabled: (): boolean => open() !== undefined,
    get: (key): T | undefined => open()?.entries.get(key),
    set(key, value): void {
      const current = open();
      if (!current) return;
      current.entries.delete(key);
      current.entries.set(key, value);
      current.dirty = true;
    },
    save(): void {
      const current = open();
      if (!current?.dirty) return;
      current.dirty = false;
      const entries = [...current.entries];
      const kept = new Map(entries.slice(Math.max(0, entries.length - maxEntries)));
      // A concurrent run reads the old file or the new one, never half of one.
      const temp = `${current.file}.${process.pid}.tmp`;
      try {
        mkdirSync(path.dirname(current.file), { recursive: true });
        writeFileSync(temp, serialize(kept));
        renameSync(temp, current.file);
      } catch {
        // A read-only home or a full disk: the next run does the work again.
        try {
          rmSync(temp, { force: true });
        } catch {
          // nothing was written
        }
      }
    },
  };
  stores.set(fileName, { ...(store as DiskStore<unknown>), reset: (): void => void (opened = undefined) });
  return store;
}

/** Writes what this process added to any store (the main thread, at the end of a run; worker threads only read). */
export function saveDiskStores(): void {
  for (const store of stores.values()) store.save();
}

/** For tests: forget what every store read, so the next use reads the cache folder again. */
export function resetDiskStores(): void {
  for (const store of stores.values()) store.reset();
}
