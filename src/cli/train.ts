import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../util/errors.js';
import { DEFAULT_LABELED_DIR, DEFAULT_REFERENCE_FOREST } from '../util/paths.js';
import { readReferenceForest } from '../model/reference-forest-results.js';
import { loadPublicCorpus, mergeCorpora, type LabeledCorpus } from '../model/labeled-corpus.js';
import { loadUserCorpus } from '../model/user-labels.js';
import { DEFAULT_CANDIDATES } from '../model/nested-selection.js';
import { DEFAULT_CONFIG } from '../model/model-config.js';
import { trainModel } from '../model/train.js';
import type { FeatureSet } from '../model/training-data.js';
import type { ModelCard } from '../model/card.js';

interface TrainFlags {
  data?: string;
  output: string;
  seed: number;
  labels?: string;
  withPublic?: boolean;
  name?: string;
  features: FeatureSet;
  family: string;
  quiet?: boolean;
  force?: boolean;
}

const HELP = `
Without files: trains on the public labeled sets in --data (default ../shared/datasets/labeled
when it exists beside the working folder, else beside the installed package).
With files and --labels: trains on your own labeled accounts (the exports that hold their
tweets; labels: the labeling page's sample.csv, or a CSV user_id,label), alone or with the
public sets (--with-public). Only bot and human labels train: unsure and unlabeled rows are
skipped and counted. Labels that match no account are reported.

The folder gets model.json + weights.bin (TensorFlow.js layers format), card.json and
card.md: data sets with sha256, held-out accounts, features, hyper-parameters, and the
evaluation (5-fold in domain, leave one data set out, a comparison family, ablation). The
model family that ships is the one the nested leave-one-dataset-out selection picks
(--family names one instead and skips the selection). The same seed reproduces the same
model and figures. Training the default model takes tens of minutes on two cores.

Examples:
  $ botshare train -o models/mine --seed 1
  $ botshare train tweets.jsonl --labels labels.csv -o models/mine
  $ botshare train tweets.jsonl --labels labels/sample.csv -o models/mine
  $ botshare train tweets.jsonl --labels labels.csv --with-public -o models/mine-plus`;

function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('the seed must be an integer');
  return Number(value);
}

/** ../shared/datasets/labeled from the working folder when present, else beside the package. */
export function defaultDataDir(): string {
  const local = path.resolve('..', 'shared', 'datasets', 'labeled');
  return existsSync(local) ? local : DEFAULT_LABELED_DIR;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train and evaluate a model; write it with its model card')
    .argument('[files...]', 'exports holding your labeled accounts’ tweets (with --labels)')
    .option('--data <dir>', 'folder of the public labeled sets')
    .option('-o, --output <dir>', 'model folder to write', path.join('models', 'custom'))
    .option('--seed <n>', 'seed of every random choice', parseSeed, 1)
    .option('--labels <file>', 'your labels: sample.csv from the labeling page, or CSV user_id,label')
    .option('--with-public', 'train on your labels and the public sets together')
    .option('--name <name>', 'model name written in the card (default: the folder name)')
    .addOption(
      new Option('--features <set>', 'the features the model sees (the other set is measured as the ablation)')
        .choices(['account', 'account+timing'])
        .default(DEFAULT_CONFIG.features),
    )
    .addOption(
      new Option('--family <name>', 'the model family to ship: "nested" (the nested selection’s pick) or a candidate\'s name, shipped without the selection')
        .choices(['nested', ...DEFAULT_CANDIDATES.map((c) => c.name)])
        .default('nested'),
    )
    .option('--quiet', 'no progress on stderr')
    .option('--force', 'replace a model already in the output folder')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: TrainFlags) => {
      if (files.length > 0 && flags.labels === undefined) throw new UserError('files to train on need --labels labels.csv');
      if (files.length === 0 && flags.labels !== undefined) throw new UserError('--labels needs the export files that hold the labeled accounts’ tweets');
      if (flags.withPublic && flags.labels === undefined) throw new UserError('--with-public adds the public sets to your labels: give files and --labels');
      const say = (message: string): void => {
        if (!flags.quiet) process.stderr.write(`${message}\n`);
      };
      const started = Date.now();
      const stamp = (m: string): void => say(`[${Math.round((Date.now() - started) / 1000)} s] ${m}`);
      let corpus: LabeledCorpus;
      if (flags.labels !== undefined) {
        const user = await loadUserCorpus(files, flags.labels);
        const { unsure, unlabeled } = user.skipped;
        say(`${user.accounts.length} labeled account(s) found in the exports${unsure + unlabeled > 0 ? `; ${unsure} unsure and ${unlabeled} unlabeled row(s) of ${flags.labels} skipped` : ''}`);
        if (user.unmatchedIds.length > 0) {
          say(
            `${user.unmatchedIds.length} label(s) in ${flags.labels} match no account in the exports: ${user.unmatchedIds.slice(0, 10).join(', ')}${user.unmatchedIds.length > 10 ? ', …' : ''} (listed in card.json, labels.unmatchedIds)`,
          );
        }
        corpus = flags.withPublic ? mergeCorpora(await loadPublicCorpus(flags.data ?? defaultDataDir(), stamp), user) : user;
      } else {
        const dataDir = flags.data ?? defaultDataDir();
        if (!existsSync(dataDir)) throw new UserError(`no labeled data in ${dataDir}; pass --data DIR (the folder holding cresci-2017/, cresci-2015/, bot-repository/)`);
        corpus = await loadPublicCorpus(dataDir, stamp);
      }
      const card = await trainModel({
        corpus,
        seed: flags.seed,
        outDir: flags.output,
        name: flags.name,
        force: flags.force,
        config: { features: flags.features, ...(flags.family === 'nested' ? {} : { classifier: flags.family, familySelection: 'none' as const }) },
        ...(existsSync(DEFAULT_REFERENCE_FOREST) ? { reference: readReferenceForest(DEFAULT_REFERENCE_FOREST, 'models/reference-forest.json') } : {}),
        onProgress: flags.quiet ? undefined : stamp,
      });
      say(summary(card, flags.output));
    });
}

function summary(card: ModelCard, dir: string): string {
  const f = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
  const e = card.evaluation;
  return [
    `model written to ${dir} (${card.trainingSeconds.toFixed(0)} s)`,
    `  5-fold in-domain AUC ${f(e.inDomain5Fold.pooled.auc)}; leave-one-dataset-out mean AUC ${f(e.leaveOneDatasetOut.meanAuc)}` +
      ` (${e.comparison.name} ${f(e.comparison.leaveOneDatasetOut.meanAuc)})`,
    `  out of domain at threshold ${card.threshold}: TPR ${f(card.rates.tpr)}, FPR ${f(card.rates.fpr)}`,
    ...(e.nestedSelection
      ? [
          `  nested selection: outer LODO mean ${f(e.nestedSelection.procedure.mean)}${e.reference ? ` (forest ${f(e.reference.mean)})` : ''}; picks ${e.nestedSelection.chosen}, shipped ${e.nestedSelection.shipped}`,
        ]
      : []),
    `  details: ${path.join(dir, 'card.md')}`,
  ].join('\n');
}
