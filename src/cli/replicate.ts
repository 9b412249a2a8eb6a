import { type Command, Option } from 'commander';
import { BUNDLED_RECONSTRUCTION, DEFAULT_ESTIMATOR_EVIDENCE, DEFAULT_ACTIVITY_MODEL, DEFAULT_LABELED_DIR, DEFAULT_MODEL_DIR } from '../util/paths.js';
import { replicate } from '../replicate/replicate.js';
import { RATES_DOMAINS, type RatesDomain } from '../model/card-rates.js';
import { loadModelScorer } from '../pipeline/load-scorer.js';
import { RECONSTRUCTION_SEED, STUDY } from '../replicate/study.js';
import { STUDY_WINDOW } from '../replicate/replicate.js';
import { windowLabel } from '../util/window.js';
import { UserError } from '../util/errors.js';
import { createProgress } from '../util/progress.js';
import { pct } from '../util/format.js';
import { wholeNumber } from '../util/options.js';
import { loadEstimatorEvidence } from '../pipeline/load-evidence.js';

interface ReplicateFlags {
  output: string;
  model: string;
  data: string;
  activity: string;
  seed: string;
  rates?: RatesDomain;
  replicates: string;
  png: boolean;
  force?: boolean;
  quiet?: boolean;
}

const HELP = `
Replicates the March 2020 analysis (${STUDY.citation}):
46.3% of tweets with #forzaCinaeItalia and 37.1% with #grazieCina came from bots, by the
published criterion of more than 50 tweets a day.

With FILES (exports of those hashtags in any supported format): keeps the tweets with
either hashtag posted 11–23 March 2020, runs the whole pipeline, and reports both shares
against the published ones, with 95% intervals, by the default estimator, by
classify-and-count and by the activity rule (both readings of "50 a day": the profile's
lifetime rate and the account's rate in the corpus).

Without FILES: the original tweets are not public, so botshare writes a SIMULATED
reconstruction first (OUTDIR/reconstruction/corpus.jsonl.gz, Twitter v1.1 JSONL, and its
truth.json), built to the study's description from labeled accounts the model never saw,
with the published shares planted; then analyses it exactly as it would an export. Beside
the estimate without labels it shows the route botshare recommends: it draws a sample of
accounts to label (botshare sample, into OUTDIR/simulated-labeled-sample/), a SIMULATED
labeler fills its labels from the truth, and the model-assisted estimate of report --labels
follows. The estimators read only the corpus and the labeled sample.csv; the planted shares
are compared afterwards. Everything written says it is a simulation.

Writes OUTDIR/summary.json, OUTDIR/report.html and OUTDIR/charts/ (replication.svg/.png:
published vs planted vs estimated, plus the report's charts).
Exit codes: 0 done, 2 bad usage or input, 1 internal error.

Examples:
  $ botshare replicate -o out/replication
  $ botshare replicate forzacina.jsonl.gz graziecina.csv -o out/mine
  $ botshare replicate -o out/replication --seed 7 --force`;

export function registerReplicate(program: Command): void {
  program
    .command('replicate')
    .description('Replicate the March 2020 #forzaCinaeItalia / #grazieCina case (on a SIMULATED reconstruction when no export is given)')
    .argument('[files...]', 'exports of the two hashtags (any supported format, gzip or not)')
    .requiredOption('-o, --output <dir>', 'output folder')
    .option('--model <dir>', 'model folder', DEFAULT_MODEL_DIR)
    .option('--data <dir>', 'folder of the public labeled sets (for the reconstruction)', DEFAULT_LABELED_DIR)
    .option('--activity <file>', 'activity model of the simulator', DEFAULT_ACTIVITY_MODEL)
    .option('--seed <n>', 'seed of the reconstruction', String(RECONSTRUCTION_SEED))
    .addOption(
      new Option('--rates <domain>', "the model card's error rates used for the correction (default: in-domain for the reconstruction, whose accounts come from the training sets' kind; out-of-domain for your exports)").choices([
        ...RATES_DOMAINS,
      ]),
    )
    .option('--replicates <n>', 'bootstrap replicates', '1000')
    .option('--no-png', 'skip the PNG charts')
    .option('--force', 'replace outputs that already exist')
    .option('--quiet', 'no progress on stderr')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: ReplicateFlags) => {
      const say = (line: string): void => {
        if (!flags.quiet) process.stderr.write(`botshare: ${line}\n`);
      };
      const progress = createProgress({ label: 'simulate', unit: 'items', quiet: flags.quiet });
      const scorer = await loadModelScorer(flags.model, flags.rates ?? (files.length === 0 ? 'in-domain' : 'out-of-domain'));
      const result = await replicate({
        evidence: loadEstimatorEvidence(DEFAULT_ESTIMATOR_EVIDENCE),
        files,
        outDir: flags.output,
        scorer,
        reconstruction: {
          dataDir: flags.data,
          modelDir: flags.model,
          activityFile: flags.activity,
          seed: wholeNumber(flags.seed, '--seed'),
          bundled: BUNDLED_RECONSTRUCTION,
        },
        bootstrap: { replicates: wholeNumber(flags.replicates, '--replicates') },
        force: flags.force,
        png: flags.png,
        onStage: (stage) => {
          progress.done();
          say(`${stage}…`);
        },
        onSimulationProgress: (done, total) => progress.update(done, total, 'tweets'),
      }).finally(() => progress.done());
      const r = result.summary.replication;
      if (result.summary.reconstruction !== null) say('SIMULATION: the input was a reconstruction, not the original tweets.');
      say(
        `the study's window: ${windowLabel(STUDY_WINDOW)}, #${STUDY.hashtags.map((h) => h.tag).join(' or #')}: ` +
          `${r.input.kept.toLocaleString('en-US')} of ${r.input.accepted.toLocaleString('en-US')} tweets read (${r.input.outside_window.toLocaleString('en-US')} outside the window)`,
      );
      if (r.labeled_route !== null) say(`labeled sample ${r.labeled_route.file}: ${r.labeled_route.labeled} accounts labeled by a ${r.labeled_route.labeler}`);
      const figure = (f: { estimate: number | null; ci95: [number, number] | null }): string => `${pct(f.estimate)} [${pct(f.ci95?.[0] ?? null)}, ${pct(f.ci95?.[1] ?? null)}]`;
      for (const h of r.hashtags) {
        const d = h.estimates.tweets.default;
        const l = h.estimates.tweets.labeled;
        say(
          `#${h.hashtag}: published ${pct(h.published_share_tweets)}` +
            (h.planted === null ? '' : `, planted ${pct(h.planted.share_tweets)}`) +
            (l === undefined ? '' : `; labeled sample${result.summary.reconstruction === null ? '' : ' (SIMULATED labeler)'} ${figure(l)} (model-assisted)`) +
            `; ${l === undefined ? 'estimated' : 'without labels'} ${figure(d)} (${d.method})` +
            `, cc ${pct(h.estimates.tweets.cc.estimate)}, activity rule by corpus rate ${pct(h.estimates.tweets.activity_corpus.estimate)}, by lifetime rate ${pct(h.estimates.tweets.activity_profile.estimate)}, by either ${pct(h.estimates.tweets.activity_either.estimate)}`,
        );
      }
      say(`wrote ${flags.output}/summary.json, report.html and charts/`);
    });
}
