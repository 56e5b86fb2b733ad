import { parentPort, workerData } from 'node:worker_threads';
import { checkBatch, loadShared, type RunSettings } from './batches.js';
import type { Loaded } from './loading.js';
import { RULES } from './rules/index.js';
import type { ProjectFile } from './types.js';

/**
 * A worker thread of `lint --concurrency`: it is sent the shared files first and reads them once, then checks the
 * batches it is sent exactly as the main thread does (same rules, same order, same settings) and posts each batch's
 * findings back. It starts before the run has found its files, so its modules load meanwhile.
 */
type Job = { index: number; files: ProjectFile[] };
const { settings } = workerData as { settings: RunSettings };
const active = RULES.filter((rule) => settings.ruleIds.includes(rule.meta.id));
let shared: Loaded | undefined;

parentPort?.on('message', (message: Job | { shared: ProjectFile[] }) => {
  if ('shared' in message) {
    shared = loadShared(message.shared, settings.config, active);
    return;
  }
  const job = message;
  if (!shared) {
    parentPort?.postMessage({ index: job.index, error: 'the shared files were not sent first' });
    return;
  }
  checkBatch(job.files, shared, active, settings).then(
    (found) => parentPort?.postMessage({ index: job.index, found }),
    (e: Error) => parentPort?.postMessage({ index: job.index, error: e.message }),
  );
});
