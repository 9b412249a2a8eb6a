/**
 * Planning before labeling: `sample --target H --hashtags a,b` says, per named hashtag, how many
 * labels bring its share of tweets to ±H, and the draw that reaches them all; nothing is drawn.
 * After labeling, labels_to_target says how many more rows would.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/program.js';
import { labelsToTarget } from '../../src/pipeline/labels-needed.js';
import type { LabeledDomain, LabeledFigure } from '../../src/report/summary.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { captureStderr } from '../helpers/stderr.js';

const CORPUS = path.join(REPO_ROOT, 'datasets', 'reconstruction', 'corpus.jsonl.gz');
const stderr = captureStderr();

async function plan(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await run(['node', 'botshare', 'sample', CORPUS, ...args, '--quiet']);
  return { code, out };
}

const labelsOf = (out: string, tag: string): number => Number((new RegExp(`#${tag}: ([\\d,]+) labels`).exec(out) as RegExpExecArray)[1].replace(/,/g, ''));

describe('sample --target: how many labels reach a half-width on every named hashtag', () => {
  it('plans per named hashtag and names the draw of the largest; a tighter target needs more', async () => {
    const five = await plan('--hashtags', 'forzaCinaeItalia,grazieCina', '--target', '0.05');
    expect(five.code).toBe(0);
    expect(five.out).toMatch(/sequential-poisson-v2/);
    const a = labelsOf(five.out, 'forzacinaeitalia');
    const b = labelsOf(five.out, 'graziecina');
    expect(Math.min(a, b)).toBeGreaterThan(20);
    const n = Math.max(a, b);
    expect(five.out).toContain(`draw ${n} accounts for ±5 points on each of the 2`);
    expect(five.out).toContain(`-n ${n} --hashtags forzacinaeitalia,graziecina -o sample`);
    const three = await plan('--hashtags', 'forzaCinaeItalia,grazieCina', '--target', '0.03');
    expect(labelsOf(three.out, 'graziecina')).toBeGreaterThan(b);
  }, 120_000);

  it('refuses -n with --target, neither, and a target outside (0, 0.5)', async () => {
    expect((await plan('--target', '0.05', '-n', '10')).code).toBe(2);
    expect(stderr()).toMatch(/either -n .* or --target/);
    expect((await plan()).code).toBe(2);
    expect((await plan('--target', '5')).code).toBe(2);
    expect(stderr()).toMatch(/--target must be a number between 0 and 0.5/);
  });
});

describe('labels_to_target after labeling', () => {
  const fig = (lo: number, hi: number): LabeledFigure => ({
    estimate: (lo + hi) / 2,
    ci95: [lo, hi],
    raw: (lo + hi) / 2,
    standard_error: 0,
    lambda: 1,
    labeled: 0,
    not_labeled: 0,
    unsure_as_human: { estimate: 0, ci95: [0, 0] },
    unsure_as_bot: { estimate: 0, ci95: [0, 0] },
    flags: [],
  });
  const domain = (hashtag: string | null, lo: number, hi: number): LabeledDomain => ({
    hashtag,
    tweets: { model_assisted: fig(lo, hi), labels_only: fig(lo, hi) },
    accounts: { model_assisted: fig(0, 1), labels_only: fig(0, 1) },
  });

  it('scales each domain by (half-width / target)² and takes the largest; none more once reached; never beyond the frame', () => {
    const t = labelsToTarget([domain('a', 0.1, 0.3), domain('b', 0.2, 0.26)], 100, 5000);
    expect(t.by_domain.map((d) => d.needed)).toEqual([400, 100]);
    expect(t).toMatchObject({ half_width: 0.05, labeled: 100, needed: 400, more: 300 });
    expect(labelsToTarget([domain(null, 0.2, 0.26)], 100, 5000).more).toBe(0);
    expect(labelsToTarget([domain('a', 0, 1)], 100, 900).needed).toBe(900);
  });
});
