/**
 * The study's corpus out of a user's exports: tweets that carry at least one of the study's
 * hashtags (case-insensitively) and were posted inside its window. Every pass re-reads the
 * files through the ordinary ingest, so memory stays bounded by accounts.
 */
import { ingestTweets, type FileCounts, type IngestOptions } from '../ingest/index.js';
import { normalizeHashtag, type Tweet } from '../ingest/tweet.js';

/** Epoch ms UTC: start included, end excluded. */
export interface StudyWindow {
  start: number;
  end: number;
}

export interface FilterCounts {
  /** Tweets accepted by ingest (after de-duplication). */
  accepted: number;
  kept: number;
  outsideWindow: number;
  /** Inside the window but with none of the study's hashtags. */
  otherHashtags: number;
}

export interface StudyCorpus {
  /** A fresh pass over the kept tweets; counts are final when a pass ends. */
  tweets(): AsyncIterable<Tweet>;
  counts(): FilterCounts;
  files(): FileCounts[];
}

export function studyCorpus(
  files: readonly string[],
  hashtags: readonly string[],
  window: StudyWindow,
  ingestOptions: IngestOptions = {},
): StudyCorpus {
  const wanted = new Set(hashtags.map(normalizeHashtag));
  let counts: FilterCounts = { accepted: 0, kept: 0, outsideWindow: 0, otherHashtags: 0 };
  let fileCounts: FileCounts[] = [];
  return {
    tweets(): AsyncIterable<Tweet> {
      return {
        async *[Symbol.asyncIterator]() {
          const c: FilterCounts = { accepted: 0, kept: 0, outsideWindow: 0, otherHashtags: 0 };
          const run = ingestTweets(files, ingestOptions);
          for await (const batch of run.batches) {
            for (const t of batch) {
              c.accepted++;
              if (!(t.createdAt >= window.start && t.createdAt < window.end)) c.outsideWindow++;
              else if (!t.hashtags.some((h) => wanted.has(h))) c.otherHashtags++;
              else {
                c.kept++;
                yield t;
              }
            }
          }
          counts = c;
          fileCounts = run.counts();
        },
      };
    },
    counts: () => ({ ...counts }),
    files: () => fileCounts.map((f) => ({ ...f })),
  };
}
