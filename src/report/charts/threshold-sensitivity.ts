/**
 * Share against threshold (0.05 to 0.95): the uncorrected count moves with the threshold,
 * which is why it cannot be the answer; the adjusted count (where the model card has rates
 * at each threshold) and the headline estimate should stay flat.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../summary.js';
import { COLORS, CONFIG, labeledSeries, methodName } from './common.js';

export function thresholdSensitivitySpec(summary: Summary): TopLevelSpec {
  const UNCORRECTED = 'classify and count (uncorrected)';
  const ADJUSTED = 'adjusted count (acc) at each threshold';
  const HEADLINE = `headline estimate (${methodName(summary)})`;
  const rows: { label: string; order: number; threshold: number; share: number; unit: string; curve: string }[] = [];
  for (const s of labeledSeries(summary)) {
    const base = { label: s.label, order: s.order };
    for (const p of s.series.threshold_sensitivity) {
      rows.push({ ...base, threshold: p.threshold, share: p.cc_tweets, unit: 'tweets', curve: UNCORRECTED });
      rows.push({ ...base, threshold: p.threshold, share: p.cc_accounts, unit: 'accounts', curve: UNCORRECTED });
      if (p.acc_tweets !== undefined) rows.push({ ...base, threshold: p.threshold, share: p.acc_tweets, unit: 'tweets', curve: ADJUSTED });
      if (p.acc_accounts !== undefined) {
        rows.push({ ...base, threshold: p.threshold, share: p.acc_accounts, unit: 'accounts', curve: ADJUSTED });
      }
    }
    for (const [unit, h] of [
      ['tweets', s.series.bot_share_tweets],
      ['accounts', s.series.bot_share_accounts],
    ] as const) {
      if (h.estimate === null) continue;
      for (const threshold of [0.05, 0.95]) rows.push({ ...base, threshold, share: h.estimate, unit, curve: HEADLINE });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Threshold sensitivity',
      subtitle: `bot share as the decision threshold moves; dotted line: model threshold ${summary.classifier.threshold}`,
    },
    config: CONFIG,
    data: { values: rows.filter((r) => Number.isFinite(r.share)) },
    facet: { field: 'label', type: 'nominal', title: null, sort: { field: 'order', op: 'min' } },
    columns: 3,
    spec: {
      width: 220,
      height: 150,
      layer: [
        {
          mark: { type: 'line', point: { size: 14 } },
          encoding: {
            x: { field: 'threshold', type: 'quantitative', title: 'threshold', scale: { domain: [0, 1] } },
            y: { field: 'share', type: 'quantitative', title: 'bot share', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
            color: {
              field: 'unit',
              type: 'nominal',
              title: null,
              scale: { domain: ['tweets', 'accounts'], range: [COLORS.tweets, COLORS.accounts] },
            },
            strokeDash: {
              field: 'curve',
              type: 'nominal',
              title: null,
              scale: { domain: [UNCORRECTED, ADJUSTED, HEADLINE], range: [[1, 0], [6, 3], [2, 2]] },
              legend: { symbolType: 'stroke', symbolStrokeColor: '#333', symbolSize: 300 },
            },
            detail: { field: 'curve', type: 'nominal' },
          },
        },
        {
          mark: { type: 'rule', color: '#000', strokeDash: [2, 3] },
          encoding: { x: { datum: summary.classifier.threshold, type: 'quantitative' } },
        },
      ],
    },
  };
}
