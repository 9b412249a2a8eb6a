/**
 * Evidence on real exports (issue 23): the labeled route run through the built CLI exactly
 * as a researcher runs it — `botshare sample FILE -n N --seed S [--hashtags a,b] -o DIR`, a
 * stand-in labeler (./stand-in-labelers.ts) fills the first rows of DIR/sample.csv, then
 * `botshare report FILE --labels DIR/sample.csv -o OUT` — and OUT/summary.json's labeled
 * block (model-assisted and labels-only figures) is compared with the truth, which is what
 * the stand-in says of every account of the export, counted from the raw file.
 *
 * One draw per export × design × seed serves every rule (the draw does not depend on labels).
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readLabeledPrefix } from '../estimate/sample-check.js';
import type { FrameAccount } from '../estimate/sample-design.js';
import { parseLabels, sampleCsv, type ParsedSampleCsvRow } from '../labeled/sample-csv.js';
import type { LabeledFigure, Summary } from '../report/summary.js';
import { UserError } from '../util/errors.js';
import { readExportViews, standInTruth, type AccountView, type ExportViews, type StandInRule, type StandInVerdict } from './stand-in-labelers.js';

export const ROUTE_DESIGNS = {
  /** A whole-export sample of 150, the first 120 labeled. */
  whole: { drawn: 150, labeled: 120, namedHashtags: 0 },
  /** 200 accounts drawn on the export's two largest hashtags (`sample --hashtags a,b`), all labeled. */
  named: { drawn: 200, labeled: 200, namedHashtags: 2 },
} as const;
export type RouteDesign = keyof typeof ROUTE_DESIGNS;
export const ROUTE_DESIGN_NAMES = Object.keys(ROUTE_DESIGNS) as RouteDesign[];

/** A hashtag carried by at least this share of an export's tweets is its search term: design B names the next two. */
export const SEARCH_TERM_SHARE = 0.9;
/** Hashtag rows are kept from this many tweets (in the export) on; the all-tweets row always. */
export const MIN_ROW_TWEETS = 150;
/** "Materially wider": the model-assisted half-width above the labels-only one by more than this (points). */
export const WIDER_POINTS = 2;

export interface RealExportsOptions {
  exports: readonly string[];
  rules: readonly StandInRule[];
  seeds: readonly number[];
  designs: readonly RouteDesign[];
  /** The built CLI (dist/cli/main.js). */
  cli: string;
  /** --model for sample and report (default: the CLI's). */
  model?: string;
  workDir: string;
  /** Keep each draw's sample and each rule's filled sample.csv and summary.json here, to look into a miss. */
  keepDir?: string;
  onProgress?: (line: string) => void;
}

/** The two hashtags design B names: the largest, leaving out search terms (see SEARCH_TERM_SHARE). */
export function namedHashtags(views: Pick<ExportViews, 'hashtags' | 'tweets'>, k: number): string[] {
  return views.hashtags.filter((h) => h.tweets < SEARCH_TERM_SHARE * views.tweets).slice(0, k).map((h) => h.hashtag);
}

export interface FigureCheck {
  estimate: number;
  ci95: [number, number];
  lambda: number;
  covered: boolean;
  errorPoints: number;
  halfWidthPoints: number;
  /** The estimate lies outside its own interval. */
  outside: boolean;
  /** Codes of what the labeled sample contradicts (see `contradictions`). */
  contradicted: string[];
}

export interface RouteRow {
  export: string;
  rule: string;
  design: RouteDesign;
  seed: number;
  /** null: all tweets of the frame (design B: the tweets with a named hashtag). */
  hashtag: string | null;
  unit: 'tweets' | 'accounts';
  /** The domain's tweets and accounts counted by the harness, and by the report (they must agree). */
  tweets: number;
  accounts: number;
  reportTweets: number;
  reportAccounts: number;
  /** Labeled accounts with a tweet in the domain, and those of them drawn with certainty (take-all). */
  labeled: number;
  takeAll: { bot: number; human: number };
  /** What the take-all labels prove: the share is at least `floor`, at most `ceiling`. */
  floor: number;
  ceiling: number;
  truth: number;
  ma: FigureCheck;
  lo: FigureCheck;
  maMinusLoHalfWidthPoints: number;
}

export interface SampleKnowledge {
  /** Labeled rows of the prefix, with π at the labeled prefix as the estimator reads it (labeledKnowledge). */
  rows: readonly { userId: string; bot: boolean; inclusionProbability: number }[];
  /** The frame's tweets as the draw counted them (sample.json), for a named-hashtags frame's all-tweets row. */
  frameTweets: number;
}

const EPS = 1e-9;
/** The exact 97.5% bound when m of m sampled accounts agree: 1 − 0.025^(1/m). */
const exactFar = (m: number): number => 1 - 0.025 ** (1 / m);

/**
 * What the labeled sample contradicts in a figure, by code:
 * - `upper_below_floor` / `lower_above_ceiling`: the interval leaves the range that the
 *   take-all labeled accounts prove (their bots' weight is a floor of the share; their humans'
 *   weight caps it); `estimate_outside_floor_ceiling` likewise for the estimate;
 * - `unanimous_beyond_exact`: the m ≥ 5 labeled accounts of the domain outside the take-all
 *   ones all say human (or all bot), yet the interval reaches past the take-all floor plus
 *   their weight times 1 − 0.025^(1/m) (the exact bound of m of m, read as if those accounts
 *   were drawn with equal probability — an approximation for the share of tweets).
 */
export function contradictions(f: { estimate: number; ci95: [number, number] }, k: { floor: number; ceiling: number; takeAllWeight: number; untaken: { bot: number; human: number } }): string[] {
  const out: string[] = [];
  if (f.ci95[1] < k.floor - EPS) out.push('upper_below_floor');
  if (f.ci95[0] > k.ceiling + EPS) out.push('lower_above_ceiling');
  if (f.estimate < k.floor - EPS || f.estimate > k.ceiling + EPS) out.push('estimate_outside_floor_ceiling');
  const m = k.untaken.bot + k.untaken.human;
  if (m >= 5) {
    const reach = (1 - k.takeAllWeight) * exactFar(m);
    if (k.untaken.bot === 0 && f.ci95[1] > k.floor + reach + EPS) out.push('unanimous_beyond_exact');
    if (k.untaken.human === 0 && f.ci95[0] < k.ceiling - reach - EPS) out.push('unanimous_beyond_exact');
  }
  return out;
}

function check(f: LabeledFigure, truth: number, k: Parameters<typeof contradictions>[1]): FigureCheck {
  const [lo, hi] = f.ci95;
  return {
    estimate: f.estimate,
    ci95: [lo, hi],
    lambda: f.lambda,
    covered: lo - EPS <= truth && truth <= hi + EPS,
    errorPoints: 100 * (f.estimate - truth),
    halfWidthPoints: (100 * (hi - lo)) / 2,
    outside: f.estimate < lo - EPS || f.estimate > hi + EPS,
    contradicted: contradictions(f, k),
  };
}

/** An account's tweets in a domain: with the hashtag, or (null) with any of the frame's hashtags (every tweet when none). */
export function domainTweets(v: AccountView, hashtag: string | null, frame: readonly string[]): number {
  if (hashtag !== null) return v.tweets.filter((t) => t.hashtags.includes(hashtag)).length;
  if (frame.length === 0) return v.tweets.length;
  return v.tweets.filter((t) => t.hashtags.some((h) => frame.includes(h))).length;
}

/** The rows of one report: every labeled domain with enough tweets, both units, against the truth. */
export function routeRows(
  summary: Summary,
  views: ExportViews,
  truth: ReadonlyMap<string, StandInVerdict>,
  sample: SampleKnowledge,
  key: { export: string; rule: string; design: RouteDesign; seed: number },
): RouteRow[] {
  const labeled = summary.labeled;
  if (labeled === undefined) throw new Error(`${key.export}: the report has no labeled section`);
  const frame = labeled.frame_hashtags;
  const sampled = new Map(sample.rows.map((r) => [r.userId, r]));
  const rows: RouteRow[] = [];
  for (const d of [labeled.overall, ...labeled.hashtags]) {
    const weights = views.accounts.map((v) => ({ v, w: domainTweets(v, d.hashtag, frame) })).filter((x) => x.w > 0);
    const tweets = weights.reduce((s, x) => s + x.w, 0);
    if (d.hashtag !== null && tweets < MIN_ROW_TWEETS) continue;
    const series = d.hashtag === null ? summary.overall : summary.hashtags.find((h) => h.hashtag === d.hashtag);
    const reportTweets = d.hashtag === null && frame.length > 0 ? sample.frameTweets : (series?.tweets ?? NaN);
    const reportAccounts = d.hashtag === null && frame.length > 0 ? labeled.frame_accounts : (series?.accounts ?? NaN);
    for (const unit of ['tweets', 'accounts'] as const) {
      const w = (x: { w: number }): number => (unit === 'tweets' ? x.w : 1);
      const total = unit === 'tweets' ? tweets : weights.length;
      let bot = 0;
      let takenBot = 0;
      let takenHuman = 0;
      const untaken = { bot: 0, human: 0 };
      const takeAll = { bot: 0, human: 0 };
      let nLabeled = 0;
      for (const x of weights) {
        const verdict = truth.get(x.v.userId);
        if (verdict === undefined) throw new Error(`${key.export}: account ${x.v.userId} has no verdict from ${key.rule}`);
        if (verdict.bot) bot += w(x);
        const s = sampled.get(x.v.userId);
        if (s === undefined) continue;
        nLabeled++;
        if (s.inclusionProbability >= 1) {
          if (s.bot) {
            takenBot += w(x);
            takeAll.bot++;
          } else {
            takenHuman += w(x);
            takeAll.human++;
          }
        } else if (s.bot) untaken.bot++;
        else untaken.human++;
      }
      const t = bot / total;
      const known = { floor: takenBot / total, ceiling: 1 - takenHuman / total, takeAllWeight: (takenBot + takenHuman) / total, untaken };
      const ma = check(d[unit].model_assisted, t, known);
      const lo = check(d[unit].labels_only, t, known);
      rows.push({
        ...key,
        hashtag: d.hashtag,
        unit,
        tweets,
        accounts: weights.length,
        reportTweets,
        reportAccounts,
        labeled: nLabeled,
        takeAll,
        floor: known.floor,
        ceiling: known.ceiling,
        truth: t,
        ma,
        lo,
        maMinusLoHalfWidthPoints: ma.halfWidthPoints - lo.halfWidthPoints,
      });
    }
  }
  return rows;
}

export interface MethodAggregate {
  covered: number;
  coveragePct: number;
  maePoints: number;
  meanHalfWidthPoints: number;
  outside: number;
  contradicted: number;
}

export interface RowAggregate {
  rows: number;
  ma: MethodAggregate;
  lo: MethodAggregate;
  /** Rows where the model-assisted half-width exceeds the labels-only one by more than WIDER_POINTS. */
  maWider: number;
  maWiderPct: number;
}

function methodAggregate(rows: readonly RouteRow[], m: 'ma' | 'lo'): MethodAggregate {
  const n = rows.length;
  const covered = rows.filter((r) => r[m].covered).length;
  const mean = (f: (r: RouteRow) => number): number => (n === 0 ? NaN : rows.reduce((s, r) => s + f(r), 0) / n);
  return {
    covered,
    coveragePct: n === 0 ? NaN : (100 * covered) / n,
    maePoints: mean((r) => Math.abs(r[m].errorPoints)),
    meanHalfWidthPoints: mean((r) => r[m].halfWidthPoints),
    outside: rows.filter((r) => r[m].outside).length,
    contradicted: rows.filter((r) => r[m].contradicted.length > 0).length,
  };
}

export function aggregateRows(rows: readonly RouteRow[]): RowAggregate {
  const maWider = rows.filter((r) => r.maMinusLoHalfWidthPoints > WIDER_POINTS).length;
  return { rows: rows.length, ma: methodAggregate(rows, 'ma'), lo: methodAggregate(rows, 'lo'), maWider, maWiderPct: rows.length === 0 ? NaN : (100 * maWider) / rows.length };
}

export interface RouteAggregates {
  byRuleDesign: ({ rule: string; design: RouteDesign } & RowAggregate)[];
  byDesign: ({ design: RouteDesign; unit: 'both' | 'tweets' | 'accounts' } & RowAggregate)[];
  /** Design B on the named hashtags' own rows (not the frame's all-tweets row). */
  namedHashtags: ({ unit: 'both' | 'tweets' | 'accounts' } & RowAggregate)[];
  overall: RowAggregate;
  targets: { name: string; value: number; bar: string; met: boolean }[];
}

export function routeAggregates(rows: readonly RouteRow[], named: ReadonlyMap<string, readonly string[]>): RouteAggregates {
  const designs = [...new Set(rows.map((r) => r.design))];
  const rules = [...new Set(rows.map((r) => r.rule))];
  const units = ['both', 'tweets', 'accounts'] as const;
  const ofUnit = (rs: readonly RouteRow[], u: (typeof units)[number]) => (u === 'both' ? rs : rs.filter((r) => r.unit === u));
  const namedRows = rows.filter((r) => r.design === 'named' && r.hashtag !== null && (named.get(r.export) ?? []).includes(r.hashtag));
  const byDesign = designs.flatMap((design) => units.map((unit) => ({ design, unit, ...aggregateRows(ofUnit(rows.filter((r) => r.design === design), unit)) })));
  const namedHashtags = units.map((unit) => ({ unit, ...aggregateRows(ofUnit(namedRows, unit)) }));
  const targets: RouteAggregates['targets'] = [];
  const whole = byDesign.find((a) => a.design === 'whole' && a.unit === 'both');
  if (whole !== undefined) {
    targets.push({ name: 'whole-export: rows covered (model-assisted), %', value: whole.ma.coveragePct, bar: '>= 90', met: whole.ma.coveragePct >= 90 });
    targets.push({ name: 'whole-export: estimates outside their own interval', value: whole.ma.outside, bar: '= 0', met: whole.ma.outside === 0 });
    targets.push({ name: `whole-export: rows with the model-assisted interval wider than labels only by > ${WIDER_POINTS} points, %`, value: whole.maWiderPct, bar: '<= 5', met: whole.maWiderPct <= 5 });
  }
  if (namedRows.length > 0) {
    const t = namedHashtags[1];
    const both = namedHashtags[0];
    targets.push({ name: 'named hashtags: mean half-width of the share of tweets (model-assisted), points', value: t.ma.meanHalfWidthPoints, bar: '<= 4.5', met: t.ma.meanHalfWidthPoints <= 4.5 });
    targets.push({ name: 'named hashtags: rows covered (model-assisted, both units), %', value: both.ma.coveragePct, bar: '>= 90', met: both.ma.coveragePct >= 90 });
  }
  return {
    byRuleDesign: designs.flatMap((design) => rules.map((rule) => ({ rule, design, ...aggregateRows(rows.filter((r) => r.design === design && r.rule === rule)) }))),
    byDesign,
    namedHashtags,
    overall: aggregateRows(rows),
    targets,
  };
}

/** Runs the built CLI; a failure is an error carrying its stderr. */
export function runCli(cli: string, args: readonly string[]): void {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`botshare ${args.join(' ')} failed (exit ${String(r.status ?? r.signal)}):\n${r.stderr}`);
}

/** The stand-in's labels on the first `k` rows of sample.csv (the rest left empty), as label.html would write them. */
export function labelSample(text: string, file: string, k: number, truth: ReadonlyMap<string, StandInVerdict>): { csv: string; rows: ParsedSampleCsvRow[] } {
  const parsed = parseLabels(text, file);
  const rows = parsed.rows.map((r) => {
    const v = truth.get(r.userId);
    if (r.rank <= k && v === undefined) throw new Error(`${file}: row ${r.rank}: account ${r.userId} is not in the export's truth`);
    return { ...r, label: r.rank <= k && v !== undefined ? (v.bot ? ('bot' as const) : ('human' as const)) : null };
  });
  return { csv: sampleCsv(rows), rows };
}

/**
 * The sampling frame as `sample` builds it, from the harness's own reading of the export: every
 * account with a tweet in the frame's hashtags (all tweets when none), and with two or more
 * named hashtags its tweets in each (design v2). readLabeledPrefix checks it against the
 * sample id, so a frame that differs from the CLI's is refused, not used.
 */
export function viewsFrame(views: ExportViews, hashtags: readonly string[]): FrameAccount[] {
  return views.accounts.flatMap((v) => {
    const tweets = domainTweets(v, null, hashtags);
    if (tweets === 0) return [];
    // In the named hashtags' sorted order, as ExportActivity counts them.
    return [hashtags.length >= 2 ? { userId: v.userId, tweets, byHashtag: [...hashtags].sort().map((h) => domainTweets(v, h, hashtags)) } : { userId: v.userId, tweets }];
  });
}

/**
 * The labeled accounts with π as the estimator reads them: recomputed for the labeled prefix k by
 * readLabeledPrefix (src/estimate/sample-check.ts), the one definition — not the file's π at the
 * drawn n, where an account can be take-all at n and not at k.
 */
export function labeledKnowledge(file: string, csv: string, frame: readonly FrameAccount[]): SampleKnowledge['rows'] {
  const prefix = readLabeledPrefix(file, parseLabels(csv, file), frame);
  return prefix.sample.flatMap((s) =>
    s.label === 'bot' || s.label === 'human' ? [{ userId: frame[s.index].userId, bot: s.label === 'bot', inclusionProbability: s.inclusionProbability }] : [],
  );
}

export interface RuleRecord {
  name: string;
  definition: string;
  flipRate: number;
  seed: number;
}

export interface ExportRecord {
  export: string;
  tweets: number;
  accounts: number;
  namedHashtags: string[];
  /** Per rule: the share of accounts flipped (against its flip rate), and the truth on the whole export. */
  rules: { rule: string; flippedShare: number; ruleBotAccounts: number; botAccounts: number; botTweets: number; shareAccounts: number; shareTweets: number }[];
}

export interface RunRecord {
  export: string;
  design: RouteDesign;
  seed: number;
  hashtags: string[];
  sampleId: string;
  frameAccounts: number;
  rules: { rule: string; exportModel: string; labeledBots: number; labeledHumans: number }[];
}

export interface RealExportsResult {
  model: string;
  designs: Record<RouteDesign, (typeof ROUTE_DESIGNS)[RouteDesign]>;
  exports: ExportRecord[];
  runs: RunRecord[];
  rows: RouteRow[];
  aggregates: RouteAggregates;
}

function exportRecord(name: string, views: ExportViews, rules: readonly StandInRule[], truths: ReadonlyMap<string, Map<string, StandInVerdict>>, named: string[]): ExportRecord {
  return {
    export: name,
    tweets: views.tweets,
    accounts: views.accounts.length,
    namedHashtags: named,
    rules: rules.map((rule) => {
      const t = truths.get(rule.name) as Map<string, StandInVerdict>;
      let flips = 0;
      let ruleBots = 0;
      let bots = 0;
      let botTweets = 0;
      for (const v of views.accounts) {
        const x = t.get(v.userId) as StandInVerdict;
        if (x.rule !== x.bot) flips++;
        if (x.rule) ruleBots++;
        if (x.bot) {
          bots++;
          botTweets += v.tweets.length;
        }
      }
      const n = views.accounts.length;
      return { rule: rule.name, flippedShare: flips / n, ruleBotAccounts: ruleBots, botAccounts: bots, botTweets, shareAccounts: bots / n, shareTweets: botTweets / views.tweets };
    }),
  };
}

export async function runRealExportsRoute(o: RealExportsOptions): Promise<RealExportsResult> {
  const modelArgs = o.model === undefined ? [] : ['--model', o.model];
  const exports: ExportRecord[] = [];
  const runs: RunRecord[] = [];
  const rows: RouteRow[] = [];
  const named = new Map<string, string[]>();
  let model = '';
  await mkdir(o.workDir, { recursive: true });
  try {
    for (const file of o.exports) {
      const name = path.basename(file);
      const views = await readExportViews([file]);
      const truths = new Map(o.rules.map((r) => [r.name, standInTruth(views, r)]));
      const tags = namedHashtags(views, ROUTE_DESIGNS.named.namedHashtags);
      named.set(name, tags);
      exports.push(exportRecord(name, views, o.rules, truths, tags));
      for (const design of o.designs) {
        const spec = ROUTE_DESIGNS[design];
        const hashtags = design === 'named' ? tags : [];
        const frame = viewsFrame(views, hashtags);
        for (const seed of o.seeds) {
          const started = Date.now();
          const dir = path.join(o.keepDir ?? o.workDir, `${name}-${design}-${seed}`);
          const sampleDir = path.join(dir, 'sample');
          runCli(o.cli, ['sample', file, '-n', String(spec.drawn), '--seed', String(seed), ...(hashtags.length > 0 ? ['--hashtags', hashtags.join(',')] : []), '-o', sampleDir, '--quiet', '--force', ...modelArgs]);
          const sampleFile = path.join(sampleDir, 'sample.csv');
          const sampleText = await readFile(sampleFile, 'utf8');
          const manifest = JSON.parse(await readFile(path.join(sampleDir, 'sample.json'), 'utf8')) as { sample_id: string; frame_accounts: number; frame_tweets: number };
          const run: RunRecord = { export: name, design, seed, hashtags, sampleId: manifest.sample_id, frameAccounts: manifest.frame_accounts, rules: [] };
          for (const rule of o.rules) {
            const truth = truths.get(rule.name) as Map<string, StandInVerdict>;
            const ruleDir = path.join(dir, rule.name);
            await mkdir(ruleDir, { recursive: true });
            const labeled = labelSample(sampleText, sampleFile, spec.labeled, truth);
            const labelsFile = path.join(ruleDir, 'sample.csv');
            await writeFile(labelsFile, labeled.csv);
            // report --labels reads the draw's manifest beside the labels.
            await copyFile(path.join(sampleDir, 'sample.json'), path.join(ruleDir, 'sample.json'));
            const out = path.join(ruleDir, 'report');
            runCli(o.cli, ['report', file, '--labels', labelsFile, '-o', out, '--quiet', '--no-png', '--force', ...modelArgs]);
            if (o.keepDir !== undefined) await rm(path.join(out, 'charts'), { recursive: true, force: true });
            const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as Summary;
            model = summary.generator.model;
            const labeledSection = summary.labeled as NonNullable<Summary['labeled']>;
            const known = labeledKnowledge(labelsFile, labeled.csv, frame);
            rows.push(...routeRows(summary, views, truth, { rows: known, frameTweets: manifest.frame_tweets }, { export: name, rule: rule.name, design, seed }));
            run.rules.push({ rule: rule.name, exportModel: labeledSection.export_model.method, labeledBots: labeledSection.counts.bot, labeledHumans: labeledSection.counts.human });
          }
          runs.push(run);
          if (o.keepDir === undefined) await rm(dir, { recursive: true, force: true });
          o.onProgress?.(`${name} ${design} seed ${seed}: ${o.rules.length} rule(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      }
    }
  } finally {
    await rm(o.workDir, { recursive: true, force: true });
  }
  return { model, designs: { ...ROUTE_DESIGNS }, exports, runs, rows, aggregates: routeAggregates(rows, named) };
}

/** The keys of the draws a run made (export, rule, design, seed): a baseline is compared on these only. */
export function runKeys(runs: readonly RunRecord[]): Set<string> {
  return new Set(runs.flatMap((r) => r.rules.map((x) => `${r.export}|${x.rule}|${r.design}|${r.seed}`)));
}

/** The rows of an earlier evidence file (e.g. docs/evidence/real-exports-route-baseline.json) on the same draws. */
export function baselineRows(evidence: unknown, file: string, keys: ReadonlySet<string>): RouteRow[] {
  const rows = evidence !== null && typeof evidence === 'object' && 'rows' in evidence ? evidence.rows : undefined;
  if (!Array.isArray(rows)) throw new UserError(`${file}: not real-exports-route evidence (no "rows" array)`);
  return rows.filter((r: unknown, i): r is RouteRow => {
    const x = r as Partial<RouteRow> | null;
    if (x === null || typeof x !== 'object' || typeof x.export !== 'string' || typeof x.rule !== 'string' || typeof x.design !== 'string' || typeof x.seed !== 'number' || typeof x.ma !== 'object' || typeof x.lo !== 'object') {
      throw new UserError(`${file}: rows[${i}] is not a row of real-exports-route evidence`);
    }
    return keys.has(`${x.export}|${x.rule}|${x.design}|${x.seed}`);
  });
}

const fixed = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '—');

function aggregateLine(g: RowAggregate): string {
  return (
    `${g.rows} rows; covered MA ${fixed(g.ma.coveragePct, 1)}% LO ${fixed(g.lo.coveragePct, 1)}%; MAE MA ${fixed(g.ma.maePoints)} LO ${fixed(g.lo.maePoints)}; ` +
    `half-width MA ${fixed(g.ma.meanHalfWidthPoints)} LO ${fixed(g.lo.meanHalfWidthPoints)}; MA wider by > ${WIDER_POINTS} pts ${g.maWider} (${fixed(g.maWiderPct, 1)}%); ` +
    `outside MA ${g.ma.outside} LO ${g.lo.outside}; contradicted MA ${g.ma.contradicted} LO ${g.lo.contradicted}`
  );
}

/** The aggregates as lines of text, each followed by the baseline's on the same draws when there is one. */
export function formatAggregates(now: RouteAggregates, before?: RouteAggregates): string {
  const lines: string[] = [];
  const pair = (label: string, g: RowAggregate, b: RowAggregate | undefined): void => {
    lines.push(`${label}: ${aggregateLine(g)}`);
    if (b !== undefined) lines.push(`${' '.repeat(Math.max(0, label.length - 8))}baseline: ${aggregateLine(b)}`);
  };
  for (const g of now.byRuleDesign) pair(`${g.design} ${g.rule}`, g, before?.byRuleDesign.find((b) => b.design === g.design && b.rule === g.rule));
  for (const g of now.byDesign.filter((d) => d.unit === 'both')) pair(`${g.design} (all rules)`, g, before?.byDesign.find((b) => b.design === g.design && b.unit === 'both'));
  if (now.namedHashtags[0].rows > 0) pair('named hashtags, share of tweets', now.namedHashtags[1], before?.namedHashtags[1]);
  for (const t of now.targets) {
    const b = before?.targets.find((x) => x.name === t.name);
    lines.push(`target ${t.met ? 'met' : 'NOT met'}: ${t.name} = ${fixed(t.value)} (${t.bar})${b === undefined ? '' : `; baseline ${fixed(b.value)}`}`);
  }
  return lines.join('\n');
}

/** docs/labeled-sample.md §7's table and targets, from an evidence file's aggregates. */
export function formatTables(a: RouteAggregates): string {
  const pct = (x: number): string => (x === 100 ? '100%' : `${fixed(x, 1)}%`);
  const line = (design: string, who: string, g: RowAggregate): string =>
    `| ${design} | ${who} | ${g.rows} | ${pct(g.ma.coveragePct)} / ${pct(g.lo.coveragePct)} | ${fixed(g.ma.maePoints)} / ${fixed(g.lo.maePoints)} | ` +
    `${fixed(g.ma.meanHalfWidthPoints)} / ${fixed(g.lo.meanHalfWidthPoints)} | ${g.maWider === 0 ? '0' : `${g.maWider} (${pct(g.maWiderPct)})`} | ${g.ma.outside} / ${g.lo.outside} | ${g.ma.contradicted} / ${g.lo.contradicted} |`;
  const out = [
    `| design | stand-in | rows | covered MA / LO | mean abs. error MA / LO (pts) | mean half-width MA / LO (pts) | MA wider > ${WIDER_POINTS} pts | outside MA / LO | contradicted MA / LO |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const design of [...new Set(a.byRuleDesign.map((g) => g.design))]) {
    for (const g of a.byRuleDesign.filter((x) => x.design === design)) out.push(line(design, g.rule, g));
    const all = a.byDesign.find((x) => x.design === design && x.unit === 'both');
    if (all !== undefined) out.push(line(design, 'all', all));
  }
  if (a.namedHashtags[1].rows > 0) out.push(line("named, the two hashtags' rows, share of tweets", 'all', a.namedHashtags[1]));
  out.push('', ...a.targets.map((t) => `- ${t.name}: ${fixed(t.value)} (target ${t.bar}): ${t.met ? 'met' : 'not met'}`));
  return out.join('\n');
}
