/**
 * botshare as a library: what the CLI and the notebooks call. Each stage streams: exports
 * in (`ingestTweets`), scored tweets (`scoreTweets`, or a `Scorer` from `loadModelScorer`),
 * shares per hashtag with intervals (`ShareAccumulator` + `estimateCorpus`), charts and the
 * report (`writeReport`, `CHARTS`, `renderSvg`). Paths are always arguments: nothing here
 * reads the current directory.
 */

// ── Ingestion: every supported export format → one canonical `Tweet` stream; per-file counts
// reconcile (read = accepted + rejected + duplicates) and every unreadable record is reported.
export {
  ingestTweets,
  planInputs,
  detectFormat,
  detectInput,
  FORMAT_NAMES,
  FORMAT_DESCRIPTIONS,
  HashtagTally,
  hashtagCounts,
  type FormatName,
  type DetectedInput,
  type HashtagCount,
  type FileCounts,
  type IngestOptions,
  type IngestProgress,
  type IngestRun,
  type Tweet,
  type Author,
  type TweetKind,
  type Reject,
} from './ingest/index.js';
/** Errors that are the user's to fix (bad input, bad usage): their message names the place. */
export { UserError } from './util/errors.js';
export { InputFileError } from './ingest/input-errors.js';
/** Canonical hashtag form (case-folded, no '#'), as in `Tweet.hashtags`. */
export { normalizeHashtag } from './ingest/tweet.js';
/** Ingest to canonical JSONL plus a rejects file (what `botshare ingest` does). */
export { ingestToFiles } from './ingest/write.js';

// ── Features: the registry defines each feature once (name, meaning, formula, scale); the
// functions compute one account's row by hand (scoring does this for you).
export {
  FEATURES,
  ACCOUNT_FEATURES,
  TIMING_FEATURES,
  featureDef,
  type FeatureDef,
  type FeatureGroup,
} from './features/registry.js';
/** Account features of an author at a probe time; `bigrams` is a loaded model's `bigrams`. */
export { accountFeatures } from './features/account.js';
/** Timing features over an account's tweets (`timingEventOf` each tweet first). */
export { timingFeatures, timingEventOf, type TimingEvent } from './features/timing.js';

// ── Model: load a trained model, score tweets, train on public sets or your own labels,
// evaluate on labels.
export { loadModel, type LoadedModel, type Contribution } from './model/scorer.js';
/** Calibrated P(bot) for every tweet of a stream (`source` is called once per pass). */
export {
  scoreTweets,
  type TweetWithScore,
  type ScoreTweetsOptions,
} from './model/score-tweets.js';
export { trainModel, type TrainOptions } from './model/train.js';
export { DEFAULT_CONFIG, type ModelConfig } from './model/model-config.js';
export { loadPublicCorpus, mergeCorpora, type LabeledCorpus } from './model/labeled-corpus.js';
/** Your labels (`user_id,label`, label bot/human) joined to the accounts of your exports. */
export { loadUserCorpus, readLabelsCsv, type UserLabels } from './model/user-labels.js';
export { parseLabels, sampleCsv, type ParsedLabels, type SampleCsvRow } from './labeled/sample-csv.js';
export { parseAccountLabels, type AccountLabels } from './labeled/account-labels.js';
export { cohenKappa, fleissKappa } from './estimate/kappa.js';
export { agreeFiles, mergeLabelings, type Agreement } from './pipeline/merge-labelers.js';
/** AUC, F1, precision, recall, Brier score, calibration error of a model on your labels. */
export { evaluateOnLabels, type LabelEvaluation } from './model/evaluate-labels.js';
export type { ModelCard } from './model/card.js';

// ── Estimation: shares of tweets and of accounts by every method, bootstrap intervals over
// accounts. Estimation sees scores and the model's error rates, never a label.
export { ShareAccumulator, type AccumulatorOptions } from './estimate/accumulator.js';
export {
  estimateCorpus,
  type EstimateOptions,
  type CorpusEstimate,
  type SeriesEstimate,
  type ShareFigure,
  type Flag,
} from './estimate/estimate-shares.js';
/** The four estimators: cc, pcc (uncorrected), acc, pacc (corrected with the card's rates). */
export { METHODS, type PrevalenceMethod, type MethodEstimate } from './estimate/methods.js';
export { DEFAULT_METHOD, DEFAULT_METHODS } from './estimate/default-method.js';
export { methodReason, bestMethod, type EstimatorEvidence } from './estimate/evidence.js';
export { DEFAULT_BOOTSTRAP, type BootstrapOptions } from './estimate/bootstrap.js';
export {
  METHOD_NAMES,
  UNITS,
  type MethodName,
  type Unit,
  type ScoredTweet,
} from './estimate/types.js';
export type { ClassifierRates } from './model/rates.js';

// ── Report: Vega-Lite chart specs from a summary, SVG/PNG rendering, report.html.
/** The report's files from a finished Summary (rendering only). */
export { writeReport, type WriteReportOptions } from './report/write-report.js';
export { CHARTS, type ChartDefinition } from './report/charts/index.js';
export { renderSvg, renderPng } from './report/render.js';
/** The report's charts again from a summary.json (`botshare charts`). */
export { writeCharts, type ChartsOptions } from './report/write-charts.js';
export { readSummaryFile } from './report/read-summary.js';
/** A time window as `--since/--until` give it (a UTC date includes its whole day). */
export { parseWindow, windowLabel } from './util/window.js';
export type { Summary, Reference } from './report/summary.js';

// ── Replication of the March 2020 study, on your exports or on the simulated reconstruction.
/** A model as the estimators use it: scores plus the card's rates for a domain. */

// ── Pipeline: a model as the estimators use it, the one pass that ingests and scores, the Summary.
export { loadModelScorer, scorerOf, type Scorer, type Explanations } from './pipeline/load-scorer.js';
export { accumulateFiles, estimateFromFiles, type AccumulateOptions, type FilesStats } from './pipeline/analyse.js';
/** The one builder of a Summary from accumulated statistics (what every report route ends in). */
export { summaryOf, type ReportStats, type SummaryOptions } from './pipeline/summary-of.js';
export { NoTweetsError } from './pipeline/summarise.js';
export { loadEstimatorEvidence } from './pipeline/load-evidence.js';
/** The one report call (what `botshare report` does): export files, shard tallies or scored tweets in, OUTDIR out. */
export { report, mergeTallyFiles, type ReportSource, type ReportOptions, type ReportResult } from './pipeline/report.js';
export { ratesFromCard, RATES_DOMAINS, type RatesDomain } from './model/card-rates.js';
/** Shards and clusters: a shard's tally (versioned file, docs/scaling.md), their merge, the report of merged tallies. */
export { tallyFromFiles, type TallyPassOptions } from './pipeline/tally-pass.js';
export { readTallyFile, writeTallyFile } from './pipeline/tally-file.js';
export { mergeTallies, activitiesOfTally, TALLY_FORMAT, TALLY_VERSION, type Tally } from './estimate/tally.js';
export { parsePartition, shardOfTweet, type Partition } from './pipeline/partition.js';
/** Every core of one machine: the report of `report` over files, made by worker threads (null where they cannot help). */
export { reportInParallel } from './pipeline/workers/report-parallel.js';
export { analyseStudyCorpus, estimateStudyCorpus } from './replicate/analyse-study.js';
export {
  replicate,
  STUDY_WINDOW,
  STUDY_HASHTAGS,
  type ReplicateOptions,
  type ReplicateResult,
  type ReconstructionSources,
} from './replicate/replicate.js';
/** What the study published, and the reconstruction's assumptions and seed. */
export { STUDY, RECONSTRUCTION_ASSUMPTIONS, RECONSTRUCTION_SEED } from './replicate/study.js';
/** Paths inside the installed package (model, activity model, bundled reconstruction). */
export { BUNDLED_RECONSTRUCTION, DEFAULT_MODEL_DIR, DEFAULT_LABELED_DIR, DEFAULT_ACTIVITY_MODEL, DEFAULT_ESTIMATOR_EVIDENCE } from './util/paths.js';

// ── Simulation: a ground-truth corpus (v1.1 JSONL + truth.json) from held-out labeled accounts.
export { runSimulation, type SimulationRunOptions, type SimulationRun } from './simulate/run-simulation.js';
export type { GroundTruth, TimeWindow } from './simulate/types.js';
export type { HashtagRequest } from './simulate/plan.js';

export { VERSION } from './version.js';
