/**
 * A tally as plain values, to compare two tallies with `toEqual`: what its file lists (header,
 * series, accounts with their rows and activity, rejects, ids), not the accumulator's internal
 * columns, whose spare capacity depends on how it grew.
 */
import { tallyAccounts, tallySeriesOf, type Tally } from '../../src/estimate/tally.js';

export function tallyView(t: Tally): unknown {
  return {
    header: t.header,
    series: tallySeriesOf(t.accumulator),
    untagged: [t.accumulator.untaggedTweets, t.accumulator.untaggedAbove],
    accounts: [...tallyAccounts(t)],
    rejects: t.rejects,
    tweetIds: t.tweetIds,
  };
}
