/**
 * The closing summary that `botshare report` prints on stderr: a pure function of the
 * Summary, one screen long. One line per hashtag (its tweets, its accounts, what can be said
 * of its bot share), a caution said once, and, without labels, one sampling plan that bounds
 * every reported hashtag. Every detail (each method, each flag, each per-hashtag plan) stays
 * in summary.json and report.html.
 */
import { pct } from '../util/format.js';
import { labelsToTargetSentence } from './labels-to-target.js';
import type { HashtagSummary, HeadlineFigure, LabeledDomain, SeriesSummary, Summary } from './summary.js';

/** How far outside [0, 1] a headline's raw value must fall for the caution to count it clipped. */
export const CLIP_NOTE = 0.05;

/** Flags of the labeled estimate that mean "too few labels here for a firm figure". */
const FEW_LABEL_CODES: ReadonlySet<string> = new Set(['few_labels', 'no_labels_in_domain', 'few_of_a_class']);

/** Warnings of the labeled sample printed in full; the rest are counted. */
const WARNINGS_SHOWN = 2;

const count = (n: number): string => n.toLocaleString('en-US');

/** An interval of 0–100% bounds nothing (unless it is the labeled sample's own). */
function unbounded(f: HeadlineFigure): boolean {
  return f.ci95 !== null && f.ci95[0] <= 0 && f.ci95[1] >= 1 && f.method !== 'model-assisted';
}

function share(f: HeadlineFigure): string {
  if (f.estimate === null) return '—';
  if (unbounded(f)) return 'not bounded';
  return f.ci95 === null ? pct(f.estimate) : `${pct(f.estimate)} [${pct(f.ci95[0])}, ${pct(f.ci95[1])}]`;
}

/** What can be said of a series' bot share, tweets and accounts. */
function said(s: SeriesSummary): string {
  const t = s.bot_share_tweets;
  const a = s.bot_share_accounts;
  if (unbounded(t) && unbounded(a)) return 'not bounded without labels';
  return `tweets ${share(t)}, accounts ${share(a)}`;
}

function farClipped(s: SeriesSummary): number {
  let n = 0;
  for (const [unit, f] of [['tweets', s.bot_share_tweets], ['accounts', s.bot_share_accounts]] as const) {
    const raw = f.method === 'none' || f.method === 'model-assisted' ? undefined : s.methods[unit][f.method]?.raw;
    if (raw !== undefined && raw !== null && (raw < -CLIP_NOTE || raw > 1 + CLIP_NOTE)) n++;
  }
  return n;
}

function labeledNote(d: LabeledDomain | undefined): string {
  if (d === undefined) return '';
  const few = [...d.tweets.model_assisted.flags, ...d.accounts.model_assisted.flags].some((f) => FEW_LABEL_CODES.has(f.code));
  return `; ${d.tweets.model_assisted.labeled} labeled${few ? ' (too few for a firm figure: label more rows)' : ''}`;
}

/** The method names of the headlines, said once for the whole table. */
function methodsSaid(summary: Summary): string {
  const series = [summary.overall, ...summary.hashtags];
  const names = (unit: 'bot_share_tweets' | 'bot_share_accounts'): string => [...new Set(series.map((s) => s[unit].method))].join('/');
  return `tweets by ${names('bot_share_tweets')}, accounts by ${names('bot_share_accounts')}`;
}

/** What the run wrote, for the closing lines: the output folder and the unreadable records' file. */
export interface ConsoleWritten {
  output: string;
  rejects: number;
  rejectsFile: string | null;
}

export function consoleSummary(summary: Summary, written?: ConsoleWritten): string[] {
  const lab = summary.labeled;
  const lines: string[] = [];
  const route = lab === undefined ? methodsSaid(summary) : 'model-assisted estimate from the labeled sample';
  lines.push(
    `${count(summary.inputs.tweets)} tweets from ${count(summary.inputs.accounts)} accounts, model ${summary.generator.model}; bot shares (${route}), 95% intervals:`,
  );
  const w = summary.window;
  if (w !== undefined) {
    const outside = summary.inputs.files.reduce((n, f) => n + (f.outside_window ?? 0), 0);
    lines.push(`window ${w.label}: ${count(outside)} tweets outside it left out`);
  }
  if (lab !== undefined) {
    const a = lab.agreement;
    if (a !== undefined) {
      const kappa = a.kappa === null ? 'undefined' : a.kappa.toFixed(2);
      lines.push(
        `labelers' agreement: ${a.kappa_kind === 'cohen' ? "Cohen's" : "Fleiss'"} kappa ${kappa}, ${a.percent_agreement === null ? '–' : pct(a.percent_agreement)} over ${count(a.n)} accounts; ${count(a.conflicts)} conflict(s)${a.adjudicated > 0 ? `, ${count(a.adjudicated)} adjudicated` : ''}`,
      );
    }
    lines.push(
      `labeled sample ${lab.file}: ${lab.prefix} of ${lab.drawn} drawn accounts used (${lab.counts.bot} bot, ${lab.counts.human} human, ${lab.counts.unsure} unsure, ${lab.counts.empty} empty); export model ${lab.export_model.method}`,
    );
    const target = labelsToTargetSentence(lab);
    if (target !== null) lines.push(target);
    for (const w of lab.warnings.slice(0, WARNINGS_SHOWN)) lines.push(`warning: ${w}`);
    if (lab.warnings.length > WARNINGS_SHOWN) lines.push(`warning: ${lab.warnings.length - WARNINGS_SHOWN} more in summary.json (labeled.warnings)`);
  }

  const rows: { name: string; s: SeriesSummary; d?: LabeledDomain }[] = [
    { name: 'all tweets', s: summary.overall, d: lab !== undefined && lab.frame_hashtags.length === 0 ? lab.overall : undefined },
    ...summary.hashtags.map((h: HashtagSummary) => ({ name: `#${h.hashtag}`, s: h as SeriesSummary, d: lab?.hashtags.find((x) => x.hashtag === h.hashtag) })),
  ];
  const nameWidth = Math.min(28, Math.max(...rows.map((r) => r.name.length)));
  const tweetsWidth = Math.max(...rows.map((r) => count(r.s.tweets).length));
  const accountsWidth = Math.max(...rows.map((r) => count(r.s.accounts).length));
  for (const r of rows) {
    const outside = lab !== undefined && r.d === undefined && r.s.bot_share_tweets.method !== 'model-assisted' ? ' (outside the labeled frame)' : '';
    lines.push(
      `  ${r.name.padEnd(nameWidth)}  ${count(r.s.tweets).padStart(tweetsWidth)} tweets  ${count(r.s.accounts).padStart(accountsWidth)} accounts  ${said(r.s)}${labeledNote(r.d)}${outside}`,
    );
  }

  // Cautions: the classifier's shares, said once for every row.
  const series = rows.filter((r) => r.d === undefined).map((r) => r.s);
  const heads = series.flatMap((s) => [s.bot_share_tweets, s.bot_share_accounts]);
  const open = heads.filter(unbounded).length;
  const clipped = series.reduce((n, s) => n + farClipped(s), 0);
  if (open > 0 || clipped > 0) {
    const parts = [
      ...(open > 0 ? [`${open} of ${heads.length} intervals span 0–100%`] : []),
      ...(clipped > 0 ? [`${clipped} figure(s) clipped from more than ${100 * CLIP_NOTE} points outside 0–100%: the model card's error rates do not hold on this export`] : []),
    ];
    const which = lab === undefined ? 'without labels these shares are not bounded' : "the rows outside the labeled sample's frame carry the classifier's shares, not bounded without labels";
    lines.push(`caution: ${which} (${parts.join('; ')}); the flags are in report.html`);
  } else {
    // Bounded figures resting on an unstable correction: say it, once per method.
    const headlines = new Set(heads.map((f) => f.method));
    for (const f of summary.flags) {
      if (f.code === 'unstable_correction' && (f.method === undefined || headlines.has(f.method))) lines.push(`caution: ${f.message}`);
    }
  }
  const coherence = summary.overall.flags.find((f) => f.code === 'overall_outside_hashtags');
  if (coherence !== undefined && lab === undefined) lines.push(`caution: ${coherence.message}`);

  if (lab === undefined) {
    const plan = summary.labels_plan;
    const overall = summary.overall.labels_needed;
    if (plan !== undefined) {
      const which = plan.hashtags.length === 1 ? `#${plan.hashtags[0]}` : `each of the ${plan.hashtags.length} hashtags`;
      lines.push(`next: label ${count(plan.n)} accounts for ±${100 * plan.half_width} points on ${which} (then report --labels sample/sample.csv):`);
      lines.push(`  ${plan.command}`);
    } else if (overall !== undefined) {
      lines.push(`next: label ${count(overall.n)} accounts for ±${100 * overall.half_width} points on all tweets (then report --labels sample/sample.csv):`);
      lines.push(`  ${overall.command}`);
    }
  }
  if (written !== undefined) {
    if (written.rejectsFile !== null) lines.push(`${written.rejects.toLocaleString('en-US')} unreadable records listed in ${written.rejectsFile}`);
    lines.push(`wrote ${written.output}/summary.json, report.html and charts/`);
  }
  return lines;
}
