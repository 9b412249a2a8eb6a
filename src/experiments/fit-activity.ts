/**
 * Derives the simulator's activity model from public data, so that no behaviour of the
 * simulated accounts is made up:
 * - humans' activity (tweets per account and active days) and hours of the day: the real
 *   Italian export `exports/rtweet_coronavirus_piemonte_2020-02.csv` (unlabeled; see `about`);
 * - clients and retweet/reply shares: per-account templates from the labeled timelines
 *   `labeled/cresci-2017/tweets_sample.csv.gz` (genuine_accounts for humans,
 *   social_spambots_1 — the Italian spambots — for bots);
 * - bots' hours of the day: the same social_spambots_1 timelines;
 * - bots' rates: the published criterion (more than 50 tweets a day, the most active 91.2).
 *
 * Run: `npm run build && node dist/simulate/fit-activity.js ../shared/datasets datasets/activity-model.json`.
 * The output is small, project-generated data: counts and shares, no tweet and no account.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { ActivityModelFile, ClassBehaviourFile } from '../simulate/types.js';

export const EXPORT_FILE = 'exports/rtweet_coronavirus_piemonte_2020-02.csv';
export const TIMELINES_FILE = 'labeled/cresci-2017/tweets_sample.csv.gz';

/** Accounts with fewer sampled tweets than this give no behaviour template (shares too noisy). */
const MIN_TEMPLATE_TWEETS = 5;
/** A template keeps an account's most used clients, up to this many. */
const MAX_TEMPLATE_CLIENTS = 4;

async function* csvRecords(file: string): AsyncGenerator<Record<string, string>> {
  const parser = parse({ columns: true, relax_column_count: false, bom: true });
  const source = createReadStream(file);
  const done = file.endsWith('.gz')
    ? pipeline(source, createGunzip(), parser)
    : pipeline(source, parser);
  for await (const record of parser as AsyncIterable<Record<string, string>>) yield record;
  await done;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Hour (0–23) of `YYYY-MM-DD HH:MM:SS` or ISO 8601 UTC text. */
function hourOf(time: string): number {
  const h = Number(time.slice(11, 13));
  if (!Number.isInteger(h) || h < 0 || h > 23) throw new Error(`unreadable time: ${time}`);
  return h;
}

interface AccountTally {
  tweets: number;
  days: Set<string>;
}

export async function fitHumanActivityFromExport(file: string): Promise<{
  records: number;
  accounts: Array<[number, number, number]>;
  hourWeights: number[];
}> {
  const byAccount = new Map<string, AccountTally>();
  const hours = new Array<number>(24).fill(0);
  let records = 0;
  for await (const r of csvRecords(file)) {
    records++;
    const user = r.user_id;
    const time = r.created_at;
    if (!user || !time) throw new Error(`${file}: record ${records} lacks user_id or created_at`);
    const tally = byAccount.get(user) ?? { tweets: 0, days: new Set<string>() };
    tally.tweets++;
    tally.days.add(time.slice(0, 10));
    byAccount.set(user, tally);
    hours[hourOf(time)]++;
  }
  const joint = new Map<string, number>();
  for (const t of byAccount.values()) {
    const key = `${t.tweets},${t.days.size}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  const accounts = [...joint.entries()]
    .map(([key, n]): [number, number, number] => {
      const [tweets, days] = key.split(',').map(Number);
      return [tweets, days, n];
    })
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { records, accounts, hourWeights: hours };
}

interface TimelineTally {
  tweets: number;
  retweets: number;
  replies: number;
  clients: Map<string, number>;
}

export async function fitBehaviourFromTimelines(
  file: string,
  datasets: { human: string; bot: string },
): Promise<{ records: number; human: ClassBehaviourFile; bot: ClassBehaviourFile; botHours: number[] }> {
  const tallies = { human: new Map<string, TimelineTally>(), bot: new Map<string, TimelineTally>() };
  const botHours = new Array<number>(24).fill(0);
  let records = 0;
  for await (const r of csvRecords(file)) {
    records++;
    const cls = r.dataset === datasets.human ? 'human' : r.dataset === datasets.bot ? 'bot' : null;
    if (cls === null) continue;
    const t = tallies[cls].get(r.user_id) ?? { tweets: 0, retweets: 0, replies: 0, clients: new Map() };
    t.tweets++;
    if (r.is_retweet === '1') t.retweets++;
    if (r.is_reply === '1') t.replies++;
    const client = r.source.trim();
    if (client.length > 0) t.clients.set(client, (t.clients.get(client) ?? 0) + 1);
    tallies[cls].set(r.user_id, t);
    if (cls === 'bot') botHours[hourOf(r.created_at)]++;
  }
  const behaviour = (cls: 'human' | 'bot', dataset: string): ClassBehaviourFile => {
    const clients: string[] = [];
    const index = new Map<string, number>();
    const templates: number[][] = [];
    // Sorted by account id so that the table does not depend on file order.
    for (const [, t] of [...tallies[cls].entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (t.tweets < MIN_TEMPLATE_TWEETS) continue;
      const top = [...t.clients.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_TEMPLATE_CLIENTS);
      const total = top.reduce((s, [, n]) => s + n, 0);
      if (total === 0) continue;
      const template: number[] = [round(t.retweets / t.tweets, 3), round(t.replies / t.tweets, 3)];
      for (const [html, n] of top) {
        let i = index.get(html);
        if (i === undefined) {
          i = clients.length;
          clients.push(html);
          index.set(html, i);
        }
        template.push(i, round(n / total, 3));
      }
      templates.push(template);
    }
    return {
      source: `${TIMELINES_FILE}, dataset ${dataset}: one template per account with ≥ ${MIN_TEMPLATE_TWEETS} sampled tweets (its retweet and reply shares, its ${MAX_TEMPLATE_CLIENTS} most used clients)`,
      clients,
      templates,
    };
  };
  return {
    records,
    human: behaviour('human', datasets.human),
    bot: behaviour('bot', datasets.bot),
    botHours,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Fits the whole activity model from the shared data folder. */
export async function fitActivityModel(datasetsDir: string): Promise<ActivityModelFile> {
  const exportPath = path.join(datasetsDir, EXPORT_FILE);
  const timelinesPath = path.join(datasetsDir, TIMELINES_FILE);
  const human = await fitHumanActivityFromExport(exportPath);
  const timelines = await fitBehaviourFromTimelines(timelinesPath, {
    human: 'genuine_accounts',
    bot: 'social_spambots_1',
  });
  return {
    about:
      'Parameters of botshare\'s corpus simulator (src/simulate), derived from public data by src/simulate/fit-activity.ts. ' +
      'Humans: activity and hours of the day as observed in a real Italian export (rtweet search, 17–25 February 2020; ' +
      'unlabeled, so a few automated news feeds are included — its busiest account posted 121 tweets over 4 days, ' +
      'about 30 a day, below the 50-a-day criterion; the search excluded retweets, so retweet shares come from the labeled timelines). ' +
      'Clients and retweet/reply shares: per-account templates from the labeled cresci-2017 timelines ' +
      '(humans: genuine_accounts, mostly English-language accounts of 2007–2015; bots: social_spambots_1, Italian). ' +
      'Bots: rates from the published criterion of the March 2020 study (more than 50 tweets a day, the most active 91.2), ' +
      'an assumption of the reconstruction, not a measurement.',
    generatedBy: 'src/simulate/fit-activity.ts',
    inputs: [
      { path: EXPORT_FILE, sha256: sha256(exportPath), records: human.records },
      { path: TIMELINES_FILE, sha256: sha256(timelinesPath), records: timelines.records },
    ],
    human: {
      activity: {
        source: `${EXPORT_FILE}: [tweets, distinct UTC days with a tweet, accounts] for every account of the export`,
        accounts: human.accounts,
      },
      hourWeights: human.hourWeights,
      hourSource: `${EXPORT_FILE}: tweets per UTC hour`,
      behaviour: timelines.human,
    },
    bot: {
      activity: {
        source:
          'Published criterion (Alkemy / Formiche.net, 30 March 2020): bots posted more than 50 tweets a day, the most active 91.2. ' +
          'rateShape 3 gives a mean rate of about 60 a day; the spread of rates and of active days is an assumption.',
        minRate: 50,
        maxRate: 91.2,
        rateShape: 3,
      },
      hourWeights: timelines.botHours,
      hourSource: `${TIMELINES_FILE}, dataset social_spambots_1: tweets per UTC hour`,
      behaviour: timelines.bot,
    },
  };
}
