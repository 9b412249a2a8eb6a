/**
 * The `summary.json` object (the contract in docs/cli.md, "Files") built from an estimate:
 * the headline share per hashtag with its interval and method, every method's figures
 * beside it, the curves and series the charts draw, the flags, and what produced it all.
 * Keys are snake_case because the file is read by scripts in any language.
 */

import type { CorpusEstimate, Flag, SeriesEstimate, ShareFigure } from '../estimate/estimate-shares.js';
import { METHODS, UNSTABLE_GAP } from '../estimate/methods.js';
import type { ClassifierRates } from '../model/rates.js';
import type { FeatureContribution } from '../model/scorer.js';
import type { MethodName, Unit } from '../estimate/types.js';
import { hasKindSpread } from '../estimate/rate-spread.js';
import { METHOD_NAMES } from '../estimate/types.js';
import type { EvidenceDigest } from '../estimate/evidence.js';
import type { TimeWindow } from '../util/time.js';
import { windowRecord, type WindowRecord } from '../util/window.js';
import type { Pseudonymizer } from './pseudonymize.js';

export interface SummaryFigure {
  estimate: number;
  ci95: [number, number] | null;
  method: MethodName;
  /** Before clipping to [0, 1]. */
  raw: number;
}

/** The answer for one unit: null estimate (method 'none') when no corrected method could run. */
export interface HeadlineFigure {
  estimate: number | null;
  ci95: [number, number] | null;
  /** 'model-assisted': from the researcher's labeled sample (see `Summary.labeled`). */
  method: MethodName | 'model-assisted' | 'none';
}

/** A share estimated from the labeled sample, with its interval and what bounds it. */
export interface LabeledFigure {
  estimate: number;
  ci95: [number, number];
  /** Before clipping to [0, 1]. */
  raw: number;
  standard_error: number;
  /** The weight given to the export model's predictions (0: labels only). */
  lambda: number;
  /** Accounts of the domain labeled bot or human, and those sampled but unsure or left empty. */
  labeled: number;
  not_labeled: number;
  /** The estimate with every unsure account counted as human, and as bot. */
  unsure_as_human: { estimate: number; ci95: [number, number] };
  unsure_as_bot: { estimate: number; ci95: [number, number] };
  flags: { code: string; message: string }[];
}

export interface LabeledDomain {
  /** null: all tweets of the frame. */
  hashtag: string | null;
  tweets: { model_assisted: LabeledFigure; labels_only: LabeledFigure };
  accounts: { model_assisted: LabeledFigure; labels_only: LabeledFigure };
}

/** How many labeled rows would bring the shares of tweets the sample was drawn for to a target half-width. */
export interface LabelsToTarget {
  half_width: number;
  /** Rows labeled now (the prefix). */
  labeled: number;
  /** Rows from the top of the sample that would reach the target on every domain (approximate: half-widths shrink as 1/√rows). */
  needed: number;
  /** needed − labeled, at least 0. */
  more: number;
  /** The named hashtags (or all tweets when none was named): each one's model-assisted half-width now and the rows it needs. */
  by_domain: { hashtag: string | null; half_width: number; needed: number }[];
}

/** What `report --labels` adds: the sample, the export model, the shares it gives. */
export interface LabeledSection {
  method: string;
  design: string;
  /** How the model-assisted standard errors were computed (the design's, or a replicate variance). */
  variance: string;
  file: string;
  sample_id: string;
  seed: number;
  /** Rows drawn, and the labeled prefix used (rows 1..prefix). */
  drawn: number;
  prefix: number;
  counts: { bot: number; human: number; unsure: number; empty: number };
  /** Hashtags whose tweets the frame counts (empty: every tweet). */
  frame_hashtags: string[];
  frame_accounts: number;
  warnings: string[];
  export_model: { method: string; folds: number; coefficients: { name: string; coefficient: number }[]; flags: { code: string; message: string }[] };
  overall: LabeledDomain;
  hashtags: LabeledDomain[];
  /** How many more rows would bring the shares of tweets of the frame's hashtags to ±5 points. */
  labels_to_target?: LabelsToTarget;
  /** The labeled prefix, for the report's table and the score-against-label chart. */
  accounts: { rank: number; user_id: string; screen_name: string | null; label: string; public_score: number | null; prediction: number }[];
  /** When the labels are several labelers' merged by `botshare agree`: their agreement. */
  agreement?: LabeledAgreement;
}

/** Labelers' agreement on the sample, as `botshare agree` measured it (its agreement.json). */
export interface LabeledAgreement {
  file: string;
  labelers: string[];
  files: number;
  /** Accounts every file labeled bot or human: the n of the agreement and the kappa. */
  n: number;
  percent_agreement: number | null;
  kappa: number | null;
  kappa_kind: 'cohen' | 'fleiss';
  /** Accounts whose labels differed (unsure against a label included), and how many were adjudicated. */
  conflicts: number;
  adjudicated: number;
  rule: string;
}

export interface SummaryFlag {
  code: Flag['code'];
  message: string;
  method?: MethodName;
  unit?: Unit;
}

export interface SensitivityRow {
  threshold: number;
  cc_tweets: number;
  cc_accounts: number;
  acc_tweets?: number;
  acc_accounts?: number;
}

export interface SeriesSummary {
  tweets: number;
  accounts: number;
  bot_share_tweets: HeadlineFigure;
  bot_share_accounts: HeadlineFigure;
  /** Every method's figures, whatever the headline. */
  methods: Record<Unit, Partial<Record<MethodName, SummaryFigure>>>;
  threshold_sensitivity: SensitivityRow[];
  score_distribution: { from: number; to: number; tweets: number; accounts: number }[];
  /** Bot tweets per day by each method (share of the day × the day's tweets). */
  daily: { date: string; tweets: number; bot_tweets: Partial<Record<MethodName, number>> }[];
  flags: SummaryFlag[];
  /**
   * How many labeled accounts of this series would bring its interval to ±5 points, and the
   * command that draws them (absent until the estimate is connected: see labels-needed.ts).
   */
  labels_needed?: LabelsNeeded;
}

export interface LabelsNeeded {
  /** Accounts to label. */
  n: number;
  /** The `botshare sample` command that draws them. */
  command: string;
  /** The half-width the figure is for (0.05: ±5 points). */
  half_width: number;
}

/** One sample for every reported hashtag: the accounts that bring each one's interval to ±half_width. */
export interface LabelsPlan {
  hashtags: string[];
  n: number;
  /** `botshare sample FILES --hashtags a,b,… -n N -o sample`. */
  command: string;
  half_width: number;
}

export interface HashtagSummary extends SeriesSummary {
  hashtag: string;
}

export interface TopAccount {
  user_id: string;
  screen_name: string | null;
  tweets: number;
  /** Mean of the account's tweet scores. */
  score: number;
  /** The features that pushed the score up (+) or down (−), largest first. */
  top_features: FeatureContribution[];
}

export interface Reference {
  hashtag: string;
  /** A share of tweets from elsewhere (e.g. the published figure), drawn beside the estimate. */
  share: number;
  source?: string;
}

export interface InputFileCount {
  path: string;
  format?: string;
  read?: number;
  accepted?: number;
  rejected?: number;
  duplicates?: number;
  /** With a window (--since/--until): tweets of the file posted outside it (read = accepted + rejected + duplicates + outside_window). */
  outside_window?: number;
}

/** A file's counts as ingestion or a tally gives them, in summary.json's words. */
export function inputFileCount(f: { path: string; format: string; read: number; accepted: number; rejected: number; duplicates: number; outsideWindow?: number }): InputFileCount {
  const out: InputFileCount = { path: f.path, format: f.format, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates };
  if (f.outsideWindow !== undefined) out.outside_window = f.outsideWindow;
  return out;
}

export interface Summary {
  generator: { name: 'botshare'; version: string; model: string };
  /** The method of the answer, the shares of tweets. */
  default_method: { name: MethodName | null; label: string; reason: string };
  /** The method of the shares of accounts (chosen on its own evidence). */
  default_method_accounts: { name: MethodName | null; label: string; reason: string };
  /** The evaluation behind the defaults, as its evidence file records it (null: none shipped). */
  evidence: EvidenceDigest | null;
  method_descriptions: Record<MethodName, { label: string; citation: string; adjusted: boolean }>;
  classifier: {
    threshold: number;
    tpr: number;
    fpr: number;
    source: string;
    mean_score_bot: number | null;
    mean_score_human: number | null;
    validation_accounts: { bots: number; humans: number } | null;
    /** The rates counted over tweets, used for tweet shares (null: account rates used for both). */
    tweet_level: {
      tpr: number;
      fpr: number;
      mean_score_bot: number | null;
      mean_score_human: number | null;
      effective_accounts: { bots: number; humans: number } | null;
    } | null;
    unstable_gap: number;
    /** The same rates on each labeled set apart (out of domain), whose spread the intervals carry; null when the card has none. */
    per_set: PerSetRow[] | null;
  };
  bootstrap: {
    unit: 'account';
    replicates: number;
    seed: number;
    level: 0.95;
    rates_redrawn: boolean;
    /** Each replicate draws the rates of one kind of bots and one kind of humans (one labeled set each). */
    rates_drawn_per_set: boolean;
  };
  inputs: {
    tweets: number;
    accounts: number;
    hashtags_tracked: number;
    files: InputFileCount[];
    /** Tweets with no hashtag: in the all-tweets row, in no hashtag row. */
    tweets_without_hashtag?: number;
  };
  /** Present when the run kept only the tweets of a time window (--since/--until). */
  window?: WindowRecord;
  overall: SeriesSummary;
  hashtags: HashtagSummary[];
  top_accounts: TopAccount[];
  references: Reference[];
  flags: SummaryFlag[];
  pseudonymized: boolean;
  /** Without labels: one sample that bounds every reported hashtag (see labels-needed.ts). */
  labels_plan?: LabelsPlan;
  /** Present when the shares come from a labeled sample of the export (`report --labels`). */
  labeled?: LabeledSection;
}

export interface PerSetRow {
  set: string;
  bots: number | null;
  tpr: number | null;
  mean_score_bot: number | null;
  humans: number | null;
  fpr: number | null;
  mean_score_human: number | null;
}

function perSetRows(r: ClassifierRates): PerSetRow[] | null {
  if (r.perSet === undefined || r.perSet.length === 0) return null;
  return r.perSet.map((s) => ({
    set: s.set,
    bots: s.bots?.n ?? null,
    tpr: s.bots?.rate ?? null,
    mean_score_bot: s.bots?.meanScore ?? null,
    humans: s.humans?.n ?? null,
    fpr: s.humans?.rate ?? null,
    mean_score_human: s.humans?.meanScore ?? null,
  }));
}

export interface SummaryMeta {
  version: string;
  model: string;
  rates: ClassifierRates;
  /** Why the default method is the default (the evidence, one sentence). */
  methodReason: string;
  evidence?: EvidenceDigest | null;
  /** The same for shares of accounts (default: `methodReason`). */
  methodReasonAccounts?: string;
  hashtagsTracked: number;
  tweets: number;
  tweetsWithoutHashtag?: number;
  accounts: number;
  files?: InputFileCount[];
  topAccounts?: TopAccount[];
  references?: Reference[];
  /** `--pseudonymize`: every account identifier (top accounts, labeled accounts) replaced as the summary is built. */
  pseudonymizer?: Pseudonymizer;
  /** The run's time window (--since/--until), if any. */
  window?: TimeWindow;
  /** Without labels: how many labels each series needs, and the one plan (pipeline/labels-needed.ts). */
  labelsNeeded?: LabelsNeededFields;
  /** A labeled sample of the export (`report --labels`): its model-assisted shares become the headline of the series it covers. */
  labeled?: LabeledSection;
}

/** The `labels_needed` of each series (`hashtags` by hashtag) and the `labels_plan`, where a figure exists. */
export interface LabelsNeededFields {
  overall?: LabelsNeeded;
  hashtags: ReadonlyMap<string, LabelsNeeded>;
  plan?: LabelsPlan;
}

/** A series' headline from the labeled domain covering it (the classifier's figures stay under `methods`). */
export function labeledHeadline(s: SeriesSummary, d: LabeledDomain | undefined): SeriesSummary {
  const head = (f: LabeledFigure): HeadlineFigure => ({ estimate: f.estimate, ci95: f.ci95, method: 'model-assisted' });
  return d === undefined ? s : { ...s, bot_share_tweets: head(d.tweets.model_assisted), bot_share_accounts: head(d.accounts.model_assisted) };
}

/** An account row with its identifiers pseudonymized (or as it is, without a pseudonymizer). */
function pseudonymous<T extends { user_id: string; screen_name: string | null }>(a: T, p: Pseudonymizer | undefined): T {
  return p === undefined ? a : { ...a, user_id: p.userId(a.user_id), screen_name: a.screen_name === null ? null : p.screenName(a.screen_name) };
}

function figure(f: ShareFigure): SummaryFigure {
  return { estimate: f.estimate, ci95: f.ci95, method: f.method, raw: f.raw };
}

function headline(f: ShareFigure | null): HeadlineFigure {
  return f === null ? { estimate: null, ci95: null, method: 'none' } : { estimate: f.estimate, ci95: f.ci95, method: f.method };
}

function flag(f: Flag): SummaryFlag {
  const out: SummaryFlag = { code: f.code, message: f.message };
  if (f.method !== undefined) out.method = f.method;
  if (f.unit !== undefined) out.unit = f.unit;
  return out;
}

export function seriesSummary(e: SeriesEstimate): SeriesSummary {
  const methods: SeriesSummary['methods'] = { tweets: {}, accounts: {} };
  for (const unit of ['tweets', 'accounts'] as const) {
    for (const name of METHOD_NAMES) {
      const f = e.figures[unit][name];
      if (f !== undefined) methods[unit][name] = figure(f);
    }
  }
  return {
    tweets: e.tweets,
    accounts: e.accounts,
    bot_share_tweets: headline(e.headline.tweets),
    bot_share_accounts: headline(e.headline.accounts),
    methods,
    threshold_sensitivity: e.sensitivity.map((p) => {
      const row: SensitivityRow = { threshold: p.threshold, cc_tweets: p.ccTweets, cc_accounts: p.ccAccounts };
      if (p.accTweets !== undefined) row.acc_tweets = p.accTweets;
      if (p.accAccounts !== undefined) row.acc_accounts = p.accAccounts;
      return row;
    }),
    score_distribution: e.scoreDistribution.map((b) => ({
      from: b.from,
      to: Math.round((b.from + 0.05) * 100) / 100,
      tweets: b.tweets,
      accounts: b.accounts,
    })),
    daily: e.daily.map((d) => ({ date: d.date, tweets: d.tweets, bot_tweets: { ...d.botTweets } })),
    flags: e.flags.map(flag),
  };
}

export function buildSummary(estimate: CorpusEstimate, meta: SummaryMeta): Summary {
  const r = meta.rates;
  const name = estimate.method ?? null;
  const accountsName = estimate.methods.accounts ?? null;
  const p = meta.pseudonymizer;
  const { labeled, labelsNeeded: needs } = meta;
  const labeledByTag = new Map((labeled?.hashtags ?? []).map((d) => [d.hashtag, d]));
  const needed = (n: LabelsNeeded | undefined): { labels_needed?: LabelsNeeded } => (n === undefined ? {} : { labels_needed: n });
  const descriptions = {} as Summary['method_descriptions'];
  for (const m of METHOD_NAMES) {
    descriptions[m] = { label: METHODS[m].label, citation: METHODS[m].citation, adjusted: METHODS[m].adjusted };
  }
  return {
    generator: { name: 'botshare', version: meta.version, model: meta.model },
    default_method: {
      name,
      label: name === null ? 'none (no corrected method could run)' : METHODS[name].label,
      reason: meta.methodReason,
    },
    default_method_accounts: {
      name: accountsName,
      label: accountsName === null ? 'none (no corrected method could run)' : METHODS[accountsName].label,
      reason: meta.methodReasonAccounts ?? meta.methodReason,
    },
    evidence: meta.evidence ?? null,
    method_descriptions: descriptions,
    classifier: {
      threshold: r.threshold,
      tpr: r.tpr,
      fpr: r.fpr,
      source: r.source,
      mean_score_bot: r.meanScoreBot ?? null,
      mean_score_human: r.meanScoreHuman ?? null,
      validation_accounts: r.support ?? null,
      tweet_level:
        r.tweetLevel === undefined
          ? null
          : {
              tpr: r.tweetLevel.tpr,
              fpr: r.tweetLevel.fpr,
              mean_score_bot: r.tweetLevel.meanScoreBot ?? null,
              mean_score_human: r.tweetLevel.meanScoreHuman ?? null,
              effective_accounts: r.tweetLevel.support ?? null,
            },
      unstable_gap: UNSTABLE_GAP,
      per_set: perSetRows(r),
    },
    bootstrap: {
      unit: 'account',
      replicates: estimate.bootstrap.replicates,
      seed: estimate.bootstrap.seed,
      level: 0.95,
      rates_redrawn: r.support !== undefined,
      rates_drawn_per_set: hasKindSpread(r),
    },
    inputs: {
      tweets: meta.tweets,
      accounts: meta.accounts,
      hashtags_tracked: meta.hashtagsTracked,
      files: meta.files ?? [],
      ...(meta.tweetsWithoutHashtag === undefined ? {} : { tweets_without_hashtag: meta.tweetsWithoutHashtag }),
    },
    ...(meta.window === undefined ? {} : { window: windowRecord(meta.window) }),
    overall: { ...labeledHeadline(seriesSummary(estimate.overall), labeled?.frame_hashtags.length === 0 ? labeled.overall : undefined), ...needed(needs?.overall) },
    hashtags: estimate.hashtags.map((h) => ({
      hashtag: h.hashtag,
      ...labeledHeadline(seriesSummary(h.estimate), labeledByTag.get(h.hashtag)),
      ...needed(needs?.hashtags.get(h.hashtag)),
    })),
    top_accounts: (meta.topAccounts ?? []).map((a) => pseudonymous(a, p)),
    references: meta.references ?? [],
    flags: estimate.flags.map(flag),
    pseudonymized: p !== undefined,
    ...(needs?.plan === undefined ? {} : { labels_plan: needs.plan }),
    ...(labeled === undefined ? {} : { labeled: { ...labeled, accounts: labeled.accounts.map((a) => pseudonymous(a, p)) } }),
  };
}

/** JSON text of a summary: NaN and infinities (a share of nothing) become null. */
export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
