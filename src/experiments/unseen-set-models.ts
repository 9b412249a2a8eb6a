/**
 * Scoring models that never saw a kind of bot: for a labeled set D, a model trained by the
 * project's own `trainModel` on the public sets without D and without any account that the
 * shipped model's card holds out (so that no simulated account was ever trained on), with
 * the shipped card's configuration but no nested choice among model families (and, where
 * asked, smaller per-cell subsamples, to keep a model to a few minutes). The labeled-route
 * harness scores a corpus whose bots all come from D with the model for D: real shift, as a
 * researcher's export of an unknown kind of bot would meet it.
 *
 * Models are cached under `cacheDir/<D>-<hash>/`, the hash covering the configuration, the
 * seed, the excluded accounts and the sets trained on; a folder is complete only when its
 * `unseen-set.json` exists (it is trained in a `.partial` folder and renamed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPublicCorpus, type LabeledCorpus } from '../model/labeled-corpus.js';
import { trainModel, type TrainOptions } from '../model/train.js';
import type { BotActivity, PoolAccount } from '../simulate/types.js';
import { UserError } from '../util/errors.js';

export type ModelConfigOverrides = NonNullable<TrainOptions['config']>;

/** The per-cell budgets of a faster training (the options train.ts already has). */
export interface TrainingSubsample {
  maxAccountsPerCell: number;
  selectionMaxAccountsPerCell: number;
  folds: number;
}

/** What is recorded beside a cached model and in the evidence. */
export interface UnseenSetModelInfo {
  /** The labeled set the model was trained without. */
  unseenSet: string;
  dir: string;
  /** The sets it was trained on (after the exclusions). */
  trainedSets: string[];
  trainedAccounts: number;
  /** Accounts left out because the shipped card holds them out (any role). */
  excludedHeldOut: number;
  config: ModelConfigOverrides;
  seed: number;
  trainingSeconds: number;
  model: string;
}

const SIDE_CAR = 'unseen-set.json';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * The shipped card's configuration (its `classifier.hyperParameters`: the network's
 * hyper-parameters and `config`), with the nested family selection off and, if given, the
 * smaller subsample.
 */
export function unseenSetConfig(cardFile: string, subsample?: TrainingSubsample): ModelConfigOverrides {
  const card: unknown = JSON.parse(readFileSync(cardFile, 'utf8'));
  const hp = isRecord(card) && isRecord(card.classifier) ? card.classifier.hyperParameters : undefined;
  if (!isRecord(hp) || !isRecord(hp.config)) throw new UserError(`${cardFile}: the card records no training configuration (classifier.hyperParameters.config)`);
  const { config, ...mlp } = hp;
  const rest: Record<string, unknown> = { ...config };
  delete rest.mlp;
  // The card's own record of train's configuration, read back as the options it came from.
  return { ...(rest as ModelConfigOverrides), mlp: mlp as ModelConfigOverrides['mlp'], familySelection: 'none', ...(subsample ?? {}) };
}

/** The seed a model card was trained with. */
export function cardSeed(cardFile: string): number {
  const card: unknown = JSON.parse(readFileSync(cardFile, 'utf8'));
  if (!isRecord(card) || typeof card.seed !== 'number') throw new UserError(`${cardFile}: the card records no seed`);
  return card.seed;
}

/** Every account id that a model card holds out, whatever its role (simulation, check, rates). */
export function heldOutIds(cardFile: string): Set<string> {
  const card: unknown = JSON.parse(readFileSync(cardFile, 'utf8'));
  const list = isRecord(card) && Array.isArray(card.heldOut) ? card.heldOut : [];
  return new Set(list.flatMap((e: unknown) => (isRecord(e) && (typeof e.accountId === 'string' || typeof e.accountId === 'number') ? [String(e.accountId)] : [])));
}

/** The training corpus of the model for `unseenSet`: no account of that set, none of the held-out ids. */
export function corpusWithout(corpus: LabeledCorpus, unseenSet: string, excludedIds: ReadonlySet<string>): { corpus: LabeledCorpus; excludedHeldOut: number } {
  let excludedHeldOut = 0;
  const accounts = corpus.accounts.filter((a) => {
    if (a.dataset === unseenSet) return false;
    if (excludedIds.has(a.id)) {
      excludedHeldOut++;
      return false;
    }
    return true;
  });
  return { corpus: { ...corpus, accounts, sources: corpus.sources.filter((s) => s.name !== unseenSet) }, excludedHeldOut };
}

function cacheKey(unseenSet: string, config: ModelConfigOverrides, seed: number, excludedIds: ReadonlySet<string>, trainedSets: readonly string[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ unseenSet, config, seed, trainedSets }));
  for (const id of [...excludedIds].sort()) h.update(`${id}\n`);
  return h.digest('hex').slice(0, 12);
}

export interface UnseenSetModelOptions {
  corpus: LabeledCorpus;
  unseenSet: string;
  excludedIds: ReadonlySet<string>;
  config: ModelConfigOverrides;
  seed: number;
  cacheDir: string;
  onProgress?: (message: string) => void;
}

/** The model for `unseenSet`, from the cache or trained now. */
export async function unseenSetModel(o: UnseenSetModelOptions): Promise<UnseenSetModelInfo & { cached: boolean }> {
  const { corpus, excludedHeldOut } = corpusWithout(o.corpus, o.unseenSet, o.excludedIds);
  if (corpus.accounts.length === o.corpus.accounts.length - excludedHeldOut) {
    throw new UserError(`no labeled account belongs to the set "${o.unseenSet}"`);
  }
  const trainedSets = [...new Set(corpus.accounts.map((a) => a.dataset))].sort();
  const dir = path.join(o.cacheDir, `${o.unseenSet}-${cacheKey(o.unseenSet, o.config, o.seed, o.excludedIds, trainedSets)}`);
  const sideCar = path.join(dir, SIDE_CAR);
  if (existsSync(sideCar)) return { ...(JSON.parse(readFileSync(sideCar, 'utf8')) as UnseenSetModelInfo), dir, cached: true };
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  const card = await trainModel({ corpus, seed: o.seed, outDir: partial, name: `without-${o.unseenSet}`, config: o.config, force: true, onProgress: o.onProgress });
  const info: UnseenSetModelInfo = {
    unseenSet: o.unseenSet,
    dir,
    trainedSets,
    trainedAccounts: corpus.accounts.length,
    excludedHeldOut,
    config: o.config,
    seed: o.seed,
    trainingSeconds: card.trainingSeconds,
    model: `${card.name} (${card.created})`,
  };
  await writeFile(path.join(partial, SIDE_CAR), `${JSON.stringify(info, null, 1)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { ...info, cached: false };
}

/** The most bot tweets that `bots` accounts can post in `windowDays` days at the design's highest rate. */
export function botCapacity(bots: number, activity: BotActivity, windowDays: number): number {
  return bots * Math.floor(activity.maxRate * windowDays + 1e-9);
}

/** The held-out sets that have bots, with their bots, sorted by name. */
export function botSets(accounts: readonly PoolAccount[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of accounts) if (a.label === 'bot') counts.set(a.dataset, (counts.get(a.dataset) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The unseen set of corpus `i`: the sets whose held-out bots can post the corpus's bot
 * tweets, in rotation. A set with too few bots for a share is skipped for that corpus (the
 * evidence records which set each corpus used).
 */
export function rotateUnseenSet(sets: ReadonlyMap<string, number>, i: number, botTweets: number, activity: BotActivity, windowDays: number): string {
  const eligible = [...sets].filter(([, bots]) => botCapacity(bots, activity, windowDays) >= botTweets).map(([name]) => name);
  if (eligible.length === 0) throw new UserError(`no held-out set has bots enough for ${botTweets} bot tweets; plant fewer tweets`);
  return eligible[i % eligible.length];
}

export interface UnseenSetScoringOptions {
  /** The simulation accounts (the shipped card's held-out accounts of role simulation). */
  accounts: readonly PoolAccount[];
  /** The shipped model's card: its configuration and the accounts it holds out. */
  cardFile: string;
  dataDir: string;
  cacheDir: string;
  subsample?: TrainingSubsample;
  /** Further changes to the card's configuration (a test's tiny training). */
  overrides?: ModelConfigOverrides;
  /** The training seed (default: the shipped card's). */
  seed?: number;
  /** The bots' activity in the corpora (for which sets can plant a corpus's bot tweets). */
  botActivity: BotActivity;
  windowDays: number;
  tweetsPerCorpus: number;
  shares: readonly number[];
  /** The sets D may be (default: every held-out set with bots). */
  sets?: readonly string[];
  onProgress?: (message: string) => void;
}

/**
 * Per corpus: its unseen set D (in rotation), the accounts to draw from (every held-out
 * human, only D's held-out bots) and the scorer of the model trained without D.
 */
export function unseenSetScoring(o: UnseenSetScoringOptions): {
  corpus: (i: number) => Promise<{ unseenSet: string; accounts: PoolAccount[]; modelDir: string }>;
  models: () => UnseenSetModelInfo[];
  config: ModelConfigOverrides;
} {
  const config = { ...unseenSetConfig(o.cardFile, o.subsample), ...(o.overrides ?? {}) };
  const excludedIds = heldOutIds(o.cardFile);
  const seed = o.seed ?? cardSeed(o.cardFile);
  const all = botSets(o.accounts);
  for (const name of o.sets ?? []) if (!all.has(name)) throw new UserError(`"${name}" is not a held-out set with bots (${[...all.keys()].join(', ')})`);
  const sets = o.sets === undefined ? all : new Map([...all].filter(([name]) => o.sets?.includes(name)));
  const models = new Map<string, UnseenSetModelInfo>();
  let corpus: Promise<LabeledCorpus> | undefined;
  return {
    config,
    models: () => [...models.values()].sort((a, b) => (a.unseenSet < b.unseenSet ? -1 : 1)),
    corpus: async (i) => {
      const unseenSet = rotateUnseenSet(sets, i, Math.ceil(o.shares[i] * o.tweetsPerCorpus), o.botActivity, o.windowDays);
      let info = models.get(unseenSet);
      if (info === undefined) {
        corpus ??= loadPublicCorpus(o.dataDir, o.onProgress);
        const { cached, ...rest } = await unseenSetModel({ corpus: await corpus, unseenSet, excludedIds, config, seed, cacheDir: o.cacheDir, onProgress: o.onProgress });
        o.onProgress?.(`model without ${unseenSet}: ${cached ? 'cached' : 'trained'} in ${rest.dir}`);
        info = rest;
        models.set(unseenSet, info);
      }
      return { unseenSet, accounts: o.accounts.filter((a) => a.label === 'human' || a.dataset === unseenSet), modelDir: info.dir };
    },
  };
}
