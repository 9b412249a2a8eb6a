/**
 * The headline's hook for the labeled route: per series, how many labeled accounts would
 * bring its interval to ±5 points, and the `botshare sample` command that draws them.
 *
 * SEAM for the lead: `labelsNeededForSeries` is where `labelsNeeded` of
 * src/estimate/model-assisted.ts (branch i13) connects. Until it does, it returns undefined
 * and summary.json carries no `labels_needed` field: a made-up number would be worse than none.
 */

import type { SeriesAccumulator } from '../estimate/accumulator.js';
import type { LabelsNeeded, Summary } from './summary.js';

/** The half-width the headline asks for: ±5 points. */
export const LABELS_HALF_WIDTH = 0.05;

/** Labeled accounts a series needs for an interval of ±`halfWidth`, or undefined when unknown. */
export type LabelsNeededFn = (series: SeriesAccumulator, halfWidth: number) => number | undefined;

/** THE SEAM (see the file comment): connect `labelsNeeded` here. */
export const labelsNeededForSeries: LabelsNeededFn = () => undefined;

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
