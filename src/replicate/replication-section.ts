/**
 * The replication's part of report.html: a banner saying plainly whether the data are a
 * simulation, and a section with the published, planted and estimated shares, the
 * findings and the assumptions. Every string goes through `escapeHtml`; the chart is an
 * SVG from the report's own renderer (checked by `assertSafeSvg`).
 */
import { escapeHtml as esc } from '../report/escape.js';
import type { ReconstructionRecord, ReplicationFigure, ReplicationRecord } from './compose.js';
import { pct } from '../util/format.js';

const interval = (c: [number, number] | null): string => (c === null ? '—' : `${pct(c[0])} – ${pct(c[1])}`);

/** The banner: the word SIMULATION once, what was simulated (the corpus, and the labeler when there is one). */
export function simulationBanner(reconstruction: ReconstructionRecord | null, labeledRoute: ReplicationRecord['labeled_route'] = null): string {
  if (reconstruction === null) return '';
  return `<div id="simulation-banner" role="alert" style="border:3px solid #c0392b;background:#fdecea;padding:.8em 1em;margin:0 0 1.5em 0;font-size:1.05em">
<strong>SIMULATION — not the original tweets.</strong> ${esc(reconstruction.note)} Seed ${esc(String(reconstruction.seed))}; planted shares of bot tweets: ${reconstruction.planted
    .map((p) => `#${esc(p.hashtag)} ${esc(pct(p.share_tweets))}`)
    .join(', ')}.${labeledRoute === null ? '' : ` The labeled sample was labeled by a ${esc(labeledRoute.labeler)}.`}
</div>`;
}

function figureRow(label: string, f: ReplicationFigure, published: number, planted: number | null): string {
  const mark = (x: number | null): string =>
    x === null || f.ci95 === null ? '' : x >= f.ci95[0] - 1e-12 && x <= f.ci95[1] + 1e-12 ? 'yes' : 'no';
  return `<tr><th scope="row">${esc(label)}</th><td class="num"><strong>${esc(pct(f.estimate))}</strong></td><td class="num">${esc(interval(f.ci95))}</td><td>${esc(mark(published))}</td>${planted === null ? '' : `<td>${esc(mark(planted))}</td>`}</tr>`;
}

export function replicationSection(
  replication: ReplicationRecord,
  reconstruction: ReconstructionRecord | null,
  chartSvg: string,
): string {
  const simulated = reconstruction !== null;
  const tables = replication.hashtags
    .map((h) => {
      const t = h.estimates.tweets;
      const planted = h.planted?.share_tweets ?? null;
      const rows = [
        ...(t.labeled === undefined
          ? []
          : [figureRow(`model-assisted, from the labeled sample${simulated ? ' (SIMULATED labeler)' : ''}: the route botshare recommends`, t.labeled, h.published_share_tweets, planted)]),
        figureRow(`${t.default.method} (botshare default without labels)`, t.default, h.published_share_tweets, planted),
        figureRow('cc (uncorrected classify-and-count)', t.cc, h.published_share_tweets, planted),
        figureRow('activity rule: own rate in the corpus > 50 a day', t.activity_corpus, h.published_share_tweets, planted),
        figureRow('activity rule: lifetime rate (statuses / age) > 50 a day', t.activity_profile, h.published_share_tweets, planted),
        figureRow('activity rule: either reading', t.activity_either, h.published_share_tweets, planted),
      ].join('\n');
      return `<h3>#${esc(h.hashtag)}</h3>
<p>${esc(h.tweets.toLocaleString('en-US'))} tweets from ${esc(h.accounts.toLocaleString('en-US'))} accounts. Published: <strong>${esc(pct(h.published_share_tweets))}</strong> of tweets from bots${
        h.planted === null ? '' : `; planted in the simulation: <strong>${esc(pct(h.planted.share_tweets))}</strong> of tweets (${esc(pct(h.planted.share_accounts))} of accounts)`
      }.</p>
<table class="answer">
<thead><tr><th scope="col">Share of tweets from bots, by</th><th scope="col">Estimate</th><th scope="col">95% interval</th><th scope="col">Published inside?</th>${simulated ? '<th scope="col">Planted inside?</th>' : ''}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<ul>${h.findings.map((f) => `<li>${esc(f)}</li>`).join('\n')}</ul>`;
    })
    .join('\n');
  const input = replication.input;
  const inputText = simulated
    ? `The input is the reconstruction written to <code>${esc(reconstruction.corpus)}</code> (Twitter API v1.1 JSONL) and read back through the same ingest as any export; its ground truth is in <code>${esc(reconstruction.truth)}</code>, which no estimator reads.`
    : `The input: ${input.files.map((f) => `<code>${esc(f)}</code>`).join(', ')}.`;
  const recon =
    reconstruction === null
      ? ''
      : `<h3>How the reconstruction was built</h3>
<p>${esc(reconstruction.tweets.toLocaleString('en-US'))} tweets (${esc(reconstruction.multi_hashtag_tweets.toLocaleString('en-US'))} with both hashtags) by ${esc(reconstruction.accounts.bots.toLocaleString('en-US'))} bot and ${esc(reconstruction.accounts.humans.toLocaleString('en-US'))} human accounts, seed ${esc(String(reconstruction.seed))}. Accounts by labeled set: ${Object.entries(reconstruction.accounts.by_dataset)
          .map(([k, n]) => `${esc(k)}: ${esc(String(n))}`)
          .join('; ')}.</p>
<p>Assumptions where the publication is silent:</p>
<ul>${reconstruction.assumptions.map((a) => `<li>${esc(a)}</li>`).join('\n')}</ul>
${reconstruction.adjustments.length === 0 ? '' : `<p>Departures forced by the available accounts:</p><ul>${reconstruction.adjustments.map((a) => `<li>${esc(a)}</li>`).join('\n')}</ul>`}`;
  return `<section id="replication">
<h2>${simulated ? 'Replication of the March 2020 case — on a SIMULATED reconstruction' : 'Replication of the March 2020 case'}</h2>
<p>${esc(replication.study.citation)}. Published criterion: ${esc(replication.study.criterion)}. ${inputText} Of ${esc(input.accepted.toLocaleString('en-US'))} tweets read, ${esc(input.kept.toLocaleString('en-US'))} carry one of the two hashtags inside ${esc(replication.study.first_day)} – ${esc(replication.study.last_day)} (${esc(input.outside_window.toLocaleString('en-US'))} outside the window, ${esc(input.other_hashtags.toLocaleString('en-US'))} without the hashtags).</p>
<ul>${replication.conclusion.map((c) => `<li>${esc(c)}</li>`).join('\n')}</ul>
<figure class="chart" id="chart-replication">${chartSvg}<figcaption>${
    simulated
      ? `Orange diamonds: the published shares; green triangles: the shares planted in the simulation; dark dots and lines: botshare's estimates with their 95% intervals${replication.labeled_route === null ? ' (bootstrap over accounts)' : ' (the labeled sample\'s: model-assisted, from the sample\'s design; the others: bootstrap over accounts)'}.`
      : 'Orange diamonds: the published shares; dark dots and lines: botshare\'s estimates with 95% bootstrap intervals over accounts.'
  }</figcaption></figure>
${tables}
${recon}
</section>`;
}
