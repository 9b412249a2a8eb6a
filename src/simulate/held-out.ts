/**
 * Which labeled accounts a simulation may use: only those that the shipped model's card
 * lists as held out of its training, so that a corpus never tests the model on accounts it
 * learned from. Italian sets first, because the March 2020 hashtags were Italian.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { loadLabeledSets } from '../labeled/load.js';
import type { Random } from '../util/random.js';
import type { Label, PoolAccount } from './types.js';

export interface HeldOutEntry {
  dataset: string;
  accountId: string;
  label: Label;
}

/** Reads `heldOut` from a model card (card.json); refuses a card without one. */
export function readHeldOut(cardFile: string): HeldOutEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(cardFile, 'utf8'));
  } catch (err) {
    throw new UserError(`${cardFile}: cannot read the model card (${err instanceof Error ? err.message : String(err)})`);
  }
  const list = typeof raw === 'object' && raw !== null && 'heldOut' in raw ? raw.heldOut : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    throw new UserError(
      `${cardFile}: the model card lists no held-out accounts ("heldOut"); a simulation may only use accounts the model never saw`,
    );
  }
  // Accounts that measured or checked the card's in-domain rates are not simulation material:
  // a corpus built from them would be corrected (or checked) with rates measured on its own accounts.
  return list.flatMap((e: unknown, i): HeldOutEntry[] => {
    if (typeof e !== 'object' || e === null) throw new UserError(`${cardFile}: heldOut[${i}] is not an object`);
    const o = e as Record<string, unknown>;
    const dataset = o.dataset;
    const accountId = o.accountId;
    const label = o.label;
    if (typeof dataset !== 'string' || (typeof accountId !== 'string' && typeof accountId !== 'number') || (label !== 'bot' && label !== 'human')) {
      throw new UserError(`${cardFile}: heldOut[${i}] needs dataset, accountId and label (bot or human)`);
    }
    if (o.role === 'rates' || o.role === 'check') return [];
    return [{ dataset, accountId: String(accountId), label }];
  });
}

const key = (dataset: string, id: string): string => `${dataset}\u0000${id}`;

/**
 * The labeled accounts that are held out, with the card's label. An account whose label
 * disagrees with the card's, or that appears in several sets, is left out: its truth would
 * be ambiguous.
 */
export function selectHeldOut(labeled: readonly PoolAccount[], heldOut: readonly HeldOutEntry[]): PoolAccount[] {
  const wanted = new Map(heldOut.map((h) => [key(h.dataset, h.accountId), h.label]));
  const labelsById = new Map<string, Set<Label>>();
  for (const a of labeled) {
    const set = labelsById.get(a.id) ?? new Set<Label>();
    set.add(a.label);
    labelsById.set(a.id, set);
  }
  const out: PoolAccount[] = [];
  const taken = new Set<string>();
  for (const a of labeled) {
    const label = wanted.get(key(a.dataset, a.id));
    if (label === undefined || label !== a.label) continue;
    if ((labelsById.get(a.id)?.size ?? 0) > 1 || taken.has(a.id)) continue;
    taken.add(a.id);
    out.push(a);
  }
  return out;
}

/** True for the Italian labeled sets: cresci-2015 E13 and TFP (humans), cresci-2017 social_spambots_1 (bots). */
export function isItalianAccount(a: Pick<PoolAccount, 'dataset' | 'subset'>): boolean {
  const subset = (a.subset ?? '').toLowerCase();
  return (
    (a.dataset === 'cresci-2015' && (subset === 'e13' || subset === 'tfp')) ||
    (a.dataset === 'cresci-2017' && subset === 'social_spambots_1')
  );
}

/** Splits accounts by label, preferred ones first, each group in seeded random order. */
export function orderPools(
  accounts: readonly PoolAccount[],
  rng: Random,
  preferred: (a: PoolAccount) => boolean = isItalianAccount,
): { bot: PoolAccount[]; human: PoolAccount[] } {
  const sorted = accounts.slice().sort((a, b) => cmp(a.dataset, b.dataset) || cmp(a.id, b.id));
  const pools = { bot: [] as PoolAccount[], human: [] as PoolAccount[] };
  for (const label of ['bot', 'human'] as const) {
    const mine = sorted.filter((a) => a.label === label);
    pools[label] = [...rng.shuffle(mine.filter(preferred)), ...rng.shuffle(mine.filter((a) => !preferred(a)))];
  }
  return pools;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The pools of a simulation: the held-out accounts of a model card, loaded from the labeled
 * sets in `dataDir` (only the sets the card names), Italian sets first.
 */
export async function loadHeldOutPools(
  dataDir: string,
  cardFile: string,
  rng: Random,
): Promise<{ pools: { bot: PoolAccount[]; human: PoolAccount[] }; heldOut: number; found: number }> {
  const heldOut = readHeldOut(cardFile);
  const sets = [...new Set(heldOut.map((h) => h.dataset))].sort();
  const labeled = await loadLabeledSets(dataDir, { sets });
  const chosen = selectHeldOut(labeled, heldOut);
  if (chosen.length === 0) {
    throw new UserError(`none of the ${heldOut.length} held-out accounts of ${cardFile} was found in ${dataDir}`);
  }
  return { pools: orderPools(chosen, rng), heldOut: heldOut.length, found: chosen.length };
}
