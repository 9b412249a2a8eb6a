/**
 * Accumulated statistics in, a Summary out: every method estimates each hashtag's shares, the
 * most active accounts get the model's explanations, a labeled sample's shares or the labels
 * each series needs go in, and identities are pseudonymised if asked — all as inputs of
 * `buildSummary`, so that nothing edits a Summary after it is built. Writes nothing.
 */
import type { ShareAccumulator } from '../estimate/accumulator.js';
import { DEFAULT_BOOTSTRAP, type BootstrapOptions } from '../estimate/bootstrap.js';
import { evidenceDigest, methodReason, type EstimatorEvidence } from '../estimate/evidence.js';
import { estimateCorpusInParallel } from '../estimate/estimate-shares.js';
import type { MethodName } from '../estimate/types.js';
import type { ExportActivity } from '../features/export-activity.js';
import type { ClassifierRates } from '../model/rates.js';
import type { FeatureContribution } from '../model/scorer.js';
import type { Pseudonymizer } from '../report/pseudonymize.js';
import { buildSummary, type InputFileCount, type Reference, type Summary, type TopAccount } from '../report/summary.js';
import type { TimeWindow } from '../util/time.js';
import { VERSION } from '../version.js';
import { labeledSection, type LabelsFile } from './labeled.js';
import { labelsNeededOf } from './labels-needed.js';
import type { Explanations } from './load-scorer.js';

/**
 * The accumulated statistics every way into a report ends in (files, tallies, worker threads,
 * scored tweets): `summaryOf` turns them into the Summary, whatever made them.
 */
export interface ReportStats {
  /** Per hashtag × account sufficient statistics (put in account-id order by `summaryOf`). */
  accumulator: ShareAccumulator;
  /** The model card's rates at its threshold. */
  rates: ClassifierRates;
  /** The model's name/version, recorded in the outputs. */
  model: string;
  explanations?: Explanations;
  /** Per-file counts from ingestion (none for scored tweets given without them). */
  files: InputFileCount[];
  /** The time window the tweets were kept in (--since/--until, or the replication's), recorded in the summary. */
  window?: TimeWindow;
  /** A labeled sample of the export with the export's activity (`report --labels`, files only). */
  labeled?: { labels: LabelsFile; activity: ExportActivity; scope: readonly string[] };
}

export interface SummaryOptions {
  /** Report these hashtags (case-insensitive); default: the most tweeted ones. */
  hashtags?: readonly string[];
  /** Without `hashtags`: how many of the most tweeted to report (default 12). */
  maxHashtags?: number;
  /** The headline method of both units; default: each unit's, chosen by evidence. */
  method?: MethodName;
  /** Why the headline method (default: the recorded evidence). */
  methodReason?: string;
  bootstrap?: Partial<BootstrapOptions>;
  /** Replace ids and screen names by salted hashes in the summary. */
  pseudonymizer?: Pseudonymizer;
  /** How many of the most active accounts to show (default 20). */
  topAccounts?: number;
  /** The evidence behind the default methods (the CLI passes the file shipped in datasets/evidence/). */
  evidence?: EstimatorEvidence | null;
  /** Published shares of tweets to mark beside the estimates. */
  references?: Reference[];
  /** The labeled sample's jackknife replicates done so far, for a progress line. */
  onReplicate?: (done: number, total: number) => void;
}

const TOP_FEATURES = 8;

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

/**
 * The one builder of a Summary: the statistics' estimates per series, the most active accounts
 * explained, and, as inputs of the build, the labeled section (its shares the headline) or
 * without labels each series' labels_needed, and the pseudonyms. Nothing edits it afterwards.
 */
export async function summaryOf(stats: ReportStats, options: SummaryOptions = {}): Promise<Summary> {
  // Accounts in id order: the figures (the bootstrap draws rows by index) then do not depend
  // on the reading order, and one pass equals merged shard tallies.
  const accumulator = stats.accumulator.canonical();
  const bootstrap: BootstrapOptions = { ...DEFAULT_BOOTSTRAP, ...options.bootstrap };
  const estimate = await estimateCorpusInParallel(accumulator, stats.rates, {
    bootstrap,
    method: options.method,
    hashtags: options.hashtags,
    maxHashtags: options.maxHashtags ?? 12,
  });
  const topAccounts: TopAccount[] = [];
  for (const a of accumulator.topAccounts(options.topAccounts ?? 20)) {
    topAccounts.push({
      user_id: a.userId,
      screen_name: a.screenName ?? null,
      tweets: a.tweets,
      score: a.score,
      top_features: await explain(stats.explanations, a.userId),
    });
  }
  const reported = estimate.hashtags.map((h) => h.hashtag);
  const { labeled } = stats;
  const section = labeled === undefined ? undefined : await labeledSection(labeled.labels, accumulator, labeled.activity, reported, labeled.scope, 1, options.onReplicate);
  // The sample command of labels_needed reads the input files: without them (scored tweets) there is none.
  const labelsNeeded = labeled !== undefined || stats.files.length === 0 ? undefined : labelsNeededOf(accumulator, stats.files.map((f) => f.path), reported);
  const evidence = options.evidence ?? null;
  const noEvidence = 'no evaluation of the default methods was given (the command line passes datasets/evidence/estimators.json)';
  return buildSummary(estimate, {
    version: VERSION,
    model: stats.model,
    rates: stats.rates,
    methodReason: options.methodReason ?? reasonFor(options.method, evidence === null ? noEvidence : methodReason(evidence, 'tweets')),
    methodReasonAccounts: options.methodReason ?? reasonFor(options.method, evidence === null ? noEvidence : methodReason(evidence, 'accounts')),
    evidence: evidence === null ? null : evidenceDigest(evidence),
    hashtagsTracked: accumulator.hashtags().length,
    tweets: accumulator.tweets,
    accounts: accumulator.accounts,
    files: stats.files,
    topAccounts,
    references: options.references,
    window: stats.window,
    pseudonymizer: options.pseudonymizer,
    labelsNeeded,
    labeled: section,
  });
}
