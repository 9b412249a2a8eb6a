/** The vocabulary of the labeled data: what every loader produces. */
import type { Author } from '../ingest/tweet.js';
import type { TimingEvent } from '../features/timing.js';

export type Label = 'bot' | 'human';

/** One labeled account as its set distributes it, profile converted to the canonical Author. */
export interface LabeledAccount {
  /** Manifest name of the set, e.g. "cresci-2017", "cresci-2015", "gilani-2017": hold out by this. */
  dataset: string;
  /** Part of the set where the distributor names one, e.g. "genuine_accounts", "E13". */
  subset?: string;
  /** Twitter user id (decimal string). */
  id: string;
  label: Label;
  author: Author;
  /** When the profile was observed (epoch ms UTC): growth rates are computed at this time. */
  probeTime: number;
}

/** One account's labeled timeline (cresci-2017 tweets sample). */
export interface LabeledTimeline {
  /** Manifest name of the set ("cresci-2017"). */
  dataset: string;
  /** The part of the set, e.g. "social_spambots_3", "genuine_accounts". */
  subset: string;
  label: Label;
  /** Sorted by time, oldest first. */
  events: TimingEvent[];
}

/**
 * What a loader did with one file. Counts reconcile:
 * read = accepted + rejected + Σ skipped.
 */
export interface LoadReport {
  dataset: string;
  /** Path of the file as given (for bot-repository, `archive.tar.gz:member`). */
  file: string;
  read: number;
  accepted: number;
  rejected: number;
  /** Well-formed records left out on purpose, by reason (no label, conflicting labels, duplicate…). */
  skipped: Record<string, number>;
  /** The malformed records: file, line (or record number) and reason. */
  rejects: import('../ingest/input-errors.js').Reject[];
  /** Facts about the file worth knowing (e.g. labeled ids without a profile). */
  notes: string[];
}

export function emptyReport(dataset: string, file: string): LoadReport {
  return { dataset, file, read: 0, accepted: 0, rejected: 0, skipped: {}, rejects: [], notes: [] };
}

export function skip(report: LoadReport, reason: string): void {
  report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
}
