import { Option } from 'commander';
import type { TimeWindow } from '../util/time.js';
import { parseWindow } from '../util/window.js';

/**
 * `--since` and `--until` of report, sample, score, ingest and tally: one definition, one
 * parser (../util/window.ts). Tweets outside the window are counted per file, not rejected.
 */
export function sinceOption(): Option {
  return new Option('--since <date|time>', 'keep only tweets posted at or after this UTC date (YYYY-MM-DD, from 00:00) or ISO 8601 time');
}

export function untilOption(): Option {
  return new Option('--until <date|time>', 'keep only tweets posted at or before this UTC date (YYYY-MM-DD, the whole day included) or ISO 8601 time');
}

/** The window of the parsed flags (undefined when neither is given); a bad date is a UserError. */
export function windowOf(flags: { since?: string; until?: string }): TimeWindow | undefined {
  return parseWindow(flags.since, flags.until);
}

export const WINDOW_HELP = `Time window: --since and --until take a UTC date (YYYY-MM-DD; --until includes that whole
day) or an ISO 8601 time. Tweets outside the window are counted per file (outside_window),
not rejected: read = accepted + rejected + duplicates + outside_window.`;
