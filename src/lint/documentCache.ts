import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * yaml's reading of YAML documents (integration specs, the lint config), kept on disk by the hash of their text: yaml
 * needs 20–40 ms to warm up on even a few small documents, a tenth of a one-file pre-commit run, for a result that
 * only changes with the text. Content-addressed, so an entry is never stale; keyed by yaml's version and this
 * module's format too. Anything wrong with the cache (missing, unreadable, corrupt, not writable) only costs the parse.
 *
 * Where: $SF_INTEGRATION_CACHE_DIR, else the user's cache folder (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches,
 * %LOCALAPPDATA%) under sf-integration-governance/; SF_INTEGRATION_CACHE=off turns it off.
 */
export type CachedDocument =
  | { data: unknown; offsets: Array<[string, number]> }
  | { failure: { message: string; line?: number; column?: number } };

/** Bumped when what an entry holds, or how it is computed, changes. */
const FORMAT = 1;
const MAX_ENTRIES = 2000;
const FILE_NAME = `documents-v${FORMAT}.bin`;

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

type Store = { dir: string; entries: Map<string, CachedDocument>; dirty: boolean };
let store: Store | undefined | null;
let yamlVersion: string | undefined;

function open(): Store | undefined {
  if (store !== undefined) return store ?? undefined;
  const dir = cacheDirectory();
  if (!dir) {
    store = null;
    return undefined;
  }
  let entries = new Map<string, CachedDocument>();
  try {
    const read: unknown = deserialize(readFileSync(path.join(dir, FILE_NAME)));
    if (read instanceof Map) entries = read as Map<string, CachedDocument>;
  } catch {
    // No cache yet, or one this version cannot read: start an empty one.
  }
  store = { dir, entries, dirty: false };
  return store;
}

function keyOf(text: string): string {
  yamlVersion ??= (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
  return createHash('sha256').update(`${FORMAT}\0${yamlVersion}\0`).update(text).digest('hex');
}

/** The cached reading of `text`, or `compute`'s, which is then kept. */
export function cachedDocument(text: string, compute: () => CachedDocument): CachedDocument {
  const cache = open();
  if (!cache) return compute();
  const key = keyOf(text);
  const hit = cache.entries.get(key);
  if (hit) return hit;
  const entry = compute();
  cache.entries.set(key, entry);
  cache.dirty = true;
  return entry;
}

/** Writes what this process added (atomically: a concurrent run reads the old file or the new one, never half). */
export function saveDocumentCache(): void {
  const cache = open();
  if (!cache?.dirty) return;
  cache.dirty = false;
  const entries = [...cache.entries];
  const kept = new Map(entries.slice(Math.max(0, entries.length - MAX_ENTRIES)));
  const file = path.join(cache.dir, FILE_NAME);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(cache.dir, { recursive: true });
    writeFileSync(temp, serialize(kept));
    renameSync(temp, file);
  } catch {
    // A read-only home or a full disk: the next run parses again.
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
  }
}

/** For tests: forget the cache this process read, so the next use reads the directory again. */
export function resetDocumentCache(): void {
  store = undefined;
}
