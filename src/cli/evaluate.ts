import type { Command } from 'commander';
import { DEFAULT_MODEL_DIR } from '../util/paths.js';
import { loadModel } from '../model/scorer.js';
import { evaluateOnLabels } from '../model/evaluate-labels.js';
import { toJson } from '../model/card.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { VERSION } from '../version.js';

interface EvaluateFlags {
  labels: string;
  model: string;
  output?: string;
  quiet?: boolean;
  force?: boolean;
}

const HELP = `
Scores the exports like "botshare score" and compares with your labels (the labeling page's
sample.csv, or a CSV with a header user_id,label; bot and human are used, unsure and
unlabeled rows skipped and counted). Metrics per account (score = mean of its tweets'
scores) and per tweet: AUC, F1, precision, recall, Brier score, expected calibration
error, at the model's threshold. Labels that match no account are counted and listed.

Examples:
  $ botshare evaluate tweets.jsonl --labels labels.csv
  $ botshare evaluate export.csv --labels labels.csv --model models/mine -o metrics.json`;

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Measure a model against your own labels (JSON out)')
    .argument('<files...>', 'export files holding the labeled accounts’ tweets')
    .requiredOption('--labels <file>', 'sample.csv from the labeling page, or CSV user_id,label')
    .option('--model <dir>', 'model folder', DEFAULT_MODEL_DIR)
    .option('-o, --output <file>', 'write the metrics JSON here (default: stdout)')
    .option('--quiet', 'no notes on stderr')
    .option('--force', 'replace the output file if it exists')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: EvaluateFlags) => {
      const model = await loadModel(flags.model);
      try {
        const result = await evaluateOnLabels(model, files, flags.labels, { version: VERSION });
        const json = toJson(result) + '\n';
        if (flags.output) await writeFileAtomic(flags.output, json, { force: flags.force });
        else process.stdout.write(json);
        const { unsure, unlabeled } = result.labels.skipped;
        if (!flags.quiet && unsure + unlabeled > 0) process.stderr.write(`${flags.labels}: ${unsure} unsure and ${unlabeled} unlabeled row(s) skipped\n`);
        if (!flags.quiet && result.labels.unmatched > 0) {
          const shown = result.labels.unmatchedIds.slice(0, 10).join(', ');
          process.stderr.write(
            `${result.labels.unmatched} of ${result.labels.labeled} labels match no account in the exports: ${shown}${result.labels.unmatched > 10 ? ', …' : ''} (all listed in the JSON, labels.unmatchedIds)\n`,
          );
        }
      } finally {
        model.dispose();
      }
    });
}
