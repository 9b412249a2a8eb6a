import type { Command } from 'commander';
import { UserError } from '../util/errors.js';
import { DEFAULT_ACTIVITY_MODEL, DEFAULT_LABELED_DIR, DEFAULT_MODEL_DIR } from '../util/paths.js';
import { RECONSTRUCTION_OVERLAP, STUDY } from '../replicate/study.js';
import { utcDayStart } from '../util/window.js';
import type { HashtagRequest } from '../simulate/plan.js';
import { runSimulation } from '../simulate/run-simulation.js';
import { createProgress } from '../util/progress.js';
import { DAY_MS } from '../util/time.js';
import { wholeNumber } from '../util/options.js';

interface SimulateFlags {
  output: string;
  truth?: string;
  tweets: string;
  hashtags: string;
  overlap: string;
  start: string;
  end: string;
  seed: string;
  model: string;
  data: string;
  activity: string;
  force?: boolean;
  quiet?: boolean;
}

const DEFAULT_HASHTAGS = STUDY.hashtags.map((h) => `${h.tag}=${h.published}`).join(',');

const HELP = `
A SIMULATION, not real data: real labeled accounts (only those the model's card lists as
held out of its training) post synthetic tweets on the given hashtags, with the bot share
of tweets planted exactly. Written as Twitter API v1.1 JSONL (gzipped when the name ends
in .gz) for any reader; the truth (planted shares, every account's label) goes to a
separate file that no estimator reads.

--hashtags takes tag=share[:weight],… : the bot share of that hashtag's tweets, and its
relative weight among single-hashtag tweets (default 1). --overlap is the share of tweets
that carry every hashtag. --end is the last day, included. Bots post more than 50 tweets
on each active day (the published criterion); humans as in a real Italian export
(datasets/activity-model.json says how it was fitted).

Exit codes: 0 done, 2 bad usage or input, 1 internal error.

Examples:
  $ botshare simulate -o corpus.jsonl.gz
  $ botshare simulate --tweets 5000 --hashtags a=0.12,b=0.63 --seed 7 -o c.jsonl --truth c.truth.json
  $ botshare simulate --start 2020-03-11 --end 2020-03-17 --model models/default -o week.jsonl`;

export function parseHashtagShares(text: string): HashtagRequest[] {
  return text.split(',').map((part) => {
    const m = /^#?([\p{L}\p{N}_]+)=([0-9]*\.?[0-9]+)(?::([0-9]*\.?[0-9]+))?$/u.exec(part.trim());
    if (m === null) throw new UserError(`--hashtags: "${part}" is not tag=share or tag=share:weight (e.g. grazieCina=0.371)`);
    const botShare = Number(m[2]);
    if (!(botShare >= 0 && botShare <= 1)) throw new UserError(`--hashtags: the share of ${m[1]} must lie in [0, 1]`);
    return { tag: m[1], botShare, weight: m[3] === undefined ? 1 : Number(m[3]) };
  });
}

function share(text: string, flag: string): number {
  const x = Number(text);
  if (text.trim() === '' || !(x >= 0 && x < 1)) throw new UserError(`${flag} must be a number in [0, 1), got "${text}"`);
  return x;
}

export function parseWindow(start: string, end: string): { start: number; end: number } {
  const s = utcDayStart(start);
  const e = utcDayStart(end);
  if (Number.isNaN(s)) throw new UserError(`--start must be a day as YYYY-MM-DD, got "${start}"`);
  if (Number.isNaN(e)) throw new UserError(`--end must be a day as YYYY-MM-DD, got "${end}"`);
  if (e < s) throw new UserError(`--end ${end} is before --start ${start}`);
  return { start: s, end: e + DAY_MS };
}

/** corpus.jsonl.gz → corpus.truth.json, beside it. */
export function defaultTruthPath(corpus: string): string {
  return `${corpus.replace(/(\.jsonl|\.json|\.ndjson)?(\.gz)?$/i, '')}.truth.json`;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('Write a ground-truth corpus (a SIMULATION) with planted bot shares, from held-out labeled accounts')
    .requiredOption('-o, --output <file>', 'corpus to write, Twitter API v1.1 JSONL (.gz to compress)')
    .option('--truth <file>', 'ground truth to write (default: beside the corpus, NAME.truth.json)')
    .option('--tweets <n>', 'distinct tweets in the corpus', String(STUDY.tweets))
    .option('--hashtags <list>', 'tag=share[:weight],… bot share of tweets to plant per hashtag', DEFAULT_HASHTAGS)
    .option('--overlap <share>', 'share of the tweets that carry every hashtag', String(RECONSTRUCTION_OVERLAP))
    .option('--start <day>', 'first day, YYYY-MM-DD (UTC)', STUDY.firstDay)
    .option('--end <day>', 'last day, YYYY-MM-DD (UTC), included', STUDY.lastDay)
    .option('--seed <n>', 'random seed: the same seed gives the same corpus, byte for byte', '1')
    .option('--model <dir>', 'model whose card lists the held-out accounts to use', DEFAULT_MODEL_DIR)
    .option('--data <dir>', 'folder of the public labeled sets', DEFAULT_LABELED_DIR)
    .option('--activity <file>', 'activity model (fitted by src/experiments/fit-activity.ts (node dist/experiments/main.js fit-activity))', DEFAULT_ACTIVITY_MODEL)
    .option('--force', 'replace output files that already exist')
    .option('--quiet', 'no progress and no closing report on stderr')
    .addHelpText('after', HELP)
    .action(async (flags: SimulateFlags) => {
      const progress = createProgress({ label: 'simulate', unit: 'items', quiet: flags.quiet });
      const truthFile = flags.truth ?? defaultTruthPath(flags.output);
      const run = await runSimulation({
        dataDir: flags.data,
        modelDir: flags.model,
        activityFile: flags.activity,
        tweets: wholeNumber(flags.tweets, '--tweets'),
        hashtags: parseHashtagShares(flags.hashtags),
        overlapShare: share(flags.overlap, '--overlap'),
        window: parseWindow(flags.start, flags.end),
        seed: wholeNumber(flags.seed, '--seed'),
        corpusFile: flags.output,
        truthFile,
        force: flags.force,
        onProgress: (done, total) => progress.update(done, total, 'tweets'),
      }).finally(() => progress.done());
      if (!flags.quiet) {
        const t = run.truth;
        const lines = [
          `botshare: SIMULATION written: ${t.tweets.toLocaleString('en-US')} tweets → ${run.corpusFile}; truth → ${run.truthFile}`,
          ...t.hashtags.map(
            (h) =>
              `  #${h.tag}: ${h.tweets.toLocaleString('en-US')} tweets, planted bot share ${(100 * h.plantedShare).toFixed(1)}% of tweets (${h.botAccounts} of ${h.accounts} accounts)`,
          ),
          ...t.adjustments.map((a) => `  note: ${a}`),
        ];
        process.stderr.write(`${lines.join('\n')}\n`);
      }
    });
}
