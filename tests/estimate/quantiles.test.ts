import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile, normalQuantile, studentTQuantile } from '../../src/estimate/quantiles.js';

// Table values (Abramowitz & Stegun, tables 26.1 and 26.10).
describe('quantiles', () => {
  it('normal quantiles match the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 6);
  });

  it("Student t quantiles match the tables", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 4);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.18245, 4);
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.60409, 4);
    expect(studentTQuantile(0.975, 120)).toBeCloseTo(1.97993, 4);
    expect(studentTQuantile(0.975, 500)).toBeCloseTo(1.96472, 4);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2622, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.025, 30)).toBeCloseTo(-2.0423, 4);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 6);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow();
    expect(() => studentTQuantile(0.5, 0)).toThrow();
  });
});

describe('beta distribution', () => {
  it('distribution function matches the binomial identity, quantiles the Clopper–Pearson closed form', () => {
    // I_0.4(2, 3) = P(Binomial(4, 0.4) ≥ 2) = 0.3456 + 0.1536 + 0.0256.
    expect(betaCdf(0.4, 2, 3)).toBeCloseTo(0.5248, 10);
    expect(betaCdf(0.9, 30, 2)).toBeCloseTo(1 - betaCdf(0.1, 2, 30), 12);
    // Upper bound for 0 of 10: Beta(0.975; 1, 10) = 1 − 0.025^(1/10).
    expect(betaQuantile(0.975, 1, 10)).toBeCloseTo(1 - 0.025 ** (1 / 10), 9);
    expect(betaQuantile(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 9);
    // Non-integer parameters, against scipy.stats.beta (ppf 0.0655787769410616, cdf 0.678943485866182).
    expect(betaQuantile(0.025, 7.3, 41.2)).toBeCloseTo(0.0655787769, 9);
    expect(betaCdf(0.3, 2.5, 7.5)).toBeCloseTo(0.6789434859, 9);
  });
});
