import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestTweets } from '../../src/ingest/index.js';
import { clientName, normalizeHashtags, type Tweet } from '../../src/ingest/tweet.js';
import { simulateCorpus } from '../../src/simulate/corpus.js';
import { orderPools } from '../../src/simulate/held-out.js';
import { writeV1Jsonl } from '../../src/simulate/v1-writer.js';
import { createRandom } from '../../src/util/random.js';
import { activityModel, fakePool } from './fixtures.js';

describe('a simulated corpus read back through ingest', () => {
  it('is read as v1.1, every record accepted, each tweet as the simulator made it', async () => {
    const sim = simulateCorpus({
      pools: orderPools(fakePool(60, 1500), createRandom(2)),
      hashtags: [
        { tag: 'forzaCinaeItalia', tweets: 1500, botShare: 0.463 },
        { tag: 'grazieCina', tweets: 1400, botShare: 0.371 },
      ],
      overlapTweets: 100,
      window: { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 24) },
      seed: 5,
      activity: activityModel(),
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-rt-')), 'corpus.jsonl.gz');
    await writeV1Jsonl(sim.tweets(), file);

    const run = ingestTweets([file]);
    const read: Tweet[] = [];
    for await (const t of run.tweets) read.push(t);
    const [counts] = run.counts();
    expect(counts.format).toBe('v1');
    expect(counts.read).toBe(2800);
    expect(counts.accepted).toBe(2800);
    expect(counts.rejected + counts.duplicates).toBe(0);

    const expected = [...sim.tweets()];
    expect(read.map((t) => t.id)).toEqual(expected.map((t) => t.id));
    const kinds = new Set<string>();
    for (let i = 0; i < read.length; i++) {
      const r = read[i];
      const e = expected[i];
      kinds.add(r.kind);
      expect(r.createdAt).toBe(Math.floor(e.createdAt / 1000) * 1000);
      expect(r.kind).toBe(e.kind);
      expect(r.hashtags).toEqual(normalizeHashtags(e.hashtags));
      expect(r.client).toBe(clientName(e.source));
      expect(r.author.id).toBe(e.author.id);
      expect(r.author.statuses).toBe(e.author.statuses);
      expect(r.author.followers).toBe(e.author.followers);
      expect(r.author.createdAt).toBe(e.author.createdAt === undefined ? undefined : Math.floor(e.author.createdAt / 1000) * 1000);
      expect(r.author.screenName).toBe(e.author.screenName);
    }
    expect([...kinds].sort()).toEqual(['original', 'reply', 'retweet']);
  });
});
