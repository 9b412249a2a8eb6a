/**
 * The manifest of the public labeled sets (`datasets/manifest.json` in the repository): what
 * each set is, where it comes from, how to cite it, and every file with its size and sha256.
 * Loaders read the manifest to know each file's form and labels; `checkDatasets` verifies a
 * user's download against it.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';
import type { Label } from './types.js';

export type FileForm = 'cresci-users-csv' | 'cresci-timelines-csv-gz' | 'bot-repository-tar-gz';
const FORMS: readonly FileForm[] = ['cresci-users-csv', 'cresci-timelines-csv-gz', 'bot-repository-tar-gz'];

export interface ManifestFile {
  /** Relative to the data folder, '/'-separated. */
  path: string;
  bytes: number;
  sha256: string;
  form: FileForm;
  /** Label of every record of the file… */
  label?: Label;
  /** …or the column holding a value that `labels` maps to a label. */
  labelColumn?: string;
  labels?: Record<string, Label>;
  subset?: string;
  /** users.csv column holding the time the profile was observed. */
  probeTime?: string;
  /** bot-repository: the `<name>` of `<name>.tsv` and `<name>_tweets.json` inside the archive. */
  archiveName?: string;
  note?: string;
}

export interface ManifestSet {
  name: string;
  title: string;
  source: string;
  citation: string;
  licence: string;
  files: ManifestFile[];
}

export interface Manifest {
  kind: 'botshare_datasets_manifest';
  version: 1;
  about: string;
  sets: ManifestSet[];
}

/** `datasets/manifest.json` of this installation (two levels above src/labeled or dist/labeled). */
export const DEFAULT_MANIFEST_PATH = fileURLToPath(new URL('../../datasets/manifest.json', import.meta.url));

const isLabel = (x: unknown): x is Label => x === 'bot' || x === 'human';

/** Validates parsed manifest JSON; throws an Error naming the offending entry. */
export function parseManifest(value: unknown, where = 'manifest'): Manifest {
  const fail = (why: string): never => {
    throw new UserError(`${where}: ${why}`);
  };
  const obj = (x: unknown, what: string): Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : fail(`${what} is not an object`);
  const str = (o: Record<string, unknown>, k: string, what: string): string =>
    typeof o[k] === 'string' && (o[k] as string).length > 0 ? (o[k] as string) : fail(`${what}: missing "${k}"`);
  const optStr = (o: Record<string, unknown>, k: string, what: string): string | undefined =>
    o[k] === undefined ? undefined : str(o, k, what);

  const m = obj(value, 'manifest');
  if (m.kind !== 'botshare_datasets_manifest' || m.version !== 1) fail('not a botshare datasets manifest (kind/version)');
  if (!Array.isArray(m.sets)) return fail('"sets" is not an array');
  const names = new Set<string>();
  const sets = m.sets.map((sv, i): ManifestSet => {
    const s = obj(sv, `sets[${i}]`);
    const name = str(s, 'name', `sets[${i}]`);
    if (names.has(name)) fail(`set "${name}" is listed twice`);
    names.add(name);
    if (!Array.isArray(s.files) || s.files.length === 0) fail(`set "${name}": no files`);
    const files = (s.files as unknown[]).map((fv, j): ManifestFile => {
      const what = `set "${name}" files[${j}]`;
      const f = obj(fv, what);
      const p = str(f, 'path', what);
      if (path.isAbsolute(p) || p.split('/').includes('..')) fail(`${what}: path must be relative, inside the data folder`);
      const sha256 = str(f, 'sha256', what);
      if (!/^[0-9a-f]{64}$/.test(sha256)) fail(`${what}: sha256 is not 64 hex digits`);
      const bytes = typeof f.bytes === 'number' && Number.isInteger(f.bytes) && f.bytes >= 0 ? f.bytes : fail(`${what}: bad "bytes"`);
      const form = str(f, 'form', what) as FileForm;
      if (!FORMS.includes(form)) fail(`${what}: unknown form "${form}"`);
      const file: ManifestFile = { path: p, bytes, sha256, form };
      if (f.label !== undefined) file.label = isLabel(f.label) ? f.label : fail(`${what}: label must be bot or human`);
      file.labelColumn = optStr(f, 'labelColumn', what);
      if (f.labels !== undefined) {
        // Copied into a null-prototype object: keys come from a file.
        const labels: Record<string, Label> = Object.create(null) as Record<string, Label>;
        for (const [k, v] of Object.entries(obj(f.labels, `${what} labels`))) {
          labels[k] = isLabel(v) ? v : fail(`${what}: labels.${k} must be bot or human`);
        }
        file.labels = labels;
      }
      file.subset = optStr(f, 'subset', what);
      file.probeTime = optStr(f, 'probeTime', what);
      file.archiveName = optStr(f, 'archiveName', what);
      file.note = optStr(f, 'note', what);
      if (form !== 'bot-repository-tar-gz' && file.label === undefined && (file.labelColumn === undefined || file.labels === undefined)) {
        fail(`${what}: needs "label", or "labelColumn" and "labels"`);
      }
      if (form === 'cresci-users-csv' && file.probeTime === undefined) fail(`${what}: needs "probeTime"`);
      if (form === 'bot-repository-tar-gz' && file.archiveName === undefined) fail(`${what}: needs "archiveName"`);
      return file;
    });
    return {
      name,
      title: str(s, 'title', name),
      source: str(s, 'source', name),
      citation: str(s, 'citation', name),
      licence: str(s, 'licence', name),
      files,
    };
  });
  return { kind: 'botshare_datasets_manifest', version: 1, about: typeof m.about === 'string' ? m.about : '', sets };
}

export async function readManifest(file: string = DEFAULT_MANIFEST_PATH): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read the datasets manifest (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseManifest(json, file);
}

export type FileStatus = 'ok' | 'missing' | 'mismatch';

export interface FileCheck {
  set: string;
  path: string;
  status: FileStatus;
  /** Human sentence for missing / mismatch. */
  detail?: string;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Checks every file of the manifest under dataDir: present, right size, right sha256. */
export async function checkDatasets(dataDir: string, manifest: Manifest): Promise<FileCheck[]> {
  const out: FileCheck[] = [];
  for (const set of manifest.sets) {
    for (const f of set.files) {
      const full = path.join(dataDir, ...f.path.split('/'));
      let size: number;
      try {
        const st = await stat(full);
        if (!st.isFile()) {
          out.push({ set: set.name, path: f.path, status: 'missing', detail: 'not a regular file' });
          continue;
        }
        size = st.size;
      } catch {
        out.push({ set: set.name, path: f.path, status: 'missing', detail: 'not found' });
        continue;
      }
      if (size !== f.bytes) {
        out.push({ set: set.name, path: f.path, status: 'mismatch', detail: `${size} bytes, expected ${f.bytes}` });
        continue;
      }
      const digest = await sha256File(full);
      out.push(
        digest === f.sha256
          ? { set: set.name, path: f.path, status: 'ok' }
          : { set: set.name, path: f.path, status: 'mismatch', detail: `sha256 ${digest}, expected ${f.sha256}` },
      );
    }
  }
  return out;
}
