/**
 * Every code cell of each notebook, run in order by deno (the cells joined into one module,
 * see src/experiments/run-cells.ts), with its outputs checked and compared with the outputs
 * stored in the notebook, so that the notebooks cannot rot. Where Jupyter's nbconvert is
 * installed, each notebook also runs in the real Deno Jupyter kernel. Outputs go to a
 * temporary folder (BOTSHARE_NOTEBOOK_OUT). Needs deno (an optional dependency, Linux x64)
 * and ../shared. BOTSHARE_NOTEBOOK_ENGINE=kernel runs the main checks in the kernel instead.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cellOutputs,
  cellText,
  denoBinary,
  nbconvertBinary,
  readNotebook,
  runNotebook,
  typeCheckNotebooks,
  type Engine,
  type Notebook,
  type NotebookRun,
} from '../../src/experiments/run-cells.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const NOTEBOOKS = path.join(REPO_ROOT, 'notebooks');
const NAMES = ['replicate', 'retrain', 'own-export'] as const;
const notebookFile = (name: string): string => path.join(NOTEBOOKS, `${name}.ipynb`);
const REFRESH = (name: string): string => `npm run build && node dist/experiments/main.js run-cells notebooks/${name}.ipynb --write`;

/** describe when deno is installed (and ../shared, via describeShared, when `shared`); else skip, or fail under CI=true. */
function describeWithDeno(name: string, fn: () => void, shared = true): void {
  if (denoBinary() !== null) {
    if (shared) describeShared(name, () => fn());
    else describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs deno', () => {
        throw new Error('the deno binary (@deno/linux-x64-glibc, an optional dependency) is missing, and CI=true requires it');
      });
    });
  } else describe.skip(`${name} (skipped: deno is not installed for this platform)`, fn);
}

interface Executed {
  run: NotebookRun;
  out: string;
  nb: Notebook;
  /** stdout of the code cell with this id. */
  output: (id: string) => string;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const executed = new Map<string, Executed>();

/** Runs a notebook once per test file; later tests of the same notebook reuse the run. */
function execute(name: string): Executed {
  const done = executed.get(name);
  if (done !== undefined) return done;
  const out = mkdtempSync(path.join(tmpdir(), `botshare-nb-${name}-`));
  tempDirs.push(out);
  const forced = process.env.BOTSHARE_NOTEBOOK_ENGINE;
  const engine: Engine | undefined = forced === 'kernel' || forced === 'deno-run' ? forced : undefined;
  const run = runNotebook(notebookFile(name), { env: { BOTSHARE_NOTEBOOK_OUT: out }, engine });
  if (!run.ok) throw new Error(`${name}.ipynb failed (${run.engine}, exit ${run.status}):\n${run.errors.join('\n')}\n${run.stderr.slice(-3000)}`);
  const nb = readNotebook(notebookFile(name));
  const output = (id: string): string => {
    const index = nb.cells.findIndex((c) => c.id === id);
    const cell = run.cells.find((c) => c.index === index);
    if (cell === undefined) throw new Error(`${name}.ipynb has no code cell "${id}"`);
    return cell.stdout;
  };
  const e = { run, out, nb, output };
  executed.set(name, e);
  return e;
}

/** The stored outputs are what the code prints now (both runs use the wasm backend, seeded). */
function expectStoredOutputsCurrent(name: string, e: Executed): void {
  for (const c of e.run.cells) {
    const stored = cellOutputs(e.nb.cells[c.index]);
    const id = e.nb.cells[c.index].id ?? String(c.index);
    expect(stored.errors, `${name}.ipynb cell ${id} stores an error`).toEqual([]);
    expect(stored.stdout, `${name}.ipynb cell "${id}": stored output is stale; refresh it with: ${REFRESH(name)}`).toBe(c.stdout);
    expect(stored.svgs.length, `${name}.ipynb cell "${id}": stored charts are stale; ${REFRESH(name)}`).toBe(c.svgs.length);
  }
}

const percent = (s: string | undefined): number => Number(s) / 100;

describe('the notebooks are real Deno-kernel notebooks', () => {
  for (const name of NAMES) {
    it(`${name}.ipynb is nbformat 4.5 with cell ids, TypeScript code cells importing ../dist/index.js, and stored outputs`, () => {
      const nb = readNotebook(notebookFile(name));
      expect(nb.nbformat).toBe(4);
      expect(nb.nbformat_minor).toBeGreaterThanOrEqual(5);
      expect(nb.metadata.kernelspec).toEqual({ name: 'deno', display_name: 'Deno', language: 'typescript' });
      const ids = nb.cells.map((c) => c.id ?? '');
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(new Set(ids).size).toBe(ids.length);
      const code = nb.cells.filter((c) => c.cell_type === 'code');
      expect(code.length).toBeGreaterThanOrEqual(5);
      expect(code.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n')).toContain("from '../dist/index.js'");
      expect(code.filter((c) => cellOutputs(c).stdout !== '' || cellOutputs(c).svgs.length > 0)).toHaveLength(code.length);
      expect(nb.cells.filter((c) => c.cell_type === 'markdown').length).toBeGreaterThanOrEqual(code.length - 1);
    });
  }

  it('replicate.ipynb says it runs on a simulation, before any code', () => {
    const nb = readNotebook(notebookFile('replicate'));
    expect(nb.cells[0].cell_type).toBe('markdown');
    expect(cellOutputs(nb.cells[0]).stdout).toBe('');
    expect(Array.isArray(nb.cells[0].source) ? nb.cells[0].source.join('') : nb.cells[0].source).toMatch(/SIMULATION[\s\S]*not public/);
  });
});

describeWithDeno('notebooks type-check (a kernel does not check types)', () => {
  it('every code cell of both notebooks type-checks against botshare\'s sources', () => {
    expect(typeCheckNotebooks(NAMES.map(notebookFile))).toBeNull();
  }, 120_000);

  it('a type error in a cell is reported', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-nb-check-'));
    tempDirs.push(dir);
    const file = path.join(dir, 'broken.ipynb');
    const cell = (id: string, source: string): object => ({ cell_type: 'code', id, metadata: {}, source, outputs: [], execution_count: null });
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell('a', 'const n: number = 1;'), cell('b', "const s: string = n;\nconsole.log(s);")] };
    writeFileSync(file, JSON.stringify(nb));
    expect(typeCheckNotebooks([file])).toMatch(/TS2322/);
  }, 120_000);
}, false);

describeWithDeno('notebooks run cell by cell', () => {
  it('replicate.ipynb: every cell runs; estimates are shares in [0, 1] with intervals holding the plant; charts drawn', () => {
    const e = execute('replicate');
    const { run, out, output } = e;
    expect(run.cells.every((c) => c.reached)).toBe(true);

    expect(output('ingest')).toMatch(/^read 47821, accepted 47821, rejected 0, duplicates 0\n/);
    const estimates = output('estimate').trim().split('\n');
    expect(estimates).toHaveLength(2);
    for (const line of estimates) {
      const m = /^#(\w+): ([\d.]+)% \[([\d.]+)%, ([\d.]+)%\] by (pacc|acc); cc ([\d.]+)%/.exec(line);
      expect(m, line).not.toBeNull();
      const [est, lo, hi, cc] = [percent(m?.[2]), percent(m?.[3]), percent(m?.[4]), percent(m?.[6])];
      for (const x of [est, lo, hi, cc]) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
      }
      expect(lo).toBeLessThanOrEqual(est);
      expect(est).toBeLessThanOrEqual(hi);
    }
    const comparison = output('compare');
    expect(comparison).toMatch(/#forzacinaeitalia: published 46\.3%, planted 46\.3%, estimated [\d.]+%: planted share inside/);
    expect(comparison).toMatch(/#graziecina: published 37\.1%, planted 37\.1%, estimated [\d.]+%: planted share inside/);

    // replicate() on the same corpus agrees with the step-by-step estimate.
    const report = output('report');
    expect(report).toMatch(/^wrote summary\.json, report\.html and \d+ SVG charts/);
    for (const line of estimates) {
      const [, tag, est] = /^#(\w+): ([\d.]+%)/.exec(line) ?? [];
      expect(report).toContain(`#${tag} (share of tweets)`);
      expect(new RegExp(`#${tag} \\(share of tweets\\).* (pacc|acc) ${est.replace('.', '\\.')} \\[`).test(report), `${tag} ${est}`).toBe(true);
    }
    const charts = run.cells.flatMap((c) => c.svgs);
    expect(charts).toHaveLength(2);
    for (const svg of charts) expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { reconstruction: { simulated: boolean } | null };
    expect(summary.reconstruction?.simulated).toBe(true);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/SIMULATION/);
    expect(existsSync(path.join(out, 'charts', 'replication.svg'))).toBe(true);
  }, 300_000);

  it('own-export.ipynb: window, plan, draw, two stand-in labelers, agree, report --labels and a chart on a real export', () => {
    const { run, out, output } = execute('own-export');
    expect(run.cells.every((c) => c.reached)).toBe(true);
    // The window's count, against an independent count of the raw file's created_at column.
    const raw = readFileSync(path.join(REPO_ROOT, '..', 'shared', 'datasets', 'exports', 'rtweet_coronavirus_piemonte_2020-02.csv'), 'utf8');
    const rows = parse(raw, { columns: true, bom: true }) as { created_at: string }[];
    const outside = rows.filter((r) => r.created_at < '2020-02-20' || r.created_at >= '2020-02-25').length;
    expect(output('window')).toMatch(new RegExp(`^read ${rows.length}, accepted \\d+, rejected 0, duplicates \\d+, outside the window ${outside}\nreconciles: true\n`));
    expect(output('plan')).toMatch(/^labels for ±5 points on the share of tweets \(sequential-poisson-v2, \d+ accounts in the frame\):\n  #coronavirus: \d+ labels[\s\S]*\n  botshare sample EXPORT -n \d+ --hashtags coronavirus,piemonte -o sample\n$/);
    expect(output('sample')).toMatch(/^150 accounts drawn, in labeling order .*sample id sps2:1:150:…\n$/);
    expect(output('label')).toMatch(/^stand-in A: \d+ bot, \d+ human of the first 120\nstand-in B: \d+ bot, \d+ human of the first 120\n$/);
    const kappa = /Cohen's kappa (-?[\d.]+) \(n = 120\)/.exec(output('agree'));
    expect(kappa, output('agree')).not.toBeNull();
    const agreement = JSON.parse(readFileSync(path.join(out, 'sample', 'merged.agreement.json'), 'utf8')) as { kappa: number; conflicts: unknown[] };
    expect(Number(kappa?.[1])).toBeCloseTo(agreement.kappa, 3);
    expect(output('agree')).toContain(`conflicts: ${agreement.conflicts.length}`);
    // Every labeled share lies inside its own interval, and the report recorded the agreement.
    const summary = JSON.parse(readFileSync(path.join(out, 'report', 'summary.json'), 'utf8')) as {
      window: { label: string };
      labeled: { agreement: { conflicts: number }; hashtags: { hashtag: string; tweets: { model_assisted: { estimate: number; ci95: [number, number] } } }[] };
    };
    expect(summary.window.label).toBe('20–24 February 2020 (UTC)');
    expect(summary.labeled.agreement.conflicts).toBe(agreement.conflicts.length);
    expect(summary.labeled.hashtags.map((d) => d.hashtag).sort()).toEqual(['coronavirus', 'piemonte']);
    for (const d of summary.labeled.hashtags) {
      const { estimate, ci95 } = d.tweets.model_assisted;
      expect(estimate).toBeGreaterThanOrEqual(ci95[0]);
      expect(estimate).toBeLessThanOrEqual(ci95[1]);
    }
    expect(output('report')).toContain("labelers' agreement: Cohen's kappa");
    expect(output('charts')).toMatch(/share-by-hashtag: "Figure 1\. Bot share, #coronavirus and #piemonte, 20–24 Feb 2020"; model-assisted estimate from the labeled sample/);
  }, 300_000);

  it('retrain.ipynb: trains on its labels, evaluates on held-back labels, scores the real export', () => {
    const e = execute('retrain');
    const { run, out, output } = e;
    expect(run.cells.every((c) => c.reached)).toBe(true);
    const data = /^(\d+) tweets; (\d+) labeled accounts to train on \((\d+) bots\), (\d+) to test on \((\d+) bots\)/.exec(output('data'));
    expect(data).not.toBeNull();
    expect(Number(data?.[3])).toBeGreaterThan(10);
    expect(Number(data?.[5])).toBeGreaterThan(5);
    expect(output('train')).toMatch(new RegExp(`^${data?.[2]} labeled accounts found in the export; 0 labels matched no account`));
    const metrics = /^(\d+) test accounts \((\d+) bots\): AUC ([\d.]+), F1 ([\d.]+), precision ([\d.]+), recall ([\d.]+), Brier ([\d.]+), ECE ([\d.]+)/.exec(output('evaluate'));
    expect(metrics, output('evaluate')).not.toBeNull();
    expect(Number(metrics?.[1])).toBe(Number(data?.[4]));
    const [auc, ...rest] = [3, 4, 5, 6, 7, 8].map((i) => Number(metrics?.[i]));
    expect(auc).toBeGreaterThan(0.7);
    for (const x of [auc, ...rest]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    const scored = /^(\d+) tweets scored: mean score (0\.\d{3}); (\d+) tweets score 0\.5 or more/.exec(output('score'));
    expect(scored, output('score')).not.toBeNull();
    expect(Number(scored?.[1])).toBe(1718);
    expect(Number(scored?.[3])).toBeLessThanOrEqual(1718);
    expect(existsSync(path.join(out, 'model', 'card.json'))).toBe(true);
    expect(readFileSync(path.join(out, 'labels-train.csv'), 'utf8')).toMatch(/^user_id,label\n\d+,(bot|human)\n/);
  }, 300_000);

  // Separate from the checks above: a new shipped model changes the figures, and then the
  // stored outputs (what a reader sees on GitHub) must be refreshed, not the code fixed.
  for (const name of NAMES) {
    it(`${name}.ipynb: the outputs stored in the notebook are what its cells print now`, () => {
      expectStoredOutputsCurrent(name, execute(name));
    }, 300_000);
  }
});

const nbconvert = denoBinary() === null ? null : nbconvertBinary();
const describeKernel = nbconvert !== null ? describeShared : (name: string, fn: () => void): void => {
  describe.skip(`${name} (skipped: jupyter-nbconvert is not installed; Debian: apt-get install jupyter-nbconvert)`, fn);
};

describeKernel('notebooks run in the real Deno Jupyter kernel (nbconvert --execute)', () => {
  for (const name of NAMES) {
    it(`${name}.ipynb: every cell runs without error; what it prints agrees with the stored outputs`, () => {
      const out = mkdtempSync(path.join(tmpdir(), `botshare-nb-kernel-${name}-`));
      tempDirs.push(out);
      const run = runNotebook(notebookFile(name), { env: { BOTSHARE_NOTEBOOK_OUT: out }, engine: 'kernel' });
      expect(run.errors).toEqual([]);
      expect(run.ok, run.stderr.slice(-3000)).toBe(true);
      expect(run.cells.every((c) => c.reached)).toBe(true);
      const nb = readNotebook(notebookFile(name));
      // Deno's kernel may report a cell done before its last output, which nbconvert then
      // drops: what arrived must be the start of what the cell prints.
      for (const c of run.cells) {
        const stored = cellOutputs(nb.cells[c.index]);
        expect(stored.stdout.startsWith(c.stdout), `${name}.ipynb cell "${nb.cells[c.index].id}":\n${c.stdout}\nvs stored\n${stored.stdout}`).toBe(true);
        expect(c.svgs.length).toBeLessThanOrEqual(stored.svgs.length);
        for (const svg of c.svgs) expect(stored.svgs).toContain(svg);
      }
      expect(run.cells.find((c) => cellText(c.source).includes('botshare.VERSION'))?.stdout).toMatch(/^botshare \d+\.\d+\.\d+/);
    }, 300_000);
  }
});
