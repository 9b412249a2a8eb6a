/**
 * The canonical record: every reader produces `Tweet`s and nothing downstream ever sees a
 * format-specific field. A field that the source format does not carry is left
 * `undefined` — never a made-up 0 or false — so that features can mark it missing.
 */

export type TweetKind = 'original' | 'retweet' | 'reply' | 'quote';

export const TWEET_KINDS: readonly TweetKind[] = ['original', 'retweet', 'reply', 'quote'];

/** The author's profile as it was when the tweet was posted (the "probe time"). */
export interface Author {
  id: string;
  screenName?: string;
  name?: string;
  description?: string;
  /** Account creation time, epoch milliseconds UTC. */
  createdAt?: number;
  followers?: number;
  friends?: number;
  statuses?: number;
  favourites?: number;
  listed?: number;
  verified?: boolean;
  defaultProfile?: boolean;
  defaultProfileImage?: boolean;
  /** Whether the profile uses a background image (`profile_use_background_image`). */
  backgroundImage?: boolean;
  location?: string;
  url?: string;
}

export interface Tweet {
  id: string;
  /** Posting time, epoch milliseconds UTC. */
  createdAt: number;
  text?: string;
  /** NFKC-normalised, case-folded, without the leading `#`, in order of appearance, unique. */
  hashtags: string[];
  kind: TweetKind;
  /** The posting client as a plain name (`source` with its HTML stripped). */
  client?: string;
  author: Author;
}

/** Canonical form of a hashtag: NFKC, case-folded, no leading '#'. */
export function normalizeHashtag(tag: string): string {
  return tag.normalize('NFKC').replace(/^[#＃]+/u, '').toLowerCase().normalize('NFKC');
}

/** Unique canonical hashtags, in first-seen order. */
export function normalizeHashtags(tags: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = normalizeHashtag(raw.trim());
    if (tag.length > 0) seen.add(tag);
  }
  return [...seen];
}

/** `<a href="…" rel="nofollow">Twitter for iPhone</a>` → `Twitter for iPhone`. */
export function clientName(source: string | undefined | null): string | undefined {
  if (source == null) return undefined;
  const plain = source
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
  return plain.length > 0 ? plain : undefined;
}
