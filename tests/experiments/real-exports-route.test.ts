/**
 * A small version of docs/evidence/real-exports-route.json: one real export, one seed, one
 * stand-in rule, the whole-export design, run through the built CLI. It holds the harness's
 * own properties (the truth counted for every account, rows that reconcile with the report's
 * counts, finite figures, flips at their configured rate), not the targets: the
 * estimator under test is being changed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aggregateRows,
  baselineRows,
  contradictions,
  formatAggregates,
  formatTables,
  domainTweets,
  labeledKnowledge,
  labelSample,
  MIN_ROW_TWEETS,
  namedHashtags,
  routeAggregates,
  runKeys,
  runCli,
  runRealExportsRoute,
  ROUTE_DESIGNS,
  viewsFrame,
  type RouteRow,
} from '../../src/experiments/real-exports-route.js';
import { flipped, pageFacts, readExportViews, STAND_IN_RULES, standInTruth, type AccountView, type StandInRule } from '../../src/experiments/stand-in-labelers.js';
import { sampleCsv } from '../../src/labeled/sample-csv.js';
import { describeShared, describeWhenBuilt, distFile } from '../helpers/shared.js';

const CLI = distFile('cli', 'main.js');
const PIEMONTE = 'rtweet_coronavirus_piemonte_2020-02.csv';
function rule(name: string): StandInRule {
  const r = STAND_IN_RULES.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no stand-in named ${name}`);
  return r;
}

describeShared('the labeled route on a real export, labeled by a stand-in', (datasets) => {
  describeWhenBuilt([CLI], 'real-exports-route test')('through the built CLI', () => {
    it('counts the truth for every account, and its rows reconcile with the report and carry finite figures', async () => {
      const file = path.join(datasets, 'exports', PIEMONTE);
      const views = await readExportViews([file]);
      const truth = standInTruth(views, rule('activity'));
      // Every account of the export has a verdict, and every tweet belongs to one account.
      expect(truth.size).toBe(views.accounts.length);
      expect(views.accounts.reduce((s, v) => s + domainTweets(v, null, []), 0)).toBe(views.tweets);

      const result = await runRealExportsRoute({
        exports: [file],
        rules: [rule('activity')],
        seeds: [1],
        designs: ['whole'],
        cli: CLI,
        workDir: mkdtempSync(path.join(tmpdir(), 'botshare-real-exports-test-')),
      });
      const rows = result.rows;
      const exp = result.exports[0];
      expect(exp.accounts).toBe(views.accounts.length);
      // Flips at about their configured rate (10%; 896 accounts: a standard error of 1 point).
      expect(Math.abs(exp.rules[0].flippedShare - rule('activity').flipRate)).toBeLessThan(0.035);
      // The all-tweets row, and hashtag rows only from MIN_ROW_TWEETS tweets, each in both units.
      const overall = rows.filter((r) => r.hashtag === null);
      expect(overall.map((r) => r.unit).sort()).toEqual(['accounts', 'tweets']);
      expect(overall[0].tweets).toBe(views.tweets);
      expect(overall[0].labeled).toBe(120);
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const r of rows) {
        expect(r.tweets).toBe(r.reportTweets);
        expect(r.accounts).toBe(r.reportAccounts);
        if (r.hashtag !== null) expect(r.tweets).toBeGreaterThanOrEqual(MIN_ROW_TWEETS);
        expect(rows.filter((x) => x.hashtag === r.hashtag).length).toBe(2);
        for (const x of [r.truth, r.floor, r.ceiling, r.ma.estimate, r.lo.estimate, ...r.ma.ci95, ...r.lo.ci95]) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
        }
        expect(r.floor).toBeLessThanOrEqual(r.truth + 1e-12);
        expect(r.ceiling).toBeGreaterThanOrEqual(r.truth - 1e-12);
        expect(Number.isFinite(r.ma.halfWidthPoints) && Number.isFinite(r.lo.errorPoints)).toBe(true);
        expect(r.maMinusLoHalfWidthPoints).toBeCloseTo(r.ma.halfWidthPoints - r.lo.halfWidthPoints, 9);
      }
      // The account-share truth of the all-tweets row is the export's share of accounts the stand-in calls bots.
      expect(overall.find((r) => r.unit === 'accounts')?.truth).toBeCloseTo(exp.rules[0].shareAccounts, 12);
      expect(overall.find((r) => r.unit === 'tweets')?.truth).toBeCloseTo(exp.rules[0].shareTweets, 12);
      const agg = result.aggregates;
      expect(agg.overall.rows).toBe(rows.length);
      expect(agg.byRuleDesign[0].ma.covered).toBe(rows.filter((r) => r.ma.covered).length);
      expect(Number.isFinite(agg.overall.ma.maePoints) && Number.isFinite(agg.overall.lo.meanHalfWidthPoints)).toBe(true);
      expect(result.model).not.toBe('');
    }, 300_000);
  });
});

describeShared('the take-all accounts the harness counts are the estimator\'s', (datasets) => {
  describeWhenBuilt([CLI], 'real-exports-route test')('through the built CLI', () => {
    it('rebuilds the CLI\'s frame (the sample id matches, both designs) and takes π at the labeled prefix: ggplot2 seed 2 has accounts take-all at 150 drawn and not at 120 labeled', async () => {
      const file = path.join(datasets, 'exports', 'ggplot2_2021-22_rtweet.csv.gz');
      const views = await readExportViews([file]);
      const truth = standInTruth(views, rule('weighed'));
      const dir = mkdtempSync(path.join(tmpdir(), 'botshare-take-all-test-'));
      for (const [design, hashtags, seed] of [['whole', [] as string[], 2], ['named', namedHashtags(views, 2), 1]] as const) {
        const spec = ROUTE_DESIGNS[design];
        const out = path.join(dir, design);
        runCli(CLI, ['sample', file, '-n', String(spec.drawn), '--seed', String(seed), ...(hashtags.length > 0 ? ['--hashtags', hashtags.join(',')] : []), '-o', out, '--quiet', '--force']);
        const sampleFile = path.join(out, 'sample.csv');
        const labeled = labelSample(readFileSync(sampleFile, 'utf8'), sampleFile, spec.labeled, truth);
        const known = labeledKnowledge(sampleFile, labeled.csv, viewsFrame(views, hashtags));
        expect(known).toHaveLength(spec.labeled);
        const atN = new Map(labeled.rows.map((r) => [r.userId, r.inclusionProbability]));
        // π at the prefix is never above π at the drawn n.
        for (const k of known) expect(k.inclusionProbability).toBeLessThanOrEqual((atN.get(k.userId) as number) * (1 + 1e-9));
        const takeAllAtN = known.filter((k) => (atN.get(k.userId) as number) >= 1).length;
        const takeAllAtK = known.filter((k) => k.inclusionProbability >= 1).length;
        if (design === 'whole') expect(takeAllAtK).toBeLessThan(takeAllAtN);
        else expect(takeAllAtK).toBe(takeAllAtN);
      }
    }, 300_000);
  });
});

describe('the stand-in labelers', () => {
  it('flip each rule’s verdict for about its configured share of accounts, the same every time', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => String(1_000_000_007 + 7919 * i));
    for (const r of STAND_IN_RULES) {
      const share = ids.filter((id) => flipped(r, id)).length / ids.length;
      expect(Math.abs(share - r.flipRate)).toBeLessThan(0.01);
      expect(ids.slice(0, 200).map((id) => flipped(r, id))).toEqual(ids.slice(0, 200).map((id) => flipped(r, id)));
      expect(r.flipRate).toBeGreaterThanOrEqual(0.1);
      expect(r.flipRate).toBeLessThanOrEqual(0.2);
    }
  });

  it('read the page’s figures: pace, busiest day and hour, clients, templated text, links', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2020, 1, 17, 9);
    const v: AccountView = {
      userId: '1',
      description: '',
      followers: 10,
      friends: 900,
      statuses: 3650,
      createdAt: t0 - 365 * day,
      sources: new Map([
        ['IFTTT', 3],
        ['Twitter for Android', 1],
      ]),
      tweets: [
        { createdAt: t0, text: 'Prezzo oggi 12 euro https://x.co/a', kind: 'original', hashtags: [] },
        { createdAt: t0 + 60_000, text: 'Prezzo oggi 15 euro https://x.co/b', kind: 'original', hashtags: [] },
        { createdAt: t0 + 120_000, text: 'RT @a: ciao', kind: 'retweet', hashtags: [] },
        { createdAt: t0 + 2 * day, text: 'una risposta', kind: 'reply', hashtags: [] },
      ],
    };
    const f = pageFacts(v, { start: t0, end: t0 + 3 * day });
    expect(f.tweetsHere).toBe(4);
    expect(f.perDayHere).toBe(1);
    expect(f.busiestDay).toBe(3);
    expect(f.busiestHourShare).toBe(1);
    expect(f.ageDays).toBe(365);
    expect(f.statusesPerDay).toBe(10);
    expect(f.automationShare).toBe(0.75);
    expect(f.otherClientShare).toBe(0.75);
    expect(f.retweetShare).toBe(0.25);
    expect(f.replyShare).toBe(0.25);
    expect(f.duplicateShare).toBeCloseTo(2 / 3, 12);
    expect(f.urlShare).toBe(0.5);
    expect(f.descriptionEmpty).toBe(true);
    expect(rule('client').says(f)).toBe(true);
    expect(rule('activity').says(f)).toBe(false);
  });
});

describe('the harness’s bookkeeping', () => {
  it('names the two largest hashtags, leaving out the search term every tweet carries', () => {
    const hashtags = [
      { hashtag: 'rstats', tweets: 3063 },
      { hashtag: 'datascience', tweets: 1194 },
      { hashtag: 'python', tweets: 853 },
    ];
    expect(namedHashtags({ hashtags, tweets: 3063 }, 2)).toEqual(['datascience', 'python']);
    expect(namedHashtags({ hashtags, tweets: 10_000 }, 2)).toEqual(['rstats', 'datascience']);
  });

  it('counts what the sample proves: a take-all bot’s floor, a take-all human’s ceiling, a unanimous sample', () => {
    const known = { floor: 0.2, ceiling: 0.9, takeAllWeight: 0.3, untaken: { bot: 0, human: 0 } };
    expect(contradictions({ estimate: 0.3, ci95: [0.21, 0.5] }, known)).toEqual([]);
    expect(contradictions({ estimate: 0.1, ci95: [0.05, 0.15] }, known)).toEqual(['upper_below_floor', 'estimate_outside_floor_ceiling']);
    expect(contradictions({ estimate: 0.95, ci95: [0.92, 0.99] }, known)).toEqual(['lower_above_ceiling', 'estimate_outside_floor_ceiling']);
    // 14 of 14 accounts outside the take-all ones human: the share is at most 0.2 + 0.7 × 0.232.
    const unanimous = { ...known, untaken: { bot: 0, human: 14 } };
    expect(contradictions({ estimate: 0.25, ci95: [0.2, 0.35] }, unanimous)).toEqual([]);
    expect(contradictions({ estimate: 0.25, ci95: [0.2, 0.9] }, unanimous)).toEqual(['unanimous_beyond_exact']);
    // Too few accounts outside the take-all ones prove nothing.
    expect(contradictions({ estimate: 0.25, ci95: [0.2, 0.9] }, { ...known, untaken: { bot: 0, human: 4 } })).toEqual([]);
  });

  it('labels the first k rows of a sample.csv from the truth and leaves the others empty', () => {
    const rows = ['7', '8', '9'].map((id, i) => ({ rank: i + 1, userId: id, screenName: `u${id}`, label: null, tweets: 1, inclusionProbability: 0.5, sampleId: 'sps1:1:3:x' }));
    const truth = new Map([
      ['7', { rule: true, bot: true }],
      ['8', { rule: true, bot: false }],
      ['9', { rule: false, bot: true }],
    ]);
    const out = labelSample(sampleCsv(rows), 'sample.csv', 2, truth);
    expect(out.rows.map((r) => r.label)).toEqual(['bot', 'human', null]);
    expect(out.csv).toBe(sampleCsv(out.rows));
  });

  it('aggregates coverage, error, width and the model-assisted rows wider than labels only', () => {
    const fig = (estimate: number, lo: number, hi: number, truth: number) => ({
      estimate,
      ci95: [lo, hi] as [number, number],
      lambda: 1,
      covered: lo <= truth && truth <= hi,
      errorPoints: 100 * (estimate - truth),
      halfWidthPoints: (100 * (hi - lo)) / 2,
      outside: estimate < lo || estimate > hi,
      contradicted: [],
    });
    const row = (hashtag: string | null, design: 'whole' | 'named', ma: ReturnType<typeof fig>, lo: ReturnType<typeof fig>): RouteRow => ({
      export: 'e',
      rule: 'r',
      design,
      seed: 1,
      hashtag,
      unit: 'tweets',
      tweets: 200,
      accounts: 50,
      reportTweets: 200,
      reportAccounts: 50,
      labeled: 10,
      takeAll: { bot: 0, human: 0 },
      floor: 0,
      ceiling: 1,
      truth: 0.2,
      ma,
      lo,
      maMinusLoHalfWidthPoints: ma.halfWidthPoints - lo.halfWidthPoints,
    });
    const rows = [
      row(null, 'whole', fig(0.25, 0.1, 0.4, 0.2), fig(0.2, 0.15, 0.25, 0.2)),
      row('a', 'whole', fig(0.05, 0.1, 0.15, 0.2), fig(0.2, 0.1, 0.3, 0.2)),
      row('a', 'named', fig(0.21, 0.17, 0.25, 0.2), fig(0.21, 0.16, 0.26, 0.2)),
    ];
    const a = aggregateRows(rows.slice(0, 2));
    expect(a.ma.covered).toBe(1);
    expect(a.lo.covered).toBe(2);
    expect(a.ma.maePoints).toBeCloseTo(10, 9);
    expect(a.maWider).toBe(1);
    expect(a.ma.outside).toBe(1);
    const agg = routeAggregates(rows, new Map([['e', ['a', 'b']]]));
    expect(agg.namedHashtags[1].rows).toBe(1);
    expect(agg.namedHashtags[1].ma.meanHalfWidthPoints).toBeCloseTo(4, 9);
    expect(agg.targets.map((t) => t.met)).toEqual([false, false, false, true, true]);

    // A baseline is compared on the same draws only, and printed beside the new figures.
    const keys = runKeys([{ export: 'e', design: 'named', seed: 1, hashtags: ['a', 'b'], sampleId: 's', frameAccounts: 50, rules: [{ rule: 'r', exportModel: 'x', labeledBots: 1, labeledHumans: 9 }] }]);
    const before = baselineRows({ rows }, 'baseline.json', keys);
    expect(before).toEqual([rows[2]]);
    expect(() => baselineRows({ rows: [{ export: 'e' }] }, 'baseline.json', keys)).toThrow(/baseline.json: rows\[0\]/);
    expect(() => baselineRows([], 'baseline.json', keys)).toThrow(/no "rows" array/);
    const text = formatAggregates(routeAggregates([rows[2]], new Map([['e', ['a']]])), routeAggregates(before, new Map([['e', ['a']]])));
    expect(text).toMatch(/named r: 1 rows; covered MA 100\.0%/);
    expect(text).toMatch(/baseline: 1 rows/);
    expect(formatTables(agg).split('\n').slice(0, 4)).toEqual([
      '| design | stand-in | rows | covered MA / LO | mean abs. error MA / LO (pts) | mean half-width MA / LO (pts) | MA wider > 2 pts | outside MA / LO | contradicted MA / LO |',
      '|---|---|---|---|---|---|---|---|---|',
      '| whole | r | 2 | 50.0% / 100% | 10.00 / 0.00 | 8.75 / 7.50 | 1 (50.0%) | 1 / 0 | 0 / 0 |',
      '| whole | all | 2 | 50.0% / 100% | 10.00 / 0.00 | 8.75 / 7.50 | 1 (50.0%) | 1 / 0 | 0 / 0 |',
    ]);
    expect(text).toMatch(/mean half-width of the share of tweets \(model-assisted\), points = 4\.00 \(<= 4\.5\); baseline 4\.00/);
  });
});
