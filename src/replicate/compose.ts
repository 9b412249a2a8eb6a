/**
 * What the replication shows, in numbers and in words: per hashtag the published share,
 * the planted one (reconstruction only), and the estimates by the default method, by
 * classify-and-count and by the published activity rule, with intervals. Pure: the
 * analysis and (for a reconstruction) the ground truth in, a plain object out. The truth
 * only meets the estimates here, after they were made.
 */
import { normalizeHashtag } from '../ingest/tweet.js';
import type { Summary } from '../report/summary.js';
import type { ReplicationChartRow } from '../report/charts/replication.js';
import type { GroundTruth } from '../simulate/types.js';
import { CRITERION_DESCRIPTIONS, RULE_CRITERIA, type ActivityRuleResult, type RuleCriterion } from './activity-rule.js';
import type { FilterCounts } from '../pipeline/exports.js';
import { RECONSTRUCTION_ASSUMPTIONS, STUDY } from './study.js';
import { pct } from '../util/format.js';

export interface ReplicationFigure {
  estimate: number | null;
  ci95: [number, number] | null;
  method: string;
}

type Unit = 'tweets' | 'accounts';

export interface ReplicationHashtag {
  hashtag: string;
  published_share_tweets: number;
  /** Reconstruction only: the shares planted by construction. */
  planted: { share_tweets: number; share_accounts: number } | null;
  tweets: number;
  accounts: number;
  /** `labeled`: the model-assisted estimate from the labeled sample (reconstruction: labels by the SIMULATED labeler). */
  estimates: Record<Unit, Record<'default' | 'cc' | `activity_${RuleCriterion}`, ReplicationFigure> & { labeled?: ReplicationFigure }>;
  /** Reconstruction only: estimate − planted share of tweets, in points (percentage points). */
  error_points_tweets: Record<string, number> | null;
  /** Reconstruction only: whether the planted share of tweets lies in each 95% interval. */
  planted_in_interval: Record<string, boolean> | null;
  /** Whether the published share lies in each 95% interval (tweets). */
  published_in_interval: Record<string, boolean>;
  findings: string[];
}

export interface ReconstructionRecord {
  simulated: true;
  note: string;
  seed: number;
  planted: Array<{ hashtag: string; share_tweets: number; share_accounts: number; tweets: number; bot_tweets: number }>;
  corpus: string;
  truth: string;
  tweets: number;
  multi_hashtag_tweets: number;
  accounts: { bots: number; humans: number; by_dataset: Record<string, number> };
  assumptions: readonly string[];
  adjustments: string[];
  provenance: GroundTruth['provenance'] | null;
}

export interface ReplicationRecord {
  study: {
    citation: string;
    tweets: number;
    first_day: string;
    last_day: string;
    criterion: string;
    published: Array<{ hashtag: string; share_tweets: number }>;
  };
  input: {
    kind: 'reconstruction' | 'files';
    files: string[];
    accepted: number;
    kept: number;
    outside_window: number;
    other_hashtags: number;
  };
  activity_rule: { rate: number; criteria: Record<RuleCriterion, string>; bootstrap: { replicates: number; seed: number } };
  default_method: string | null;
  /** The route botshare recommends, when the analysis had a labeled sample (the same figures as summary.labeled). */
  labeled_route: { labeler: string; file: string; drawn: number; labeled: number; frame_hashtags: string[] } | null;
  hashtags: ReplicationHashtag[];
  conclusion: string[];
}

export interface ComposeInput {
  summary: Summary;
  activityRule: ActivityRuleResult;
  filter: FilterCounts;
  files: string[];
  truth: GroundTruth | null;
  /** Where the reconstruction's files are (reconstruction only). */
  reconstructionFiles?: { corpus: string; truth: string };
  /** Who labeled the sample behind `summary.labeled` (the reconstruction's SIMULATED labeler). */
  labeler?: string;
}

const ci = (c: [number, number] | null): string => (c === null ? 'no interval' : `95% interval ${pct(c[0])}–${pct(c[1])}`);
const inside = (x: number, c: [number, number] | null): boolean => c !== null && x >= c[0] - 1e-12 && x <= c[1] + 1e-12;

export function composeReplication(input: ComposeInput): { replication: ReplicationRecord; reconstruction: ReconstructionRecord | null } {
  const { summary, activityRule, filter, truth } = input;
  const simulated = truth !== null;
  const defaultMethod = summary.default_method.name;
  const hashtags = STUDY.hashtags.map((h): ReplicationHashtag => {
    const tag = normalizeHashtag(h.tag);
    const series = summary.hashtags.find((s) => s.hashtag === tag);
    const rule = activityRule.hashtags.find((r) => r.hashtag === tag);
    const plant = truth?.hashtags.find((t) => normalizeHashtag(t.tag) === tag);
    const estimates = {} as ReplicationHashtag['estimates'];
    const domain = summary.labeled?.hashtags.find((d) => d.hashtag === tag);
    for (const unit of ['tweets', 'accounts'] as const) {
      // The no-label default: the headline, or under a labeled sample the default method's figure beside it.
      const headline = unit === 'tweets' ? series?.bot_share_tweets : series?.bot_share_accounts;
      const name = unit === 'tweets' ? summary.default_method.name : summary.default_method_accounts.name;
      const head = headline?.method === 'model-assisted' ? (name === null ? undefined : series?.methods[unit][name]) : headline;
      const cc = series?.methods[unit].cc;
      const row = {
        default: { estimate: head?.estimate ?? null, ci95: head?.ci95 ?? null, method: head?.method ?? 'none' },
        cc: { estimate: cc?.estimate ?? null, ci95: cc?.ci95 ?? null, method: 'cc' },
      } as ReplicationHashtag['estimates'][Unit];
      const ma = domain?.[unit].model_assisted;
      if (ma !== undefined) row.labeled = { estimate: ma.estimate, ci95: ma.ci95, method: 'model-assisted (labeled sample)' };
      for (const c of RULE_CRITERIA) {
        const f = rule?.shares[c][unit];
        row[`activity_${c}`] = { estimate: f?.estimate ?? null, ci95: f?.ci95 ?? null, method: `activity rule (${c})` };
      }
      estimates[unit] = row;
    }
    const keys = Object.keys(estimates.tweets) as Array<keyof ReplicationHashtag['estimates']['tweets']>;
    const planted = plant === undefined ? null : { share_tweets: plant.plantedShare, share_accounts: plant.plantedAccountShare };
    const errors: Record<string, number> = {};
    const plantedIn: Record<string, boolean> = {};
    const publishedIn: Record<string, boolean> = {};
    for (const k of keys) {
      const f = estimates.tweets[k];
      if (f === undefined) continue;
      publishedIn[k] = inside(h.published, f.ci95);
      if (planted !== null && f.estimate !== null) {
        errors[k] = 100 * (f.estimate - planted.share_tweets);
        plantedIn[k] = inside(planted.share_tweets, f.ci95);
      }
    }
    return {
      hashtag: tag,
      published_share_tweets: h.published,
      planted,
      tweets: series?.tweets ?? 0,
      accounts: series?.accounts ?? 0,
      estimates,
      error_points_tweets: planted === null ? null : errors,
      planted_in_interval: planted === null ? null : plantedIn,
      published_in_interval: publishedIn,
      findings: findings(h.tag, h.published, estimates, planted, rule?.profileUnknown ?? 0, rule?.accounts ?? 0, domain?.tweets.model_assisted.labeled ?? 0, input.labeler),
    };
  });
  const replication: ReplicationRecord = {
    study: {
      citation: STUDY.citation,
      tweets: STUDY.tweets,
      first_day: STUDY.firstDay,
      last_day: STUDY.lastDay,
      criterion: STUDY.criterion,
      published: STUDY.hashtags.map((h) => ({ hashtag: normalizeHashtag(h.tag), share_tweets: h.published })),
    },
    input: {
      kind: simulated ? 'reconstruction' : 'files',
      files: input.files,
      accepted: filter.accepted,
      kept: filter.kept,
      outside_window: filter.outsideWindow,
      other_hashtags: filter.otherHashtags,
    },
    activity_rule: { rate: activityRule.rate, criteria: { ...CRITERION_DESCRIPTIONS }, bootstrap: activityRule.bootstrap },
    default_method: defaultMethod,
    labeled_route:
      summary.labeled === undefined
        ? null
        : {
            labeler: input.labeler ?? 'the labels in the file',
            file: summary.labeled.file,
            drawn: summary.labeled.drawn,
            labeled: summary.labeled.counts.bot + summary.labeled.counts.human,
            frame_hashtags: summary.labeled.frame_hashtags,
          },
    hashtags,
    conclusion: conclusion(simulated, hashtags, defaultMethod),
  };
  return { replication, reconstruction: truth === null ? null : reconstructionRecord(truth, input.reconstructionFiles) };
}

function reconstructionRecord(truth: GroundTruth, files: ComposeInput['reconstructionFiles']): ReconstructionRecord {
  const byDataset: Record<string, number> = {};
  for (const a of truth.accounts) {
    const key = `${a.dataset}${a.subset === undefined ? '' : `/${a.subset}`} (${a.label})`;
    byDataset[key] = (byDataset[key] ?? 0) + 1;
  }
  return {
    simulated: true,
    note:
      'The original tweets of the March 2020 study are not public: this corpus is a reconstruction generated by botshare simulate ' +
      'to the study\'s published description (window, size, hashtags, bot shares, activity criterion), from labeled accounts the shipped model never saw in training. ' +
      'Its bot shares were planted; estimating them tests botshare, not the study.',
    seed: truth.seed,
    planted: truth.hashtags.map((h) => ({
      hashtag: normalizeHashtag(h.tag),
      share_tweets: h.plantedShare,
      share_accounts: h.plantedAccountShare,
      tweets: h.tweets,
      bot_tweets: h.botTweets,
    })),
    corpus: files?.corpus ?? '',
    truth: files?.truth ?? '',
    tweets: truth.tweets,
    multi_hashtag_tweets: truth.multiTagTweets,
    accounts: {
      bots: truth.accounts.filter((a) => a.label === 'bot').length,
      humans: truth.accounts.filter((a) => a.label === 'human').length,
      by_dataset: byDataset,
    },
    assumptions: RECONSTRUCTION_ASSUMPTIONS,
    adjustments: truth.adjustments,
    provenance: truth.provenance ?? null,
  };
}

function findings(
  tag: string,
  published: number,
  e: ReplicationHashtag['estimates'],
  planted: ReplicationHashtag['planted'],
  profileUnknown: number,
  accounts: number,
  labeledHere: number,
  labeler: string | undefined,
): string[] {
  const out: string[] = [];
  const d = e.tweets.default;
  const cc = e.tweets.cc;
  const corpus = e.tweets.activity_corpus;
  const profile = e.tweets.activity_profile;
  const against = planted === null ? published : planted.share_tweets;
  const what = planted === null ? `the published ${pct(published)}` : `the planted ${pct(planted.share_tweets)}`;
  if (d.estimate === null) {
    out.push(`#${tag}: no corrected estimate could be made, so there is no botshare answer to compare with ${what}.`);
  } else {
    out.push(
      `#${tag}: botshare's default estimate (${d.method}) is ${pct(d.estimate)} of tweets from bots (${ci(d.ci95)}); ` +
        `${what} lies ${inside(against, d.ci95) ? 'inside' : 'outside'} that interval` +
        (planted === null ? '.' : ` (error ${(100 * (d.estimate - against)).toFixed(1)} points).`),
    );
  }
  if (planted !== null && d.estimate !== null) {
    out.push(
      `Against the published ${pct(published)}: ${inside(published, d.ci95) ? 'inside' : 'outside'} the default estimate's interval.`,
    );
  }
  const l = e.tweets.labeled;
  if (l !== undefined && l.estimate !== null && l.ci95 !== null) {
    out.push(
      `The route botshare recommends — ${labeledHere} accounts of a drawn sample labeled${labeler === undefined ? '' : ` by the ${labeler.split(':')[0]}`}, then the model-assisted estimator — gives ${pct(l.estimate)} (${ci(l.ci95)}, ±${(50 * (l.ci95[1] - l.ci95[0])).toFixed(1)} points); ` +
        `${what} lies ${inside(against, l.ci95) ? 'inside' : 'outside'} that interval` +
        (planted === null ? '.' : ` (error ${(100 * (l.estimate - against)).toFixed(1)} points).`),
    );
  }
  if (cc.estimate !== null) {
    out.push(
      `Classify-and-count (uncorrected) gives ${pct(cc.estimate)}` +
        (planted === null ? '.' : ` (error ${(100 * (cc.estimate - against)).toFixed(1)} points).`),
    );
  }
  if (corpus.estimate !== null) {
    out.push(
      `The published criterion read as each account's own rate in this corpus (more than 50 tweets per active day) flags ${pct(corpus.estimate)} of tweets (${ci(corpus.ci95)}).` +
        (planted === null
          ? ''
          : ' In the reconstruction bots were planted at more than 50 tweets a day, so this reading recovers the plant by construction: it shows the simulation is what it claims to be, not that the rule finds bots in real data.'),
    );
  }
  if (profile.estimate !== null) {
    out.push(
      `Read as the lifetime rate of the profile (statuses / account age in days > 50) it flags ${pct(profile.estimate)} of tweets (${ci(profile.ci95)})` +
        (profileUnknown > 0 ? `; ${profileUnknown} of ${accounts} accounts lack the fields to compute it` : '') +
        '. The two readings of “more than 50 tweets a day” can disagree widely; the study did not say which it used.',
    );
  }
  return out;
}

function conclusion(simulated: boolean, hashtags: readonly ReplicationHashtag[], method: string | null): string[] {
  const out: string[] = [];
  if (simulated) {
    out.push(
      'This is a SIMULATION. The tweets of the March 2020 study are not public, so botshare rebuilt a corpus to the study\'s description and planted the published shares in it.',
      'What it shows: how botshare\'s estimators behave on such a corpus when the truth is known — whether the planted 46.3% and 37.1% fall inside their intervals, and how far the uncorrected count and the activity rule land.',
      'What it cannot show: whether 46.3% and 37.1% of the real tweets came from bots. Confirming or refuting the published figures needs the original tweets; run `botshare replicate FILES` on them.',
    );
    const covered = hashtags.filter((h) => h.planted_in_interval?.default === true).length;
    out.push(
      `The default estimate (${method ?? 'none'}) covered the planted share in ${covered} of ${hashtags.length} hashtags.`,
    );
    if (hashtags.some((h) => h.estimates.tweets.labeled !== undefined)) {
      const labeledCovered = hashtags.filter((h) => h.planted_in_interval?.labeled === true).length;
      out.push(
        `The labeled route (a sample labeled by a SIMULATED labeler that copies the truth, then the model-assisted estimate) covered it in ${labeledCovered} of ${hashtags.length}: the route botshare recommends on a real export, with a person's labels in place of the simulated ones.`,
      );
    }
  } else {
    const agree = hashtags.filter((h) => h.published_in_interval.default).length;
    out.push(
      `On these exports, the published share lies inside the default estimate's 95% interval for ${agree} of ${hashtags.length} hashtags.`,
      'botshare\'s model defines a bot as the public labeled data sets do, which is not the study\'s activity criterion; the activity-rule rows apply the study\'s criterion itself.',
    );
  }
  return out;
}

/** The rows of the published-vs-planted-vs-estimated chart. */
export function replicationChartRows(r: ReplicationRecord): ReplicationChartRow[] {
  const rows: ReplicationChartRow[] = [];
  for (const h of r.hashtags) {
    const hashtag = `#${h.hashtag}`;
    rows.push({ hashtag, what: 'published (Alkemy/Formiche.net 2020)', kind: 'published', order: 0, value: h.published_share_tweets });
    if (h.planted !== null) rows.push({ hashtag, what: 'planted (simulation)', kind: 'planted', order: 1, value: h.planted.share_tweets });
    const add = (what: string, order: number, f: ReplicationFigure): void => {
      if (f.estimate === null) return;
      rows.push({ hashtag, what, kind: 'estimate', order, value: f.estimate, lo: f.ci95?.[0], hi: f.ci95?.[1] });
    };
    const t = h.estimates.tweets;
    if (t.labeled !== undefined) add(r.input.kind === 'reconstruction' ? 'labeled sample (SIMULATED labeler)' : 'labeled sample (model-assisted)', 2, t.labeled);
    add(`${t.default.method} (botshare default without labels)`, 3, t.default);
    add('cc (uncorrected count)', 4, t.cc);
    add('activity rule: rate in corpus > 50/day', 5, t.activity_corpus);
    add('activity rule: lifetime rate > 50/day', 6, t.activity_profile);
    add('activity rule: either', 7, t.activity_either);
  }
  return rows;
}
