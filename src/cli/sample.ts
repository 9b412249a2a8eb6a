import { type Command, Option } from 'commander';
import { FORMAT_NAMES, type FormatName } from '../ingest/index.js';
import { sampleCommand } from '../pipeline/labels-needed.js';
import { planSample, sampleFromFiles, type SamplePlan } from '../pipeline/sample.js';
import { loadModelScorer } from '../pipeline/load-scorer.js';
import { UserError } from '../util/errors.js';
import { decimalBetween, wholeNumber } from '../util/options.js';
import { DEFAULT_MODEL_DIR } from '../util/paths.js';
import { createProgress } from '../util/progress.js';
import { interruptible } from './interrupt.js';
import { sinceOption, untilOption, windowOf, WINDOW_HELP } from './window-option.js';
import { parseHashtagList } from './report.js';

interface SampleFlags {
  since?: string;
  until?: string;
  output?: string;
  n?: string;
  target?: string;
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

With two or more --hashtags, each named hashtag gets an equal part of the draw (design v2), so
that each gets about n/m of the labels or more whatever its size. --target H (without -n)
draws nothing: it says how many labels bring the share of tweets of every named hashtag (or of
all tweets) to ±H, e.g. --target 0.05 for ±5 points.

${WINDOW_HELP}

Examples:
  $ botshare sample tweets.jsonl.gz -n 200 -o out/sample
  $ botshare sample tweets.jsonl.gz --hashtags coronavirus,piemonte --target 0.05
  $ botshare sample tweets.jsonl.gz -n 200 --since 2020-03-11 --until 2020-03-23 -o out/sample
  $ botshare sample day1.csv day2.csv -n 100 --hashtags graziecina,forzacinaeitalia --seed 7 -o out/cina-sample`;

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('Draw accounts of an export to label by hand (sample.csv and an offline labeling page)')
    .argument('<files...>', 'export files (any supported format, gzip or not)')
    .option('-o, --output <dir>', 'output folder (needed with -n)')
    .option('-n, --n <count>', 'how many accounts to draw (label as many as you can, in order)')
    .option('--target <half-width>', 'draw nothing: say how many labels reach ±half-width (e.g. 0.05) on the share of tweets of every named hashtag')
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
      const seed = wholeNumber(flags.seed, '--seed');
      const hashtags = flags.hashtags === undefined ? undefined : parseHashtagList(flags.hashtags);
      if (flags.target !== undefined && flags.n !== undefined) throw new UserError('give either -n (draw) or --target (plan how many to draw), not both');
      if (flags.target === undefined && flags.n === undefined) throw new UserError('give -n (how many accounts to draw) or --target (plan: how many reach a half-width)');
      const window = windowOf(flags);
      const scorer = await loadModelScorer(flags.model);
      const progress = createProgress({ label: 'sample', unit: 'items', quiet: flags.quiet });
      if (flags.target !== undefined) {
        const halfWidth = decimalBetween(flags.target, '--target', 0, 0.5);
        await interruptible(async (signal) => {
          let plan: SamplePlan;
          try {
            plan = await planSample(files, scorer, halfWidth, { hashtags, window, format: flags.format === 'auto' ? undefined : flags.format, signal, onProgress: (read) => progress.update(read, undefined, 'tweets scored') });
          } finally {
            progress.done();
          }
          process.stdout.write(planText(plan, files, hashtags));
        }, 'interrupted; nothing was planned');
        return;
      }
      if (flags.output === undefined) throw new UserError('-o/--output is needed to draw a sample');
      const output = flags.output;
      const n = wholeNumber(flags.n as string, '-n', 1);
      await interruptible(async (signal) => {
        let result: Awaited<ReturnType<typeof sampleFromFiles>>;
        try {
          result = await sampleFromFiles(files, scorer, output, {
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
            `label them in order in ${output}/label.html (b = bot, h = human, u = unsure), export sample.csv, then:\n` +
            `  botshare report ${files.join(' ')} --labels ${output}/sample.csv -o OUTDIR\n`,
        );
      }, 'interrupted; no sample was written');
    });
}

/** The plan as a person reads it: per named hashtag the labels it needs, then the draw that reaches them all. */
export function planText(plan: SamplePlan, files: readonly string[], hashtags: readonly string[] | undefined): string {
  const pts = `±${+(100 * plan.half_width).toFixed(2)} points`;
  const lines = [`labels for ${pts} on the share of tweets (${plan.design}, ${plan.frame_accounts.toLocaleString('en-US')} accounts in the frame):`];
  for (const d of plan.by_domain) {
    lines.push(
      `  ${d.hashtag === null ? 'all tweets' : `#${d.hashtag}`}: ${d.labels_only.toLocaleString('en-US')} labels (labels only; ${d.model_assisted.toLocaleString('en-US')} if the public scores were calibrated here) — ` +
        `${d.tweets.toLocaleString('en-US')} tweets, ${d.accounts.toLocaleString('en-US')} accounts`,
    );
  }
  const each = plan.by_domain.length > 1 ? ` on each of the ${plan.by_domain.length}` : '';
  lines.push(`draw ${plan.n.toLocaleString('en-US')} accounts for ${pts}${each} (${plan.n_model_assisted.toLocaleString('en-US')} if the public scores were calibrated here):`);
  lines.push(`  ${sampleCommand(files, plan.n, hashtags === undefined || hashtags.length === 0 ? undefined : hashtags.join(','))}`);
  return `${lines.join('\n')}\n`;
}
