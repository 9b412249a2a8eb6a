/** The vocabulary of the labeled data: what every loader produces. */
import type { Author } from '../ingest/tweet.js';
import type { TimingEvent } from '../features/timing.js';

export type Label = 'bot' | 'human';

/** One labeled account as its set distributes it, profile converted to the canonical Author. */
export interface LabeledAccount {
  /** Manifest name of the set, e.g. "cresci-2017/genuine_accounts", "bot-repository/gilani-2017". */
  dataset: string;
  /** Twitter user id (decimal string). */
  id: string;
  label: Label;
  author: Author;
  /** When the profile was observed (epoch ms UTC): growth rates are computed at this time. */
  probeTime: number;
}

/** One account's labeled timeline (cresci-2017 tweets sample). */
export interface LabeledTimeline {
  /** The cresci-2017 sub-set it comes from, e.g. "cresci-2017/social_spambots_3". */
  dataset: string;
  label: Label;
  /** Sorted by time, oldest first. */
  events: TimingEvent[];
}
