/**
 * Field checks of the distributed labeled files that ingest's readers do not make: dates,
 * counts and booleans are read by ingest's own parsers (src/ingest/dates.ts, fields.ts), so
 * that a profile means the same thing when it trains the model and when it is scored.
 */

/** Twitter user ids: decimal digits, no sign, no exponent, no leading zero. */
export const isUserId = (s: string): boolean => /^[1-9]\d{0,19}$/.test(s);
