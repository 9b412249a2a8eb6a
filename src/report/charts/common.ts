/**
 * What every chart shares: the font (the one the PNG renderer loads), colours with a
 * meaning, and the series labels. Builders put user text (hashtags, screen names) only in
 * `data.values`, never in titles, sorts or expressions: a spec carries data, not code.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { HashtagSummary, SeriesSummary, Summary } from '../summary.js';

export const FONT = 'DejaVu Sans';

export const COLORS = {
  bot: '#c0392b',
  human: '#2e86c1',
  estimate: '#34495e',
  uncorrected: '#95a5a6',
  reference: '#e67e22',
  tweets: '#2e86c1',
  accounts: '#8e44ad',
} as const;

export const CONFIG: NonNullable<TopLevelSpec['config']> = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', labelLimit: 420, direction: 'vertical' },
  header: { labelFontSize: 11, labelFont: FONT, titleFont: FONT },
};

/** A series to draw: all tweets first, then each hashtag, with its order for sorting. */
export interface LabeledSeries {
  /** '#hashtag' or 'all tweets' (data, shown as axis or header labels). */
  label: string;
  order: number;
  series: SeriesSummary;
}

export const ALL_TWEETS = 'all tweets';

export function labeledSeries(summary: Summary, includeOverall = true): LabeledSeries[] {
  const tags = summary.hashtags.map((h: HashtagSummary, i) => ({ label: `#${h.hashtag}`, order: i + 1, series: h }));
  return includeOverall ? [{ label: ALL_TWEETS, order: 0, series: summary.overall }, ...tags] : tags;
}

/**
 * The headline methods for titles: 'acc', or 'acc for tweets, pacc for accounts' when the
 * units have different ones; a plain warning when there is none.
 */
export function methodName(summary: Summary): string {
  const t = summary.default_method.name ?? 'no corrected method';
  const a = summary.default_method_accounts.name ?? 'no corrected method';
  return t === a ? t : `${t} for tweets, ${a} for accounts`;
}
