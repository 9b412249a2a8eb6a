/**
 * Evidence for docs/no-labels.md ("rows that contradict each other"): on a real export, each
 * row of `report` — all tweets and every reported hashtag — with its raw count, its headline
 * before and after clipping, its interval and flags, and how many tweets carry no hashtag.
 * No account is named: only counts and shares leave this script.
 *
 *   node dist/experiments/main.js rows-coherence FILE... [--before-summary SUMMARY.json] --out docs/evidence/rows-coherence.json
 *
 * `--before-summary` takes the summary.json an earlier version of `report` wrote on the same
 * files, and records its rows beside the new ones.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SeriesSummary, Summary } from '../report/summary.js';

export interface CoherenceRow {
  series: string;
  tweets: number;
  accounts: number;
  /** Share of tweets scoring at or above the threshold (uncorrected). */
  ccTweets: number | null;
  method: string;
  estimate: number | null;
  raw: number | null;
  ci95: [number, number] | null;
  flags: string[];
}

export function coherenceRows(summary: Summary): CoherenceRow[] {
  const row = (series: string, s: SeriesSummary): CoherenceRow => {
    const h = s.bot_share_tweets;
    const raw = h.method === 'none' || h.method === 'model-assisted' ? undefined : s.methods.tweets[h.method]?.raw;
    return {
      series,
      tweets: s.tweets,
      accounts: s.accounts,
      ccTweets: s.methods.tweets.cc?.estimate ?? null,
      method: h.method,
      estimate: h.estimate,
      raw: raw ?? null,
      ci95: h.ci95,
      flags: s.flags.map((f) => f.code),
    };
  };
  return [row('all tweets', summary.overall), ...summary.hashtags.map((h) => row(`#${h.hashtag}`, h))];
}

/** The harness (node dist/experiments/main.js rows-coherence --help). */
export async function runRowsCoherence(o: { files: readonly string[]; out: string; beforeSummary?: string; command: string }): Promise<void> {
  const { loadModelScorer } = await import('../pipeline/load-scorer.js');
  const { DEFAULT_MODEL_DIR } = await import('../util/paths.js');
  const { report } = await import('../pipeline/report.js');
  const { files, out } = o;
  const before = o.beforeSummary === undefined ? undefined : coherenceRows(JSON.parse(await readFile(o.beforeSummary, 'utf8')) as Summary);
  const scorer = await loadModelScorer(DEFAULT_MODEL_DIR, 'out-of-domain');
  const dir = await mkdtemp(path.join(tmpdir(), 'botshare-rows-'));
  try {
    const { summary } = await report({ kind: 'files', files, scorer }, dir, { png: false, pseudonymize: true });
    const evidence = {
      command: o.command,
      generated: new Date().toISOString(),
      model: scorer.model,
      rates: scorer.rates.source,
      files: files.map((f) => path.basename(f)),
      tweets: summary.inputs.tweets,
      tweetsWithoutHashtag: summary.inputs.tweets_without_hashtag ?? null,
      ...(before === undefined ? {} : { before: { summary: path.basename(o.beforeSummary ?? ''), rows: before } }),
      rows: coherenceRows(summary),
      overallFlags: summary.overall.flags.filter((f) => f.code === 'overall_outside_hashtags').map((f) => f.message),
    };
    await writeFile(out, `${JSON.stringify(evidence, null, 1)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
