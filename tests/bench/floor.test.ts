/**
 * The bench's `floor` job (src/bench/floor.ts) runs the first steps of a report's workers
 * alone: every stage must see every record of a file cut into two chunks, or its time would
 * describe less work than a report does. Runs the compiled child (dist/, built by `npm test`):
 * without it this skips, and fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { planChunks } from '../../src/pipeline/workers/chunks.js';
import { distFile, describeWhenBuilt, REPO_ROOT } from '../helpers/shared.js';

const CHILD = distFile('bench', 'child.js');
const describeBuilt = describeWhenBuilt([CHILD, distFile('bench', 'floor-worker.js')], 'bench floor test');

function floor(file: string, workers: number, stage: string): { records: number; exitCode: number; status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CHILD, 'floor', file, String(workers), stage], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '{}';
  const out = (line.startsWith('{') ? JSON.parse(line) : {}) as { records?: number; exitCode?: number };
  return { records: out.records ?? -1, exitCode: out.exitCode ?? -1, status: r.status, stderr: r.stderr };
}

describeBuilt('bench floor job', () => {
  it('parses, ingests and scores every tweet of a file cut into two chunks', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-floor-')), 'tweets.jsonl');
    // About 20 MB: two chunks of more than the 8 MiB a chunk needs at least.
    await writeBenchV1Jsonl(file, { tweets: 18_000, accounts: 900, seed: 21, days: 3 });
    const chunks = await planChunks([file], 'v1', 2);
    expect(chunks?.length).toBe(2);
    expect(chunks?.[0].range?.end).toBeLessThan(statSync(file).size);
    for (const stage of ['parse', 'ingest', 'score']) {
      const r = floor(file, 2, stage);
      expect({ stage, records: r.records, status: r.status }, r.stderr).toEqual({ stage, records: 18_000, status: 0 });
    }
  }, 120_000);

  it('refuses an unknown stage, naming the ones it knows', () => {
    const r = floor(path.join(REPO_ROOT, 'package.json'), 1, 'tally');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown stage tally (parse, ingest, score)');
  });
});
