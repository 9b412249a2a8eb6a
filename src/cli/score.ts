import { type Command, Option } from 'commander';
import { FORMAT_NAMES, ingestTweets, type FormatName } from '../ingest/index.js';
import { UserError } from '../util/errors.js';
import { DEFAULT_MODEL_DIR } from '../util/paths.js';
import { loadModel } from '../model/scorer.js';
import { scoreTweets } from '../model/score-tweets.js';
import { csvRow } from '../util/csv-safe.js';
import { openAtomicWriter, type AtomicWriter } from '../util/atomic-write.js';
import { createProgress } from '../util/progress.js';
import { interruptible } from './interrupt.js';

interface ScoreFlags {
  output?: string;
  model: string;
  format: FormatName | 'auto';
  quiet?: boolean;
  force?: boolean;
}

export const SCORE_COLUMNS = ['tweet_id', 'user_id', 'screen_name', 'created_at', 'hashtags', 'bot_score'] as const;

const HELP = `
Every tweet gets the calibrated probability that its author is automated, from the author's
profile at the tweet's time and the author's timing over all the input files. Bot scores
are probabilities, not verdicts: to estimate a bot share use "botshare report", which
corrects for the classifier's error rates.

Columns: ${SCORE_COLUMNS.join(',')} (hashtags lower-case, without #, joined by |).

Examples:
  $ botshare score tweets.jsonl.gz -o scores.csv
  $ botshare score export.csv --model models/mine -o - | head`;

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('Score every tweet of tweet exports with a trained model (CSV out)')
    .argument('<files...>', 'export files (any supported format, gzip or not)')
    .requiredOption('-o, --output <file>', 'scores CSV ("-" for stdout)')
    .option('--model <dir>', 'model folder (model.json, weights.bin, card.json)', DEFAULT_MODEL_DIR)
    .addOption(new Option('--format <name>', 'read every file as this format').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .option('--quiet', 'no progress and no closing report on stderr')
    .option('--force', 'replace the output file if it exists')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: ScoreFlags) => {
      const model = await loadModel(flags.model);
      const format = flags.format === 'auto' ? undefined : flags.format;
      let rejects = 0;
      const progress = createProgress({ label: 'score', quiet: flags.quiet });
      await interruptible(async (signal) => {
        const source = () => ingestTweets(files, { format, signal, onReject: () => rejects++ }).tweets;
        const toStdout = flags.output === '-';
        const writer: AtomicWriter | undefined = toStdout ? undefined : await openAtomicWriter(flags.output as string, { force: flags.force });
        const write = async (chunk: string): Promise<void> => {
          if (writer) await writer.write(chunk);
          else if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
        };
        let n = 0;
        try {
          await write(csvRow([...SCORE_COLUMNS]));
          let buffer = '';
          for await (const { tweet, score } of scoreTweets(source, model, {
            onProgress: (p) =>
              progress.update(p.tweets, undefined, p.pass === 1 ? 'pass 1: timing' : Number.isNaN(p.accounts) ? 'scored' : `pass 2: scored, ${p.accounts.toLocaleString('en-US')} accounts`),
          })) {
            buffer += csvRow([
              tweet.id,
              tweet.author.id,
              tweet.author.screenName,
              new Date(tweet.createdAt).toISOString(),
              tweet.hashtags.join('|'),
              Number(score.toFixed(6)),
            ]);
            n += 1;
            if (buffer.length > 1 << 16) {
              await write(buffer);
              buffer = '';
            }
          }
          await write(buffer);
          await writer?.commit();
        } catch (err) {
          await writer?.abort();
          throw err;
        } finally {
          progress.done();
          model.dispose();
        }
        if (n === 0) throw new UserError(`no tweets could be read from ${files.join(', ')}`);
        if (!flags.quiet) {
          process.stderr.write(
            `${n.toLocaleString('en-US')} tweets scored with ${model.id}${toStdout ? '' : ` → ${flags.output}`}` +
              (rejects > 0 ? `; ${rejects.toLocaleString('en-US')} unreadable records skipped (list them with botshare ingest --rejects)` : '') +
              '\n',
          );
        }
      });
    });
}
