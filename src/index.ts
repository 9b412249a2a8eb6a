/**
 * botshare as a library: what the CLI and the notebooks call. Each stage streams: exports
 * in (`ingestTweets`), scored tweets (`scoreTweets` / a `Scorer`), shares per hashtag with
 * intervals (`ShareAccumulator` + `estimateCorpus`), charts and report (`writeReport`).
 */

// Ingestion: one canonical record from every supported export format.
export {
  ingestTweets,
  planInputs,
  detectFormat,
  detectInput,
  FORMAT_NAMES,
  FORMAT_DESCRIPTIONS,
  HashtagTally,
  hashtagCounts,
  UserError,
  InputFileError,
  type FormatName,
  type FileCounts,
  type IngestOptions,
  type IngestRun,
  type Tweet,
  type Author,
  type TweetKind,
  type Reject,
} from './ingest/index.js';
export { normalizeHashtag } from './ingest/tweet.js';
export { ingestToFiles } from './ingest/write.js';

// Features: the registry defines each feature once (name, meaning, formula).
export { FEATURES, ACCOUNT_FEATURES, TIMING_FEATURES, featureDef, featureIndex, type FeatureDef } from './features/registry.js';
export { accountFeatures } from './features/account.js';
export { TimingAccumulator, timingFeatures, timingEventOf } from './features/timing.js';

// Model: load, score, train, evaluate.
export { loadModel, type LoadedModel } from './model/scorer.js';
export { scoreTweets } from './model/score-tweets.js';
export { trainModel, DEFAULT_CONFIG, type ModelConfig, type TrainOptions } from './model/train.js';
export { loadPublicCorpus, mergeCorpora, type LabeledCorpus } from './model/corpus.js';
export { loadUserCorpus, readLabelsCsv } from './model/user-labels.js';
export { evaluateOnLabels, type LabelEvaluation } from './model/evaluate-labels.js';
export type { ModelCard } from './model/card.js';

// Estimation: shares of tweets and of accounts, every method, bootstrap intervals.
export { ShareAccumulator } from './estimate/accumulator.js';
export { estimateCorpus, type CorpusEstimate, type SeriesEstimate, type ShareFigure } from './estimate/estimate-shares.js';
export { DEFAULT_METHOD } from './estimate/default-method.js';
export { METHOD_NAMES, type MethodName, type ClassifierRates, type ScoredTweet } from './estimate/types.js';

// Report: Vega-Lite specs, SVG/PNG rendering, report.html.
export { writeReport, type ReportInput, type ReportOptions, type ReportResult } from './report/write-report.js';
export { reportFromFiles } from './report/report-files.js';
export { CHARTS } from './report/charts/index.js';
export { renderSvg, renderPng } from './report/render.js';
export type { Summary } from './report/summary.js';

// Replication and simulation.
export { loadModelScorer, ratesFromCard, RATES_DOMAINS, type RatesDomain } from './replicate/scorer.js';
export { estimateFromFiles, type Scorer } from './replicate/analyse.js';
export { replicate, STUDY_WINDOW, STUDY_HASHTAGS, type ReplicateOptions, type ReplicateResult } from './replicate/replicate.js';
export { STUDY, RECONSTRUCTION_SEED } from './replicate/study.js';
export { BUNDLED_RECONSTRUCTION, DEFAULT_MODEL_DIR, DEFAULT_LABELED_DIR, DEFAULT_ACTIVITY_MODEL } from './replicate/defaults.js';
export { runSimulation, type SimulationRunOptions } from './simulate/run.js';
export type { GroundTruth } from './simulate/types.js';

export { VERSION } from './version.js';
