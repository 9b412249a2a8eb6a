import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/program.js';
import { BUNDLED_RECONSTRUCTION } from '../../src/util/paths.js';
import { LABELED_SAMPLE_SIZE, SIMULATED_SAMPLE_DIR } from '../../src/replicate/replicate.js';
import type { LabeledSection } from '../../src/report/summary.js';
import { describeShared } from '../helpers/shared.js';
import { captureStderr } from '../helpers/stderr.js';

const capturedStderr = captureStderr();

interface Figure {
  estimate: number | null;
  ci95: [number, number] | null;
  method: string;
}
interface ReplicationShape {
  reconstruction: { simulated: true } | null;
  labeled?: LabeledSection;
  hashtags: { hashtag: string; bot_share_tweets: Figure }[];
  replication: {
    labeled_route: { labeler: string; file: string; labeled: number } | null;
    hashtags: {
      hashtag: string;
      published_share_tweets: number;
      planted: { share_tweets: number } | null;
      planted_in_interval: Record<string, boolean> | null;
      estimates: { tweets: { default: Figure; cc: Figure; activity_either: Figure; labeled?: Figure } };
    }[];
  };
}

const sha256 = (file: string): string => createHash('sha256').update(gunzipSync(readFileSync(file))).digest('hex');

function checkOutputs(out: string): ReplicationShape {
  for (const f of ['summary.json', 'report.html', 'charts/replication.svg', 'charts/replication.png', 'charts/share-by-hashtag.svg', 'charts/share-by-hashtag.png']) {
    expect(existsSync(path.join(out, f)), f).toBe(true);
  }
  const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as ReplicationShape;
  expect(summary.reconstruction?.simulated).toBe(true);
  const byTag = new Map(summary.replication.hashtags.map((h) => [h.hashtag, h]));
  expect([...byTag.keys()].sort()).toEqual(['forzacinaeitalia', 'graziecina']);
  for (const [tag, published] of [['forzacinaeitalia', 0.463], ['graziecina', 0.371]] as const) {
    const h = byTag.get(tag);
    expect(h?.published_share_tweets).toBe(published);
    // The plant is the published share (to rounding of whole tweets); the estimate is a share with an interval.
    expect(h?.planted?.share_tweets).toBeCloseTo(published, 3);
    const d = h?.estimates.tweets.default;
    expect(d?.estimate).not.toBeNull();
    expect(d?.ci95).not.toBeNull();
    expect(d?.estimate as number).toBeGreaterThanOrEqual(0);
    expect(d?.estimate as number).toBeLessThanOrEqual(1);
    expect(h?.estimates.tweets.cc.estimate).not.toBeNull();
    // The recommended route: the labeled sample's model-assisted share covers the plant, within ±3 points.
    const l = h?.estimates.tweets.labeled;
    if (l === undefined || l.estimate === null || l.ci95 === null) throw new Error(`${tag}: no labeled estimate`);
    expect(l.ci95[0], tag).toBeLessThanOrEqual(h?.planted?.share_tweets as number);
    expect(l.ci95[1], tag).toBeGreaterThanOrEqual(h?.planted?.share_tweets as number);
    expect((l.ci95[1] - l.ci95[0]) / 2, tag).toBeLessThanOrEqual(0.03);
    expect(h?.planted_in_interval?.labeled).toBe(true);
    // The same figure as summary.json's labeled block and headline (report --labels' own).
    const domain = summary.labeled?.hashtags.find((d) => d.hashtag === tag);
    expect(domain?.tweets.model_assisted.ci95).toEqual(l.ci95);
    expect(summary.hashtags.find((x) => x.hashtag === tag)?.bot_share_tweets).toEqual({ estimate: l.estimate, ci95: l.ci95, method: 'model-assisted' });
    // Without labels, the default method's figure stays beside it.
    expect(h?.estimates.tweets.default.method).not.toBe('model-assisted');
  }
  const route = summary.replication.labeled_route;
  expect(route?.labeler).toMatch(/^SIMULATED labeler/);
  expect(route?.labeled).toBe(LABELED_SAMPLE_SIZE);
  expect(summary.labeled?.prefix).toBe(LABELED_SAMPLE_SIZE);
  expect(summary.labeled?.file).toBe(path.join(out, SIMULATED_SAMPLE_DIR, 'sample.csv'));
  expect(existsSync(path.join(out, SIMULATED_SAMPLE_DIR, 'label.html'))).toBe(true);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  const banner = /<div id="simulation-banner"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  expect(banner.match(/SIMULATION/g)).toHaveLength(1);
  expect(banner).toMatch(/labeled by a SIMULATED labeler/);
  expect(html).toMatch(/model-assisted, from the labeled sample \(SIMULATED labeler\)/);
  return summary;
}

describe('botshare replicate without the labeled sets (a fresh clone)', () => {
  it('analyses the bundled reconstruction and says so', async () => {
    expect(existsSync(BUNDLED_RECONSTRUCTION.corpus)).toBe(true);
    const out = mkdtempSync(path.join(tmpdir(), 'botshare-replicate-bundled-'));
    const code = await run(['node', 'botshare', 'replicate', '-o', out, '--force', '--data', path.join(out, 'no-labeled-sets-here'), '--replicates', '200']);
    expect(capturedStderr()).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    expect(capturedStderr()).toMatch(/bundled SIMULATED reconstruction/);
    expect(capturedStderr()).toMatch(/#graziecina: published 37\.1%, planted 37\.1%; labeled sample \(SIMULATED labeler\) \S+ \[\S+, \S+\] \(model-assisted\); without labels/);
    checkOutputs(out);
  }, 180_000);

  it('refuses another seed without the labeled sets, with a sentence', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'botshare-replicate-seed-'));
    const code = await run(['node', 'botshare', 'replicate', '-o', out, '--data', path.join(out, 'none'), '--seed', '7', '--quiet']);
    expect(code).toBe(2);
    expect(capturedStderr()).toMatch(/seed 20200330.*--data/);
  });
});

describeShared('botshare replicate with the labeled sets', (datasets) => {
  it('writes a fresh reconstruction identical to the bundled one, and the full report', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'botshare-replicate-fresh-'));
    const code = await run(['node', 'botshare', 'replicate', '-o', out, '--data', path.join(datasets, 'labeled'), '--replicates', '200', '--no-png', '--quiet']);
    expect(capturedStderr()).toBe('');
    expect(code).toBe(0);
    const corpus = path.join(out, 'reconstruction', 'corpus.jsonl.gz');
    // The bundled sample is what this run writes: if the model's held-out list or the
    // simulator changes, this fails until datasets/reconstruction is regenerated.
    expect(sha256(corpus)).toBe(sha256(BUNDLED_RECONSTRUCTION.corpus));
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as ReplicationShape;
    expect(summary.replication.hashtags).toHaveLength(2);
  }, 300_000);
});
