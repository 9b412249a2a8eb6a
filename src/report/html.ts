/**
 * report.html: one self-contained file (inline SVG, inline styles, the Vega-Lite specs as
 * JSON data blocks; no script, no CDN, no network) that a researcher who has not read the
 * code can follow: what was measured, how, how sure it is, and what could make it wrong.
 * Every user-controlled string goes through `escapeHtml`; a Content-Security-Policy that
 * forbids scripts is a second line of defence, not the first.
 */

import type { TopLevelSpec } from 'vega-lite';
import { UNSTABLE_GAP } from '../estimate/methods.js';
import type { MethodName } from '../estimate/types.js';
import { ALL_TWEETS } from './charts/common.js';
import { accountLabel } from './charts/top-accounts.js';
import { escapeHtml as esc, jsonForScript } from './escape.js';
import type { HeadlineFigure, SeriesSummary, Summary, SummaryFigure, SummaryFlag } from './summary.js';
import { pct } from '../util/format.js';
import type { LabeledAgreement, LabeledDomain, LabeledFigure } from './summary.js';
import { labelsToTargetSentence } from './labels-to-target.js';

export interface RenderedChart {
  name: string;
  title: string;
  spec: TopLevelSpec;
  /** SVG markup from `renderSvg` (vega escapes text; `assertSafeSvg` checked it). */
  svg: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function interval(ci: [number, number] | null): string {
  return ci === null ? '—' : `${pct(ci[0])} – ${pct(ci[1])}`;
}

function num(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—';
}

function headlineCell(h: HeadlineFigure): string {
  if (h.estimate === null) return '<td class="num">no corrected estimate</td><td></td>';
  // An interval of 0–100% is the answer: the point inside it means nothing on its own.
  // One cell over both columns: the interval is the whole range, not a figure beside a point.
  if (h.ci95 !== null && h.ci95[0] <= 0 && h.ci95[1] >= 1) {
    const range = '<span class="nowrap">(0–100%)</span>';
    return `<td class="unbounded" colspan="2">${h.method === 'model-assisted' ? `not bounded ${range}: label more accounts` : `not bounded without labels ${range}`}</td>`;
  }
  return `<td class="num"><strong>${pct(h.estimate)}</strong></td><td class="num">${interval(h.ci95)}</td>`;
}

function seriesRows(summary: Summary): { label: string; series: SeriesSummary; hashtag?: string }[] {
  return [
    { label: ALL_TWEETS, series: summary.overall },
    ...summary.hashtags.map((h) => ({ label: `#${h.hashtag}`, series: h, hashtag: h.hashtag })),
  ];
}

function answerTable(summary: Summary): string {
  const refs = new Map(summary.references.map((r) => [r.hashtag, r]));
  const hasRefs = summary.references.length > 0;
  const rows = seriesRows(summary).map(({ label, series, hashtag }) => {
    const ref = hashtag === undefined ? undefined : refs.get(hashtag);
    const refCell = hasRefs ? `<td class="num">${ref === undefined ? '' : pct(ref.share)}</td>` : '';
    return `<tr><th scope="row">${esc(label)}</th><td class="num">${num(series.tweets)}</td><td class="num">${num(series.accounts)}</td>${headlineCell(series.bot_share_tweets)}${headlineCell(series.bot_share_accounts)}<td>${esc(methodsOf(series.bot_share_tweets.method, series.bot_share_accounts.method))}${summary.labeled !== undefined && series.bot_share_tweets.method !== 'model-assisted' ? ' (outside the labeled sample’s frame)' : ''}</td>${refCell}</tr>`;
  });
  return `<table class="answer">
<thead><tr><th scope="col">Series</th><th scope="col">Tweets</th><th scope="col">Accounts</th><th scope="col">Bot share of tweets</th><th scope="col">95% interval</th><th scope="col">Bot share of accounts</th><th scope="col">95% interval</th><th scope="col">Method</th>${hasRefs ? '<th scope="col">Reference (tweets)</th>' : ''}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** 'acc', or 'acc (tweets), pacc (accounts)' when the units' methods differ. */
/** The labeled route, per series, once summary.json carries `labels_needed`. */
function labelsNeededList(summary: Summary): string {
  const items = seriesRows(summary).flatMap(({ label, series }) => {
    const ln = series.labels_needed;
    return ln === undefined
      ? []
      : [`<li><em>${esc(label)}</em>: label ${num(ln.n)} accounts for ±${esc(String(100 * ln.half_width))} points — <code>${esc(ln.command)}</code></li>`];
  });
  const plan = summary.labels_plan;
  const one =
    plan === undefined
      ? ''
      : `<p class="labels-plan">To bound them: label ${num(plan.n)} accounts of one sample for ±${esc(String(100 * plan.half_width))} points on ${plan.hashtags.length === 1 ? `#${esc(plan.hashtags[0])}` : `each of the ${num(plan.hashtags.length)} hashtags`} — <code>${esc(plan.command)}</code></p>`;
  if (items.length === 0) return one;
  const list = `<ul class="labels-needed">${items.join('')}</ul>`;
  return plan === undefined
    ? `<p>Labeled accounts that would bound these shares:</p>${list}`
    : `${one}<details><summary>Each series on its own</summary>${list}</details>`;
}

function methodsOf(tweets: string | null, accounts: string | null): string {
  const t = tweets ?? 'none';
  const a = accounts ?? 'none';
  return t === a ? t : `${t} (tweets), ${a} (accounts)`;
}

function methodNote(summary: Summary, m: MethodName, unit: 'tweets' | 'accounts'): string {
  const headline = unit === 'tweets' ? summary.default_method.name : summary.default_method_accounts.name;
  if (m === headline) return 'headline method';
  return summary.method_descriptions[m].adjusted ? 'corrected, for comparison' : 'uncorrected: biased, for comparison only';
}

function allMethodsTable(summary: Summary): string {
  const body: string[] = [];
  for (const { label, series } of seriesRows(summary)) {
    for (const unit of ['tweets', 'accounts'] as const) {
      for (const [m, f] of Object.entries(series.methods[unit]) as [MethodName, SummaryFigure][]) {
        const clipped = f.raw !== f.estimate && Number.isFinite(f.raw) ? ` (raw ${pct(f.raw)}, clipped)` : '';
        body.push(
          `<tr><th scope="row">${esc(label)}</th><td>${unit}</td><td>${esc(m)}</td><td class="num">${pct(f.estimate)}${clipped}</td><td class="num">${interval(f.ci95)}</td><td>${esc(methodNote(summary, m, unit))}</td></tr>`,
        );
      }
    }
  }
  return `<table>
<thead><tr><th scope="col">Series</th><th scope="col">Unit</th><th scope="col">Method</th><th scope="col">Estimate</th><th scope="col">95% interval</th><th scope="col">Note</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody></table>`;
}

function methodList(summary: Summary): string {
  const items = (Object.entries(summary.method_descriptions) as [MethodName, Summary['method_descriptions'][MethodName]][]).map(
    ([m, d]) => `<li><strong>${esc(m)}</strong> — ${esc(d.label)}. <span class="cite">${esc(d.citation)}</span></li>`,
  );
  return `<ul class="methods">${items.join('')}</ul>`;
}

function flagList(summary: Summary): string {
  const items: string[] = [];
  const add = (where: string, f: SummaryFlag): void => {
    items.push(`<li><span class="flag">${esc(f.code)}</span> <em>${esc(where)}</em>: ${esc(f.message)}</li>`);
  };
  for (const f of summary.flags) add('all series', f);
  for (const { label, series } of seriesRows(summary)) for (const f of series.flags) add(label, f);
  if (items.length === 0) return '<p>No warnings.</p>';
  return `<ul class="flags">${items.join('\n')}</ul>`;
}

function topAccountsTable(summary: Summary): string {
  if (summary.top_accounts.length === 0) return '<p>No account information was given.</p>';
  const rows = summary.top_accounts.map((a, i) => {
    const feats = [...a.top_features].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
    const list = (sign: 1 | -1): string => {
      const fs = feats.filter((f) => Math.sign(f.contribution) === sign).slice(0, 4);
      return fs.length === 0
        ? '—'
        : fs.map((f) => `${esc(f.feature)} <span class="num">(${sign > 0 ? '+' : '−'}${Math.abs(f.contribution).toFixed(2)})</span>`).join(', ');
    };
    const label = accountLabel(a, i + 1);
    return `<tr><th scope="row">${esc(label)}</th><td class="num">${num(a.tweets)}</td><td class="num">${a.score.toFixed(2)}</td><td>${list(1)}</td><td>${list(-1)}</td></tr>`;
  });
  return `<table>
<thead><tr><th scope="col">Account</th><th scope="col">Tweets</th><th scope="col">Bot score</th><th scope="col">Pushed the score up</th><th scope="col">Pushed it down</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

function figure(chart: RenderedChart | undefined, caption: string): string {
  if (chart === undefined) return '';
  return `<figure id="chart-${esc(chart.name)}">
<div class="chart">${chart.svg}</div>
<figcaption>${caption} <span class="files">Files: charts/${esc(chart.name)}.vl.json, .svg, .png.</span></figcaption>
</figure>`;
}

function howMeasured(summary: Summary): string {
  const c = summary.classifier;
  const d = summary.default_method;
  const m = d.name;
  const correction =
    m === 'pacc'
      ? `The headline method, <strong>pacc</strong> (${esc(d.label)}), starts from the <em>mean score</em> of the tweets and corrects it with the average score that the model gives to known bots (${c.mean_score_bot === null ? '—' : c.mean_score_bot.toFixed(3)}) and to known humans (${c.mean_score_human === null ? '—' : c.mean_score_human.toFixed(3)}): share = (mean score − human average) / (bot average − human average). If all accounts were human, the mean score would be the human average, and the share 0; if all were bots, it would be the bot average, and the share 1.`
      : m === 'acc'
        ? `The headline method, <strong>acc</strong> (${esc(d.label)}), starts from the share of tweets scoring ${c.threshold} or more and corrects it with the model's measured true positive rate (TPR = ${c.tpr.toFixed(3)}, the share of known bots it flags) and false positive rate (FPR = ${c.fpr.toFixed(3)}, the share of known humans it flags): share = (count − FPR) / (TPR − FPR).`
        : m === null
          ? '<strong>No corrected method could run</strong> on this model card, so no headline share is given: an uncorrected count would be biased.'
          : `The headline method is <strong>${esc(m)}</strong> (${esc(d.label)}).`;
  const validation =
    c.validation_accounts === null ? '' : ` on ${num(c.validation_accounts.bots)} bot and ${num(c.validation_accounts.humans)} human accounts`;
  const t = c.tweet_level;
  const tweetRates =
    t === null
      ? ' These rates were measured per account and are applied to tweets as well (see the caveats).'
      : ` For shares of tweets the same rates counted over the validation accounts' tweets are used (TPR ${t.tpr.toFixed(3)}, FPR ${t.fpr.toFixed(3)}${
          t.mean_score_bot === null || t.mean_score_human === null
            ? ''
            : `, average scores ${t.mean_score_bot.toFixed(3)} and ${t.mean_score_human.toFixed(3)}`
        }), because busy accounts may score differently from quiet ones.`;
  return `<ol class="steps">
<li>Every tweet got a <strong>bot score</strong> between 0 and 1 from the model <code>${esc(summary.generator.model)}</code>: its estimate of the probability that the author is automated, from the author's profile at the time of the tweet and the author's posting rhythm in this corpus.</li>
<li>Simply counting the tweets whose score passes a threshold (“classify and count”) gives a <strong>biased</strong> share: the classifier errs, and its false positives among the many human accounts inflate a small bot share while the bots it misses deflate a large one (Rauchfleisch &amp; Kaiser 2020). That count is shown only for comparison, in grey.</li>
<li>${correction} The rates come from: <em>${esc(c.source)}</em>${validation}.${tweetRates}</li>
<li>Why this method: ${esc(d.reason)}</li>
<li>The <strong>share of accounts</strong> uses the same methods with accounts as units, each account scored by the mean of its tweets' scores${accountsSentence(summary)}</li>
</ol>`;
}

function accountsSentence(summary: Summary): string {
  const a = summary.default_method_accounts;
  if (a.name === summary.default_method.name) return '.';
  if (a.name === null) return '; no corrected method could run for them.';
  return `; its headline method is <strong>${esc(a.name)}</strong> (${esc(a.label)}). Why: ${esc(a.reason)}`;
}

function uncertainty(summary: Summary): string {
  const b = summary.bootstrap;
  return `<p>Each interval is a <strong>95% percentile bootstrap interval over accounts</strong>: the accounts of the series were redrawn with replacement ${num(b.replicates)} times (seed ${b.seed}), each with all its tweets, the share recomputed each time, and the middle 95% of the results kept. Accounts, not tweets, are redrawn because the tweets of one account are not independent: a single busy account can post hundreds of similar tweets.${
    b.rates_redrawn
      ? ' Each redraw also redrew the model card rates within their own sampling error, so the interval includes the uncertainty of the correction.'
      : ' The model card did not give the number of validation accounts, so the uncertainty of the correction itself is not included: the interval is too narrow by that much.'
  }</p>
<p>The interval does <em>not</em> include the error that comes from this corpus being unlike the data the rates were measured on (other countries, languages, years, kinds of bots). If the model errs differently here, every figure shifts, and no interval shows it.</p>`;
}

/** What the shipped evidence says about the defaults, in the best case it measured. */
function evidenceCaveat(summary: Summary): string {
  const e = summary.evidence;
  if (e === null || e.units.length === 0) return 'No evaluation of the default methods was shipped with this model: how close these figures come to the truth is unknown.';
  const parts = e.units.map(
    (u) =>
      `the ${u.method} share of ${u.unit} within ${u.mae_points >= 1 ? u.mae_points.toFixed(1) : u.mae_points.toFixed(2)} points on average (planted ${pct(u.planted[0])}–${pct(u.planted[1])}), its 95% interval covering the truth in ${u.corpora > 0 ? `${u.covered} of ${u.corpora}` : 'none'}`,
  );
  return `On simulated corpora of accounts the shipped model never saw (${e.rates} rates, ${e.tweets_per_corpus.toLocaleString('en-US')} tweets each): ${parts.join('; ')}. That is the best case: the corpus’s accounts were of the same kinds as the validation accounts. (Evidence: ${e.command}.)`;
}

function caveats(summary: Summary): string {
  const items = [
    'A “bot” is what the public labelled data sets that trained the model call a bot. Other definitions give other shares.',
    'The corrections assume that the model makes the same kinds of mistakes on this corpus as on its validation accounts. The threshold-sensitivity chart is a check: if the corrected share moves a lot with the threshold, that assumption is doubtful.',
    summary.classifier.tweet_level === null
      ? 'The rates are measured per account; applying them to tweets assumes that, among bots and among humans, how much an account tweets does not depend on its score. If busier accounts score higher, the corrected tweet shares are biased.'
      : 'The tweet-level rates weigh each validation account by its number of tweets; they transfer to this corpus only if bots and humans here are as active, relative to their scores, as in the validation data.',
    `A correction whose denominator is below ${UNSTABLE_GAP} is flagged as unstable, and a corrected share that falls outside 0–100% is clipped and flagged.`,
    evidenceCaveat(summary),
    'Hashtags match case-insensitively; a tweet with several hashtags counts in each of them. Days are UTC.',
    'Deleted and suspended accounts are missing from most exports: if bots are removed faster than humans, every share here is too low.',
  ];
  if (summary.references.length > 0) {
    items.push(
      'Reference values come from elsewhere and may define bots differently (the published figures of the March 2020 case, for instance, counted accounts posting more than 50 tweets a day).',
    );
  }
  if (summary.pseudonymized) {
    items.push('Account names and ids in this report are replaced by salted hashes; the salt is not stored with the outputs.');
  }
  return `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('\n')}</ul>`;
}

/** The labelers' agreement, when the labels are several people's merged by `botshare agree`. */
function agreementParagraph(a: LabeledAgreement | undefined): string {
  if (a === undefined) return '';
  const kappa = a.kappa === null ? 'undefined' : a.kappa.toFixed(2);
  const who = a.labelers.length > 0 ? a.labelers.join(', ') : `${num(a.files)} files`;
  return `<p class="agreement">Labels from ${esc(who)}, merged by <code>botshare agree</code>: ${esc(a.kappa_kind === 'cohen' ? 'Cohen’s' : 'Fleiss’')} kappa ${esc(kappa)} and ${esc(a.percent_agreement === null ? '–' : pct(a.percent_agreement))} agreement over ${num(a.n)} accounts every labeler called bot or human; ${num(a.conflicts)} conflicts${a.adjudicated > 0 ? `, ${num(a.adjudicated)} adjudicated` : ''} (unadjudicated ones count as unsure). Source: <code>${esc(a.file)}</code>.</p>`;
}

/** The researcher's labeled sample: how it was drawn and used, each domain's shares, the accounts. */
function labeledSampleSection(summary: Summary, chart: RenderedChart | undefined, title = 'Your labeled sample'): string {
  const l = summary.labeled;
  if (l === undefined) return '';
  // Unsure and empty rows bound a share from two sides: two values, not an interval; none, no column.
  const bounded = l.counts.unsure + l.counts.empty > 0;
  const cell = (f: LabeledFigure): string =>
    `<td class="num">${pct(f.estimate)}</td><td class="num">${interval(f.ci95)}</td>${bounded ? `<td class="num">${pct(f.unsure_as_human.estimate)} / ${pct(f.unsure_as_bot.estimate)}</td>` : ''}`;
  const domains = [...(l.frame_hashtags.length === 0 ? [l.overall] : []), ...l.hashtags];
  const name = (d: LabeledDomain): string => (d.hashtag === null ? 'all tweets' : `#${d.hashtag}`);
  // Flags: a short badge in the row, the sentence once under the table.
  // One note per series and flag: the units it holds for are named together when the sentence is the same.
  const notes = domains.flatMap((d) => {
    const t = d.tweets.model_assisted.flags;
    const a = d.accounts.model_assisted.flags;
    const both = t.filter((f) => a.some((g) => g.code === f.code && g.message === f.message));
    const only = (flags: typeof t, unit: string) => flags.filter((f) => !both.includes(f) && !(unit === 'accounts' && both.some((g) => g.code === f.code && g.message === f.message))).map((f) => ({ where: `${name(d)}, ${unit}`, domain: d, ...f }));
    return [...both.map((f) => ({ where: `${name(d)}, tweets and accounts`, domain: d, ...f })), ...only(t, 'tweets'), ...only(a, 'accounts')];
  });
  const badge = (code: string): string => `<span class="flag">${esc(code.replace(/_/g, ' '))}</span>`;
  const row = (d: LabeledDomain): string => {
    const codes = [...new Set(notes.filter((n) => n.domain === d).map((n) => n.code))];
    return `<tr><th scope="row">${esc(name(d))}${codes.length === 0 ? '' : `<br>${codes.map(badge).join(' ')}`}</th><td class="num">${num(d.tweets.model_assisted.labeled)}</td>${cell(d.tweets.model_assisted)}<td class="num">${interval(d.tweets.labels_only.ci95)}</td>${cell(d.accounts.model_assisted)}</tr>`;
  };
  const unsureHead = bounded ? '<th scope="col">Unsure rows as human / as bot</th>' : '';
  const target = labelsToTargetSentence(l);
  const noteList =
    notes.length === 0 ? '' : `<ul class="flag-notes">${notes.map((n) => `<li>${badge(n.code)} <em>${esc(n.where)}</em>: ${esc(n.message)}</li>`).join('\n')}</ul>`;
  const accounts = l.accounts
    .map((a) => `<tr><td class="num">${num(a.rank)}</td><td>${esc(a.screen_name === null ? `id ${a.user_id}` : `@${a.screen_name}`)}</td><td>${esc(a.label === '' ? '—' : a.label)}</td><td class="num">${a.public_score === null ? '—' : esc(a.public_score.toFixed(2))}</td><td class="num">${esc(a.prediction.toFixed(2))}</td></tr>`)
    .join('\n');
  return `<section id="labeled-sample">
<h2>${esc(title)}</h2>
<p>These shares come from ${num(l.prefix)} of the ${num(l.drawn)} accounts drawn by <code>botshare sample</code> (${num(l.counts.bot)} labeled bot, ${num(l.counts.human)} human, ${num(l.counts.unsure)} unsure, ${num(l.counts.empty)} left empty), from <code>${esc(l.file)}</code>, sample <code>${esc(l.sample_id)}</code>. Method: ${esc(l.method)}. Design: ${esc(l.design)}. Standard errors: ${esc(l.variance)}. The intervals hold whatever the classifier, because the labels, weighted by how likely each account was to be drawn, carry the estimate; the model only narrows them. ${bounded ? 'Unsure and empty rows are not labels: the two values beside each share count them all as humans, then all as bots.' : 'No row of the labeled prefix is unsure or empty, so no share needs bounding for them.'}</p>
${agreementParagraph(l.agreement)}
${l.warnings.length === 0 ? '' : `<ul>${l.warnings.map((w) => `<li>${esc(w)}</li>`).join('\n')}</ul>`}
<table class="answer">
<thead><tr><th scope="col">Series</th><th scope="col">Labeled accounts</th><th scope="col">Share of tweets</th><th scope="col">95% interval</th>${unsureHead}<th scope="col">Labels only: 95% interval</th><th scope="col">Share of accounts</th><th scope="col">95% interval</th>${unsureHead}</tr></thead>
<tbody>
${domains.map(row).join('\n')}
</tbody>
</table>
${noteList}${target === null ? '' : `\n<p class="labels-to-target">Labels to reach the target: ${esc(target)}.</p>`}
<p>The export model (${esc(l.export_model.method)}${l.export_model.folds > 0 ? `, ${num(l.export_model.folds)} folds` : ''}) learned from your labels: ${l.export_model.coefficients.length === 0 ? esc(l.export_model.flags.map((f) => f.message).join(' ') || 'no coefficients') : l.export_model.coefficients.map((c) => `${esc(c.name)} ${esc(c.coefficient >= 0 ? '+' : '−')}${esc(Math.abs(c.coefficient).toFixed(2))}`).join(', ')}.</p>
${figure(chart, 'Each labeled account’s public bot score against your label. Where the colours overlap, the public model does not separate this export’s bots from its humans.')}
<details><summary>The labeled accounts</summary>
<table><thead><tr><th scope="col">Rank</th><th scope="col">Account</th><th scope="col">Label</th><th scope="col">Public score</th><th scope="col">Export model</th></tr></thead>
<tbody>
${accounts}
</tbody></table></details>
</section>`;
}

function inputsParagraph(summary: Summary): string {
  const files = summary.inputs.files;
  const list =
    files.length === 0
      ? ''
      : `<ul class="files">${files
          .map(
            (f) =>
              `<li><code>${esc(f.path)}</code>${f.format === undefined ? '' : ` (${esc(f.format)})`}${
                f.accepted === undefined ? '' : `: ${num(f.accepted)} tweets accepted`
              }${f.rejected === undefined ? '' : `, ${num(f.rejected)} rejected`}${f.duplicates === undefined ? '' : `, ${num(f.duplicates)} duplicates`}${
                f.outside_window === undefined ? '' : `, ${num(f.outside_window)} outside the window`
              }</li>`,
          )
          .join('')}</ul>`;
  return `<p>${num(summary.inputs.tweets)} tweets from ${num(summary.inputs.accounts)} accounts; ${num(summary.hashtags.length)} hashtag(s) reported.</p>${list}`;
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: .92em; display: block; max-width: 100%; overflow-x: auto; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .35em .6em; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.answer strong { font-size: 1.1em; }
td.unbounded { color: #666; text-align: center; } .nowrap { white-space: nowrap; }
figure { margin: 1.5em 0; } .chart svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: .92em; max-width: 60em; } .files { color: #777; }
.flag { font-family: monospace; font-weight: normal; font-size: .85em; background: #fdf2e9; padding: 0 .3em; white-space: nowrap; display: inline-block; margin: .15em .2em 0 0; }
.cite { color: #666; font-size: .9em; } .meta { color: #555; }
code { word-break: break-all; }
@media (max-width: 600px) { .chart { overflow-x: auto; } .chart svg { max-width: none; } }
`;

/** Under a labeled sample, the method sections describe the classifier's figures, not the headline: say so first. */
function labeledNote(summary: Summary): string {
  if (summary.labeled === undefined) return '';
  return '<p class="labeled-note"><strong>The headline shares come from your labeled sample</strong> (model-assisted, with its own intervals: see the labeled sample above). What follows is how the classifier’s figures beside them were made, the ones under “Every method’s figures”.</p>\n';
}

/** The share chart's caption: the method it draws, its intervals, and only the marks it has. */
function shareCaption(summary: Summary, method: string): string {
  const labeled = summary.labeled !== undefined && [summary.overall, ...summary.hashtags].some((s) => s.bot_share_tweets.method === 'model-assisted');
  const outside = seriesRows(summary).filter((r) => r.series.bot_share_tweets.method !== 'model-assisted').map((r) => r.label);
  const bars = labeled
    ? `Bars: the <strong>model-assisted</strong> bot share from the labeled sample; black lines: its 95% interval (from the sample's design)${outside.length === 0 ? '' : `; not drawn, being outside the sample's frame: ${esc(outside.join(', '))}`}`
    : `Bars: bot share by <strong>${esc(method)}</strong>; black lines: 95% bootstrap intervals over accounts`;
  const refs = summary.references.length > 0 ? '; orange diamonds: reference values' : '';
  return `${bars}; grey dots: the uncorrected classify-and-count share, for comparison only${refs}.`;
}

/** What a caller adds to the report (HTML it escaped): a banner at the top, a section before the answer. */
export interface ReportSections {
  /** Put before the page's title, e.g. 'SIMULATION — '. */
  titlePrefix: string;
  /** Shown first in the body. */
  banner: string;
  /** A section placed before the answer. */
  beforeAnswer: string;
  /** The labeled sample section's heading (default: 'Your labeled sample'). */
  labeledTitle?: string;
}

export function reportHtml(summary: Summary, charts: readonly RenderedChart[], sections?: ReportSections): string {
  const chart = (name: string): RenderedChart | undefined => charts.find((c) => c.name === name);
  const method =
    summary.labeled === undefined ? methodsOf(summary.default_method.name, summary.default_method_accounts.name) : 'model-assisted, from your labeled sample (tweets and accounts)';
  const specs = charts
    .map((c) => `<script type="application/json" id="spec-${esc(c.name)}" data-chart="${esc(c.name)}">${jsonForScript(c.spec)}</script>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`botshare ${summary.generator.version}`)}">
<title>${esc(sections?.titlePrefix ?? '')}Bot share report</title>
<style>${STYLE}</style>
</head>
<body>${sections === undefined ? '' : `\n${sections.banner}`}
<header>
<h1>What share of the traffic comes from automated accounts?</h1>
<p class="meta">Generated by botshare ${esc(summary.generator.version)} with the model <code>${esc(summary.generator.model)}</code>. Headline method${summary.labeled === undefined && summary.default_method.name !== summary.default_method_accounts.name ? 's' : ''}: <strong>${esc(method)}</strong>.${summary.window === undefined ? '' : ` Tweets posted <strong>${esc(summary.window.label)}</strong> only.`}</p>
</header>

${sections === undefined ? '' : `${sections.beforeAnswer}\n\n`}<section id="answer">
<h2>The answer</h2>
<p>For each hashtag, the estimated share of tweets that bots posted and the share of participating accounts that are bots, with 95% intervals. Every figure names the method that produced it.</p>
${answerTable(summary)}
${labelsNeededList(summary)}
${figure(chart('share-by-hashtag'), shareCaption(summary, method))}
</section>

${labeledSampleSection(summary, chart('score-by-label'), sections?.labeledTitle)}

<section id="data">
<h2>What was measured</h2>
${inputsParagraph(summary)}
</section>

<section id="method">
<h2>How it was measured</h2>
${labeledNote(summary)}${howMeasured(summary)}
<p>The methods, by name:</p>
${methodList(summary)}
</section>

<section id="uncertainty">
<h2>How sure it is</h2>
${labeledNote(summary)}${uncertainty(summary)}
</section>

<section id="warnings">
<h2>Warnings</h2>
${flagList(summary)}
</section>

<section id="all-methods">
<h2>Every method's figures</h2>
<p>The same shares by every method that could run, so that the effect of the correction is visible.</p>
${allMethodsTable(summary)}
</section>

<section id="checks">
<h2>Checks</h2>
${figure(chart('threshold-sensitivity'), 'How the share moves with the decision threshold. The uncorrected count (solid) depends on the threshold; a trustworthy corrected estimate (dashed) should not.')}
${figure(chart('score-distribution'), 'How the bot scores are spread, for tweets and for accounts. Scores crowded near the threshold make the uncorrected count fragile.')}
${figure(chart('daily-volume'), `Tweets per day, split into bots and humans by the day's share (${esc(summary.default_method.name ?? 'none')}). Single days hold fewer accounts, so their split is less certain than the totals.`)}
</section>

<section id="accounts">
<h2>Most active accounts</h2>
<p>The accounts that posted most, their bot score (the mean over their tweets), and the features that pushed their score towards bot (+) or towards human (−), according to the model's explanations.</p>
${topAccountsTable(summary)}
${figure(chart('top-accounts'), 'Tweets per account, coloured by bot score (red: bot-like, blue: human-like).')}
</section>

<section id="caveats">
<h2>Caveats</h2>
${caveats(summary)}
</section>

<section id="reproduce">
<h2>Reproducing this report</h2>
<p>Threshold ${summary.classifier.threshold}; bootstrap: ${num(summary.bootstrap.replicates)} replicates over accounts, seed ${summary.bootstrap.seed}. All figures, with every method's, are in <code>summary.json</code> beside this file; the chart specifications (Vega-Lite) are embedded in this file and saved in <code>charts/</code>.</p>
</section>
${specs}
</body>
</html>
`;
}
