/**
 * The layers of ARCHITECTURE.md, held by the import graph: each folder of src/ imports only its own
 * and lower layers. A back-import (a lower layer reaching up) fails here with its file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

/** Lowest first. A folder may import its own layer and any layer before it. */
const LAYERS: readonly (readonly string[])[] = [
  ['util', 'version.ts'],
  ['ingest'],
  ['features'],
  ['labeled'],
  ['model'],
  ['estimate'],
  ['report'],
  ['pipeline'],
  ['simulate'],
  ['replicate'],
  ['experiments'],
  ['cli', 'index.ts'],
  // The benchmark times the product's own command line, so it stands above it.
  ['bench'],
];

const SRC = path.join(REPO_ROOT, 'src');

function layerOf(relative: string): number {
  const top = relative.split(/[\\/]/)[0].replace(/\.js$/, '.ts');
  const i = LAYERS.findIndex((names) => names.includes(top));
  if (i < 0) throw new Error(`src/${relative}: its folder "${top}" is in no layer; add it to LAYERS`);
  return i;
}

interface Edge {
  from: string;
  to: string;
  line: number;
}

/** Relative imports of every .ts file under src/ (static, type-only and dynamic). */
function importEdges(): Edge[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(SRC);
  const spec = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  const edges: Edge[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      for (const m of text.matchAll(spec)) {
        const target = path.resolve(path.dirname(file), m[1]);
        edges.push({ from: path.relative(SRC, file), to: path.relative(SRC, target), line: i + 1 });
      }
    });
  }
  return edges;
}

/** The edges that go up the layers, as "file:line imports target (layer a → b)". */
export function backImports(edges: readonly Edge[]): string[] {
  return edges
    .filter((e) => layerOf(e.to) > layerOf(e.from))
    .map((e) => `src/${e.from}:${e.line} imports src/${e.to} (${LAYERS[layerOf(e.from)][0]} → ${LAYERS[layerOf(e.to)][0]})`);
}

/**
 * The import circles among src/ files (type-only imports count: a circle of types is still two
 * modules that cannot be read one before the other), each as its files in a closed path.
 */
export function importCircles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const to = e.to.replace(/\.js$/, '.ts');
    next.set(e.from, [...(next.get(e.from) ?? []), to]);
  }
  // Tarjan's strongly connected components: every component of two or more files is a circle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) circles.push(component.sort());
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return circles;
}

describe('layers', () => {
  const edges = importEdges();

  it('reads the import graph of the whole source tree', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from.startsWith('pipeline') && e.to.startsWith('report'))).toBe(true);
  });

  it('has no import from a lower layer into a higher one', () => {
    expect(backImports(edges)).toEqual([]);
  });

  it('would report a back-import with its file and line', () => {
    const planted: Edge[] = [
      { from: 'estimate/methods.ts', to: 'report/summary.js', line: 7 },
      { from: 'report/html.ts', to: 'estimate/types.js', line: 3 },
      { from: 'model/train.ts', to: 'pipeline/load-scorer.js', line: 12 },
    ];
    expect(backImports(planted)).toEqual([
      'src/estimate/methods.ts:7 imports src/report/summary.js (estimate → report)',
      'src/model/train.ts:12 imports src/pipeline/load-scorer.js (model → pipeline)',
    ]);
  });

  it('has no import circle, type-only imports included', () => {
    expect(importCircles(edges)).toEqual([]);
  });

  it('would report a circle of type-only imports', () => {
    const planted: Edge[] = [
      { from: 'model/card.ts', to: 'model/nested.js', line: 1 },
      { from: 'model/nested.ts', to: 'model/cross-validate.js', line: 2 },
      { from: 'model/cross-validate.ts', to: 'model/card.js', line: 3 },
      { from: 'model/train.ts', to: 'model/card.js', line: 4 },
    ];
    expect(importCircles(planted)).toEqual([['model/card.ts', 'model/cross-validate.ts', 'model/nested.ts']]);
  });

  it('keeps the worker threads in their wing: no file of src/pipeline/ outside workers/ imports it', () => {
    const intoWing = edges.filter((e) => e.from.startsWith('pipeline/') && !e.from.startsWith('pipeline/workers/') && e.to.startsWith('pipeline/workers/'));
    expect(intoWing.map((e) => `src/${e.from}:${e.line} imports src/${e.to}`)).toEqual([]);
  });

  it('names no two files of src/ alike outside cli/ (index and types aside; stems counted across languages)', () => {
    const byStem = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) {
          if (path.relative(SRC, p) !== 'cli') walk(p);
        } else if (/\.(ts|py|mjs)$/.test(name)) {
          const stem = name.replace(/\.[a-z]+$/, '');
          if (stem !== 'index' && stem !== 'types') byStem.set(stem, [...(byStem.get(stem) ?? []), path.relative(SRC, p)]);
        }
      }
    };
    walk(SRC);
    expect([...byStem.values()].filter((files) => files.length > 1)).toEqual([]);
  });

  it('places every folder of src/ in a layer', () => {
    for (const name of readdirSync(SRC)) expect(() => layerOf(name), name).not.toThrow();
  });
});
