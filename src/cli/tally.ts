import { type Command, Option } from 'commander';
import { FORMAT_NAMES, type FormatName } from '../ingest/index.js';
import { DEFAULT_MODEL_DIR } from '../util/paths.js';
import { RATES_DOMAINS, type RatesDomain } from '../model/card-rates.js';
import { loadModelScorer } from '../pipeline/load-scorer.js';
import { parsePartition } from '../pipeline/partition.js';
import { tallyFromFiles } from '../pipeline/tally-pass.js';
import { writeTallyFile } from '../pipeline/tally-file.js';
import { assertWritable } from '../util/atomic-write.js';
import { createProgress } from '../util/progress.js';
import { interruptible } from './interrupt.js';
import { sinceOption, untilOption, windowOf, WINDOW_HELP } from './window-option.js';
import { parseHashtagList } from './report.js';
import { windowLabel } from '../util/window.js';

interface TallyFlags {
  since?: string;
  until?: string;
  output: string;
  model: string;
  hashtags?: string;
  rates: RatesDomain;
  format: FormatName | 'auto';
  partition?: string;
  force?: boolean;
  quiet?: boolean;
}

const HELP = `
Reads and scores one shard of a collection and writes its tally: per account and hashtag
the counts and score sums that the estimates, the bootstrap, the daily series, the top
accounts and the activity rule need (a gzip'd NDJSON file, format in docs/scaling.md).
\`botshare report --tallies\` merges the shards' tallies into the same report, byte for
byte, as one \`report\` over all the files.

Shards must not share tweets: duplicates are removed within a shard only. For overlapping
collections, give every shard all the files and --partition K/N: shard K keeps the tweets
whose id hashes to K (FNV-1a 32-bit of the id, mod N), so every copy of a tweet lands in
the same shard; unreadable records go to shard ((line - 1) mod N) + 1.

Give tally the --model, --rates, --hashtags, --since and --until that report will be given
(tallies of different windows do not merge).
Exit codes: 0 done, 2 bad usage or input, 1 internal error, 130 interrupted.

${WINDOW_HELP}

Examples:
  $ botshare tally day1.jsonl.gz day2.jsonl.gz -o part-1.tally
  $ botshare tally archive/*.jsonl.gz --partition 3/8 -o part-3.tally
  $ botshare report --tallies part-*.tally -o out/report`;

export function registerTally(program: Command): void {
  program
    .command('tally')
    .description('Score one shard of the input and write its tally, for report --tallies')
    .argument('<files...>', 'export files of this shard (any supported format, gzip or not)')
    .requiredOption('-o, --output <file>', 'tally file to write (gzip NDJSON, e.g. part-1.tally)')
    .option('--model <dir>', 'model folder (model.json, weights.bin, card.json)', DEFAULT_MODEL_DIR)
    .option('--hashtags <list>', 'track only these hashtags, comma-separated (default: all)')
    .addOption(new Option('--rates <domain>', "the model card's rates whose threshold counts a score as bot (as report will be given)").choices([...RATES_DOMAINS]).default('out-of-domain'))
    .addOption(new Option('--format <name>', 'read every file as this format').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--partition <K/N>', 'keep only the tweets whose id hashes to shard K of N (every shard reads all files)')
    .option('--force', 'replace the tally file if it exists')
    .option('--quiet', 'no progress and no closing line on stderr')
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: TallyFlags) => {
      const hashtags = flags.hashtags === undefined ? undefined : parseHashtagList(flags.hashtags);
      const partition = flags.partition === undefined ? undefined : parsePartition(flags.partition);
      const window = windowOf(flags);
      await assertWritable(flags.output, { force: flags.force });
      const scorer = await loadModelScorer(flags.model, flags.rates);
      const progress = createProgress({ label: 'tally', unit: 'items', quiet: flags.quiet });
      await interruptible(async (signal) => {
        let tally: Awaited<ReturnType<typeof tallyFromFiles>>;
        try {
          tally = await tallyFromFiles(files, scorer, {
            format: flags.format === 'auto' ? undefined : flags.format,
            hashtags,
            partition,
            window,
            signal,
            onProgress: (n, pass) => progress.update(n, undefined, pass === 1 ? 'tweets read' : 'tweets scored'),
          });
        } finally {
          progress.done();
        }
        await writeTallyFile(flags.output, tally, { force: flags.force });
        if (flags.quiet) return;
        const h = tally.header;
        process.stderr.write(
          `${h.tweets.toLocaleString('en-US')} tweets from ${h.accounts.toLocaleString('en-US')} accounts` +
            `${partition === undefined ? '' : ` (partition ${partition.index + 1}/${partition.count})`}` +
            `${window === undefined ? '' : `, window ${windowLabel(window)}`}, ` +
            `${h.rejects.toLocaleString('en-US')} unreadable records; wrote ${flags.output}\n`,
        );
      }, 'interrupted; no tally was written');
    });
}
