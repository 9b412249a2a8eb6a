/**
 * How many labels the replication's labeled route needs: on the bundled reconstruction, for each
 * sample size and sample seed, the route `replicate` takes (`sample --hashtags` the two study
 * hashtags, the SIMULATED labeler fills the label column from truth.json, the study's analysis
 * with those labels), then the model-assisted share of tweets per study hashtag against the
 * planted share. The truth meets the estimates only after the analysis, as in `replicate`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeHashtag } from '../ingest/tweet.js';
import { readLabelsFile } from '../pipeline/labeled.js';
import type { Scorer } from '../pipeline/load-scorer.js';
import { sampleFromFiles } from '../pipeline/sample.js';
import { analyseStudyCorpus } from '../replicate/analyse-study.js';
import { STUDY_HASHTAGS, STUDY_WINDOW } from '../replicate/replicate.js';
import { labelFromTruth } from '../replicate/simulated-labeler.js';
import type { GroundTruth } from '../simulate/types.js';
import { parseJsonData } from '../util/json.js';

export interface ReplicationSizesOptions {
  corpus: string;
  truth: string;
  scorer: Scorer;
  sizes: readonly number[];
  seeds: readonly number[];
  /** The half-width (in points) the replication aims at. */
  targetPoints: number;
  command: string;
  onRun?: (labels: number, seed: number) => void;
}

export interface ReplicationSizeRow {
  labels: number;
  sample_seed: number;
  hashtags: { hashtag: string; planted: number; estimate: number; ci95: [number, number]; half_width_points: number; covered: boolean }[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** One size and seed: draw, label from the truth, analyse, compare. */
async function runOne(o: ReplicationSizesOptions, truth: GroundTruth, labels: number, seed: number): Promise<ReplicationSizeRow> {
  const dir = await mkdtemp(path.join(tmpdir(), 'botshare-replication-sizes-'));
  try {
    const hashtags = STUDY_HASHTAGS.map(normalizeHashtag);
    await sampleFromFiles([o.corpus], o.scorer, dir, { n: labels, seed, hashtags });
    const file = path.join(dir, 'sample.csv');
    await labelFromTruth(file, truth);
    const analysis = await analyseStudyCorpus([o.corpus], o.scorer, {
      labels: await readLabelsFile(file),
      hashtags: STUDY_HASHTAGS,
      window: STUDY_WINDOW,
      references: [],
      // The labeled figure's interval is the jackknife's; the bootstrap serves the no-label methods only.
      bootstrap: { replicates: 50 },
    });
    const rows = hashtags.map((hashtag) => {
      const domain = analysis.summary.labeled?.hashtags.find((d) => d.hashtag === hashtag);
      const planted = truth.hashtags.find((h) => normalizeHashtag(h.tag) === hashtag);
      if (domain === undefined || planted === undefined) throw new Error(`no labeled estimate or planted share for #${hashtag}`);
      const ma = domain.tweets.model_assisted;
      const ci95: [number, number] = [ma.ci95[0], ma.ci95[1]];
      return {
        hashtag,
        planted: planted.plantedShare,
        estimate: ma.estimate,
        ci95,
        half_width_points: round2(50 * (ci95[1] - ci95[0])),
        covered: ci95[0] <= planted.plantedShare && planted.plantedShare <= ci95[1],
      };
    });
    return { labels, sample_seed: seed, hashtags: rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runReplicationSizes(o: ReplicationSizesOptions): Promise<object> {
  const truth = parseJsonData(await readFile(o.truth, 'utf8')) as GroundTruth;
  const runs: ReplicationSizeRow[] = [];
  for (const labels of o.sizes) {
    for (const seed of o.seeds) {
      o.onRun?.(labels, seed);
      runs.push(await runOne(o, truth, labels, seed));
    }
  }
  const bySize = o.sizes.map((labels) => {
    const cells = runs.filter((r) => r.labels === labels).flatMap((r) => r.hashtags);
    return {
      labels,
      covered: `${cells.filter((c) => c.covered).length}/${cells.length}`,
      max_half_width_points: Math.max(...cells.map((c) => c.half_width_points)),
      mean_half_width_points: round2(cells.reduce((s, c) => s + c.half_width_points, 0) / cells.length),
      meets_target: cells.every((c) => c.covered && c.half_width_points <= o.targetPoints),
    };
  });
  return {
    what: "the replication's labeled route on the bundled reconstruction: model-assisted share of tweets per study hashtag against the planted share, by sample size and sample seed (labels by the SIMULATED labeler copying truth.json into every drawn row)",
    command: o.command,
    target: `both planted shares inside their 95% intervals, half-width at most ${o.targetPoints} points, on every seed`,
    by_size: bySize,
    runs,
  };
}
