/**
 * A labeled profile moved to the simulated dates, with counts that advance tweet by tweet.
 *
 * The profile was observed at its probe time (a crawl in 2014–2019). In the simulation it
 * must look like the same account at the window's start, so `created_at` is shifted by
 * (window start − probe time): the account's age at the window's start equals its age at
 * probe time, and with it every per-day rate of the profile (statuses, followers, friends,
 * likes and lists per day of age) that a classifier may read. Then, during the window:
 * - statuses_count grows by one with each of the account's tweets in the corpus, plus the
 *   account's off-corpus tweets at its own lifetime rate (statuses / age at probe time);
 * - followers and friends drift at the account's own lifetime growth rate times a
 *   per-account factor uniform in [−0.5, 1.5] (so some accounts lose followers), likes at
 *   its lifetime rate times a factor uniform in [0, 2]; counts never go below 0;
 * - listed_count and every other field stay as observed.
 * A field the labeled profile lacks stays absent.
 */
import type { Author } from '../ingest/tweet.js';
import type { Random } from '../util/random.js';
import { DAY_MS } from '../util/time.js';
import type { PoolAccount } from './types.js';

export interface ProfileClock {
  base: Author;
  /** Window start, epoch ms. */
  start: number;
  /** Shift applied to created_at (ms). */
  shift: number;
  ageDays: number;
  followersFactor: number;
  friendsFactor: number;
  favouritesFactor: number;
  /** The account's tweets in the corpus so far. */
  posted: number;
}

export function startProfileClock(account: PoolAccount, windowStart: number, rng: Random): ProfileClock {
  const base = account.author;
  const shift = windowStart - account.probeTime;
  const ageDays =
    base.createdAt !== undefined ? Math.max(1, (account.probeTime - base.createdAt) / DAY_MS) : Number.NaN;
  return {
    base,
    start: windowStart,
    shift,
    ageDays,
    followersFactor: -0.5 + 2 * rng.uniform(),
    friendsFactor: -0.5 + 2 * rng.uniform(),
    favouritesFactor: 2 * rng.uniform(),
    posted: 0,
  };
}

/** The profile as it is when the account posts its next tweet at `time`; counts that tweet. */
export function profileForNextTweet(clock: ProfileClock, time: number): Author {
  clock.posted++;
  const b = clock.base;
  const elapsed = Math.max(0, (time - clock.start) / DAY_MS);
  const drift = (count: number | undefined, factor: number): number | undefined => {
    if (count === undefined) return undefined;
    if (!Number.isFinite(clock.ageDays)) return count;
    return Math.max(0, count + Math.round((count / clock.ageDays) * factor * elapsed));
  };
  const author: Author = { id: b.id };
  if (b.screenName !== undefined) author.screenName = b.screenName;
  if (b.name !== undefined) author.name = b.name;
  if (b.description !== undefined) author.description = b.description;
  if (b.createdAt !== undefined) author.createdAt = b.createdAt + clock.shift;
  if (b.followers !== undefined) author.followers = drift(b.followers, clock.followersFactor);
  if (b.friends !== undefined) author.friends = drift(b.friends, clock.friendsFactor);
  if (b.statuses !== undefined) {
    const offCorpus = Number.isFinite(clock.ageDays) ? Math.floor((b.statuses / clock.ageDays) * elapsed) : 0;
    author.statuses = b.statuses + offCorpus + clock.posted;
  }
  if (b.favourites !== undefined) author.favourites = drift(b.favourites, clock.favouritesFactor);
  if (b.listed !== undefined) author.listed = b.listed;
  if (b.verified !== undefined) author.verified = b.verified;
  if (b.defaultProfile !== undefined) author.defaultProfile = b.defaultProfile;
  if (b.defaultProfileImage !== undefined) author.defaultProfileImage = b.defaultProfileImage;
  if (b.backgroundImage !== undefined) author.backgroundImage = b.backgroundImage;
  if (b.location !== undefined) author.location = b.location;
  if (b.url !== undefined) author.url = b.url;
  return author;
}
