import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { labelerCell, parseLabels, SAMPLE_COLUMNS, sampleCsv, sampleCsvParts, type LabelWord, type SampleCsvRow } from '../../src/labeled/sample-csv.js';
import { createRandom } from '../../src/util/random.js';

const FILE = 'out/sample.csv';

/** A generated sample: ranks 1..n, probabilities in (0, 1], the first `labeled` rows labeled. */
function sample(n: number, labeled: number, seed = 7): SampleCsvRow[] {
  const rng = createRandom(seed);
  const labels: LabelWord[] = ['bot', 'human', 'unsure'];
  return Array.from({ length: n }, (_, i) => ({
    rank: i + 1,
    userId: String(1_200_000_000_000_000_000n + BigInt(Math.floor(rng.uniform() * 1e9))),
    screenName: `user_${i}`,
    label: i < labeled ? labels[Math.floor(rng.uniform() * 3)] : null,
    tweets: 1 + Math.floor(rng.uniform() * 500),
    inclusionProbability: i === 0 ? 1 : Math.max(1e-6, rng.uniform()),
    sampleId: 'sha256:0123abcd-seed-1',
    labeler: i < labeled ? 'A.B.' : null,
  }));
}

function strip(rows: readonly { line: number }[]): unknown[] {
  return rows.map(({ line: _line, ...rest }) => rest);
}

function errorOf(text: string): string {
  try {
    parseLabels(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('parseLabels accepted the file');
}

const HEADER = SAMPLE_COLUMNS.join(',');

describe('sampleCsv', () => {
  it('writes the header and one line per row in the order given', () => {
    const rows = sample(3, 2);
    const text = sampleCsv(rows);
    const lines = text.split('\n');
    expect(lines[0]).toBe('rank,user_id,screen_name,label,tweets,inclusion_probability,sample_id,labeler');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[1]).toBe(`1,${rows[0].userId},user_0,${rows[0].label},${rows[0].tweets},1,sha256:0123abcd-seed-1,A.B.`);
    expect(lines[3]).toBe(`3,${rows[2].userId},user_2,,${rows[2].tweets},${rows[2].inclusionProbability},sha256:0123abcd-seed-1,`);
  });

  it('splits each line around its label cell, so that a page can fill labels in without a CSV writer', () => {
    const rows = sample(4, 4);
    const { header, lines } = sampleCsvParts(rows);
    expect(header + lines.map((l, i) => `${l.before}${rows[i].label ?? ''}${l.after}${labelerCell(rows[i].labeler)}\n`).join('')).toBe(sampleCsv(rows));
  });

  it('refuses rows that could not be read back (a writer bug)', () => {
    const rows = sample(2, 0);
    expect(() => sampleCsv([rows[0], { ...rows[1], inclusionProbability: 0 }])).toThrow(/not in \(0, 1\]/);
    expect(() => sampleCsv([rows[0], { ...rows[1], userId: rows[0].userId }])).toThrow(/repeated/);
    expect(() => sampleCsv([rows[0], { ...rows[1], sampleId: 'other' }])).toThrow(/differs/);
  });
});

describe('parseLabels', () => {
  it('reads back exactly what sampleCsv wrote, with the labelers and the counts', () => {
    const rows = sample(40, 25);
    const parsed = parseLabels(sampleCsv(rows), FILE);
    expect(strip(parsed.rows)).toEqual(rows);
    expect(parsed.rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2));
    expect(parsed.sampleId).toBe('sha256:0123abcd-seed-1');
    expect(parsed.warnings).toEqual([]);
    const expected = { bot: 0, human: 0, unsure: 0, unlabeled: 0 };
    for (const r of rows) expected[r.label ?? 'unlabeled']++;
    expect(parsed.counts).toEqual(expected);
    expect(expected.unlabeled).toBe(15);
  });

  it('round-trips any text in the id, screen name, sample id and labeler cells, formula guards included', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), text, fc.string({ minLength: 1, maxLength: 12 }), text, (id, name, sid, who) => {
        fc.pre(id.trim() === id && sid.trim() === sid && who.trim() === who && !/^x\d+$/.test(id) && !/^\d(\.\d+)?e[+-]?\d+$/i.test(id) && /\S/.test(id));
        const row: SampleCsvRow = { rank: 1, userId: id, screenName: name === '' ? null : name, label: 'bot', tweets: 3, inclusionProbability: 0.25, sampleId: sid, labeler: who === '' ? null : who };
        expect(strip(parseLabels(sampleCsv([row]), FILE).rows)).toEqual([row]);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('guards formula cells when writing and strips exactly that guard when reading', () => {
    const hostile: SampleCsvRow[] = [
      { rank: 1, userId: '=1+2', screenName: '=HYPERLINK("http://evil.example","x")', label: 'human', tweets: 1, inclusionProbability: 0.5, sampleId: 's', labeler: '+A, B' },
      { rank: 2, userId: '42', screenName: "'=already quoted", label: null, tweets: 2, inclusionProbability: 0.5, sampleId: 's', labeler: null },
      { rank: 3, userId: '43', screenName: '@handle', label: null, tweets: 2, inclusionProbability: 0.5, sampleId: 's', labeler: null },
    ];
    const text = sampleCsv(hostile);
    const cells = text.split('\n').slice(1, 4);
    expect(cells[0]).toBe(`1,'=1+2,"'=HYPERLINK(""http://evil.example"",""x"")",human,1,0.5,s,"'+A, B"`);
    expect(cells[1]).toBe(`2,42,''=already quoted,,2,0.5,s,`);
    expect(cells[2]).toBe(`3,43,'@handle,,2,0.5,s,`);
    // No cell starts with a character a spreadsheet would run.
    for (const line of cells) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(strip(parseLabels(text, FILE).rows)).toEqual(hostile);
  });

  it('reads a file saved with a BOM and CRLF line ends, labels in any case with spaces, and extra columns', () => {
    const text = `\uFEFF${HEADER},notes\r\n1,101,a, Bot ,5,0.5,s,,looks scheduled\r\n2,102,b,HUMAN,5,0.5,s,,\r\n3,103,c,  ,5,0.5,s,,\r\n\r\n`;
    const parsed = parseLabels(text, FILE);
    expect(parsed.rows.map((r) => [r.line, r.userId, r.label])).toEqual([
      [2, '101', 'bot'],
      [3, '102', 'human'],
      [4, '103', null],
    ]);
  });

  it('takes rows in rank order when a spreadsheet re-sorted them, and strips the x that rtweet puts before ids', () => {
    const text = `${HEADER}\n2,x102,b,human,5,0.5,s\n1,x101,a,bot,5,0.5,s\n`;
    const parsed = parseLabels(text, FILE);
    expect(parsed.rows.map((r) => [r.rank, r.userId, r.line])).toEqual([
      [1, '101', 3],
      [2, '102', 2],
    ]);
  });

  it('keeps labels after an unlabeled row (which rows form the sample is the estimator’s rule) and reads files without a labeler column', () => {
    const old = SAMPLE_COLUMNS.filter((c) => c !== 'labeler').join(',');
    const text = `${old}\n1,101,a,bot,5,0.5,s\n2,102,b,,5,0.5,s\n3,103,c,human,5,0.5,s\n4,104,d,unsure,5,0.5,s\n`;
    const parsed = parseLabels(text, FILE);
    expect(parsed.rows.map((r) => [r.rank, r.label, r.labeler])).toEqual([
      [1, 'bot', null],
      [2, null, null],
      [3, 'human', null],
      [4, 'unsure', null],
    ]);
    expect(parsed.counts).toEqual({ bot: 1, human: 1, unsure: 1, unlabeled: 1 });
    expect(parsed.warnings).toEqual([]);
  });

  it('warns about a deleted row, naming the line after the hole', () => {
    const text = `${HEADER}\n1,101,a,bot,5,0.5,s\n3,103,c,human,5,0.5,s\n`;
    const parsed = parseLabels(text, FILE);
    expect(parsed.warnings.map((w) => [w.code, w.lines])).toEqual([['ranks-missing', [3]]]);
    expect(parsed.warnings[0].message).toContain('missing before line(s) 3 (rank 3)');
  });

  it.each([
    ['an unknown label word', `1,101,a,bott,5,0.5,s`, /line 2: label "bott" is not bot, human, unsure or empty/],
    ['a non-numeric probability', `1,101,a,bot,5,half,s`, /line 2: inclusion_probability "half" is not a number/],
    ['an empty probability', `1,101,a,bot,5,,s`, /line 2: inclusion_probability "" is not a number/],
    ['a zero probability', `1,101,a,bot,5,0,s`, /line 2: inclusion_probability 0 is not in \(0, 1\]/],
    ['a probability above 1', `1,101,a,bot,5,1.2,s`, /line 2: inclusion_probability 1.2 is not in \(0, 1\]/],
    ['a negative probability', `1,101,a,bot,5,-0.1,s`, /line 2: inclusion_probability -0.1 is not in \(0, 1\]/],
    ['a rank that is not a whole number', `1.5,101,a,bot,5,0.5,s`, /line 2: rank "1.5" is not a whole number from 1/],
    ['a tweet count that is not a whole number', `1,101,a,bot,many,0.5,s`, /line 2: tweets "many" is not a whole number/],
    ['an empty user id', `1,,a,bot,5,0.5,s`, /line 2: user_id is empty/],
    ['an id a spreadsheet rounded', `1,1.23457E+18,a,bot,5,0.5,s`, /line 2: user_id "1.23457E\+18" was turned into a rounded number by a spreadsheet/],
    ['an empty sample id', `1,101,a,bot,5,0.5,`, /line 2: sample_id is empty/],
  ])('refuses %s, naming the file and the line', (_name, row, message) => {
    const text = `${HEADER}\n${row}\n`;
    const error = errorOf(text);
    expect(error).toMatch(new RegExp(`^${FILE}: 1 bad row\\(s\\): `));
    expect(error).toMatch(message);
  });

  it('refuses duplicated user ids and ranks, naming both lines', () => {
    const error = errorOf(`${HEADER}\n1,101,a,bot,5,0.5,s\n2,101,b,human,5,0.5,s\n2,102,c,,5,0.5,s\n`);
    expect(error).toContain('2 bad row(s)');
    expect(error).toContain('line 3: user_id 101 repeats line 2');
    expect(error).toContain('line 4: rank 2 repeats line 3');
  });

  it('refuses rows from two samples', () => {
    const error = errorOf(`${HEADER}\n1,101,a,bot,5,0.5,seed-1\n2,102,b,human,5,0.5,seed-2\n`);
    expect(error).toContain('line 3: sample_id "seed-2" differs from "seed-1" above: rows from two samples are mixed');
  });

  it('refuses a header without the required columns, and a file without rows', () => {
    expect(errorOf('user_id,label\n101,bot\n')).toBe(
      `${FILE}:1: missing column(s) rank, screen_name, tweets, inclusion_probability, sample_id: a sample.csv has the header ${SAMPLE_COLUMNS.filter((c) => c !== 'labeler').join(',')}[,labeler]`,
    );
    expect(errorOf(`${HEADER},label\n`)).toContain('column(s) named twice: label');
    expect(errorOf(`${HEADER}\n`)).toBe(`${FILE}: no rows: only a header`);
    expect(errorOf('')).toMatch(/^out\/sample.csv: empty/);
    expect(errorOf(`${HEADER}\n1,"101,a,bot,5,0.5,s\n`)).toMatch(/^out\/sample.csv:2: not a readable CSV/);
  });

  it('lists every bad line at once, the first few in full', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i + 1},${100 + i},a,maybe,5,0.5,s`).join('\n');
    const error = errorOf(`${HEADER}\n${rows}\n`);
    expect(error).toContain('12 bad row(s)');
    expect(error).toContain('line 9: label "maybe"');
    expect(error).not.toContain('line 10:');
    expect(error).toContain('and 4 more');
  });
});
