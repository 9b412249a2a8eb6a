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
import type { LabeledDomain, LabelsNeeded, LabelsToTarget, Summary } from '../report/summary.js';

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
  acc: ShareAccumulator,
  hashtag: string | null,
  halfWidth = LABELS_HALF_WIDTH,
  scores: Float64Array = acc.meanScoresByIndex(),
): number | undefined {
  const series = hashtag === null ? acc.overall : acc.series(hashtag);
  if (series === undefined || series.accounts === 0) return undefined;
  const { account, tweets } = series.columns();
  const s = Float64Array.from(account, (i) => {
    const score = scores[i];
    return Number.isNaN(score) ? 0.5 : score;
  });
  return labelsOnlyNeeded(tweets, s, sizeMeasuresOf(tweets), { halfWidth });
}

/** A shell word, quoted only when it needs to be (single quotes, POSIX). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that draws `n` accounts to label from `files` (one hashtag, or all tweets). */
export function sampleCommand(files: readonly string[], n: number, hashtag?: string): string {
  const words = ['botshare', 'sample', ...files, '-n', String(n)];
  if (hashtag !== undefined) words.push('--hashtags', hashtag);
  words.push('-o', 'sample');
  return words.map(shellWord).join(' ');
}

/**
 * The summary with `labels_needed` on every series for which `needed` gives a number
 * (`hashtag` undefined: all tweets). Pure: returns a new summary, the input is unchanged.
 */
export function withLabelsNeeded(
  summary: Summary,
  needed: (hashtag: string | undefined) => number | undefined,
  halfWidth = LABELS_HALF_WIDTH,
): Summary {
  const files = summary.inputs.files.map((f) => f.path);
  const field = (hashtag: string | undefined): { labels_needed?: LabelsNeeded } => {
    const n = needed(hashtag);
    return n === undefined || !Number.isFinite(n) ? {} : { labels_needed: { n: Math.ceil(n), command: sampleCommand(files, Math.ceil(n), hashtag), half_width: halfWidth } };
  };
  return {
    ...summary,
    overall: { ...summary.overall, ...field(undefined) },
    hashtags: summary.hashtags.map((h) => ({ ...h, ...field(h.hashtag) })),
  };
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
