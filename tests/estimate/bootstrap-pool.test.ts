/**
 * The series' bootstraps in worker threads give exactly the replicates of the main thread.
 * The worker runs compiled (Node cannot start a TypeScript worker), so this uses dist/ as
 * built by `npm test`; without a build it is skipped, except under CI=true.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accountUnits, bootstrapReplicates, type AccountUnits } from '../../src/estimate/bootstrap.js';
import { bootstrapInParallel } from '../../src/estimate/bootstrap-pool.js';
import { METHODS } from '../../src/estimate/methods.js';
import type { ClassifierRates } from '../../src/model/rates.js';
import type { MethodName } from '../../src/estimate/types.js';
import { createRandom } from '../../src/util/random.js';
import { distFile, describeWhenBuilt } from '../helpers/shared.js';

const WORKER = pathToFileURL(distFile('estimate', 'bootstrap-worker.js'));
const describeBuilt = describeWhenBuilt([fileURLToPath(WORKER)], 'bootstrap-pool test');

function units(k: number, seed: number): AccountUnits {
  const rng = createRandom(seed);
  const tweets = new Float64Array(k);
  const scoreSum = new Float64Array(k);
  const above = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    tweets[i] = 1 + rng.int(20);
    for (let j = 0; j < tweets[i]; j++) {
      const s = rng.uniform();
      scoreSum[i] += s;
      above[i] += s >= 0.5 ? 1 : 0;
    }
  }
  return accountUnits({ account: new Int32Array(k), tweets, scoreSum, above }, 0.5);
}

const rates: ClassifierRates = {
  threshold: 0.5, tpr: 0.8, fpr: 0.15, meanScoreBot: 0.75, meanScoreHuman: 0.25, sdScoreBot: 0.1, sdScoreHuman: 0.1,
  support: { bots: 500, humans: 800 }, source: 'test',
};
const methods: MethodName[] = ['cc', 'pcc', 'acc', 'pacc'];

describeBuilt('bootstrapInParallel', () => {
  it('gives, series by series, the replicates of bootstrapReplicates (Poisson and classic draws)', async () => {
    const jobs = [
      { units: units(6000, 1), key: '' },
      { units: units(300, 2), key: '#small' },
      { units: units(9001, 3), key: '#odd' },
    ].map((j) => ({ accounts: j.units.tweets.length, units: () => j.units, key: j.key, rates, methods, options: { replicates: 200, seed: 7 } }));
    const parallel = await bootstrapInParallel(jobs, { threads: 2, parallelFrom: 0, workerUrl: WORKER });
    jobs.forEach((job, i) => {
      const here = bootstrapReplicates(job.units(), rates, methods.map((m) => METHODS[m]), job.options, job.key);
      for (const unit of ['tweets', 'accounts'] as const) {
        for (const m of methods) {
          expect(parallel[i][unit][m]).toEqual(here[unit][m]);
          expect(parallel[i][unit][m]?.length).toBe(200);
        }
      }
    });
  });

  it('fails the run when a worker fails: one failure rule, no silent rerun on the main thread (so the test above ran on workers)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-pool-'));
    const failing = path.join(dir, 'failing-worker.mjs');
    writeFileSync(failing, "throw new Error('this worker fails at start-up');\n");
    try {
      const job = { accounts: 500, units: () => units(500, 4), rates, methods, options: { replicates: 50, seed: 3 } };
      const jobs = [{ ...job, key: '#x' }, { ...job, key: '#y' }];
      await expect(bootstrapInParallel(jobs, { threads: 2, parallelFrom: 0, workerUrl: pathToFileURL(failing) })).rejects.toThrow(/fails at start-up/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
