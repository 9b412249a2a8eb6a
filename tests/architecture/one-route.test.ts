/**
 * One report route (ARCHITECTURE.md, "One report route"): src/pipeline has at most two exported
 * report entries (the core's `report` and the workers wing's door to it), one builder of a
 * Summary (`summaryOf`, the only caller of `buildSummary`), one writer of the report's files in
 * the pipeline, and nothing that edits a Summary once built.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

const SRC = path.join(REPO_ROOT, 'src');

/** Every .ts file under `dir`, relative to src/, with its text. */
function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push({ file: path.relative(SRC, p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** Exported functions (declarations or consts) named report…: the ways into a report. */
export function reportEntries(files: readonly { file: string; text: string }[]): string[] {
  const exported = /^export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+)(report\w*)/gm;
  return files.flatMap(({ file, text }) => [...text.matchAll(exported)].map((m) => `${file}: ${m[1]}`));
}

/** Files (relative to src/) that call `name(` outside comments, its own definition aside. */
function callers(files: readonly { file: string; text: string }[], name: string): string[] {
  const call = new RegExp(`(?<!function\\s)\\b${name}\\(`);
  return files
    .filter(({ text }) => text.split('\n').some((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && call.test(line)))
    .map(({ file }) => file);
}

describe('one report route', () => {
  const pipeline = sources(path.join(SRC, 'pipeline'));
  const all = sources(SRC);

  it('has at most two exported report entries in src/pipeline, workers/ included', () => {
    const entries = reportEntries(pipeline);
    expect(entries.length, entries.join('\n')).toBeLessThanOrEqual(2);
    expect(entries).toContain('pipeline/report.ts: report');
  });

  it('would count the six entries the pipeline had before', () => {
    const before = ['reportFromFiles', 'reportScoredTweets', 'reportFromTallies', 'reportFromTally', 'reportFromMerged', 'reportInParallel'].map(
      (name, i) => ({ file: `pipeline/f${i}.ts`, text: `/** x */\nexport ${i % 2 === 0 ? 'async function' : 'const'} ${name}${i % 2 === 0 ? '(' : ' = ('}` }),
    );
    expect(reportEntries(before)).toHaveLength(6);
  });

  it('builds every Summary in one function, and writes the report files of the pipeline in one', () => {
    expect(callers(all, 'buildSummary')).toEqual(['pipeline/summary-of.ts']);
    expect(callers(pipeline, 'writeReport')).toEqual(['pipeline/report.ts']);
  });

  it('edits no Summary after it is built: the patching functions are gone from src', () => {
    const patch = /\b(pseudonymizeSummary|withLabeledHeadlines?|withLabelsNeeded\w*)\b/;
    expect(all.filter(({ text }) => patch.test(text)).map(({ file }) => file)).toEqual([]);
  });
});
