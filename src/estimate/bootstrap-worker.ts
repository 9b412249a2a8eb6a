/**
 * Worker side of `bootstrapInParallel`: runs the bootstrap of the series it is sent, exactly
 * as the main thread would (same function, same seeds), and sends the replicates back.
 */
import { parentPort } from 'node:worker_threads';
import { bootstrapReplicates } from './bootstrap.js';
import { METHODS } from './methods.js';
import type { BootstrapJobMessage, BootstrapResultMessage } from './bootstrap-pool.js';

const port = parentPort;
if (port === null) throw new Error('bootstrap-worker.js runs only as a worker thread');

port.on('message', (jobs: BootstrapJobMessage[]) => {
  const results: BootstrapResultMessage[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const job of jobs) {
    const methods = job.methods.map((name) => METHODS[name]);
    const replicates = bootstrapReplicates(job.units, job.rates, methods, job.options, job.key);
    results.push({ index: job.index, replicates });
    for (const unit of [replicates.tweets, replicates.accounts]) {
      for (const reps of Object.values(unit)) if (reps !== undefined) transfer.push(reps.buffer as ArrayBuffer);
    }
  }
  port.postMessage(results, transfer);
});
