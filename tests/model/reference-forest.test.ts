import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReferenceForest } from '../../src/model/reference-forest-results.js';
import { UserError } from '../../src/util/errors.js';
import { REPO_ROOT } from '../helpers/shared.js';

const write = (text: string): string => {
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-forest-')), 'forest.json');
  writeFileSync(f, text);
  return f;
};

describe('readReferenceForest', () => {
  it('reads the shipped file: its mean is the mean of its sets, and it names the command that made it', () => {
    const r = readReferenceForest(path.join(REPO_ROOT, 'models', 'reference-forest.json'));
    const values = Object.values(r.leaveOneDatasetOutAuc);
    expect(values.length).toBeGreaterThanOrEqual(4);
    expect(r.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
    expect(r.source?.command).toMatch(/reference-forest\.py/);
  });

  it('refuses a file without a command or with a non-numeric AUC, and ignores __proto__ keys', () => {
    expect(() => readReferenceForest(write('{"name":"f","leaveOneDatasetOutAuc":{"a":0.7}}'))).toThrow(UserError);
    expect(() => readReferenceForest(write('{"name":"f","command":"c","leaveOneDatasetOutAuc":{"a":"high"}}'))).toThrow(/leaveOneDatasetOutAuc\.a/);
    expect(() => readReferenceForest(write('{"name":'))).toThrow(/not readable JSON/);
    const r = readReferenceForest(write('{"name":"f","command":"c","leaveOneDatasetOutAuc":{"a":0.6,"b":0.8,"__proto__":{"polluted":1}}}'));
    expect(r.mean).toBeCloseTo(0.7, 12);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
