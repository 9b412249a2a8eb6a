import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TIMING_FEATURES } from '../../src/features/registry.js';
import { TimingAccumulator, timingFeatures, type TimingEvent } from '../../src/features/timing.js';
import { isAutomationClient } from '../../src/features/automation-clients.js';

const S = 1000;
const HOUR = 3600 * S;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2021, 2, 1); // 2021-03-01T00:00:00Z

function named(values: Float64Array): Record<string, number> {
  return Object.fromEntries(TIMING_FEATURES.map((f, i) => [f.name, values[i]]));
}

const at = (ms: number, extra: Partial<TimingEvent> = {}): TimingEvent => ({ createdAt: T0 + ms, ...extra });

describe('timing features on hand-computed examples', () => {
  // Gaps 10 s, 20 s, 70 s; one tweet of each kind; clients IFTTT, iPhone, unknown, dlvr.it.
  const events: TimingEvent[] = [
    at(0, { kind: 'original', client: 'IFTTT', statuses: 1000 }),
    at(10 * S, { kind: 'retweet', client: 'Twitter for iPhone' }),
    at(30 * S, { kind: 'reply' }),
    at(100 * S, { kind: 'quote', client: 'dlvr.it', statuses: 1010 }),
  ];
  const f = named(timingFeatures(events));

  it('counts tweets and the rate over the active span (floored at one day)', () => {
    expect(f.corpus_tweets).toBe(4);
    expect(f.tweets_per_day).toBe(4); // span 100 s < 1 day → 4 / 1
  });

  it('computes the inter-arrival mean, CV, burstiness and gap entropy', () => {
    expect(f.interarrival_mean).toBeCloseTo(100 / 3, 12);
    // σ² = ((−70/3)² + (−40/3)² + (110/3)²) / 3 = 18600/27, so σ/μ = √6200 / 100
    expect(f.interarrival_cv).toBeCloseTo(Math.sqrt(6200) / 100, 12);
    const cv = Math.sqrt(6200) / 100;
    expect(f.burstiness).toBeCloseTo((cv - 1) / (cv + 1), 12);
    // bins floor(log2(1 + d)): 10 s → 3, 20 s → 4, 70 s → 6: three equal bins
    expect(f.interarrival_entropy).toBeCloseTo(Math.log2(3), 12);
  });

  it('finds the busiest minute and hour', () => {
    expect(f.max_tweets_per_minute).toBe(3); // [0 s, 60 s) holds 0, 10, 30
    expect(f.max_tweets_per_hour).toBe(4);
  });

  it('computes the hour-of-day entropy in bits', () => {
    expect(f.hour_entropy).toBe(0); // all in hour 0
    const g = named(timingFeatures([at(0), at(10 * S), at(HOUR), at(2 * HOUR + DAY)]));
    // hours 0, 0, 1, 2 → p = ½, ¼, ¼ → 1.5 bits
    expect(g.hour_entropy).toBeCloseTo(1.5, 12);
  });

  it('computes kind shares and the automation-client share over known values', () => {
    expect(f.retweet_share).toBe(0.25);
    expect(f.reply_share).toBe(0.25);
    expect(f.quote_share).toBe(0.25);
    expect(f.automation_client_share).toBeCloseTo(2 / 3, 15); // IFTTT, dlvr.it of 3 known clients
  });

  it('derives the posting rate from statuses_count between the first and last tweet carrying it', () => {
    expect(f.statuses_rate).toBe(10); // +10 statuses in 100 s → floored at 1 day
    const g = named(timingFeatures([at(0, { statuses: 1000 }), at(DAY, { statuses: 1040 }), at(2 * DAY, { statuses: 1100 })]));
    expect(g.statuses_rate).toBe(50);
    expect(g.tweets_per_day).toBe(1.5);
    const deleted = named(timingFeatures([at(0, { statuses: 500 }), at(4 * DAY, { statuses: 300 })]));
    expect(deleted.statuses_rate).toBe(-50); // deletions make it negative: kept, scaled by a signed log
  });

  it('gives a clockwork account CV 0 and burstiness −1', () => {
    const g = named(timingFeatures([0, 1, 2, 3, 4].map((i) => at(i * 600 * S))));
    expect(g.interarrival_cv).toBe(0);
    expect(g.burstiness).toBe(-1);
    expect(g.interarrival_entropy).toBe(0);
    expect(g.interarrival_mean).toBe(600);
  });

  it('uses half-open windows: tweets exactly 60 s apart are not in the same minute', () => {
    const g = named(timingFeatures([at(0), at(60 * S), at(120 * S)]));
    expect(g.max_tweets_per_minute).toBe(1);
    const h = named(timingFeatures([at(0), at(59 * S), at(60 * S)]));
    expect(h.max_tweets_per_minute).toBe(2);
  });
});

describe('missing timing values', () => {
  it('is all NaN without events', () => {
    expect([...timingFeatures([])].every(Number.isNaN)).toBe(true);
    expect([...new TimingAccumulator().features()].every(Number.isNaN)).toBe(true);
  });

  it('leaves gap statistics missing for an account with one tweet', () => {
    const g = named(timingFeatures([at(0, { kind: 'retweet', client: 'Twitter Web App' })]));
    expect(g.corpus_tweets).toBe(1);
    expect(g.max_tweets_per_minute).toBe(1);
    expect(g.max_tweets_per_hour).toBe(1);
    expect(g.retweet_share).toBe(1);
    expect(g.automation_client_share).toBe(0);
    for (const k of ['tweets_per_day', 'interarrival_mean', 'interarrival_cv', 'interarrival_entropy', 'burstiness', 'hour_entropy', 'statuses_rate']) {
      expect(g[k], k).toBeNaN();
    }
  });

  it('needs three tweets for CV, burstiness and gap entropy', () => {
    const g = named(timingFeatures([at(0), at(10 * S)]));
    expect(g.interarrival_mean).toBe(10);
    expect(g.interarrival_cv).toBeNaN();
    expect(g.burstiness).toBeNaN();
    expect(g.interarrival_entropy).toBeNaN();
  });

  it('leaves CV and burstiness missing when every gap is 0', () => {
    const g = named(timingFeatures([at(0), at(0), at(0)]));
    expect(g.interarrival_mean).toBe(0);
    expect(g.interarrival_cv).toBeNaN();
    expect(g.burstiness).toBeNaN();
    expect(g.interarrival_entropy).toBe(0);
  });

  it('leaves shares missing when the source does not say, and quote_share when quotes are not told apart', () => {
    const g = named(timingFeatures([at(0), at(S)]));
    expect(g.retweet_share).toBeNaN();
    expect(g.quote_share).toBeNaN();
    expect(g.automation_client_share).toBeNaN();
    const cresci = named(timingFeatures([at(0, { kind: 'retweet', quotesKnown: false }), at(S, { kind: 'original', quotesKnown: false })]));
    expect(cresci.retweet_share).toBe(0.5);
    expect(cresci.quote_share).toBeNaN();
  });

  it('leaves statuses_rate missing when the tweets carrying statuses_count share one time', () => {
    expect(named(timingFeatures([at(0, { statuses: 1 }), at(0, { statuses: 5 }), at(S)])).statuses_rate).toBeNaN();
  });
});

describe('automation clients', () => {
  it('matches service names case-insensitively, versions included', () => {
    for (const c of ['IFTTT', 'ifttt', 'dlvr.it', 'twittbot.net', 'WordPress.com', 'tweetadder v4', 'TweetAdder v3', 'twitterfeed', 'SocialOomph']) {
      expect(isAutomationClient(c), c).toBe(true);
    }
    for (const c of ['Twitter for iPhone', 'Twitter Web App', 'TweetDeck', 'Hootsuite Inc.', 'Buffer', 'carlabipolare']) {
      expect(isAutomationClient(c), c).toBe(false);
    }
  });
});

const eventArb = (createdAt: fc.Arbitrary<number>): fc.Arbitrary<TimingEvent> =>
  fc.record(
    {
      createdAt,
      kind: fc.constantFrom('original', 'retweet', 'reply', 'quote', undefined),
      quotesKnown: fc.constantFrom(true, false, undefined),
      client: fc.constantFrom('IFTTT', 'Twitter for Android', 'dlvr.it', undefined),
      statuses: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    },
    { requiredKeys: ['createdAt'] },
  ) as fc.Arbitrary<TimingEvent>;
// Coarse times (a few minutes, 10 s steps): ties and tweets within one minute are common.
const coarse = eventArb(fc.integer({ min: 0, max: 30 }).map((i) => T0 + i * 10 * S));
const spread = eventArb(fc.integer({ min: T0, max: T0 + 30 * DAY }));

function expectSame(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) expect(a[i], TIMING_FEATURES[i].name).toBeNaN();
    else expect(a[i], TIMING_FEATURES[i].name).toBeCloseTo(b[i], 9);
  }
}

describe('the accumulator', () => {
  it('equals the pure function on the same events, in any order, up to the cap', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(coarse, { maxLength: 60 }), fc.array(spread, { maxLength: 60 })), (events) => {
        const acc = new TimingAccumulator();
        for (const e of events) acc.add(e);
        expectSame(acc.features(), timingFeatures(events));
        const reversed = new TimingAccumulator();
        for (const e of [...events].reverse()) reversed.add(e);
        expectSame(reversed.features(), timingFeatures(events));
      }),
      { numRuns: 300 },
    );
  });

  it('above the cap keeps exact counts and computes gap statistics on the latest tweets', () => {
    // Ten tweets: eight a minute apart, then two 1 s apart at the end; cap 4.
    const times = [0, 60, 120, 180, 240, 300, 360, 420, 421, 422].map((s) => s * S);
    const acc = new TimingAccumulator(4);
    for (const t of [...times].reverse()) acc.add(at(t, { kind: 'retweet' }));
    const g = named(acc.features());
    expect(g.corpus_tweets).toBe(10);
    expect(g.retweet_share).toBe(1);
    expect(g.interarrival_mean).toBeCloseTo(422 / 9, 12); // exact: span / (n − 1)
    // kept: 360, 420, 421, 422 → gaps 60, 1, 1
    const gaps = [60, 1, 1];
    const mean = 62 / 3;
    const sd = Math.sqrt(gaps.reduce((a, d) => a + (d - mean) ** 2, 0) / 3);
    expect(g.interarrival_cv).toBeCloseTo(sd / mean, 12);
    expect(g.max_tweets_per_minute).toBe(3); // 420, 421, 422
    expect(acc.count).toBe(10);
  });

  it('refuses an event without a valid time', () => {
    expect(() => new TimingAccumulator().add({ createdAt: Number.NaN })).toThrow(/invalid time/);
  });
});
