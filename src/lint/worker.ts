import { parentPort, workerData } from 'node:worker_threads';
import { checkBatch, loadShared, type RunSettings } from './batches.js';
import { RULES } from './rules/index.js';
import type { ProjectFile } from './types.js';

/**
 * A worker thread of `lint --concurrency`: it reads the shared files once, then checks the batches it is sent
 * exactly as the main thread does (same rules, same order, same settings) and posts each batch's findings back.
 */
type Job = { index: number; files: ProjectFile[] };
const { settings, shared: sharedFiles } = workerData as { settings: RunSettings; shared: ProjectFile[] };
const active = RULES.filter((rule) => settings.ruleIds.includes(rule.meta.id));
const shared = loadShared(sharedFiles, settings.config, active);

parentPort?.on('message', (job: Job) => {
  checkBatch(job.files, shared, active, settings).then(
    (found) => parentPort?.postMessage({ index: job.index, found }),
    (e: Error) => parentPort?.postMessage({ index: job.index, error: e.message }),
  );
});
