/**
 * Entry points: every labeled set of the manifest, read from the folder a user downloaded
 * them to (`--data DIR`). Each file goes to the loader for its distributed form.
 */
import path from 'node:path';
import { InputFileError } from '../ingest/input-errors.js';
import { readManifest, type Manifest, type ManifestFile } from './manifest.js';
import { loadCresciUsers } from './cresci-users.js';
import { loadBotRepositoryArchive } from './bot-repository.js';
import { loadCresciTimelines } from './timelines.js';
import type { LabeledAccount, LabeledTimeline, LoadReport } from './types.js';

export interface LoadOptions {
  /** Defaults to the repository's datasets/manifest.json. */
  manifest?: Manifest;
  /** Only these sets (manifest names); default every set. */
  sets?: readonly string[];
  /** Called once per file read (counts, rejects, notes). */
  onReport?: (report: LoadReport) => void;
}

async function resolveManifest(options: LoadOptions): Promise<Manifest> {
  const manifest = options.manifest ?? (await readManifest());
  if (options.sets !== undefined) {
    const known = new Set(manifest.sets.map((s) => s.name));
    const unknown = options.sets.filter((s) => !known.has(s));
    if (unknown.length > 0) {
      throw new InputFileError('datasets manifest', `no set named ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
    }
  }
  return manifest;
}

function filesOf(manifest: Manifest, options: LoadOptions, forms: readonly ManifestFile['form'][]) {
  const wanted = options.sets === undefined ? undefined : new Set(options.sets);
  return manifest.sets
    .filter((s) => wanted === undefined || wanted.has(s.name))
    .flatMap((s) => s.files.filter((f) => forms.includes(f.form)).map((f) => ({ set: s.name, file: f })));
}

const resolvePath = (dataDir: string, f: ManifestFile): string => path.join(dataDir, ...f.path.split('/'));

/** The accounts of every set with profiles, in manifest order, with their reports. */
export async function loadLabeledData(
  dataDir: string,
  options: LoadOptions = {},
): Promise<{ accounts: LabeledAccount[]; reports: LoadReport[] }> {
  const manifest = await resolveManifest(options);
  const accounts: LabeledAccount[] = [];
  const reports: LoadReport[] = [];
  const report = (r: LoadReport): void => {
    reports.push(r);
    options.onReport?.(r);
  };
  for (const { set, file } of filesOf(manifest, options, ['cresci-users-csv', 'bot-repository-tar-gz'])) {
    const full = resolvePath(dataDir, file);
    if (file.form === 'cresci-users-csv') {
      const result = await loadCresciUsers(full, set, file);
      accounts.push(...result.accounts);
      report(result.report);
    } else {
      const result = await loadBotRepositoryArchive(full, set, file.archiveName as string);
      accounts.push(...result.accounts);
      result.reports.forEach(report);
    }
  }
  return { accounts, reports };
}

/** Every labeled account with a profile, from every set of the manifest. */
export async function loadLabeledSets(dataDir: string, options: LoadOptions = {}): Promise<LabeledAccount[]> {
  return (await loadLabeledData(dataDir, options)).accounts;
}

/** Labeled timelines by user id (the cresci-2017 tweets sample). */
export async function loadTimelines(dataDir: string, options: LoadOptions = {}): Promise<Map<string, LabeledTimeline>> {
  const manifest = await resolveManifest(options);
  const out = new Map<string, LabeledTimeline>();
  for (const { set, file } of filesOf(manifest, options, ['cresci-timelines-csv-gz'])) {
    const result = await loadCresciTimelines(resolvePath(dataDir, file), set, file);
    options.onReport?.(result.report);
    for (const [id, t] of result.timelines) {
      if (out.has(id)) throw new InputFileError(file.path, `user ${id} has a timeline in two files`);
      out.set(id, t);
    }
  }
  return out;
}
