import { expect } from 'vitest';
import { loadModel } from '../../src/model/scorer.js';

/** The model saved in `dir` loads and scores a row with every feature missing strictly inside (0, 1). */
export async function expectScoresMissingRow(dir: string): Promise<void> {
  const model = await loadModel(dir);
  try {
    const scores = await model.scoreRows([new Float64Array(model.card.features.length).fill(Number.NaN)]);
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[0]).toBeLessThan(1);
  } finally {
    model.dispose();
  }
}
