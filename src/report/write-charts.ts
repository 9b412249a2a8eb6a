/**
 * `botshare charts`: the report's charts drawn again from a summary.json, without the export
 * (a big export takes minutes to read; a figure's title, seconds). The same builders as the
 * report (./charts/index.ts), on the summary as written, optionally narrowed to some hashtags,
 * retitled, and sized for a page. Writes DIR/<chart>.vl.json, .svg and .png; replaces nothing
 * without `force`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { CHARTS } from './charts/index.js';
import { renderPngAsync, renderSvg } from './render.js';
import type { Summary } from './summary.js';
import { assertFresh } from './write-report.js';

export interface ChartsOptions {
  /** Draw only these hashtags (normalized), in this order; default: the summary's. */
  hashtags?: readonly string[];
  /** Width of every chart in pixels (the PNG's, and the SVG's displayed width); default: as the report draws them. */
  width?: number;
  /** Replaces every chart's title (its subtitle, which names the method, stays). */
  title?: string;
  /** Also write PNGs (default true). */
  png?: boolean;
  force?: boolean;
  /** The summary's file, for messages. */
  source?: string;
  /** Charts beyond the report's (the replication's), each built from the summary or null when it has nothing for it. */
  extraCharts?: readonly ExtraChart[];
}

export interface ExtraChart {
  name: string;
  build: (summary: Summary) => TopLevelSpec | null;
}

export interface ChartsResult {
  /** Files written, absolute paths. */
  written: string[];
  /** Charts not drawn, and why. */
  skipped: { name: string; reason: string }[];
}

/** Why a chart of the report has nothing to draw in a summary. */
const NOTHING_TO_DRAW: Readonly<Record<string, string>> = {
  'daily-volume': 'the summary has no daily series',
  'score-distribution': 'the summary counts no tweet',
  'threshold-sensitivity': 'the summary counts no tweet',
  'top-accounts': 'the summary lists no account',
  'score-by-label': 'the summary has no labeled sample (it was made without report --labels)',
};

/** The summary narrowed to `hashtags`, in that order; a hashtag it does not report is a UserError. */
export function withHashtags(summary: Summary, hashtags: readonly string[], file = 'the summary'): Summary {
  const picked = hashtags.map((tag) => {
    const h = summary.hashtags.find((x) => x.hashtag === tag);
    if (h === undefined) {
      throw new UserError(`--hashtags: ${file} reports no #${tag} (it reports ${summary.hashtags.map((x) => `#${x.hashtag}`).join(', ') || 'no hashtag'})`);
    }
    return h;
  });
  return { ...summary, hashtags: picked };
}

/** The spec with another title text (a plain string: vega draws it as text, never evaluates it). */
export function withTitle(spec: TopLevelSpec, title: string): TopLevelSpec {
  const old = spec.title;
  const params = typeof old === 'object' && old !== null && !Array.isArray(old) && 'text' in old ? old : undefined;
  return { ...spec, title: params === undefined ? title : { ...params, text: title } } as TopLevelSpec;
}

/** The SVG displayed `width` pixels wide (its viewBox, and so its drawing, unchanged). */
export function withDisplayWidth(svg: string, width: number): string {
  const m = /^<svg\b[^>]*\bwidth="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (m === null) throw new Error('a rendered chart has no width and height on its <svg> element');
  const height = Math.round((Number(m[2]) * width) / Number(m[1]));
  return svg.replace(/^(<svg\b[^>]*?)\bwidth="[\d.]+" height="[\d.]+"/, `$1width="${width}" height="${height}"`);
}

export async function writeCharts(summary: Summary, dir: string, options: ChartsOptions = {}): Promise<ChartsResult> {
  const png = options.png !== false;
  const force = options.force === true;
  const drawn = options.hashtags === undefined ? summary : withHashtags(summary, options.hashtags, options.source);
  const skipped: ChartsResult['skipped'] = [];
  const charts = CHARTS.filter((c) => {
    if (c.applies(drawn)) return true;
    skipped.push({ name: c.name, reason: NOTHING_TO_DRAW[c.name] ?? 'nothing to draw in this summary' });
    return false;
  });
  const specs: { name: string; spec: TopLevelSpec }[] = charts.map((c) => ({ name: c.name, spec: c.build(drawn) }));
  for (const extra of options.extraCharts ?? []) {
    const spec = extra.build(drawn);
    if (spec !== null) specs.push({ name: extra.name, spec });
  }
  const files = (name: string): string[] => [`${name}.vl.json`, `${name}.svg`, ...(png ? [`${name}.png`] : [])].map((f) => path.join(dir, f));
  await assertFresh(specs.flatMap((c) => files(c.name)), force);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const { name, spec: built } of specs) {
    const spec = options.title === undefined ? built : withTitle(built, options.title);
    const svg = await renderSvg(spec);
    const [specFile, svgFile, pngFile] = files(name);
    await writeFileAtomic(specFile, `${JSON.stringify(spec, null, 2)}\n`, { force });
    await writeFileAtomic(svgFile, options.width === undefined ? svg : withDisplayWidth(svg, options.width), { force });
    written.push(path.resolve(specFile), path.resolve(svgFile));
    if (pngFile !== undefined) {
      await writeFileAtomic(pngFile, await renderPngAsync(svg, options.width === undefined ? 2 : { width: options.width }), { force });
      written.push(path.resolve(pngFile));
    }
  }
  return { written, skipped };
}
