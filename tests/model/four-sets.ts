import type { LabeledAccount } from '../../src/labeled/types.js';
import { createRandom } from '../../src/util/random.js';
import { fakePool } from '../simulate/fixtures.js';

/** Four sets with both classes; a quarter of the labels flipped (seeded) so that the classes overlap. */
export function fourSets(): LabeledAccount[] {
  const rng = createRandom(11);
  return fakePool(120, 120).map((a, i) => ({
    ...a,
    label: rng.uniform() < 0.25 ? (a.label === 'bot' ? 'human' : 'bot') : a.label,
    dataset: `set${i % 4}`,
    subset: undefined,
    author: {
      ...a.author,
      statuses: Math.round((a.author.statuses ?? 0) * (0.2 + 3 * rng.uniform())),
      followers: Math.round((a.author.followers ?? 0) * (0.2 + 3 * rng.uniform()) * (1 + (i % 4))),
      favourites: Math.round(1 + 900 * rng.uniform()),
      defaultProfile: rng.uniform() < 0.5,
    },
  }));
}

