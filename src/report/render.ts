/**
 * The one place where specs become pictures: Vega-Lite → Vega → SVG with vega's headless
 * View (renderer 'none', no canvas, no network), and SVG → PNG with resvg using the DejaVu
 * fonts shipped in node_modules, never the machine's fonts, so a PNG looks the same
 * everywhere.
 */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { FONT } from './charts/common.js';

type Charting = [typeof import('vega'), typeof import('vega-lite')];
let charting: Promise<Charting> | undefined;

/**
 * vega and vega-lite, imported on first use rather than at start-up: loading them is a large
 * part of a cold start, that commands drawing no chart need not pay, and that `report
 * --workers` pays while its workers read the input (call this early to start it).
 */
export function loadCharting(): Promise<Charting> {
  charting ??= Promise.all([import('vega'), import('vega-lite')]);
  return charting;
}

/** The DejaVu TTF files used for PNG text (regular and bold). */
export function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  // The package has no entry point: find its folder through its package.json.
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => path.join(dir, f));
}

/** A loader that refuses every request: specs carry their data inline and must not fetch. */
const noLoader = {
  load: (uri: string): Promise<string> => Promise.reject(new Error(`charts may not load external data (${uri})`)),
  sanitize: (uri: string): Promise<{ href: string }> => Promise.reject(new Error(`charts may not load external data (${uri})`)),
  http: (uri: string): Promise<string> => Promise.reject(new Error(`charts may not load external data (${uri})`)),
  file: (uri: string): Promise<string> => Promise.reject(new Error(`charts may not load external data (${uri})`)),
};

/** Throws if a compiled Vega spec would fetch anything (data by URL, images, links). */
export function assertInlineOnly(node: unknown, where = 'spec'): void {
  if (Array.isArray(node)) {
    node.forEach((x, i) => assertInlineOnly(x, `${where}[${i}]`));
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'url' || k === 'href') throw new Error(`charts may not load external data (${where}.${k})`);
      if (k === 'type' && v === 'image') throw new Error(`charts may not hold image marks (${where})`);
      assertInlineOnly(v, `${where}.${k}`);
    }
  }
}

/**
 * vega numbers gradients and clip paths with process-wide counters, so a chart's SVG depended
 * on what the process had rendered before. Counters restart for each chart, and its ids take
 * a prefix from a hash of the chart itself: the same chart gives the same bytes in any
 * process, and the SVGs that one report.html inlines keep distinct ids.
 */
function scopeSvgIds(svg: string): string {
  const prefix = `c${createHash('sha256').update(svg).digest('hex').slice(0, 10)}-`;
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`);
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, resetSVGDefIds, View }, { compile }] = await loadCharting();
  const vegaSpec = compile(spec).spec;
  assertInlineOnly(vegaSpec);
  const view = new View(parse(vegaSpec), { renderer: 'none', loader: noLoader as never });
  try {
    resetSVGDefIds();
    const svg = scopeSvgIds(await view.toSVG());
    assertSafeSvg(svg);
    return svg;
  } finally {
    view.finalize();
  }
}

/** A PNG's size: a zoom of the SVG (2: twice its size), or an exact width in pixels. */
export type PngSize = number | { width: number };

function pngOptions(size: PngSize): ResvgRenderOptions {
  return {
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
    fitTo: typeof size === 'number' ? { mode: 'zoom', value: size } : { mode: 'width', value: size.width },
    background: 'white',
  };
}

export function renderPng(svg: string, scale = 2): Uint8Array {
  return new Resvg(svg, pngOptions(scale)).render().asPng();
}

/**
 * The same PNG, rendered on libuv's thread pool: a report's charts render side by side on
 * the machine's cores instead of one after another on the main thread.
 */
export async function renderPngAsync(svg: string, size: PngSize = 2): Promise<Uint8Array> {
  return (await renderAsync(svg, pngOptions(size))).asPng();
}

const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'use', 'image', 'a', 'style']);

/**
 * Defence in depth for SVG inlined into report.html: vega escapes text, and this checks that
 * the markup holds no element or attribute that could run code or load anything.
 */
export function assertSafeSvg(svg: string): void {
  const tag = /<\/?([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
  const attr = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const m of svg.matchAll(tag)) {
    const name = m[1].toLowerCase();
    if (FORBIDDEN_ELEMENTS.has(name)) throw new Error(`rendered SVG holds a <${name}> element`);
    for (const a of m[2].matchAll(attr)) {
      const key = a[1].toLowerCase();
      const value = (a[2] ?? a[3] ?? '').toLowerCase();
      if (key.startsWith('on')) throw new Error(`rendered SVG holds an event attribute (${key})`);
      if ((key === 'href' || key === 'xlink:href') && !value.startsWith('#')) {
        throw new Error(`rendered SVG holds an external link (${key})`);
      }
    }
  }
  // Every '<' must open a tag the pattern above understood: nothing unparsed slips through.
  const tags = [...svg.matchAll(tag)].length;
  const opens = (svg.match(/</g) ?? []).length;
  if (tags !== opens) throw new Error('rendered SVG holds markup that could not be checked');
}
