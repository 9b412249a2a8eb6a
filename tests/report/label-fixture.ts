import type { TweetKind } from '../../src/ingest/tweet.js';
import type { LabelAccount, LabelPageInput, LabelTweet } from '../../src/report/label-page.js';
import { createRandom } from '../../src/util/random.js';

/** Strings that must show as text and never run, in every field a page shows. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const HOSTILE_TWEET = '</script><script>alert(2)</script> & <b>bold</b> \u2028 end';
export const HOSTILE_DESCRIPTION = '"><svg onload=alert(3)> =HYPERLINK("http://evil.example")';

const DAY = 86_400_000;
const START = Date.UTC(2020, 1, 20, 6, 12);
const DAYS = 14;
const CLIENTS = ['Twitter for iPhone', 'Twitter for Android', 'Twitter Web App', 'IFTTT', 'dlvr.it'];
const WORDS = ['coronavirus', 'Milano', 'Lombardia', 'scuole', 'chiuse', 'domani', 'aggiornamento', 'casi', 'ospedale', 'notizie', 'ultima', 'ora', 'governo'];

/**
 * A sample of `n` accounts over 14 days of February 2020, generated from a seed: some post
 * around the clock from automation clients, most a few times by day from phones. The first
 * account has a hostile screen name, description and tweet; the third a long timeline.
 */
export function labelSample(n = 6, seed = 3): LabelPageInput {
  const rng = createRandom(seed);
  const accounts: LabelAccount[] = [];
  for (let i = 0; i < n; i++) {
    const automated = i % 3 === 0;
    const count = i === 2 ? 75 : automated ? 20 + Math.floor(rng.uniform() * 20) : 2 + Math.floor(rng.uniform() * 10);
    const tweets: LabelTweet[] = [];
    for (let t = 0; t < count; t++) {
      // Bots at any time of the period; people by day (08-22 UTC) on its whole days.
      const createdAt = automated
        ? START + Math.floor(rng.uniform() * (DAYS * DAY - 3_600_000))
        : START - (START % DAY) + (1 + Math.floor(rng.uniform() * (DAYS - 1))) * DAY + (8 + Math.floor(rng.uniform() * 14)) * 3_600_000 + Math.floor(rng.uniform() * 3_600_000);
      const kind: TweetKind = automated ? 'original' : rng.uniform() < 0.5 ? 'retweet' : rng.uniform() < 0.5 ? 'reply' : 'original';
      const words = Array.from({ length: 6 + Math.floor(rng.uniform() * 12) }, () => WORDS[Math.floor(rng.uniform() * WORDS.length)]);
      const text = i === 0 && t === 0 ? HOSTILE_TWEET : `${kind === 'retweet' ? 'RT @agenzia: ' : ''}${words.join(' ')} #coronavirus`;
      tweets.push({ createdAt, text, kind });
    }
    const dailyCounts = new Array<number>(DAYS + 1).fill(0);
    for (const t of tweets) dailyCounts[Math.floor(t.createdAt / DAY) - Math.floor(START / DAY)]++;
    const clients = automated ? [CLIENTS[3 + (i % 2)]] : [CLIENTS[i % 3], CLIENTS[(i + 1) % 3]];
    accounts.push({
      rank: i + 1,
      userId: String(1_100_000_000_000_000_000n + BigInt(i * 7919)),
      screenName: i === 0 ? HOSTILE_NAME : `account_${i}`,
      name: i === 0 ? HOSTILE_NAME : `Account ${i}`,
      description: i === 0 ? HOSTILE_DESCRIPTION : i === 1 ? null : `Notizie e aggiornamenti · profile ${i}`,
      followers: Math.floor(rng.uniform() * 5000),
      friends: Math.floor(rng.uniform() * 2000),
      statuses: 100 + Math.floor(rng.uniform() * 90_000),
      createdAt: automated ? START - 3 * DAY : START - (400 + i * 200) * DAY,
      sources: clients.map((name, k) => ({ name, tweets: k === 0 ? count - Math.floor(count / 3) * (clients.length - 1) : Math.floor(count / 3) })),
      tweets,
      dailyCounts,
      score: Number((automated ? 0.7 + 0.25 * rng.uniform() : 0.05 + 0.3 * rng.uniform()).toFixed(3)),
      tweetCount: count,
      inclusionProbability: i === 0 ? 1 : Number((0.05 + 0.5 * rng.uniform()).toFixed(4)),
    });
  }
  return {
    sampleId: `test-sample-${seed}`,
    seed,
    design: 'Accounts drawn with probability proportional to their tweets (all of the largest taken), in random order.',
    period: { start: START, end: START + DAYS * DAY - 3_600_000 },
    accounts,
  };
}
