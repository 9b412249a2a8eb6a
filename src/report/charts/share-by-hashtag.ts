/**
 * The answer: bot share per hashtag (and for all tweets), of tweets and of accounts, by the
 * headline method with its 95% interval (bootstrap without labels; under a labeled sample the
 * model-assisted estimate's, for the series in its frame); the uncorrected count as a grey dot
 * for comparison; published reference values (tweets) as orange diamonds. The subtitle names
 * the method drawn and the legend lists only what is drawn.
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

/**
 * What the chart draws and says it draws. Under a labeled sample: the model-assisted shares of
 * the series in the sample's frame, and only those (a series outside it keeps the classifier's
 * figure, which is another method: it is named as left out, not drawn beside them).
 */
function drawn(summary: Summary): { series: ReturnType<typeof labeledSeries>; subtitle: string; notDrawn?: string } {
  const all = labeledSeries(summary);
  if (summary.labeled === undefined) {
    return { series: all, subtitle: `${methodName(summary)}, 95% percentile bootstrap interval over accounts` };
  }
  const inSample = all.filter((s) => s.series.bot_share_tweets.method === 'model-assisted');
  if (inSample.length === 0) return { series: all, subtitle: `${methodName(summary)}, 95% percentile bootstrap interval over accounts (no series in the labeled sample's frame)` };
  const left = all.filter((s) => s.series.bot_share_tweets.method !== 'model-assisted').map((s) => s.label);
  const l = summary.labeled;
  return {
    series: inSample,
    subtitle: `model-assisted estimate from the labeled sample (${l.counts.bot + l.counts.human} accounts labeled), 95% interval from its design`,
    notDrawn: left.length === 0 ? undefined : `not drawn (outside the sample's frame): ${left.length === 1 ? left[0] : `${left.length} series`}`,
  };
}

export function shareByHashtagSpec(summary: Summary): TopLevelSpec {
  const headlineName = 'estimate with 95% interval';
  const { series, subtitle, notDrawn } = drawn(summary);
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
  const tweets = panel('tweets');
  const accounts = panel('accounts');
  // The legend lists what is drawn, and only that.
  const kinds = (
    [
      [headlineName, COLORS.estimate],
      [UNCORRECTED, COLORS.uncorrected],
      [REFERENCE, COLORS.reference],
    ] as const
  ).filter(([what]) => [...tweets, ...accounts].some((r) => r.what === what));
  const drawnKinds = new Set<string>(kinds.map(([what]) => what));
  const color = {
    field: 'what',
    type: 'nominal' as const,
    title: null,
    scale: { domain: kinds.map(([what]) => what), range: kinds.map(([, c]) => c) },
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
        ...(drawnKinds.has(UNCORRECTED)
          ? [
              {
                transform: [{ filter: { field: 'what', equal: UNCORRECTED } }],
                mark: { type: 'point' as const, filled: true, size: 60, shape: 'circle' as const },
                encoding: { y, x, color },
              },
            ]
          : []),
        ...(drawnKinds.has(REFERENCE)
          ? [
              {
                transform: [{ filter: { field: 'what', equal: REFERENCE } }],
                mark: { type: 'point' as const, filled: true, size: 110, shape: 'diamond' as const },
                encoding: { y, x, color },
              },
            ]
          : []),
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Bot share per hashtag',
      // Two lines: the method drawn, then what else is on the chart (one long line would shrink the chart).
      subtitle: [
        subtitle,
        [...(notDrawn === undefined ? [] : [notDrawn]), ...(kinds.some(([what]) => what === UNCORRECTED) ? ['grey: the uncorrected count, for comparison only'] : [])].join('; '),
      ].filter((line) => line !== ''),
    },
    config: CONFIG,
    hconcat: [layers(tweets, 'Share of tweets from bots'), layers(accounts, 'Share of accounts that are bots')],
    resolve: { scale: { color: 'shared' } },
  };
}
