/**
 * Runs the code cells of a TypeScript notebook (Deno kernel) in order, outside Jupyter, so
 * that a test can check them and the stored outputs can be refreshed:
 *
 *   npm run build && node dist/notebooks/run-cells.js notebooks/replicate.ipynb [--write]
 *
 * The cells are joined into one module (one scope, as in a kernel session) with a marker
 * printed before each, run by the deno binary from node_modules, and the output is split
 * back per cell. A notebook shows charts with `show(svg)`, defined in its first cell: in
 * Jupyter it calls `Deno.jupyter.display`; here it prints a marked line that becomes an
 * `image/svg+xml` output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CELL_MARK = '\u001eBOTSHARE-CELL ';
export const SVG_MARK = '\u001eBOTSHARE-SVG ';

interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface CellRun {
  /** Index among the notebook's cells. */
  index: number;
  source: string;
  /** Whether execution reached the cell (its marker was printed). */
  reached: boolean;
  stdout: string;
  svgs: string[];
}

export interface NotebookRun {
  ok: boolean;
  cells: CellRun[];
  stderr: string;
  status: number | null;
}

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The deno binary installed from the npm registry (optional dependency), or null. */
export function denoBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@deno/linux-x64-glibc/package.json'));
    const bin = path.join(dir, 'deno');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export function readNotebook(file: string): Notebook {
  const nb = JSON.parse(readFileSync(file, 'utf8')) as Notebook;
  if (!Array.isArray(nb.cells) || typeof nb.nbformat !== 'number') throw new Error(`${file}: not a Jupyter notebook`);
  return nb;
}

const text = (s: string | string[]): string => (Array.isArray(s) ? s.join('') : s);

/** Runs every code cell in order; `env` is added to the environment (e.g. an output folder). */
export function runNotebook(file: string, env: Record<string, string> = {}, timeoutMs = 600_000): NotebookRun {
  const deno = denoBinary();
  if (deno === null) throw new Error('the deno binary (@deno/linux-x64-glibc) is not installed');
  const nb = readNotebook(file);
  const code = nb.cells.flatMap((c, index) => (c.cell_type === 'code' ? [{ index, source: text(c.source) }] : []));
  // Cells share one scope, as in a kernel; a marker before each lets the output be split back.
  // The module runs from a temporary folder: relative imports are resolved from the notebook's.
  const nbDir = path.dirname(path.resolve(file));
  const absolute = (source: string): string =>
    source.replace(/(from\s+|import\s*\(\s*)(['"])(\.\.?\/[^'"]+)\2/g, (_m, lead: string, q: string, rel: string) => `${lead}${q}${pathToFileURL(path.resolve(nbDir, rel)).href}${q}`);
  const module = code.map((c) => `console.log(${JSON.stringify(`${CELL_MARK}${c.index}`)});\n${absolute(c.source)}\n`).join('\n');
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-notebook-'));
  const script = path.join(dir, `${path.basename(file, '.ipynb')}.ts`);
  writeFileSync(script, module);
  try {
    const result = spawnSync(deno, ['run', '-A', '--node-modules-dir=manual', script], {
      cwd: nbDir,
      env: { ...process.env, ...env, BOTSHARE_NOTEBOOK_RUNNER: '1', NO_COLOR: '1', DENO_DIR: path.join(dir, 'deno-cache') },
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
        current.svgs.push(Buffer.from(line.slice(SVG_MARK.length), 'base64').toString('utf8'));
      } else if (current !== undefined) {
        current.stdout += `${line}\n`;
      }
    }
    for (const c of cells) c.stdout = c.stdout.replace(/\n+$/, c.stdout.trim() === '' ? '' : '\n');
    return { ok: result.status === 0, cells, stderr: result.stderr ?? '', status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Stores a run's outputs in the notebook (stream and SVG display outputs, execution counts). */
export function withOutputs(nb: Notebook, run: NotebookRun): Notebook {
  let count = 0;
  const cells = nb.cells.map((c, index) => {
    if (c.cell_type !== 'code') return c;
    const r = run.cells.find((x) => x.index === index);
    count += 1;
    const outputs: unknown[] = [];
    if (r !== undefined && r.stdout.trim() !== '') outputs.push({ output_type: 'stream', name: 'stdout', text: r.stdout.split(/(?<=\n)/) });
    for (const svg of r?.svgs ?? []) outputs.push({ output_type: 'display_data', data: { 'image/svg+xml': svg.split(/(?<=\n)/) }, metadata: {} });
    return { ...c, execution_count: count, outputs };
  });
  return { ...nb, cells };
}

async function main(argv: readonly string[]): Promise<void> {
  const file = argv.find((a) => !a.startsWith('--'));
  if (file === undefined) throw new Error('usage: node dist/notebooks/run-cells.js NOTEBOOK.ipynb [--write]');
  const out = mkdtempSync(path.join(tmpdir(), 'botshare-notebook-out-'));
  const run = runNotebook(file, { BOTSHARE_NOTEBOOK_OUT: out });
  for (const c of run.cells) process.stdout.write(`--- cell ${c.index}\n${c.stdout}${c.svgs.length ? `[${c.svgs.length} chart(s)]\n` : ''}`);
  if (!run.ok) {
    process.stderr.write(run.stderr);
    throw new Error(`${file}: a cell failed (exit ${run.status})`);
  }
  if (argv.includes('--write')) {
    writeFileSync(file, `${JSON.stringify(withOutputs(readNotebook(file), run), null, 1)}\n`);
    process.stderr.write(`outputs stored in ${file}\n`);
  }
  rmSync(out, { recursive: true, force: true });
}

if (process.argv[1] !== undefined && /run-cells\.js$/.test(process.argv[1])) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`run-cells: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

export { packageRoot };
