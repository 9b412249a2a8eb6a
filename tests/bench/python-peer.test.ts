/**
 * The BotometerLite-style Python peer that `bench --peer` times beside `report`
 * (bench/peer/botometer_lite_peer.py) scores every tweet of a v1.1 export, plain or gzip, and
 * skips what is not a status. Needs Debian's python3-sklearn (installed by `pretest`): without
 * it this skips on a user's machine and fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { REPO_ROOT } from '../helpers/shared.js';

const PYTHON = '/usr/bin/python3';
const PEER = path.join(REPO_ROOT, 'bench', 'peer', 'botometer_lite_peer.py');

const hasSklearn = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy, sklearn'], { stdio: 'ignore' }).status === 0;
if (!hasSklearn && process.env.CI === 'true') throw new Error('the Python peer test needs python3-sklearn (run `npm test`, whose pretest installs it), and CI=true requires it');
const describePeer = hasSklearn ? describe : describe.skip;
if (!hasSklearn) console.warn('Python peer test skipped: missing python3-sklearn (run `npm test`, whose pretest installs it)');

interface PeerOutput {
  tweets: number;
  skipped: number;
  seconds: number;
  trees: number;
  features: number;
  meanScore: number;
  maxRssKb: number;
}

function peer(file: string): PeerOutput {
  // A small training set: this checks the reading and counting, not the forest's speed.
  const r = spawnSync(PYTHON, [PEER, file, '--train-rows', '1000', '--batch', '64'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as PeerOutput;
}

describePeer('the BotometerLite-style Python peer', () => {
  it('scores every tweet of a generated v1.1 export, plain and gzip, in batches with a remainder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-peer-'));
    for (const name of ['tweets.jsonl', 'tweets.jsonl.gz']) {
      const file = path.join(dir, name);
      await writeBenchV1Jsonl(file, { tweets: 300, accounts: 40, seed: 14, days: 2 });
      const out = peer(file);
      expect({ tweets: out.tweets, skipped: out.skipped, trees: out.trees, features: out.features }).toEqual({ tweets: 300, skipped: 0, trees: 100, features: 21 });
      expect(out.meanScore).toBeGreaterThanOrEqual(0);
      expect(out.meanScore).toBeLessThanOrEqual(1);
      expect(out.seconds).toBeGreaterThan(0);
      expect(out.maxRssKb).toBeGreaterThan(0);
    }
  }, 120_000);

  it('skips blank lines, a delete notice and a cut line, and counts only the tweets', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-peer-')), 'tweets.jsonl');
    await writeBenchV1Jsonl(file, { tweets: 100, accounts: 10, seed: 15, days: 1 });
    appendFileSync(file, '\n{"delete": {"status": {"id_str": "1"}}}\n{"id_str": "9", "text": "cut\n');
    expect(peer(file)).toMatchObject({ tweets: 100, skipped: 2 });
  }, 120_000);
});
