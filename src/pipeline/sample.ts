/**
 * `botshare sample`: the accounts of an export to label, drawn by the labeled-sample design
 * (src/estimate/sample-design.ts), written as DIR/sample.csv (rows in labeling order),
 * DIR/label.html (the offline labeling page) and DIR/sample.json (what the draw was made from,
 * read back by `report --labels`). Two passes: the first scores every tweet and builds the
 * frame; the second gathers, for the drawn accounts only, what a person needs to judge them.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FormatName } from '../ingest/index.js';
import type { Tweet, TweetKind } from '../ingest/tweet.js';
import { labelsNeeded } from '../estimate/model-assisted.js';
import { designOf, drawSample, sizeMeasures, type SampleDesignName, type SampleDraw } from '../estimate/sample-design.js';
import { ExportActivity } from '../features/export-activity.js';
import { labelPageHtml, periodDays, sampleRowsOf, type LabelAccount, type LabelPageInput } from '../report/label-page.js';
import { sampleCsv } from '../labeled/sample-csv.js';
import { writeFileAtomic, assertWritable } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { DAY_MS, type TimeWindow } from '../util/time.js';
import { windowLabel, windowRecord, type WindowRecord } from '../util/window.js';
import { VERSION } from '../version.js';
import { openExports } from './exports.js';
import type { Scorer } from './load-scorer.js';
import { aggregateBatches } from './summarise.js';

/** What DIR/sample.json records, so that the estimate is made on the same frame. */
export interface SampleManifest {
  kind: 'botshare_sample';
  version: 1;
  generator: { name: 'botshare'; version: string; model: string };
  /** v1; v2 (balanced between the named hashtags) when two or more are named. */
  design: SampleDesignName;
  sample_id: string;
  seed: number;
  n: number;
  /** The hashtags whose tweets the frame counts; empty: every tweet. */
  hashtags: string[];
  frame_accounts: number;
  frame_tweets: number;
  files: string[];
  /** The time window the frame was built in (--since/--until); absent: all times. `report --labels` rebuilds the frame in it. */
  window?: WindowRecord;
}

export interface SampleOptions {
  n: number;
  seed: number;
  /** Count only tweets with one of these hashtags (case-insensitive); default: every tweet. */
  hashtags?: readonly string[];
  format?: FormatName;
  /** Build the frame from the tweets of this window only (--since/--until). */
  window?: TimeWindow;
  signal?: AbortSignal;
  force?: boolean;
  onProgress?: (tweetsRead: number, pass: number) => void;
}

export interface SampleResult {
  draw: SampleDraw;
  manifest: SampleManifest;
  files: string[];
}

/** Tweets kept per drawn account for the page (it shows fewer; the count says how many more). */
const TWEETS_KEPT = 200;

export const SAMPLE_FILES = ['sample.csv', 'label.html', 'sample.json'] as const;

export function designText(draw: SampleDraw, hashtags: readonly string[]): string {
  const scope = hashtags.length === 0 ? 'its tweets in the export' : `its tweets with ${hashtags.map((h) => `#${h}`).join(' or ')}`;
  const balanced =
    draw.design === 'sequential-poisson-v2'
      ? `Each named hashtag holds an equal part of both halves, so each gets about ${Math.floor(draw.n / hashtags.length)} of the ${draw.n} accounts or more, whatever its size. `
      : '';
  return (
    `Sequential Poisson sampling (seed ${draw.seed}): each account is drawn with a probability that grows with ${scope} (half of the size measure) ` +
    'and a floor that is the same for every account (the other half), so that both shares of tweets and shares of accounts can be estimated. ' +
    balanced +
    'Label in order: the first k accounts labeled are a valid sample of k.'
  );
}

interface Gathered {
  account: LabelAccount;
  sources: Map<string, number>;
}

/** Pass 1: every tweet scored, the frame built (accounts of the named hashtags, or of every tweet). */
async function readFrame(files: readonly string[], scorer: Scorer, options: Omit<SampleOptions, 'n' | 'seed'>) {
  const hashtags = [...(options.hashtags ?? [])];
  const activity = new ExportActivity(hashtags);
  const exports = openExports(files, { format: options.format, window: options.window, signal: options.signal, tap: (t) => activity.add(t), onProgress: options.onProgress });
  const accumulator = await aggregateBatches(scorer.scoreBatches(() => exports.batches()), { threshold: scorer.rates.threshold });
  const frame = activity.frame();
  if (frame.length === 0) {
    throw new UserError(
      `no account in ${files.join(', ')} has a tweet${hashtags.length > 0 ? ` with ${hashtags.map((h) => `#${h}`).join(' or ')}` : ''}` +
        `${options.window === undefined ? '' : ` inside the window ${windowLabel(options.window)}`}: nothing to sample`,
    );
  }
  return { hashtags, activity, exports, accumulator, frame };
}

/** `sample --target`: how many labels reach a half-width on the share of tweets of every named hashtag. */
export interface SamplePlan {
  design: SampleDesignName;
  half_width: number;
  frame_accounts: number;
  /** Per named hashtag (or all tweets when none is named): labels for ±half_width, labels only and model-assisted. */
  by_domain: { hashtag: string | null; tweets: number; accounts: number; labels_only: number; model_assisted: number }[];
  /** The labels to draw: the most any domain needs with labels only (the figure that holds whatever the classifier). */
  n: number;
  /** The same if the public scores were calibrated on this export (a lower bound). */
  n_model_assisted: number;
}

/**
 * Plans a sample before drawing it: for each named hashtag, the labels of the design's draw
 * (`labelsNeeded`: the public scores as a working model of the labels, Hájek's variance under
 * the same size measures) that bring its share of tweets to ±halfWidth; the plan is the largest.
 */
export async function planSample(files: readonly string[], scorer: Scorer, halfWidth: number, options: Omit<SampleOptions, 'n' | 'seed' | 'force'>): Promise<SamplePlan> {
  if (files.length === 0) throw new UserError('no input files given');
  const { hashtags, activity, accumulator, frame } = await readFrame(files, scorer, options);
  const scores = accumulator.meanScores();
  const s = Float64Array.from(frame, (a) => scores.get(a.userId) ?? 0.5);
  const sizes = sizeMeasures(frame);
  const domains: { hashtag: string | null; weights: Float64Array }[] =
    hashtags.length === 0
      ? [{ hashtag: null, weights: Float64Array.from(frame, (a) => a.tweets) }]
      : (activity.named ?? hashtags).map((h, j) => ({ hashtag: h, weights: Float64Array.from(frame, (a) => (a.byHashtag === undefined ? a.tweets : a.byHashtag[j])) }));
  const byDomain = domains.map((d) => {
    const needed = labelsNeeded(d.weights, s, sizes, { halfWidth });
    return {
      hashtag: d.hashtag,
      tweets: d.weights.reduce((x, y) => x + y, 0),
      accounts: d.weights.reduce((x, y) => x + (y > 0 ? 1 : 0), 0),
      labels_only: needed.labelsOnly,
      model_assisted: needed.modelAssisted,
    };
  });
  return {
    design: designOf(frame),
    half_width: halfWidth,
    frame_accounts: frame.length,
    by_domain: byDomain,
    n: Math.max(...byDomain.map((d) => d.labels_only)),
    n_model_assisted: Math.max(...byDomain.map((d) => d.model_assisted)),
  };
}

export async function sampleFromFiles(files: readonly string[], scorer: Scorer, outDir: string, options: SampleOptions): Promise<SampleResult> {
  if (files.length === 0) throw new UserError('no input files given');
  const force = options.force === true;
  const targets = SAMPLE_FILES.map((f) => path.join(outDir, f));
  // A filled sample.csv is a person's hours of work: never replaced without --force.
  await mkdir(outDir, { recursive: true });
  for (const t of targets) await assertWritable(t, { force });

  const { hashtags, activity, exports, accumulator, frame } = await readFrame(files, scorer, options);
  const draw = drawSample(frame, options.n, options.seed);
  const period = activity.period() as { start: number; end: number };
  const days = periodDays(period);
  const firstDay = Math.floor(period.start / DAY_MS);
  const scores = accumulator.meanScores();

  // Pass 2: the drawn accounts' profiles (latest seen), clients, tweets and days.
  const drawn = new Map<string, Gathered>();
  for (const r of draw.rows) {
    drawn.set(r.userId, {
      sources: new Map(),
      account: {
        rank: r.rank,
        userId: r.userId,
        screenName: null,
        name: null,
        description: null,
        followers: null,
        friends: null,
        statuses: null,
        createdAt: null,
        sources: [],
        tweets: [],
        dailyCounts: new Array<number>(days).fill(0),
        score: scores.get(r.userId) ?? null,
        tweetCount: r.tweets,
        inclusionProbability: r.inclusionProbability,
      },
    });
  }
  const latest = new Map<string, number>();
  const take = (t: Tweet): void => {
    const g = drawn.get(t.author.id);
    if (g === undefined) return;
    const a = g.account;
    if (t.createdAt >= (latest.get(t.author.id) ?? -Infinity)) {
      latest.set(t.author.id, t.createdAt);
      const p = t.author;
      a.screenName = p.screenName ?? a.screenName;
      a.name = p.name ?? a.name;
      a.description = p.description ?? a.description;
      a.followers = p.followers ?? a.followers;
      a.friends = p.friends ?? a.friends;
      a.statuses = p.statuses ?? a.statuses;
      a.createdAt = p.createdAt ?? a.createdAt;
    }
    if (t.client !== undefined) g.sources.set(t.client, (g.sources.get(t.client) ?? 0) + 1);
    const day = Math.floor(t.createdAt / DAY_MS) - firstDay;
    if (day >= 0 && day < days) a.dailyCounts[day]++;
    if (a.tweets.length < TWEETS_KEPT) a.tweets.push({ createdAt: t.createdAt, text: t.text ?? '', kind: t.kind as TweetKind });
  };
  for await (const t of exports.tweets()) take(t);

  const accounts = draw.rows.map((r) => {
    const g = drawn.get(r.userId) as Gathered;
    g.account.sources = [...g.sources].map(([name, tweets]) => ({ name, tweets })).sort((x, y) => y.tweets - x.tweets || (x.name < y.name ? -1 : 1));
    g.account.tweets.sort((x, y) => x.createdAt - y.createdAt);
    return g.account;
  });
  const input: LabelPageInput = {
    sampleId: draw.sampleId,
    seed: draw.seed,
    design: designText(draw, hashtags),
    period,
    accounts,
    scoreMeaning: `mean bot score of its tweets by the public model ${scorer.model} (0 = human-like, 1 = bot-like)`,
  };
  const manifest: SampleManifest = {
    kind: 'botshare_sample',
    version: 1,
    generator: { name: 'botshare', version: VERSION, model: scorer.model },
    design: draw.design,
    sample_id: draw.sampleId,
    seed: draw.seed,
    n: draw.n,
    hashtags,
    frame_accounts: frame.length,
    frame_tweets: frame.reduce((s, a) => s + a.tweets, 0),
    files: files.map((f) => path.resolve(f)),
    ...(options.window === undefined ? {} : { window: windowRecord(options.window) }),
  };
  await writeFileAtomic(targets[0], sampleCsv(sampleRowsOf(input)), { force });
  await writeFileAtomic(targets[1], labelPageHtml(input), { force });
  await writeFileAtomic(targets[2], `${JSON.stringify(manifest, null, 2)}\n`, { force });
  return { draw, manifest, files: targets.map((t) => path.resolve(t)) };
}
