/**
 * A tally as plain values, to compare two tallies with `toEqual`: what its file lists (header,
 * series, accounts with their rows and activity, rejects, ids), not the accumulator's internal
 * columns, whose spare capacity depends on how it grew.
 */
import { foldPacked, type PackedTally } from '../../src/estimate/packed-tally.js';
import { emptyStatistics, tallyAccounts, tallySeriesOf, withStatistics, type Tally } from '../../src/estimate/tally.js';

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

/** The tally a packed tally holds: `foldPacked` into empty statistics, as the workers' route reads the first share. */
export function unpackedTally(p: PackedTally): Tally {
  const stats = emptyStatistics(p.header, p.activity !== undefined);
  foldPacked(stats, p, false);
  return withStatistics({ header: p.header, rejects: p.rejects }, stats);
}
