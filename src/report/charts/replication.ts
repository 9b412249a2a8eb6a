/**
 * The replication chart: for each hashtag of the March 2020 case, the published share of
 * bot tweets, the share planted in the reconstruction (simulation only), and the shares
 * estimated by botshare's default method, by classify-and-count and by the published
 * activity rule, each with its 95% interval. Pure: rows in, Vega-Lite spec out; user text
 * only in data.
 */

import type { TopLevelSpec } from 'vega-lite';
import { COLORS, CONFIG } from './common.js';

export type ReplicationMarkKind = 'published' | 'planted' | 'estimate';

export interface ReplicationChartRow {
  /** '#hashtag' (a data value, shown as the facet header). */
  hashtag: string;
  /** What the mark is, e.g. 'published (Alkemy/Formiche 2020)', 'acc (default)'. */
  what: string;
  kind: ReplicationMarkKind;
  /** Order of the rows within a hashtag. */
  order: number;
  value: number;
  lo?: number;
  hi?: number;
}

const KIND_COLORS: Record<ReplicationMarkKind, string> = {
  published: COLORS.reference,
  planted: '#27ae60',
  estimate: COLORS.estimate,
};

export function replicationSpec(rows: readonly ReplicationChartRow[], options: { simulated: boolean; labeled?: boolean }): TopLevelSpec {
  const lines = options.labeled === true
    ? 'Lines: 95% intervals (labeled sample: from its design; the others: bootstrap over accounts).'
    : 'Lines: 95% bootstrap intervals over accounts.';
  const y = {
    field: 'what',
    type: 'nominal' as const,
    title: null,
    sort: { field: 'order', op: 'min' as const },
    axis: { labelLimit: 420 },
  };
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: 'Share of tweets from bots',
    axis: { format: '.0%' },
    scale: { domain: [0, Math.min(1, Math.max(0.6, ...rows.map((r) => r.hi ?? r.value)) * 1.05)] },
  };
  const kinds = (['published', 'planted', 'estimate'] as const).filter((k) => rows.some((r) => r.kind === k));
  const color = {
    field: 'kind',
    type: 'nominal' as const,
    title: null,
    scale: { domain: kinds.map((k) => kindLabel(k)), range: kinds.map((k) => KIND_COLORS[k]) },
  };
  const values = rows.map((r) => ({ ...r, kind: kindLabel(r.kind) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.simulated
        ? 'Replication on a SIMULATED reconstruction: published vs planted vs estimated'
        : 'Replication: published vs estimated',
      // One sentence a line: a long subtitle would widen the chart.
      subtitle: options.simulated ? ['Simulation, not the original tweets (which are not public).', lines] : lines,
    },
    config: CONFIG,
    data: { values },
    facet: { row: { field: 'hashtag', type: 'nominal', title: null, sort: { field: 'order', op: 'min' } } },
    spec: {
      width: 380,
      height: { step: 22 },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'point', filled: true, size: 90 },
          encoding: {
            y,
            x,
            color,
            shape: {
              field: 'kind',
              type: 'nominal',
              title: null,
              scale: { domain: kinds.map((k) => kindLabel(k)), range: kinds.map((k) => (k === 'published' ? 'diamond' : k === 'planted' ? 'triangle-up' : 'circle')) },
            },
            tooltip: [
              { field: 'hashtag', type: 'nominal' },
              { field: 'what', type: 'nominal' },
              { field: 'value', type: 'quantitative', format: '.1%' },
              { field: 'lo', type: 'quantitative', format: '.1%' },
              { field: 'hi', type: 'quantitative', format: '.1%' },
            ],
          },
        },
      ],
    },
  };
}

function kindLabel(k: ReplicationMarkKind): string {
  return k === 'published' ? 'published figure' : k === 'planted' ? 'planted (simulation)' : 'estimated by botshare';
}
