/**
 * The estimation side of the replication: exports in, report out. It reads tweets only
 * through ingest (the same path as any user's export) and never receives a ground truth:
 * nothing here takes, imports or opens one, so an estimate cannot lean on the plant.
 */
import { UserError } from '../ingest/errors.js';
import type { FileCounts } from '../ingest/index.js';
import type { Tweet } from '../ingest/tweet.js';
import type { LatestRows } from '../model/latest-rows.js';
import { ShareAccumulator } from '../estimate/accumulator.js';
import type { BootstrapOptions } from '../estimate/bootstrap.js';
import { estimateCorpus, type CorpusEstimate } from '../estimate/estimate-shares.js';
import type { ClassifierRates, ScoredTweet } from '../estimate/types.js';
import type { Reference } from '../report/summary.js';
import { writeReport, type Explanations, type ReportResult } from '../report/write-report.js';
import { ActivityRuleAccumulator, applyActivityRule, type ActivityRuleResult } from './activity-rule.js';
import { studyCorpus, type FilterCounts, type StudyWindow } from './corpus-filter.js';

/** A trained model as the replication uses it. */
export interface Scorer {
  /** Name and version, recorded in every output. */
  model: string;
  /** The model card's rates at its threshold. */
  rates: ClassifierRates;
  explanations?: Explanations;
  /** Scores every tweet of the corpus; `tweets()` starts a fresh pass each time it is called. */
  score(tweets: () => AsyncIterable<Tweet>): AsyncIterable<ScoredTweet>;
  /** What a tally needs of the model: its explanation rows (kept by `score`) and whether it reads timing. */
  tally?: ScorerTallyView;
}

export interface ScorerTallyView {
  /** Feature names of the explanation rows. */
  features: string[];
  /** Whether the model reads timing features (computed over all of an account's tweets). */
  timing: boolean;
  /** Each account's row at its latest tweet, from the last `score` pass. */
  rows: LatestRows;
}

export interface AnalysisOptions {
  hashtags: readonly string[];
  window: StudyWindow;
  /** Published shares, marked beside the estimates. */
  references: Reference[];
  bootstrap?: Partial<BootstrapOptions>;
  force?: boolean;
  png?: boolean;
  onStage?: (stage: string) => void;
}

export interface Analysis {
  report: ReportResult;
  activityRule: ActivityRuleResult;
  filter: FilterCounts;
  files: FileCounts[];
}

export async function analyseStudyCorpus(
  files: readonly string[],
  scorer: Scorer,
  outDir: string,
  options: AnalysisOptions,
): Promise<Analysis> {
  const corpus = studyCorpus(files, options.hashtags, options.window);
  options.onStage?.('reading the tweets and applying the activity rule');
  const rule = new ActivityRuleAccumulator(options.hashtags);
  for await (const t of corpus.tweets()) rule.add(t);
  const filter = corpus.counts();
  const fileCounts = corpus.files();
  if (filter.kept === 0) {
    throw new UserError(
      `none of the ${filter.accepted.toLocaleString('en-US')} tweets read carries ${options.hashtags.map((h) => `#${h}`).join(' or ')} inside ${new Date(options.window.start).toISOString().slice(0, 10)} – ${new Date(options.window.end - 1).toISOString().slice(0, 10)}`,
    );
  }
  const bootstrap = { replicates: 1000, seed: 1, ...options.bootstrap };
  const activityRule = applyActivityRule(rule.activities(), options.hashtags, bootstrap);
  options.onStage?.('scoring the tweets and estimating the shares');
  const report = await writeReport(
    outDir,
    {
      tweets: scorer.score(() => corpus.tweets()),
      rates: scorer.rates,
      model: scorer.model,
      explanations: scorer.explanations,
      references: options.references,
      files: fileCounts.map((f) => ({
        path: f.path,
        format: f.format,
        read: f.read,
        accepted: f.accepted,
        rejected: f.rejected,
        duplicates: f.duplicates,
      })),
    },
    { hashtags: options.hashtags, force: options.force, bootstrap, png: options.png },
  );
  return { report, activityRule, filter, files: fileCounts };
}

/**
 * The bare estimate, without a report: exports in, every method's shares per hashtag out.
 * Used to evaluate the estimators on many ground-truth corpora; like the report path it
 * sees only the files.
 */
export async function estimateFromFiles(
  files: readonly string[],
  scorer: Scorer,
  options: { hashtags: readonly string[]; window: StudyWindow; bootstrap?: Partial<BootstrapOptions> },
): Promise<{ estimate: CorpusEstimate; activityRule: ActivityRuleResult; filter: FilterCounts }> {
  const corpus = studyCorpus(files, options.hashtags, options.window);
  const rule = new ActivityRuleAccumulator(options.hashtags);
  const tap = async function* (): AsyncGenerator<Tweet> {
    for await (const t of corpus.tweets()) {
      rule.add(t);
      yield t;
    }
  };
  let passes = 0;
  const acc = new ShareAccumulator({ threshold: scorer.rates.threshold, hashtags: options.hashtags });
  // The activity rule taps the first pass only: the scorer may read the corpus more than once.
  for await (const t of scorer.score(() => (passes++ === 0 ? tap() : corpus.tweets()))) acc.add(t);
  const bootstrap = { replicates: 1000, seed: 1, ...options.bootstrap };
  return {
    estimate: estimateCorpus(acc, scorer.rates, { bootstrap, hashtags: options.hashtags }),
    activityRule: applyActivityRule(rule.activities(), options.hashtags, bootstrap),
    filter: corpus.counts(),
  };
}
