import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAnyDate, parseIsoDate, parseTwitterDate } from '../../src/ingest/dates.js';
import { parseFields, readCsv, type CsvItem } from '../../src/ingest/csv.js';
import { IdsAcrossChunks, PackedIdList, TweetIdSet } from '../../src/ingest/id-set.js';
import { hashtagsInText } from '../../src/ingest/hashtags.js';
import { splitJsonArray } from '../../src/ingest/json-array.js';
import { splitLines, splitTextLines } from '../../src/ingest/lines.js';
import { csvCell, csvRow } from '../../src/util/csv-safe.js';

async function* chunked(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function all<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of it) out.push(...batch);
  return out;
}

describe('dates', () => {
  it('parses Twitter times, offsets included', () => {
    expect(parseTwitterDate('Wed Oct 10 20:19:24 +0000 2018')).toBe(Date.UTC(2018, 9, 10, 20, 19, 24));
    expect(parseTwitterDate('Wed Oct 10 22:19:24 +0200 2018')).toBe(Date.UTC(2018, 9, 10, 20, 19, 24));
  });
  it('parses SQL/rtweet and ISO times as UTC', () => {
    expect(parseIsoDate('2020-02-25 17:44:07')).toBe(Date.UTC(2020, 1, 25, 17, 44, 7));
    expect(parseIsoDate('2021-03-11T10:05:30.250Z')).toBe(Date.UTC(2021, 2, 11, 10, 5, 30, 250));
    expect(parseIsoDate('2021-03-11T12:05:30+02:00')).toBe(Date.UTC(2021, 2, 11, 10, 5, 30));
    expect(parseAnyDate('Fri May 01 00:18:11 +0000 2015')).toBe(Date.UTC(2015, 4, 1, 0, 18, 11));
  });
  it('refuses what is not a date, including impossible days', () => {
    for (const s of ['', 'yesterday', '2020-02-30 00:00:00', '2020-13-01 00:00:00', 'Wed Foo 10 20:19:24 +0000 2018', '2020-02-25 17:44:07 CET']) {
      expect(parseAnyDate(s)).toBeNaN();
    }
  });
  it('agrees with Date.parse on ISO strings', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), (d) => {
        expect(parseIsoDate(d.toISOString())).toBe(d.getTime());
      }),
    );
  });
});

describe('CSV record splitting', () => {
  it('splits quoted fields with commas, doubled quotes and newlines', () => {
    expect(parseFields('a,"b,c","d ""e""",,"f\ng"')).toEqual(['a', 'b,c', 'd "e"', '', 'f\ng']);
    expect(parseFields('')).toEqual(['']);
    expect(parseFields('a,')).toEqual(['a', '']);
    expect(parseFields('a,"b')).toBe('a quoted field never ends (unbalanced quote)');
  });

  it('reads back any table written with csvRow, whatever the chunk size', async () => {
    const cellText = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\n', ' ', 'x', '=', '\r', '😀') });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cellText, cellText, cellText), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (rows, size) => {
        const text = csvRow(['h1', 'h2', 'h3']) + rows.map((r) => csvRow(r)).join('');
        const items = await all<CsvItem>(readCsv(chunked(text, size), 'mem.csv'));
        const unguard = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
        const records = items.slice(1).map((i) => ('fields' in i ? i.fields.map(unguard) : ['BAD']));
        expect(records).toEqual(rows.map((r) => [...r]));
      }),
      { numRuns: 150 },
    );
  });

  it('gives each record the line it starts on', async () => {
    const items = await all<CsvItem>(readCsv(chunked('a,b\n1,"x\ny"\n\n2,z\r\n', 3), 'mem.csv'));
    expect(items.map((i) => i.line)).toEqual([1, 2, 5]);
  });

  it('after an unbalanced quote, re-reads the next line with its own quotes and delimiters', async () => {
    for (const size of [1, 3, 1000]) {
      const items = await all<CsvItem>(readCsv(chunked('a,b,c\n1,"x\n2,"q,w",3\n4,5,6\n', size), 'mem.csv'));
      expect(items.map((i) => ('fields' in i ? [i.line, ...i.fields] : [i.line, 'BAD']))).toEqual([
        [1, 'a', 'b', 'c'], [2, 'BAD'], [3, '2', 'q,w', '3'], [4, '4', '5', '6'],
      ]);
    }
  });

  it('rejects a multi-line record with sound quotes but a cell too many as one record', async () => {
    for (const size of [1, 4, 1000]) {
      const items = await all<CsvItem>(readCsv(chunked('a,b\n"1","x\ny","\n"\n"2","z"\n', size), 'mem.csv'));
      expect(items.map((i) => ('fields' in i ? [i.line, ...i.fields] : [i.line, 'BAD']))).toEqual([[1, 'a', 'b'], [2, 'BAD'], [5, '2', 'z']]);
      const bad = items[1] as Extract<CsvItem, { bad: true }>;
      expect(bad.reason).toBe('3 fields where the header has 2 (a record on lines 2-4)');
    }
  });

  it('resynchronises when a quote runs over too many lines', async () => {
    const body = `a,b\n1,"open\n${'2,ok\n'.repeat(20)}`;
    const items = await all<CsvItem>(readCsv(chunked(body, 7), 'mem.csv', { maxLinesPerRecord: 5 }));
    const good = items.filter((i): i is Extract<CsvItem, { fields: string[] }> => 'fields' in i);
    expect(good).toHaveLength(21); // header + 20 rows
    expect(items.filter((i) => 'bad' in i).map((i) => i.line)).toEqual([2]);
  });
});

describe('line splitting', () => {
  it('handles CRLF, blank lines, chunk boundaries and a missing final newline', async () => {
    const lines = await all(splitLines(chunked('a\r\n\r\nbb\n  \nccc', 2)));
    expect(lines.map((l) => [l.line, l.bytes.toString()])).toEqual([[1, 'a'], [3, 'bb'], [5, 'ccc']]);
  });
  it('does not buffer an over-long line', async () => {
    const lines = await all(splitLines(chunked(`${'x'.repeat(5000)}\nok\n`, 100), 1000));
    expect(lines[0].tooLong).toBe(true);
    expect(lines[0].bytes.length).toBeLessThanOrEqual(1100);
    expect(lines[1].bytes.toString()).toBe('ok');
  });
});

describe('text line splitting', () => {
  it('decodes multi-byte characters split across chunks, on every chunk size', async () => {
    const text = 'città\r\n😀 emoji\n\n  \nü\nlast';
    for (const size of [1, 2, 3, 5, 8, 100]) {
      const lines = await all(splitTextLines(chunked(text, size)));
      expect(lines.map((l) => [l.line, l.text, l.problem])).toEqual([
        [1, 'città', undefined], [2, '😀 emoji', undefined], [5, 'ü', undefined], [6, 'last', undefined],
      ]);
    }
  });
  it('gives every line of megabyte chunks, lines longer than a decoding piece and blank ones included', async () => {
    // Chunks are decoded in pieces of about 64 KB cut at newlines: lines of every length
    // around that size, multi-byte characters, CRLF and blank lines must come out whole.
    const rng = fc.sample(fc.array(fc.nat(90_000), { minLength: 120, maxLength: 120 }), { numRuns: 1, seed: 42 })[0];
    const expected = rng.map((len, i) => (i % 17 === 0 ? '' : `${i}:${Array.from({ length: len }, (_, k) => ['à', 'b', '😀', 'c'][k % 4]).join('')}`));
    const text = expected.map((l, i) => (i % 5 === 0 ? `${l}\r\n` : `${l}\n`)).join('');
    for (const size of [1 << 20, 300_001, 65_536]) {
      const lines = await all(splitTextLines(chunked(text, size)));
      const want = expected.flatMap((l, i) => (l === '' ? [] : [[i + 1, l]]));
      expect(lines.map((l) => [l.line, l.text])).toEqual(want);
    }
  });
  it('locates a line with invalid UTF-8 inside a chunk and keeps the others', async () => {
    const bytes = Buffer.concat([Buffer.from('ok1\nbad '), Buffer.from([0xff]), Buffer.from('\nok2\n')]);
    for (const size of [1, 4, 100]) {
      const lines = await all(splitTextLines(chunked(bytes, size)));
      expect(lines.map((l) => [l.line, l.problem ?? l.text])).toEqual([[1, 'ok1'], [2, 'invalid UTF-8 bytes in the record'], [3, 'ok2']]);
    }
  });
  it('reports an over-long line without buffering it', async () => {
    const lines = await all(splitTextLines(chunked(`short\n${'y'.repeat(3000)}\nafter`, 64), 1000));
    expect(lines.map((l) => [l.line, l.problem ?? l.text])).toEqual([[1, 'short'], [2, 'the line is longer than 1000 bytes'], [3, 'after']]);
  });
});

describe('JSON array splitting', () => {
  it('splits on any chunk boundary, with escapes and nesting', async () => {
    const elements = [{ a: 'x\\"]}', b: [1, { c: '[' }] }, { d: '\\' }, { e: 'ü"' }];
    const text = JSON.stringify(elements, null, 1);
    for (const size of [1, 2, 3, 7, 1000]) {
      const out = await all(splitJsonArray(chunked(text, size)));
      expect(out.map((e) => JSON.parse(e.bytes.toString()))).toEqual(elements);
    }
  });
});

describe('tweet id set', () => {
  it('behaves like a Set<string> on numeric and other ids', () => {
    const id = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String),
      fc.integer({ min: 0, max: 2000 }).map(String),
      fc.constantFrom('abc', '007', '', '18446744073709551616', '12a4', '-5', '1e5', '4294967294999999999', '4294967295000000000', '9'.repeat(19)),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), (ids) => {
        const set = new TweetIdSet(16);
        const ref = new Set<string>();
        for (const x of ids) expect(set.add(x)).toBe(!ref.has(x) && (ref.add(x), true));
        expect(set.size).toBe(ref.size);
        for (const x of ids) expect(set.has(x)).toBe(true);
      }),
    );
  });
  it('takes ids packed by another thread and names each duplicate as it was written', () => {
    const id = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String),
      fc.integer({ min: 0, max: 2000 }).map(String),
      fc.constantFrom('abc', '007', '', '1000000000', '4294967295999999999', '18446744073709551616'),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 100 }), fc.array(id, { maxLength: 100 }), (before, shard) => {
        const set = new TweetIdSet(16);
        for (const x of before) set.add(x);
        const list = new PackedIdList();
        const inShard = new Set<string>();
        for (const x of shard) if (!inShard.has(x)) list.push((inShard.add(x), x));
        const duplicates: string[] = [];
        set.addPacked(structuredClone(list.packed()), (x) => duplicates.push(x));
        expect(duplicates.sort()).toEqual([...inShard].filter((x) => before.includes(x)).sort());
        for (const x of inShard) expect(set.has(x)).toBe(true);
      }),
    );
  });
  it('finds the ids each chunk of the input holds that an earlier chunk held, whether or not their ranges overlap', () => {
    const id = fc.oneof(
      fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }).map(String),
      fc.integer({ min: 0, max: 3000 }).map(String),
      fc.constantFrom('abc', '007', '4294967294999999999', '4294967295000000000'),
    );
    // Sorted chunks (a file in time order) as well as shuffled ones.
    const chunk = fc.uniqueArray(id, { maxLength: 60 }).chain((ids) => fc.constantFrom(ids, [...ids].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))));
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 4 }), (chunks) => {
        const across = new IdsAcrossChunks();
        const seen = new Set<string>();
        chunks.forEach((ids) => {
          const list = new PackedIdList();
          for (const x of ids) list.push(x);
          const got: string[] = [];
          across.add(list.packed(), (x) => got.push(x));
          expect(got.sort()).toEqual(ids.filter((x) => seen.has(x)).sort());
          for (const x of ids) seen.add(x);
        });
      }),
    );
    // Disjoint ranges in order never build the set; an overlap later still finds its duplicates.
    const packed = (ids: string[]): ReturnType<PackedIdList['packed']> => {
      const list = new PackedIdList();
      for (const x of ids) list.push(x);
      return list.packed();
    };
    const across = new IdsAcrossChunks();
    const found: string[] = [];
    for (const ids of [['100', '150'], ['200', '250'], ['300'], ['150', '301', '999']]) across.add(packed(ids), (x) => found.push(x));
    expect(found).toEqual(['150']);
  });
  it('holds a million snowflake ids in 16 MB of tables', () => {
    const set = new TweetIdSet();
    let base = 1240000000000000000n;
    for (let i = 0; i < 1_000_000; i++) set.add(String((base += 4_194_305n)));
    expect(set.size).toBe(1_000_000);
    expect(set.tableBytes).toBe(16 * 1024 * 1024);
    expect(set.add('1240000000004194305')).toBe(false);
  });
});

describe('hashtags in text', () => {
  it('follows Twitter\'s rules closely enough', () => {
    expect(hashtagsInText('#GrazieCina e #forzaCinaeItalia! #1 a#b &#39; ＃Ｒｏｍａ #caffè_2')).toEqual(['graziecina', 'forzacinaeitalia', 'roma', 'caffè_2']);
  });
});

describe('CSV-safe cells', () => {
  it('quotes and guards formula-like text', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
    expect(csvRow(['a', 1, true])).toBe('a,1,true\n');
  });
});
