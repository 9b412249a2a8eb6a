/**
 * The estimation side of the replication: the study's corpus out of the exports (its window
 * and hashtags) through the pipeline's one pass, with the activity rule tapping that pass.
 * It never receives a ground truth: nothing here takes, imports or opens one, so an estimate
 * cannot lean on the plant.
 */
import type { FileCounts } from '../ingest/index.js';
import type { BootstrapOptions } from '../estimate/bootstrap.js';
import type { CorpusEstimate } from '../estimate/estimate-shares.js';
import { accumulateFiles, estimateFromFiles } from '../pipeline/analyse.js';
import type { ExportFilter, FilterCounts } from '../pipeline/exports.js';
import { NoTweetsError } from '../pipeline/summarise.js';
import { summaryOf } from '../pipeline/summary-of.js';
import type { Scorer } from '../pipeline/load-scorer.js';
import type { LabelsFile } from '../pipeline/labeled.js';
import type { Reference, Summary } from '../report/summary.js';
import { UserError } from '../util/errors.js';
import { ActivityRuleAccumulator, applyActivityRule, type ActivityRuleResult } from './activity-rule.js';
import type { EstimatorEvidence } from '../estimate/evidence.js';

export interface StudyAnalysisOptions extends ExportFilter {
  /** Published shares, marked beside the estimates. */
  references: Reference[];
  bootstrap?: Partial<BootstrapOptions>;
  evidence?: EstimatorEvidence | null;
  /** A labeled sample of the corpus (`report --labels`'s input): its shares become the headline. */
  labels?: LabelsFile;
  onStage?: (stage: string) => void;
}

export interface StudyAnalysis {
  summary: Summary;
  activityRule: ActivityRuleResult;
  filter: FilterCounts;
  files: FileCounts[];
}

function nothingKept(filter: ExportFilter, accepted: number): UserError {
  return new UserError(
    `none of the ${accepted.toLocaleString('en-US')} tweets read carries ${filter.hashtags.map((h) => `#${h}`).join(' or ')} inside ${new Date(filter.window.start).toISOString().slice(0, 10)} – ${new Date(filter.window.end - 1).toISOString().slice(0, 10)}`,
  );
}

export async function analyseStudyCorpus(files: readonly string[], scorer: Scorer, options: StudyAnalysisOptions): Promise<StudyAnalysis> {
  const filter: ExportFilter = { hashtags: options.hashtags, window: options.window };
  const rule = new ActivityRuleAccumulator(options.hashtags);
  const bootstrap = { replicates: 1000, seed: 1, ...options.bootstrap };
  options.onStage?.('reading and scoring the tweets, applying the activity rule and estimating the shares');
  let accepted = 0;
  const analysis = await accumulateFiles(files, scorer, {
    filter,
    tap: (t) => rule.add(t),
    hashtags: options.hashtags,
    labels: options.labels,
    onProgress: (n, pass) => {
      if (pass === 1) accepted = n;
    },
  }).catch((err: unknown) => {
    throw err instanceof NoTweetsError ? nothingKept(filter, accepted) : err;
  });
  const summary = await summaryOf(analysis.stats, { hashtags: options.hashtags, references: options.references, bootstrap, evidence: options.evidence });
  return {
    summary,
    activityRule: applyActivityRule(rule.activities(), options.hashtags, bootstrap),
    filter: analysis.filter,
    files: analysis.files,
  };
}

/**
 * The bare estimate of the study's corpus, without a report: every method's shares per
 * hashtag, and the activity rule. Used to evaluate the estimators on many ground-truth corpora.
 */
export async function estimateStudyCorpus(
  files: readonly string[],
  scorer: Scorer,
  options: ExportFilter & { bootstrap?: Partial<BootstrapOptions> },
): Promise<{ estimate: CorpusEstimate; activityRule: ActivityRuleResult; filter: FilterCounts }> {
  const rule = new ActivityRuleAccumulator(options.hashtags);
  const bootstrap = { replicates: 1000, seed: 1, ...options.bootstrap };
  const { estimate, filter } = await estimateFromFiles(files, scorer, {
    filter: { hashtags: options.hashtags, window: options.window },
    tap: (t) => rule.add(t),
    hashtags: options.hashtags,
    bootstrap,
  });
  return { estimate, activityRule: applyActivityRule(rule.activities(), options.hashtags, bootstrap), filter };
}
