/**
 * Posting clients that are automation services: a tweet sent through them was posted by a
 * rule, a feed or a scheduler rather than typed by a person at that moment. Matched by name,
 * case-insensitively (the cresci-2017 timelines lower-case client names; live exports do not).
 *
 * Deliberately left out: general schedulers that people use by hand (Hootsuite, Buffer,
 * TweetDeck) and custom API apps named after a single account — the list names services,
 * not behaviour, so that the feature means the same thing on every data set.
 */
export const AUTOMATION_CLIENTS: readonly string[] = [
  'ifttt',
  'dlvr.it',
  'twittbot.net',
  'wordpress.com',
  'wordpress',
  'twitterfeed',
  'tweetadder',
  'socialoomph',
  'zapier.com',
  'zapier',
  'paper.li',
  'rss.app',
  'rssfeed',
  'botize',
  'cheap bots, done quick!',
  'blog2social',
  'tweet old post',
  'revive old posts',
  'feedly',
  'networkedblogs',
];

const EXACT = new Set(AUTOMATION_CLIENTS);
// Versioned names ("TweetAdder v4", "WordPress.com VIP") are matched on their first words.
const PREFIXES = ['tweetadder', 'wordpress', 'socialoomph', 'blog2social', 'revive old post', 'ifttt'];

/** Whether a client name (HTML already stripped) is a known automation service. */
export function isAutomationClient(client: string): boolean {
  const name = client.trim().toLowerCase();
  if (EXACT.has(name)) return true;
  return PREFIXES.some((p) => name.startsWith(p));
}
