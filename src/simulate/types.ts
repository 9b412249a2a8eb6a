/**
 * The vocabulary of the simulator: what goes in (a pool of labeled accounts, a plan per
 * hashtag, an activity model) and what comes out (tweets without labels, and a separate
 * ground truth that no estimator ever receives).
 */
import type { Author } from '../ingest/tweet.js';
import type { LabeledAccount } from '../labeled/types.js';

export type Label = 'bot' | 'human';

/**
 * A labeled account as the labeled loaders produce it (`src/labeled`): the profile as it was
 * at `probeTime` (epoch ms UTC), with its data set (manifest name), subset and label.
 */
export type PoolAccount = LabeledAccount;

/** One hashtag of the corpus: how many tweets carry it and the bot share to plant. */
export interface HashtagPlan {
  /** As written in the tweets (e.g. `forzaCinaeItalia`); matched case-insensitively downstream. */
  tag: string;
  /** Tweets that carry this hashtag (tweets carrying several tags count for each). */
  tweets: number;
  /** Bot tweets / all tweets with this tag, in [0, 1]. Planted exactly, up to rounding. */
  botShare: number;
}

/** A simulation's window: whole days, `start` and `end` at 00:00 UTC. */
export type { TimeWindow } from '../util/time.js';

/** Empirical behaviour of one real account, resampled as a whole for a simulated account. */
export interface BehaviourTemplate {
  retweetShare: number;
  replyShare: number;
  /** Indices into the class's `clients` table with their shares (sum 1). */
  clients: Array<[number, number]>;
}

export interface ClassBehaviour {
  /** Where these templates come from, in words. */
  source: string;
  /** Client `source` HTML strings, as the data carries them. */
  clients: string[];
  templates: BehaviourTemplate[];
}

/** Activity of humans: per-account (tweets, active days) pairs as observed in a real export. */
export interface HumanActivity {
  source: string;
  /** [tweets over the export, distinct UTC days with a tweet, number of accounts]. */
  accounts: Array<[number, number, number]>;
}

/**
 * Activity of bots: the published criterion. Each bot gets a rate r in (minRate, maxRate]
 * tweets per active day, r = minRate + (maxRate − minRate)·u^rateShape (u uniform), and a
 * number of active days uniform in [1, window days]; the most active bot is pinned at maxRate.
 */
export interface BotActivity {
  source: string;
  minRate: number;
  maxRate: number;
  rateShape: number;
}

interface ClassModel<A, B> {
  activity: A;
  /** Weights of the 24 UTC hours. */
  hourWeights: number[];
  hourSource: string;
  behaviour: B;
}

/** The activity model as used by the simulator. */
export interface ActivityModel {
  about: string;
  human: ClassModel<HumanActivity, ClassBehaviour>;
  bot: ClassModel<BotActivity, ClassBehaviour>;
}

/**
 * `ClassBehaviour` as stored in datasets/activity-model.json: each template is the compact
 * tuple [retweetShare, replyShare, client₁, share₁, client₂, share₂, …].
 */
export interface ClassBehaviourFile {
  source: string;
  clients: string[];
  templates: number[][];
}

/** datasets/activity-model.json, written by src/experiments/fit-activity.ts (node dist/experiments/main.js fit-activity). */
export interface ActivityModelFile {
  about: string;
  generatedBy: string;
  inputs: Array<{ path: string; sha256: string; records: number }>;
  human: ClassModel<HumanActivity, ClassBehaviourFile>;
  bot: ClassModel<BotActivity, ClassBehaviourFile>;
}

/** A reference to another simulated tweet (the one retweeted, or replied to). */
export interface SimTweetRef {
  id: string;
  createdAt: number;
  text: string;
  hashtags: string[];
  author: { id: string; screenName?: string; name?: string };
}

/**
 * A simulated tweet, ready to be written in a real export format. It carries no label:
 * labels live only in the ground truth.
 */
export interface SimTweet {
  id: string;
  createdAt: number;
  text: string;
  /** Hashtags as written (display case), in order of appearance in `text`. */
  hashtags: string[];
  kind: 'original' | 'retweet' | 'reply';
  /** The client as Twitter's `source` HTML. */
  source: string;
  /** The author's profile at the time of this tweet. */
  author: Author;
  retweeted?: SimTweetRef;
  inReplyTo?: SimTweetRef;
}

/** What was planted: written to truth.json, never given to an estimator. */
export interface GroundTruth {
  simulated: true;
  note: string;
  seed: number;
  window: { start: string; end: string };
  tweets: number;
  hashtags: Array<{
    tag: string;
    tweets: number;
    botTweets: number;
    /** The requested share. */
    requestedShare: number;
    /** The realised share, botTweets / tweets (equal to the request up to rounding). */
    plantedShare: number;
    accounts: number;
    botAccounts: number;
    /** Bot accounts / accounts with this tag. */
    plantedAccountShare: number;
  }>;
  /** Tweets carrying more than one of the planned hashtags. */
  multiTagTweets: number;
  accounts: Array<{ id: string; dataset: string; subset?: string; label: Label; tweets: number; activeDays: number }>;
  /** Departures from the activity model forced by the pool size (empty when none). */
  adjustments: string[];
  /** What produced the corpus (filled by a simulation run). */
  provenance?: {
    generator: string;
    modelCard: string;
    heldOutAccounts: number;
    heldOutFound: number;
    poolBots: number;
    poolHumans: number;
    activityModel: string;
  };
}
