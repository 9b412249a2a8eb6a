/**
 * `botshare agree`: two or three people's sample.csv files of one draw, compared and merged.
 * The files are written as the labeling page writes them (sampleCsv, a labeler on every
 * labeled row); the agreement is checked against a hand computation.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { parseLabels, sampleCsv, type LabelWord } from '../../src/labeled/sample-csv.js';
import { agreementFileOf, mergeLabelings, readAgreementOf, type Agreement } from '../../src/pipeline/merge-labelers.js';
import { UserError } from '../../src/util/errors.js';
import { parseAccountLabels } from '../../src/labeled/account-labels.js';
import { captureStderr } from '../helpers/stderr.js';

const SAMPLE_ID = 'sps1:1:12:00000000abcdef01';
const IDS = Array.from({ length: 12 }, (_, i) => String(1000 + i));

function pageExport(labeler: string, labels: readonly (LabelWord | null)[], sampleId = SAMPLE_ID, ids = IDS): string {
  return sampleCsv(
    ids.map((id, i) => ({
      rank: i + 1,
      userId: id,
      screenName: `acct${i + 1}`,
      label: labels[i] ?? null,
      tweets: 3,
      inclusionProbability: 0.25,
      sampleId,
      labeler: labels[i] === null ? null : labeler,
    })),
  );
}

const b = 'bot' as const;
const h = 'human' as const;
const u = 'unsure' as const;
// Ranks 1–10 labeled bot or human by both: the hand table of tests/estimate/kappa.test.ts
//            B bot  B human
//   A bot      4       1        (rank 5: A bot, B human)
//   A human    2       3        (ranks 6, 7: A human, B bot)
// → 7 of 10 agree, Cohen's κ = 0.4. Rank 11: A unsure, B bot (a conflict outside the kappa);
// rank 12: A only (kept as A labels it).
const A: (LabelWord | null)[] = [b, b, b, b, b, h, h, h, h, h, u, h];
const B: (LabelWord | null)[] = [b, b, b, b, h, b, b, h, h, h, b, null];

function read(name: string, text: string) {
  return { file: name, labels: parseLabels(text, name) };
}

describe('mergeLabelings', () => {
  it('measures agreement and Cohen’s kappa on the accounts both labeled bot or human, and lists the conflicts', () => {
    const { rows, agreement } = mergeLabelings([read('ann.csv', pageExport('Ann', A)), read('bob.csv', pageExport('Bob', B))]);
    expect(agreement).toMatchObject({ rows: 12, labeled_by_all: 11, compared: 10, agreed: 7, with_unsure: 1, labeled_by_some: 1, kappa_kind: 'cohen' });
    expect(agreement.percent_agreement).toBeCloseTo(0.7, 12);
    expect(agreement.kappa).toBeCloseTo(0.4, 12);
    expect(agreement.conflicts.map((c) => [c.rank, c.user_id, c.labels, c.merged])).toEqual([
      [5, '1004', [b, h], u],
      [6, '1005', [h, b], u],
      [7, '1006', [h, b], u],
      [11, '1010', [u, b], u],
    ]);
    expect(agreement.files.map((f) => [f.labelers, f.labeled])).toEqual([
      [['Ann'], 12],
      [['Bob'], 11],
    ]);
    expect(rows.map((r) => r.label)).toEqual([b, b, b, b, u, u, u, h, h, h, u, h]);
    expect(rows[0].labeler).toBe('Ann+Bob');
    expect(rows[11].labeler).toBe('Ann');
    expect(agreement.merged).toEqual({ bot: 4, human: 4, unsure: 4, empty: 0 });
  });

  it('settles conflicts from an adjudication file (user_id,label), and only conflicts', () => {
    const adjudication = parseAccountLabelsText('user_id,label\n1004,human\n1005,bot\n1000,human\n');
    const { rows, agreement } = mergeLabelings([read('ann.csv', pageExport('Ann', A)), read('bob.csv', pageExport('Bob', B))], adjudication);
    expect(rows.map((r) => r.label)).toEqual([b, b, b, b, h, b, u, h, h, h, u, h]);
    expect(rows[4].labeler).toBe('Ann+Bob (adjudicated)');
    expect(agreement.adjudication).toEqual({ file: 'settled.csv', settled: 2 });
    expect(agreement.conflicts.filter((c) => c.adjudicated).map((c) => c.rank)).toEqual([5, 6]);
    // The kappa measures the labelers, not the adjudicator.
    expect(agreement.kappa).toBeCloseTo(0.4, 12);
  });

  it('uses Fleiss’ kappa for three files, as computed by hand', () => {
    // Ranks 1–4 rated by three: bots per account 3, 0, 2, 1 (of 3).
    // P_i = (Σ n² − 3) / 6: 1, 1, 1/3, 1/3 → P̄ = 2/3; p_bot = 6/12 = 0.5 → P̄_e = 0.5;
    // κ = (2/3 − 1/2) / (1 − 1/2) = 1/3.
    const ids = IDS.slice(0, 4);
    const id4 = 'sps1:1:4:00000000abcdef01';
    const files = [
      read('a.csv', pageExport('A', [b, h, b, b], id4, ids)),
      read('b.csv', pageExport('B', [b, h, b, h], id4, ids)),
      read('c.csv', pageExport('C', [b, h, h, h], id4, ids)),
    ];
    const { agreement } = mergeLabelings(files);
    expect(agreement.kappa_kind).toBe('fleiss');
    expect(agreement.kappa).toBeCloseTo(1 / 3, 12);
    expect(agreement.agreed).toBe(2);
    expect(agreement.conflicts.map((c) => c.rank)).toEqual([3, 4]);
  });

  it('refuses files from different draws, naming the lines', () => {
    const other = mergeError([read('ann.csv', pageExport('Ann', A)), read('bob.csv', pageExport('Bob', B, 'sps1:2:12:ffff'))]);
    expect(other).toBe('bob.csv:2: sample_id "sps1:2:12:ffff" is not ann.csv\'s "sps1:1:12:00000000abcdef01" (line 2): the files come from different draws');
    const swapped = [...IDS];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    const moved = mergeError([read('ann.csv', pageExport('Ann', A)), read('bob.csv', pageExport('Bob', B, SAMPLE_ID, swapped))]);
    expect(moved).toBe(
      'bob.csv and ann.csv are not the same draw: 2 row(s) differ: bob.csv:4 (rank 3) has user 1003 where ann.csv:4 (rank 3) has user 1002; bob.csv:5 (rank 4) has user 1002 where ann.csv:5 (rank 4) has user 1003',
    );
    const short = mergeError([read('ann.csv', pageExport('Ann', A)), read('bob.csv', pageExport('Bob', B, SAMPLE_ID, IDS.slice(0, 11)))]);
    expect(short).toContain('ann.csv:13 (rank 12): no such rank in bob.csv');
    expect(mergeError([read('ann.csv', pageExport('Ann', A)), read('b.csv', pageExport('B', B))], parseAccountLabelsText('user_id,label\n77,bot\n'))).toBe(
      'settled.csv: 1 account(s) are not in the sample: line 2: user 77',
    );
  });
});

function parseAccountLabelsText(text: string) {
  return parseAccountLabels(text, 'settled.csv');
}

function mergeError(...args: Parameters<typeof mergeLabelings>): string {
  try {
    mergeLabelings(...args);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('merged files it should refuse');
}

const stderr = captureStderr();

describe('botshare agree', () => {
  it('prints kappa on one line and the conflicts, writes the merged sample.csv and its agreement, and never overwrites without --force', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-agree-'));
    writeFileSync(path.join(dir, 'ann.csv'), pageExport('=Ann', A));
    writeFileSync(path.join(dir, 'bob.csv'), pageExport('Bob', B));
    writeFileSync(path.join(dir, 'settled.csv'), pageExport('Cleo', [null, null, null, null, h, b, null, null, null, null, null, null]));
    const out = path.join(dir, 'merged.csv');
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      printed.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await run(['node', 'botshare', 'agree', path.join(dir, 'ann.csv'), path.join(dir, 'bob.csv'), '-o', out, '--adjudicate', path.join(dir, 'settled.csv')]);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const text = printed.join('');
    expect(text).toMatch(/agreement 70\.0% \(7 of 10\); Cohen's kappa 0\.400 \(n = 10\)/);
    expect(text).toMatch(/^ +5 +@acct5 \(1004\) +bot +human +human \(adjudicated\)$/m);
    expect(text).toMatch(/^ +11 +@acct11 \(1010\) +unsure +bot +unsure$/m);
    const merged = parseLabels(readFileSync(out, 'utf8'), out);
    expect(merged.rows.map((r) => r.label)).toEqual([b, b, b, b, h, b, u, h, h, h, u, h]);
    // The labeler cell is guarded like every other (=Ann would run in a spreadsheet).
    expect(readFileSync(out, 'utf8').split('\n')[1].endsWith(",'=Ann+Bob")).toBe(true);
    expect(merged.rows[0].labeler).toBe('=Ann+Bob');
    const agreement = JSON.parse(readFileSync(agreementFileOf(out), 'utf8')) as Agreement;
    expect(agreementFileOf(out)).toBe(path.join(dir, 'merged.agreement.json'));
    expect(agreement.kappa).toBeCloseTo(0.4, 12);
    expect(agreement.conflicts).toHaveLength(4);
    const again = await run(['node', 'botshare', 'agree', path.join(dir, 'ann.csv'), path.join(dir, 'bob.csv'), '-o', out, '--quiet']);
    expect(again).toBe(2);
    expect(stderr()).toContain('already exists; choose another name or pass --force');
    expect(await run(['node', 'botshare', 'agree', path.join(dir, 'ann.csv'), path.join(dir, 'bob.csv'), '-o', out, '--quiet', '--force'])).toBe(0);
    expect(parseLabels(readFileSync(out, 'utf8'), out).rows[4].label).toBe(u);
  });
});

describe('readAgreementOf (what report --labels shows)', () => {
  it('reads the agreement beside a merged file of the same sample, and nothing else', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-agreement-'));
    const merged = path.join(dir, 'merged.csv');
    expect(await readAgreementOf(merged, SAMPLE_ID)).toBeNull();
    const { agreement } = mergeLabelings([read('ann.csv', pageExport('Ann', A)), read('bob.csv', pageExport('Bob', B))]);
    writeFileSync(agreementFileOf(merged), JSON.stringify(agreement).replace('{', '{"__proto__": {"polluted": true}, '));
    const shown = await readAgreementOf(merged, SAMPLE_ID);
    expect(shown).toMatchObject({ labelers: ['Ann', 'Bob'], files: 2, n: 10, conflicts: 4, adjudicated: 0, kappa_kind: 'cohen' });
    expect(shown?.kappa).toBeCloseTo(0.4, 12);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A stale agreement of another sample beside a new merged file is not this sample's.
    expect(await readAgreementOf(merged, 'sps1:9:12:0')).toBeNull();
    writeFileSync(agreementFileOf(merged), '{"kind": "botshare_agreement",');
    await expect(readAgreementOf(merged, SAMPLE_ID)).rejects.toThrow(/merged\.agreement\.json: not readable JSON/);
  });
});
