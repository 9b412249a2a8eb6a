/**
 * label.html: an offline, self-contained page to label a sample of an export's accounts, one
 * at a time, in rank order. The data sits in a JSON block; a small inline script (allowed by
 * its hash in the Content-Security-Policy, nothing else may run) builds the DOM with
 * textContent only, because every screen name, description and tweet is hostile input.
 * The model's score of an account is shown only once it has a label, so it cannot sway it.
 */
import { createHash } from 'node:crypto';
import type { TweetKind } from '../ingest/tweet.js';
import { escapeHtml as esc, jsonForScript } from './escape.js';
import { LABEL_PAGE_SCRIPT } from './label-page-script.js';
import { LABEL_PAGE_STYLE } from './label-page-style.js';
import { sampleCsvParts, type SampleCsvRow } from '../labeled/sample-csv.js';

export interface LabelTweet {
  /** Epoch milliseconds UTC. */
  createdAt: number;
  text: string;
  kind: TweetKind;
}

export interface LabelAccount {
  /** 1-based labeling order: the first k rows labeled are a valid sample. */
  rank: number;
  userId: string;
  screenName: string | null;
  name: string | null;
  description: string | null;
  followers: number | null;
  friends: number | null;
  statuses: number | null;
  /** Account creation, epoch milliseconds UTC. */
  createdAt: number | null;
  /** Posting clients and how many of its tweets each posted. */
  sources: { name: string; tweets: number }[];
  /** All of its tweets in the export (the page shows the first `tweetsPerAccount` in time). */
  tweets: LabelTweet[];
  /** Its tweets per UTC day over `period`, one number a day (as `periodDays` counts them). */
  dailyCounts: number[];
  /** The model's score, shown once labeled; null when there is none. */
  score: number | null;
  /** For sample.csv: the tweets the design counted and its inclusion probability. */
  tweetCount: number;
  inclusionProbability: number;
}

export interface LabelPageInput {
  sampleId: string;
  seed: number;
  /** One or two sentences on how the accounts were drawn (shown on the page). */
  design: string;
  /** The export's first and last tweet, epoch milliseconds UTC. */
  period: { start: number; end: number };
  /** In rank order 1..n. */
  accounts: LabelAccount[];
  /** What `score` means, e.g. "mean bot score of its tweets (0 = human-like, 1 = bot-like)". */
  scoreMeaning?: string;
}

export interface LabelPageOptions {
  /** Tweets shown per account (default 50); the page says how many more there are. */
  tweetsPerAccount?: number;
}

const DAY = 86_400_000;
const DEFAULT_TWEETS_SHOWN = 50;

/** The UTC days from the period's first to its last tweet, both included. */
export function periodDays(period: { start: number; end: number }): number {
  return Math.floor(period.end / DAY) - Math.floor(period.start / DAY) + 1;
}

/** The rows of sample.csv for this page: write them with `sampleCsv` so that file and page agree. */
export function sampleRowsOf(input: LabelPageInput): SampleCsvRow[] {
  return input.accounts.map((a) => ({
    rank: a.rank,
    userId: a.userId,
    screenName: a.screenName,
    label: null,
    tweets: a.tweetCount,
    inclusionProbability: a.inclusionProbability,
    sampleId: input.sampleId,
  }));
}

function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function count(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : Math.round(x).toLocaleString('en-US');
}

/** "3 days", "5 months", "4.2 years": the account's age when it first tweeted in the export. */
export function ageText(ms: number): string {
  const days = ms / DAY;
  if (days < 2) return `${Math.floor(ms / 3_600_000)} hours`;
  if (days < 61) return `${Math.floor(days)} days`;
  if (days < 730) return `${Math.floor(days / 30.44)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

/** The time since the previous tweet: regular gaps are a sign of scheduling. */
export function gapText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

function perDay(x: number): string {
  return x >= 10 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

const KIND_TAG: Record<TweetKind, string> = { original: '', retweet: 'RT', reply: 'reply', quote: 'quote' };

interface AccountView {
  rank: number;
  userId: string;
  screenName: string;
  name: string;
  description: string;
  counts: [string, string][];
  created: string;
  age: string;
  rate: string;
  sources: [string, number][];
  tweetTotal: number;
  kinds: string;
  /** time, gap since the previous tweet, kind tag, text */
  tweets: [string, string, string, string][];
  more: number;
  daily: number[];
  hourly: number[];
  score: number | null;
  csvBefore: string;
  csvAfter: string;
}

function kindsText(tweets: readonly LabelTweet[]): string {
  if (tweets.length === 0) return '';
  const n = { original: 0, retweet: 0, reply: 0, quote: 0 };
  for (const t of tweets) n[t.kind]++;
  const parts: [number, string][] = [
    [n.original, 'own posts'],
    [n.retweet, 'retweets'],
    [n.reply, 'replies'],
    [n.quote, 'quotes'],
  ];
  return parts
    .filter(([k]) => k > 0)
    .map(([k, what]) => `${Math.round((100 * k) / tweets.length)}% ${what}`)
    .join(' · ');
}

function accountView(a: LabelAccount, days: number, shown: number, csv: { before: string; after: string }): AccountView {
  if (a.dailyCounts.length !== days) throw new Error(`label page: account ${a.userId} has ${a.dailyCounts.length} daily counts for a period of ${days} days`);
  const tweets = [...a.tweets].sort((x, y) => x.createdAt - y.createdAt);
  const hourly = new Array<number>(24).fill(0);
  for (const t of tweets) hourly[new Date(t.createdAt).getUTCHours()]++;
  const first = tweets[0]?.createdAt;
  let age = '';
  if (a.createdAt !== null && first !== undefined) {
    age = first >= a.createdAt ? `${ageText(first - a.createdAt)} old at its first tweet here (${utcMinute(first)})` : 'created after its first tweet here (a data error)';
  }
  // Its profile's tweet count over its lifetime: a few hundred a day for years is rarely typed by hand.
  const life = a.createdAt === null || first === undefined ? 0 : (first - a.createdAt) / DAY;
  const rate = a.statuses === null || life < 1 ? '' : `${perDay(a.statuses / life)} tweets a day since it was created`;
  return {
    rank: a.rank,
    userId: a.userId,
    screenName: a.screenName ?? '',
    name: a.name ?? '',
    description: a.description ?? '',
    counts: [
      ['followers', count(a.followers)],
      ['following', count(a.friends)],
      ['tweets (profile)', count(a.statuses)],
      ['tweets here', count(tweets.length)],
    ],
    created: a.createdAt === null ? 'unknown' : utcDay(a.createdAt),
    age,
    rate,
    sources: [...a.sources].sort((x, y) => y.tweets - x.tweets).map((s) => [s.name, s.tweets]),
    tweetTotal: tweets.length,
    kinds: kindsText(tweets),
    tweets: tweets.slice(0, shown).map((t, i) => [utcMinute(t.createdAt), i === 0 ? '' : `+${gapText(t.createdAt - tweets[i - 1].createdAt)}`, KIND_TAG[t.kind], t.text]),
    more: Math.max(0, tweets.length - shown),
    daily: a.dailyCounts,
    hourly,
    score: a.score,
    csvBefore: csv.before,
    csvAfter: csv.after,
  };
}

const SCRIPT_HASH = createHash('sha256').update(LABEL_PAGE_SCRIPT, 'utf8').digest('base64');
const CSP = `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;

/** The page as one HTML string; `sampleCsv(sampleRowsOf(input))` is the sample.csv it goes with. */
export function labelPageHtml(input: LabelPageInput, options: LabelPageOptions = {}): string {
  const shown = options.tweetsPerAccount ?? DEFAULT_TWEETS_SHOWN;
  const days = periodDays(input.period);
  input.accounts.forEach((a, i) => {
    if (a.rank !== i + 1) throw new Error(`label page: accounts must come in rank order 1..n (found rank ${a.rank} at position ${i + 1})`);
  });
  const { header, lines } = sampleCsvParts(sampleRowsOf(input));
  const data = {
    sampleId: input.sampleId,
    storageKey: `botshare-labels:${input.sampleId}`,
    csvHeader: header,
    period: { start: utcDay(input.period.start), end: utcDay(input.period.end), days },
    scoreMeaning: input.scoreMeaning ?? 'the model’s bot score (0 = human-like, 1 = bot-like)',
    accounts: input.accounts.map((a, i) => accountView(a, days, shown, lines[i])),
  };
  const n = input.accounts.length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Label ${n} accounts — botshare</title>
<style>${LABEL_PAGE_STYLE}</style>
</head>
<body>
<header class="top">
<div class="title"><strong>botshare · label the sample</strong> <span class="muted">${esc(`${n} accounts · ${data.period.start} to ${data.period.end} · seed ${input.seed} · sample ${input.sampleId}`)}</span></div>
<div class="progress"><div class="bar"><div class="fill" id="progress-fill"></div></div><span id="progress-text" aria-live="polite"></span></div>
<div class="actions"><label class="labeler">Labeler <input type="text" id="labeler" maxlength="40" autocomplete="off" placeholder="your name or initials" aria-describedby="labeler-why"></label><button type="button" id="export">Export sample.csv</button></div>
</header>
<p id="storage-warning" class="warning" hidden>This browser does not keep the labels between visits (storage is blocked): export sample.csv before closing the page.</p>
<main id="app"><noscript>This page needs JavaScript to label; the data is in sample.csv.</noscript></main>
<details class="help">
<summary>How to label · what counts as a bot</summary>
<p><strong>Keys:</strong> <kbd>b</kbd> bot · <kbd>h</kbd> human · <kbd>u</kbd> unsure · <kbd>←</kbd> or <kbd>Backspace</kbd> back · <kbd>→</kbd> forward.
Label the rows in order: the page always brings you to the first unlabeled account, because the first <em>k</em> labeled accounts are a valid random sample and a skipped one is not.</p>
<p><strong>Bot</strong> means the account posts automatically: scheduled or triggered posts, the same text again and again, activity around the clock, posting clients that are automation tools, bursts no person could type.
It does not mean an opinion you dislike, a propaganda account run by a person, or an account that only retweets by hand.
<strong>Unsure</strong> when the evidence here does not decide it; it is counted both ways in the report.</p>
<p><strong>Design:</strong> ${esc(input.design)}</p>
<p>Labels stay in this browser (keyed by the sample id) until you export; exporting writes sample.csv with the same rows and the label column filled. Give it to <code>botshare report &lt;files&gt; --labels sample.csv</code>.</p>
<p id="labeler-why"><strong>Labeler:</strong> your name or initials, asked once and kept with the labels, go into the export's <code>labeler</code> column, so that files from several people labeling the same sample can be compared and merged (<code>botshare agree A.csv B.csv -o merged.csv</code>).</p>
</details>
<script type="application/json" id="sample-data">${jsonForScript(data)}</script>
<script>${LABEL_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
