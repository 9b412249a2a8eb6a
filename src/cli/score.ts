import { type Command, Option } from 'commander';
import path from 'node:path';
import { FORMAT_NAMES, type FormatName } from '../ingest/index.js';
import { UserError } from '../util/errors.js';
import { DEFAULT_MODEL_DIR } from '../util/paths.js';
import { loadModel } from '../model/scorer.js';
import { SCORE_COLUMNS, scoreCsvHeader, scoreToCsv } from '../pipeline/score-csv.js';
import { scoreInParallel } from '../pipeline/workers/score-parallel.js';
import { wholeNumber } from '../util/options.js';
import { openAtomicWriter, type AtomicWriter } from '../util/atomic-write.js';
import { createProgress } from '../util/progress.js';
import { interruptible } from './interrupt.js';
import { sinceOption, untilOption, windowOf, WINDOW_HELP } from './window-option.js';
import { chunkBytesOf, chunkSizeOption, onThreads, workersOption } from './workers-option.js';

interface ScoreFlags {
  since?: string;
  until?: string;
  output?: string;
  model: string;
  format: FormatName | 'auto';
  quiet?: boolean;
  force?: boolean;
  workers: string;
  chunkSize?: string;
}

const HELP = `
Every tweet gets the calibrated probability that its author is automated, from the author's
profile at the tweet's time and the author's timing over all the input files. Bot scores
are probabilities, not verdicts: to estimate a bot share use "botshare report", which
corrects for the classifier's error rates.

Columns: ${SCORE_COLUMNS.join(',')} (hashtags lower-case, without #, joined by |).

${WINDOW_HELP}

Examples:
  $ botshare score tweets.jsonl.gz -o scores.csv
  $ botshare score export.csv --model models/mine -o - | head
  $ botshare score big.jsonl --workers 2 -o scores.csv`;

const prefixed = (phrase: string): string => (phrase === '' ? '' : ` ${phrase}`);

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('Score every tweet of tweet exports with a trained model (CSV out)')
    .argument('<files...>', 'export files (any supported format, gzip or not)')
    .requiredOption('-o, --output <file>', 'scores CSV ("-" for stdout)')
    .option('--model <dir>', 'model folder (model.json, weights.bin, card.json)', DEFAULT_MODEL_DIR)
    .addOption(new Option('--format <name>', 'read every file as this format').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--quiet', 'no progress and no closing report on stderr')
    .option('--force', 'replace the output file if it exists')
    .addOption(workersOption('read and score chunks of the input'))
    .addOption(chunkSizeOption())
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: ScoreFlags) => {
      const workers = wholeNumber(flags.workers, '--workers', 1);
      const chunkBytes = chunkBytesOf(flags);
      const window = windowOf(flags);
      const format = flags.format === 'auto' ? undefined : flags.format;
      const progress = createProgress({ label: 'score', quiet: flags.quiet });
      await interruptible(async (signal) => {
        const toStdout = flags.output === '-';
        const writer: AtomicWriter | undefined = toStdout ? undefined : await openAtomicWriter(flags.output as string, { force: flags.force });
        const write = async (chunk: string | Uint8Array): Promise<void> => {
          if (writer) await writer.write(chunk);
          else if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
        };
        let result: { tweets: number; rejects: number; outsideWindow?: number; model: string; threads: number };
        let oneThread: string | undefined;
        try {
          await write(scoreCsvHeader());
          // Part files beside the output: its disk must hold the output anyway.
          const tmpDir = toStdout ? undefined : path.dirname(path.resolve(flags.output as string));
          const parallel = await scoreInParallel(files, {
            workers,
            chunkBytes,
            modelDir: flags.model,
            format,
            window,
            signal,
            tmpDir,
            write,
            onProgress: (n) => progress.update(n, undefined, `scored on ${workers} workers`),
            onOneThread: (reason) => (oneThread = reason),
          });
          if (parallel !== null) result = parallel;
          else {
            const model = await loadModel(flags.model);
            try {
              const r = await scoreToCsv(files, model, {
                format,
                window,
                signal,
                write,
                onProgress: (p) =>
                  progress.update(p.tweets, undefined, p.pass === 1 ? 'pass 1: timing' : Number.isNaN(p.accounts) ? 'scored' : `pass 2: scored, ${p.accounts.toLocaleString('en-US')} accounts`),
              });
              result = { ...r, model: model.id, threads: 1 };
            } finally {
              model.dispose();
            }
          }
          // A run that read no tweet fails and leaves no file (not a header alone).
          if (result.tweets === 0) {
            const outside = result.outsideWindow ?? 0;
            throw new UserError(outside > 0 ? `no tweet of ${files.join(', ')} is inside the window (${outside.toLocaleString('en-US')} outside it): check --since and --until` : `no tweets could be read from ${files.join(', ')}`);
          }
          await writer?.commit();
        } catch (err) {
          await writer?.abort();
          throw err;
        } finally {
          progress.done();
        }
        const n = result.tweets;
        if (!flags.quiet) {
          process.stderr.write(
            `${n.toLocaleString('en-US')} tweets scored with ${result.model}${prefixed(onThreads(result.threads, workers, oneThread))}${toStdout ? '' : ` → ${flags.output}`}` +
              (result.outsideWindow === undefined ? '' : `; ${result.outsideWindow.toLocaleString('en-US')} outside the window left out`) +
              (result.rejects > 0 ? `; ${result.rejects.toLocaleString('en-US')} unreadable records skipped (list them with botshare ingest --rejects)` : '') +
              '\n',
          );
        }
      });
    });
}
