import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { byId, collect, fixture, tempDir } from './helpers.js';

describe('Twitter API v1.1 reader', () => {
  it('reads the full text and hashtags of an extended tweet', async () => {
    const { tweets } = await collect([fixture('v1', 'statuses.jsonl')]);
    expect(byId(tweets, '1240000000000000001')).toEqual({
      id: '1240000000000000001',
      createdAt: Date.UTC(2020, 2, 11, 20, 19, 24),
      text: 'Grazie a tutti i medici cinesi #GrazieCina #ForzaItalia 🇮🇹',
      hashtags: ['graziecina', 'forzaitalia'],
      kind: 'original',
      client: 'Twitter for Android',
      author: {
        id: '1001', screenName: 'alice_it', name: 'Alice', description: 'Ciao #Italia',
        createdAt: Date.UTC(2015, 2, 2, 10, 0, 0), followers: 120, friends: 80, statuses: 5000,
        favourites: 40, listed: 2, verified: false, defaultProfile: false, defaultProfileImage: false,
        backgroundImage: true, location: 'Torino', url: 'https://example.org',
      },
    });
  });

  it('reads a retweet as a tweet by the retweeter, with the original full text and hashtags', async () => {
    const { tweets } = await collect([fixture('v1', 'statuses.jsonl')]);
    const rt = byId(tweets, '1240000000000000002');
    expect(rt.kind).toBe('retweet');
    expect(rt.author.id).toBe('2002');
    expect(rt.author.screenName).toBe('botty_2020');
    expect(rt.text).toBe("RT @newsroom: Aiuti dalla Cina per l'Italia #forzaCinaeItalia #GrazieCina e molto altro ancora");
    // #GrazieCina was cut from the retweet's own 140-character text; the original has it.
    expect(rt.hashtags).toEqual(['forzacinaeitalia', 'graziecina']);
    expect(rt.client).toBe('IFTTT');
    expect(rt.createdAt).toBe(Date.UTC(2020, 2, 12, 8, 0, 0));
  });

  it('keeps null profile fields as present-and-empty, not made-up values', async () => {
    const { tweets } = await collect([fixture('v1', 'statuses.jsonl')]);
    const author = byId(tweets, '1240000000000000002').author;
    expect(author.url).toBe('');
    expect(author.description).toBe('');
    expect(author.defaultProfile).toBe(true);
    expect(author.defaultProfileImage).toBe(true);
    expect(author.backgroundImage).toBe(false);
  });

  it('tells replies and quotes apart, without taking the quoted tweet\'s hashtags', async () => {
    const { tweets } = await collect([fixture('v1', 'statuses.jsonl')]);
    const reply = byId(tweets, '1240000000000000003');
    expect(reply.kind).toBe('reply');
    expect(reply.text).toBe("@alice_it d'accordo! #ＧｒａｚｉｅＣｉｎａ");
    expect(reply.hashtags).toEqual(['graziecina']); // full-width folded by NFKC
    const quote = byId(tweets, '1240000000000000004');
    expect(quote.kind).toBe('quote');
    expect(quote.hashtags).toEqual([]);
  });

  it('counts stream notices apart from tweets', async () => {
    const { counts, tweets } = await collect([fixture('v1', 'statuses.jsonl')]);
    expect(tweets).toHaveLength(4);
    expect(counts[0]).toMatchObject({ format: 'v1', read: 4, accepted: 4, rejected: 0, duplicates: 0, notices: 2 });
  });

  it('streams a pretty-printed JSON array, escapes and brackets inside strings included', async () => {
    const { tweets, counts } = await collect([fixture('v1', 'statuses-array.json')]);
    expect(counts[0]).toMatchObject({ format: 'v1', read: 2, accepted: 2 });
    expect(tweets[0].text).toBe('Un "testo" con [parentesi] e {graffe} e \\ barra #Torino');
    expect(tweets[0].hashtags).toEqual(['torino']);
    expect(tweets[0].client).toBe('Twitter Web Client');
    expect(tweets[1].text).toBe('Seconda riga\nnuova riga');
    expect(tweets[1].client).toBeUndefined();
  });

  it('reads JSON lines whose first line is a broken record in brackets as JSON lines, not as an array', async () => {
    const lines = readFileSync(fixture('v1', 'statuses.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const file = path.join(tempDir(), 'first-line-array.jsonl');
    writeFileSync(file, `[1, 2]\n${lines.join('\n')}\n`);
    const { counts, rejects } = await collect([file]);
    expect(counts[0]).toMatchObject({ format: 'v1', read: 5, accepted: 4, rejected: 1, notices: 2 });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[1, 'the record is not a JSON object']]);
  });

  it('still reads a one-line JSON array', async () => {
    const array = JSON.parse(readFileSync(fixture('v1', 'statuses-array.json'), 'utf8')) as unknown[];
    const file = path.join(tempDir(), 'one-line.json');
    writeFileSync(file, `${JSON.stringify(array)}\n`);
    const { counts } = await collect([file]);
    expect(counts[0]).toMatchObject({ format: 'v1', read: 2, accepted: 2, rejected: 0 });
  });
});
