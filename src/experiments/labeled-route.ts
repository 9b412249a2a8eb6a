/**
 * Evidence for the labeled route end to end: ground-truth corpora drawn from the held-out
 * accounts (as evaluate-estimators draws them), then exactly what a researcher does — `sample`
 * writes sample.csv, an oracle fills the first rows in order from the corpus's truth (the
 * harness's place; the estimator only ever sees the file), and `report --labels`'s analysis
 * gives the model-assisted and labels-only shares. The truth is compared afterwards.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MethodAccuracy } from '../estimate/evidence.js';
import { accumulateFiles } from '../pipeline/analyse.js';
import { summaryOf } from '../pipeline/summary-of.js';
import { readLabelsFile } from '../pipeline/labeled.js';
import { sampleFromFiles } from '../pipeline/sample.js';
import type { Scorer } from '../pipeline/load-scorer.js';
import type { LabeledFigure } from '../report/summary.js';
import type { ActivityModel, PoolAccount, TimeWindow } from '../simulate/types.js';
import { estimatorInputs } from './estimator-inputs.js';
import { EVALUATION_TAG, figureAccuracy, writeEvaluationCorpus } from './evaluate-estimators.js';


export interface LabeledRouteOptions {
  accounts: readonly PoolAccount[];
  activity: ActivityModel;
  scorer: Scorer;
  shares: readonly number[];
  mix: 'italian-first' | 'uniform';
  tweetsPerCorpus: number;
  window: TimeWindow;
  seed: number;
  /**
   * 'study': bots post as the March 2020 criterion says (more than 50 a day); 'human-like':
   * bots post at 0.5–3 tweets on each active day, in humans' hours, with humans' clients and
   * retweet shares — the export's activity then says much less about who is a bot.
   */
  botActivity?: 'study' | 'human-like';
  /** Rows drawn, and how many of them the oracle labels (in order). */
  drawn: number;
  labeled: number;
  workDir: string;
  /**
   * Per corpus, the accounts its bots and humans are drawn from and the scorer of the route
   * (default: `accounts` and `scorer` for every corpus); `unseenSet` names the labeled set the
   * scoring model was trained without, when it was.
   */
  corpusScoring?: (i: number) => Promise<{ accounts: readonly PoolAccount[]; scorer: Scorer; unseenSet?: string }>;
  onCorpus?: (done: number, total: number) => void;
  /**
   * Keep each corpus's filled sample.csv and a truth.json (its accounts' labels, the planted
   * figures, the labeled section of the summary) under this folder, to look into a miss.
   */
  keepDir?: string;
  /**
   * With keepDir: also keep the estimator's inputs (inputs.json, src/experiments/estimator-inputs.ts)
   * to replay a variance offline. Recomputes the export model and its jackknife once more.
   */
  keepInputs?: boolean;
}

export interface LabeledRouteCorpus {
  seed: number;
  planted: { tweets: number; accounts: number };
  figures: Record<'tweets' | 'accounts', Record<'model-assisted' | 'labels-only', { estimate: number; ci95: [number, number]; labeled: number }>>;
  exportModel: string;
  /** The model that scored the corpus in sample and report --labels. */
  scoringModel: string;
  /** The labeled set its bots came from, which the scoring model was trained without. */
  unseenSet?: string;
}

function accuracy(corpora: readonly LabeledRouteCorpus[]): MethodAccuracy[] {
  return (['tweets', 'accounts'] as const).flatMap((unit) =>
    (['model-assisted', 'labels-only'] as const).map((method) => figureAccuracy(method, unit, corpora.map((c) => ({ truth: c.planted[unit], f: c.figures[unit][method] })))),
  );
}

/** The oracle: labels the first `k` rows of sample.csv from the truth, as label.html would write them. */
async function labelFirst(file: string, k: number, truth: ReadonlyMap<string, 'bot' | 'human'>): Promise<void> {
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const out = lines.map((line, i) => {
    if (i === 0 || i > k) return line;
    const cells = line.split(',');
    cells[3] = truth.get(cells[1]) ?? 'unsure';
    return cells.join(',');
  });
  await writeFile(file, `${out.join('\n')}\n`);
}

/** The activity model with bots that post like humans (see `botActivity`). */
export function humanLikeBots(activity: ActivityModel): ActivityModel {
  return {
    ...activity,
    about: `${activity.about} Bots made human-like for an evaluation: 0.5–3 tweets on each active day, humans' hours and behaviour.`,
    bot: {
      activity: { source: 'human-like bots (evaluation design)', minRate: 0.5, maxRate: 3, rateShape: 1 },
      hourWeights: activity.human.hourWeights,
      hourSource: activity.human.hourSource,
      behaviour: activity.human.behaviour,
    },
  };
}

export async function evaluateLabeledRoute(o: LabeledRouteOptions): Promise<{ corpora: LabeledRouteCorpus[]; accuracy: MethodAccuracy[] }> {
  await mkdir(o.workDir, { recursive: true });
  const design = o.botActivity === 'human-like' ? { ...o, activity: humanLikeBots(o.activity) } : o;
  const corpora: LabeledRouteCorpus[] = [];
  try {
    for (let i = 0; i < o.shares.length; i++) {
      const seed = o.seed * 1000 + i;
      const dir = path.join(o.workDir, `corpus-${i}`);
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, 'corpus.jsonl');
      const scoring: { accounts: readonly PoolAccount[]; scorer: Scorer; unseenSet?: string } =
        o.corpusScoring === undefined ? { accounts: o.accounts, scorer: o.scorer } : await o.corpusScoring(i);
      const scorer = scoring.scorer;
      const sim = await writeEvaluationCorpus({ ...design, accounts: scoring.accounts }, i, file);
      await sampleFromFiles([file], scorer, path.join(dir, 'sample'), { n: o.drawn, seed, force: true });
      const sampleCsv = path.join(dir, 'sample', 'sample.csv');
      await labelFirst(sampleCsv, o.labeled, new Map(sim.truth.accounts.map((a) => [a.id, a.label])));
      const { stats } = await accumulateFiles([file], scorer, { hashtags: [EVALUATION_TAG], labels: await readLabelsFile(sampleCsv) });
      const summary = await summaryOf(stats, { hashtags: [EVALUATION_TAG], bootstrap: { replicates: 100, seed } });
      const d = summary.labeled?.hashtags[0];
      if (d === undefined) throw new Error(`corpus ${i}: no labeled estimate`);
      const fig = (f: LabeledFigure) => ({ estimate: f.estimate, ci95: f.ci95, labeled: f.labeled });
      const truth = sim.truth.hashtags[0];
      corpora.push({
        seed,
        planted: { tweets: truth.plantedShare, accounts: truth.plantedAccountShare },
        figures: {
          tweets: { 'model-assisted': fig(d.tweets.model_assisted), 'labels-only': fig(d.tweets.labels_only) },
          accounts: { 'model-assisted': fig(d.accounts.model_assisted), 'labels-only': fig(d.accounts.labels_only) },
        },
        exportModel: summary.labeled?.export_model.method ?? 'none',
        scoringModel: scorer.model,
        ...(scoring.unseenSet === undefined ? {} : { unseenSet: scoring.unseenSet }),
      });
      if (o.keepDir !== undefined) {
        const keep = path.join(o.keepDir, `seed-${seed}-${o.mix}`);
        await mkdir(keep, { recursive: true });
        await writeFile(path.join(keep, 'sample.csv'), await readFile(sampleCsv));
        await writeFile(path.join(keep, 'truth.json'), JSON.stringify({ truth: sim.truth.accounts, hashtag: truth, labeled: summary.labeled }));
        if (o.keepInputs === true) {
          const inputs = await estimatorInputs(stats, EVALUATION_TAG, new Map(sim.truth.accounts.map((a) => [a.id, a.label])));
          await writeFile(path.join(keep, 'inputs.json'), JSON.stringify({ planted: { tweets: truth.plantedShare, accounts: truth.plantedAccountShare }, ...inputs }));
        }
      }
      await rm(dir, { recursive: true, force: true });
      o.onCorpus?.(i + 1, o.shares.length);
    }
  } finally {
    await rm(o.workDir, { recursive: true, force: true });
  }
  return { corpora, accuracy: accuracy(corpora) };
}
