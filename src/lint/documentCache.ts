import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { diskStore } from './diskCache.js';

/**
 * yaml's reading of YAML documents (integration specs), kept by the hash of their text: yaml needs 20–40 ms to warm
 * up on even a few small documents, a tenth of a one-file pre-commit run, for a result that only changes with the
 * text. Content-addressed, so an entry is never stale; keyed by yaml's version and this format too.
 */
export type CachedDocument =
  | { data: unknown; offsets: Array<[string, number]> }
  | { failure: { message: string; line?: number; column?: number } };

/** Bumped when what an entry holds, or how it is computed, changes. */
const FORMAT = 1;
const documents = diskStore<CachedDocument>(`documents-v${FORMAT}.bin`, 2000);
let yamlVersion: string | undefined;

function keyOf(text: string): string {
  yamlVersion ??= (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
  return createHash('sha256').update(`${FORMAT}\0${yamlVersion}\0`).update(text).digest('hex');
}

/** The cached reading of `text`, or `compute`'s, which is then kept. */
export function cachedDocument(text: string, compute: () => CachedDocument): CachedDocument {
  if (!documents.enabled()) return compute();
  const key = keyOf(text);
  const hit = documents.get(key);
  if (hit) return hit;
  const entry = compute();
  documents.set(key, entry);
  return entry;
}
