/**
 * `botshare evaluate`: a model against a researcher's labels. Every tweet of the exports is
 * scored exactly as `score` does (two passes, account timing over the whole input); the
 * metrics are given per account (score = mean of its tweets' scores, as the estimators and
 * the model card's rates define it) and per tweet.
 */
import { ingestTweets, type IngestOptions } from '../ingest/index.js';
import { UserError } from '../util/errors.js';
import { evaluateScores, type Metrics } from './metrics.js';
import type { LoadedModel } from './scorer.js';
import { scoreTweets } from './score-tweets.js';
import { readLabelsCsv } from './user-labels.js';

export interface LabelEvaluation {
  generator: { name: 'botshare'; version: string; model: string; modelDir: string };
  files: string[];
  labels: {
    file: string;
    sha256: string;
    labeled: number;
    /** Rows of the labels file not used: unsure, or left empty. */
    skipped: { unsure: number; unlabeled: number };
    matched: number;
    unmatched: number;
    unmatchedIds: string[];
  };
  threshold: number;
  /** One row per labeled account found in the exports. */
  accounts: Metrics;
  /** One row per tweet of a labeled account. */
  tweets: Metrics;
}

class Growable {
  data = new Float32Array(1024);
  n = 0;
  push(x: number): void {
    if (this.n === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n++] = x;
  }
  view(): Float32Array {
    return this.data.subarray(0, this.n);
  }
}

export async function evaluateOnLabels(
  model: LoadedModel,
  files: readonly string[],
  labelsFile: string,
  options: { version: string; ingest?: IngestOptions; onProgress?: (tweets: number) => void },
): Promise<LabelEvaluation> {
  const labels = await readLabelsCsv(labelsFile);
  const tweetY = new Growable();
  const tweetP = new Growable();
  const sum = new Map<string, number>();
  const count = new Map<string, number>();
  let seen = 0;
  // Rejects are the ingest command's business; here they would only be noise on stderr.
  const source = () => ingestTweets(files, options.ingest).tweets;
  for await (const { tweet, score } of scoreTweets(source, model)) {
    seen += 1;
    if (seen % 10_000 === 0) options.onProgress?.(seen);
    const label = labels.labels.get(tweet.author.id);
    if (label === undefined) continue;
    tweetY.push(label === 'bot' ? 1 : 0);
    tweetP.push(score);
    sum.set(tweet.author.id, (sum.get(tweet.author.id) ?? 0) + score);
    count.set(tweet.author.id, (count.get(tweet.author.id) ?? 0) + 1);
  }
  const ids = [...sum.keys()];
  if (ids.length === 0) {
    throw new UserError(`${labelsFile}: none of its ${labels.labels.size} labeled accounts has a tweet in ${files.join(', ')}`);
  }
  const unmatchedIds = [...labels.labels.keys()].filter((id) => !sum.has(id));
  const th = model.card.threshold;
  return {
    generator: { name: 'botshare', version: options.version, model: model.id, modelDir: model.dir },
    files: [...files],
    labels: {
      file: labelsFile,
      sha256: labels.sha256,
      labeled: labels.labels.size,
      skipped: labels.skipped,
      matched: ids.length,
      unmatched: unmatchedIds.length,
      unmatchedIds,
    },
    threshold: th,
    accounts: evaluateScores(
      ids.map((id) => (labels.labels.get(id) === 'bot' ? 1 : 0)),
      ids.map((id) => (sum.get(id) as number) / (count.get(id) as number)),
      th,
    ),
    tweets: evaluateScores(tweetY.view(), tweetP.view(), th),
  };
}
