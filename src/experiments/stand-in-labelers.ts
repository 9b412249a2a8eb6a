/**
 * Stand-in labelers for real exports: rule-based "persons" who judge an account only from
 * what botshare's labeling page (src/report/label-page.ts) shows of it — profile counts and
 * pace, account age, the clients it posts from, its tweets here with their text, its busiest
 * day and hour, its retweet and reply shares. Each rule's verdict is then flipped for a fixed
 * share of accounts, chosen by a hash of (the rule's seed, the user id), as a person's
 * judgement departs from any rule. Because the flips are a fixed function of the account, the
 * truth of an export — what the labeler would say of EVERY account — is known exactly, and a
 * labeled sample is that truth read on the drawn rows.
 *
 * The views are built from the raw export with botshare's readers (the same de-duplicated
 * tweets the pipeline reads), never through its estimation code.
 */
import { isAutomationClient } from '../features/automation-clients.js';
import type { TweetKind } from '../ingest/tweet.js';
import { hashSeed } from '../estimate/bootstrap.js';
import { openExports } from '../pipeline/exports.js';
import { createRandom } from '../util/random.js';
import { DAY_MS } from '../util/time.js';

export interface ViewTweet {
  createdAt: number;
  text: string;
  kind: TweetKind;
  /** Canonical hashtags (for the truth per hashtag; the rules read only the text). */
  hashtags: readonly string[];
}

/** What the labeling page shows of one account, from its tweets in the export. */
export interface AccountView {
  userId: string;
  description: string | null;
  followers: number | null;
  friends: number | null;
  statuses: number | null;
  createdAt: number | null;
  /** Posting clients and how many of its tweets each posted. */
  sources: Map<string, number>;
  tweets: ViewTweet[];
}

export interface ExportViews {
  /** The export's first and last tweet (epoch ms UTC). */
  period: { start: number; end: number };
  tweets: number;
  accounts: AccountView[];
  /** Tweets per canonical hashtag, largest first. */
  hashtags: { hashtag: string; tweets: number }[];
}

/** Every account of the files, with what the page would show of it (profile: its latest tweet's). */
export async function readExportViews(files: readonly string[]): Promise<ExportViews> {
  const byUser = new Map<string, AccountView>();
  const latest = new Map<string, number>();
  const tags = new Map<string, number>();
  let start = Infinity;
  let end = -Infinity;
  let tweets = 0;
  for await (const t of openExports(files).tweets()) {
    tweets++;
    if (t.createdAt < start) start = t.createdAt;
    if (t.createdAt > end) end = t.createdAt;
    for (const h of t.hashtags) tags.set(h, (tags.get(h) ?? 0) + 1);
    let v = byUser.get(t.author.id);
    if (v === undefined) {
      v = { userId: t.author.id, description: null, followers: null, friends: null, statuses: null, createdAt: null, sources: new Map(), tweets: [] };
      byUser.set(t.author.id, v);
    }
    // As sample.ts gathers the page: the profile of the latest tweet, fields it lacks kept from earlier ones.
    if (t.createdAt >= (latest.get(t.author.id) ?? -Infinity)) {
      latest.set(t.author.id, t.createdAt);
      const p = t.author;
      v.description = p.description ?? v.description;
      v.followers = p.followers ?? v.followers;
      v.friends = p.friends ?? v.friends;
      v.statuses = p.statuses ?? v.statuses;
      v.createdAt = p.createdAt ?? v.createdAt;
    }
    if (t.client !== undefined) v.sources.set(t.client, (v.sources.get(t.client) ?? 0) + 1);
    v.tweets.push({ createdAt: t.createdAt, text: t.text ?? '', kind: t.kind, hashtags: t.hashtags });
  }
  for (const v of byUser.values()) v.tweets.sort((a, b) => a.createdAt - b.createdAt);
  return {
    period: { start, end },
    tweets,
    accounts: [...byUser.values()],
    hashtags: [...tags].map(([hashtag, n]) => ({ hashtag, tweets: n })).sort((a, b) => b.tweets - a.tweets || (a.hashtag < b.hashtag ? -1 : 1)),
  };
}

/** The figures a person reads off the page for one account. */
export interface PageFacts {
  tweetsHere: number;
  /** Its tweets here per day of the export's period. */
  perDayHere: number;
  /** Its tweets on its busiest UTC day, and the share of its tweets in its busiest UTC hour of the day. */
  busiestDay: number;
  busiestHourShare: number;
  /** Days since creation at its first tweet here, and its profile's tweets per day of that age (the page's pace). */
  ageDays: number | null;
  statusesPerDay: number | null;
  followers: number | null;
  friends: number | null;
  descriptionEmpty: boolean;
  /** Shares of its tweets posted through an automation service, through any client other than Twitter's own and the common phone/desktop apps. */
  automationShare: number;
  otherClientShare: number;
  retweetShare: number;
  replyShare: number;
  /** Share of its own (non-retweet) posts whose text, without links, mentions and digits, it posted more than once. */
  duplicateShare: number;
  /** Share of its tweets with a link. */
  urlShare: number;
}

/** Clients a person recognises as typed by hand: Twitter's own apps and common human clients. */
const HAND_CLIENT = /^(twitter\b|tweetdeck|mobile web|tweetbot|twitterrific|echofon|fenix|talon|janetter|plume|flamingo|hootsuite|ios$|os x$|tweetcaster|uber ?social)/i;

export function isHandClient(name: string): boolean {
  return HAND_CLIENT.test(name.trim());
}

function templateOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, '')
    .replace(/@\w+/g, '')
    .replace(/[0-9]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function pageFacts(v: AccountView, period: { start: number; end: number }): PageFacts {
  const n = v.tweets.length;
  const days = Math.floor(period.end / DAY_MS) - Math.floor(period.start / DAY_MS) + 1;
  const perDay = new Map<number, number>();
  const hourly = new Array<number>(24).fill(0);
  let retweets = 0;
  let replies = 0;
  let urls = 0;
  const templates = new Map<string, number>();
  for (const t of v.tweets) {
    const d = Math.floor(t.createdAt / DAY_MS);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
    hourly[new Date(t.createdAt).getUTCHours()]++;
    if (t.kind === 'retweet') retweets++;
    else {
      if (t.kind === 'reply') replies++;
      const k = templateOf(t.text);
      if (k.length > 0) templates.set(k, (templates.get(k) ?? 0) + 1);
    }
    if (/https?:\/\//.test(t.text)) urls++;
  }
  let own = 0;
  let repeated = 0;
  for (const c of templates.values()) {
    own += c;
    if (c > 1) repeated += c;
  }
  let automation = 0;
  let other = 0;
  let withClient = 0;
  for (const [name, k] of v.sources) {
    withClient += k;
    if (isAutomationClient(name)) automation += k;
    if (!isHandClient(name)) other += k;
  }
  const first = v.tweets[0]?.createdAt;
  const ageDays = v.createdAt === null || first === undefined ? null : (first - v.createdAt) / DAY_MS;
  return {
    tweetsHere: n,
    perDayHere: n / days,
    busiestDay: Math.max(0, ...perDay.values()),
    busiestHourShare: n === 0 ? 0 : Math.max(...hourly) / n,
    ageDays,
    statusesPerDay: v.statuses === null || ageDays === null || ageDays < 1 ? null : v.statuses / ageDays,
    followers: v.followers,
    friends: v.friends,
    descriptionEmpty: v.description === null || v.description.trim() === '',
    automationShare: withClient === 0 ? 0 : automation / withClient,
    otherClientShare: withClient === 0 ? 0 : other / withClient,
    retweetShare: n === 0 ? 0 : retweets / n,
    replyShare: n === 0 ? 0 : replies / n,
    duplicateShare: own === 0 ? 0 : repeated / own,
    urlShare: n === 0 ? 0 : urls / n,
  };
}

/** One stand-in labeler: a rule on the page's figures, and the share of its verdicts flipped. */
export interface StandInRule {
  name: string;
  /** In words, recorded with the evidence. */
  definition: string;
  /** Share of accounts whose verdict is flipped (a fixed function of seed and user id). */
  flipRate: number;
  seed: number;
  says: (f: PageFacts) => boolean;
}

const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a / Math.max(1, b));

export const STAND_IN_RULES: readonly StandInRule[] = [
  {
    name: 'activity',
    definition: 'bot when it posts here 4 or more tweets a day over the export period, or 20 or more on its busiest day, or its profile shows 60 or more tweets a day since it was created; 10% of verdicts flipped',
    flipRate: 0.1,
    seed: 101,
    says: (f) => f.perDayHere >= 4 || f.busiestDay >= 20 || (f.statusesPerDay ?? 0) >= 60,
  },
  {
    name: 'client',
    definition:
      'bot when half or more of its tweets come through an automation service, or 80% or more through a client other than Twitter’s own and the common human apps, or (with 3 or more own posts) half or more of its own posts repeat a text template; 15% of verdicts flipped',
    flipRate: 0.15,
    seed: 202,
    says: (f) => f.automationShare >= 0.5 || f.otherClientShare >= 0.8 || (f.tweetsHere >= 3 && f.duplicateShare >= 0.5),
  },
  {
    name: 'profile',
    definition:
      'bot when it follows 5 times more accounts than follow it (and 100 or more), or it is under a year old with 20 or more tweets a day since created, or its profile shows 100 or more tweets a day, or it has no description and under 50 followers; 20% of verdicts flipped',
    flipRate: 0.2,
    seed: 303,
    says: (f) =>
      ((f.friends ?? 0) >= 100 && (ratio(f.friends, f.followers) ?? 0) >= 5) ||
      (f.ageDays !== null && f.ageDays < 365 && (f.statusesPerDay ?? 0) >= 20) ||
      (f.statusesPerDay ?? 0) >= 100 ||
      (f.descriptionEmpty && f.followers !== null && f.followers < 50),
  },
  {
    name: 'weighed',
    definition:
      'bot when 3 or more points: 2 for 4+ tweets a day here, 1 for 15+ on its busiest day, 1 for 50+ profile tweets a day, 1 more for 150+, 2 for half its tweets through an automation service, 1 for 80% through other clients, 1 for half its own posts templated (3+ posts), 1 for links in 90% of 3+ tweets, 1 for 90% retweets of 5+ tweets, 1 for half its 5+ tweets in one hour of the day, 1 for following 10 times its followers; 12% of verdicts flipped',
    flipRate: 0.12,
    seed: 404,
    says: (f) => {
      let p = 0;
      if (f.perDayHere >= 4) p += 2;
      if (f.busiestDay >= 15) p += 1;
      if ((f.statusesPerDay ?? 0) >= 50) p += 1;
      if ((f.statusesPerDay ?? 0) >= 150) p += 1;
      if (f.automationShare >= 0.5) p += 2;
      if (f.otherClientShare >= 0.8) p += 1;
      if (f.tweetsHere >= 3 && f.duplicateShare >= 0.5) p += 1;
      if (f.tweetsHere >= 3 && f.urlShare >= 0.9) p += 1;
      if (f.tweetsHere >= 5 && f.retweetShare >= 0.9) p += 1;
      if (f.tweetsHere >= 5 && f.busiestHourShare >= 0.5) p += 1;
      if ((f.friends ?? 0) >= 200 && (ratio(f.friends, f.followers) ?? 0) >= 10) p += 1;
      return p >= 3;
    },
  },
];

/** Whether the rule's verdict on this account is flipped: a fixed function of (rule seed, user id). */
export function flipped(rule: Pick<StandInRule, 'seed' | 'flipRate'>, userId: string): boolean {
  return createRandom(hashSeed(rule.seed, userId)).uniform() < rule.flipRate;
}

export interface StandInVerdict {
  /** The rule before flips, and the label the stand-in gives (flips included): the truth. */
  rule: boolean;
  bot: boolean;
}

/** What the stand-in says of every account of the export. */
export function standInTruth(views: ExportViews, rule: StandInRule): Map<string, StandInVerdict> {
  const out = new Map<string, StandInVerdict>();
  for (const v of views.accounts) {
    const says = rule.says(pageFacts(v, views.period));
    out.set(v.userId, { rule: says, bot: flipped(rule, v.userId) ? !says : says });
  }
  return out;
}
