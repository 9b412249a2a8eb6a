/**
 * The closing console summary of `botshare report`: a pure function of the Summary that fits
 * a screen — one line per hashtag, the caution once, and without labels one sampling plan.
 */
import { describe, expect, it } from 'vitest';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { estimateCorpus } from '../../src/estimate/estimate-shares.js';
import { labelsNeededOf } from '../../src/pipeline/labels-needed.js';
import { consoleSummary } from '../../src/report/console-summary.js';
import { buildSummary, type Summary } from '../../src/report/summary.js';
import { labeledSummary } from './labeled-summary-fixture.js';
import { createRandom } from '../../src/util/random.js';
import { RATES } from './fixture.js';

const TAGS = Array.from({ length: 12 }, (_, k) => `tag${String(k + 1).padStart(2, '0')}`);

/** 12 hashtags of different sizes, a quarter of the accounts bot-like, through the report's own steps. */
function twelveHashtags(rates = RATES): Summary {
  const rng = createRandom(7);
  const acc = new ShareAccumulator({ threshold: rates.threshold });
  let id = 0;
  for (let u = 0; u < 900; u++) {
    const bot = u % 4 === 0;
    const tag = TAGS[Math.min(TAGS.length - 1, Math.floor(-Math.log(1 - rng.uniform()) * 4))];
    for (let k = 0; k < (bot ? 6 : 2); k++) {
      acc.add({ id: String(++id), userId: `u${u}`, createdAt: Date.UTC(2020, 2, 11) + id * 60_000, hashtags: [tag], kind: 'original', score: bot ? 0.75 : 0.25 });
    }
  }
  const estimate = estimateCorpus(acc, rates, { bootstrap: { replicates: 100, seed: 1 }, hashtags: TAGS });
  return buildSummary(estimate, {
    version: 't',
    model: 'm',
    rates,
    methodReason: 'r',
    hashtagsTracked: TAGS.length,
    tweets: acc.tweets,
    accounts: acc.accounts,
    files: [{ path: 'export.csv' }],
    labelsNeeded: labelsNeededOf(acc.canonical(), ['export.csv'], estimate.hashtags.map((h) => h.hashtag)),
  });
}

describe('the console summary of report', () => {
  it('fits 20 lines for 12 hashtags without labels (with what the run wrote): one line each, one caution, one plan', () => {
    const summary = twelveHashtags();
    expect(summary.hashtags).toHaveLength(12);
    const lines = consoleSummary(summary, { output: 'out', rejects: 1234, rejectsFile: '/abs/out/rejects.csv' });
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.slice(-2)).toEqual(['1,234 unreadable records listed in /abs/out/rejects.csv', 'wrote out/summary.json, report.html and charts/']);
    for (const h of summary.hashtags) {
      const own = lines.filter((l) => l.trimStart().startsWith(`#${h.hashtag} `));
      expect(own, h.hashtag).toHaveLength(1);
      expect(own[0]).toContain(`${h.tweets.toLocaleString('en-US')} tweets`);
      expect(own[0]).toContain(`${h.accounts.toLocaleString('en-US')} accounts`);
    }
    expect(lines.filter((l) => l.startsWith('caution:')).length).toBeLessThanOrEqual(1);
    const commands = lines.filter((l) => l.includes('botshare sample'));
    expect(commands).toHaveLength(1);
    const plan = summary.labels_plan;
    if (plan === undefined) throw new Error('no plan');
    expect(commands[0].trim()).toBe(`botshare sample export.csv -n ${plan.n} --hashtags ${TAGS.join(',')} -o sample`);
    // One sample for all twelve needs more than any one hashtag's own sample.
    const own = summary.hashtags.map((h) => h.labels_needed?.n ?? 0);
    expect(plan.n).toBeGreaterThanOrEqual(Math.max(...own));
    expect(lines).toContain(`next: label ${plan.n} accounts for ±5 points on each of the 12 hashtags (then report --labels sample/sample.csv):`);
  });

  it('says once, with counts, that shares whose intervals span 0–100% are not bounded, and prints no point for them', () => {
    // Rates with a narrow gap: the corrected shares are clipped and unbounded.
    const summary = twelveHashtags({ ...RATES, tpr: 0.486, fpr: 0.374, meanScoreBot: 0.528, meanScoreHuman: 0.491 });
    const lines = consoleSummary(summary);
    const unbounded = [summary.overall, ...summary.hashtags].flatMap((s) => [s.bot_share_tweets, s.bot_share_accounts]).filter((f) => f.ci95 !== null && f.ci95[0] <= 0 && f.ci95[1] >= 1).length;
    expect(unbounded).toBeGreaterThan(0);
    const caution = lines.filter((l) => l.startsWith('caution:'));
    expect(caution).toHaveLength(1);
    expect(caution[0]).toContain(`${unbounded} of 26 intervals span 0–100%`);
    expect(lines.filter((l) => l.includes('not bounded without labels')).length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/not bounded.*\[0/);
  });

  it('with labels: one line per hashtag with the model-assisted estimate, its interval and its labels; no plan', () => {
    const base = twelveHashtags();
    const labeled = labeledSummary(base, [{ hashtag: null, estimate: 0.5, labeled: 250 }, ...base.hashtags.map((h, k) => ({ hashtag: h.hashtag, estimate: 0.2 + k / 100, labeled: 10 + k }))]);
    const lines = consoleSummary(labeled);
    expect(lines.length + 2).toBeLessThanOrEqual(20);
    expect(lines[0]).toMatch(/model-assisted estimate from the labeled sample/);
    expect(lines[1]).toBe('labeled sample sample/sample.csv: 250 of 300 drawn accounts used (60 bot, 190 human, 0 unsure, 0 empty); export model cross-fitted-logistic');
    const first = lines.find((l) => l.trimStart().startsWith('#tag01 '));
    expect(first).toMatch(/tweets 20\.0% \[16\.0%, 24\.0%\], accounts 20\.0% \[16\.0%, 24\.0%\]; 10 labeled$/);
    expect(lines.some((l) => l.includes('botshare sample') || l.startsWith('caution:'))).toBe(false);
  });

  it('says the window and the labelers\' agreement in one line each, kappa by name and value', () => {
    const base = twelveHashtags();
    const labeled = labeledSummary(base, [{ hashtag: null, estimate: 0.5, labeled: 250 }, ...base.hashtags.map((h, k) => ({ hashtag: h.hashtag, estimate: 0.2 + k / 100, labeled: 10 + k }))]);
    const withBoth: Summary = {
      ...labeled,
      window: { since: '2020-03-11T00:00:00.000Z', until: '2020-03-23T23:59:59.999Z', label: '11–23 March 2020 (UTC)' },
      inputs: { ...labeled.inputs, files: labeled.inputs.files.map((f, i) => (i === 0 ? { ...f, outside_window: 1234 } : f)) },
      labeled: labeled.labeled === undefined ? undefined : {
        ...labeled.labeled,
        agreement: { file: 'merged.agreement.json', labelers: ['AB', 'CD'], files: 2, n: 40, percent_agreement: 0.85, kappa: 0.6123, kappa_kind: 'cohen', conflicts: 6, adjudicated: 2, rule: 'r' },
      },
    };
    const lines = consoleSummary(withBoth);
    expect(lines).toContain('window 11–23 March 2020 (UTC): 1,234 tweets outside it left out');
    expect(lines).toContain("labelers' agreement: Cohen's kappa 0.61, 85.0% over 40 accounts; 6 conflict(s), 2 adjudicated");
    expect(lines.length + 2).toBeLessThanOrEqual(20);
  });
});
