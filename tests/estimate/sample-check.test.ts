import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { readLabeledPrefix, type SampleFile, type SampleFileRow } from '../../src/estimate/sample-check.js';
import { parseLabels, sampleCsv } from '../../src/labeled/sample-csv.js';
import { drawSample, inclusionProbabilities, sizeMeasures } from '../../src/estimate/sample-design.js';
import { makePopulation } from '../../src/experiments/labeled-population.js';

const pop = makePopulation(800, 0.3, 8);
const draw = drawSample(pop.frame, 40, 12);
const indexOf = new Map(pop.frame.map((a, i) => [a.userId, i]));

/**
 * sample.csv rows as the labeling page would export them, the first `labeled` rows labeled by
 * the truth, written and read back by sample.csv's one writer and reader.
 */
function fileRows(labeled: number): SampleFileRow[] {
  const text = sampleCsv(
    draw.rows.map((r, j) => ({
      rank: r.rank,
      userId: r.userId,
      screenName: null,
      label: j < labeled ? (pop.isBot[indexOf.get(r.userId) as number] ? 'bot' : 'human') : null,
      tweets: r.tweets,
      inclusionProbability: r.inclusionProbability,
      sampleId: draw.sampleId,
    })),
  );
  return parseLabels(text, 'sample.csv').rows;
}

/** The reader's result around some rows: one sample id for the file. */
function file(rows: readonly SampleFileRow[], sampleId = draw.sampleId): SampleFile {
  return { sampleId, rows: rows.map((r) => ({ ...r, sampleId })) };
}

function errorOf(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('reading a filled sample.csv back', () => {
  it('gives the labeled prefix with π at the prefix size, empties inside it counted as not labeled', () => {
    const rows = fileRows(25);
    rows[10] = { ...rows[10], label: null };
    rows[11] = { ...rows[11], label: 'unsure' };
    const got = readLabeledPrefix('sample.csv', file(rows), pop.frame);
    expect(got.prefix).toBe(25);
    expect(got.drawn).toBe(40);
    expect(got.seed).toBe(12);
    expect(got.sample.map((s) => pop.frame[s.index].userId)).toEqual(draw.rows.slice(0, 25).map((r) => r.userId));
    const pi25 = inclusionProbabilities(sizeMeasures(pop.frame), 25);
    expect(got.sample.map((s) => s.inclusionProbability)).toEqual(got.sample.map((s) => pi25[s.index]));
    expect(got.counts.none).toBe(1);
    expect(got.counts.unsure).toBe(1);
    expect(got.counts.bot + got.counts.human).toBe(23);
    expect(got.emptyInPrefix).toEqual([12]);
  });

  it('rejects a sample from another export, naming the rows that differ', () => {
    const other = pop.frame.map((a, i) => (i === indexOf.get(draw.rows[3].userId) ? { ...a, tweets: a.tweets + 5 } : a));
    const e = errorOf(() => readLabeledPrefix('s.csv', file(fileRows(5)), other));
    expect(e.message).toMatch(/^s\.csv:5: the sample id does not match this export/);
    const fewer = pop.frame.filter((a) => a.userId !== draw.rows[7].userId);
    expect(errorOf(() => readLabeledPrefix('s.csv', file(fileRows(5)), fewer)).message).toMatch(/s\.csv:9: 1 sampled account\(s\) are not in this export/);
  });

  it('rejects another seed’s id on these rows, reordered rows, and a hand-edited π', () => {
    const otherSeed = drawSample(pop.frame, 40, 13).sampleId;
    expect(errorOf(() => readLabeledPrefix('s.csv', file(fileRows(5), otherSeed), pop.frame)).message).toMatch(/not the draw this sample id names/);
    const swapped = fileRows(5);
    [swapped[2], swapped[3]] = [{ ...swapped[3], rank: 3, line: 4 }, { ...swapped[2], rank: 4, line: 5 }];
    expect(errorOf(() => readLabeledPrefix('s.csv', file(swapped), pop.frame)).message).toMatch(/s\.csv:4: these rows are not the draw.*lines 4, 5/);
    const edited = fileRows(5);
    edited[6] = { ...edited[6], inclusionProbability: 0.5 };
    expect(errorOf(() => readLabeledPrefix('s.csv', file(edited), pop.frame)).message).toMatch(/s\.csv:8: inclusion probabilities differ/);
  });

  it('rejects an id botshare did not write and removed rows (label words, duplicates and mixed ids are the reader’s checks)', () => {
    expect(errorOf(() => readLabeledPrefix('s.csv', file(fileRows(5), 'x'), pop.frame)).message).toMatch(/not a sample id/);
    expect(errorOf(() => readLabeledPrefix('s.csv', file(fileRows(5).slice(0, 39)), pop.frame)).message).toMatch(/says 40 rows were drawn but the file has 39/);
  });
});
