import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa } from '../../src/estimate/kappa.js';

describe('Cohen’s kappa', () => {
  it('matches a hand computation', () => {
    // Ten accounts, two labelers (rows: first labeler, columns: second; bot then human):
    //            bot  human
    //   bot       4     1      first labeler: 5 bot, 5 human
    //   human     2     3      second labeler: 6 bot, 4 human
    // p_o = (4 + 3) / 10 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    expect(cohenKappa([
      [4, 1],
      [2, 3],
    ])).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement, 0 at chance, negative below it, and null where undefined', () => {
    expect(cohenKappa([[6, 0], [0, 4]])).toBe(1);
    // Independent labelers: every cell the product of its margins.
    expect(cohenKappa([[1, 1], [1, 1]])).toBe(0);
    expect(cohenKappa([[0, 5], [5, 0]])).toBe(-1);
    expect(cohenKappa([[0, 0], [0, 0]])).toBeNull();
    expect(cohenKappa([[7, 0], [0, 0]])).toBeNull();
  });
});

describe('Fleiss’ kappa', () => {
  it('gives 0.210 on the textbook example (10 subjects, 14 raters, 5 categories)', () => {
    // The worked example of Fleiss' kappa on Wikipedia (after Fleiss 1971): P̄ = 0.378,
    // P̄_e = 0.213, κ = 0.210.
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(counts)).toBeCloseTo(0.20993, 4);
  });

  it('is 1 for unanimous subjects of both classes and refuses uneven rating counts', () => {
    expect(fleissKappa([[3, 0], [0, 3], [3, 0]])).toBe(1);
    expect(fleissKappa([])).toBeNull();
    expect(() => fleissKappa([[3, 0], [1, 1]])).toThrow(/not rated 3 times/);
  });
});
