/**
 * Scored tweets in, a Summary out: one pass aggregates them (and feeds scores.csv as they go
 * by), then every method estimates each hashtag's shares, the most active accounts get the
 * model's explanations, and identities are pseudonymised if asked. Writes nothing itself.
 */
import { ShareAccumulator } from '../estimate/accumulator.js';
import { DEFAULT_BOOTSTRAP, type BootstrapOptions } from '../estimate/bootstrap.js';
import { evidenceDigest, methodReason, type EstimatorEvidence } from '../estimate/evidence.js';
import { estimateCorpusInParallel } from '../estimate/estimate-shares.js';
import type { MethodName, ScoredTweet } from '../estimate/types.js';
import type { ClassifierRates } from '../model/rates.js';
import type { FeatureContribution } from '../model/scorer.js';
import { pseudonymizeSummary, type Pseudonymizer } from '../report/pseudonymize.js';
import type { ScoresCsv } from '../report/scores-csv.js';
import { buildSummary, type InputFileCount, type Reference, type Summary, type TopAccount } from '../report/summary.js';
import { UserError } from '../util/errors.js';
import { VERSION } from '../version.js';
import type { Explanations } from './load-scorer.js';
import type { TimeWindow } from '../util/time.js';

export interface SummaryInput {
  /** The scored tweets, streamed once. Give either these or `accumulator`. */
  tweets?: Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>;
  /** Tweets already aggregated (then scores.csv cannot be written). */
  accumulator?: ShareAccumulator;
  /** The model card's rates at its threshold. */
  rates: ClassifierRates;
  /** The model's name/version, recorded in the outputs. */
  model: string;
  explanations?: Explanations;
  /** Published shares of tweets to mark beside the estimates. */
  references?: Reference[];
  /** Per-file counts from ingestion; a function when they are known only once the tweets have streamed by. */
  files?: InputFileCount[] | (() => InputFileCount[]);
}

export interface SummaryOptions {
  /** Report these hashtags (case-insensitive); default: the most tweeted ones. */
  hashtags?: readonly string[];
  /** Without `hashtags`: how many of the most tweeted to report (default 12). */
  maxHashtags?: number;
  /** The headline method of both units; default: each unit's, chosen by evidence. */
  method?: MethodName;
  /** Why the headline method (default: the recorded evidence). */
  methodReason?: string;
  bootstrap?: Partial<BootstrapOptions>;
  /** Replace ids and screen names by salted hashes in the summary. */
  pseudonymizer?: Pseudonymizer;
  /** How many of the most active accounts to show (default 20). */
  topAccounts?: number;
  /** Fed every scored tweet as it passes (needs `tweets`). */
  scoresCsv?: ScoresCsv;
  /** The evidence behind the default methods (the CLI passes the file shipped in datasets/evidence/). */
  evidence?: EstimatorEvidence | null;
  /** The time window the tweets were kept in (--since/--until), recorded in the summary. */
  window?: TimeWindow;
}

const TOP_FEATURES = 8;

/** The input held no readable tweet: nothing is written. */
export class NoTweetsError extends UserError {
  constructor(message = 'no tweets to report: the input held no readable tweet') {
    super(message);
  }
}

async function explain(explanations: Explanations | undefined, userId: string): Promise<FeatureContribution[]> {
  if (explanations === undefined) return [];
  const found = typeof explanations === 'function' ? await explanations(userId) : explanations.get(userId);
  if (found === undefined) return [];
  return [...found]
    .filter((f) => Number.isFinite(f.contribution))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, TOP_FEATURES)
    .map((f) => ({ feature: f.feature, contribution: f.contribution }));
}

/** The evidence for a unit's default, or, when the user chose the method, that and the evidence. */
function reasonFor(chosen: MethodName | undefined, evidence: string): string {
  return chosen === undefined ? evidence : `chosen by the user (--method ${chosen}). The evidence behind the default: ${evidence}`;
}

type AggregateOptions = { threshold: number; hashtags?: readonly string[]; scoresCsv?: ScoresCsv };

/** Aggregates the scored tweets (one pass), feeding `scoresCsv` as they go by. */
export async function aggregate(tweets: Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>, options: AggregateOptions): Promise<ShareAccumulator> {
  return aggregateWith(options, async (acc, csv) => {
    for await (const t of tweets) {
      acc.add(t);
      if (csv !== undefined) await csv.add(t);
    }
  });
}

/** `aggregate` of scored tweets that come in arrays (`Scorer.scoreBatches`). */
export async function aggregateBatches(batches: AsyncIterable<readonly ScoredTweet[]>, options: AggregateOptions): Promise<ShareAccumulator> {
  return aggregateWith(options, async (acc, csv) => {
    for await (const batch of batches) {
      for (const t of batch) acc.add(t);
      if (csv !== undefined) for (const t of batch) await csv.add(t);
    }
  });
}

async function aggregateWith(options: AggregateOptions, fold: (acc: ShareAccumulator, csv: ScoresCsv | undefined) => Promise<void>): Promise<ShareAccumulator> {
  const acc = new ShareAccumulator({ threshold: options.threshold, hashtags: options.hashtags });
  const csv = options.scoresCsv;
  try {
    await fold(acc, csv);
    if (acc.tweets === 0) throw new NoTweetsError();
    await csv?.commit();
  } catch (err) {
    await csv?.abort();
    throw err;
  }
  return acc;
}

export async function summarise(input: SummaryInput, options: SummaryOptions = {}): Promise<Summary> {
  if ((input.tweets === undefined) === (input.accumulator === undefined)) {
    throw new RangeError('summarise needs either `tweets` or `accumulator`, not both');
  }
  if (options.scoresCsv !== undefined && input.tweets === undefined) {
    throw new RangeError('scores.csv needs the tweets themselves, not an accumulator');
  }
  // Accounts in id order: the figures (the bootstrap draws rows by index) then do not depend
  // on the reading order, and one pass equals merged shard tallies. No name holds the
  // reading-order accumulator, so it is garbage once copied.
  const acc = (
    input.accumulator ??
    (await aggregate(input.tweets as Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>, {
      threshold: input.rates.threshold,
      hashtags: options.hashtags,
      scoresCsv: options.scoresCsv,
    }))
  ).canonical();

  const bootstrap: BootstrapOptions = { ...DEFAULT_BOOTSTRAP, ...options.bootstrap };
  const estimate = await estimateCorpusInParallel(acc, input.rates, {
    bootstrap,
    method: options.method,
    hashtags: options.hashtags,
    maxHashtags: options.maxHashtags ?? 12,
  });
  const topAccounts: TopAccount[] = [];
  for (const a of acc.topAccounts(options.topAccounts ?? 20)) {
    topAccounts.push({
      user_id: a.userId,
      screen_name: a.screenName ?? null,
      tweets: a.tweets,
      score: a.score,
      top_features: await explain(input.explanations, a.userId),
    });
  }
  const evidence = options.evidence ?? null;
  const noEvidence = 'no evaluation of the default methods was given (the command line passes datasets/evidence/estimators.json)';
  const summary = buildSummary(estimate, {
    version: VERSION,
    model: input.model,
    rates: input.rates,
    methodReason: options.methodReason ?? reasonFor(options.method, evidence === null ? noEvidence : methodReason(evidence, 'tweets')),
    methodReasonAccounts: options.methodReason ?? reasonFor(options.method, evidence === null ? noEvidence : methodReason(evidence, 'accounts')),
    evidence: evidence === null ? null : evidenceDigest(evidence),
    hashtagsTracked: acc.hashtags().length,
    tweets: acc.tweets,
    accounts: acc.accounts,
    files: typeof input.files === 'function' ? input.files() : input.files,
    topAccounts,
    references: input.references,
    window: options.window,
  });
  return options.pseudonymizer === undefined ? summary : pseudonymizeSummary(summary, options.pseudonymizer);
}
