/**
 * Every core of one machine on one report: the input is cut into chunks — byte ranges of
 * uncompressed JSON-lines files, cut at line ends, and whole files otherwise — which worker
 * threads read, score and tally; the tallies merge in input order into the tally of one pass,
 * so the report is byte-identical to `--workers 1`:
 * - rejects keep their file and line (each range's lines are offset by the lines before it);
 * - duplicates across chunks are found from the ids each chunk accepted: a chunk holding a
 *   tweet that an earlier chunk accepted is tallied again, told those ids, so that its copy
 *   counts as a duplicate exactly as one pass would count it.
 */
import { foldPacked, type PackedTally } from '../../estimate/packed-tally.js';
import { emptyStatistics, mergeTallyHeads, withStatistics, type Tally, type TallyHead, type TallyStatistics } from '../../estimate/tally.js';
import { IdsAcrossChunks } from '../../ingest/id-set.js';
import type { RatesDomain } from '../../model/card-rates.js';
import type { TallyJob, TallyJobResult } from './tally-worker.js';
import { runJobs } from '../../util/worker-pool.js';
import type { TimeWindow } from '../../util/time.js';
import { partFile } from './part-files.js';
import type { Chunk } from './chunks.js';

export interface ParallelTallyOptions {
  /** The chunks, threads and compiled worker that ./thread-plan.ts chose. */
  plan: { chunks: Chunk[]; threads: number; workerUrl: URL };
  hashtags?: readonly string[];
  /** --since/--until: every chunk keeps only the tweets of this window. */
  window?: TimeWindow;
  rates: RatesDomain;
  modelDir: string;
  /** Ctrl-C: the workers stop and the run fails with the signal's reason. */
  signal?: AbortSignal;
  /** `report --scores`: each chunk's rows of scores.csv go to its part file in `dir` (./part-files.ts), pseudonymized with `salt` if given. */
  scores?: { dir: string; salt?: string };
}

type TallyDone = Extract<TallyJobResult, { tally: PackedTally }>;

/**
 * Merges the chunks' tallies as they arrive, so that the main thread holds the accounts merged
 * so far and not every chunk's tally until the last one. Duplicates across chunks and the
 * rejects' line numbers need only the earlier chunks: a chunk is taken in input order (one
 * that arrives early waits for those before it), its ids checked against theirs, and its
 * accounts merged at once, or, if it holds a tweet an earlier chunk accepted, tallied again
 * told those ids (`again`) and merged when that comes back. Accounts merge in any order
 * (`foldPacked`: the merge rule of `mergeTallies`); headers and rejects are merged in input
 * order at the end.
 */
class ChunksInOrder {
  private readonly waiting = new Map<number, TallyDone>();
  private next = 0;
  private readonly accepted = new IdsAcrossChunks();
  private readonly linesBefore = new Map<string, number>();
  /** Each chunk's line offset in its file. */
  private readonly offsets: number[] = [];
  private readonly heads: (TallyHead | undefined)[] = [];
  private statistics: TallyStatistics | undefined;
  /** Chunks to tally again, with the ids that earlier chunks accepted. */
  readonly again = new Map<number, string[]>();

  constructor(private readonly chunks: readonly Chunk[]) {}

  take(r: TallyDone): void {
    this.waiting.set(r.index, r);
    for (let w = this.waiting.get(this.next); w !== undefined; w = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.inOrder(w);
      this.next++;
    }
  }

  private inOrder(r: TallyDone): void {
    const i = r.index;
    const file = this.chunks[i].file;
    const offset = this.linesBefore.get(file) ?? 0;
    this.offsets[i] = offset;
    this.linesBefore.set(file, offset + r.lines);
    const seen: string[] = [];
    this.accepted.add(r.ids, (id) => seen.push(id));
    if (seen.length > 0) this.again.set(i, seen);
    else this.merge(r);
  }

  /** A chunk tallied again (`again`), in any order. */
  retallied(r: TallyDone): void {
    if (!this.again.has(r.index)) throw new Error(`chunk ${r.index} of the input was tallied again unasked`);
    this.merge(r);
  }

  private merge(r: TallyDone): void {
    const { header, rejects } = r.tally;
    const offset = this.offsets[r.index];
    if (offset > 0) for (const reject of rejects) reject.line += offset;
    this.heads[r.index] = { header, rejects };
    this.statistics ??= emptyStatistics(header, false);
    foldPacked(this.statistics, r.tally, header.timing);
  }

  /** The merged tally, once every chunk was taken (and tallied again where asked). */
  merged(): Tally | null {
    if (this.chunks.length === 0) return null;
    const heads = this.chunks.map((_, i) => {
      const h = this.heads[i];
      if (h === undefined) throw new Error(`chunk ${i} of the input was not tallied`);
      return h;
    });
    if (this.statistics === undefined) throw new Error('no chunk of the input was tallied');
    return withStatistics(heads.reduce((a, b) => mergeTallyHeads(a, b)), this.statistics);
  }
}

/** The tally of one pass over the plan's chunks, made by worker threads, merged as the report reads it. */
export async function tallyInParallel(options: ParallelTallyOptions): Promise<(Tally & { chunks: number; threads: number }) | null> {
  const { chunks, threads: workers, workerUrl } = options.plan;
  const job = (s: Chunk, index: number, seen?: string[]): TallyJob => ({
    index,
    modelDir: options.modelDir,
    rates: options.rates,
    file: s.file,
    format: s.format,
    range: s.range,
    seen,
    hashtags: options.hashtags === undefined ? undefined : [...options.hashtags],
    window: options.window,
    scores: options.scores === undefined ? undefined : { part: partFile(options.scores.dir, index, 'csv'), salt: options.scores.salt },
  });
  const merge = new ChunksInOrder(chunks);
  let threads = await runJobs<TallyJob, TallyDone>(chunks.map((s, i) => job(s, i)), workers, workerUrl, (r) => merge.take(r), undefined, options.signal);
  if (merge.again.size > 0) {
    const retallied = await runJobs<TallyJob, TallyDone>([...merge.again.entries()].map(([i, seen]) => job(chunks[i], i, seen)), workers, workerUrl, (r) => merge.retallied(r), undefined, options.signal);
    threads = Math.max(threads, retallied);
  }
  const merged = merge.merged();
  return merged === null ? null : { ...merged, chunks: chunks.length, threads };
}
