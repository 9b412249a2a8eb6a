/**
 * The public library API (src/index.ts, shipped as dist/index.js): the names a researcher's
 * script uses exist, and one small pipeline runs end to end through them alone — ingest
 * fixtures of three formats, score with the shipped model, estimate, chart, report.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as botshare from '../src/index.js';
import { REPO_ROOT } from './helpers/shared.js';

const fixture = (...parts: string[]): string => path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest', ...parts);
const FILES = [fixture('v1', 'statuses.jsonl'), fixture('v2', 'flat.jsonl'), fixture('rtweet', 'sample.csv')];

describe('library API: the names exist', () => {
  const functions = {
    ingestTweets: botshare.ingestTweets,
    detectFormat: botshare.detectFormat,
    accountFeatures: botshare.accountFeatures,
    timingFeatures: botshare.timingFeatures,
    loadModel: botshare.loadModel,
    scoreTweets: botshare.scoreTweets,
    trainModel: botshare.trainModel,
    loadUserCorpus: botshare.loadUserCorpus,
    readLabelsCsv: botshare.readLabelsCsv,
    parseLabels: botshare.parseLabels,
    parseAccountLabels: botshare.parseAccountLabels,
    agreeFiles: botshare.agreeFiles,
    mergeLabelings: botshare.mergeLabelings,
    cohenKappa: botshare.cohenKappa,
    fleissKappa: botshare.fleissKappa,
    evaluateOnLabels: botshare.evaluateOnLabels,
    estimateCorpus: botshare.estimateCorpus,
    writeReport: botshare.writeReport,
    report: botshare.report,
    summaryOf: botshare.summaryOf,
    accumulateFiles: botshare.accumulateFiles,
    renderSvg: botshare.renderSvg,
    renderPng: botshare.renderPng,
    replicate: botshare.replicate,
    loadModelScorer: botshare.loadModelScorer,
    estimateFromFiles: botshare.estimateFromFiles,
    runSimulation: botshare.runSimulation,
    ShareAccumulator: botshare.ShareAccumulator,
    tallyFromFiles: botshare.tallyFromFiles,
    mergeTallies: botshare.mergeTallies,
    mergeTallyFiles: botshare.mergeTallyFiles,
    reportInParallel: botshare.reportInParallel,
  };
  it.each(Object.entries(functions))('%s is a function', (_name, fn) => {
    expect(typeof fn).toBe('function');
  });

  it('exposes the registry, the methods, the study and the shipped files', () => {
    expect(botshare.FEATURES.length).toBe(botshare.ACCOUNT_FEATURES.length + botshare.TIMING_FEATURES.length);
    expect(botshare.featureDef(botshare.FEATURES[0]?.name ?? '').meaning.length).toBeGreaterThan(0);
    expect(Object.keys(botshare.METHODS).sort()).toEqual([...botshare.METHOD_NAMES].sort());
    expect(botshare.METHOD_NAMES).toContain(botshare.DEFAULT_METHOD);
    expect(botshare.CHARTS.map((c) => c.name)).toContain('share-by-hashtag');
    expect(botshare.STUDY.hashtags.map((h) => h.published)).toEqual([0.463, 0.371]);
    expect(botshare.STUDY_HASHTAGS).toHaveLength(2);
    expect(botshare.DEFAULT_CONFIG.mlp.maxEpochs).toBeGreaterThan(0);
    for (const file of [botshare.DEFAULT_MODEL_DIR, botshare.DEFAULT_ACTIVITY_MODEL, botshare.BUNDLED_RECONSTRUCTION.corpus]) {
      expect(existsSync(file), file).toBe(true);
    }
    expect(botshare.VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('library API: a small pipeline end to end', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'botshare-library-api-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('detects and ingests three formats in one call; the counts reconcile', async () => {
    expect(await Promise.all(FILES.map((f) => botshare.detectFormat(f)))).toEqual(['v1', 'v2', 'rtweet']);
    const run = botshare.ingestTweets(FILES);
    const tweets: botshare.Tweet[] = [];
    for await (const t of run.tweets) tweets.push(t);
    const counts = run.counts();
    expect(counts.map((c) => c.format)).toEqual(['v1', 'v2', 'rtweet']);
    for (const c of counts) expect(c.read).toBe(c.accepted + c.rejected + c.duplicates);
    expect(tweets.length).toBe(counts.reduce((n, c) => n + c.accepted, 0));
    expect(tweets.length).toBeGreaterThan(5);
    for (const t of tweets) {
      expect(t.id).toMatch(/^\d+$/);
      expect(Number.isFinite(t.createdAt)).toBe(true);
      expect(t.author.id.length).toBeGreaterThan(0);
    }
  });

  it('scores with the shipped model, estimates shares with intervals, charts and reports them', async () => {
    const model = await botshare.loadModel(botshare.DEFAULT_MODEL_DIR);
    try {
      const scored: botshare.TweetWithScore[] = [];
      for await (const s of botshare.scoreTweets(() => botshare.ingestTweets(FILES).tweets, model)) scored.push(s);
      expect(scored.length).toBeGreaterThan(5);
      for (const s of scored) {
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(1);
      }

      // The same tweets through a Scorer (scores + the card's rates), folded into the accumulator.
      const scorer = botshare.scorerOf(model, 'in-domain');
      const acc = new botshare.ShareAccumulator({ threshold: scorer.rates.threshold });
      const scores = new Map(scored.map((s) => [s.tweet.id, s.score]));
      let n = 0;
      for await (const t of scorer.score(() => botshare.ingestTweets(FILES).tweets)) {
        expect(t.score).toBeCloseTo(scores.get(t.id) ?? Number.NaN, 6);
        acc.add(t);
        n += 1;
      }
      expect(n).toBe(scored.length);
      const estimate = botshare.estimateCorpus(acc, scorer.rates, { bootstrap: { replicates: 200, seed: 1 } });
      expect(estimate.overall.tweets).toBe(n);
      // Classify-and-count is the share of tweets at or above the threshold: recomputed here.
      const above = scored.filter((s) => s.score >= scorer.rates.threshold).length / n;
      expect(estimate.overall.figures.tweets.cc?.estimate).toBeCloseTo(above, 10);
      for (const m of botshare.METHOD_NAMES) {
        const f = estimate.overall.figures.tweets[m];
        if (f === undefined) continue;
        expect(f.estimate).toBeGreaterThanOrEqual(0);
        expect(f.estimate).toBeLessThanOrEqual(1);
        if (f.ci95 !== null) expect(f.ci95[0]).toBeLessThanOrEqual(f.ci95[1]);
      }

      const report = await botshare.report(
        { kind: 'scored', tweets: scorer.score(() => botshare.ingestTweets(FILES).tweets), rates: scorer.rates, model: scorer.model },
        out,
        { png: false, bootstrap: { replicates: 200, seed: 1 } },
      );
      expect(report.summary.overall.tweets).toBe(n);
      expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/<html/i);
      const chart = botshare.CHARTS.find((c) => c.name === 'share-by-hashtag');
      if (chart === undefined) throw new Error('no share-by-hashtag chart');
      const svg = await botshare.renderSvg(chart.build(report.summary));
      expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      const png = botshare.renderPng(svg, 1);
      expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    } finally {
      model.dispose();
    }
  }, 60_000);
});
