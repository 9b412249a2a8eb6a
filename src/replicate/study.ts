/**
 * The study being replicated, as published, and the assumptions the reconstruction adds
 * where the publication is silent. Every figure here is either quoted from the
 * publication or labelled as an assumption.
 */
import type { HashtagRequest } from '../simulate/plan.js';

export const STUDY = {
  citation:
    'Alkemy with Formiche.net, 30 March 2020: analysis of 47,821 tweets published 11–23 March 2020 with #forzaCinaeItalia and #grazieCina',
  tweets: 47_821,
  /** First and last day (inclusive), UTC. */
  firstDay: '2020-03-11',
  lastDay: '2020-03-23',
  hashtags: [
    { tag: 'forzaCinaeItalia', published: 0.463 },
    { tag: 'grazieCina', published: 0.371 },
  ],
  criterion: 'more than 50 tweets a day (the bot accounts averaged more than 50 tweets a day, the most active 91.2)',
  criterionRate: 50,
  mostActiveRate: 91.2,
} as const;

/** Where the publication is silent, the reconstruction has to choose. Shown in every output. */
export const RECONSTRUCTION_ASSUMPTIONS: readonly string[] = [
  'The split of the 47,821 tweets between the two hashtags was not published: the reconstruction gives each hashtag half of the single-hashtag tweets.',
  'Tweets may carry both hashtags; how many did was not published: the reconstruction puts both on 3% of the tweets (counted once in the 47,821 and once in each hashtag).',
  'The published shares are planted as shares of tweets, with bots defined as the study defined them: every bot account posts more than 50 tweets on each of its active days (the most active 91.2); the spread of bot rates and of active days is an assumption.',
  'Humans post as the accounts of a real Italian export do (tweets per account and active days, hours of the day); clients and retweet/reply shares come from labeled timelines.',
  'The accounts are real labeled accounts that the shipped model never saw in training (its card\'s held-out list), Italian sets first; their profiles are moved to March 2020 keeping their age, and their counts advance tweet by tweet.',
];

/** Bot shares planted in the reconstruction: the published ones. */
export const RECONSTRUCTION_REQUESTS: readonly HashtagRequest[] = STUDY.hashtags.map((h) => ({
  tag: h.tag,
  botShare: h.published,
  weight: 1,
}));

export const RECONSTRUCTION_OVERLAP = 0.03;
export const RECONSTRUCTION_SEED = 20200330;
