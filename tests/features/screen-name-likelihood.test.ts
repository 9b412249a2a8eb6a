import { describe, expect, it } from 'vitest';
import {
  BIGRAM_SYMBOLS,
  fitBigramModel,
  loadBigramModel,
  screenNameLikelihood,
} from '../../src/features/screen-name-likelihood.js';

describe('screen-name likelihood', () => {
  const model = fitBigramModel(['ab', 'Ab', 'ac']);
  // Bigrams counted: ^a ×3, ab ×2, ac ×1, b$ ×2, c$ ×1 → total 9; denominator 9 + 40² = 1609.
  const D = 9 + BIGRAM_SYMBOLS * BIGRAM_SYMBOLS;

  it('counts bigrams with start and end markers, case-folded', () => {
    expect(model.total).toBe(9);
    expect(model.names).toBe(3);
    expect(D).toBe(1609);
  });

  it('is the geometric mean of the add-one probabilities of the bigrams', () => {
    // ^a (3), ab (2), b$ (2)
    expect(screenNameLikelihood('ab', model)).toBeCloseTo(Math.cbrt((4 / D) * (3 / D) * (3 / D)), 15);
    // ^b (0), ba (0), a$ (0)
    expect(screenNameLikelihood('ba', model)).toBeCloseTo(1 / D, 15);
    // ^a (3), a$ (0)
    expect(screenNameLikelihood('a', model)).toBeCloseTo(Math.sqrt((4 / D) * (1 / D)), 15);
    expect(screenNameLikelihood('AB', model)).toBe(screenNameLikelihood('ab', model));
  });

  it('scores familiar handles above random ones', () => {
    const m = fitBigramModel(['maria_rossi', 'mario_bianchi', 'marco_rossi', 'anna_maria', 'rosa_mari']);
    expect(screenNameLikelihood('maria_bianchi', m)).toBeGreaterThan(screenNameLikelihood('xq7z1k93jd', m));
  });

  it('maps characters outside a–z 0–9 _ (and literal ^ $) to one "other" symbol', () => {
    const m = fitBigramModel(['é$', 'ü^']);
    // both names are ^ other other $: "^é" and "^ü" are the same bigram
    expect(m.counts.filter((c) => c > 0)).toEqual([2, 2, 2]);
  });

  it('is NaN for an empty name', () => {
    expect(screenNameLikelihood('', model)).toBeNaN();
  });

  it('survives a JSON round trip and refuses a damaged table', () => {
    const back = loadBigramModel(JSON.parse(JSON.stringify(model)));
    expect(screenNameLikelihood('ab', back)).toBe(screenNameLikelihood('ab', model));
    expect(() => loadBigramModel({ ...model, counts: [1, 2] })).toThrow(/bigram model/);
    expect(() => loadBigramModel(null)).toThrow(/bigram model/);
  });
});
