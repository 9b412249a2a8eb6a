/**
 * A trained model as the pipeline uses it (`Scorer`): its card's rates for the estimators,
 * scores from src/model/score-tweets.ts, and per-account explanations for the report (the
 * model's occlusion contributions on the account's latest feature row).
 */
import type { Tweet } from '../ingest/tweet.js';
import type { ClassifierRates } from '../model/rates.js';
import { ratesFromCard, type RatesDomain } from '../model/card-rates.js';
import type { FeatureContribution } from '../model/scorer.js';
import type { ScoredTweet } from '../estimate/types.js';
import { modelUsesTiming, scoreTweetBatches, scoreTweets } from '../model/score-tweets.js';
import { loadModel, type LoadedModel } from '../model/scorer.js';
import { LatestRows } from '../model/latest-rows.js';
import { FEATURES } from '../features/registry.js';

/** Per-account explanations from the model, by user id: `{feature, contribution}[]`. */
export type Explanations =
  | ReadonlyMap<string, readonly FeatureContribution[]>
  | ((userId: string) => readonly FeatureContribution[] | undefined | Promise<readonly FeatureContribution[] | undefined>);

/** A trained model as the pipeline uses it. */
export interface Scorer {
  /** Name and version, recorded in every output. */
  model: string;
  /** The model card's rates at its threshold. */
  rates: ClassifierRates;
  explanations?: Explanations;
  /** Scores every tweet of the corpus; `tweets()` starts a fresh pass each time it is called. */
  score(tweets: () => AsyncIterable<Tweet>): AsyncIterable<ScoredTweet>;
  /** The same in arrays, in and out (`batches()` starts a fresh pass): no async step a tweet. */
  scoreBatches(batches: () => AsyncIterable<readonly Tweet[]>): AsyncIterable<readonly ScoredTweet[]>;
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

function scoredTweet(t: Tweet, score: number): ScoredTweet {
  return { id: t.id, userId: t.author.id, screenName: t.author.screenName, createdAt: t.createdAt, hashtags: t.hashtags, kind: t.kind, score };
}

export async function loadModelScorer(modelDir: string, domain: RatesDomain = 'out-of-domain'): Promise<Scorer> {
  const model = await loadModel(modelDir);
  return scorerOf(model, domain);
}

/** `rows`: explanation rows to start from (a merged tally's); a `score` pass replaces them. */
export function scorerOf(model: LoadedModel, domain: RatesDomain = 'out-of-domain', rows?: LatestRows): Scorer {
  const rates = ratesFromCard(model, domain);
  // For the report's explanations: each account's feature row at its latest tweet, as the
  // scorer built it (account features, and timing when the model reads it). A compact
  // float32 row per account, packed, not the tweet or its author: memory grows with accounts only.
  const latest = rows ?? new LatestRows(FEATURES.length);
  const rowOf = (userId: string): Float64Array | undefined => latest.get(userId);
  return {
    model: model.id,
    rates,
    tally: { features: FEATURES.map((f) => f.name), timing: modelUsesTiming(model), rows: latest },
    explanations: async (userId: string) => {
      const row = rowOf(userId);
      if (row === undefined) return undefined;
      const [contributions] = await model.explain([row], 8);
      return contributions.map((c) => ({ feature: c.feature, contribution: c.contribution }));
    },
    async *score(tweets: () => AsyncIterable<Tweet>): AsyncGenerator<ScoredTweet> {
      latest.clear();
      const onRow = (t: Tweet, row: Float64Array): void => latest.offer(t.author.id, t.createdAt, row);
      for await (const s of scoreTweets(tweets, model, { onRow })) yield scoredTweet(s.tweet, s.score);
    },
    async *scoreBatches(batches: () => AsyncIterable<readonly Tweet[]>): AsyncGenerator<readonly ScoredTweet[]> {
      latest.clear();
      const onRow = (t: Tweet, row: Float64Array): void => latest.offer(t.author.id, t.createdAt, row);
      // Only what the aggregates read outlives the building of a tweet's row (its score comes later).
      const keep = (t: Tweet): ScoredTweet => scoredTweet(t, Number.NaN);
      for await (const { tweets, scores } of scoreTweetBatches(batches, model, { onRow }, keep)) {
        for (let i = 0; i < tweets.length; i++) tweets[i].score = scores[i];
        yield tweets;
      }
    },
  };
}
