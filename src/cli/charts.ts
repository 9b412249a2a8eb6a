import type { Command } from 'commander';
import { readSummaryFile } from '../report/read-summary.js';
import { writeCharts } from '../report/write-charts.js';
import { wholeNumber } from '../util/options.js';
import { REPLICATION_CHART, replicationChartOf } from '../replicate/replication-chart.js';
import type { Summary } from '../report/summary.js';
import { parseHashtagList } from './report.js';

interface ChartsFlags {
  output: string;
  hashtags?: string;
  width?: string;
  title?: string;
  png: boolean;
  force?: boolean;
  quiet?: boolean;
}

const HELP = `
Draws the report's charts again from its summary.json, without reading the export: to narrow
a figure to some hashtags, give it a title or size it for a page. The charts are the report's
(same builders, same data); those the summary has nothing for are skipped with a message.

Writes DIR/<chart>.vl.json (Vega-Lite), DIR/<chart>.svg and DIR/<chart>.png. --width sets
the PNG's width in pixels and the SVG's displayed width (text scales with the chart).
Exit codes: 0 done, 2 bad usage or input (not a botshare summary, an unknown hashtag, a file
that exists without --force), 1 internal error.

Examples:
  $ botshare charts out/report/summary.json -o out/figures
  $ botshare charts out/report/summary.json --hashtags graziecina,forzacinaeitalia --width 1600 --title "Bot share, 11–23 March 2020" -o out/figure-1`;

export function registerCharts(program: Command): void {
  program
    .command('charts')
    .description("Draw the report's charts again from a summary.json (no export read): pick hashtags, set a title and a width")
    .argument('<summary>', 'a summary.json written by botshare report (or replicate)')
    .requiredOption('-o, --output <dir>', 'folder for the charts')
    .option('--hashtags <list>', 'draw only these hashtags of the summary, in this order (comma-separated, case-insensitive)')
    .option('--width <px>', 'width of every chart in pixels (PNG pixels; the SVG is shown at this width)')
    .option('--title <text>', "replace every chart's title (its subtitle, naming the method, stays)")
    .option('--no-png', 'skip the PNG charts')
    .option('--force', 'replace charts that already exist in the folder')
    .option('--quiet', 'no closing report on stderr')
    .addHelpText('after', HELP)
    .action(async (file: string, flags: ChartsFlags) => {
      const hashtags = flags.hashtags === undefined ? undefined : parseHashtagList(flags.hashtags);
      const width = flags.width === undefined ? undefined : wholeNumber(flags.width, '--width', 100);
      const summary = await readSummaryFile(file);
      const replication = { name: REPLICATION_CHART.name, build: (s: Summary) => replicationChartOf(s, file) };
      const result = await writeCharts(summary, flags.output, { hashtags, width, title: flags.title, png: flags.png, force: flags.force, source: file, extraCharts: [replication] });
      if (flags.quiet) return;
      const lines = result.skipped.map((s) => `skipped ${s.name}: ${s.reason}`);
      lines.push(`wrote ${result.written.length} files to ${flags.output}`);
      process.stderr.write(`${lines.join('\n')}\n`);
    });
}
