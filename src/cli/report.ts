import { type Command, Option } from 'commander';
import { FORMAT_NAMES, type FormatName } from '../ingest/index.js';
import { UserError } from '../util/errors.js';
import { normalizeHashtag } from '../ingest/tweet.js';
import { METHOD_NAMES, type MethodName } from '../estimate/types.js';
import { DEFAULT_ESTIMATOR_EVIDENCE, DEFAULT_MODEL_DIR } from '../util/paths.js';
import { RATES_DOMAINS, type RatesDomain } from '../model/card-rates.js';
import { loadModelScorer } from '../pipeline/load-scorer.js';
import { report, type ReportOptions, type ReportResult } from '../pipeline/report.js';
import { loadModel } from '../model/scorer.js';
import { reportInParallel } from '../pipeline/workers/report-parallel.js';
import type { Reference } from '../report/summary.js';
import { consoleSummary } from '../report/console-summary.js';
import { createProgress } from '../util/progress.js';
import { interruptible } from './interrupt.js';
import { sinceOption, untilOption, windowOf, WINDOW_HELP } from './window-option.js';
import { chunkBytesOf, chunkSizeOption, onThreads, workersOption } from './workers-option.js';
import { wholeNumber } from '../util/options.js';
import { loadEstimatorEvidence } from '../pipeline/load-evidence.js';
import { readLabelsFile } from '../pipeline/labeled.js';

interface ReportFlags {
  since?: string;
  until?: string;
  output: string;
  model: string;
  hashtags?: string;
  maxHashtags: string;
  reference?: string;
  method?: MethodName;
  rates: RatesDomain;
  format: FormatName | 'auto';
  scores?: boolean;
  labels?: string;
  pseudonymize?: boolean;
  replicates: string;
  seed: string;
  png: boolean;
  force?: boolean;
  quiet?: boolean;
  tallies?: string[];
  workers: string;
  chunkSize?: string;
}

const HELP = `
Scores every tweet with the model, then estimates per hashtag the share of tweets and of
accounts that came from bots, by every method (classify-and-count, mean score, and both
corrected for the classifier's error rates from the model card), with 95% intervals by
bootstrap over accounts. The headline is the corrected estimate chosen by evidence; a raw
thresholded count is shown beside it, never as the answer.

The correction is only as good as the error rates it uses. By default they are the rates
measured out of domain (each labeled set scored by a model trained without it), the
honest choice for an export whose accounts may be unlike the training sets: intervals are
wide when the classifier transfers poorly. --rates in-domain uses the rates measured on
accounts of the training sets' kind (scored out of fold), for exports known to resemble them.
A headline clipped from far outside 0–100% is counted in a caution: the rates do not hold on that export.
Without labels, the closing summary ends with one botshare sample command whose labels would
bound every reported hashtag to ±5 points.

Writes OUTDIR/summary.json, OUTDIR/report.html (self-contained, opens offline),
OUTDIR/charts/*.vl.json|.svg|.png, OUTDIR/rejects.csv when a record could not be read,
and OUTDIR/scores.csv with --scores.
Exit codes: 0 done, 2 bad usage or input, 1 internal error, 130 interrupted.

${WINDOW_HELP}

Examples:
  $ botshare report tweets.jsonl.gz -o out/report
  $ botshare report day1.csv day2.csv --hashtags graziecina,forzacinaeitalia -o out/cina
  $ botshare report tweets.jsonl.gz --since 2020-03-11 --until 2020-03-23 -o out/window
  $ botshare report export.jsonl --reference graziecina=0.371 --scores --pseudonymize -o out/anon
  $ botshare report --tallies part-1.tally part-2.tally part-3.tally -o out/all   (see botshare tally --help)`;

export function parseHashtagList(text: string): string[] {
  const tags = text.split(',').map((t) => normalizeHashtag(t.trim())).filter((t) => t.length > 0);
  if (tags.length === 0) throw new UserError(`--hashtags: no hashtag in "${text}"`);
  return [...new Set(tags)];
}

/** `tag=0.463,other=0.371` → references (shares in [0,1]; a percentage like 46.3% is accepted too). */
export function parseReferences(text: string): Reference[] {
  return text.split(',').map((item) => {
    const m = /^\s*#?([^=\s]+)\s*=\s*([0-9]*\.?[0-9]+)(%?)\s*$/u.exec(item);
    if (m === null) throw new UserError(`--reference: "${item}" is not HASHTAG=SHARE (e.g. graziecina=0.371)`);
    const share = m[3] === '%' ? Number(m[2]) / 100 : Number(m[2]);
    if (!(share >= 0 && share <= 1)) throw new UserError(`--reference: the share in "${item}" must be between 0 and 1 (or 0% and 100%)`);
    return { hashtag: normalizeHashtag(m[1]), share, source: 'reference given with --reference' };
  });
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Estimate the bot share per hashtag (tweets and accounts) and write charts and an HTML report')
    .argument('[files...]', 'export files (any supported format, gzip or not); none with --tallies')
    .addOption(workersOption('read, score and tally chunks of the input'))
    .addOption(chunkSizeOption())
    .option('--tallies <files...>', 'merge the tallies of shards (from botshare tally) instead of reading exports')
    .requiredOption('-o, --output <dir>', 'output folder')
    .option('--model <dir>', 'model folder (model.json, weights.bin, card.json)', DEFAULT_MODEL_DIR)
    .option('--hashtags <list>', 'report these hashtags, comma-separated (case-insensitive; default: the most tweeted)')
    .option('--max-hashtags <n>', 'without --hashtags: how many of the most tweeted to report', '12')
    .option('--reference <list>', 'shares from elsewhere to mark on the chart: tag=0.463,other=0.371')
    .addOption(new Option('--method <name>', 'headline method (default: chosen by evidence)').choices([...METHOD_NAMES]))
    .addOption(
      new Option('--rates <domain>', "which of the model card's error rates correct the shares: measured on data sets unlike the training (out-of-domain) or on accounts like it, scored out of fold (in-domain)")
        .choices([...RATES_DOMAINS])
        .default('out-of-domain'),
    )
    .addOption(new Option('--format <name>', 'read every file as this format').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--labels <file>', 'a sample.csv from `botshare sample`, labeled (or merged by `botshare agree`): shares by the model-assisted estimator, whose intervals hold on this export')
    .option('--scores', 'also write OUTDIR/scores.csv (one row per tweet)')
    .option('--pseudonymize', 'replace ids and screen names by salted hashes in every output')
    .option('--replicates <n>', 'bootstrap replicates', '1000')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--no-png', 'skip the PNG charts')
    .option('--force', 'replace outputs that already exist')
    .option('--quiet', 'no progress and no closing report on stderr')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: ReportFlags) => {
      const tallies = flags.tallies;
      if (tallies !== undefined && files.length > 0) throw new UserError('give either export files or --tallies, not both');
      if (tallies === undefined && files.length === 0) throw new UserError('no input files given (or --tallies PART.tally...)');
      if (tallies !== undefined && flags.labels !== undefined) throw new UserError('--labels needs the export itself (the sample is checked against it): run it over the export files, not --tallies');
      const options: ReportOptions = {
        evidence: loadEstimatorEvidence(DEFAULT_ESTIMATOR_EVIDENCE),
        hashtags: flags.hashtags === undefined ? undefined : parseHashtagList(flags.hashtags),
        maxHashtags: wholeNumber(flags.maxHashtags, '--max-hashtags', 1),
        references: flags.reference === undefined ? undefined : parseReferences(flags.reference),
        method: flags.method,
        pseudonymize: flags.pseudonymize === true,
        bootstrap: { replicates: wholeNumber(flags.replicates, '--replicates', 1), seed: wholeNumber(flags.seed, '--seed') },
        png: flags.png,
        force: flags.force,
        window: windowOf(flags),
        rates: flags.rates,
        scoresCsv: flags.scores === true,
      };
      const labels = flags.labels === undefined ? undefined : await readLabelsFile(flags.labels);
      const workers = wholeNumber(flags.workers, '--workers', 1);
      const format = flags.format === 'auto' ? undefined : flags.format;
      const chunkBytes = chunkBytesOf(flags);
      let oneThread: string | undefined;
      // With workers, the main thread loads the model beside them (reportInParallel); the
      // one-thread pass loads it here, or once the workers declined.
      const scorer = tallies === undefined && workers < 2 ? await loadModelScorer(flags.model, flags.rates) : undefined;
      const progress = createProgress({ label: 'report', unit: 'items', quiet: flags.quiet });
      await interruptible(async (signal) => {
        let result: ReportResult;
        try {
          const parallel =
            tallies === undefined
              ? await reportInParallel(files, flags.output, { ...options, workers, chunkBytes, onOneThread: (reason) => (oneThread = reason), modelDir: flags.model, rates: flags.rates, format, labels: labels !== undefined, signal })
              : null;
          result =
            parallel ??
            (await report(
              tallies !== undefined
                ? { kind: 'tallies', tallies, model: await loadModel(flags.model) }
                : {
                    kind: 'files',
                    files,
                    scorer: scorer ?? (await loadModelScorer(flags.model, flags.rates)),
                    labels,
                    format,
                    signal,
                    onProgress: (n, pass) => progress.update(n, undefined, pass === 1 ? 'tweets read' : 'tweets scored'),
                  },
              flags.output,
              { ...options, onReplicate: (done, total) => progress.update(done, total, 'labeled sample: jackknife replicates') },
            ));
        } finally {
          progress.done();
        }
        if (!flags.quiet) {
          const lines = consoleSummary(result.summary, { rejectsFile: result.rejectsFile, rejects: result.rejects, output: flags.output });
          if (workers > 1 && oneThread !== undefined) lines.push(`made ${onThreads(1, workers, oneThread)}`);
          process.stderr.write(`${lines.join('\n')}\n`);
        }
      }, 'interrupted; the report was not written (files already complete were left in place)');
    });
}
