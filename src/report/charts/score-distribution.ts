/**
 * How the scores are spread, per hashtag: the share of tweets and of accounts in each score
 * bin of width 0.05, with the model threshold. Two humps far apart make any method agree; a
 * crowd near the threshold makes the uncorrected count fragile.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../summary.js';
import { COLORS, CONFIG, labeledSeries } from './common.js';

export function scoreDistributionSpec(summary: Summary): TopLevelSpec {
  const rows: { label: string; order: number; from: number; to: number; unit: string; fraction: number }[] = [];
  for (const s of labeledSeries(summary)) {
    const { tweets, accounts } = s.series;
    for (const b of s.series.score_distribution) {
      if (tweets > 0) rows.push({ label: s.label, order: s.order, from: b.from, to: b.to, unit: 'tweets', fraction: b.tweets / tweets });
      if (accounts > 0) rows.push({ label: s.label, order: s.order, from: b.from, to: b.to, unit: 'accounts', fraction: b.accounts / accounts });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Score distribution', subtitle: `share of tweets and of accounts per score bin; line: model threshold ${summary.classifier.threshold}` },
    config: CONFIG,
    data: { values: rows },
    facet: { row: { field: 'label', type: 'nominal', title: null, sort: { field: 'order', op: 'min' } } },
    spec: {
      width: 480,
      height: 110,
      layer: [
        {
          mark: { type: 'bar', opacity: 0.55, binSpacing: 0 },
          encoding: {
            x: { field: 'from', type: 'quantitative', bin: { binned: true, step: 0.05 }, title: 'bot score', scale: { domain: [0, 1] } },
            x2: { field: 'to' },
            y: { field: 'fraction', type: 'quantitative', stack: null, title: 'share', axis: { format: '.0%' } },
            color: {
              field: 'unit',
              type: 'nominal',
              title: null,
              scale: { domain: ['tweets', 'accounts'], range: [COLORS.tweets, COLORS.accounts] },
            },
          },
        },
        {
          mark: { type: 'rule', color: '#000', strokeDash: [4, 3] },
          encoding: { x: { datum: summary.classifier.threshold, type: 'quantitative' } },
        },
      ],
    },
  };
}
