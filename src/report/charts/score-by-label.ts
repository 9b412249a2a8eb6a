/**
 * The labeled sample: each labeled account's public bot score against the label a person gave
 * it. Where bots and humans overlap, the public model does not separate this export's accounts
 * and the labels, not the scores, carry the estimate.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../summary.js';
import { CONFIG } from './common.js';

export function scoreByLabelSpec(summary: Summary): TopLevelSpec {
  const rows = (summary.labeled?.accounts ?? [])
    .filter((a) => a.public_score !== null)
    .map((a) => ({ label: a.label === '' ? 'not labeled' : a.label, score: a.public_score, prediction: a.prediction, rank: a.rank }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Public bot score against your labels', subtitle: 'one dot per labeled account; the export model’s prediction on hover' },
    config: CONFIG,
    data: { values: rows },
    width: 480,
    height: { step: 36 },
    mark: { type: 'tick', thickness: 2 },
    encoding: {
      x: { field: 'score', type: 'quantitative', title: 'public bot score (mean over its tweets)', scale: { domain: [0, 1] } },
      y: { field: 'label', type: 'nominal', title: null, sort: ['bot', 'human', 'unsure', 'not labeled'] },
      color: { field: 'label', type: 'nominal', legend: null, scale: { domain: ['bot', 'human', 'unsure', 'not labeled'], range: ['#c0392b', '#2c7bb6', '#999999', '#cccccc'] } },
      tooltip: [
        { field: 'rank', type: 'quantitative', title: 'rank' },
        { field: 'label', type: 'nominal' },
        { field: 'score', type: 'quantitative', format: '.2f' },
        { field: 'prediction', type: 'quantitative', title: 'export model', format: '.2f' },
      ],
    },
  };
}
