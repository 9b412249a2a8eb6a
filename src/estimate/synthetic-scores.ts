/**
 * A synthetic pool of labelled, scored accounts: each account draws a latent score from its
 * class's Beta distribution, a number of tweets from a geometric distribution (bots post
 * more), and each tweet's score is the latent one plus a little noise. It stands in for the
 * model's held-out scores while testing the estimators; it is not evidence about real data.
 */

import { beta, geometric1, normal } from './distributions.js';
import type { LabeledAccount } from '../model/rates.js';
import { createRandom } from '../util/random.js';

export interface SyntheticPoolOptions {
  bots: number;
  humans: number;
  seed: number;
  /** Beta(a, b) of a bot's latent score (default Beta(5, 2)). */
  botScore?: [number, number];
  /** Beta(a, b) of a human's latent score (default Beta(2, 5)). */
  humanScore?: [number, number];
  /** Mean tweets per account (geometric on 1, 2, …). */
  botTweetsMean?: number;
  humanTweetsMean?: number;
  /** Standard deviation of a tweet's score around its account's (clipped to [0, 1]). */
  tweetNoise?: number;
  /**
   * How much activity depends on the score within a class: the mean number of tweets is
   * multiplied by exp(tilt · (latent − 0.5)). 0 (default) makes activity independent of the
   * score; real models that use posting rate as a feature make it positive.
   */
  activityTilt?: number;
}

export function syntheticPool(options: SyntheticPoolOptions): LabeledAccount[] {
  const rng = createRandom(options.seed);
  const [ba, bb] = options.botScore ?? [5, 2];
  const [ha, hb] = options.humanScore ?? [2, 5];
  const noise = options.tweetNoise ?? 0.03;
  const make = (label: 'bot' | 'human', a: number, b: number, meanTweets: number): LabeledAccount => {
    const latent = beta(rng, a, b);
    const n = geometric1(rng, meanTweets * Math.exp((options.activityTilt ?? 0) * (latent - 0.5)));
    const scores = Array.from({ length: n }, () => Math.min(1, Math.max(0, normal(rng, latent, noise))));
    return { label, scores };
  };
  const pool: LabeledAccount[] = [];
  for (let i = 0; i < options.bots; i++) pool.push(make('bot', ba, bb, options.botTweetsMean ?? 12));
  for (let i = 0; i < options.humans; i++) pool.push(make('human', ha, hb, options.humanTweetsMean ?? 3));
  return pool;
}
