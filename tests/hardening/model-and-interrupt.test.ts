/**
 * A model folder is validated before it is used (card, feature list, version, files), and an
 * interrupted run (SIGINT) leaves no half-written output and says so.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { UserError } from '../../src/util/errors.js';
import { loadModel } from '../../src/model/scorer.js';
import { REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'botshare-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
function tamperedCopy(edit: (modelDir: string) => void): string {
  const copy = path.join(dir, `model-${++copies}`);
  cpSync(MODEL, copy, { recursive: true });
  edit(copy);
  return copy;
}

function editCard(modelDir: string, edit: (card: Record<string, unknown>) => void): void {
  const file = path.join(modelDir, 'card.json');
  const card = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(card);
  writeFileSync(file, JSON.stringify(card));
}

async function refusal(modelDir: string): Promise<string> {
  try {
    (await loadModel(modelDir)).dispose();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error(`${modelDir} was loaded`);
}

describe('a tampered or mismatched model is refused with a sentence', () => {
  it('a renamed feature (the registry has another)', async () => {
    const m = tamperedCopy((d) =>
      editCard(d, (c) => {
        (c.features as Array<{ name: string }>)[0].name = 'tweets_count';
      }),
    );
    expect(await refusal(m)).toMatch(/feature 1 is "tweets_count".*statuses_count.*refusing to load/);
  });

  it('a card from another version of the format', async () => {
    const m = tamperedCopy((d) => editCard(d, (c) => (c.cardVersion = 2)));
    expect(await refusal(m)).toMatch(/card version 2/);
  });

  it('a model input that the vectoriser does not produce', async () => {
    const m = tamperedCopy((d) => editCard(d, (c) => ((c.inputs as string[])[0] = 'injected_input')));
    expect(await refusal(m)).toMatch(/injected_input/);
  });

  it('a truncated weights.bin and an edited model.json', async () => {
    const a = tamperedCopy((d) => truncateSync(path.join(d, 'weights.bin'), 100));
    expect(await refusal(a)).toMatch(/weights\.bin/);
    const b = tamperedCopy((d) => {
      const file = path.join(d, 'model.json');
      // Every shipped family ends in a sigmoid (the network's output, the logistic unit).
      writeFileSync(file, readFileSync(file, 'utf8').replace('"sigmoid"', '"linear"'));
    });
    expect(await refusal(b)).toMatch(/model\.json/);
  });

  it('hostile keys in card.json pollute nothing', async () => {
    const m = tamperedCopy((d) => {
      const file = path.join(d, 'card.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},'));
    });
    try {
      (await loadModel(m)).dispose();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the CLI exits 2 with the reason and no stack trace', async () => {
    const m = tamperedCopy((d) => editCard(d, (c) => (c.cardVersion = 99)));
    const result = await runCli(['report', path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest', 'v1', 'statuses.jsonl'), '-o', path.join(dir, 'never'), '--model', m]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/card version 99/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

/**
 * Runs the CLI; with `interruptWhen`, sends SIGINT once the run has begun writing (a new entry
 * in `dir`, its temporary file): a fixed delay would hit a loaded machine's start-up instead.
 */
function runCli(args: string[], interruptWhen?: { dir: string; before: readonly string[] }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let poll: NodeJS.Timeout | undefined;
    if (interruptWhen !== undefined) {
      const started = Date.now();
      poll = setInterval(() => {
        const begun = readdirSync(interruptWhen.dir).some((f) => !interruptWhen.before.includes(f));
        if (begun || Date.now() - started > 30_000) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 25);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

describe('an interrupted run (SIGINT)', () => {
  let big: string;
  beforeAll(async () => {
    big = path.join(dir, 'big.jsonl');
    await writeBenchV1Jsonl(big, { tweets: 400_000, accounts: 40_000, seed: 7 });
  }, 120_000);

  // With --workers 2 the threads are stopped too (src/util/worker-pool.ts).
  for (const [command, workers] of [['ingest', '1'], ['report', '1'], ['score', '1'], ['ingest', '2'], ['report', '2'], ['score', '2']] as const) {
    it(`${command} --workers ${workers}: exit 130, says so, and leaves no output and no temporary file`, async () => {
      const out = path.join(dir, `interrupted-${command}-${workers}`);
      const args =
        command === 'ingest'
          ? ['ingest', big, '-o', path.join(out, 'tweets.ndjson'), '--summary', path.join(out, 'summary.json'), '--rejects', path.join(out, 'rejects.csv')]
          : command === 'score'
            ? ['score', big, '-o', path.join(out, 'scores.csv')]
            : ['report', big, '-o', out, '--scores'];
      // The output folder exists beforehand, so that a temp file left in it would show.
      cpSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest', 'v1'), out, { recursive: true });
      const before = readdirSync(out).sort();
      const result = await runCli([...args, '--workers', workers], { dir: out, before });
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/interrupted/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(out).sort()).toEqual(before);
      expect(existsSync(path.join(out, 'summary.json'))).toBe(false);
    }, 60_000);
  }
});
