/**
 * Tweets per day, split into bots and humans by the headline method (the day's estimated
 * share times its tweets), stacked; one row for all tweets and one per hashtag.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../summary.js';
import { COLORS, CONFIG, labeledSeries } from './common.js';

export function dailyVolumeSpec(summary: Summary): TopLevelSpec {
  const method = summary.default_method.name;
  const rows: { label: string; order: number; date: string; class: string; stack: number; tweets: number }[] = [];
  for (const s of labeledSeries(summary)) {
    for (const d of s.series.daily) {
      const bots = method === null ? Number.NaN : (d.bot_tweets[method] ?? Number.NaN);
      if (!Number.isFinite(bots)) {
        rows.push({ label: s.label, order: s.order, date: d.date, class: 'all (no corrected estimate)', stack: 0, tweets: d.tweets });
        continue;
      }
      rows.push({ label: s.label, order: s.order, date: d.date, class: 'bots', stack: 0, tweets: bots });
      rows.push({ label: s.label, order: s.order, date: d.date, class: 'humans', stack: 1, tweets: d.tweets - bots });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Tweets per day, bots and humans',
      // Under --labels the headline is the labeled sample's, which has no daily figures: say whose split this is.
      subtitle: `split by the day's bot share (${method ?? 'no corrected method'}${summary.labeled === undefined ? '' : ', the classifier’s correction, not the labeled sample'}); UTC days`,
    },
    config: CONFIG,
    data: { values: rows },
    facet: { row: { field: 'label', type: 'nominal', title: null, sort: { field: 'order', op: 'min' } } },
    spec: {
      width: 560,
      height: 120,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: null, axis: { format: '%d %b', labelAngle: 0 } },
        y: { field: 'tweets', type: 'quantitative', title: 'tweets', stack: 'zero' },
        color: {
          field: 'class',
          type: 'nominal',
          title: null,
          scale: { domain: ['bots', 'humans', 'all (no corrected estimate)'], range: [COLORS.bot, COLORS.human, COLORS.uncorrected] },
        },
        order: { field: 'stack', type: 'quantitative' },
        tooltip: [
          { field: 'label', type: 'nominal' },
          { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate' },
          { field: 'class', type: 'nominal' },
          { field: 'tweets', type: 'quantitative', format: '.0f' },
        ],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
