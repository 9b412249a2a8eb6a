import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

/** Every project file that `entry` imports, directly or not (relative imports, static and dynamic). */
function importClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [path.resolve(REPO_ROOT, entry)];
  const spec = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(spec)) {
      stack.push(path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

describe('the estimation path of the replication', () => {
  const closure = [...importClosure('src/replicate/analyse-study.ts')].map((f) => path.relative(REPO_ROOT, f));

  it('reaches ingest, scoring, estimation and the report', () => {
    expect(closure).toContain(path.join('src', 'ingest', 'index.ts'));
    expect(closure).toContain(path.join('src', 'estimate', 'estimate-shares.ts'));
    expect(closure).toContain(path.join('src', 'pipeline', 'summarise.ts'));
  });

  it('cannot reach the simulator or its ground truth: no module on it imports src/simulate or names truth.json', () => {
    expect(closure.filter((f) => f.startsWith(path.join('src', 'simulate')))).toEqual([]);
    // The SIMULATED labeler reads the truth to fill sample.csv's labels: never on this path.
    expect(closure).not.toContain(path.join('src', 'replicate', 'simulated-labeler.ts'));
    // The labeled route's estimator is report --labels' own, reached from here.
    expect(closure).toContain(path.join('src', 'pipeline', 'labeled.ts'));
    for (const f of closure) {
      const text = readFileSync(path.join(REPO_ROOT, f), 'utf8');
      expect(text, f).not.toMatch(/truth\.json|GroundTruth/);
    }
  });
});
