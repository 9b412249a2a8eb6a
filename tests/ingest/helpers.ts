import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO_ROOT } from '../helpers/shared.js';
import { type FileCounts, type IngestOptions, type Reject, type Tweet, ingestTweets } from '../../src/ingest/index.js';

export const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest');

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'botshare-ingest-'));
}

export interface Collected {
  tweets: Tweet[];
  counts: FileCounts[];
  rejects: Reject[];
}

export async function collect(files: string[], options: IngestOptions = {}): Promise<Collected> {
  const rejects: Reject[] = [];
  const run = ingestTweets(files, { ...options, onReject: (r) => rejects.push(r) });
  const tweets: Tweet[] = [];
  for await (const t of run.tweets) tweets.push(t);
  return { tweets, counts: run.counts(), rejects };
}

export function byId(tweets: Tweet[], id: string): Tweet {
  const t = tweets.find((x) => x.id === id);
  if (!t) throw new Error(`tweet ${id} not found`);
  return t;
}
