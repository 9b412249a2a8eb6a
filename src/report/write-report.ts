/**
 * The report's files from a finished Summary: charts/<name>.vl.json|.svg|.png, summary.json
 * and report.html. Rendering only: no model, no estimation, no case study. A caller with more
 * to say (the replication) hands its extra charts and HTML here, so that every file is
 * written once, atomically, and nothing existing is replaced without `force`.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CHARTS } from './charts/index.js';
import { reportHtml, type RenderedChart, type ReportSections } from './html.js';
import { renderPngAsync, renderSvg } from './render.js';
import { summaryJson, type Summary } from './summary.js';

export interface WriteReportOptions {
  /** Replace existing outputs. */
  force?: boolean;
  /** Also write PNGs (default true). */
  png?: boolean;
  /** Charts rendered by the caller, saved in charts/ beside the report's own (not embedded as specs). */
  extraCharts?: readonly RenderedChart[];
  /** HTML the caller adds to report.html (escaped by the caller). */
  sections?: ReportSections;
}

/** Every file `writeReport` (and, with `scoresCsv`, the scoring pass) will write. */
export function reportOutputPaths(outDir: string, options: { scoresCsv?: boolean; png?: boolean; extraCharts?: readonly string[] } = {}): string[] {
  const png = options.png !== false;
  const paths = [path.join(outDir, 'summary.json'), path.join(outDir, 'report.html')];
  for (const name of [...CHARTS.map((c) => c.name), ...(options.extraCharts ?? [])]) {
    paths.push(path.join(outDir, 'charts', `${name}.vl.json`), path.join(outDir, 'charts', `${name}.svg`));
    if (png) paths.push(path.join(outDir, 'charts', `${name}.png`));
  }
  if (options.scoresCsv === true) paths.push(path.join(outDir, 'scores.csv'));
  return paths;
}

/** Refuses, before any work, to overwrite an existing output (unless forced). */
export async function assertFresh(paths: readonly string[], force: boolean): Promise<void> {
  if (force) return;
  for (const p of paths) {
    if (await stat(p).then(() => true, () => false)) {
      throw new UserError(`${p} already exists; choose another output folder or pass --force to replace it`);
    }
  }
}

/** Writes the report of `summary` into `outDir`; returns the files written (absolute paths). */
export async function writeReport(outDir: string, summary: Summary, options: WriteReportOptions = {}): Promise<string[]> {
  const force = options.force === true;
  const png = options.png !== false;
  const written: string[] = [];
  const write = async (rel: string, data: string | Uint8Array): Promise<void> => {
    const target = path.join(outDir, rel);
    await writeFileAtomic(target, data, { force });
    written.push(path.resolve(target));
  };

  await mkdir(path.join(outDir, 'charts'), { recursive: true });
  const rendered: RenderedChart[] = [];
  const pngs: { name: string; image: Promise<Uint8Array> }[] = [];
  for (const chart of CHARTS) {
    if (!chart.applies(summary)) continue;
    const spec = chart.build(summary);
    const svg = await renderSvg(spec);
    rendered.push({ name: chart.name, title: chart.title, spec, svg });
    // PNGs render on the thread pool while the next charts are laid out.
    if (png) pngs.push({ name: chart.name, image: renderPngAsync(svg) });
    await write(path.join('charts', `${chart.name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
    await write(path.join('charts', `${chart.name}.svg`), svg);
  }
  const images = await Promise.all(pngs.map((p) => p.image));
  for (const [i, p] of pngs.entries()) await write(path.join('charts', `${p.name}.png`), images[i]);
  await write('summary.json', summaryJson(summary));
  await write('report.html', reportHtml(summary, rendered, options.sections));
  for (const c of options.extraCharts ?? []) {
    await write(path.join('charts', `${c.name}.vl.json`), `${JSON.stringify(c.spec, null, 2)}\n`);
    await write(path.join('charts', `${c.name}.svg`), c.svg);
    if (png) await write(path.join('charts', `${c.name}.png`), await renderPngAsync(c.svg));
  }
  return written;
}
