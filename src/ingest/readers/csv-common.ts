/** Shared plumbing of the CSV readers: header lookup and the record loop. */
import type { Tweet } from '../tweet.js';
import { readCsv } from '../csv.js';
import { type ReadItem, type ReaderInput, reasonOf, rejectItem } from './types.js';

/** Column positions by name; -1 when the export does not have the column. */
export class Columns {
  private readonly index = new Map<string, number>();
  constructor(readonly header: readonly string[]) {
    header.forEach((name, i) => {
      if (!this.index.has(name)) this.index.set(name, i);
    });
  }
  of(name: string): number {
    return this.index.get(name) ?? -1;
  }
  /** The first of several names that exists. */
  first(...names: string[]): number {
    for (const n of names) {
      const i = this.of(n);
      if (i >= 0) return i;
    }
    return -1;
  }
  has(name: string): boolean {
    return this.index.has(name);
  }
}

/** The cell at column `i`, undefined when the export has no such column. */
export function cell(row: readonly string[], i: number): string | undefined {
  return i < 0 ? undefined : row[i];
}

/**
 * Runs `makeMapper(columns)` once on the header, then maps every record; bad records and
 * mapping errors become located rejects.
 */
export async function* readCsvTweets(
  source: ReaderInput,
  makeMapper: (columns: Columns) => (row: string[]) => Tweet,
): AsyncGenerator<ReadItem[]> {
  const file = source.input.file;
  let map: ((row: string[]) => Tweet) | null = null;
  for await (const items of readCsv(source.chunks, file, { delimiter: source.input.delimiter ?? ',' })) {
    const out: ReadItem[] = [];
    for (const item of items) {
      if ('bad' in item) {
        out.push(rejectItem(file, item.line, item.reason, item.raw));
        continue;
      }
      if (map === null) {
        map = makeMapper(new Columns(item.fields));
        continue;
      }
      try {
        out.push(map(item.fields));
      } catch (err) {
        out.push(rejectItem(file, item.line, reasonOf(err), item.raw));
      }
    }
    yield out;
  }
}
