/**
 * A summary as `report --labels` leaves it, built by hand: a labeled section whose domains are
 * the given hashtags (each with its model-assisted figure, its labels and flags), put in as the
 * headline by the report layer's own `labeledHeadline` (what `buildSummary` does with a
 * labeled section), over a summary built by hand.
 */
import { labeledHeadline, type LabeledDomain, type LabeledFigure, type LabeledSection, type Summary } from '../../src/report/summary.js';

export interface DomainSpec {
  hashtag: string | null;
  estimate: number;
  labeled: number;
  /** Unsure rows counted as bots: the estimate becomes this (default: the estimate). */
  asBot?: number;
  flags?: { code: string; message: string }[];
}

function figure(d: DomainSpec): LabeledFigure {
  const ci95: [number, number] = [Math.max(0, d.estimate - 0.04), Math.min(1, d.estimate + 0.04)];
  return {
    estimate: d.estimate,
    ci95,
    raw: d.estimate,
    standard_error: 0.02,
    lambda: 1,
    labeled: d.labeled,
    not_labeled: 0,
    unsure_as_human: { estimate: d.estimate, ci95 },
    unsure_as_bot: { estimate: d.asBot ?? d.estimate, ci95 },
    flags: d.flags ?? [],
  };
}

function domain(d: DomainSpec): LabeledDomain {
  const f = figure(d);
  return { hashtag: d.hashtag, tweets: { model_assisted: f, labels_only: f }, accounts: { model_assisted: f, labels_only: f } };
}

export function labeledSummary(base: Summary, domains: DomainSpec[], counts = { bot: 60, human: 190, unsure: 0, empty: 0 }): Summary {
  const section: LabeledSection = {
    method: 'model-assisted',
    design: 'd',
    variance: 'v',
    file: 'sample/sample.csv',
    sample_id: 'x',
    seed: 1,
    drawn: 300,
    prefix: counts.bot + counts.human + counts.unsure + counts.empty,
    counts,
    frame_hashtags: domains.some((d) => d.hashtag === null) ? [] : domains.map((d) => d.hashtag as string),
    frame_accounts: 900,
    warnings: [],
    export_model: { method: 'cross-fitted-logistic', folds: 5, coefficients: [], flags: [] },
    overall: domain(domains.find((d) => d.hashtag === null) ?? { hashtag: null, estimate: 0.5, labeled: 0 }),
    hashtags: domains.filter((d) => d.hashtag !== null).map(domain),
    accounts: [],
  };
  const byTag = new Map(section.hashtags.map((d) => [d.hashtag, d]));
  return {
    ...base,
    overall: labeledHeadline(base.overall, section.frame_hashtags.length === 0 ? section.overall : undefined),
    hashtags: base.hashtags.map((h) => ({ ...h, ...labeledHeadline(h, byTag.get(h.hashtag)) })),
    labeled: section,
  };
}
