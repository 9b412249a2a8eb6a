import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { simulateCorpus } from '../../src/simulate/corpus.js';
import { orderPools } from '../../src/simulate/held-out.js';
import type { SimTweet } from '../../src/simulate/types.js';
import { toV1Line, toV1Object, v1Date, writeV1Jsonl } from '../../src/simulate/v1-writer.js';
import { createRandom } from '../../src/util/random.js';
import { activityModel, fakePool } from './fixtures.js';

const original: SimTweet = {
  id: '1237692845461254144',
  createdAt: Date.UTC(2020, 2, 11, 10, 0, 5),
  text: '[botshare simulation] synthetic tweet 1 #forzaCinaeItalia #grazieCina',
  hashtags: ['forzaCinaeItalia', 'grazieCina'],
  kind: 'original',
  source: '<a href="http://twitter.com/download/android" rel="nofollow">twitter for android</a>',
  author: { id: '3610511', screenName: 'braddd', name: 'Davide', createdAt: Date.UTC(2012, 3, 6), statuses: 20371, followers: 5470 },
};

describe('v1.1 JSON of a simulated tweet', () => {
  it('formats dates the way the v1.1 API does', () => {
    expect(v1Date(Date.UTC(2020, 2, 11, 10, 0, 0))).toBe('Wed Mar 11 10:00:00 +0000 2020');
    expect(v1Date(Date.UTC(2007, 3, 6, 10, 58, 22))).toBe('Fri Apr 06 10:58:22 +0000 2007');
  });

  it('uses v1.1 field names, hashtag entities with code-point indices, and no invented profile field', () => {
    const o = JSON.parse(toV1Line(original)) as Record<string, unknown>;
    expect(o.id_str).toBe('1237692845461254144');
    expect(o.created_at).toBe('Wed Mar 11 10:00:05 +0000 2020');
    expect(o.full_text).toBe(original.text);
    expect(o.source).toBe(original.source);
    expect(o.in_reply_to_status_id_str).toBeNull();
    expect(o.entities).toEqual({
      hashtags: [
        { text: 'forzaCinaeItalia', indices: [40, 57] },
        { text: 'grazieCina', indices: [58, 69] },
      ],
      symbols: [],
      user_mentions: [],
      urls: [],
    });
    expect(o.user).toEqual({
      id: 3610511,
      id_str: '3610511',
      name: 'Davide',
      screen_name: 'braddd',
      followers_count: 5470,
      created_at: 'Fri Apr 06 00:00:00 +0000 2012',
      statuses_count: 20371,
    });
    expect(o).not.toHaveProperty('retweeted_status');
  });

  it('counts entity indices in code points, as Twitter does, past astral characters', () => {
    const o = toV1Object({ ...original, text: '😀 ok #grazieCina', hashtags: ['grazieCina'] });
    expect((o.entities as { hashtags: unknown }).hashtags).toEqual([{ text: 'grazieCina', indices: [5, 16] }]);
  });

  it('writes the numeric id at full precision beside id_str', () => {
    expect(toV1Line(original)).toContain('"id":1237692845461254144,"id_str":"1237692845461254144"');
  });

  it('writes a retweet with its retweeted_status and a reply with its in_reply_to fields', () => {
    const ref = { id: '1237692845461254144', createdAt: original.createdAt, text: original.text, hashtags: original.hashtags, author: { id: '3610511', screenName: 'braddd' } };
    const rt = toV1Object({ ...original, id: '1237692845461254999', kind: 'retweet', text: `RT @braddd: ${original.text}`, retweeted: ref });
    const rs = rt.retweeted_status as Record<string, unknown>;
    expect(rs.id_str).toBe(ref.id);
    expect(rs.user).toEqual({ id: '3610511', id_str: '3610511', screen_name: 'braddd' });
    const mentions = (rt.entities as Record<string, unknown>).user_mentions;
    expect(mentions).toEqual([{ screen_name: 'braddd', id: '3610511', id_str: '3610511', indices: [3, 10] }]);
    const reply = toV1Object({ ...original, kind: 'reply', text: `@braddd ${original.text}`, inReplyTo: ref });
    expect(reply.in_reply_to_status_id_str).toBe(ref.id);
    expect(reply.in_reply_to_user_id_str).toBe('3610511');
    expect(reply.in_reply_to_screen_name).toBe('braddd');
    expect(reply.display_text_range).toEqual([8, Array.from(reply.full_text as string).length]);
  });

  it('escapes user text as JSON (quotes, angle brackets, newlines survive a round trip)', () => {
    const tricky = { ...original, author: { ...original.author, description: 'a "b"\n<script>"id":"1"</script>' } };
    const o = JSON.parse(toV1Line(tricky)) as { user: { description: string } };
    expect(o.user.description).toBe('a "b"\n<script>"id":"1"</script>');
  });
});

describe('writeV1Jsonl', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-v1-'));
  const sim = (): ReturnType<typeof simulateCorpus> =>
    simulateCorpus({
      pools: orderPools(fakePool(40, 800), createRandom(3)),
      hashtags: [{ tag: 'grazieCina', tweets: 1200, botShare: 0.3 }],
      window: { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 18) },
      seed: 11,
      activity: activityModel(),
    });

  it('writes one JSON object per line, and byte-identical files for the same seed (plain and gzip)', async () => {
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    expect(await writeV1Jsonl(sim().tweets(), a)).toEqual({ tweets: 1200 });
    await writeV1Jsonl(sim().tweets(), b);
    const text = readFileSync(a, 'utf8');
    expect(text.split('\n').filter((l) => l.length > 0)).toHaveLength(1200);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    const gz1 = path.join(dir, 'a.jsonl.gz');
    const gz2 = path.join(dir, 'b.jsonl.gz');
    await writeV1Jsonl(sim().tweets(), gz1);
    await writeV1Jsonl(sim().tweets(), gz2);
    expect(readFileSync(gz1).equals(readFileSync(gz2))).toBe(true);
    expect(gunzipSync(readFileSync(gz1)).toString('utf8')).toBe(text);
  });

  it('never overwrites a file unless asked', async () => {
    const f = path.join(dir, 'mine.jsonl');
    writeFileSync(f, 'my notes\n');
    await expect(writeV1Jsonl(sim().tweets(), f)).rejects.toThrow(/already exists/);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(readFileSync(f, 'utf8')).toBe('my notes\n');
    await writeV1Jsonl(sim().tweets(), f, { overwrite: true });
    expect(readFileSync(f, 'utf8').split('\n')).toHaveLength(1201);
  });
});
