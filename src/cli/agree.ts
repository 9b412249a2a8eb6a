import type { Command } from 'commander';
import { agreeFiles, agreementText } from '../pipeline/merge-labelers.js';

interface AgreeFlags {
  output: string;
  adjudicate?: string;
  force?: boolean;
  quiet?: boolean;
}

const HELP = `
Compares the labels several people gave the same drawn sample (each one's sample.csv exported
from label.html) and merges them. Prints the accounts labeled by all, the percent agreement and
kappa (Cohen's for two files, Fleiss' for more) over the accounts every file labeled bot or
human, and the conflicts (rank, account, each file's label). Writes the merged sample.csv:
agreed labels kept, conflicts (bot against human, or a label against unsure) as unsure, so
that "report --labels" bounds them, unless --adjudicate FILE (a sample.csv or a user_id,label
CSV) labels them. The agreement goes beside it (merged.agreement.json), and "report --labels
merged.csv" shows it. Files from different draws are refused, naming the lines.

Examples:
  $ botshare agree ann/sample.csv bob/sample.csv -o labels/merged.csv
  $ botshare agree ann.csv bob.csv cleo.csv -o labels/merged.csv --adjudicate labels/settled.csv --force
  $ botshare report tweets.jsonl --labels labels/merged.csv -o out`;

export function registerAgree(program: Command): void {
  program
    .command('agree')
    .description('Measure labelers’ agreement (kappa) on one sample and merge their labels')
    .argument('<files...>', 'two or more sample.csv files of the same draw, one per labeler')
    .requiredOption('-o, --output <file>', 'merged sample.csv to write (its agreement goes beside it)')
    .option('--adjudicate <file>', 'labels that settle the conflicts (sample.csv or user_id,label)')
    .option('--force', 'replace the merged file and its agreement if they exist')
    .option('--quiet', 'print nothing')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: AgreeFlags) => {
      const result = await agreeFiles(files, flags.output, { adjudicate: flags.adjudicate, force: flags.force });
      if (flags.quiet) return;
      process.stdout.write(`${[...agreementText(result.agreement), `written: ${result.output}, ${result.agreementFile}`].join('\n')}\n`);
    });
}
