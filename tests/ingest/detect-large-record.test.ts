/**
 * Format detection does not depend on the size of the first record: a v1.1 status longer than
 * the window detection reads at once is read whole (up to the reader's limit on one record,
 * which a refusal names).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { detectInput } from '../../src/ingest/detect.js';

let dir: string;
let lines: string[];

/** The bench's statuses with the first one padded to `bytes` by a key the reader ignores, placed before "user". */
function withLargeFirst(name: string, bytes: number): string {
  const first = JSON.parse(lines[0]) as Record<string, unknown>;
  const padded = JSON.stringify({ padding: 'x'.repeat(bytes), ...first });
  const file = path.join(dir, name);
  writeFileSync(file, `${[padded, ...lines.slice(1)].join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'botshare-detect-'));
  const whole = path.join(dir, 'whole.jsonl');
  await writeBenchV1Jsonl(whole, { tweets: 20, accounts: 5, seed: 3, days: 1 });
  lines = readFileSync(whole, 'utf8').split('\n').filter((l) => l.length > 0);
});

describe('a first record larger than the detection window', () => {
  it('is read whole and recognised (window of 1 MiB, record of 3 MB)', async () => {
    const file = withLargeFirst('large.jsonl', 3_000_000);
    expect((await detectInput(file, undefined, { window: 1 << 20 })).format).toBe('v1');
  });

  it("past the reader's record limit: skipped as the reader skips it, or, when no record is left, refused with the limit named", async () => {
    const file = withLargeFirst('too-large.jsonl', 3_000_000);
    expect((await detectInput(file, undefined, { window: 1 << 20, recordLimit: 2_000_000 })).format).toBe('v1');
    const alone = path.join(dir, 'alone.jsonl');
    writeFileSync(alone, `${readFileSync(file, 'utf8').split('\n')[0]}\n`);
    await expect(detectInput(alone, undefined, { window: 1 << 20, recordLimit: 2_000_000 })).rejects.toThrow(
      /is JSON but not a tweet export botshare knows .*a record among its first 50 is longer than 2,000,000 bytes, the most botshare reads as one record/,
    );
  });

  it('on the default window (16 MiB): a 17 MB first status is recognised', async () => {
    const file = withLargeFirst('default.jsonl', 17 << 20);
    expect(await detectInput(file)).toMatchObject({ format: 'v1', shape: 'lines' });
  }, 60_000);
});
