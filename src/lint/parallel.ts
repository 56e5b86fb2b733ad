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

/** A worker thread and the batches it holds; what happens on a reply or a failure is set by the run that feeds it. */
class Slot {
  public alive = true;
  public readonly inFlight = new Set<number>();
  public onReply?: (reply: Reply) => void;
  public onFail?: () => void;

  public constructor(public readonly worker: Worker) {
    // Listened to from the start: a thread that fails while loading must not become an unhandled 'error'.
    worker.on('message', (reply: Reply) => this.onReply?.(reply));
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
  }

  public fail(): void {
    if (!this.alive) return;
    this.alive = false;
    this.onFail?.();
    void this.worker.terminate();
  }

  public stop(): void {
    this.alive = false;
    void this.worker.terminate();
  }
}

/**
 * Worker threads for a run. A thread spends a tenth of a second or more loading the rules before it can check
 * anything, so a run that knows it wants threads (an explicit --concurrency) starts them before it looks for files,
 * and the loading overlaps discovery. They are sent the shared files, then batches.
 */
export class WorkerThreads {
  private constructor(public readonly slots: Slot[]) {}

  public static async start(count: number, settings: RunSettings): Promise<WorkerThreads> {
    const slots: Slot[] = [];
    if (count <= 0) return new WorkerThreads(slots);
    // Loaded only when threads start: a pre-commit run, which starts none, does not pay for the module.
    const { Worker: WorkerThread } = await import('node:worker_threads');
    const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
    for (let i = 0; i < count; i++) {
      try {
        slots.push(new Slot(new WorkerThread(workerUrl, { workerData: { settings }, resourceLimits: WORKER_HEAP })));
      } catch {
        break; // the settings cannot be sent to a thread: the main thread checks everything
      }
    }
    return new WorkerThreads(slots);
  }

  /** Keeps the first `count` threads and stops the others (a run with fewer batches than threads). */
  public keep(count: number): void {
    for (const slot of this.slots.splice(Math.max(0, count))) slot.stop();
  }

  public close(): void {
    for (const slot of this.slots) slot.stop();
  }
}

/**
 * Every batch's findings, in batch order. The threads are sent the shared files and fed at once; `prepare` then
 * reads the shared files on this thread (and checks them), and this thread checks batches too, from the same queue.
 * A worker that fails hands its batches back to this thread, so a run never depends on threads starting.
 */
export async function checkBatches(
  batches: ProjectFile[][],
  shared: { files: ProjectFile[]; prepare: () => Promise<Loaded> },
  active: readonly Rule[],
  settings: RunSettings,
  threads: WorkerThreads | undefined,
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
  const pool = (threads?.slots ?? []).filter((slot) => slot.alive);
  const feed = (slot: Slot): void => {
    while (slot.alive && slot.inFlight.size < IN_FLIGHT && queue.length) {
      // Workers take from the end of the queue and this thread from its start: batches are in path order, so each
      // thread keeps to a few types (Apex classes, flows; fields, profiles) and warms up the code of those only.
      const index = queue.pop() as number;
      slot.inFlight.add(index);
      slot.worker.postMessage({ index, files: batches[index] });
    }
  };
  for (const slot of pool) {
    slot.onFail = (): void => {
      retry.push(...slot.inFlight);
      slot.inFlight.clear();
      woken();
    };
    slot.onReply = (reply): void => {
      slot.inFlight.delete(reply.index);
      if (reply.found) {
        results[reply.index] = reply.found;
        checkedByWorkers++;
      } else retry.push(reply.index);
      feed(slot);
      woken();
    };
    slot.worker.postMessage({ shared: shared.files });
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
    threads?.close();
  }
  const found = results.map((r, i) => {
    if (!r) throw new Error(`batch ${i} of the lint run was not checked`);
    return r;
  });
  return { found, checkedByWorkers };
}
