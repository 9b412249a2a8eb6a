import { describe, expect, it } from 'vitest';
import { formatLambdaChoice, LAMBDA_CANDIDATES, measureLambdaChoice } from '../../src/experiments/lambda-choice.js';

describe('lambda-choice harness (a small version of docs/evidence/lambda-choice-simulation.json)', () => {
  it('measures every rule on the same draws: estimates inside their intervals, the guarded rules never wider than labels alone by 2 points', async () => {
    const rows = await measureLambdaChoice({ botShare: 0.3, features: 'noise', labels: 80, draws: 4, seed: 2023 });
    expect(rows.map((r) => r.domain)).toEqual(['all tweets', 'all accounts', 'hashtag tweets', 'hashtag accounts']);
    for (const r of rows) {
      expect(r.fitted).toBe(4);
      for (const c of LAMBDA_CANDIDATES) {
        expect(r.candidates[c].draws).toBe(4);
        expect(r.candidates[c].estimateOutside, `${r.domain} ${c}`).toBe(0);
      }
      expect(r.candidates['labels-only'].meanLambda).toBe(0);
      expect(r.candidates.one.meanLambda).toBe(1);
      expect(r.candidates['jackknife-tuned-or-labels-only'].widerThanLabelsOnlyBy2Points).toBe(0);
    }
    const table = formatLambdaChoice({ command: 'test', population: 'test', candidates: Object.fromEntries(LAMBDA_CANDIDATES.map((c) => [c, c])) as Record<(typeof LAMBDA_CANDIDATES)[number], string>, rows });
    expect(table.split('\n')).toHaveLength(2 + LAMBDA_CANDIDATES.length);
  }, 120_000);
});
