/**
 * What is not known without labels: which error rates hold on this export. The classifier
 * does not transfer across kinds of bots (each labeled set scored by a model trained
 * without it gives its own TPR, FPR and mean scores), so a correction with one pooled rate
 * pretends to know the export's kind of bots. Here each bootstrap replicate draws the rates
 * of one kind of bots and one kind of humans (a labeled set each, uniformly: a kind is not
 * likelier because its set is larger) plus their sampling noise, and an interval is taken
 * over replicates whose correction may be undefined (TPR − FPR too small): such a replicate
 * says "any share", so it counts as 0 for the lower bound and as 1 for the upper bound — a
 * percentile interval of set-valued replicates, never narrower than what the rates allow.
 * Pure functions: rates and a seeded generator in, numbers out.
 */

import { beta, normal, quantileSorted } from './distributions.js';
import type { ClassifierRates, ClassSetRates, SetRates } from '../model/rates.js';
import type { Random } from '../util/random.js';

/** The sets that can stand for a kind of bots and a kind of humans. */
export function kinds(perSet: readonly SetRates[] | undefined): { bots: ClassSetRates[]; humans: ClassSetRates[] } {
  const bots: ClassSetRates[] = [];
  const humans: ClassSetRates[] = [];
  for (const s of perSet ?? []) {
    if (s.bots !== undefined && s.bots.n > 0) bots.push(s.bots);
    if (s.humans !== undefined && s.humans.n > 0) humans.push(s.humans);
  }
  return { bots, humans };
}

/** Whether the rates carry the spread across kinds (at least one set per class). */
export function hasKindSpread(rates: ClassifierRates): boolean {
  const k = kinds(rates.perSet);
  return k.bots.length > 0 && k.humans.length > 0;
}

function jeffreys(rng: Random, p: number, n: number): number {
  return beta(rng, p * n + 0.5, (1 - p) * n + 0.5);
}

function noisyMean(rng: Random, m: number | undefined, sd: number | undefined, n: number): number | undefined {
  return m === undefined || sd === undefined ? m : normal(rng, m, sd / Math.sqrt(n));
}

/**
 * One replicate's rates: a kind of bots and a kind of humans drawn uniformly from the sets,
 * each set's rates redrawn from their sampling distributions (Jeffreys posterior for TPR and
 * FPR, normal for the mean scores; a set without its own score spread uses the pooled one,
 * which is wider since it includes the spread between sets). Call only when
 * `hasKindSpread(rates)`.
 */
export function drawKindRates(rates: ClassifierRates, rng: Random): ClassifierRates {
  const k = kinds(rates.perSet);
  const bot = k.bots[rng.int(k.bots.length)];
  const human = k.humans[rng.int(k.humans.length)];
  return {
    ...rates,
    tpr: jeffreys(rng, bot.rate, bot.n),
    fpr: jeffreys(rng, human.rate, human.n),
    meanScoreBot: noisyMean(rng, bot.meanScore, bot.sdScore ?? rates.sdScoreBot, bot.n),
    meanScoreHuman: noisyMean(rng, human.meanScore, human.sdScore ?? rates.sdScoreHuman, human.n),
  };
}

/**
 * The central `level` interval of replicates of which some are undefined (NaN: the
 * correction could not be made with that replicate's rates, so the share could be anything):
 * those count as 0 for the lower bound and as 1 for the upper. Undefined when no replicate
 * exists. With no undefined replicate it is the plain percentile interval.
 */
export function setValuedInterval(replicates: Float64Array, level = 0.95): [number, number] | undefined {
  if (replicates.length === 0) return undefined;
  const finite = replicates.filter((x) => Number.isFinite(x)).sort();
  const unknown = replicates.length - finite.length;
  if (unknown === 0) {
    const alpha = (1 - level) / 2;
    return [quantileSorted(finite, alpha), quantileSorted(finite, 1 - alpha)];
  }
  const low = new Float64Array(replicates.length);
  low.set(finite, unknown); // `unknown` zeros first, then the finite values (all in [0, 1])
  const high = new Float64Array(replicates.length).fill(1);
  high.set(finite, 0);
  const alpha = (1 - level) / 2;
  return [quantileSorted(low, alpha), quantileSorted(high, 1 - alpha)];
}

/** The share of replicates whose correction was undefined. */
export function undefinedShare(replicates: Float64Array): number {
  if (replicates.length === 0) return 0;
  let n = 0;
  for (const x of replicates) if (!Number.isFinite(x)) n += 1;
  return n / replicates.length;
}

/** The range of each rate across the kinds, for the report's sentence. */
export function kindRanges(rates: ClassifierRates): { bots: number; humans: number; tpr: [number, number]; fpr: [number, number] } | undefined {
  const k = kinds(rates.perSet);
  if (k.bots.length === 0 || k.humans.length === 0) return undefined;
  const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
  return { bots: k.bots.length, humans: k.humans.length, tpr: range(k.bots.map((b) => b.rate)), fpr: range(k.humans.map((h) => h.rate)) };
}
