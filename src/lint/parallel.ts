import os from 'node:os';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { checkBatch, type RuleFindings, type RunSettings } from './batches.js';
import { LintUsageError } from './errors.js';
import type { Loaded } from './loading.js';
import type { ProjectFile, Rule } from './types.js';

/** `--concurrency`: auto, off, or a number of threads (the main thread included). */
export type Concurrency = 'auto' | 'off' | number;

/** The value of `--concurrency`; anything but auto, off or a positive whole number is a usage error. */
export function parseConcurrency(value: string | undefined): Concurrency {
  const v = (value ?? 'auto').trim().toLowerCase();
  if (v === 'auto' || v === 'off') return v;
  if (/^[1-9]\d{0,3}$/.test(v)) return Number(v);
  throw new LintUsageError(`--concurrency takes auto, off or a number of threads, not "${value ?? ''}".`, [
    'Use --concurrency auto (the default: threads on a large project with several cores), off, or a number such as 2.',
  ]);
}

/** Below this many bytes to check, starting a thread (loading the rules, reading the shared files) costs more than it saves. */
export const AUTO_MIN_BYTES = 32 * 1024 * 1024;
/**
 * The same with two cores, where there is one worker: it can at most halve the batches' time, and its start costs as
 * much as with more. Measured on two cores: a 60 MB org was no faster with it (and 40 MB larger), 256 MB of permission
 * sets broke even, 1.5 GB took 60% of the time.
 */
export const AUTO_MIN_BYTES_ONE_WORKER = 256 * 1024 * 1024;
/** Batches a worker holds at once: one it checks, one waiting, so it never idles while the main thread is busy. */
const IN_FLIGHT = 2;

/** How many worker threads to start besides the main thread. */
export function workerCount(
  concurrency: Concurrency,
  batches: number,
  bytes: number,
  cores = os.availableParallelism(),
): number {
  if (concurrency === 'off') return 0;
  if (typeof concurrency === 'number') return Math.max(0, Math.min(concurrency - 1, batches - 1));
  if (cores < 2 || bytes < (cores === 2 ? AUTO_MIN_BYTES_ONE_WORKER : AUTO_MIN_BYTES)) return 0;
  return Math.max(0, Math.min(cores - 1, batches - 1, 7));
}

/**
 * A worker's heap is kept small, so it collects garbage before it grows (peak memory stays bounded with the
 * project's size); a batch that needs more makes the worker fail, and the main thread checks it instead.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

type Reply = { index: number; found?: RuleFindings; error?: string };

/**
 * Every batch's findings, in batch order. Workers start first and are fed at once; `prepare` then reads the shared
 * files on this thread (and checks them), and this thread checks batches too, from the same queue. A worker that
 * fails hands its batches back to this thread, so a run never depends on threads starting.
 */
export async function checkBatches(
  batches: ProjectFile[][],
  shared: { files: ProjectFile[]; prepare: () => Promise<Loaded> },
  active: readonly Rule[],
  settings: RunSettings,
  workers: number,
): Promise<{ found: RuleFindings[]; checkedByWorkers: number }> {
  let checkedByWorkers = 0;
  const results: Array<RuleFindings | undefined> = new Array<RuleFindings | undefined>(batches.length);
  const queue = batches.map((_, i) => i);
  const retry: number[] = [];
  // Resolved by the next reply or failure, when this thread has nothing to check and waits for the workers.
  let wake: (() => void) | undefined;
  const nextEvent = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const woken = (): void => {
    wake?.();
    wake = undefined;
  };
  const pool: Array<{ worker: Worker; inFlight: Set<number>; alive: boolean }> = [];
  const feed = (slot: (typeof pool)[number]): void => {
    while (slot.alive && slot.inFlight.size < IN_FLIGHT && queue.length) {
      const index = queue.shift() as number;
      slot.inFlight.add(index);
      slot.worker.postMessage({ index, files: batches[index] });
    }
  };
  const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  // Loaded only when threads start: a pre-commit run, which starts none, does not pay for the module.
  const { Worker: WorkerThread } = workers > 0 ? await import('node:worker_threads') : { Worker: undefined };
  for (let i = 0; WorkerThread && i < workers; i++) {
    let worker: Worker;
    try {
      worker = new WorkerThread(workerUrl, {
        workerData: { settings, shared: shared.files },
        resourceLimits: WORKER_HEAP,
      });
    } catch {
      break; // the settings cannot be sent to a thread: the main thread checks everything
    }
    const slot = { worker, inFlight: new Set<number>(), alive: true };
    const fail = (): void => {
      if (!slot.alive) return;
      slot.alive = false;
      retry.push(...slot.inFlight);
      slot.inFlight.clear();
      void slot.worker.terminate();
      woken();
    };
    slot.worker.on('message', (reply: Reply) => {
      slot.inFlight.delete(reply.index);
      if (reply.found) {
        results[reply.index] = reply.found;
        checkedByWorkers++;
      } else retry.push(reply.index);
      feed(slot);
      woken();
    });
    slot.worker.on('error', fail);
    slot.worker.on('exit', fail);
    pool.push(slot);
    feed(slot);
  }
  try {
    const loaded = await shared.prepare();
    for (;;) {
      const index = retry.shift() ?? queue.shift();
      if (index !== undefined) {
        // eslint-disable-next-line no-await-in-loop
        results[index] = await checkBatch(batches[index], loaded, active, settings);
      } else if (pool.some((slot) => slot.alive && slot.inFlight.size)) {
        // eslint-disable-next-line no-await-in-loop
        await nextEvent();
        continue;
      } else break;
      // Let the workers' replies in, so they are fed while this thread works.
      // eslint-disable-next-line no-await-in-loop
      await yieldToEvents();
    }
  } finally {
    for (const slot of pool) {
      slot.alive = false;
      void slot.worker.terminate();
    }
  }
  const found = results.map((r, i) => {
    if (!r) throw new Error(`batch ${i} of the lint run was not checked`);
    return r;
  });
  return { found, checkedByWorkers };
}
