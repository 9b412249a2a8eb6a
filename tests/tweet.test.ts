import { describe, expect, it } from 'vitest';
import { clientName, normalizeHashtag, normalizeHashtags } from '../src/ingest/tweet.js';

describe('hashtag normalisation', () => {
  it('case-folds and strips the #', () => {
    expect(normalizeHashtag('#GrazieCina')).toBe('graziecina');
    expect(normalizeHashtag('forzaCinaeItalia')).toBe('forzacinaeitalia');
  });
  it('applies NFKC so that full-width forms match', () => {
    expect(normalizeHashtag('＃ＧｒａｚｉｅＣｉｎａ')).toBe('graziecina');
  });
  it('keeps first-seen order and drops duplicates and empties', () => {
    expect(normalizeHashtags(['#B', 'a', 'b', '#', ''])).toEqual(['b', 'a']);
  });
});

describe('client name', () => {
  it('strips the anchor around source', () => {
    expect(clientName('<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>')).toBe('Twitter for iPhone');
  });
  it('is undefined when absent or empty', () => {
    expect(clientName(undefined)).toBeUndefined();
    expect(clientName('')).toBeUndefined();
  });
});
