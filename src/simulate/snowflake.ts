/**
 * Twitter "snowflake" ids: milliseconds since Twitter's epoch in the high bits, a sequence
 * number in the low 22 bits. Simulated ids therefore sort like real ones and encode their
 * time; ids above 2^53 do not fit a JavaScript number, which is why v1.1 has `id_str`.
 */
const TWITTER_EPOCH = 1_288_834_974_657n;
const SEQUENCE_BITS = 22n;

export function snowflakeId(timeMs: number, sequence: number): string {
  if (!Number.isInteger(timeMs) || BigInt(timeMs) < TWITTER_EPOCH) throw new Error(`no snowflake id before 2010-11-04: ${timeMs}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence >= 1 << 22) throw new Error(`sequence out of range: ${sequence}`);
  return ((BigInt(timeMs) - TWITTER_EPOCH) << SEQUENCE_BITS | BigInt(sequence)).toString();
}

/** The time (epoch ms) a snowflake id encodes. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> SEQUENCE_BITS) + TWITTER_EPOCH);
}
