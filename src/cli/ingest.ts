import { type Command, Option } from 'commander';
import { FORMAT_DESCRIPTIONS, FORMAT_NAMES, type FormatName } from '../ingest/index.js';
import { ingestToFiles } from '../ingest/write.js';
import { ingestInParallel } from '../pipeline/workers/ingest-parallel.js';
import { wholeNumber } from '../util/options.js';
import { createProgress } from '../util/progress.js';
import { interruptible } from './interrupt.js';
import { sinceOption, untilOption, windowOf, WINDOW_HELP } from './window-option.js';
import { chunkBytesOf, chunkSizeOption, onThreads, workersOption } from './workers-option.js';

interface IngestFlags {
  since?: string;
  until?: string;
  output?: string;
  rejects?: string;
  summary?: string;
  format: FormatName | 'auto';
  strict?: boolean;
  quiet?: boolean;
  force?: boolean;
  workers: string;
  chunkSize?: string;
}

const HELP = `
Formats (detected from the content, not the file name; .gz is read transparently):
${FORMAT_NAMES.map((f) => `  ${f.padEnd(10)} ${FORMAT_DESCRIPTIONS[f]}`).join('\n')}

cresci: give the tweets.csv; its users.csv is found beside it (users.csv, or the
tweets file's name with "tweets" replaced by "users"), or pass both files.

Several files are read as one collection: a tweet id seen twice is kept once.
Unreadable records are skipped and listed with --rejects (file,line,reason,raw);
for every file, read = accepted + rejected + duplicates (+ outside_window with a window).
Exit codes: 0 done, 2 bad usage or input (or any reject with --strict), 1 internal error.

${WINDOW_HELP}

Examples:
  $ botshare ingest tweets.jsonl.gz -o tweets.ndjson
  $ botshare ingest day1.csv day2.csv --summary summary.json --rejects rejects.csv
  $ botshare ingest export.csv --format tcat --strict -o - | head
  $ botshare ingest cresci/tweets.csv -o cresci.ndjson
  $ botshare ingest big.jsonl --workers 2 -o tweets.ndjson --rejects rejects.csv`;

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('Read tweet exports into canonical records (NDJSON), with counts and rejects')
    .argument('<files...>', 'export files (any supported format, gzip or not)')
    .option('-o, --output <file>', 'write canonical NDJSON, one tweet a line ("-" for stdout)')
    .option('--rejects <file>', 'write unreadable records to this CSV (file,line,reason,raw)')
    .option('--summary <file>', 'write JSON counts per file and per hashtag')
    .addOption(new Option('--format <name>', 'read every file as this format').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--strict', 'stop with exit code 2 at the first unreadable record')
    .option('--quiet', 'no progress bar and no closing report on stderr')
    .option('--force', 'replace output files that already exist')
    .addOption(workersOption('read chunks of the input'))
    .addOption(chunkSizeOption())
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: IngestFlags) => {
      const progress = createProgress({ label: 'ingest', unit: 'bytes', quiet: flags.quiet });
      await interruptible(async (signal) => {
        let result: Awaited<ReturnType<typeof ingestToFiles>>;
        let threads = 1;
        let oneThread: string | undefined;
        const workers = wholeNumber(flags.workers, '--workers', 1);
        const chunkBytes = chunkBytesOf(flags);
        const window = windowOf(flags);
        const options = {
          output: flags.output,
          rejects: flags.rejects,
          summary: flags.summary,
          format: flags.format === 'auto' ? undefined : flags.format,
          strict: flags.strict,
          force: flags.force,
          window,
          signal,
        };
        try {
          const parallel = await ingestInParallel(files, {
            ...options,
            workers,
            chunkBytes,
            onBytes: (done, total) => progress.update(done, total, `${workers} workers`),
            onOneThread: (reason) => (oneThread = reason),
          });
          threads = parallel === null ? 1 : parallel.threads;
          result =
            parallel ??
            (await ingestToFiles(files, {
              ...options,
              onProgress: (p) =>
                progress.update(p.allBytesRead, p.allBytesTotal, `${p.accepted.toLocaleString('en-US')} tweets  file ${p.fileIndex + 1}/${p.fileCount}`),
            }));
        } finally {
          progress.done();
        }
        if (!flags.quiet) report(result, flags, onThreads(threads, workers, oneThread));
      });
    });
}

function report(result: Awaited<ReturnType<typeof ingestToFiles>>, flags: IngestFlags, threads: string): void {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines: string[] = [];
  for (const f of result.summary.files) {
    lines.push(
      `${f.path} (${f.format}): ${n(f.read)} read, ${n(f.accepted)} accepted, ${n(f.rejected)} rejected, ${n(f.duplicates)} duplicate${f.duplicates === 1 ? '' : 's'}` +
        (f.outside_window === undefined ? '' : `, ${n(f.outside_window)} outside the window`),
    );
    if (f.companion && f.companion.rejected > 0) lines.push(`  ${f.companion.path}: ${n(f.companion.rejected)} account rows rejected`);
  }
  if (result.summary.window !== undefined) lines.push(`window ${result.summary.window.label}`);
  lines.push(`${n(result.summary.totals.accepted)} tweets from ${n(result.summary.totals.accounts)} accounts${threads === '' ? '' : ` (read ${threads})`}`);
  if (result.rejectCount > 0) {
    if (flags.rejects) lines.push(`${n(result.rejectCount)} unreadable records listed in ${flags.rejects}`);
    else {
      lines.push(`${n(result.rejectCount)} unreadable records, for example:`);
      for (const r of result.firstRejects) lines.push(`  ${r.file}:${r.line}: ${r.reason}`);
      lines.push('  (list them all with --rejects FILE)');
    }
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}
