#!/usr/bin/env node
/**
 * The research harnesses, apart from the product's CLI: each writes its evidence as JSON with
 * the command that made it. Run after `npm run build`:
 *   node dist/experiments/main.js <harness> [options]   (--help lists them)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadLabeledSets } from '../labeled/load.js';
import { RATES_DOMAINS, type RatesDomain } from '../model/card-rates.js';
import { loadModelScorer, type Scorer } from '../pipeline/load-scorer.js';
import { STUDY_WINDOW } from '../replicate/replicate.js';
import { loadActivityModel } from '../simulate/activity-model.js';
import { windowDays } from '../simulate/corpus.js';
import { readHeldOut, selectHeldOut } from '../simulate/held-out.js';
import type { PoolAccount } from '../simulate/types.js';
import { UserError } from '../util/errors.js';
import { wholeNumber } from '../util/options.js';
import { BUNDLED_RECONSTRUCTION, DEFAULT_ACTIVITY_MODEL, DEFAULT_LABELED_DIR, DEFAULT_MODEL_DIR } from '../util/paths.js';
import { runProgram } from '../util/run-program.js';
import { bundleReconstruction } from './bundle-reconstruction.js';
import { estimatorEvidence, evaluateEstimators, formatAccuracy, spreadShares, type EstimatorEvaluation } from './evaluate-estimators.js';
import { exportForestFeatures } from './export-forest-features.js';
import { fitActivityModel } from './fit-activity.js';
import { evaluateLabeledRoute, humanLikeBots, type LabeledRouteCorpus } from './labeled-route.js';
import { keptCommand, replayKept, readKeptInputs } from './se-candidates.js';
import { unseenSetScoring, type TrainingSubsample } from './unseen-set-models.js';
import type { MethodAccuracy } from '../estimate/evidence.js';
import { formatEvidence, runLabeledSampleSimulation, type SimulationEvidence } from './labeled-sample-simulation.js';
import { formatLambdaChoice, runLambdaChoice, type LambdaChoiceEvidence } from './lambda-choice.js';
import { runNoLabelsCoverage } from './no-labels-coverage.js';
import { runRowsCoherence } from './rows-coherence.js';
import { runTallyIdsCost } from './tally-ids-cost.js';
import { runReplicationSizes } from './replication-sizes.js';
import { baselineRows, formatAggregates, formatTables, ROUTE_DESIGN_NAMES, routeAggregates, runKeys, runRealExportsRoute, type RouteAggregates, type RouteDesign } from './real-exports-route.js';
import { checkExport, checkNamedHashtags, summariseCheck, summariseNamed, type CheckRow, type NamedRow } from './export-model-check.js';
import { STAND_IN_RULES } from './stand-in-labelers.js';
import { notebookJson, readNotebook, runNotebook, typeCheckNotebooks, withOutputs, type Engine } from './run-cells.js';

/** The command line that made a piece of evidence, as a reader would type it. */
export function commandLine(argv: readonly string[]): string {
  return ['node', 'dist/experiments/main.js', ...argv.slice(2)].map((a) => (/^[\w./=:,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

interface EvaluateFlags {
  model: string;
  data: string;
  corpora: string;
  tweets: string;
  seeds: string;
  rates: RatesDomain;
  mix: string;
  out?: string;
  force?: boolean;
}

/** An evidence file is replaced only with --force, and that is checked before a long run, not after it. */
function checkEvidenceOut(out: string | undefined, force: boolean | undefined): void {
  if (out !== undefined && force !== true && existsSync(out)) throw new UserError(`${out} already exists; choose another file or pass --force to replace it`);
}

/** The commit the evidence was measured at, and whether the work tree had changes beside it. */
function gitCommit(): { commit: string | null; dirty: boolean | null } {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim() !== '' : null };
}

/** The real exports beside the project (../shared/datasets/exports). */
const DEFAULT_EXPORTS_DIR = path.join(path.dirname(DEFAULT_LABELED_DIR), 'exports');

interface RealExportsFlags {
  exportsDir: string;
  exports?: string;
  seeds: string;
  rules: string;
  designs: string;
  model?: string;
  cli: string;
  keep?: string;
  baseline?: string;
  tables?: string;
  out?: string;
  force?: boolean;
}

/** An evidence file read back (JSON.parse makes own properties only); an unreadable one is the user's error. */
function readEvidence(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new UserError(`${file}: cannot read it as evidence JSON (${(err as Error).message})`);
  }
}

const writeEvidence = (out: string, evidence: unknown): void => writeFileSync(out, `${JSON.stringify(evidence, null, 1)}\n`);

interface LabeledRouteFlags {
  model: string;
  data: string;
  corpora: string;
  tweets: string;
  seeds: string;
  mix: string;
  botActivity: 'study' | 'human-like';
  drawn: string;
  labeled: string;
  scoringModel: 'shipped' | 'unseen-set';
  modelCache: string;
  trainSubsample: string;
  unseenSets?: string;
  out?: string;
  force?: boolean;
  keep?: string;
  keepInputs?: boolean;
}

/** `--train-subsample`: "card" (the card's sizes) or cell,selection,folds. */
function trainSubsample(text: string): TrainingSubsample | undefined {
  if (text === 'card') return undefined;
  const [cell, selection, folds] = text.split(',').map((s) => s.trim());
  if (folds === undefined) throw new UserError(`--train-subsample: "${text}" is not card or cell,selection,folds`);
  return {
    maxAccountsPerCell: wholeNumber(cell, '--train-subsample', 1),
    selectionMaxAccountsPerCell: wholeNumber(selection, '--train-subsample', 1),
    folds: wholeNumber(folds, '--train-subsample', 2),
  };
}

const MIXES = ['italian-first', 'uniform'] as const;
type Mix = (typeof MIXES)[number];

/** A comma-separated list of whole numbers (seeds, sizes), each checked as `wholeNumber` checks one. */
function wholeNumbers(text: string, flag: string, min?: number): number[] {
  return text.split(',').map((s) => wholeNumber(s.trim(), flag, min));
}

function listOf<T extends string>(text: string, flag: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((s) => s.trim());
  for (const s of items) if (!(allowed as readonly string[]).includes(s)) throw new UserError(`${flag}: "${s}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}

/** The card's held-out accounts that simulations may draw (never the ones that measured its rates). */
async function simulationAccounts(modelDir: string, dataDir: string): Promise<PoolAccount[]> {
  const heldOut = readHeldOut(path.join(modelDir, 'card.json'));
  const labeled = await loadLabeledSets(dataDir, { sets: [...new Set(heldOut.map((h) => h.dataset))] });
  return selectHeldOut(labeled, heldOut);
}

/** The options of a run of ground-truth corpora: model, data, how many, how large, seeds, designs. */
function withCorpusDesign(cmd: Command, defaults: { corpora: string; tweets: string; seeds: string; mix: string }): Command {
  return cmd
    .option('--model <dir>', 'model folder', DEFAULT_MODEL_DIR)
    .option('--data <dir>', 'folder of the public labeled sets', DEFAULT_LABELED_DIR)
    .option('--corpora <n>', 'corpora per run (planted shares spread over 5–70% of tweets)', defaults.corpora)
    .option('--tweets <n>', 'tweets per corpus', defaults.tweets)
    .option('--seeds <list>', 'one run per seed, comma-separated', defaults.seeds)
    .option('--mix <list>', `how bot accounts are drawn, one run per design: ${MIXES.join(', ')} (Italian sets first, or all held-out sets alike)`, defaults.mix);
}

export function buildExperiments(argv: readonly string[]): Command {
  const program = new Command().name('botshare-experiments').description("botshare's research harnesses (evidence, not the product)");

  withCorpusDesign(program
    .command('evaluate-estimators'), { corpora: '24', tweets: '4000', seeds: '1', mix: 'italian-first' })
    .description('Every estimator on ground-truth corpora drawn from the held-out accounts: error and interval coverage, per run and pooled')
    .addOption(new Option('--rates <domain>', "which of the card's rates correct the shares").choices([...RATES_DOMAINS]).default('in-domain'))
    .option('--out <file>', 'write the figures as JSON, with the command that made them')
    .option('--force', 'replace an existing --out file')
    .action(async (flags: EvaluateFlags) => {
      checkEvidenceOut(flags.out, flags.force);
      const seeds = wholeNumbers(flags.seeds, '--seeds');
      const mixes = listOf<Mix>(flags.mix, '--mix', MIXES);
      const corpora = wholeNumber(flags.corpora, '--corpora', 1);
      const tweetsPerCorpus = wholeNumber(flags.tweets, '--tweets', 1);
      const accounts = await simulationAccounts(flags.model, flags.data);
      const scorer = await loadModelScorer(flags.model, flags.rates);
      const runs: EstimatorEvaluation[] = [];
      for (const mix of mixes) {
        for (const seed of seeds) {
          const started = Date.now();
          const workDir = mkdtempSync(path.join(tmpdir(), 'botshare-evaluation-'));
          try {
            const run = await evaluateEstimators({
              accounts,
              activity: loadActivityModel(DEFAULT_ACTIVITY_MODEL),
              scorer,
              shares: spreadShares(corpora),
              mix,
              tweetsPerCorpus,
              window: STUDY_WINDOW,
              seed,
              workDir,
              onCorpus: (done, total) => process.stderr.write(`\r${mix}, seed ${seed}: corpus ${done}/${total}`),
            });
            process.stderr.write(` (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
            process.stdout.write(`${formatAccuracy(run)}\n\n`);
            runs.push(run);
          } finally {
            rmSync(workDir, { recursive: true, force: true });
          }
        }
      }
      const evidence = estimatorEvidence(runs, { command: commandLine(argv), rates: flags.rates, model: scorer.model });
      if (runs.length > 1) process.stdout.write(`pooled over ${evidence.pooled.corpora} corpora:\n${evidence.pooled.accuracy.map((a) => `${a.unit} ${a.method}: MAE ${a.maePoints.toFixed(2)} points, ${a.covered}/${a.corpora} covered`).join('\n')}\n`);
      if (flags.out !== undefined) {
        writeEvidence(flags.out, evidence);
      }
    });

  program
    .command('fit-activity')
    .description("Fit the simulator's activity model (datasets/activity-model.json) from the labeled timelines")
    .argument('<datasets>', 'folder of the public data sets (../shared/datasets)')
    .argument('<out>', 'activity model JSON to write')
    .action(async (datasets: string, out: string) => {
      writeFileSync(out, `${JSON.stringify(await fitActivityModel(datasets))}\n`);
    });

  program
    .command('bundle-reconstruction')
    .description('Write datasets/reconstruction/ (what `botshare replicate` simulates with the default model, data and seed)')
    .option('--data <dir>', 'folder of the public labeled sets', DEFAULT_LABELED_DIR)
    .action(async (flags: { data: string }) => bundleReconstruction(flags.data));

  program
    .command('run-cells')
    .description("Run a notebook's code cells (Deno), or type-check them; --write stores the outputs in the notebook")
    .argument('<notebook>', 'the .ipynb file')
    .option('--check', 'type-check the code cells only')
    .option('--write', 'store the outputs in the notebook')
    .addOption(new Option('--engine <engine>', 'the Jupyter kernel, or deno run').choices(['kernel', 'deno-run']))
    .action((file: string, flags: { check?: boolean; write?: boolean; engine?: Engine }) => {
      if (flags.check === true) {
        const report = typeCheckNotebooks([file]);
        if (report !== null) throw new UserError(`${file}: type errors\n${report}`);
        process.stderr.write(`${file}: code cells type-check\n`);
        return;
      }
      const out = mkdtempSync(path.join(tmpdir(), 'botshare-notebook-out-'));
      try {
        const started = Date.now();
        const run = runNotebook(file, { env: { BOTSHARE_NOTEBOOK_OUT: out }, engine: flags.engine });
        for (const c of run.cells) process.stdout.write(`--- cell ${c.index}\n${c.stdout}${c.svgs.length > 0 ? `[${c.svgs.length} chart(s)]\n` : ''}`);
        if (!run.ok) {
          process.stderr.write(run.stderr);
          for (const e of run.errors) process.stderr.write(`${e}\n`);
          throw new UserError(`${file}: a cell failed (${run.engine}, exit ${run.status})`);
        }
        process.stderr.write(`${file}: every cell ran (${run.engine}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
        if (flags.write === true) {
          writeFileSync(file, notebookJson(withOutputs(readNotebook(file), run)));
          process.stderr.write(`outputs stored in ${file}\n`);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  program
    .command('labeled-sample-simulation')
    .description('The labeled-sample estimators on generated populations: bias, coverage and width by score quality and sample size')
    .option('--draws <n>', 'samples drawn per setting', '1000')
    .option('--jackknife-draws <n>', "of which the first n also measure the export model's refitted jackknife (a hundred refits each)", '300')
    .option('--out <file>', 'write the figures as JSON, with the command that made them')
    .option('--tables <file>', "only print docs/labeled-sample.md's tables from an evidence file already measured")
    .action(async (flags: { draws: string; jackknifeDraws: string; out?: string; tables?: string }) => {
      if (flags.tables !== undefined) {
        process.stdout.write(`${formatEvidence(JSON.parse(readFileSync(flags.tables, 'utf8')) as SimulationEvidence)}\n`);
        return;
      }
      await runLabeledSampleSimulation({
        draws: wholeNumber(flags.draws, '--draws', 1),
        jackknifeDraws: wholeNumber(flags.jackknifeDraws, '--jackknife-draws', 0),
        out: flags.out,
        command: commandLine(argv),
      });
    });

  program
    .command('lambda-choice')
    .description("Candidate rules for the export model's λ on generated populations: coverage, width, and how often wider than labels alone")
    .option('--draws <n>', 'samples drawn per setting (each refits the export model per replicate)', '120')
    .option('--labels <list>', 'labels per draw', '50,100,200')
    .option('--out <file>', 'write the figures as JSON, with the command that made them')
    .option('--tables <file>', 'only print the table from an evidence file already measured')
    .action(async (flags: { draws: string; labels: string; out?: string; tables?: string }) => {
      if (flags.tables !== undefined) {
        process.stdout.write(`${formatLambdaChoice(JSON.parse(readFileSync(flags.tables, 'utf8')) as LambdaChoiceEvidence)}\n`);
        return;
      }
      await runLambdaChoice({
        draws: wholeNumber(flags.draws, '--draws', 1),
        labels: wholeNumbers(flags.labels, '--labels', 2),
        out: flags.out,
        command: commandLine(argv),
      });
    });

  program
    .command('no-labels-coverage')
    .description("Coverage of report's intervals without labels, with the card's out-of-domain rates (per-set spread and pooled)")
    .requiredOption('--out <file>', 'evidence JSON to write')
    .option('--corpora <n>', 'corpora per design', '24')
    .option('--tweets <n>', 'tweets per corpus', '4000')
    .option('--seed <n>', 'seed', '1')
    .option('--replicates <n>', 'bootstrap replicates', '1000')
    .option('--before <list>', 'design=FILE,… evaluate-estimators JSON from an earlier commit, recorded beside the new figures')
    .option('--before-command <text>', 'the command that wrote the --before files')
    .action(async (flags: { out: string; corpora: string; tweets: string; seed: string; replicates: string; before?: string; beforeCommand?: string }) =>
      runNoLabelsCoverage({
        out: flags.out,
        corpora: wholeNumber(flags.corpora, '--corpora', 1),
        tweets: wholeNumber(flags.tweets, '--tweets', 1),
        seed: wholeNumber(flags.seed, '--seed'),
        replicates: wholeNumber(flags.replicates, '--replicates', 1),
        before: (flags.before ?? '').split(',').filter((s) => s !== '').map((item) => {
          const [mix, file] = item.split('=');
          if (file === undefined) throw new UserError(`--before: "${item}" is not DESIGN=FILE`);
          return { mix, file };
        }),
        beforeCommand: flags.beforeCommand,
        command: commandLine(argv),
      }),
    );

  program
    .command('rows-coherence')
    .description('Whether the all-tweets row and the hashtags rows of a report agree (pseudonymised evidence)')
    .argument('<files...>', 'export files')
    .requiredOption('--out <file>', 'evidence JSON to write')
    .option('--before-summary <file>', 'a summary.json from an earlier commit, recorded beside the new rows')
    .action(async (files: string[], flags: { out: string; beforeSummary?: string }) =>
      runRowsCoherence({ files, out: flags.out, beforeSummary: flags.beforeSummary, command: commandLine(argv) }),
    );
  program
    .command('replication-sizes')
    .description("How many labels the replication's labeled route needs: sample sizes and seeds on the bundled reconstruction, labeled by the SIMULATED labeler, against the planted shares")
    .requiredOption('--out <file>', 'evidence JSON to write')
    .option('--sizes <list>', 'sample sizes (labels), comma-separated', '100,120,150,200')
    .option('--seeds <list>', 'sample seeds, comma-separated', '1,2,3,4,5')
    .option('--target <points>', 'the half-width aimed at, in points', '3')
    .option('--model <dir>', 'model folder', DEFAULT_MODEL_DIR)
    .option('--force', 'replace the evidence file')
    .action(async (flags: { out: string; sizes: string; seeds: string; target: string; model: string; force?: boolean }) => {
      checkEvidenceOut(flags.out, flags.force);
      const target = Number(flags.target);
      if (!(target > 0)) throw new UserError(`--target: "${flags.target}" is not a positive number of points`);
      const evidence = await runReplicationSizes({
        corpus: BUNDLED_RECONSTRUCTION.corpus,
        truth: BUNDLED_RECONSTRUCTION.truth,
        scorer: await loadModelScorer(flags.model),
        sizes: wholeNumbers(flags.sizes, '--sizes', 1),
        seeds: wholeNumbers(flags.seeds, '--seeds', 1),
        targetPoints: target,
        command: commandLine(argv),
        onRun: (labels, seed) => process.stderr.write(`replication-sizes: ${labels} labels, seed ${seed}\n`),
      });
      writeEvidence(flags.out, { ...evidence, ...gitCommit() });
    });
  program
    .command('tally-ids-cost')
    .description('What the tweet ids of a tally cost: bytes a tweet and time, on export files and on synthetic snowflake ids')
    .argument('<files...>', 'export files, each tallied whole')
    .requiredOption('--out <file>', 'evidence JSON to write')
    .option('--model <dir>', 'model folder', DEFAULT_MODEL_DIR)
    .option('--synthetic <n>', 'synthetic snowflake ids over one month', '1000000')
    .option('--seed <n>', 'seed of the synthetic ids', '1')
    .option('--force', 'replace the evidence file')
    .action(async (files: string[], flags: { out: string; model: string; synthetic: string; seed: string; force?: boolean }) => {
      checkEvidenceOut(flags.out, flags.force);
      const evidence = await runTallyIdsCost({
        files,
        scorer: await loadModelScorer(flags.model),
        synthetic: wholeNumber(flags.synthetic, '--synthetic', 1),
        seed: wholeNumber(flags.seed, '--seed'),
        command: commandLine(argv),
      });
      writeEvidence(flags.out, evidence);
    });
  program
    .command('export-model-check')
    .description('The export model with the labeling page\'s features against its earlier activity features, on real exports labeled by rule-based stand-ins: cross-fitted AUC, log-loss, half-widths')
    .argument('<files...>', 'real export files')
    .requiredOption('--out <file>', 'evidence JSON to write')
    .option('--model <dir>', 'the public model', DEFAULT_MODEL_DIR)
    .option('--seeds <n>', 'draws per export and rule', '3')
    .option('--drawn <n>', 'accounts drawn per export', '150')
    .option('--labeled <n>', 'of which the stand-in labels the first', '120')
    .option('--force', 'replace the evidence file')
    .action(async (files: string[], flags: { out: string; model: string; seeds: string; drawn: string; labeled: string; force?: boolean }) => {
      checkEvidenceOut(flags.out, flags.force);
      const scorer = await loadModelScorer(flags.model);
      const seeds = Array.from({ length: wholeNumber(flags.seeds, '--seeds', 1) }, (_, i) => i + 1);
      const rows: CheckRow[] = [];
      for (const file of files) {
        rows.push(...(await checkExport(file, scorer, { seeds, drawn: wholeNumber(flags.drawn, '--drawn', 1), labeled: wholeNumber(flags.labeled, '--labeled', 1), flip: 0.1 })));
        process.stderr.write(`${file}: done\n`);
      }
      const summary = summariseCheck(rows);
      writeEvidence(flags.out, { command: commandLine(argv), flip: 0.1, summary, by_rule: Object.fromEntries(['profile', 'behaviour', 'points'].map((r) => [r, summariseCheck(rows.filter((x) => x.rule === r))])), rows });
      process.stdout.write(`${JSON.stringify(summary, null, 1)}\n`);
    });
  program
    .command('named-hashtags-check')
    .description('Draws for two named hashtags on real exports (design v1, v2 balanced, a Neyman-like candidate), labeled by rule-based stand-ins: per hashtag the share of tweets, its half-width and coverage')
    .argument('<pairs...>', 'FILE=TAG1,TAG2 (an export and the two hashtags a researcher names)')
    .requiredOption('--out <file>', 'evidence JSON to write')
    .option('--model <dir>', 'the public model', DEFAULT_MODEL_DIR)
    .option('--seeds <n>', 'draws per export, rule and design', '2')
    .option('--labeled <n>', 'labeled accounts per draw', '200')
    .option('--force', 'replace the evidence file')
    .action(async (pairs: string[], flags: { out: string; model: string; seeds: string; labeled: string; force?: boolean }) => {
      checkEvidenceOut(flags.out, flags.force);
      const scorer = await loadModelScorer(flags.model);
      const seeds = Array.from({ length: wholeNumber(flags.seeds, '--seeds', 1) }, (_, i) => i + 1);
      const rows: NamedRow[] = [];
      for (const pair of pairs) {
        const at = pair.lastIndexOf('=');
        if (at < 0) throw new UserError(`${pair}: expected FILE=TAG1,TAG2`);
        const tags = pair.slice(at + 1).split(',').map((t) => t.trim()).filter((t) => t.length > 0);
        rows.push(...(await checkNamedHashtags(pair.slice(0, at), scorer, tags, { seeds, labeled: wholeNumber(flags.labeled, '--labeled', 1), flip: 0.1 })));
        process.stderr.write(`${pair}: done\n`);
      }
      const summary = summariseNamed(rows);
      writeEvidence(flags.out, { command: commandLine(argv), flip: 0.1, summary, by_rule: Object.fromEntries(['profile', 'behaviour', 'points'].map((r) => [r, summariseNamed(rows.filter((x) => x.rule === r))])), rows });
      process.stdout.write(`${JSON.stringify(summary, null, 1)}\n`);
    });
  program
    .command('export-forest-features')
    .description("The reference forest's rows: train --seed S's training accounts, every account feature, one CSV per LODO fold (then src/experiments/reference-forest.py)")
    .requiredOption('--data <dir>', 'folder of the public labeled sets')
    .requiredOption('-o, --output <dir>', 'folder for the CSV files (one per fold)')
    .option('--seed <n>', 'the seed of `train` (held-out split, subsamples)', '1')
    .action(async (flags: { data: string; output: string; seed: string }) =>
      exportForestFeatures({ data: flags.data, output: flags.output, seed: wholeNumber(flags.seed, '--seed') }),
    );
  program
    .command('real-exports-route')
    .description('The labeled route through the built CLI on the real exports (sample → stand-in labelers → report --labels): coverage, error and width of the model-assisted and labels-only figures against what each stand-in says of every account')
    .option('--exports-dir <dir>', 'folder of real exports', DEFAULT_EXPORTS_DIR)
    .option('--exports <list>', 'only these files of the folder, comma-separated (default: every file)')
    .option('--seeds <list>', 'seeds of the draws, comma-separated', '1,2,3')
    .option('--rules <list>', `stand-in labelers, comma-separated: ${STAND_IN_RULES.map((r) => r.name).join(', ')}`, STAND_IN_RULES.map((r) => r.name).join(','))
    .option('--designs <list>', `designs, comma-separated: ${ROUTE_DESIGN_NAMES.join(', ')} (whole: 150 drawn, 120 labeled; named: 200 on the two largest hashtags)`, ROUTE_DESIGN_NAMES.join(','))
    .option('--model <dir>', "model folder for sample and report (default: the CLI's)")
    .option('--cli <file>', 'the built CLI', fileURLToPath(new URL('../cli/main.js', import.meta.url)))
    .option('--baseline <file>', 'evidence of an earlier run (e.g. docs/evidence/real-exports-route-baseline.json): its figures on the same draws are printed and recorded beside the new ones')
    .option('--tables <file>', "only print docs/labeled-sample.md §7's table from an evidence file already measured")
    .option('--keep <dir>', "keep each draw's sample and each stand-in's sample.csv, summary.json and report.html here, to look into a miss")
    .option('--out <file>', 'write the figures as JSON, with the command that made them')
    .option('--force', 'replace an existing --out file')
    .action(async (flags: RealExportsFlags) => {
      if (flags.tables !== undefined) {
        const evidence = readEvidence(flags.tables) as { aggregates?: RouteAggregates } | null;
        if (evidence?.aggregates?.byRuleDesign === undefined) throw new UserError(`${flags.tables}: not real-exports-route evidence (no aggregates)`);
        process.stdout.write(`${formatTables(evidence.aggregates)}\n`);
        return;
      }
      checkEvidenceOut(flags.out, flags.force);
      const baselineEvidence = flags.baseline === undefined ? undefined : readEvidence(flags.baseline);
      if (!existsSync(flags.cli)) throw new UserError(`${flags.cli}: the CLI is not built (run npm run build)`);
      const all = readdirSync(flags.exportsDir).filter((f) => !f.startsWith('.')).sort();
      const wanted = flags.exports === undefined ? all : flags.exports.split(',').map((s) => s.trim());
      for (const f of wanted) if (!all.includes(f)) throw new UserError(`--exports: "${f}" is not a file of ${flags.exportsDir} (${all.join(', ')})`);
      const rules = listOf(flags.rules, '--rules', STAND_IN_RULES.map((r) => r.name)).map((n) => STAND_IN_RULES.find((r) => r.name === n) as (typeof STAND_IN_RULES)[number]);
      const started = Date.now();
      const git = gitCommit();
      const result = await runRealExportsRoute({
        exports: wanted.map((f) => path.join(flags.exportsDir, f)),
        rules,
        seeds: wholeNumbers(flags.seeds, '--seeds'),
        designs: listOf<RouteDesign>(flags.designs, '--designs', ROUTE_DESIGN_NAMES),
        cli: flags.cli,
        model: flags.model,
        workDir: mkdtempSync(path.join(tmpdir(), 'botshare-real-exports-')),
        ...(flags.keep === undefined ? {} : { keepDir: path.resolve(flags.keep) }),
        onProgress: (line) => process.stderr.write(`${line}\n`),
      });
      const named = new Map(result.exports.map((e) => [e.export, e.namedHashtags]));
      const before =
        flags.baseline === undefined ? undefined : { file: flags.baseline, rows: baselineRows(baselineEvidence, flags.baseline, runKeys(result.runs)) };
      const beforeAggregates = before === undefined ? undefined : routeAggregates(before.rows, named);
      for (const r of rules) {
        const then = (baselineEvidence as { rules?: { name?: unknown; definition?: unknown }[] } | undefined)?.rules?.find((x) => x.name === r.name);
        if (then !== undefined && then.definition !== r.definition) process.stderr.write(`caution: the baseline's stand-in "${r.name}" was defined otherwise: its truth differs\n`);
      }
      process.stdout.write(`${formatAggregates(result.aggregates, beforeAggregates)}\n`);
      process.stderr.write(`${result.rows.length} rows in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      if (flags.out !== undefined) {
        writeEvidence(flags.out, {
          commandLine: commandLine(argv),
          git,
          model: result.model,
          about:
            'The labeled route through the built CLI on real exports: botshare sample → a stand-in labeler fills the first rows of sample.csv → botshare report --labels --quiet --no-png; each row compares summary.json\'s labeled figures (model-assisted "ma", labels-only "lo") with the truth, what the stand-in says of every account of the export (flips included), counted from the raw file. Rows: the all-tweets domain and every labeled hashtag with ≥ 150 tweets, both units. See docs/labeled-sample.md, "Evidence on real exports".',
          rules: rules.map((r) => ({ name: r.name, definition: r.definition, flipRate: r.flipRate, seed: r.seed })),
          designs: result.designs,
          exports: result.exports,
          aggregates: result.aggregates,
          ...(before === undefined ? {} : { baseline: { file: before.file, rows: before.rows.length, aggregates: beforeAggregates } }),
          runs: result.runs,
          rows: result.rows,
        });
      }
    });

  program
    .command('se-candidates')
    .description("Candidate standard errors for the refitted model-assisted share, replayed on labeled-route's kept estimator inputs (--keep DIR --keep-inputs): coverage and width against the shipped rule, λ = 1 and labels alone, and why the shipped intervals miss")
    .requiredOption('--inputs <dirs>', "labeled-route's --keep folders, comma-separated")
    .option('--out <file>', 'write the figures as JSON, with the command that made them')
    .option('--force', 'replace an existing --out file')
    .action((flags: { inputs: string; out?: string; force?: boolean }) => {
      checkEvidenceOut(flags.out, flags.force);
      const dirs = flags.inputs.split(',').map((d) => d.trim()).filter((d) => d !== '');
      const kept = dirs.flatMap((d) => readKeptInputs(d));
      const r = replayKept(kept);
      for (const s of r.summary) {
        process.stdout.write(`${s.unit} ${s.candidate}: ${s.covered}/${s.corpora} covered, mean half-width ${s.meanHalfWidthPoints.toFixed(2)} points, MAE ${s.maePoints.toFixed(2)}, rms z ${s.rmsZ.toFixed(2)}\n`);
      }
      for (const d of r.diagnosis) process.stdout.write(`${d.unit} diagnosis: ${JSON.stringify(d)}\n`);
      process.stdout.write(`shipped misses: ${r.shippedMisses.map((m) => `${m.corpus} ${m.unit}`).join(', ')}\n`);
      if (flags.out !== undefined) writeEvidence(flags.out, { command: commandLine(argv), inputs: flags.inputs, inputsCommands: dirs.map((d) => keptCommand(d)), corpora: kept.length, ...r });
    });

  withCorpusDesign(program
    .command('labeled-route'), { corpora: '20', tweets: '24000', seeds: '4', mix: 'italian-first,uniform' })
    .description('The labeled route end to end on ground-truth corpora: sample, an oracle labels the first rows, report --labels; error and coverage against the planted shares')
    .addOption(new Option('--bot-activity <design>', "bots post as the study's criterion says, or like humans (the export's activity then carries little signal)").choices(['study', 'human-like']).default('study'))
    .option('--drawn <n>', 'accounts drawn per corpus', '150')
    .option('--labeled <n>', 'of which the oracle labels the first', '100')
    .addOption(
      new Option('--scoring-model <which>', "the shipped model, or per corpus a model trained without the labeled set its bots come from (the sets rotate)")
        .choices(['shipped', 'unseen-set'])
        .default('shipped'),
    )
    .option('--model-cache <dir>', 'where the unseen-set models are kept between runs', path.join('out', 'cache', 'lodo-models'))
    .option('--keep <dir>', "keep each corpus's filled sample.csv and truth.json here, to look into a miss")
    .option('--keep-inputs', "with --keep: also each corpus's estimator inputs (inputs.json: predictions, sample, jackknife lines, truth) to replay a variance offline")
    .option('--train-subsample <cell,selection,folds>', "unseen-set models: accounts per set × class, the feature selection's accounts per set × class, and folds (\"card\": the card's own sizes)", '500,300,3')
    .option('--unseen-sets <list>', 'unseen-set: the sets D may be, comma-separated (default: every held-out set with bots)')
    .option('--out <file>', 'write the figures as JSON, with the command that made them')
    .option('--force', 'replace an existing --out file')
    .action(async (flags: LabeledRouteFlags) => {
      checkEvidenceOut(flags.out, flags.force);
      const accounts = await simulationAccounts(flags.model, flags.data);
      const scorer = await loadModelScorer(flags.model, 'out-of-domain');
      const shares = spreadShares(wholeNumber(flags.corpora, '--corpora', 1));
      const tweetsPerCorpus = wholeNumber(flags.tweets, '--tweets', 1);
      const activity = loadActivityModel(DEFAULT_ACTIVITY_MODEL);
      const unseen =
        flags.scoringModel === 'unseen-set'
          ? unseenSetScoring({
              accounts,
              cardFile: path.join(flags.model, 'card.json'),
              dataDir: flags.data,
              cacheDir: flags.modelCache,
              subsample: trainSubsample(flags.trainSubsample),
              botActivity: (flags.botActivity === 'human-like' ? humanLikeBots(activity) : activity).bot.activity,
              windowDays: windowDays(STUDY_WINDOW),
              tweetsPerCorpus,
              shares,
              ...(flags.unseenSets === undefined ? {} : { sets: flags.unseenSets.split(',').map((x) => x.trim()) }),
              onProgress: (m) => process.stderr.write(`\n${m}`),
            })
          : undefined;
      const scorers = new Map<string, Promise<Scorer>>();
      const scorerOf = (dir: string): Promise<Scorer> => {
        const s = scorers.get(dir) ?? loadModelScorer(dir, 'out-of-domain');
        scorers.set(dir, s);
        return s;
      };
      if (flags.keep !== undefined) {
        // What made the kept files, for the harnesses that replay them (se-candidates).
        mkdirSync(flags.keep, { recursive: true });
        writeFileSync(path.join(flags.keep, 'command.json'), `${JSON.stringify({ command: commandLine(argv) })}\n`);
      }
      const runs: { seed: number; mix: Mix; accuracy: MethodAccuracy[]; corpora: LabeledRouteCorpus[] }[] = [];
      for (const mix of listOf<Mix>(flags.mix, '--mix', MIXES)) {
        for (const seed of wholeNumbers(flags.seeds, '--seeds')) {
          const r = await evaluateLabeledRoute({
            accounts,
            activity,
            scorer,
            shares,
            mix,
            tweetsPerCorpus,
            window: STUDY_WINDOW,
            seed,
            botActivity: flags.botActivity,
            drawn: wholeNumber(flags.drawn, '--drawn', 1),
            labeled: wholeNumber(flags.labeled, '--labeled', 1),
            workDir: mkdtempSync(path.join(tmpdir(), 'botshare-labeled-route-')),
            ...(flags.keep === undefined ? {} : { keepDir: flags.keep, keepInputs: flags.keepInputs === true }),
            ...(unseen === undefined
              ? {}
              : {
                  corpusScoring: async (i: number) => {
                    const c = await unseen.corpus(i);
                    return { accounts: c.accounts, scorer: await scorerOf(c.modelDir), unseenSet: c.unseenSet };
                  },
                }),
            onCorpus: (done, total) => process.stderr.write(`\r${mix}, seed ${seed}: corpus ${done}/${total}`),
          });
          process.stderr.write('\n');
          for (const a of r.accuracy) process.stdout.write(`${mix} seed ${seed} ${a.unit} ${a.method}: MAE ${a.maePoints.toFixed(2)} points, ${a.covered}/${a.corpora} covered, mean width ${a.meanWidthPoints.toFixed(1)}\n`);
          runs.push({ seed, mix, ...r });
        }
      }
      if (flags.out !== undefined) {
        const evidence = {
          command: commandLine(argv),
          model: scorer.model,
          scoringModel: flags.scoringModel,
          ...(unseen === undefined
            ? {}
            : {
                unseenSetModels: {
                  about:
                    "Each corpus's bots come from one labeled set D (rotating over the held-out sets whose bots can post the corpus's bot tweets), scored by a model that train.ts's trainModel fitted without D and without any account the shipped card holds out; the shipped card's configuration with familySelection 'none' and the subsample below.",
                  config: unseen.config,
                  models: unseen.models().map((m) => ({ ...m, config: undefined, dir: path.relative(process.cwd(), m.dir) })),
                },
              }),
          botActivity: flags.botActivity,
          drawn: Number(flags.drawn),
          labeled: Number(flags.labeled),
          tweetsPerCorpus,
          runs,
        };
        writeEvidence(flags.out, evidence);
      }
    });
  return program;
}

if (process.argv[1] !== undefined && /experiments[/\\]main\.js$/.test(process.argv[1])) {
  void runProgram(buildExperiments(process.argv), process.argv).then((code) => {
    process.exitCode = code;
  });
}
