/**
 * Worker side of `bootstrapInParallel`: runs the bootstrap of each series it is sent, exactly
 * as the main thread would (same function, same seeds), and sends the replicates back.
 */
import { parentPort } from 'node:worker_threads';
import { bootstrapReplicates } from './bootstrap.js';
import { METHODS } from './methods.js';
import type { BootstrapJobMessage, BootstrapResultMessage } from './bootstrap-pool.js';

const port = parentPort;
if (port === null) throw new Error('bootstrap-worker.js runs only as a worker thread');

port.on('message', (job: BootstrapJobMessage) => {
  const replicates = bootstrapReplicates(job.units, job.rates, job.methods.map((name) => METHODS[name]), job.options, job.key);
  const transfer: ArrayBuffer[] = [];
  for (const unit of [replicates.tweets, replicates.accounts]) {
    for (const reps of Object.values(unit)) if (reps !== undefined) transfer.push(reps.buffer as ArrayBuffer);
  }
  const result: BootstrapResultMessage = { index: job.index, replicates };
  port.postMessage(result, transfer);
});
