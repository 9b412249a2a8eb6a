/**
 * The one report route's checks, made once for every source (src/pipeline/report.ts): each
 * refusal comes before anything is read or written, whatever the way into the report.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelScorer, type Scorer } from '../../src/pipeline/load-scorer.js';
import { report, type ReportSource } from '../../src/pipeline/report.js';
import { loadModel, type LoadedModel } from '../../src/model/scorer.js';
import { UserError } from '../../src/util/errors.js';
import { REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const EXPORT = path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest', 'v1', 'statuses.jsonl');

describe('report: the checks of every route, once', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-route-'));
  let scorer: Scorer;
  let model: LoadedModel;
  beforeAll(async () => {
    scorer = await loadModelScorer(MODEL);
    model = await loadModel(MODEL);
  });
  afterAll(() => {
    model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const sources = (): Record<string, ReportSource> => ({
    files: { kind: 'files', files: [EXPORT], scorer },
    tallies: { kind: 'tallies', tallies: [path.join(dir, 'never-read.tally')], model },
  });

  /** An OUTDIR holding one file already; the refusal must leave it as it was. */
  const outWith = (name: string): string => {
    const out = mkdtempSync(path.join(dir, 'out-'));
    writeFileSync(path.join(out, name), 'mine');
    return out;
  };

  it.each(['files', 'tallies'])('%s: refuses a rejects.csv already there without --force', async (kind) => {
    const out = outWith('rejects.csv');
    const err = await report(sources()[kind], out, { png: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(`${path.join(out, 'rejects.csv')} already exists; choose another output folder or pass --force to replace it`);
    expect(readdirSync(out)).toEqual(['rejects.csv']);
  });

  it.each(['files', 'tallies'])('%s: refuses an output already there without --force, before reading the input', async (kind) => {
    const out = outWith('summary.json');
    await expect(report(sources()[kind], out, { png: false })).rejects.toThrow(/summary\.json already exists; .* --force/);
    expect(readdirSync(out)).toEqual(['summary.json']);
  });

  it('refuses an input inside the output folder, and --scores of tallies (they hold no tweet)', async () => {
    const out = path.join(dir, 'holder');
    mkdirSync(out);
    const inside = path.join(out, 'export.jsonl');
    writeFileSync(inside, '');
    await expect(report({ kind: 'files', files: [inside], scorer }, out)).rejects.toThrow(`${inside} is inside the output folder ${out}; choose another output folder`);
    await expect(report(sources().tallies, path.join(dir, 'scores'), { scoresCsv: true })).rejects.toThrow(/--scores needs the tweets themselves/);
    await expect(report({ kind: 'files', files: [], scorer }, path.join(dir, 'none'))).rejects.toThrow('no input files given');
    expect(existsSync(path.join(dir, 'scores'))).toBe(false);
  });

  it('reads the tallies only once the outputs are free: a missing tally file is then named', async () => {
    await expect(report(sources().tallies, path.join(dir, 'fresh'), { png: false })).rejects.toThrow(/never-read\.tally/);
  });
});
