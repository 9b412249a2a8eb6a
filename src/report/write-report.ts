/**
 * `botshare report` as a library call: scored tweets in, OUTDIR out —
 * summary.json, charts/<name>.vl.json|.svg|.png, report.html and, if asked, scores.csv.
 * One pass over the tweets (aggregated as they stream, scores.csv written as they pass);
 * every file written atomically; nothing existing replaced without `force`.
 */

import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../ingest/errors.js';
import { ShareAccumulator } from '../estimate/accumulator.js';
import { DEFAULT_BOOTSTRAP, type BootstrapOptions } from '../estimate/bootstrap.js';
import { DEFAULT_METHOD_REASON, DEFAULT_METHOD_REASON_ACCOUNTS } from '../estimate/default-method.js';
import { estimateCorpusInParallel } from '../estimate/estimate-shares.js';
import type { ClassifierRates, FeatureContribution, MethodName, ScoredTweet } from '../estimate/types.js';
import { openAtomicWriter, writeFileAtomic, type AtomicWriter } from '../util/atomic-write.js';
import { csvRow } from '../util/csv-safe.js';
import { VERSION } from '../version.js';
import { CHARTS } from './charts/index.js';
import { reportHtml, type RenderedChart } from './html.js';
import { createPseudonymizer, pseudonymizeSummary, type Pseudonymizer } from './pseudonymize.js';
import { renderPngAsync, renderSvg, startReportRendering } from './render.js';
import { buildSummary, summaryJson, type InputFileCount, type Reference, type Summary, type TopAccount } from './summary.js';

export type Explanations =
  | ReadonlyMap<string, readonly FeatureContribution[]>
  | ((userId: string) => readonly FeatureContribution[] | undefined | Promise<readonly FeatureContribution[] | undefined>);

export interface ReportInput {
  /** The scored tweets, streamed once. Give either these or `accumulator`. */
  tweets?: Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>;
  /** Tweets already aggregated (then scores.csv cannot be written). */
  accumulator?: ShareAccumulator;
  /** The model card's rates at its threshold. */
  rates: ClassifierRates;
  /** The model's name/version, recorded in the outputs. */
  model: string;
  /** Per-account explanations from the model, by user id: `{feature, contribution}[]`. */
  explanations?: Explanations;
  /** Published shares of tweets to mark beside the estimates. */
  references?: Reference[];
  /** Per-file counts from ingestion, recorded in summary.json and the report; a function
   * when the counts are known only once the tweets have streamed by. */
  files?: InputFileCount[] | (() => InputFileCount[]);
}

export interface ReportOptions {
  /** Replace existing outputs. */
  force?: boolean;
  /** Report these hashtags (case-insensitive); default: the most tweeted ones. */
  hashtags?: readonly string[];
  /** Without `hashtags`: how many of the most tweeted to report (default 12). */
  maxHashtags?: number;
  /** The headline method of both units; default: each unit's, chosen by evidence. */
  method?: MethodName;
  /** Why the headline method (default: the recorded evidence). */
  methodReason?: string;
  bootstrap?: Partial<BootstrapOptions>;
  /** Also write scores.csv (needs `tweets`). */
  scoresCsv?: boolean;
  /** Replace ids and screen names by salted hashes everywhere (salt random unless given; never written). */
  pseudonymize?: boolean | { salt: string };
  /** How many of the most active accounts to show (default 20). */
  topAccounts?: number;
  /** Also write PNGs (default true). */
  png?: boolean;
}

export interface ReportResult {
  summary: Summary;
  /** Every file written, absolute paths. */
  files: string[];
}

const TOP_FEATURES = 8;

/** The input held no readable tweet: nothing is written. */
export class NoTweetsError extends UserError {
  constructor(message = 'no tweets to report: the input held no readable tweet') {
    super(message);
  }
}

function outputPaths(outDir: string, scoresCsv: boolean, png: boolean): string[] {
  const paths = [path.join(outDir, 'summary.json'), path.join(outDir, 'report.html')];
  for (const c of CHARTS) {
    paths.push(path.join(outDir, 'charts', `${c.name}.vl.json`), path.join(outDir, 'charts', `${c.name}.svg`));
    if (png) paths.push(path.join(outDir, 'charts', `${c.name}.png`));
  }
  if (scoresCsv) paths.push(path.join(outDir, 'scores.csv'));
  return paths;
}

/** Refuses, before any work, to overwrite an existing output (unless forced). */
async function assertFresh(paths: readonly string[], force: boolean): Promise<void> {
  if (force) return;
  for (const p of paths) {
    if (await stat(p).then(() => true, () => false)) {
      throw new UserError(`${p} already exists; choose another output folder or pass --force to replace it`);
    }
  }
}

const SCORES_HEADER = ['tweet_id', 'user_id', 'screen_name', 'created_at', 'hashtags', 'bot_score'];

/** Streams scores.csv rows in 64 kB chunks. */
class ScoresCsv {
  private buffer = '';
  constructor(
    private readonly writer: AtomicWriter,
    private readonly p: Pseudonymizer | undefined,
  ) {
    this.buffer = csvRow(SCORES_HEADER);
  }
  async add(t: ScoredTweet): Promise<void> {
    const p = this.p;
    const sn = t.screenName ?? '';
    this.buffer += csvRow([
      p ? p.tweetId(t.id) : t.id,
      p ? p.userId(t.userId) : t.userId,
      p && sn !== '' ? p.screenName(sn) : sn,
      new Date(t.createdAt).toISOString(),
      t.hashtags.join('|'),
      t.score,
    ]);
    if (this.buffer.length >= 65_536) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.writer.write(chunk);
  }
}

async function explain(explanations: Explanations | undefined, userId: string): Promise<FeatureContribution[]> {
  if (explanations === undefined) return [];
  const found = typeof explanations === 'function' ? await explanations(userId) : explanations.get(userId);
  if (found === undefined) return [];
  return [...found]
    .filter((f) => Number.isFinite(f.contribution))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, TOP_FEATURES)
    .map((f) => ({ feature: f.feature, contribution: f.contribution }));
}

/** The evidence for a unit's default, or, when the user chose the method, that and the evidence. */
function reasonFor(chosen: MethodName | undefined, evidence: string): string {
  return chosen === undefined ? evidence : `chosen by the user (--method ${chosen}). The evidence behind the default: ${evidence}`;
}

export async function writeReport(outDir: string, input: ReportInput, options: ReportOptions = {}): Promise<ReportResult> {
  const force = options.force === true;
  const png = options.png !== false;
  const wantCsv = options.scoresCsv === true;
  if ((input.tweets === undefined) === (input.accumulator === undefined)) {
    throw new RangeError('writeReport needs either `tweets` or `accumulator`, not both');
  }
  if (wantCsv && input.tweets === undefined) {
    throw new RangeError('scores.csv needs the tweets themselves, not an accumulator');
  }
  const paths = outputPaths(outDir, wantCsv, png);
  await assertFresh(paths, force);
  // The folder for scores.csv now; charts/ only once the tweets are in, so an interrupted
  // or failed run leaves nothing behind in an existing folder.
  if (wantCsv) await mkdir(outDir, { recursive: true });

  const pseudo =
    options.pseudonymize === undefined || options.pseudonymize === false
      ? undefined
      : createPseudonymizer(options.pseudonymize === true ? undefined : options.pseudonymize.salt);

  // One pass: aggregate, and write scores.csv as the tweets go by.
  let acc = input.accumulator;
  if (acc === undefined) {
    acc = new ShareAccumulator({ threshold: input.rates.threshold, hashtags: options.hashtags });
    const writer = wantCsv ? await openAtomicWriter(path.join(outDir, 'scores.csv'), { force }) : undefined;
    const csv = writer === undefined ? undefined : new ScoresCsv(writer, pseudo);
    try {
      for await (const t of input.tweets as Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>) {
        acc.add(t);
        if (csv !== undefined) await csv.add(t);
      }
      if (acc.tweets === 0) throw new NoTweetsError();
      await csv?.flush();
      await writer?.commit();
    } catch (err) {
      await writer?.abort();
      throw err;
    }
  }

  // Accounts in id order: the figures (the bootstrap draws rows by index) then do not depend
  // on the reading order, and one pass equals merged shard tallies.
  acc = acc.canonical();
  const bootstrap: BootstrapOptions = { ...DEFAULT_BOOTSTRAP, ...options.bootstrap };
  const estimate = await estimateCorpusInParallel(acc, input.rates, {
    bootstrap,
    method: options.method,
    hashtags: options.hashtags,
    maxHashtags: options.maxHashtags ?? 12,
  });
  const topAccounts: TopAccount[] = [];
  for (const a of acc.topAccounts(options.topAccounts ?? 20)) {
    topAccounts.push({
      user_id: a.userId,
      screen_name: a.screenName ?? null,
      tweets: a.tweets,
      score: a.score,
      top_features: await explain(input.explanations, a.userId),
    });
  }
  let summary = buildSummary(estimate, {
    version: VERSION,
    model: input.model,
    rates: input.rates,
    methodReason: options.methodReason ?? reasonFor(options.method, DEFAULT_METHOD_REASON),
    methodReasonAccounts: options.methodReason ?? reasonFor(options.method, DEFAULT_METHOD_REASON_ACCOUNTS),
    hashtagsTracked: acc.hashtags().length,
    tweets: acc.tweets,
    accounts: acc.accounts,
    files: typeof input.files === 'function' ? input.files() : input.files,
    topAccounts,
    references: input.references,
  });
  if (pseudo !== undefined) summary = pseudonymizeSummary(summary, pseudo);

  const written: string[] = wantCsv ? [path.resolve(outDir, 'scores.csv')] : [];
  const write = async (rel: string, data: string | Uint8Array): Promise<void> => {
    const target = path.join(outDir, rel);
    await writeFileAtomic(target, data, { force });
    written.push(path.resolve(target));
  };

  await mkdir(path.join(outDir, 'charts'), { recursive: true });
  const rendered: RenderedChart[] = [];
  startReportRendering();
  const pngs: { name: string; image: Promise<Uint8Array> }[] = [];
  for (const chart of CHARTS) {
    if (!chart.applies(summary)) continue;
    const spec = chart.build(summary);
    const svg = await renderSvg(spec);
    rendered.push({ name: chart.name, title: chart.title, spec, svg });
    // PNGs render on the thread pool while the next charts are laid out.
    if (png) pngs.push({ name: chart.name, image: renderPngAsync(svg) });
    await write(path.join('charts', `${chart.name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
    await write(path.join('charts', `${chart.name}.svg`), svg);
  }
  const images = await Promise.all(pngs.map((p) => p.image));
  for (const [i, p] of pngs.entries()) await write(path.join('charts', `${p.name}.png`), images[i]);
  await write('summary.json', summaryJson(summary));
  await write('report.html', reportHtml(summary, rendered));
  return { summary, files: written };
}
