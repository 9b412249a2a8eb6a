import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { describeShared } from '../helpers/shared.js';
import { loadLabeledData, loadTimelines } from '../../src/labeled/load.js';
import { checkDatasets, readManifest } from '../../src/labeled/manifest.js';
import { buildTrainingRows } from '../../src/labeled/training-rows.js';
import { featureIndex } from '../../src/features/registry.js';
import type { LabeledAccount, LabeledTimeline, LoadReport } from '../../src/labeled/types.js';

const count = <T>(items: readonly T[], key: (x: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of items) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
};

describeShared('labeled sets as distributed (../shared/datasets/labeled)', (datasets) => {
  const dataDir = path.join(datasets, 'labeled');
  let accounts: LabeledAccount[];
  let reports: LoadReport[];
  let timelines: Map<string, LabeledTimeline>;
  let timelineReport: LoadReport | undefined;

  beforeAll(async () => {
    ({ accounts, reports } = await loadLabeledData(dataDir));
    timelines = await loadTimelines(dataDir, { onReport: (r) => (timelineReport = r) });
  });

  it('every file matches the manifest', async () => {
    const checks = await checkDatasets(dataDir, await readManifest());
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(checks).toHaveLength(11);
  });

  it('loads the account counts of the README table', () => {
    const bySubset = count(accounts, (a) => `${a.dataset}${a.subset === undefined ? '' : `/${a.subset}`}:${a.label}`);
    expect(bySubset).toEqual({
      'cresci-2017/genuine_accounts:human': 3474,
      'cresci-2017/social_spambots_1:bot': 991,
      'cresci-2015/E13:human': 1481,
      'cresci-2015/TFP:human': 469,
      'cresci-2015/INT:bot': 779,
      'cresci-2015/FSF:bot': 686,
      'cresci-2015/TWT:bot': 485,
      // bot repository: every profile of the README count that the tsv labels (see below)
      'cresci-stock-2018:bot': 7102,
      'cresci-stock-2018:human': 6174,
      'gilani-2017:bot': 1071,
      'gilani-2017:human': 1394,
      'verified-2019:human': 1987,
      'vendor-purchased-2019:bot': 1087,
      'botwiki-2019:bot': 698,
      'pronbots-2019:bot': 17882,
      'political-bots-2019:bot': 62,
    });
    expect(accounts).toHaveLength(45_822);
  });

  it('reads every bot-repository profile of the README, and says why some are left out', () => {
    const profiles = Object.fromEntries(reports.filter((r) => r.file.endsWith('_tweets.json')).map((r) => [r.dataset, r]));
    expect(Object.fromEntries(Object.entries(profiles).map(([k, r]) => [k, r.read]))).toEqual({
      'cresci-stock-2018': 13_276,
      'gilani-2017': 2_494,
      'verified-2019': 1_987,
      'vendor-purchased-2019': 1_088,
      'botwiki-2019': 698,
      'pronbots-2019': 17_882,
      'political-bots-2019': 62,
    });
    // gilani-2017: 19 ids labeled both bot and human in the tsv, 10 profiles without a label;
    // vendor-purchased-2019: one profile without a label.
    expect(profiles['gilani-2017'].skipped).toEqual({ 'id labeled both bot and human': 19, 'no label in the tsv': 10 });
    expect(profiles['vendor-purchased-2019'].skipped).toEqual({ 'no label in the tsv': 1 });
  });

  it('rejects nothing and reconciles every count', () => {
    for (const r of [...reports, timelineReport as LoadReport]) {
      expect(r.rejected, r.file).toBe(0);
      expect(r.read, r.file).toBe(r.accepted + r.rejected + Object.values(r.skipped).reduce((a, b) => a + b, 0));
    }
  });

  it('loads the timeline sample: 2,614 accounts and every one of its 122,001 tweet rows', () => {
    // The README says 121,961 tweets; the file holds 122,001 data rows, none malformed or
    // duplicated (checked by (user, time)), so the README figure is off by 40.
    expect(timelineReport?.read).toBe(122_001);
    expect(timelines.size).toBe(2_614);
    const events = [...timelines.values()].reduce((a, t) => a + t.events.length, 0);
    expect(events).toBe(122_001);
    expect(count([...timelines.values()], (t) => `${t.subset}:${t.label}`)).toEqual({
      'genuine_accounts:human': 1006,
      'social_spambots_1:bot': 988,
      'social_spambots_2:bot': 36,
      'social_spambots_3:bot': 454,
      'traditional_spambots_1:bot': 58,
      'fake_followers:bot': 72,
    });
  });

  it('finds user ids in several sets, 4 of them with opposite labels (gilani-2017 bot, verified-2019 human)', () => {
    const sets = new Map<string, LabeledAccount[]>();
    for (const a of accounts) sets.set(a.id, [...(sets.get(a.id) ?? []), a]);
    const shared = [...sets.values()].filter((v) => v.length > 1);
    expect(shared).toHaveLength(11);
    const opposite = shared.filter((v) => new Set(v.map((a) => a.label)).size > 1);
    expect(opposite.map((v) => v.map((a) => `${a.dataset}:${a.label}`).sort().join(' '))).toEqual(
      new Array(4).fill('gilani-2017:bot verified-2019:human'),
    );
  });

  it('joins timelines to profiles by user id, across sets, and leaves out ids with opposite labels', () => {
    const rows = buildTrainingRows(accounts, timelines, { seed: 7, windowsPerAccount: 2 });
    // 1006 genuine + 988 social_spambots_1 (cresci-2017 users files), 43 fake_followers
    // (cresci-2015 TWT/INT profiles), 1 social_spambots_3 account (a gilani-2017 bot profile)
    expect(rows.stats).toMatchObject({
      accountsWithTiming: 1006 + 988 + 43 + 1,
      timelinesWithoutProfile: 576,
      labelConflicts: 0,
      crossSetLabelConflicts: 4,
    });
    expect(rows.raw).toHaveLength(45_822 - 8 + 2 * 2038);
    // The cresci-2017 timelines carry no statuses_count per tweet and cannot tell quotes apart.
    const rate = featureIndex('statuses_rate');
    const quote = featureIndex('quote_share');
    expect(rows.raw.every((r) => Number.isNaN(r[rate]) && Number.isNaN(r[quote]))).toBe(true);
  });
});
