import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractV1 } from '../../src/ingest/v1-extract.js';
import { tweetFromV1 } from '../../src/ingest/readers/v1.js';
import type { JsonObject } from '../../src/ingest/fields.js';
import { fixture } from './helpers.js';

/** The mapper's result or its error message, so that both paths can be compared whole. */
function mapped(o: unknown): unknown {
  try {
    return { tweet: tweetFromV1(o as JsonObject) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function parsed(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The extractor's contract on one line: it declines, or the line is valid JSON and the
 * pruned record maps exactly as the full parse does.
 */
function checkContract(line: string): 'fast' | 'declined' {
  const pruned = extractV1(line);
  if (pruned === undefined) return 'declined';
  const full = parsed(line);
  expect(full, `accepted invalid JSON: ${line}`).toBeDefined();
  expect(mapped(pruned)).toEqual(mapped(full));
  return 'fast';
}

const user = '{"id":1001,"id_str":"1001","name":"Alice","screen_name":"alice_it","location":"Torino","url":null,'
  + '"description":null,"protected":false,"verified":false,"followers_count":120,"friends_count":80,"listed_count":2,'
  + '"favourites_count":40,"statuses_count":5000,"created_at":"Mon Mar 02 10:00:00 +0000 2015",'
  + '"profile_background_color":"C0DEED","profile_image_url_https":"https://pbs.twimg.com/profile_images/1/x_normal.jpg",'
  + '"profile_use_background_image":true,"default_profile":false,"default_profile_image":false,"lang":null,'
  + '"withheld_in_countries":[],"entities":{"url":{"urls":[{"url":"https://t.co/x","indices":[0,23]}]},"description":{"urls":[]}}}';

const original = '{"created_at":"Wed Mar 11 20:19:24 +0000 2020","id":1240000000000000001,"id_str":"1240000000000000001",'
  + '"text":"Grazie #GrazieCina\\u2026 https:\\/\\/t.co\\/abc","truncated":true,'
  + '"entities":{"hashtags":[{"text":"GrazieCina","indices":[7,18]}],"urls":[],"user_mentions":[],"symbols":[]},'
  + '"extended_tweet":{"full_text":"Grazie #GrazieCina #ForzaItalia \\ud83c\\uddee\\ud83c\\uddf9 \\"citazione\\" \\\\ fine","display_text_range":[0,58],'
  + '"entities":{"hashtags":[{"text":"GrazieCina","indices":[7,18]},{"text":"ForzaItalia","indices":[19,31]}]}},'
  + '"source":"<a href=\\"http://twitter.com/download/android\\" rel=\\"nofollow\\">Twitter for Android</a>",'
  + '"in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":null,"geo":null,'
  + '"coordinates":{"type":"Point","coordinates":[-75.14310264,40.05701649]},"is_quote_status":false,'
  + `"user":${user},"lang":"it","retweet_count":0,"favorite_count":0,"filter_level":"low","timestamp_ms":"1583957964000"}`;

const retweet = '{"created_at":"Thu Mar 12 08:00:00 +0000 2020","id":1240000000000000002,"id_str":"1240000000000000002",'
  + '"text":"RT @newsroom: Aiuti dalla Cina per l\'Italia #forzaCinaeItalia \\u2026","truncated":false,'
  + '"entities":{"hashtags":[{"text":"forzaCinaeItalia","indices":[44,61]}],"user_mentions":[{"screen_name":"newsroom","id":5}]},'
  + '"source":"<a href=\\"https://ifttt.com\\" rel=\\"nofollow\\">IFTTT</a>",'
  + '"user":{"id_str":"2002","screen_name":"botty_2020","name":"B\\u00f6tty \u00e8 \ud83e\udd16","description":"","followers_count":"12",'
  + '"friends_count":3000,"statuses_count":90000,"created_at":"2020-03-01T00:00:00Z","verified":"false","default_profile":1},'
  + '"retweeted_status":{"created_at":"Thu Mar 12 07:00:00 +0000 2020","id_str":"1239","text":"short",'
  + '"extended_tweet":{"full_text":"Aiuti dalla Cina per l\'Italia #forzaCinaeItalia #GrazieCina e molto altro ancora",'
  + '"entities":{"hashtags":[{"text":"forzaCinaeItalia"},{"text":"GrazieCina"}]}},'
  + '"entities":{"hashtags":[{"text":"forzaCinaeItalia","indices":[30,47]}]},'
  + `"user":${user.replace('"alice_it"', '"newsroom"')},"quoted_status":{"id_str":"7","text":"deep","user":{"screen_name":"x"}}},`
  + '"is_quote_status":false,"lang":"it"}';

const quote = '{"created_at":"Fri Mar 13 09:30:00 +0000 2020","id":1240000000000000003,"id_str":"1240000000000000003",'
  + '"full_text":"Vero! #GrazieCina","entities":{"hashtags":["GrazieCina",{"text":"Extra"},7,null,{"indices":[1,2]}]},'
  + '"quoted_status_id_str":"99","quoted_status":{"id_str":"99","full_text":"citata","user":{"screen_name":"q","id":3}},'
  + '"is_quote_status":true,"source":null,"user":{"id":3003,"screen_name":"carol"}}';

const reply = '{ "created_at" : "Sat Mar 14 10:00:00 +0000 2020" , "id" : 1240000000000004 , '
  + '"in_reply_to_status_id" : 1240000000000001 , "text" : "@alice_it sì" , '
  + '"user" : { "id" : 4004 , "screen_name" : "dave" , "followers_count" : 0 } , "__proto__" : { "polluted" : true } , '
  + '"constructor" : "x" , "extra" : [ 1 , -2.5e-3 , 0 , true , false , null , { } , [ ] , "\\u0000" ] }';

const tweets = [original, retweet, quote, reply];

describe('v1.1 pruned extractor', () => {
  it('takes the fast path on ordinary statuses and maps them as JSON.parse does', () => {
    for (const line of tweets) expect(checkContract(line)).toBe('fast');
    const fixtures = ['statuses.jsonl', 'more.jsonl'].flatMap((f) =>
      readFileSync(fixture('v1', f), 'utf8').split('\n').filter((l) => l.trim() !== ''));
    for (const line of fixtures) checkContract(line);
  });

  it('reads retweets, quotes, extended tweets, escapes and unicode exactly', () => {
    const rt = tweetFromV1(extractV1(retweet) as JsonObject);
    expect(rt.kind).toBe('retweet');
    expect(rt.text).toBe("RT @newsroom: Aiuti dalla Cina per l'Italia #forzaCinaeItalia #GrazieCina e molto altro ancora");
    expect(rt.author.name).toBe('Bötty è 🤖');
    const o = tweetFromV1(extractV1(original) as JsonObject);
    expect(o.text).toBe('Grazie #GrazieCina #ForzaItalia 🇮🇹 "citazione" \\ fine');
    expect(o.client).toBe('Twitter for Android');
    expect(tweetFromV1(extractV1(quote) as JsonObject).kind).toBe('quote');
    expect(tweetFromV1(extractV1(reply) as JsonObject).kind).toBe('reply');
  });

  it('keeps only the fields the mapper reads', () => {
    const pruned = extractV1(retweet) as Record<string, unknown>;
    expect(Object.keys(pruned).sort()).toEqual(['created_at', 'entities', 'id', 'id_str', 'is_quote_status', 'retweeted_status', 'source', 'text', 'user']);
    const rs = pruned.retweeted_status as Record<string, unknown>;
    expect(Object.keys(rs).sort()).toEqual(['entities', 'extended_tweet', 'text', 'user']);
    expect(rs.user).toEqual({ screen_name: 'newsroom' });
  });

  it('declines what it does not handle, leaving it to JSON.parse', () => {
    const declined = [
      original.replace('"created_at":', '"created_\\u0061t":'), // escape in a key
      original.replace(/}$/, ',"id_str":"5"}'), // a wanted key twice (JSON.parse keeps the last)
      original.replace('"lang":"it"', '"lang":"i\tt"'), // a control character
      `\t${original}`,
      '{"delete":{"status":{"id":1,"id_str":"1"}}}', // a stream notice
      '[1,2]',
      '"text"',
      original.replace('"geo":null', `"geo":${'['.repeat(300)}${']'.repeat(300)}`), // deeper than the scanner goes
    ];
    for (const line of declined) expect(extractV1(line), line.slice(0, 60)).toBeUndefined();
    // A skipped key given twice is fine: nothing reads it.
    expect(extractV1(original.replace(/}$/, ',"lang":"en"}'))).toBeDefined();
  });

  it('never accepts malformed JSON', () => {
    const bad = [
      original.slice(0, -1), original.slice(0, 500), `${original}x`, `${original},`,
      original.replace('"favorite_count":0', '"favorite_count":01'),
      original.replace('"favorite_count":0', '"favorite_count":-'),
      original.replace('"favorite_count":0', '"favorite_count":1.'),
      original.replace('"favorite_count":0', '"favorite_count":1e'),
      original.replace('"favorite_count":0', '"favorite_count":+1'),
      original.replace('"favorite_count":0', '"favorite_count":NaN'),
      original.replace('"geo":null', '"geo":nul'),
      original.replace('"geo":null', '"geo":[1,]'),
      original.replace('"geo":null', '"geo":{"a":1,}'),
      original.replace('"geo":null', '"geo":{"a" 1}'),
      original.replace('"geo":null', '"geo":{1:2}'),
      original.replace('"geo":null', '"geo":[1 2]'),
      original.replace('"geo":null', '"geo":"\\x"'),
      original.replace('"geo":null', '"geo":"\\u12G4"'),
      original.replace('"geo":null', "'geo':null"),
      original.replace('"lang":"it"', '"lang":"it\\"'),
      original.replace('"text":"Grazie', '"text":"Gra\\zie'),
      original.replace('"followers_count":120', '"followers_count":1 20'),
    ];
    for (const line of bad) {
      expect(parsed(line), line.slice(0, 60)).toBeUndefined();
      expect(extractV1(line), line.slice(0, 60)).toBeUndefined();
    }
  });

  it('maps unreadable fields to the same errors (nulls, missing fields, wrong types)', () => {
    const variants = [
      original.replace('"id_str":"1240000000000000001",', ''),
      original.replace('"id":1240000000000000001,"id_str":"1240000000000000001",', ''),
      original.replace('"created_at":"Wed', '"created_at":"Xed'),
      original.replace('"user":{', '"user":["x",{').replace(/,"lang":"it","retweet_count"/, '],"lang":"it","retweet_count"'),
      original.replace('"screen_name":"alice_it"', '"screen_name":{"a":[1,2]}'),
      original.replace('"followers_count":120', '"followers_count":-3'),
      original.replace('"followers_count":120', '"followers_count":1.5'),
      original.replace('"verified":false', '"verified":"maybe"'),
      original.replace('"entities":{"hashtags":[', '"entities":{"hashtags":"x","h":['),
      original.replace('"extended_tweet":{', '"extended_tweet":null,"x":{'),
      original.replace('"user":{', '"user":null,"u":{'),
    ];
    for (const line of variants) checkContract(line);
  });

  it('holds its contract on random corruptions of real-looking statuses', () => {
    // Deterministic LCG so failures reproduce.
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-', '.', 'e', 'u', 'n', 't', 'x', '\u00e8', '\t'];
    let fast = 0;
    for (let i = 0; i < 4000; i++) {
      let line = tweets[rand(tweets.length)];
      const edits = 1 + rand(3);
      for (let k = 0; k < edits; k++) {
        const at = rand(line.length);
        const op = rand(3);
        if (op === 0) line = line.slice(0, at) + line.slice(at + 1);
        else if (op === 1) line = line.slice(0, at) + alphabet[rand(alphabet.length)] + line.slice(at);
        else line = line.slice(0, at) + alphabet[rand(alphabet.length)] + line.slice(at + 1);
      }
      if (checkContract(line) === 'fast') fast++;
    }
    // Many corruptions land in skipped or unread text and keep the line valid.
    expect(fast).toBeGreaterThan(100);
  });
});
