/**
 * The headline's pointer to the labeled route, without labels: per series, how many labeled
 * accounts would bring its interval to ±5 points, and the `botshare sample` command that draws
 * them. Computed from the export's own data before any label (labelsNeeded, with the scores
 * as a working model of the labels), for the labels-only estimator: the figure that holds
 * whatever the classifier (the model-assisted estimate needs fewer when the scores are good).
 */
import type { ShareAccumulator } from '../estimate/accumulator.js';
import { labelsOnlyNeeded } from '../estimate/model-assisted.js';
import { sizeMeasuresOf } from '../estimate/sample-design.js';
import type { LabeledDomain, LabelsNeeded, LabelsNeededFields, LabelsPlan, LabelsToTarget } from '../report/summary.js';

/** The half-width the headline asks for: ±5 points. */
export const LABELS_HALF_WIDTH = 0.05;

/**
 * Labeled accounts that the sample `botshare sample [--hashtags tag]` would need for an
 * interval of ±`halfWidth` on the series' share of tweets (`hashtag` null: all tweets).
 * `scores`: the accounts' mean scores by account index (`acc.meanScoresByIndex()`), computed
 * once for every series. The frame is the series' rows, read as columns: a Map and an object
 * an account per series cost seconds at 100,000 accounts.
 */
export function labelsNeededIn(
  accumulator: ShareAccumulator,
  hashtag: string | null,
  halfWidth = LABELS_HALF_WIDTH,
  scores: Float64Array = accumulator.meanScoresByIndex(),
): number | undefined {
  const series = hashtag === null ? accumulator.overall : accumulator.series(hashtag);
  if (series === undefined || series.accounts === 0) return undefined;
  const { account, tweets } = series.columns();
  const s = Float64Array.from(account, (i) => {
    const score = scores[i];
    return Number.isNaN(score) ? 0.5 : score;
  });
  return labelsOnlyNeeded(tweets, s, sizeMeasuresOf(tweets), { halfWidth });
}

/**
 * Labeled accounts that ONE sample `botshare sample --hashtags a,b,…` would need for an
 * interval of ±`halfWidth` on the share of tweets of EACH of `hashtags`: the frame is the
 * accounts with a tweet in any of them, drawn by their tweets there, and each hashtag is a
 * domain of that frame (it gets only its part of the sample, so the figure is larger than any
 * hashtag's own `labelsNeededIn`). An account's tweets in the frame are taken as the sum over
 * the hashtags, capped by its tweets overall: a tweet with two of them counts twice here and
 * once in the sample's frame, a planning approximation like the scores standing for labels.
 */
export function labelsNeededJointly(
  accumulator: ShareAccumulator,
  hashtags: readonly string[],
  halfWidth = LABELS_HALF_WIDTH,
  scores: Float64Array = accumulator.meanScoresByIndex(),
): number | undefined {
  const perTag = hashtags.flatMap((h) => {
    const series = accumulator.series(h);
    return series === undefined || series.accounts === 0 ? [] : [series.columns()];
  });
  if (perTag.length === 0) return undefined;
  const all = accumulator.overall.columns();
  const overall = new Float64Array(scores.length);
  for (let r = 0; r < all.account.length; r++) overall[all.account[r]] = all.tweets[r];
  const inFrame = new Float64Array(scores.length);
  for (const c of perTag) for (let r = 0; r < c.account.length; r++) inFrame[c.account[r]] += c.tweets[r];
  const frame: number[] = [];
  for (let i = 0; i < inFrame.length; i++) if (inFrame[i] > 0) frame.push(i);
  const position = new Map(frame.map((i, k) => [i, k]));
  const tweets = Float64Array.from(frame, (i) => Math.min(inFrame[i], overall[i] || inFrame[i]));
  const s = Float64Array.from(frame, (i) => (Number.isNaN(scores[i]) ? 0.5 : scores[i]));
  const sizes = sizeMeasuresOf(tweets);
  let most = 0;
  for (const c of perTag) {
    const weights = new Float64Array(frame.length);
    for (let r = 0; r < c.account.length; r++) weights[position.get(c.account[r]) as number] = c.tweets[r];
    most = Math.max(most, labelsOnlyNeeded(weights, s, sizes, { halfWidth }));
  }
  return most;
}

/** A shell word, quoted only when it needs to be (single quotes, POSIX). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that draws `n` accounts to label from `files` (some hashtags' tweets, or all tweets). */
export function sampleCommand(files: readonly string[], n: number, hashtags?: string | readonly string[]): string {
  const words = ['botshare', 'sample', ...files, '-n', String(n)];
  const tags = hashtags === undefined ? [] : typeof hashtags === 'string' ? [hashtags] : hashtags;
  if (tags.length > 0) words.push('--hashtags', tags.join(','));
  words.push('-o', 'sample');
  return words.map(shellWord).join(' ');
}

/**
 * The `labels_needed` of every series for which `needed` gives a number (`hashtag` undefined:
 * all tweets) and the `labels_plan` (one sample for all the reported `hashtags`) when
 * `jointly` gives one: inputs of `buildSummary`, with the commands over the input `files`.
 */
export function labelsNeededFields(
  files: readonly string[],
  hashtags: readonly string[],
  needed: (hashtag: string | undefined) => number | undefined,
  halfWidth = LABELS_HALF_WIDTH,
  jointly?: (hashtags: readonly string[]) => number | undefined,
): LabelsNeededFields {
  const field = (hashtag: string | undefined): LabelsNeeded | undefined => {
    const n = needed(hashtag);
    return n === undefined || !Number.isFinite(n) ? undefined : { n: Math.ceil(n), command: sampleCommand(files, Math.ceil(n), hashtag), half_width: halfWidth };
  };
  const byTag = new Map<string, LabelsNeeded>();
  for (const tag of hashtags) {
    const f = field(tag);
    if (f !== undefined) byTag.set(tag, f);
  }
  const joint = hashtags.length === 0 ? undefined : jointly?.(hashtags);
  const plan: LabelsPlan | undefined =
    joint === undefined || !Number.isFinite(joint)
      ? undefined
      : { hashtags: [...hashtags], n: Math.ceil(joint), command: sampleCommand(files, Math.ceil(joint), hashtags), half_width: halfWidth };
  return { overall: field(undefined), hashtags: byTag, plan };
}

/** `labelsNeededFields` with every figure computed from the accumulated export (files, tallies, workers alike). */
export function labelsNeededOf(accumulator: ShareAccumulator, files: readonly string[], hashtags: readonly string[], halfWidth = LABELS_HALF_WIDTH): LabelsNeededFields {
  const scores = accumulator.meanScoresByIndex();
  return labelsNeededFields(
    files,
    hashtags,
    (tag) => labelsNeededIn(accumulator, tag ?? null, halfWidth, scores),
    halfWidth,
    (tags) => labelsNeededJointly(accumulator, tags, halfWidth, scores),
  );
}

/**
 * After labeling: how many rows of the sample (from the top) would bring the model-assisted
 * share of tweets of every domain the sample was drawn for to ±`halfWidth`. A half-width
 * shrinks about as 1/√(rows labeled), so a domain at h with k rows needs ⌈k·(h/target)²⌉
 * (an overestimate where the sample is a large part of the frame); at most the frame's size.
 */
export function labelsToTarget(domains: readonly LabeledDomain[], labeled: number, frameAccounts: number, halfWidth = LABELS_HALF_WIDTH): LabelsToTarget {
  const byDomain = domains.map((d) => {
    const [lo, hi] = d.tweets.model_assisted.ci95 ?? [0, 1];
    const h = (hi - lo) / 2;
    const needed = h <= halfWidth ? labeled : Math.min(frameAccounts, Math.ceil(Math.max(1, labeled) * (h / halfWidth) ** 2));
    return { hashtag: d.hashtag, half_width: h, needed };
  });
  const needed = Math.max(labeled, ...byDomain.map((d) => d.needed));
  return { half_width: halfWidth, labeled, needed, more: needed - labeled, by_domain: byDomain };
}
