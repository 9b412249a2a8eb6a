/** LabeledAccount-shaped pools for simulator tests: synthetic profiles, hand-checkable. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadActivityModel } from '../../src/simulate/activity-model.js';
import type { ActivityModel, PoolAccount } from '../../src/simulate/types.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The project's fitted activity model (datasets/activity-model.json, generated data in the repo). */
export function activityModel(): ActivityModel {
  return loadActivityModel(path.join(REPO, 'datasets', 'activity-model.json'));
}

const PROBE = Date.UTC(2015, 1, 14, 10, 0, 0);

export function fakePool(bots: number, humans: number): PoolAccount[] {
  const out: PoolAccount[] = [];
  for (let i = 0; i < bots; i++) {
    out.push({
      dataset: i % 2 === 0 ? 'cresci-2017' : 'pronbots-2019',
      ...(i % 2 === 0 ? { subset: 'social_spambots_1' } : {}),
      id: String(900_000 + i),
      label: 'bot',
      probeTime: PROBE,
      author: {
        id: String(900_000 + i),
        screenName: `bot_${i}`,
        name: `Bot ${i}`,
        createdAt: Date.UTC(2013, 0, 1 + i),
        statuses: 1000 + i,
        followers: 50 + i,
        friends: 500,
        favourites: 3,
        listed: 0,
        defaultProfile: true,
        verified: false,
      },
    });
  }
  for (let i = 0; i < humans; i++) {
    out.push({
      dataset: i % 3 === 0 ? 'cresci-2017' : 'cresci-2015',
      subset: i % 3 === 0 ? 'genuine_accounts' : 'E13',
      id: String(100_000 + i),
      label: 'human',
      probeTime: PROBE,
      author: {
        id: String(100_000 + i),
        screenName: `person${i}`,
        name: `Persona ${i}`,
        description: 'Mi piace il caffè ☕ "quotes" & <tags>',
        createdAt: Date.UTC(2010, 5, 1 + (i % 300)),
        statuses: 5000 + 7 * i,
        followers: 300 + i,
        friends: 250,
        favourites: 900,
        listed: 4,
        verified: false,
        defaultProfile: false,
        backgroundImage: true,
        location: 'Torino',
      },
    });
  }
  return out;
}
