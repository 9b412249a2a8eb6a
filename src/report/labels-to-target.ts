/**
 * The sentence that says how many labeled rows would bring the named hashtags (or all tweets) to
 * the target half-width (summary.json's `labeled.labels_to_target`): one wording for the console
 * and report.html. Plain text: the caller escapes it for HTML.
 */
import type { LabeledSection } from './summary.js';

const count = (n: number): string => n.toLocaleString('en-US');

export function labelsToTargetSentence(lab: LabeledSection): string | null {
  const target = lab.labels_to_target;
  if (target === undefined || target.by_domain.length === 0) return null;
  const where = target.by_domain.map((d) => (d.hashtag === null ? 'all tweets' : `#${d.hashtag}`)).join(', ');
  return target.more === 0
    ? `±${100 * target.half_width} points on the share of tweets of ${where}: reached with ${target.labeled} labeled rows`
    : `±${100 * target.half_width} points on the share of tweets of ${where}: about ${count(target.needed)} labeled rows, ${count(target.more)} more` +
        (target.needed > lab.drawn ? ` (beyond the ${lab.drawn} drawn: draw again with -n ${target.needed} and the same seed: its first rows are the same accounts, copy their labels over)` : '');
}
