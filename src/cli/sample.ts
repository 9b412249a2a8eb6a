import { type Command, Option } from 'commander';
import { FORMAT_NAMES, type FormatName } from '../ingest/index.js';
import { sampleFromFiles } from '../pipeline/sample.js';
import { loadModelScorer } from '../pipeline/load-scorer.js';
import { wholeNumber } from '../util/options.js';
import { DEFAULT_MODEL_DIR } from '../util/paths.js';
import { createProgress } from '../util/progress.js';
import { interruptible } from './interrupt.js';
import { sinceOption, untilOption, windowOf, WINDOW_HELP } from './window-option.js';
import { parseHashtagList } from './report.js';

interface SampleFlags {
  since?: string;
  until?: string;
  output: string;
  n: string;
  seed: string;
  hashtags?: string;
  model: string;
  format: FormatName | 'auto';
  force?: boolean;
  quiet?: boolean;
}

const HELP = `
Draws accounts of the export to label by hand, so that "botshare report --labels" can give a
share whose interval holds on this export whatever the classifier (the error rates measured on
public data sets do not transfer to every kind of bot). Busy accounts are drawn more often
(they carry the share of tweets), every account keeps a fair chance (the share of accounts).

Writes DIR/sample.csv (rank,user_id,screen_name,label,tweets,inclusion_probability,sample_id,
labeler; label and labeler empty, rows in labeling order), DIR/label.html (open it in a
browser: b = bot, h = human, u = unsure, Backspace = back; it asks the labeler's name and
exports the filled sample.csv) and DIR/sample.json. Several labelers of one sample: merge
their files with "botshare agree".
Label in order: the first k labeled rows are a valid sample of k. Then:
  $ botshare report <the same files> --labels DIR/sample.csv -o OUTDIR

${WINDOW_HELP}

Examples:
  $ botshare sample tweets.jsonl.gz -n 200 -o out/sample
  $ botshare sample tweets.jsonl.gz -n 200 --since 2020-03-11 --until 2020-03-23 -o out/sample
  $ botshare sample day1.csv day2.csv -n 100 --hashtags graziecina,forzacinaeitalia --seed 7 -o out/cina-sample`;

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('Draw accounts of an export to label by hand (sample.csv and an offline labeling page)')
    .argument('<files...>', 'export files (any supported format, gzip or not)')
    .requiredOption('-o, --output <dir>', 'output folder')
    .requiredOption('-n, --n <count>', 'how many accounts to draw (label as many as you can, in order)')
    .option('--seed <n>', 'seed of the draw', '1')
    .option('--hashtags <list>', 'draw from accounts tweeting these hashtags, weighted by those tweets (comma-separated, case-insensitive)')
    .option('--model <dir>', 'model whose score the page shows once an account is labeled', DEFAULT_MODEL_DIR)
    .addOption(new Option('--format <name>', 'read every file as this format').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--force', 'replace an existing sample (and its labels!) in the output folder')
    .option('--quiet', 'no progress and no closing report on stderr')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: SampleFlags) => {
      const n = wholeNumber(flags.n, '-n', 1);
      const seed = wholeNumber(flags.seed, '--seed');
      const hashtags = flags.hashtags === undefined ? undefined : parseHashtagList(flags.hashtags);
      const window = windowOf(flags);
      const scorer = await loadModelScorer(flags.model);
      const progress = createProgress({ label: 'sample', unit: 'items', quiet: flags.quiet });
      await interruptible(async (signal) => {
        let result: Awaited<ReturnType<typeof sampleFromFiles>>;
        try {
          result = await sampleFromFiles(files, scorer, flags.output, {
            n,
            seed,
            hashtags,
            window,
            format: flags.format === 'auto' ? undefined : flags.format,
            force: flags.force,
            signal,
            onProgress: (read, pass) => progress.update(read, undefined, pass === 1 ? 'tweets scored' : 'drawn accounts gathered'),
          });
        } finally {
          progress.done();
        }
        if (flags.quiet) return;
        const m = result.manifest;
        process.stderr.write(
          `${m.n.toLocaleString('en-US')} accounts drawn from ${m.frame_accounts.toLocaleString('en-US')} (${m.frame_tweets.toLocaleString('en-US')} tweets${m.hashtags.length > 0 ? ` with ${m.hashtags.map((h) => `#${h}`).join(' or ')}` : ''}), seed ${m.seed}\n` +
            `${m.window === undefined ? '' : `window ${m.window.label} (report --labels rebuilds the frame in it)\n`}` +
            `label them in order in ${flags.output}/label.html (b = bot, h = human, u = unsure), export sample.csv, then:\n` +
            `  botshare report ${files.join(' ')} --labels ${flags.output}/sample.csv -o OUTDIR\n`,
        );
      }, 'interrupted; no sample was written');
    });
}
