/**
 * Runs the code cells of a TypeScript notebook (Deno kernel) in order, so that a test can
 * check them and the stored outputs can be refreshed:
 *
 *   npm run build && node dist/notebooks/run-cells.js notebooks/replicate.ipynb [--write]
 *   node dist/notebooks/run-cells.js notebooks/replicate.ipynb --check    # type-check only
 *
 * Two engines, the same result shape:
 * - `deno-run` (the default): the cells are joined into one module (one scope, as in a
 *   kernel session) with a marker printed before each, run by `deno run`, and the output is
 *   split back per cell. Complete and deterministic, but a module is not quite a kernel's
 *   REPL: a kernel-only failure can pass here.
 * - `kernel`: the real thing. `jupyter nbconvert --execute` drives `deno jupyter --kernel`
 *   (a kernelspec written to a temporary JUPYTER_PATH, so nothing is installed). Needs a
 *   Jupyter with nbconvert (Debian: jupyter-nbconvert), which botshare does not depend on.
 *   Deno 2.9's kernel can send a cell's last output after it reports the cell done, and
 *   nbconvert then drops it: outputs from this engine may be cut short (seen on a loaded
 *   machine); that a cell ran without error is reliable.
 *
 * A notebook shows a chart with its `show(svg)` helper as a cell's last expression: inside a
 * kernel that is the cell's `image/svg+xml` result (an execute_result: it arrives with the
 * reply; an asynchronous `Deno.jupyter.display` was once missing from a run on a loaded
 * machine); outside one `show` prints a line `SVG_MARK + encodeURIComponent(svg)`, which this
 * runner turns back into an `image/svg+xml` output.
 * Both engines run with BOTSHARE_TF_BACKEND=wasm, so stored and fresh outputs compare.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CELL_MARK = '\u001eBOTSHARE-CELL ';
export const SVG_MARK = '\u001eBOTSHARE-SVG ';

export type Engine = 'kernel' | 'deno-run';

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  [key: string]: unknown;
}

export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface CellRun {
  /** Index among the notebook's cells (markdown included). */
  index: number;
  source: string;
  /** Whether execution reached the cell. */
  reached: boolean;
  /** What the cell printed on stdout. */
  stdout: string;
  svgs: string[];
}

export interface NotebookRun {
  engine: Engine;
  ok: boolean;
  cells: CellRun[];
  stderr: string;
  status: number | null;
  /** The executed notebook (kernel engine only): its outputs are the kernel's own. */
  executed?: Notebook;
  /** Kernel engine: errors shown by cells (none when `ok`). */
  errors: string[];
}

export interface RunOptions {
  /** Added to the environment of the cells (e.g. an output folder). */
  env?: Record<string, string>;
  /** Default: `deno-run`. */
  engine?: Engine;
  timeoutMs?: number;
}

/** The deno binary installed from the npm registry (optional dependency, Linux x64), or null. */
export function denoBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const bin = path.join(path.dirname(require.resolve('@deno/linux-x64-glibc/package.json')), 'deno');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** `jupyter-nbconvert` on the PATH when it runs, or null. */
export function nbconvertBinary(): string | null {
  const probe = spawnSync('jupyter-nbconvert', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 ? 'jupyter-nbconvert' : null;
}

export function readNotebook(file: string): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a JSON file (${err instanceof Error ? err.message : String(err)})`);
  }
  const v = nb as Partial<Notebook> | null;
  if (v === null || typeof v !== 'object' || !Array.isArray(v.cells) || typeof v.nbformat !== 'number') {
    throw new Error(`${file}: not a Jupyter notebook`);
  }
  return v as Notebook;
}

export const cellText = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''));

/** What a stored or executed cell printed on stdout, and the SVGs it displayed. */
export function cellOutputs(cell: NotebookCell): { stdout: string; svgs: string[]; errors: string[] } {
  const outs = cell.outputs ?? [];
  const stdout = outs.filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => cellText(o.text)).join('');
  const svgs = outs.flatMap((o) => {
    const shown = o.output_type === 'display_data' || o.output_type === 'execute_result';
    const svg = shown ? o.data?.['image/svg+xml'] : undefined;
    return typeof svg === 'string' || Array.isArray(svg) ? [cellText(svg as string | string[])] : [];
  });
  const errors = outs.filter((o) => o.output_type === 'error').map((o) => `${o.ename ?? 'Error'}: ${o.evalue ?? ''}`);
  return { stdout, svgs, errors };
}

function runEnv(dir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BOTSHARE_TF_BACKEND: 'wasm',
    ...env,
    NO_COLOR: '1',
    DENO_DIR: path.join(dir, 'deno-cache'),
  };
}

function runKernel(file: string, deno: string, nbconvert: string, dir: string, env: Record<string, string>, timeoutMs: number): NotebookRun {
  const nb = readNotebook(file);
  // A kernelspec of our own, found first on JUPYTER_PATH: nothing is installed for the user.
  const kernels = path.join(dir, 'jupyter', 'kernels', 'deno');
  mkdirSync(kernels, { recursive: true });
  writeFileSync(
    path.join(kernels, 'kernel.json'),
    JSON.stringify({ argv: [deno, 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno', language: 'typescript' }),
  );
  const outDir = path.join(dir, 'executed');
  const seconds = Math.ceil(timeoutMs / 1000);
  const result = spawnSync(
    nbconvert,
    ['--to', 'notebook', '--execute', path.resolve(file), '--output-dir', outDir, '--output', 'executed.ipynb', `--ExecutePreprocessor.timeout=${seconds}`, '--ExecutePreprocessor.kernel_name=deno'],
    {
      cwd: path.dirname(path.resolve(file)),
      env: { ...runEnv(dir, env), JUPYTER_PATH: path.join(dir, 'jupyter'), JUPYTER_RUNTIME_DIR: path.join(dir, 'runtime') },
      encoding: 'utf8',
      timeout: timeoutMs + 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const executedFile = path.join(outDir, 'executed.ipynb');
  const executed = result.status === 0 && existsSync(executedFile) ? readNotebook(executedFile) : undefined;
  const cells = nb.cells.flatMap((c, index): CellRun[] => {
    if (c.cell_type !== 'code') return [];
    const done = executed?.cells[index];
    const { stdout, svgs } = done === undefined ? { stdout: '', svgs: [] } : cellOutputs(done);
    return [{ index, source: cellText(c.source), reached: typeof done?.execution_count === 'number', stdout, svgs }];
  });
  const errors = executed?.cells.flatMap((c) => cellOutputs(c).errors) ?? [];
  return { engine: 'kernel', ok: executed !== undefined && errors.length === 0, cells, stderr: result.stderr ?? '', status: result.status, executed, errors };
}

/** The code cells as one module, a marker printed before each; relative imports made absolute. */
function moduleOf(file: string, nb: Notebook, importPath: (absolute: string) => string): { code: { index: number; source: string }[]; module: string } {
  const code = nb.cells.flatMap((c, index) => (c.cell_type === 'code' ? [{ index, source: cellText(c.source) }] : []));
  const nbDir = path.dirname(path.resolve(file));
  const absolute = (source: string): string =>
    source.replace(/(from\s+|import\s*\(\s*)(['"])(\.\.?\/[^'"]+)\2/g, (_m, lead: string, q: string, rel: string) => `${lead}${q}${importPath(path.resolve(nbDir, rel))}${q}`);
  const module = code.map((c) => `console.log(${JSON.stringify(`${CELL_MARK}${c.index}`)});\n${absolute(c.source)}\n`).join('\n');
  return { code, module };
}

function runModule(file: string, deno: string, dir: string, env: Record<string, string>, timeoutMs: number): NotebookRun {
  const nb = readNotebook(file);
  const nbDir = path.dirname(path.resolve(file));
  // The module lives in the temporary folder: relative imports are made absolute from the notebook's.
  const { code, module } = moduleOf(file, nb, (p) => pathToFileURL(p).href);
  const script = path.join(dir, `${path.basename(file, '.ipynb')}.ts`);
  writeFileSync(script, module);
  // A kernel started in the notebook's folder finds the project's package.json above it and
  // resolves npm packages from its node_modules by itself; a module in a temporary folder
  // needs to be told (its imports of dist/ still resolve from the project's node_modules).
  const result = spawnSync(deno, ['run', '-A', '--node-modules-dir=manual', script], {
    cwd: nbDir,
    env: runEnv(dir, env),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const cells: CellRun[] = code.map((c) => ({ index: c.index, source: c.source, reached: false, stdout: '', svgs: [] }));
  let current: CellRun | undefined;
  for (const line of (result.stdout ?? '').split('\n')) {
    if (line.startsWith(CELL_MARK)) {
      const index = Number(line.slice(CELL_MARK.length));
      current = cells.find((c) => c.index === index);
      if (current !== undefined) current.reached = true;
    } else if (current !== undefined && line.startsWith(SVG_MARK)) {
      current.svgs.push(decodeURIComponent(line.slice(SVG_MARK.length)));
    } else if (current !== undefined) {
      current.stdout += `${line}\n`;
    }
  }
  // console.log output ends with one newline per line; the split added one more.
  for (const c of cells) c.stdout = c.stdout.trim() === '' ? '' : c.stdout.replace(/\n+$/, '\n');
  return { engine: 'deno-run', ok: result.status === 0, cells, stderr: result.stderr ?? '', status: result.status, errors: [] };
}

/**
 * Type-checks the notebooks' code cells (a kernel does not): each notebook's cells as one
 * module, with botshare's types taken from the sources its `../dist/*.js` imports were built
 * from (`src/*.ts`; deno does not map a local .js to its .d.ts). Returns deno's report, or
 * null when every notebook checks.
 */
export function typeCheckNotebooks(files: readonly string[]): string | null {
  const deno = denoBinary();
  if (deno === null) throw new Error('the deno binary (@deno/linux-x64-glibc, an optional dependency) is not installed');
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-notebook-check-'));
  try {
    const toSource = (p: string): string => p.replace(/([\\/])dist([\\/].*)\.js$/, '$1src$2.ts');
    const scripts = files.map((file) => {
      const script = path.join(dir, `${path.basename(file, '.ipynb')}.ts`);
      writeFileSync(script, moduleOf(file, readNotebook(file), toSource).module);
      return script;
    });
    const cwd = path.dirname(path.resolve(files[0] ?? '.'));
    const result = spawnSync(deno, ['check', '--quiet', '--node-modules-dir=manual', '--unstable-sloppy-imports', ...scripts], {
      cwd,
      env: runEnv(dir, {}),
      encoding: 'utf8',
      timeout: 300_000,
    });
    return result.status === 0 ? null : `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || `deno check exited with ${result.status}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every code cell in order with the chosen engine (default `deno-run`). */
export function runNotebook(file: string, options: RunOptions = {}): NotebookRun {
  const deno = denoBinary();
  if (deno === null) throw new Error('the deno binary (@deno/linux-x64-glibc, an optional dependency) is not installed');
  const nbconvert = options.engine === 'kernel' ? nbconvertBinary() : null;
  if (options.engine === 'kernel' && nbconvert === null) throw new Error('the kernel engine needs jupyter-nbconvert on the PATH');
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-notebook-'));
  try {
    const timeoutMs = options.timeoutMs ?? 600_000;
    return nbconvert !== null
      ? runKernel(file, deno, nbconvert, dir, options.env ?? {}, timeoutMs)
      : runModule(file, deno, dir, options.env ?? {}, timeoutMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines = (s: string): string[] => s.split(/(?<=\n)/);

/** Keys sorted at every level, as Jupyter (nbformat) writes notebooks: saving from Jupyter then changes little. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

/** A notebook as Jupyter writes it: one-space indent, sorted keys, final newline. */
export function notebookJson(nb: Notebook): string {
  return `${JSON.stringify(sortedKeys(nb), null, 1)}\n`;
}

/**
 * The notebook with a run's outputs stored: stream and SVG display outputs rebuilt from a
 * deno-run run, or the kernel's own outputs (run timings dropped, so that a re-run changes
 * only what changed) from a kernel run.
 */
export function withOutputs(nb: Notebook, run: NotebookRun): Notebook {
  let count = 0;
  const cells = nb.cells.map((c, index): NotebookCell => {
    if (c.cell_type !== 'code') return c;
    count += 1;
    const done = run.executed?.cells[index];
    if (done !== undefined) {
      const { execution: _timings, ...metadata } = done.metadata ?? {};
      return { ...c, metadata, execution_count: count, outputs: done.outputs ?? [] };
    }
    const r = run.cells.find((x) => x.index === index);
    const outputs: NotebookOutput[] = [];
    if (r !== undefined && r.stdout !== '') outputs.push({ output_type: 'stream', name: 'stdout', text: lines(r.stdout) });
    for (const svg of r?.svgs ?? []) outputs.push({ output_type: 'display_data', data: { 'image/svg+xml': lines(svg) }, metadata: {} });
    return { ...c, execution_count: count, outputs };
  });
  return { ...nb, cells };
}
