/**
 * The labeled-sample workflow as a user runs it: `sample` draws accounts from the bundled
 * reconstruction, a labeler (here an oracle reading the reconstruction's truth — the test's
 * place, never the estimator's) fills the first rows in order, and `report --labels` turns
 * them into shares whose intervals cover the planted ones. Bad label files are refused with
 * their lines, and a filled sample is never overwritten without --force.
 */
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/program.js';
import type { Summary } from '../../src/report/summary.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { captureStderr } from '../helpers/stderr.js';

const CORPUS = path.join(REPO_ROOT, 'datasets', 'reconstruction', 'corpus.jsonl.gz');
const TRUTH = JSON.parse(readFileSync(path.join(REPO_ROOT, 'datasets', 'reconstruction', 'truth.json'), 'utf8')) as {
  accounts: { id: string; label: 'bot' | 'human' }[];
  hashtags: { tag: string; plantedShare: number }[];
};
const LABEL = new Map(TRUTH.accounts.map((a) => [a.id, a.label]));

const capturedStderr = captureStderr();

const botshare = (...args: string[]): Promise<number> => run(['node', 'botshare', ...args, '--quiet']);

/** Labels the first `k` rows of sample.csv as the truth says (the page would write the same cells). */
function labelFirst(file: string, k: number, edit?: (cells: string[], row: number) => void): void {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const out = lines.map((line, i) => {
    if (i === 0) return line;
    const cells = line.split(',');
    if (i <= k) cells[3] = LABEL.get(cells[1]) ?? 'unsure';
    edit?.(cells, i);
    return cells.join(',');
  });
  writeFileSync(file, `${out.join('\n')}\n`);
}

describe('sample → label → report --labels on the bundled reconstruction', () => {
  let dir: string;
  let summary: Summary;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'botshare-labeled-'));
    expect(await botshare('sample', CORPUS, '-n', '150', '--seed', '3', '-o', path.join(dir, 'sample'))).toBe(0);
    labelFirst(path.join(dir, 'sample', 'sample.csv'), 120);
    expect(await botshare('report', CORPUS, '--labels', path.join(dir, 'sample', 'sample.csv'), '--replicates', '200', '--no-png', '-o', path.join(dir, 'out'))).toBe(0);
    summary = JSON.parse(readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8')) as Summary;
  }, 240_000);

  it('writes sample.csv in labeling order, the labeling page and what the draw was made from', () => {
    const csv = readFileSync(path.join(dir, 'sample', 'sample.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('rank,user_id,screen_name,label,tweets,inclusion_probability,sample_id,labeler');
    expect(csv.filter((l) => l !== '').length).toBe(151);
    expect(csv[1].startsWith('1,')).toBe(true);
    expect(readFileSync(path.join(dir, 'sample', 'label.html'), 'utf8')).toMatch(/<script type="application\/json"/);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'sample', 'sample.json'), 'utf8')) as { n: number; seed: number; sample_id: string };
    expect(manifest).toMatchObject({ n: 150, seed: 3 });
    expect(csv[1].endsWith(`${manifest.sample_id},`)).toBe(true);
  });

  it('uses the labeled prefix and names the method, the sample and its counts', () => {
    const l = summary.labeled;
    if (l === undefined) throw new Error('no labeled section');
    expect(l.prefix).toBe(120);
    expect(l.drawn).toBe(150);
    expect(l.counts.bot + l.counts.human).toBe(120);
    expect(l.method).toMatch(/model-assisted/);
    expect(l.export_model.method).toBe('cross-fitted-logistic');
    expect(l.variance).toMatch(/jackknife.*refitted/);
  });

  it('gives each hashtag a model-assisted share of tweets whose interval covers the planted share', () => {
    for (const h of TRUTH.hashtags) {
      const s = summary.hashtags.find((x) => x.hashtag === h.tag.toLowerCase());
      if (s === undefined || s.bot_share_tweets.ci95 === null) throw new Error(`${h.tag}: no headline`);
      expect(s.bot_share_tweets.method).toBe('model-assisted');
      const [lo, hi] = s.bot_share_tweets.ci95;
      expect(lo, h.tag).toBeLessThanOrEqual(h.plantedShare);
      expect(hi, h.tag).toBeGreaterThanOrEqual(h.plantedShare);
      expect(hi - lo, h.tag).toBeLessThan(0.5);
    }
    expect(readFileSync(path.join(dir, 'out', 'report.html'), 'utf8')).toMatch(/<section id="labeled-sample">/);
    expect(existsSync(path.join(dir, 'out', 'charts', 'score-by-label.svg'))).toBe(true);
  });

  it('merges two labelers with agree, and report --labels shows their agreement', async () => {
    const sampleCsvFile = path.join(dir, 'sample', 'sample.csv');
    const drawn = readFileSync(sampleCsvFile, 'utf8');
    const labeler = (name: string, flip: readonly number[]): string => {
      const file = path.join(dir, 'sample', `${name}.csv`);
      writeFileSync(file, drawn);
      labelFirst(file, 120, (cells, row) => {
        if (row > 120) return;
        if (flip.includes(row)) cells[3] = cells[3] === 'bot' ? 'human' : 'bot';
        cells[7] = name;
      });
      return file;
    };
    const ann = labeler('ann', []);
    const bob = labeler('bob', [3, 40]);
    const merged = path.join(dir, 'sample', 'merged.csv');
    expect(await botshare('agree', ann, bob, '-o', merged)).toBe(0);
    expect(await botshare('report', CORPUS, '--labels', merged, '--replicates', '50', '--no-png', '-o', path.join(dir, 'agreed'))).toBe(0);
    const agreed = JSON.parse(readFileSync(path.join(dir, 'agreed', 'summary.json'), 'utf8')) as Summary;
    const a = agreed.labeled?.agreement;
    expect(a).toMatchObject({ labelers: ['ann', 'bob'], files: 2, n: 120, conflicts: 2, adjudicated: 0, kappa_kind: 'cohen' });
    expect(a?.percent_agreement).toBeCloseTo(118 / 120, 12);
    expect(agreed.labeled?.counts.unsure).toBe(2);
    expect(readFileSync(path.join(dir, 'agreed', 'report.html'), 'utf8')).toContain(`Cohen’s kappa ${(a?.kappa as number).toFixed(2)}`);
  }, 240_000);

  it('refuses a labels file whose rows were edited, naming the lines', async () => {
    const bad = path.join(dir, 'sample', 'sample.csv');
    const good = readFileSync(bad, 'utf8');
    try {
      labelFirst(bad, 0, (cells, row) => {
        if (row === 5) cells[5] = '0.5';
      });
      expect(await botshare('report', CORPUS, '--labels', bad, '--no-png', '-o', path.join(dir, 'edited'))).toBe(2);
      expect(capturedStderr()).toMatch(/inclusion probabilit.*edited by hand/);
      expect(capturedStderr()).toMatch(/sample\.csv:6/);
      labelFirst(bad, 0, (cells, row) => {
        if (row === 2) cells[3] = 'robot';
      });
      expect(await botshare('report', CORPUS, '--labels', bad, '--no-png', '-o', path.join(dir, 'word'))).toBe(2);
      expect(capturedStderr()).toMatch(/robot/);
    } finally {
      writeFileSync(bad, good);
    }
  });

  it('never overwrites a sample (and its labels) without --force', async () => {
    const before = readFileSync(path.join(dir, 'sample', 'sample.csv'), 'utf8');
    expect(await botshare('sample', CORPUS, '-n', '10', '-o', path.join(dir, 'sample'))).toBe(2);
    expect(capturedStderr()).toMatch(/already exists/);
    expect(readFileSync(path.join(dir, 'sample', 'sample.csv'), 'utf8')).toBe(before);
  });
});
