/**
 * The labeled accounts a model is trained on, with where they came from: the public sets
 * (read with the labeled loaders) and/or a researcher's own labels (see user-labels.ts).
 */
import path from 'node:path';
import { loadLabeledData, loadTimelines } from '../labeled/load.js';
import { readManifest, sha256File } from '../labeled/manifest.js';
import type { LabeledAccount, LabeledTimeline } from '../labeled/types.js';

export interface CorpusSource {
  /** Data set name as the card and the folds use it. */
  name: string;
  files: { path: string; sha256: string }[];
}

export interface LabeledCorpus {
  accounts: LabeledAccount[];
  timelines: Map<string, LabeledTimeline>;
  sources: CorpusSource[];
  /** For a researcher's labels: the labels file and which labels matched no account. */
  labels?: { file: string; sha256: string; matched: number; unmatched: number; unmatchedIds: string[] };
}

/** Every public labeled set of the manifest, from `dataDir` (e.g. ../shared/datasets/labeled). */
export async function loadPublicCorpus(dataDir: string, onProgress?: (message: string) => void): Promise<LabeledCorpus> {
  onProgress?.(`reading the labeled sets in ${dataDir}`);
  const { accounts } = await loadLabeledData(dataDir);
  const timelines = await loadTimelines(dataDir);
  const manifest = await readManifest();
  const sources: CorpusSource[] = [];
  for (const set of manifest.sets) {
    const files: CorpusSource['files'] = [];
    for (const f of set.files) {
      // The sha256 of the bytes actually read, not the manifest's claim.
      files.push({ path: f.path, sha256: await sha256File(path.join(dataDir, ...f.path.split('/'))) });
    }
    sources.push({ name: set.name, files });
  }
  return { accounts, timelines, sources };
}

/** Two corpora as one (e.g. the public sets plus a researcher's labels). */
export function mergeCorpora(a: LabeledCorpus, b: LabeledCorpus): LabeledCorpus {
  const timelines = new Map(a.timelines);
  for (const [id, t] of b.timelines) if (!timelines.has(id)) timelines.set(id, t);
  return {
    accounts: [...a.accounts, ...b.accounts],
    timelines,
    sources: [...a.sources, ...b.sources],
    labels: b.labels ?? a.labels,
  };
}
