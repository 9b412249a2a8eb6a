import { describe, expect, it } from 'vitest';
import { ACCOUNT_FEATURES, FEATURES, TIMING_FEATURES, featureDef, featureIndex } from '../../src/features/registry.js';

describe('feature registry', () => {
  it('lists account then timing features, each once, in snake_case', () => {
    expect(FEATURES).toHaveLength(ACCOUNT_FEATURES.length + TIMING_FEATURES.length);
    expect(ACCOUNT_FEATURES).toHaveLength(21);
    expect(TIMING_FEATURES).toHaveLength(14);
    const names = FEATURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FEATURES) expect(f.name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(ACCOUNT_FEATURES.every((f) => f.group === 'account')).toBe(true);
    expect(TIMING_FEATURES.every((f) => f.group === 'timing')).toBe(true);
  });

  it('gives every feature a meaning, a formula and when it is missing', () => {
    for (const f of FEATURES) {
      expect(f.meaning.length, f.name).toBeGreaterThan(10);
      expect(f.formula.length, f.name).toBeGreaterThan(3);
      expect(f.missingWhen.length, f.name).toBeGreaterThan(3);
    }
  });

  it('finds features by name and refuses unknown names', () => {
    expect(featureIndex('statuses_count')).toBe(0);
    expect(featureIndex('corpus_tweets')).toBe(ACCOUNT_FEATURES.length);
    expect(featureDef('burstiness').scale).toBe('linear');
    expect(() => featureIndex('lang')).toThrow(/unknown feature/);
  });

  it('uses no feature that gives the class away by language, time zone or era', () => {
    const names = FEATURES.map((f) => f.name).join(' ');
    expect(names).not.toMatch(/lang|time_zone|utc_offset|color|colour|image_url/);
  });
});
