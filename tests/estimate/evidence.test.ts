/**
 * The shipped evidence behind the default methods: written by the evaluation harness (with its
 * command), agreeing with the defaults, and quoted — not retyped — by the report's reasons.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_METHODS } from '../../src/estimate/default-method.js';
import { bestMethod, evidenceDigest, methodReason, type EstimatorEvidence, type MethodAccuracy } from '../../src/estimate/evidence.js';
import { loadEstimatorEvidence } from '../../src/pipeline/load-evidence.js';
import { REPO_ROOT } from '../helpers/shared.js';

const FILE = path.join(REPO_ROOT, 'datasets', 'evidence', 'estimators.json');

describe('datasets/evidence/estimators.json', () => {
  const evidence = loadEstimatorEvidence(FILE);

  it('was written by the evaluation harness, with the command that made it', () => {
    expect(evidence).not.toBeNull();
    if (evidence === null) return;
    expect(evidence.command).toMatch(/^node dist\/experiments\/main\.js evaluate-estimators /);
    expect(evidence.runs.length).toBeGreaterThan(1);
    expect(evidence.pooled.corpora).toBe(evidence.runs.reduce((s, r) => s + r.corpora, 0));
  });

  it('backs each unit’s default: the corrected method with the smallest pooled error among those whose intervals held', () => {
    if (evidence === null) throw new Error('no evidence');
    expect(bestMethod(evidence, 'tweets')).toBe(DEFAULT_METHODS.tweets);
    expect(bestMethod(evidence, 'accounts')).toBe(DEFAULT_METHODS.accounts);
  });

  it('is what the reasons and the caveat quote', () => {
    if (evidence === null) throw new Error('no evidence');
    const pooled = evidence.pooled.accuracy.find((a) => a.unit === 'tweets' && a.method === DEFAULT_METHODS.tweets);
    if (pooled === undefined) throw new Error('no pooled figure for the default');
    const reason = methodReason(evidence, 'tweets');
    expect(reason).toContain(`covered the truth in ${pooled.covered} of ${pooled.corpora}`);
    expect(reason).toContain(evidence.command);
    const digest = evidenceDigest(evidence);
    expect(digest.units.map((u) => u.method)).toEqual([DEFAULT_METHODS.tweets, DEFAULT_METHODS.accounts]);
  });

  it('passes over a method with a smaller error whose intervals did not hold', () => {
    if (evidence === null) throw new Error('no evidence');
    const tweets = (method: string, maePoints: number, covered: number): MethodAccuracy => ({ unit: 'tweets', method, corpora: 100, covered, maePoints, biasPoints: 0, maxErrorPoints: 0, meanWidthPoints: 0 });
    const made = (rows: MethodAccuracy[]): EstimatorEvidence => ({ ...evidence, pooled: { ...evidence.pooled, accuracy: rows } });
    expect(bestMethod(made([tweets('acc', 6, 97), tweets('pacc', 5, 88)]), 'tweets')).toBe('acc');
    expect(bestMethod(made([tweets('acc', 6, 97), tweets('pacc', 5, 90)]), 'tweets')).toBe('pacc');
    // None held: the smaller error.
    expect(bestMethod(made([tweets('acc', 6, 80), tweets('pacc', 5, 70)]), 'tweets')).toBe('pacc');
  });

  it('refuses a file that is not evidence', () => {
    expect(() => loadEstimatorEvidence(path.join(REPO_ROOT, 'package.json'))).toThrow(/package\.json: not a botshare estimator evidence file/);
    expect(loadEstimatorEvidence(path.join(REPO_ROOT, 'no-such-file.json'))).toBeNull();
  });
});
