import type { Pseudonymizer } from '../../src/report/pseudonymize.js';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { beta, geometric1 } from '../../src/estimate/distributions.js';
import { estimateCorpus } from '../../src/estimate/estimate-shares.js';
import { buildSummary, type Summary } from '../../src/report/summary.js';
import type { ClassifierRates } from '../../src/model/rates.js';
import type { FeatureContribution } from '../../src/model/scorer.js';
import type { ScoredTweet } from '../../src/estimate/types.js';
import { createRandom } from '../../src/util/random.js';

/** Hostile screen names: each must show as text and never run. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '"><svg onload=alert(3)>',
  '=HYPERLINK("http://evil.example","x")',
];

export const RATES: ClassifierRates = {
  threshold: 0.5,
  tpr: 0.89,
  fpr: 0.11,
  source: 'synthetic validation: 1500 bots, 7000 humans',
  meanScoreBot: 5 / 7,
  meanScoreHuman: 2 / 7,
  sdScoreBot: 0.16,
  sdScoreHuman: 0.16,
  support: { bots: 1500, humans: 7000 },
};

export interface Corpus {
  tweets: ScoredTweet[];
  /** True bot share of tweets per hashtag (for checks only; the report never sees it). */
  truth: Record<string, number>;
  explanations: Map<string, FeatureContribution[]>;
}

/**
 * A small corpus over 13 days in March 2020: two hashtags with different bot shares plus
 * one hostile hashtag; the four most active accounts have hostile screen names.
 */
export function syntheticCorpus(seed = 1, accounts = 600): Corpus {
  const rng = createRandom(seed);
  const tags: [string, number][] = [
    ['forzacinaeitalia', 0.45],
    ['graziecina', 0.25],
    ['<b>bold</b>', 0.1],
  ];
  const tweets: ScoredTweet[] = [];
  const botTweets: Record<string, number> = {};
  const allTweets: Record<string, number> = {};
  const explanations = new Map<string, FeatureContribution[]>();
  const start = Date.UTC(2020, 2, 11);
  let id = 0;
  for (let a = 0; a < accounts; a++) {
    const [tag, share] = tags[a % tags.length];
    const bot = rng.uniform() < share / (share + (1 - share) * 4) ? true : false;
    const latent = bot ? beta(rng, 5, 2) : beta(rng, 2, 5);
    const n = a < HOSTILE.length ? 60 - a : geometric1(rng, bot ? 16 : 4);
    const userId = String(1000 + a);
    const screenName = a < HOSTILE.length ? HOSTILE[a] : `user${a}`;
    explanations.set(userId, [
      { feature: 'statuses_per_day', contribution: bot ? 0.3 : -0.2 },
      { feature: 'default_profile_image', contribution: 0.05 },
      { feature: 'followers_friends_ratio', contribution: bot ? 0.1 : -0.15 },
    ]);
    for (let t = 0; t < n; t++) {
      const score = Math.min(1, Math.max(0, latent + (rng.uniform() - 0.5) * 0.04));
      const hashtags = t % 5 === 0 && tag !== 'graziecina' ? [tag, 'graziecina'] : [tag];
      for (const h of hashtags) {
        allTweets[h] = (allTweets[h] ?? 0) + 1;
        if (bot) botTweets[h] = (botTweets[h] ?? 0) + 1;
      }
      tweets.push({
        id: String(++id),
        userId,
        screenName,
        createdAt: start + Math.floor(rng.uniform() * 13 * 86_400_000),
        hashtags,
        kind: 'original',
        score,
      });
    }
  }
  const truth: Record<string, number> = {};
  for (const h of Object.keys(allTweets)) truth[h] = (botTweets[h] ?? 0) / allTweets[h];
  return { tweets, truth, explanations };
}

/** The fixture's summary, built the way writeReport builds it (small bootstrap for speed). */
export function fixtureSummary(seed = 1, pseudonymizer?: Pseudonymizer): { summary: Summary; corpus: Corpus } {
  const corpus = syntheticCorpus(seed);
  const acc = new ShareAccumulator({ threshold: RATES.threshold });
  for (const t of corpus.tweets) acc.add(t);
  const estimate = estimateCorpus(acc, RATES, { bootstrap: { replicates: 200, seed: 1 } });
  const summary = buildSummary(estimate, {
    version: '0.0.0-test',
    model: 'synthetic-test',
    rates: RATES,
    methodReason: 'test',
    hashtagsTracked: acc.hashtags().length,
    tweets: acc.tweets,
    accounts: acc.accounts,
    topAccounts: acc.topAccounts(10).map((a) => ({
      user_id: a.userId,
      screen_name: a.screenName ?? null,
      tweets: a.tweets,
      score: a.score,
      top_features: corpus.explanations.get(a.userId) ?? [],
    })),
    references: [
      { hashtag: 'forzacinaeitalia', share: 0.463 },
      { hashtag: 'graziecina', share: 0.371 },
    ],
    pseudonymizer,
  });
  return { summary, corpus };
}
