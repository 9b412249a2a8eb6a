/**
 * The series' bootstraps in worker threads give exactly the replicates of the main thread,
 * and two threads made them. The pool starts its compiled worker beside it (Node cannot start
 * a TypeScript worker), so this runs the pool from dist/ as built by `npm test`; without a
 * build it is skipped, except under CI=true.
 */
import { expect, it } from 'vitest';
import { accountUnits, bootstrapReplicates, type AccountUnits } from '../../src/estimate/bootstrap.js';
import { METHODS } from '../../src/estimate/methods.js';
import type { ClassifierRates } from '../../src/model/rates.js';
import type { MethodName } from '../../src/estimate/types.js';
import { createRandom } from '../../src/util/random.js';
import { distFile, describeWhenBuilt, fromDist } from '../helpers/shared.js';

const describeBuilt = describeWhenBuilt([distFile('estimate', 'bootstrap-worker.js')], 'bootstrap-pool test');
const compiled = (): Promise<typeof import('../../src/estimate/bootstrap-pool.js')> => fromDist('estimate', 'bootstrap-pool.js');

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
  it('gives, series by series, the replicates of bootstrapReplicates (Poisson and classic draws), made on two threads', async () => {
    const { bootstrapInParallel, PARALLEL_FROM } = await compiled();
    const series = [
      { units: units(6000, 1), key: '' },
      { units: units(300, 2), key: '#small' },
      { units: units(9001, 3), key: '#odd' },
    ];
    // Just enough replicates for the work to go to workers.
    const replicates = Math.ceil(PARALLEL_FROM / series.reduce((n, j) => n + j.units.tweets.length, 0));
    const jobs = series.map((j) => ({ accounts: j.units.tweets.length, units: () => j.units, key: j.key, rates, methods, options: { replicates, seed: 7 } }));
    const { replicates: parallel, threads } = await bootstrapInParallel(jobs, { threads: 2 });
    expect(threads).toBe(2);
    jobs.forEach((job, i) => {
      const here = bootstrapReplicates(job.units(), rates, methods.map((m) => METHODS[m]), job.options, job.key);
      for (const unit of ['tweets', 'accounts'] as const) {
        for (const m of methods) {
          expect(parallel[i][unit][m]).toEqual(here[unit][m]);
          expect(parallel[i][unit][m]?.length).toBe(replicates);
        }
      }
    });
  });

  it('fails the run when a worker fails: one failure rule, no rerun on the main thread', async () => {
    const { bootstrapInParallel, PARALLEL_FROM } = await compiled();
    const big = units(10_000, 4);
    // A method the worker does not know: its job throws there, and the run fails with it.
    const job = { accounts: 10_000, units: () => big, rates, methods: ['none' as MethodName], options: { replicates: Math.ceil(PARALLEL_FROM / 20_000), seed: 3 } };
    await expect(bootstrapInParallel([{ ...job, key: '#x' }, { ...job, key: '#y' }], { threads: 2 })).rejects.toThrow(/undefined/);
  });

  it('runs on the main thread, saying so (0 threads), when the work is small', async () => {
    const { bootstrapInParallel } = await compiled();
    const job = { accounts: 500, units: () => units(500, 5), rates, methods, options: { replicates: 50, seed: 3 } };
    const { replicates, threads } = await bootstrapInParallel([{ ...job, key: '#x' }, { ...job, key: '#y' }], { threads: 2 });
    expect(threads).toBe(0);
    expect(replicates[1].tweets.cc).toEqual(bootstrapReplicates(job.units(), rates, methods.map((m) => METHODS[m]), job.options, '#y').tweets.cc);
  });
});
