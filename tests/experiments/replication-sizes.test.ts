import { describe, expect, it } from 'vitest';
import { loadModelScorer } from '../../src/pipeline/load-scorer.js';
import { runReplicationSizes, type ReplicationSizeRow } from '../../src/experiments/replication-sizes.js';
import { BUNDLED_RECONSTRUCTION, DEFAULT_MODEL_DIR } from '../../src/util/paths.js';

interface SizesEvidence {
  command: string;
  by_size: { labels: number; covered: string; max_half_width_points: number; meets_target: boolean }[];
  runs: ReplicationSizeRow[];
}

describe('replication-sizes harness (small version: two sizes, one seed, on the bundled reconstruction)', () => {
  it('draws, labels from the truth and estimates as replicate does: every plant covered, intervals narrowing with labels', async () => {
    const evidence = (await runReplicationSizes({
      corpus: BUNDLED_RECONSTRUCTION.corpus,
      truth: BUNDLED_RECONSTRUCTION.truth,
      scorer: await loadModelScorer(DEFAULT_MODEL_DIR),
      sizes: [60, 150],
      seeds: [1],
      targetPoints: 3,
      command: 'test',
    })) as SizesEvidence;
    expect(evidence.command).toBe('test');
    expect(evidence.runs.map((r) => r.labels)).toEqual([60, 150]);
    for (const run of evidence.runs) {
      expect(run.hashtags.map((h) => h.hashtag)).toEqual(['forzacinaeitalia', 'graziecina']);
      for (const h of run.hashtags) {
        expect(h.covered, `${run.labels} labels, #${h.hashtag}`).toBe(true);
        expect(h.estimate).toBeGreaterThanOrEqual(h.ci95[0]);
        expect(h.estimate).toBeLessThanOrEqual(h.ci95[1]);
      }
    }
    const width = (labels: number, tag: string): number => evidence.runs.find((r) => r.labels === labels)?.hashtags.find((h) => h.hashtag === tag)?.half_width_points ?? Number.NaN;
    for (const tag of ['forzacinaeitalia', 'graziecina']) expect(width(150, tag)).toBeLessThan(width(60, tag));
    const at150 = evidence.by_size.find((b) => b.labels === 150);
    expect(at150?.covered).toBe('2/2');
    expect(at150?.meets_target).toBe(at150 !== undefined && at150.max_half_width_points <= 3);
  }, 120_000);
});
