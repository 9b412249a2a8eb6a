import { describe, expect, it } from 'vitest';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { estimateCorpus } from '../../src/estimate/estimate-shares.js';
import type { ClassifierRates } from '../../src/model/rates.js';
import { reportHtml } from '../../src/report/html.js';
import { labelsNeededFields, labelsNeededIn, labelsNeededJointly, sampleCommand } from '../../src/pipeline/labels-needed.js';
import { buildSummary } from '../../src/report/summary.js';

const rates: ClassifierRates = { threshold: 0.5, tpr: 0.9, fpr: 0.1, meanScoreBot: 0.8, meanScoreHuman: 0.2, source: 'test' };

const FILES = ['in/export one.csv', 'b.jsonl'];

/** A summary built with the labels_needed that `needed` and `jointly` give (none without them). */
function summaryWith(needed?: (hashtag: string | undefined) => number | undefined, jointly?: (hashtags: readonly string[]) => number | undefined): ReturnType<typeof buildSummary> {
  const acc = new ShareAccumulator({ threshold: 0.5 });
  for (let i = 0; i < 40; i++) {
    acc.add({ id: `${i}`, userId: `u${i % 20}`, createdAt: Date.UTC(2020, 1, 1) + i, hashtags: [i % 2 === 0 ? 'a' : 'b'], kind: 'original', score: i % 3 === 0 ? 0.9 : 0.2 });
  }
  const estimate = estimateCorpus(acc, rates, { bootstrap: { replicates: 50, seed: 1 } });
  return buildSummary(estimate, {
    version: 't',
    model: 'm',
    rates,
    methodReason: 'r',
    hashtagsTracked: 2,
    tweets: 40,
    accounts: 20,
    files: FILES.map((path) => ({ path })),
    labelsNeeded:
      needed === undefined
        ? undefined
        : labelsNeededFields(
            FILES,
            estimate.hashtags.map((h) => h.hashtag),
            needed,
            0.05,
            jointly,
          ),
  });
}

describe('labels_needed: the headline\'s hook for the labeled route', () => {
  it('is computed from the export: none for a series without tweets, more for a tighter interval, at most the accounts there are', () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    expect(labelsNeededIn(acc, null)).toBeUndefined();
    // 400 accounts, a quarter of them busy and bot-like: the scores as a working model of the labels.
    for (let u = 0; u < 400; u++) {
      const bot = u % 4 === 0;
      for (let k = 0; k < (bot ? 12 : 2); k++) {
        acc.add({ id: `${u}-${k}`, userId: `u${u}`, createdAt: Date.UTC(2020, 1, 1) + k, hashtags: [u % 2 === 0 ? 'a' : 'b'], kind: 'original', score: bot ? 0.8 : 0.2 });
      }
    }
    const five = labelsNeededIn(acc, null) as number;
    const ten = labelsNeededIn(acc, null, 0.1) as number;
    expect(five).toBeGreaterThan(ten);
    expect(ten).toBeGreaterThan(10);
    expect(five).toBeLessThanOrEqual(400);
    expect(labelsNeededIn(acc, 'a')).toBeLessThanOrEqual(200);
    expect(labelsNeededIn(acc, 'nowhere')).toBeUndefined();
  });

  it('plans one sample for several hashtags: as a hashtag\'s own figure for one, more than any one\'s for two that share the sample', () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    for (let u = 0; u < 400; u++) {
      const bot = u % 4 === 0;
      for (let k = 0; k < (bot ? 12 : 2); k++) {
        acc.add({ id: `${u}-${k}`, userId: `u${u}`, createdAt: Date.UTC(2020, 1, 1) + k, hashtags: [u % 2 === 0 ? 'a' : 'b'], kind: 'original', score: bot ? 0.8 : 0.2 });
      }
    }
    expect(labelsNeededJointly(acc, ['a'])).toBe(labelsNeededIn(acc, 'a'));
    const a = labelsNeededIn(acc, 'a') as number;
    const b = labelsNeededIn(acc, 'b') as number;
    const both = labelsNeededJointly(acc, ['a', 'b']) as number;
    // Each hashtag gets about half of a sample drawn from both: nearly their sum.
    expect(both).toBeGreaterThan(Math.max(a, b));
    expect(both).toBeLessThanOrEqual(400);
    expect(labelsNeededJointly(acc, ['nowhere'])).toBeUndefined();
    const plan = summaryWith(() => undefined, (tags) => (tags.length === 2 ? 150.5 : undefined)).labels_plan;
    expect(plan).toEqual({ hashtags: ['a', 'b'], n: 151, command: "botshare sample 'in/export one.csv' b.jsonl -n 151 --hashtags a,b -o sample", half_width: 0.05 });
  });

  it('is absent where no number could be computed (no made-up number)', () => {
    const connected = summaryWith(() => undefined);
    expect('labels_needed' in connected.overall).toBe(false);
    expect('labels_plan' in connected).toBe(false);
    for (const h of connected.hashtags) expect('labels_needed' in h).toBe(false);
  });

  it('carries, per series, the number and the sample command that draws it, for the files read', () => {
    const s = summaryWith();
    const out = summaryWith((tag) => (tag === undefined ? 120 : tag === 'a' ? 80.2 : undefined));
    expect(out.overall.labels_needed).toEqual({ n: 120, command: "botshare sample 'in/export one.csv' b.jsonl -n 120 -o sample", half_width: 0.05 });
    const a = out.hashtags.find((h) => h.hashtag === 'a');
    const b = out.hashtags.find((h) => h.hashtag === 'b');
    expect(a?.labels_needed).toEqual({ n: 81, command: "botshare sample 'in/export one.csv' b.jsonl -n 81 --hashtags a -o sample", half_width: 0.05 });
    expect(b?.labels_needed).toBeUndefined();
    // Without the figures, none.
    expect(s.overall.labels_needed).toBeUndefined();
  });

  it('quotes what a shell would split or expand', () => {
    expect(sampleCommand(["it's $HOME.csv"], 5, 'x;rm')).toBe(`botshare sample 'it'\\''s $HOME.csv' -n 5 --hashtags 'x;rm' -o sample`);
  });

  it('report.html lists them, escaped, and shows an interval of 0–100% as not bounded rather than as its point', () => {
    const s = summaryWith((tag) => (tag === 'a' ? 42 : undefined));
    const unbounded = { ...s, overall: { ...s.overall, bot_share_tweets: { estimate: 0, ci95: [0, 1] as [number, number], method: 'acc' as const } } };
    const html = reportHtml({ ...unbounded, inputs: { ...unbounded.inputs, files: [{ path: '<x>.csv' }] } }, []);
    expect(html).toMatch(/<em>#a<\/em>: label 42 accounts for ±5 points — <code>botshare sample &#39;in\/export one.csv&#39; b.jsonl -n 42 --hashtags a -o sample<\/code>/);
    expect(html).toMatch(/<th scope="row">all tweets<\/th><td class="num">40<\/td><td class="num">20<\/td><td class="unbounded" colspan="2">not bounded without labels <span class="nowrap">\(0–100%\)<\/span><\/td>/);
  });
});
