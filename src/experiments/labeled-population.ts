/**
 * Generated populations for the labeled-sample tests: accounts with heavy-tailed activity,
 * bots more active than humans, one hashtag that a third of the accounts use, and three kinds
 * of score (good, useless = random, adversarial = inverted). The truth is kept here, for the
 * tests and the simulation harness (./labeled-sample-simulation.ts) to compare against; the
 * estimators never see it.
 */
import { normal } from '../estimate/distributions.js';
import type { FrameAccount } from '../estimate/sample-design.js';
import { createRandom } from '../util/random.js';

export type ScoreKind = 'good' | 'useless' | 'inverted';

export interface Population {
  frame: FrameAccount[];
  isBot: Uint8Array;
  /** Tweets on the hashtag (0 for accounts that did not use it). */
  hashtagTweets: Float64Array;
  scores: Record<ScoreKind, Float64Array>;
  /** An activity feature that separates bots (for the export model). */
  activity: Float64Array;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function makePopulation(size: number, botShare: number, seed: number): Population {
  const rng = createRandom(seed);
  const frame: FrameAccount[] = [];
  const isBot = new Uint8Array(size);
  const hashtagTweets = new Float64Array(size);
  const good = new Float64Array(size);
  const useless = new Float64Array(size);
  const activity = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const bot = rng.uniform() < botShare ? 1 : 0;
    isBot[i] = bot;
    const tweets = 1 + Math.floor(Math.exp(normal(rng, bot ? 1.2 : 0.4, 1.1)));
    frame.push({ userId: `u${(i * 7919) % 100003}-${i}`, tweets });
    if (rng.uniform() < 0.35) hashtagTweets[i] = 1 + Math.floor(rng.uniform() * tweets);
    good[i] = sigmoid((bot ? 1.6 : -1.6) + normal(rng, 0, 1.3));
    useless[i] = rng.uniform();
    activity[i] = (bot ? 1 : 0) + normal(rng, 0, 0.7);
  }
  const inverted = Float64Array.from(good, (s) => 1 - s);
  return { frame, isBot, hashtagTweets, scores: { good, useless, inverted }, activity };
}

/** The true share of bots for weights w. */
export function trueShare(weights: ArrayLike<number>, isBot: Uint8Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < weights.length; i++) {
    num += weights[i] * isBot[i];
    den += weights[i];
  }
  return num / den;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}
