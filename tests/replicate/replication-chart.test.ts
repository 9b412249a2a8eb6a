import { describe, expect, it } from 'vitest';
import { replicationSpec, type ReplicationChartRow } from '../../src/report/charts/replication.js';
import { renderPng, renderSvg } from '../../src/report/render.js';

const rows: ReplicationChartRow[] = [
  { hashtag: '#forzacinaeitalia', what: 'published', kind: 'published', order: 0, value: 0.463 },
  { hashtag: '#forzacinaeitalia', what: 'planted', kind: 'planted', order: 1, value: 0.463 },
  { hashtag: '#forzacinaeitalia', what: 'pacc (default)', kind: 'estimate', order: 2, value: 0.41, lo: 0.33, hi: 0.5 },
  { hashtag: '#graziecina', what: 'published', kind: 'published', order: 0, value: 0.371 },
  { hashtag: '#graziecina', what: '<b>cc</b>', kind: 'estimate', order: 2, value: 0.2, lo: 0.15, hi: 0.26 },
];

describe('the replication chart', () => {
  it('marks published, planted and estimated shares, and says it is a simulation', () => {
    const spec = replicationSpec(rows, { simulated: true });
    expect(JSON.stringify(spec.title)).toMatch(/SIMULATED/);
    const values = (spec.data as { values: Array<{ kind: string }> }).values;
    expect(new Set(values.map((v) => v.kind))).toEqual(new Set(['published figure', 'planted (simulation)', 'estimated by botshare']));
    expect(JSON.stringify(replicationSpec(rows.filter((r) => r.kind !== 'planted'), { simulated: false }))).not.toMatch(/planted|SIMULATED/);
    // The subtitle names how each interval was made.
    expect(JSON.stringify(spec.title)).toMatch(/95% bootstrap intervals over accounts/);
    expect(JSON.stringify(replicationSpec(rows, { simulated: true, labeled: true }).title)).toMatch(/labeled sample: from its design; the others: bootstrap over accounts/);
  });

  it('renders to SVG (text escaped) and PNG', async () => {
    const svg = await renderSvg(replicationSpec(rows, { simulated: true }));
    expect(svg).toContain('&lt;b&gt;cc&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    const png = renderPng(svg);
    expect(Buffer.from(png.subarray(1, 4)).toString('ascii')).toBe('PNG');
  });
});
