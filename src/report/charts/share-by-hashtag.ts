/**
 * The answer: bot share per hashtag (and for all tweets), of tweets and of accounts, by the
 * headline method with its 95% bootstrap interval; the uncorrected count as a grey dot for
 * comparison; published reference values (tweets) as orange diamonds.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../summary.js';
import { COLORS, CONFIG, labeledSeries, methodName } from './common.js';

interface Row {
  label: string;
  order: number;
  what: string;
  value: number;
  lo?: number;
  hi?: number;
}

const UNCORRECTED = 'classify and count (uncorrected)';
const REFERENCE = 'reference value';

export function shareByHashtagSpec(summary: Summary): TopLevelSpec {
  const method = methodName(summary);
  const headlineName = 'estimate with 95% interval';
  const series = labeledSeries(summary);
  const panel = (unit: 'tweets' | 'accounts'): Row[] => {
    const rows: Row[] = [];
    for (const s of series) {
      const h = unit === 'tweets' ? s.series.bot_share_tweets : s.series.bot_share_accounts;
      if (h.estimate !== null) {
        rows.push({ label: s.label, order: s.order, what: headlineName, value: h.estimate, lo: h.ci95?.[0], hi: h.ci95?.[1] });
      }
      const cc = s.series.methods[unit].cc;
      if (cc !== undefined) rows.push({ label: s.label, order: s.order, what: UNCORRECTED, value: cc.estimate });
    }
    if (unit === 'tweets') {
      for (const ref of summary.references) {
        const s = series.find((x) => x.label === `#${ref.hashtag}`);
        if (s !== undefined) rows.push({ label: s.label, order: s.order, what: REFERENCE, value: ref.share });
      }
    }
    return rows;
  };
  const max = (rows: Row[]): number => Math.min(1, Math.max(0.1, ...rows.map((r) => r.hi ?? r.value)) * 1.1);
  const color = {
    field: 'what',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [headlineName, UNCORRECTED, REFERENCE], range: [COLORS.estimate, COLORS.uncorrected, COLORS.reference] },
  };
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: { field: 'order', op: 'min' as const } };
  const layers = (rows: Row[], title: string) => {
    const x = { field: 'value', type: 'quantitative' as const, title, axis: { format: '.0%' }, scale: { domain: [0, max(rows)] } };
    return {
      width: 320,
      height: { step: 26 },
      data: { values: rows },
      layer: [
        {
          transform: [{ filter: { field: 'what', equal: headlineName } }],
          mark: { type: 'bar' as const, height: 14, opacity: 0.85 },
          encoding: { y, x, color },
        },
        {
          transform: [{ filter: { field: 'what', equal: headlineName } }],
          mark: { type: 'rule' as const, strokeWidth: 2, color: '#000' },
          encoding: { y, x: { field: 'lo', type: 'quantitative' as const }, x2: { field: 'hi' } },
        },
        {
          transform: [{ filter: { field: 'what', equal: UNCORRECTED } }],
          mark: { type: 'point' as const, filled: true, size: 60, shape: 'circle' as const },
          encoding: { y, x, color },
        },
        {
          transform: [{ filter: { field: 'what', equal: REFERENCE } }],
          mark: { type: 'point' as const, filled: true, size: 110, shape: 'diamond' as const },
          encoding: { y, x, color },
        },
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Bot share per hashtag',
      subtitle: `${method}, 95% percentile bootstrap interval over accounts; grey: uncorrected count, for comparison only`,
    },
    config: CONFIG,
    hconcat: [layers(panel('tweets'), 'Share of tweets from bots'), layers(panel('accounts'), 'Share of accounts that are bots')],
    resolve: { scale: { color: 'shared' } },
  };
}
