/**
 * Every code cell of each notebook, run in order by deno (as the Deno Jupyter kernel would),
 * with its outputs checked, so that the notebooks cannot rot. Outputs go to a temporary
 * folder. Needs deno (an optional dependency, Linux x64) and ../shared.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { denoBinary, readNotebook, runNotebook, type NotebookRun } from '../../src/notebooks/run-cells.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const NOTEBOOKS = path.join(REPO_ROOT, 'notebooks');

function describeWithDeno(name: string, fn: () => void): void {
  if (denoBinary() !== null) describeShared(name, () => fn());
  else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs deno', () => {
        throw new Error('the deno binary (@deno/linux-x64-glibc, an optional dependency) is missing and CI=true requires it');
      });
    });
  } else describe.skip(`${name} (skipped: deno is not installed for this platform)`, fn);
}

function execute(name: string): { run: NotebookRun; out: string; output: (cell: number) => string } {
  const out = mkdtempSync(path.join(tmpdir(), `botshare-nb-${name}-`));
  const run = runNotebook(path.join(NOTEBOOKS, `${name}.ipynb`), { BOTSHARE_NOTEBOOK_OUT: out });
  if (!run.ok) throw new Error(`${name}.ipynb failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  const output = (cell: number): string => run.cells.find((c) => c.index === cell)?.stdout ?? '';
  return { run, out, output };
}

describe('the notebooks are real Deno-kernel notebooks', () => {
  for (const name of ['replicate', 'retrain']) {
    it(`${name}.ipynb is nbformat 4 with TypeScript code cells and stored outputs`, () => {
      const nb = readNotebook(path.join(NOTEBOOKS, `${name}.ipynb`));
      expect(nb.nbformat).toBe(4);
      expect(nb.metadata.kernelspec).toMatchObject({ name: 'deno', language: 'typescript' });
      const code = nb.cells.filter((c) => c.cell_type === 'code');
      expect(code.length).toBeGreaterThanOrEqual(5);
      expect(code.filter((c) => (c.outputs ?? []).length > 0).length).toBeGreaterThanOrEqual(code.length - 1);
    });
  }
});

describeWithDeno('notebooks run cell by cell', () => {
  it('replicate.ipynb: every cell runs; the estimates have intervals that hold the planted shares; the charts are drawn', () => {
    const { run, out, output } = execute('replicate');
    expect(run.cells.every((c) => c.reached)).toBe(true);
    const estimates = output(8).trim().split('\n');
    expect(estimates).toHaveLength(2);
    for (const line of estimates) {
      const m = /^#(\w+): ([\d.]+)% \[([\d.]+)%, ([\d.]+)%\] by (pacc|acc)/.exec(line);
      expect(m, line).not.toBeNull();
      const [lo, est, hi] = [Number(m?.[3]), Number(m?.[2]), Number(m?.[4])];
      expect(lo).toBeLessThanOrEqual(est);
      expect(est).toBeLessThanOrEqual(hi);
    }
    const comparison = output(10);
    expect(comparison).toMatch(/#forzacinaeitalia: published 46\.3%, planted 46\.3%, estimated [\d.]+%: planted share inside/);
    expect(comparison).toMatch(/#graziecina: published 37\.1%, planted 37\.1%, estimated [\d.]+%: planted share inside/);
    const charts = run.cells.flatMap((c) => c.svgs);
    expect(charts).toHaveLength(2);
    for (const svg of charts) expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(existsSync(path.join(out, 'summary.json'))).toBe(true);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/SIMULATION/);
    rmSync(out, { recursive: true, force: true });
  }, 300_000);

  it('retrain.ipynb: trains on its labels, evaluates on held-back labels, scores the real export', () => {
    const { run, out, output } = execute('retrain');
    expect(run.cells.every((c) => c.reached)).toBe(true);
    expect(output(5)).toMatch(/0 labels matched no account/);
    const auc = Number(/AUC ([\d.]+)/.exec(output(7))?.[1]);
    expect(auc).toBeGreaterThan(0.7);
    expect(auc).toBeLessThanOrEqual(1);
    expect(output(9)).toMatch(/^1718 tweets scored: mean score 0\.\d{3}/);
    expect(existsSync(path.join(out, 'model', 'card.json'))).toBe(true);
    rmSync(out, { recursive: true, force: true });
  }, 300_000);
});
