/**
 * The shipped model as the replication's `Scorer`: its card's rates for the estimators,
 * scores from src/model/score-tweets.ts, and per-account explanations for the report (the
 * model's occlusion contributions on the account's latest feature row).
 */
import { UserError } from '../ingest/errors.js';
import type { Tweet } from '../ingest/tweet.js';
import type { ClassifierRates, ScoredTweet } from '../estimate/types.js';
import { modelUsesTiming, scoreTweets } from '../model/score-tweets.js';
import { loadModel, type LoadedModel } from '../model/scorer.js';
import { LatestRows } from '../model/latest-rows.js';
import { FEATURES } from '../features/registry.js';
import type { Scorer } from './analyse.js';

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Which of the card's rates correct a share: measured out of domain (each set scored by a
 * network trained without it: for exports unlike the training sets) or in domain (held-out
 * accounts of the training sets themselves).
 */
export type RatesDomain = 'out-of-domain' | 'in-domain';
export const RATES_DOMAINS: readonly RatesDomain[] = ['out-of-domain', 'in-domain'];

/** The card's operating rates as the estimators take them; refuses a card without usable rates. */
export function ratesFromCard(model: Pick<LoadedModel, 'card' | 'dir'>, domain: RatesDomain = 'out-of-domain'): ClassifierRates {
  const chosen = domain === 'in-domain' ? model.card.ratesInDomain : model.card.rates;
  if (chosen === undefined) throw new UserError(`${model.dir}: the model card records no ${domain} rates; use --rates out-of-domain`);
  const r = chosen as unknown as Record<string, unknown>;
  if (!finite(r.threshold) || !finite(r.tpr) || !finite(r.fpr)) {
    throw new UserError(`${model.dir}: the model card has no usable ${domain} operating rates (threshold, tpr, fpr)`);
  }
  const rates: ClassifierRates = {
    threshold: r.threshold,
    tpr: r.tpr,
    fpr: r.fpr,
    source: `model card, ${domain} rates${typeof r.source === 'string' ? `: ${r.source}` : ''}`,
  };
  if (finite(r.meanScoreBot) && finite(r.meanScoreHuman)) {
    rates.meanScoreBot = r.meanScoreBot;
    rates.meanScoreHuman = r.meanScoreHuman;
  }
  if (finite(r.sdScoreBot) && finite(r.sdScoreHuman)) {
    rates.sdScoreBot = r.sdScoreBot;
    rates.sdScoreHuman = r.sdScoreHuman;
  }
  const support = r.support as Record<string, unknown> | undefined;
  if (support !== undefined && finite(support.bots) && finite(support.humans)) {
    rates.support = { bots: support.bots, humans: support.humans };
  } else if (finite(r.bots) && finite(r.humans)) {
    rates.support = { bots: r.bots, humans: r.humans };
  }
  if (Array.isArray(r.curve)) rates.curve = r.curve as ClassifierRates['curve'];
  return rates;
}

export async function loadModelScorer(modelDir: string, domain: RatesDomain = 'out-of-domain'): Promise<Scorer> {
  const model = await loadModel(modelDir);
  return scorerOf(model, domain);
}

/**
 * `rows`: explanation rows to start from (a merged tally's); a `score` pass replaces them.
 */
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
      for await (const s of scoreTweets(tweets, model, { onRow })) {
        const t = s.tweet;
        yield {
          id: t.id,
          userId: t.author.id,
          screenName: t.author.screenName,
          createdAt: t.createdAt,
          hashtags: t.hashtags,
          kind: t.kind,
          score: s.score,
        };
      }
    },
  };
}
